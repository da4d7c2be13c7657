"""A small Atom writer for both the site's feeds and the OPDS catalog (OPDS is Atom)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import StringIO
from xml.sax.xmlreader import AttributesImpl

from django.utils.xmlutils import SimplerXMLGenerator

from ficshelf.books import clean_text

ATOM = "application/atom+xml"
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPENSEARCH = "application/opensearchdescription+xml"

# startElement() takes SAX attributes (addQuickElement() takes a plain dict).
_NO_ATTRIBUTES: AttributesImpl[str] = AttributesImpl({})


@dataclass
class Link:
    href: str
    rel: str = "alternate"
    type: str = ""
    title: str = ""


@dataclass
class Entry:
    id: str
    title: str
    updated: datetime
    links: list[Link] = field(default_factory=list)
    published: datetime | None = None
    authors: list[tuple[str, str]] = field(default_factory=list)  # (name, uri)
    summary: str = ""  # plain text
    content_html: str = ""
    content_text: str = ""
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # (term, label, scheme)
    language: str = ""


@dataclass
class Feed:
    id: str
    title: str
    updated: datetime
    links: list[Link] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    subtitle: str = ""
    author: str = ""
    total: int | None = None  # OpenSearch totalResults, for paginated catalogs


def _date(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def render(feed: Feed) -> bytes:
    stream = StringIO()
    xml = SimplerXMLGenerator(stream, "utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement(
        "feed",
        AttributesImpl(
            {
                "xmlns": "http://www.w3.org/2005/Atom",
                "xmlns:dc": "http://purl.org/dc/terms/",
                "xmlns:opds": "http://opds-spec.org/2010/catalog",
                "xmlns:opensearch": "http://a9.com/-/spec/opensearch/1.1/",
            }
        ),
    )
    xml.addQuickElement("id", feed.id)
    xml.addQuickElement("title", clean_text(feed.title))
    if feed.subtitle:
        xml.addQuickElement("subtitle", clean_text(feed.subtitle))
    xml.addQuickElement("updated", _date(feed.updated))
    if feed.author:
        xml.startElement("author", _NO_ATTRIBUTES)
        xml.addQuickElement("name", clean_text(feed.author))
        xml.endElement("author")
    if feed.total is not None:
        xml.addQuickElement("opensearch:totalResults", str(feed.total))
    for link in feed.links:
        _link(xml, link)
    for entry in feed.entries:
        _entry(xml, entry)
    xml.endElement("feed")
    return stream.getvalue().encode("utf-8")


def _link(xml: SimplerXMLGenerator, link: Link) -> None:
    attrs = {"rel": link.rel, "href": link.href}
    if link.type:
        attrs["type"] = link.type
    if link.title:
        attrs["title"] = clean_text(link.title)
    xml.addQuickElement("link", attrs=attrs)


def _entry(xml: SimplerXMLGenerator, entry: Entry) -> None:
    xml.startElement("entry", _NO_ATTRIBUTES)
    xml.addQuickElement("id", entry.id)
    xml.addQuickElement("title", clean_text(entry.title))
    xml.addQuickElement("updated", _date(entry.updated))
    if entry.published:
        xml.addQuickElement("published", _date(entry.published))
        xml.addQuickElement("dc:issued", entry.published.date().isoformat())
    for name, uri in entry.authors:
        xml.startElement("author", _NO_ATTRIBUTES)
        xml.addQuickElement("name", clean_text(name))
        if uri:
            xml.addQuickElement("uri", uri)
        xml.endElement("author")
    if entry.language:
        xml.addQuickElement("dc:language", entry.language)
    for term, label, scheme in entry.categories:
        xml.addQuickElement(
            "category", attrs={"term": clean_text(term), "label": clean_text(label), "scheme": scheme}
        )
    if entry.summary:
        xml.addQuickElement("summary", clean_text(entry.summary), {"type": "text"})
    if entry.content_html:
        xml.addQuickElement("content", clean_text(entry.content_html), {"type": "html"})
    elif entry.content_text:
        xml.addQuickElement("content", clean_text(entry.content_text), {"type": "text"})
    for link in entry.links:
        _link(xml, link)
    xml.endElement("entry")
