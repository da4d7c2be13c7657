"""Books: a book goes in as plain data and bytes come out. Pure Python, no Django.

    >>> ids = IdRegistry()
    >>> parse_fragment("<center>Fin</center>", ids).nodes[0].attrs
    {'class': 'center'}

`Book` (book.py) is what every format shows; the downloads app fills it from the
database. Story fields become repaired trees (repair.py, fragment.py) that each
writer walks: EPUB (epub.py), PDF through Typst (pdf.py), one HTML file
(htmlfile.py) and plain text (plaintext.py), with the preface, chapters and
afterword laid out like AO3's (layout.py) and a plain cover (cover.py).
`write_book()` picks the writer for a format.
"""

from ficshelf.books.book import Book, BookChapter, BookWork
from ficshelf.books.escape import clean_text, xml_escape
from ficshelf.books.fragment import Fragment, IdRegistry
from ficshelf.books.repair import parse_fragment
from ficshelf.books.write import FORMAT_VERSION, write_book

__all__ = [
    "FORMAT_VERSION",
    "Book",
    "BookChapter",
    "BookWork",
    "Fragment",
    "IdRegistry",
    "clean_text",
    "parse_fragment",
    "write_book",
    "xml_escape",
]
