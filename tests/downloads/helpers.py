"""Works that exercise the writers (footnotes, tables, images, odd HTML, odd titles) and a test case around one."""

import io
import zipfile

from ficshelf.accounts.models import User
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Chapter, Series, Work
from tests.base import BaseTestCase, make_work

FOOTNOTES = (
    '<p>She said it twice.<sup><a href="#fn1" id="ref1">1</a></sup></p>'
    '<p id="fn1">1. Once for each of them. <a href="#ref1">↩</a></p>'
)
TABLE = (
    "<table><caption>Train times</caption><thead><tr><th>Station</th><th>Time</th></tr></thead>"
    '<tbody><tr><td>Paddington</td><td align="right">9:40</td></tr>'
    '<tr><td colspan="2">Cancelled after Reading</td></tr></tbody></table>'
)
IMAGES = (
    '<p>The map: <img src="https://images.example.org/map.png" alt="A hand-drawn map of the bay"></p>'
    '<p><img src="https://images.example.org/no-alt.jpg"></p>'
)
# What EPUB does not allow, stored as if cleaned by an older sanitizer.
RAW_HTML = (
    "<center>Part One</center><p><big>Loud</big> and <font color=red>red</font></p>"
    "<ul>stray text<li>an item</li></ul><span><div>block in inline</div></span>"
    '<a name="old-anchor">old anchor</a> <a href="#old-anchor">back up</a> <a href="#missing">nowhere</a>'
    '<p id="dup">one</p><p id="dup">two</p><details><summary>Spoiler</summary>They win.</details>'
    "<p>bell\x07 &nbsp; <ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby> <q>quoted</q></p>"
    "<table><tr><td>cell</td></tr><caption>late caption</caption></table><dl><dd>no term</dd></dl>"
    '<p><a href="javascript:alert(1)">js</a> <a href="http://exa mple.org/a b">spaces</a></p>'
)


def tricky_work(user: User, title: str = "Footnotes, Tables & Maps", **fields) -> Work:
    work = make_work(
        user,
        title,
        chapters=[FOOTNOTES + TABLE, IMAGES, "<p>placeholder</p>", "<p>The end.</p>"],
        summary="<p>A summary with <em>emphasis</em>.</p>",
        notes_begin='<p id="fn1">Work notes with a clashing id.</p>',
        notes_end="<p>Thanks for reading!</p>",
        **fields,
    )
    chapters = list(work.chapters.order_by("position"))
    # An empty chapter, and raw HTML an older sanitizer let through.
    Chapter.objects.filter(pk=chapters[2].pk).update(body="")
    Chapter.objects.filter(pk=chapters[3].pk).update(body=RAW_HTML, title="Odd <HTML> & more")
    chapters[0].title = "Notes & Numbers"
    chapters[0].summary = "<p>Chapter summary.</p>"
    chapters[0].notes_end = "<p>Chapter end notes.</p>"
    chapters[0].save()
    return Work.objects.get(pk=work.pk)


def odd_titles(user: User) -> list[Work]:
    return [
        make_work(user, "🌙✨🦊", chapters=["<p>Emoji title 🌙</p>"]),
        make_work(user, "ليلة الكتابة", chapters=["<p>نص عربي قصير.</p>"], language="ar"),
        make_work(user, "月の光", chapters=["<p>短い日本語の文章です。</p>"], language="ja"),
        make_work(user, "?!…", chapters=["<p>Punctuation only.</p>"]),
    ]


def series_of(user: User, works: list[Work], title: str = "The Whole Saga") -> Series:
    series = Series.objects.create(title=title, summary="<p>Every part, in order.</p>")
    series.pseuds.add(user.default_pseud)
    for work in works:
        series.add_work(work)
    return series


def epub_files(response) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: archive.read(name).decode() for name in archive.namelist()}


class DownloadTestCase(BaseTestCase):
    """Alice's tricky work, tagged in every AO3 category, and the address its downloads start with."""

    def setUp(self) -> None:
        super().setUp()
        self.work = tricky_work(self.alice)
        self.work.set_tags(
            {
                TagType.RATING: [Tag.find_or_create("Teen And Up Audiences", TagType.RATING)],
                TagType.WARNING: [Tag.find_or_create("No Archive Warnings Apply", TagType.WARNING)],
                TagType.FANDOM: [Tag.find_or_create("Sherlock Holmes", TagType.FANDOM)],
                TagType.CHARACTER: [Tag.find_or_create("John Watson", TagType.CHARACTER)],
                TagType.FREEFORM: [Tag.find_or_create("Footnotes", TagType.FREEFORM)],
            }
        )
        self.base = f"/downloads/{self.work.pk}/Footnotes_Tables_Maps"
