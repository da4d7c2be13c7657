"""Books built by hand, as plain data: no database, no Django."""

from datetime import UTC, datetime

from ficshelf.books import Book, BookChapter, BookWork, IdRegistry, parse_fragment

SITE = "https://archive.example.org"


def _work(
    ids: IdRegistry, index: int, title: str, chapters: list[tuple[str, str]], part: int | None
) -> BookWork:
    prefix = f"w{index}"
    preface, afterword = f"{prefix}-preface.xhtml", f"{prefix}-afterword.xhtml"
    ids.reserve(f"fs-{prefix}", preface)
    ids.current = preface
    summary = parse_fragment("<p>A summary with <em>emphasis</em>.</p>", ids)
    book_chapters = []
    for number, (heading, body) in enumerate(chapters, start=1):
        document, anchor = f"{prefix}-c{number:03d}.xhtml", f"fs-{prefix}-c{number}"
        ids.reserve(anchor, document)
        ids.current = document
        book_chapters.append(
            BookChapter(
                anchor=anchor,
                document=document,
                heading=heading,
                url=f"{SITE}/works/{index}/chapters/{number}",
                summary=parse_fragment("", ids),
                notes=parse_fragment("<p>Chapter notes.</p>" if number == 1 else "", ids),
                body=parse_fragment(body, ids),
                end_notes=parse_fragment("", ids),
            )
        )
    ids.current = afterword
    return BookWork(
        pk=index,
        title=title,
        url=f"{SITE}/works/{index}",
        creators=["alice"],
        language="en",
        language_name="English",
        tags=[("Fandom", [("Sherlock Holmes", f"{SITE}/tags/Sherlock%20Holmes/works")])],
        series=[],
        stats=[("Words", "1,234"), ("Chapters", f"{len(chapters)}/{len(chapters)}")],
        summary=summary,
        notes=parse_fragment("", ids),
        end_notes=parse_fragment("<p>Thanks for reading!</p>", ids),
        chapters=book_chapters,
        anchor=f"fs-{prefix}",
        preface_document=preface,
        afterword_document=afterword,
        words=1234,
        part=part,
    )


CHAPTERS = [
    (
        "Chapter 1: Notes & Numbers",
        '<p>She said it twice.<sup><a href="#fn1">1</a></sup> #1 *stars* [brackets]</p>'
        "<ul><li>one</li><li>two</li></ul><table><tr><th>Station</th><th>Time</th></tr>"
        "<tr><td>Paddington</td><td>9:40</td></tr></table>",
    ),
    (
        "Chapter 2: Odd <HTML> & more",
        '<blockquote><p>Quoted.</p></blockquote><hr><p id="fn1">1. The footnote.</p>'
        '<p><a href="https://example.org/a b">a link</a></p>',
    ),
]


def work_book(title: str = "Footnotes, Tables & Maps", language: str = "en") -> Book:
    ids = IdRegistry()
    work = _work(ids, 1, title, CHAPTERS, None)
    work.language = language
    moment = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    return Book(
        kind="work",
        pk=1,
        title=title,
        url=work.url,
        identifier="urn:uuid:00000000-0000-0000-0000-000000000001",
        creators=work.creators,
        language=language,
        description="A summary with emphasis.",
        subjects=["Sherlock Holmes"],
        published=moment,
        modified=moment,
        works=[work],
        ids=ids,
        collection=("The Whole Saga", 2),
        site_name="Ficshelf",
        site_url=SITE,
    )


def series_book() -> Book:
    ids = IdRegistry()
    ids.reserve("fs-series", "series.xhtml")
    ids.current = "series.xhtml"
    summary = parse_fragment("<p>Every part, in order.</p>", ids)
    works = [
        _work(ids, 1, "First Light", [("Chapter 1", "<p>One.</p>"), ("Chapter 2", "<p>Two.</p>")], 1),
        _work(ids, 2, "Second Wind", [("Chapter 1", "<p>Three.</p>")], 2),
    ]
    moment = datetime(2024, 5, 6, tzinfo=UTC)
    return Book(
        kind="series",
        pk=7,
        title="The Whole Saga",
        url=f"{SITE}/series/7",
        identifier="urn:uuid:00000000-0000-0000-0000-000000000007",
        creators=["alice"],
        language="en",
        description="Every part, in order.",
        subjects=["Sherlock Holmes"],
        published=moment,
        modified=moment,
        works=works,
        ids=ids,
        series_summary=summary,
        site_name="Ficshelf",
        site_url=SITE,
    )
