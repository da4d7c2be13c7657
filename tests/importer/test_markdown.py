from ficshelf.importer import parse

PROSE = "Nell walked the harbour wall twice before she knocked, and the door opened onto lemon oil and dust."


def test_it_reads_markdown_chapters_and_emphasis():
    text = f"# Harbour\n\n## Chapter 1\n\n{PROSE} *Softly.*\n\n---\n\n{PROSE}\n\n## Chapter 2\n\n{PROSE}\n"
    work = parse(text, "story.md")
    assert work.title == "Harbour"
    assert [c.heading for c in work.chapters] == ["Chapter 1", "Chapter 2"]
    assert "<em>Softly.</em>" in work.chapters[0].body_html
    assert work.chapters[0].scene_count == 2


def test_it_never_renders_raw_html_from_markdown():
    work = parse(f"{PROSE}\n\n<script>alert(1)</script>\n", "story.md")
    assert "<script" not in work.chapters[0].body_html


def test_it_does_not_treat_plain_text_as_markdown():
    work = parse(f"Chapter 1\n\n{PROSE}\n\n~~~\n\n# not a heading\n", "story.txt")
    assert "# not a heading" in work.chapters[0].body_html
