import json

from ficshelf.importer.cli import parse_command

STORY = "Chapter 1: Foxes\n\nA/N: Hello!\n\nNell walked the harbour wall.\n\nChapter 2\n\nShe knocked on the blue door.\n"


def test_it_prints_json(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(STORY, "utf-8")
    assert parse_command([str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["heading"] for c in data["chapters"]] == ["Chapter 1", "Chapter 2"]
    assert list(data)[0] == "title" and list(data)[-1] == "problems"


def test_it_keeps_non_ascii_readable_in_json(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text("Chapter 1\n\nCafé “quoted”.\n", "utf-8")
    parse_command([str(path), "--json"])
    assert "Café “quoted”" in capsys.readouterr().out


def test_it_prints_a_human_summary(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(STORY, "utf-8")
    assert parse_command([str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 chapter(s)" in out and "Chapter 1 – Foxes" in out and "[notes]" in out


def test_it_reports_errors_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert parse_command([str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "empty" in captured.err and "Traceback" not in captured.err
    assert parse_command([str(tmp_path / "missing.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err
