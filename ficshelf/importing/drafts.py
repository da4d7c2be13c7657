"""From importer output to works: shared by `ficshelf import` and the web import page.

The importer (pure Python) says what a file holds. Here that becomes an editable
draft — chapters as lists of top-level HTML blocks, so a person can move a
paragraph into or out of the notes, split or merge chapters — and then a work:
checked by the same WorkForm as the posting page, posted by works.posting.
"""

import copy
import re
from collections.abc import Callable
from html import escape
from typing import Any

from django.conf import settings

from ficshelf.accounts.models import User
from ficshelf.importer import ParsedWork
from ficshelf.tags.models import CATEGORIES, RATINGS, WARNINGS
from ficshelf.text import top_level_blocks, visible_text
from ficshelf.works.models import Chapter, SubmittedForm
from ficshelf.works.models.work import LANGUAGE_CHOICES
from ficshelf.works.posting import ChapterFields

UNSPECIFIED_FANDOM = "Unspecified Fandom"
NO_WARNINGS_CHOSEN = "Creator Chose Not To Use Archive Warnings"
_LANGUAGES = {code for code, _ in LANGUAGE_CHOICES}
CHAPTER_TITLE_LIMIT: int = Chapter._meta.get_field("title").max_length or 255
_LANGUAGE_NAMES = {name.lower(): code for code, name in LANGUAGE_CHOICES}

Draft = dict[str, Any]


class DraftEditError(ValueError):
    """An edit that does not fit the draft (a stale page, a tampered button)."""


def draft_from_parsed(parsed: ParsedWork, filename: str = "") -> Draft:
    """An editable draft: the parsed work with every HTML field cut into blocks."""
    return {
        "filename": filename,
        "work": {
            "title": parsed.title or _title_from_filename(filename),
            "creators": list(parsed.creators),
            "summary": parsed.summary or "",
            "rating": parsed.rating,
            "language": parsed.language,
            "series": parsed.series,
            "tags": {tag_type: list(names) for tag_type, names in parsed.tags.items()},
            "notes_begin": parsed.notes_begin or "",
            "notes_end": parsed.notes_end or "",
        },
        "chapters": [
            {
                "heading": chapter.heading,
                "title": chapter_title(chapter.heading, chapter.title),
                "summary": chapter.summary or "",
                "notes_begin": top_level_blocks(chapter.notes_begin or ""),
                "body": top_level_blocks(chapter.body_html),
                "notes_end": top_level_blocks(chapter.notes_end or ""),
            }
            for chapter in parsed.chapters
        ],
        "problems": list(parsed.problems),
    }


_NUMBER_ONLY_HEADING = re.compile(r"(?:chapter|ch\.?)\s*[\w-]+\.?|\d+\.?|[ivxlcdm]+\.?", re.IGNORECASE)


def chapter_title(heading: str | None, title: str) -> str:
    """The title a chapter keeps: "Chapter 3" is implied by its position, "Letter 3" is not."""
    heading = (heading or "").strip()
    if not heading or _NUMBER_ONLY_HEADING.fullmatch(heading):
        return title
    return f"{heading}: {title}" if title else heading


def _title_from_filename(filename: str) -> str:
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename.rsplit("/", 1)[-1])
    words = re.sub(r"[_-]+", " ", stem).split()
    return " ".join(w.capitalize() if w.isalpha() and w.islower() else w for w in words) or "Untitled"


def merge_drafts(drafts: list[Draft], title: str) -> Draft:
    """One work from a directory of chapter files, in the order given."""
    merged = copy.deepcopy(drafts[0])
    merged["work"]["title"] = drafts[0]["work"]["title"] if len(drafts) == 1 else title
    for draft in drafts[1:]:
        merged["chapters"].extend(draft["chapters"])
        merged["problems"].extend(f"{draft['filename']}: {p}" for p in draft["problems"])
        for key in ("summary", "rating", "language", "series", "notes_begin", "notes_end"):
            merged["work"][key] = merged["work"][key] or draft["work"][key]
        for tag_type, names in draft["work"]["tags"].items():
            known = merged["work"]["tags"].setdefault(tag_type, [])
            known.extend(name for name in names if name not in known)
    return merged


# Edits a person makes on the preview page. Each takes the draft and positions, and
# moves blocks without ever dropping one.


def _chapter(draft: Draft, index: int) -> dict:
    if not 0 <= index < len(draft["chapters"]):
        raise DraftEditError("That chapter is no longer in the draft. Reload the page and try again.")
    return draft["chapters"][index]


def _block_index(blocks: list[str], index: int) -> int:
    if not 0 <= index < len(blocks):
        raise DraftEditError("That paragraph is no longer there. Reload the page and try again.")
    return index


def apply_edit(draft: Draft, edit: str) -> int:
    """Apply one review edit such as "to_notes:0:3" (chapter 0, block 3) in place.

    Returns the index of the chapter to show next: the one edited, or after a
    merge the one it joined.
    """
    try:
        name, *numbers = edit.split(":")
        args = [int(n) for n in numbers]
    except ValueError:
        raise DraftEditError("That edit was not understood. Reload the page and try again.") from None
    operations: dict[str, tuple[int, Callable[..., None]]] = {  # name: (how many positions, edit)
        "to_notes": (2, _move_into_notes),
        "to_body": (2, _move_out_of_notes),
        "to_end_notes": (2, _move_into_end_notes),
        "from_end_notes": (2, _move_out_of_end_notes),
        "split": (2, _split_chapter),
        "merge": (1, _merge_with_previous),
    }
    if name not in operations or len(args) != operations[name][0]:
        raise DraftEditError("That edit was not understood. Reload the page and try again.")
    operations[name][1](draft, *args)
    return args[0] - 1 if name == "merge" else args[0]


def _move_into_notes(draft: Draft, chapter: int, block: int) -> None:
    """The body's first blocks up to `block` become the end of the chapter's opening notes."""
    ch = _chapter(draft, chapter)
    block = _block_index(ch["body"], block)
    ch["notes_begin"].extend(ch["body"][: block + 1])
    del ch["body"][: block + 1]


def _move_out_of_notes(draft: Draft, chapter: int, block: int) -> None:
    """The opening notes from `block` on go back to the start of the body."""
    ch = _chapter(draft, chapter)
    block = _block_index(ch["notes_begin"], block)
    ch["body"][:0] = ch["notes_begin"][block:]
    del ch["notes_begin"][block:]


def _move_into_end_notes(draft: Draft, chapter: int, block: int) -> None:
    """The body's blocks from `block` on become the start of the end notes."""
    ch = _chapter(draft, chapter)
    block = _block_index(ch["body"], block)
    ch["notes_end"][:0] = ch["body"][block:]
    del ch["body"][block:]


def _move_out_of_end_notes(draft: Draft, chapter: int, block: int) -> None:
    """The end notes up to `block` go back to the end of the body."""
    ch = _chapter(draft, chapter)
    block = _block_index(ch["notes_end"], block)
    ch["body"].extend(ch["notes_end"][: block + 1])
    del ch["notes_end"][: block + 1]


def _split_chapter(draft: Draft, chapter: int, block: int) -> None:
    """A new chapter starts at body block `block` (which must not be the first)."""
    ch = _chapter(draft, chapter)
    block = _block_index(ch["body"], block)
    if block == 0:
        raise DraftEditError("A chapter cannot be split before its first paragraph.")
    new = {"heading": None, "title": "", "summary": "", "notes_begin": [], "body": ch["body"][block:]}
    new["notes_end"] = ch["notes_end"]
    ch["body"], ch["notes_end"] = ch["body"][:block], []
    draft["chapters"].insert(chapter + 1, new)


def _merge_with_previous(draft: Draft, chapter: int) -> None:
    """Chapter `chapter` joins the one before; its title stays as a heading in the text."""
    if chapter == 0:
        raise DraftEditError("The first chapter has no chapter before it to merge with.")
    ch, previous = _chapter(draft, chapter), _chapter(draft, chapter - 1)
    heading = " — ".join(part for part in (ch["heading"], ch["title"]) if part)
    if heading:
        previous["body"].append(f'<h3 class="scene-heading">{escape(heading)}</h3>')
    previous["body"].extend(ch["notes_begin"] + ch["body"])
    previous["notes_end"].extend(ch["notes_end"])
    if ch["summary"]:
        previous["summary"] = " ".join(filter(None, [previous["summary"], ch["summary"]]))
    del draft["chapters"][chapter]


# From draft to work.


def form_data_from_draft(draft: Draft, user: User) -> dict:
    """The work form's fields as the file gave them, with AO3's defaults for what it lacked."""
    work, tags = draft["work"], draft["work"]["tags"]
    rating = work["rating"] if work["rating"] in RATINGS else "Not Rated"
    warnings = [name for name in tags.get("ArchiveWarning", []) if name in WARNINGS] or [NO_WARNINGS_CHOSEN]
    language = (work["language"] or "").strip()
    language = language if language in _LANGUAGES else _LANGUAGE_NAMES.get(language.lower(), "en")
    return {
        "form_token": str(SubmittedForm().token),
        "title": work["title"] or "Untitled",  # the form says if it is too long
        "summary": work["summary"],
        "notes_begin": work["notes_begin"],
        "notes_end": work["notes_end"],
        "rating": rating,
        "warnings": warnings,
        "categories": [name for name in tags.get("Category", []) if name in CATEGORIES],
        "fandoms": ", ".join(tags.get("Fandom", [])) or UNSPECIFIED_FANDOM,
        "relationships": ", ".join(tags.get("Relationship", [])),
        "characters": ", ".join(tags.get("Character", [])),
        "freeforms": ", ".join(tags.get("Freeform", [])),
        "pseuds": [str(user.default_pseud.pk)],
        "co_creators": "",
        "language": language,
        "new_series": work["series"] or "",
        "expected_chapters": str(len(draft["chapters"])),
        "comment_permission": "everyone",
        "text_format": "html",
    }


def chapter_problems(draft: Draft) -> list[str]:
    """What stops a draft from being posted: empty or oversized chapters, overlong titles."""
    problems = []
    limit = settings.FICSHELF_MAX_CHAPTER_CHARS
    if not draft["chapters"]:
        problems.append("The file has no story text.")
    for number, chapter in enumerate(draft["chapters"], start=1):
        body = "".join(chapter["body"])
        if not visible_text(body).strip():
            problems.append(
                f"Chapter {number} has no text: merge it with the one before, or move its notes back."
            )
        elif len(body) > limit:
            problems.append(
                f"Chapter {number} has {len(body):,} characters; the limit is {limit:,}. Split it."
            )
        if len(title := chapter["title"] or "") > CHAPTER_TITLE_LIMIT:
            problems.append(
                f"Chapter {number}'s title has {len(title):,} characters; the limit is "
                f"{CHAPTER_TITLE_LIMIT}. Shorten it."
            )
    return problems


def draft_chapters(draft: Draft) -> list[ChapterFields]:
    """The draft's chapters as posting's plain values, in order."""
    return [
        ChapterFields(
            title=chapter["title"] or "",
            summary=chapter["summary"] or "",
            notes_begin="".join(chapter["notes_begin"]),
            body="".join(chapter["body"]),
            notes_end="".join(chapter["notes_end"]),
        )
        for chapter in draft["chapters"]
    ]
