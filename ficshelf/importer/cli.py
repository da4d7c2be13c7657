"""`ficshelf parse FILE [--json]`: see what the importer makes of a file, without Django."""

from __future__ import annotations

import argparse
import json
import sys

from ficshelf.importer.model import ParsedWork, ParseError
from ficshelf.importer.reader import parse


def _summary(work: ParsedWork, name: str) -> str:
    lines = [f"{name}: {work.title or '(no title)'}"]
    if work.creators:
        lines.append("by " + ", ".join(work.creators))
    if work.rating:
        lines.append(f"Rating: {work.rating}")
    for tag_type, names in work.tags.items():
        if tag_type != "Rating":
            lines.append(f"{tag_type}: {', '.join(names)}")
    if work.notes_begin or work.notes_end:
        lines.append(
            "Work notes: "
            + " and ".join(n for n, v in (("start", work.notes_begin), ("end", work.notes_end)) if v)
        )
    lines.append(f"{len(work.chapters)} chapter(s), {work.word_count} words")
    for chapter in work.chapters:
        label = " – ".join(part for part in (chapter.heading, chapter.title) if part) or "(untitled)"
        extras = []
        if chapter.notes_begin or chapter.notes_end:
            extras.append("notes")
        if chapter.scene_count > 1:
            extras.append(f"{chapter.scene_count} scenes")
        extra = f" [{', '.join(extras)}]" if extras else ""
        lines.append(f"  {chapter.number:>3}. {label}: {chapter.word_count} words{extra}")
    if work.problems:
        lines.append("Problems to check:")
        lines.extend(f"  - {problem}" for problem in work.problems)
    return "\n".join(lines)


def parse_command(argv: list[str]) -> int:
    """Run `ficshelf parse`; returns the exit status. Errors are one line on stderr, never a traceback."""
    parser = argparse.ArgumentParser(
        prog="ficshelf parse", description="Show what the importer makes of a file."
    )
    parser.add_argument("file", help="a .txt, .html, .epub, .md or .docx file")
    parser.add_argument("--json", action="store_true", help="print the parsed work as one JSON object")
    args = parser.parse_args(argv)
    try:
        with open(args.file, "rb") as handle:
            data = handle.read()
        work = parse(data, args.file)
    except OSError as error:
        print(f"ficshelf parse: cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return 1
    except ParseError as error:
        print(f"ficshelf parse: {args.file}: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(work.to_json_dict(), ensure_ascii=False))
    else:
        print(_summary(work, args.file))
    return 0
