import pytest

from ficshelf.importer import parse
from ficshelf.importing.drafts import (
    DraftEditError,
    apply_edit,
    chapter_problems,
    chapter_title,
    draft_chapters,
    draft_from_parsed,
    merge_drafts,
)

STORY = """Chapter 1: One

A/N: Thanks for reading.

First paragraph.

Second paragraph.

Chapter 2

Third paragraph.

Fourth paragraph.
"""


def make_draft(text: str = STORY, filename: str = "my_story-file.txt") -> dict:
    return draft_from_parsed(parse(text, filename), filename)


def all_blocks(draft: dict) -> list[str]:
    return [
        block
        for chapter in draft["chapters"]
        for part in ("notes_begin", "body", "notes_end")
        for block in chapter[part]
    ]


def test_it_cuts_the_parsed_work_into_chapters_of_blocks():
    draft = make_draft()
    assert draft["work"]["title"] == "My Story File"  # no title in the file: from its name
    first, second = draft["chapters"]
    assert (first["title"], first["notes_begin"]) == ("One", ["<p>A/N: Thanks for reading.</p>"])
    assert first["body"] == ["<p>First paragraph.</p>", "<p>Second paragraph.</p>"]
    assert second["body"] == ["<p>Third paragraph.</p>", "<p>Fourth paragraph.</p>"]


def test_it_keeps_a_heading_as_title_only_when_it_says_more_than_the_number():
    assert chapter_title("Chapter 3", "Naxos") == "Naxos"
    assert chapter_title("III.", "") == ""
    assert chapter_title("Letter 3", "Naxos") == "Letter 3: Naxos"
    assert chapter_title("Letter 3", "") == "Letter 3"
    assert chapter_title(None, "Naxos") == "Naxos"


def test_it_moves_blocks_between_notes_and_body_without_dropping_any():
    draft = make_draft()
    blocks = sorted(all_blocks(draft))
    apply_edit(draft, "to_notes:0:0")
    assert draft["chapters"][0]["notes_begin"][-1] == "<p>First paragraph.</p>"
    apply_edit(draft, "to_end_notes:1:1")
    assert draft["chapters"][1]["notes_end"] == ["<p>Fourth paragraph.</p>"]
    apply_edit(draft, "to_body:0:1")
    apply_edit(draft, "from_end_notes:1:0")
    assert sorted(all_blocks(draft)) == blocks
    assert draft["chapters"][0]["body"][0] == "<p>First paragraph.</p>"


def test_it_splits_and_merges_chapters():
    draft = make_draft()
    apply_edit(draft, "split:1:1")
    assert [len(c["body"]) for c in draft["chapters"]] == [2, 1, 1]
    apply_edit(draft, "merge:1")
    assert len(draft["chapters"]) == 2
    # The merged chapter's heading stays in the text.
    assert '<h3 class="scene-heading">Chapter 2</h3>' in draft["chapters"][0]["body"]


@pytest.mark.parametrize(
    "edit", ["split:0:0", "merge:0", "to_notes:5:0", "to_body:0:9", "explode:0", "to_notes:x"]
)
def test_it_refuses_edits_that_do_not_fit_the_draft(edit):
    draft = make_draft()
    before = all_blocks(draft)
    with pytest.raises(DraftEditError):
        apply_edit(draft, edit)
    assert all_blocks(draft) == before


def test_it_merges_a_directory_of_files_into_one_work_in_the_order_given():
    first = make_draft("Chapter 1\n\nOne.\n", "01.txt")
    second = make_draft("Chapter 2\n\nTwo.\n", "02.txt")
    merged = merge_drafts([first, second], title="A Folder")
    assert merged["work"]["title"] == "A Folder"
    assert [c["body"] for c in merged["chapters"]] == [["<p>One.</p>"], ["<p>Two.</p>"]]
    assert len(first["chapters"]) == 1  # the inputs are left as they were


def test_it_names_what_blocks_posting(settings):
    settings.FICSHELF_MAX_CHAPTER_CHARS = 20
    draft = make_draft()
    assert chapter_problems(draft) == [
        "Chapter 1 has 47 characters; the limit is 20. Split it.",
        "Chapter 2 has 47 characters; the limit is 20. Split it.",
    ]
    apply_edit(draft, "to_notes:1:1")
    assert chapter_problems(draft)[1].startswith("Chapter 2 has no text")


def test_it_keeps_an_overlong_chapter_title_whole_and_says_it_blocks_posting():
    draft = make_draft()
    draft["chapters"][1]["title"] = "A" * 256  # an EPUB's table of contents can say anything
    assert chapter_problems(draft) == ["Chapter 2's title has 256 characters; the limit is 255. Shorten it."]
    assert draft_chapters(draft)[1].title == "A" * 256  # posting refuses it, never cuts it
