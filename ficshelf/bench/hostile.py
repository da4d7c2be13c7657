"""`ficshelf bench import-hostile`: the issue's hostile imports, rebuilt and measured.

Two files, generated from a fixed seed: a Word document whose document.xml unpacks
to 60 MB from about 10 MB (Word-style runs with revision ids), and a 50 MB
plain text of 132 chapters. The first is parsed by the importer alone; the second
goes through the web import page and its review pages on a fresh database. Each case
reports its time and peak RSS (VmHWM, reset before each case); parsing also reports
the tracemalloc peak. The generators are also what the importer's tests build from.
"""

from __future__ import annotations

import contextlib
import io
import random
import time
import tracemalloc
import zipfile
from html import escape

from ficshelf.bench.importer import paragraph
from ficshelf.bench.memory import peak_mb, reset_peak
from ficshelf.importer import ParseError, parse

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def _rsid(rng: random.Random) -> str:
    return f"{rng.getrandbits(32):08X}"


def docx_xml(xml_bytes: int, seed: int = 7, *, markup_only: bool = False) -> bytes:
    """A document.xml of about `xml_bytes`: headed chapters of paragraphs in Word-style runs.

    `markup_only` gives runs without text (formatting Word leaves behind), so the
    XML is large while the story is nearly empty.
    """
    rng = random.Random(seed)
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}" xmlns:w14="{_W14}"><w:body>'
    ]
    size = len(parts[0])
    chapter = 0
    while size < xml_bytes:
        if chapter == 0 or rng.random() < 0.01:
            chapter += 1
            block = f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Chapter {chapter}</w:t></w:r></w:p>'
        else:
            runs = []
            for _ in range(rng.randint(3, 8)):
                italic = "<w:i/>" if rng.random() < 0.1 else ""
                text = (
                    ""
                    if markup_only
                    else f'<w:t xml:space="preserve">{escape(paragraph(rng, rng.randint(4, 12)))} </w:t>'
                )
                runs.append(
                    f'<w:r w:rsidR="{_rsid(rng)}" w:rsidRPr="{_rsid(rng)}" w:rsidDel="{_rsid(rng)}" w14:textId="{_rsid(rng)}" w14:paraId="{_rsid(rng)}"><w:rPr><w:rFonts w:ascii="Times New Roman"'
                    f' w:hAnsi="Times New Roman"/>{italic}<w:sz w:val="24"/></w:rPr>{text}</w:r>'
                )
            block = f'<w:p w:rsidR="{_rsid(rng)}" w:rsidRDefault="{_rsid(rng)}"><w:pPr><w:spacing w:after="160"/></w:pPr>{"".join(runs)}</w:p>'
        parts.append(block)
        size += len(block)
    parts.append("</w:body></w:document>")
    return "".join(parts).encode("utf-8")


def zipped_docx(document_xml: bytes) -> bytes:
    """A .docx around a document.xml, deflated as Word does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def chaptered_text(total_bytes: int, chapters: int, seed: int = 7) -> bytes:
    """A plain text of `chapters` headed chapters of prose, about `total_bytes` long."""
    rng = random.Random(seed)
    per_chapter = total_bytes // chapters
    parts: list[str] = []
    for number in range(1, chapters + 1):
        parts.append(f"Chapter {number}: The Harbour, Part {number}")
        written = 0
        while written < per_chapter:
            prose = paragraph(rng, rng.randint(40, 160))
            parts.append(prose)
            written += len(prose) + 2
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def _parse_case(data: bytes, name: str) -> dict[str, object]:
    reset_peak()
    rss_at_start = peak_mb()
    started = time.perf_counter()
    try:
        work = parse(data, name)
        outcome = f"parsed: {len(work.chapters)} chapters, {work.word_count:,} words"
    except ParseError as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - started
    rss = peak_mb()
    tracemalloc.start()
    try:
        with contextlib.suppress(ParseError):
            parse(data, name)
        _current, traced = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "file_mb": round(len(data) / 1e6, 1),
        "outcome": outcome,
        "seconds": round(seconds, 2),
        "rss_at_start_mb": rss_at_start,
        "peak_rss_mb": rss,
        "tracemalloc_peak_mb": round(traced / 1e6, 1),
    }


def _web_cases(text: bytes) -> dict[str, object]:
    """Upload `text` through the import page, then open the review and one chapter page."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client, override_settings
    from django.urls import reverse

    from ficshelf.accounts.models import User
    from ficshelf.bench.database import FreshDatabase
    from ficshelf.importing.drafts import form_data_from_draft
    from ficshelf.importing.forms import ChapterTitlesForm
    from ficshelf.importing.models import ImportDraft
    from ficshelf.works.models import Work

    results: dict[str, object] = {}
    # Pages link the stylesheet, which needs no collectstatic manifest here.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        FreshDatabase("ficshelf_bench_import_hostile"),
        override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages),
    ):
        client = Client()
        client.force_login(User.objects.create_user("importer", "importer@example.org", "x" * 12))

        def timed(name: str, request) -> None:
            reset_peak()
            rss_at_start = peak_mb()
            started = time.perf_counter()
            response = request()
            results[name] = {
                "status": response.status_code,
                "seconds": round(time.perf_counter() - started, 2),
                "rss_at_start_mb": rss_at_start,
                "peak_rss_mb": peak_mb(),
                "page_mb": round(len(response.content) / 1e6, 2),
            }

        upload = SimpleUploadedFile("big.txt", text, content_type="text/plain")
        timed(
            "upload",
            lambda: client.post(
                reverse("importing:import_work"), {"file": upload, "paste_format": "story.txt"}
            ),
        )
        draft = ImportDraft.objects.get()
        timed("review_page", lambda: client.get(draft.get_absolute_url()))
        chapter = reverse(
            "importing:import_chapter",
            kwargs={"draft_id": draft.pk, "number": len(draft.data["chapters"]) // 2},
        )
        timed("chapter_page", lambda: client.get(chapter))
        chapters = draft.data["chapters"]
        posting = form_data_from_draft(draft.data, draft.user)
        posting.update({ChapterTitlesForm.field_name(i): c["title"] for i, c in enumerate(chapters)})
        timed("post", lambda: client.post(draft.get_absolute_url(), {**posting, "action": "post"}))
        work = Work.objects.get()
        results["posted"] = f"{work.chapters.count()} chapters, {work.word_count:,} words"
    return results


def bench_import_hostile(docx_mb: float, text_mb: float, chapters: int, web: bool) -> dict[str, object]:
    docx = zipped_docx(docx_xml(int(docx_mb * 1e6)))
    result: dict[str, object] = {
        "docx": {"xml_mb": docx_mb, **_parse_case(docx, "hostile.docx")},
    }
    text = chaptered_text(int(text_mb * 1e6), chapters)
    result["text_parse"] = {"chapters": chapters, **_parse_case(text, "big.txt")}
    if web:
        result["text_web"] = _web_cases(text)
    return result


def add_arguments(parser) -> None:
    parser.add_argument("--docx-mb", type=float, default=60, help="document.xml size in MB (default 60).")
    parser.add_argument(
        "--text-mb", type=float, default=50, help="Plain-text import size in MB (default 50)."
    )
    parser.add_argument("--chapters", type=int, default=132, help="Chapters in the text (default 132).")
    parser.add_argument(
        "--no-web", action="store_false", dest="web", help="Skip the upload and review pages."
    )


def run(docx_mb: float, text_mb: float, chapters: int, web: bool) -> dict[str, object]:
    return bench_import_hostile(docx_mb, text_mb, chapters, web)
