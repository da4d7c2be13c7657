"""PDF through Typst: the book is written as Typst markup and compiled in-process.

Chosen by measurement (docs/benchmarks.md, "Downloads"): on the same 500k-word
work Typst was several times faster than WeasyPrint 70, which misses the 15 s
target. Typst embeds subsets of its fonts, numbers pages, turns headings into PDF
bookmarks and a table of contents. Text falls back per glyph to any installed font,
so CJK needs `fonts-noto-cjk` on the server (README).
"""

from __future__ import annotations

import re
from pathlib import Path

from ficshelf.books.book import Book, BookWork
from ficshelf.books.escape import checked_url
from ficshelf.books.fragment import Element, Fragment, Node
from ficshelf.text import BLOCK_TAGS

PAPERS = {"a5": "a5", "letter": "us-letter"}
TAGGED_PDF_MAX_WORDS = 150_000
FONTS = (
    "Libertinus Serif",  # built into Typst
    "DejaVu Serif",
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Noto Naskh Arabic",
    "DejaVu Sans",
    "Noto Color Emoji",
)
# Every character with a meaning in Typst markup is escaped; quotes are left alone
# so Typst sets them as typographic quotes.
_ESCAPE = str.maketrans({ch: "\\" + ch for ch in "\\#*_`$<>@[]~=-+/"})
# "1. " where a line may start would be a numbered list; escaping every full stop
# would double the markup Typst has to parse, so only leading numbers are escaped.
_LEADING_NUMBER = re.compile(r"^(\s*\d+)\.")
_SPACE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def text(value: str) -> str:
    value = value.translate(_SPACE).translate(_ESCAPE)
    return _LEADING_NUMBER.sub(r"\1\\.", value) if value[:1].isdigit() or value[:1] == " " else value


def string(value: str) -> str:
    """A Typst string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').translate(_SPACE) + '"'


class _Writer:
    def __init__(self, book: Book):
        self.book = book
        self.out: list[str] = []

    # Story HTML --------------------------------------------------------------
    def label(self, node: Element) -> str:
        ident = node.attrs.get("id")
        return f"#metadata(none)<{ident}>" if ident else ""

    def inline(self, nodes: list[Node], pre: bool = False) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                if pre:  # keep the author's spacing and line breaks
                    lines = (line.translate(_ESCAPE).replace(" ", "~") for line in node.split("\n"))
                    out.append("#linebreak();".join(lines))
                else:
                    out.append(text(node))
                continue
            out.append(self.label(node))
            tag, inner = node.tag, node.children
            if tag == "br":
                out.append("#linebreak();")
            elif tag in ("em", "i", "cite"):
                out.append(f"#emph[{self.inline(inner, pre)}];")
            elif tag in ("strong", "b"):
                out.append(f"#strong[{self.inline(inner, pre)}];")
            elif tag in ("u", "ins"):
                out.append(f"#underline[{self.inline(inner, pre)}];")
            elif tag in ("s", "del"):
                out.append(f"#strike[{self.inline(inner, pre)}];")
            elif tag == "sub":
                out.append(f"#sub[{self.inline(inner, pre)}];")
            elif tag == "sup":
                out.append(f"#super[{self.inline(inner, pre)}];")
            elif tag == "small":
                out.append(f"#text(size: 0.85em)[{self.inline(inner, pre)}];")
            elif tag == "code":
                out.append(f'#text(font: "DejaVu Sans Mono", size: 0.9em)[{self.inline(inner, pre)}];')
            elif tag == "q":
                out.append(f"“{self.inline(inner, pre)}”")
            elif tag == "rt":
                out.append(f"({self.inline(inner, pre)})")
            elif tag == "a":
                out.append(self.link(node, pre))
            elif "big" in node.attrs.get("class", "").split():
                out.append(f"#text(size: 1.15em)[{self.inline(inner, pre)}];")
            else:
                out.append(self.inline(inner, pre))
        return "".join(out)

    def link(self, node: Element, pre: bool) -> str:
        inner = self.inline(node.children, pre)
        href = node.attrs.get("href", "")
        if href.startswith("#"):
            target = href[1:]
            if target in self.book.ids.documents:
                return f"#link(<{target}>)[{inner}];"
            return inner
        url = checked_url(href)
        return f"#link({string(url)})[{inner}];" if url else inner

    def blocks(self, nodes: list[Node]) -> str:
        out: list[str] = []
        run: list[Node] = []

        def flush() -> None:
            if run:
                line = self.inline(run).strip()
                if line:
                    out.append(line + "\n\n")
                run.clear()

        for node in nodes:
            if isinstance(node, str) or node.tag not in BLOCK_TAGS:
                run.append(node)
                continue
            flush()
            out.append(self.block(node))
        flush()
        return "".join(out)

    def block(self, node: Element) -> str:
        tag, inner = node.tag, node.children
        label = self.label(node) if tag != "table" else ""
        classes = node.attrs.get("class", "").split()
        centred = "center" in classes or "align-center" in classes
        if tag == "p":
            body = self.inline(inner).strip()
            body = f"#align(center)[{body}]" if centred and body else body
            return f"{label}{body}\n\n"
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            size = {"h1": 1.3, "h2": 1.2, "h3": 1.1}.get(tag, 1.0)
            return f'{label}#block(above: 1.2em, below: 0.8em, text(weight: "bold", size: {size}em)[{self.inline(inner)}])\n\n'
        if tag == "pre":
            mono = '#set text(font: "DejaVu Sans Mono", size: 0.85em)'
            return f"{label}#block[{mono}\n{self.inline(inner, pre=True)}]\n\n"
        if tag == "hr":
            return f"{label}#align(center, line(length: 30%, stroke: 0.5pt))\n\n"
        if tag == "blockquote":
            return f"{label}#pad(left: 1.5em, right: 1em)[{self.blocks(inner)}]\n\n"
        if tag in ("ul", "ol"):
            items = ", ".join(
                f"[{self.label(item)}{self.blocks(item.children).strip()}]"
                for item in inner
                if isinstance(item, Element)
            )
            if tag == "ul":
                return f"{label}#list({items})\n\n" if items else label
            raw_start = node.attrs.get("start", "1")
            numbering = {"a": "a.", "A": "A.", "i": "i.", "I": "I."}.get(node.attrs.get("type", ""), "1.")
            start = max(int(raw_start), 0) if raw_start.lstrip("-").isdigit() else 1
            return f'{label}#enum(start: {start}, numbering: "{numbering}", {items})\n\n' if items else label
        if tag == "dl":
            out = [label]
            for item in inner:
                if not isinstance(item, Element):
                    continue
                if item.tag == "dt":
                    out.append(f"{self.label(item)}#strong[{self.inline(item.children)}]\n\n")
                else:
                    out.append(f"{self.label(item)}#pad(left: 1.5em)[{self.blocks(item.children)}]\n\n")
            return "".join(out)
        if tag == "table":
            return self.table(node)
        body = self.blocks(inner)
        return f"{label}#align(center)[{body}]\n\n" if centred else f"{label}{body}"

    def table(self, node: Element) -> str:
        labels = [self.label(node)]
        caption = ""
        header: list[str] = []
        rows: list[list[Element]] = []
        head_rows: list[list[Element]] = []
        for section in node.children:
            if not isinstance(section, Element):
                continue
            labels.append(self.label(section))
            if section.tag == "caption":
                caption = f"#emph[{self.inline(section.children)}];\n\n"
            elif section.tag == "colgroup":
                labels.extend(self.label(c) for c in section.children if isinstance(c, Element))
            else:
                for row in section.children:
                    if isinstance(row, Element):
                        labels.append(self.label(row))
                        row_cells = [c for c in row.children if isinstance(c, Element)]
                        (head_rows if section.tag == "thead" else rows).append(row_cells)
        all_rows = head_rows + rows
        if not all_rows:
            return "".join(labels) + caption
        columns = max(sum(int(c.attrs.get("colspan", "1")) for c in r) for r in all_rows) or 1

        def cell(element: Element) -> str:
            body = self.label(element) + self.blocks(element.children).strip()
            colspan = min(int(element.attrs.get("colspan", "1")), columns)
            rowspan = int(element.attrs.get("rowspan", "1")) or 1
            if element.tag == "th":
                body = f"#strong[{body}]"
            if colspan > 1 or rowspan > 1:
                return f"table.cell(colspan: {colspan}, rowspan: {min(rowspan, 1000)})[{body}]"
            return f"[{body}]"

        if head_rows:
            header.append("table.header(" + ", ".join(cell(c) for r in head_rows for c in r) + "), ")
        cells = ", ".join(cell(c) for r in rows for c in r)
        return (
            "".join(labels)
            + caption
            + f"#table(columns: {columns}, stroke: 0.5pt, inset: 4pt, {''.join(header)}{cells})\n\n"
        )

    # The book ----------------------------------------------------------------
    def section(self, label: str, fragment: Fragment) -> None:
        if fragment:
            self.out.append(f"#strong[{text(label)}]\n\n#pad(left: 1.2em)[{self.blocks(fragment.nodes)}]\n\n")

    def heading(self, level: int, title: str, anchor: str, outlined: bool = True) -> None:
        flag = "" if outlined else ", outlined: false"
        self.out.append(f"#heading(level: {level}{flag})[{text(title)}]<{anchor}>\n\n")

    def work(self, work: BookWork, level: int) -> None:
        book = self.book
        self.out.append("#pagebreak(weak: true)\n")
        self.out.append(
            f"#text(size: 0.85em)[#strong[{text(book.site_name)}] at #link({string(work.url)})]\n\n"
        )
        meta = []
        for label, tags in work.tags:
            names = ", ".join(f"#link({string(url)})[{text(name)}]" for name, url in tags)
            meta.append(f"[#strong[{text(label)}:]], [{names}]")
        meta.append(f"[#strong[Language:]], [{text(work.language_name)}]")
        for title, part, url in work.series:
            meta.append(f"[#strong[Series:]], [Part {part} of #link({string(url)})[{text(title)}]]")
        stats = " ".join(f"{label}: {value}" for label, value in work.stats)
        meta.append(f"[#strong[Stats:]], [{text(stats)}]")
        self.out.append(
            "#text(size: 0.85em)[#grid(columns: (auto, 1fr), column-gutter: 0.6em, row-gutter: 0.5em, "
            + ", ".join(meta)
            + ")]\n\n#v(1.5em)\n"
        )
        self.heading(level, work.heading, work.anchor)
        self.out.append(f"#emph[by {text(', '.join(work.creators))}]\n\n")
        self.section("Summary", work.summary)
        self.section("Notes", work.notes)
        for chapter in work.chapters:
            self.out.append("#pagebreak(weak: true)\n")
            self.heading(level + 1, chapter.heading, chapter.anchor)
            self.section("Chapter Summary", chapter.summary)
            self.section("Chapter Notes", chapter.notes)
            self.out.append(self.blocks(chapter.body.nodes))
            self.section("Chapter End Notes", chapter.end_notes)
        self.out.append("#v(2em)\n")
        self.section("End Notes", work.end_notes)
        self.out.append(
            f"Please #link({string(work.url)})[drop by the archive and comment] to let the creator know "
            "if you enjoyed their work\\!\n\n"
        )

    def document(self, paper: str) -> str:
        book = self.book
        lang = book.language.split("-")[0].lower()
        lang_rule = f', lang: "{lang}"' if lang.isalpha() and 2 <= len(lang) <= 3 else ""
        direction = ", dir: rtl" if book.direction == "rtl" else ""
        fonts = ", ".join(string(f) for f in FONTS)
        date = book.modified
        authors = ", ".join(string(name) for name in book.creators)
        keywords = ", ".join(string(subject) for subject in book.subjects[:100])
        self.out += [
            f"#set document(title: {string(book.title)}, author: ({authors},), keywords: ({keywords}{',' if keywords else ''}), "
            f"date: datetime(year: {date.year}, month: {date.month}, day: {date.day}, hour: {date.hour}, "
            f"minute: {date.minute}, second: {date.second}))\n",
            f'#set page(paper: "{PAPERS[paper]}", margin: (x: 14%, y: 10%), numbering: "1", number-align: center)\n',
            f"#set text(font: ({fonts}), size: {10 if paper == 'a5' else 11}pt{lang_rule}{direction})\n",
            # Greedy line breaking: Knuth-Plass ("optimized") doubled the time of a long book.
            '#set par(justify: true, linebreaks: "simple", leading: 0.6em, spacing: 1em)\n',
            "#show heading: set text(hyphenate: false)\n",
            "#show heading: set block(above: 1.6em, below: 1em)\n",
            '#show link: set text(fill: rgb("#2a4d69"))\n',
            "#set list(tight: false)\n#set enum(tight: false)\n",
        ]
        # Title page
        self.out.append(
            f'#v(25%)\n#align(center)[#text(size: 2em, weight: "bold")[{text(book.title)}]\n\n'
            f"#text(size: 1.2em)[{text(', '.join(book.creators))}]\n\n#v(2em)\n"
            f"#text(size: 0.9em)[{text(book.site_name)} · #link({string(book.url)})]]\n"
        )
        chapters = sum(len(w.chapters) for w in book.works)
        if book.kind == "series" or chapters > 1:
            self.out.append("#pagebreak()\n#outline(title: [Contents], depth: 3)\n")
        if book.kind == "series":
            self.out.append("#pagebreak()\n")
            self.heading(1, book.title, "fs-series")
            self.section("Series Description", book.series_summary)
            self.section("Series Notes", book.series_notes)
            for work in book.works:
                self.work(work, 2)
        else:
            self.work(book.works[0], 1)
        return "".join(self.out)


def typst_source(book: Book, paper: str = "a5") -> str:
    return _Writer(book).document(paper)


def write_pdf(book: Book, path: Path | str, paper: str = "a5") -> None:
    """Compile `book` to a PDF file at `path` (A5 or Letter)."""
    import typst  # imported here: only the task that builds PDFs pays for loading it

    source = typst_source(book, paper).encode("utf-8")
    stamp = int(book.modified.timestamp())
    # Tagged PDF (structure for screen readers) costs ~40% more time and memory; long
    # books skip it so a 500k-word work stays within the PDF budget (docs/benchmarks.md).
    tagged = sum(work.words for work in book.works) <= TAGGED_PDF_MAX_WORDS
    Path(path).write_bytes(typst.compile(source, timestamp=stamp, pdf_tags=tagged))
