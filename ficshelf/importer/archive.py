"""Uploaded zip files (EPUB, DOCX), read without trusting them.

A zip's headers declare each member's size, but a crafted file can lie, and deflate
turns a few megabytes into gigabytes. So every member is read through a counter, in
chunks, and the whole archive may unpack to at most `max_expanded` bytes however its
headers describe it; the headers only allow an early refusal. XML inside is parsed
by expat as it is unpacked, so a large document never sits in memory whole, and
entity declarations are refused: no "billion laughs", no external entities.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from typing import NoReturn
from xml.etree import ElementTree
from xml.parsers import expat

from ficshelf.importer.model import ParseError, megabytes

CHUNK_BYTES = 64 * 1024
# Deflate rarely beats 10:1 on prose; a member declaring 100:1 is a bomb.
MAX_RATIO = 100
# Real EPUB and Word XML nests a few dozen levels; this is far past any of it.
MAX_XML_DEPTH = 1_000

StartHandler = Callable[[str, dict[str, str]], object]
EndHandler = Callable[[str], object]
TextHandler = Callable[[str], object]


class Archive:
    """The members of an uploaded zip; `kind` names it in messages ("EPUB", "Word document")."""

    def __init__(self, archive: zipfile.ZipFile, kind: str, max_expanded: int) -> None:
        self.archive = archive
        self.kind = kind
        self.max_expanded = max_expanded
        self.expanded = 0
        declared = 0
        for info in archive.infolist():
            declared += info.file_size
            if info.file_size > 1_000_000 and info.file_size > info.compress_size * MAX_RATIO:
                raise ParseError(
                    f"This {kind} is compressed suspiciously well (a zip bomb?) and was refused."
                )
        if declared > max_expanded:
            raise self._too_big()

    def _too_big(self) -> ParseError:
        return ParseError(
            f"This {self.kind} unpacks to more than {megabytes(self.max_expanded)}, "
            "more than the importer accepts, and was refused."
        )

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes in chunks, counted against the archive's cap as they come."""
        try:
            with self.archive.open(name) as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    self.expanded += len(chunk)
                    if self.expanded > self.max_expanded:
                        raise self._too_big()
                    yield chunk
        except KeyError as error:
            raise ParseError(
                f"This {self.kind} is missing {name!r}, which it lists; the file is damaged."
            ) from error
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise ParseError(f"This {self.kind} is damaged and cannot be read.") from error

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def parse_xml(self, name: str, start: StartHandler, end: EndHandler, text: TextHandler) -> None:
        """Stream one XML member through expat: tags arrive as "{namespace}local" names."""
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.buffer_size = CHUNK_BYTES
        depth = 0

        def on_start(tag: str, attributes: dict[str, str]) -> None:
            nonlocal depth
            depth += 1
            if depth > MAX_XML_DEPTH:
                raise ParseError(
                    f"This {self.kind}'s {name} nests deeper than {MAX_XML_DEPTH:,} levels and was refused."
                )
            start(_clark(tag), {_clark(key): value for key, value in attributes.items()})

        def on_end(tag: str) -> None:
            nonlocal depth
            depth -= 1
            end(_clark(tag))

        def refuse_entities(*_args: object) -> NoReturn:
            raise ParseError(f"This {self.kind}'s {name} declares XML entities, which the importer refuses.")

        parser.StartElementHandler = on_start
        parser.EndElementHandler = on_end
        parser.CharacterDataHandler = text
        parser.EntityDeclHandler = refuse_entities
        parser.UnparsedEntityDeclHandler = refuse_entities
        parser.ExternalEntityRefHandler = refuse_entities
        try:
            for chunk in self.chunks(name):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise ParseError(
                f"This {self.kind}'s {name} is not well-formed XML; the file is damaged."
            ) from error

    def xml_tree(self, name: str) -> ElementTree.Element:
        """A small XML member (a package document, a table of contents) as an ElementTree."""
        builder = ElementTree.TreeBuilder()
        self.parse_xml(name, builder.start, builder.end, builder.data)
        return builder.close()


def _clark(name: str) -> str:
    """expat's "namespace}local" as ElementTree's "{namespace}local"."""
    return "{" + name if "}" in name else name
