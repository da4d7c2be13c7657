"""Pure-Python text utilities shared by posting, the importer and downloads.

Nothing here imports Django, so the importer and benchmarks can use it alone.
"""

from ficshelf.text.html import (
    BLOCK_TAGS,
    SANITIZER_VERSION,
    SanitizedHTML,
    prefix_ids,
    sanitize,
    top_level_blocks,
    visible_text,
)
from ficshelf.text.nesting import MAX_NESTING, TooDeeplyNested
from ficshelf.text.plain import html_from_input, paragraphs_from_plain_text
from ficshelf.text.words import word_count

__all__ = [
    "BLOCK_TAGS",
    "MAX_NESTING",
    "SANITIZER_VERSION",
    "SanitizedHTML",
    "TooDeeplyNested",
    "html_from_input",
    "paragraphs_from_plain_text",
    "prefix_ids",
    "sanitize",
    "top_level_blocks",
    "visible_text",
    "word_count",
]
