"""An OPDS 1.2 catalog at /opds/ for reading apps (KOReader, Thorium, Moon+ Reader …).

Navigation feeds lead to acquisition feeds whose entries link to EPUB and PDF
downloads. /opds/ shows what a guest may see. /opds/u/TOKEN/ is the same catalog
as the token's owner sees it, plus their Marked for Later list and bookmarks; its
download links carry the token too, because reading apps cannot log in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cached_property, wraps
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from ficshelf.accounts.models import User
from ficshelf.caching import cacheable_for_guests, personal
from ficshelf.community.shelves import bookmarked_works, marked_for_later_works
from ficshelf.downloads.files import work_slug
from ficshelf.downloads.views import token_user
from ficshelf.feeds.atom import ACQUISITION, NAVIGATION, OPENSEARCH, Entry, Feed, Link, render
from ficshelf.feeds.views import site_base, work_entry
from ficshelf.pagination import paginate
from ficshelf.tags.models import FilterTagging, Tag, TagType
from ficshelf.works.models import Creatorship, Work
from ficshelf.works.models.work import WorkQuerySet

MAX_SEARCH_TERMS = 8
ACQUIRE = "http://opds-spec.org/acquisition"
BROWSABLE_TYPES = [TagType.FANDOM, TagType.RELATIONSHIP, TagType.CHARACTER, TagType.FREEFORM, TagType.RATING]


class Place(NamedTuple):
    """A page of the catalog by route name (feeds/urls.py) and arguments, in either mount."""

    name: str
    kwargs: dict[str, str] | None = None


ROOT = Place("root")


class Catalog:
    """One request's view of the catalog: whose it is and where its links start."""

    def __init__(self, request: HttpRequest, token: str | None):
        self.request = request
        self.token = token
        self.user: User | None = token_user(token)
        self.base = site_base(request)

    def url(self, place: Place = ROOT, query: str = "") -> str:
        """An absolute link to a page of this catalog: the private one's carry the token."""
        if self.token is None:
            return f"{self.base}{reverse(f'feeds:opds:{place.name}', kwargs=place.kwargs)}{query}"
        kwargs = {**(place.kwargs or {}), "token": self.token}
        return f"{self.base}{reverse(f'feeds:private_opds:{place.name}', kwargs=kwargs)}{query}"

    @staticmethod
    def identifier(place: Place) -> str:
        """A page's Atom id: its address in the guests' catalog, the same in both."""
        return f"{settings.SITE_URL}{reverse(f'feeds:opds:{place.name}', kwargs=place.kwargs)}"

    def download_url(self, work: Work, fmt: str) -> str:
        """A work's file; the private catalog serves its own, with the token."""
        kwargs = {"work_id": str(work.pk), "slug": work_slug(work), "fmt": fmt}
        if self.token is None:
            return f"{self.base}{reverse('downloads:download', kwargs=kwargs)}"
        return self.url(Place("download", kwargs))

    def works(self) -> WorkQuerySet:
        return Work.objects.visible_to(self.user)

    @cached_property
    def last_change(self) -> datetime.datetime:
        """When a work this catalog shows last changed: its pages' `updated`, so that the
        same catalog is the same bytes (and ETag) until something in it changes."""
        return self.works().aggregate(last=Max("revised_at"))["last"] or timezone.now()

    def feed(self, title: str, kind: str, place: Place, entries: list[Entry], **extra) -> Feed:
        links = [
            Link(self.url(place), "self", kind),
            Link(self.url(), "start", NAVIGATION, settings.SITE_NAME),
            Link(self.url(Place("opensearch")), "search", OPENSEARCH, "Search"),
            Link(self.url(Place("search"), "?q={searchTerms}"), "search", ACQUISITION, "Search"),
            *extra.pop("links", []),
        ]
        return Feed(
            id=self.identifier(place),
            title=title,
            updated=extra.pop("updated", None) or self.last_change,
            author=settings.SITE_NAME,
            links=links,
            entries=entries,
            **extra,
        )

    def navigation_entry(self, title: str, place: Place, kind: str, text: str) -> Entry:
        return Entry(
            id=self.identifier(place),
            title=title,
            updated=self.last_change,
            content_text=text,
            links=[Link(self.url(place), "subsection", kind, title)],
        )

    def work_entry(self, work: Work) -> Entry:
        return work_entry(
            self.request,
            work,
            [
                Link(self.download_url(work, "epub"), ACQUIRE, "application/epub+zip", "EPUB"),
                Link(self.download_url(work, "pdf"), ACQUIRE, "application/pdf", "PDF"),
            ],
        )

    def page_links(self, page, place: Place, kind: str) -> list[Link]:
        query = self.request.GET.copy()
        links = []
        for rel, number in (
            ("first", 1 if page.number > 1 else None),
            ("previous", page.previous_page_number() if page.has_previous() else None),
            ("next", page.next_page_number() if page.has_next() else None),
        ):
            if number is not None:
                query["page"] = str(number)
                links.append(Link(self.url(place, f"?{query.urlencode(safe='*')}"), rel, kind))
        return links

    def acquisition(self, title: str, place: Place, works: WorkQuerySet) -> HttpResponse:
        page = paginate(self.request, works.for_blurbs(self.user))
        feed = self.feed(
            title,
            ACQUISITION,
            place,
            [self.work_entry(work) for work in page.object_list],
            links=self.page_links(page, place, ACQUISITION),
            total=page.paginator.count,
        )
        return respond(feed, ACQUISITION)


def respond(feed: Feed, kind: str) -> HttpResponse:
    return HttpResponse(render(feed), content_type=f"{kind}; charset=utf-8")


def catalog_view(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, token: str | None = None, **kwargs) -> HttpResponse:
        response = view(Catalog(request, token), *args, **kwargs)
        # The guests' catalog is the same for every guest; a token's is its owner's alone.
        return response if token is None else personal(response)

    return cacheable_for_guests(wrapper)


@catalog_view
def root(catalog: Catalog) -> HttpResponse:
    entries = [
        catalog.navigation_entry(
            "Recent Works", Place("recent"), ACQUISITION, "The newest works on the archive."
        ),
        catalog.navigation_entry("By Fandom", Place("fandoms"), NAVIGATION, "Works by fandom."),
        catalog.navigation_entry(
            "By Tag", Place("tag_types"), NAVIGATION, "Works by relationship, character or tag."
        ),
    ]
    if catalog.user is not None:
        entries += [
            catalog.navigation_entry(
                "Marked for Later", Place("marked_for_later"), ACQUISITION, "Your reading list."
            ),
            catalog.navigation_entry("Bookmarks", Place("bookmarks"), ACQUISITION, "Works you bookmarked."),
        ]
    return respond(catalog.feed(settings.SITE_NAME, NAVIGATION, ROOT, entries), NAVIGATION)


@catalog_view
def recent(catalog: Catalog) -> HttpResponse:
    return catalog.acquisition(
        "Recent Works", Place("recent"), catalog.works().order_by("-updated_at", "-id")
    )


@catalog_view
def fandoms(catalog: Catalog) -> HttpResponse:
    return _tag_list(catalog, TagType.FANDOM, Place("fandoms"), "Fandoms")


@catalog_view
def tag_types(catalog: Catalog) -> HttpResponse:
    entries = [
        catalog.navigation_entry(TagType(t).label, _of_type(t), NAVIGATION, f"Works by {TagType(t).label}.")
        for t in BROWSABLE_TYPES
    ]
    return respond(catalog.feed("By Tag", NAVIGATION, Place("tag_types"), entries), NAVIGATION)


def _of_type(tag_type: str) -> Place:
    return Place("tags_of_type", {"tag_type": tag_type})


@catalog_view
def tags_of_type(catalog: Catalog, tag_type: str) -> HttpResponse:
    if tag_type not in TagType.values:
        raise Http404("No such kind of tag.")
    return _tag_list(catalog, tag_type, _of_type(tag_type), TagType(tag_type).label)


def _tag_list(catalog: Catalog, tag_type: str, place: Place, title: str) -> HttpResponse:
    """Tags of one type that have works this reader may see, most used first.

    Each count is the number of works the tag's own feed lists (Work.objects.in_tag: the
    works whose filter index rows reach the tag), all counted in one grouped query on the
    filter index. Synonyms are left out: their works are their canonical's.
    """
    visible = catalog.works().values("pk")
    rows = (
        FilterTagging.objects.filter(work__in=visible, tag__type=tag_type, tag__merger__isnull=True)
        .values("tag_id", "tag__name")  # one row per tag
        .annotate(works_count=Count("work"))
        .order_by("-works_count", "tag__name")
    )
    page = paginate(catalog.request, rows)
    entries = [
        catalog.navigation_entry(
            row["tag__name"],
            Place("tag", {"name": row["tag__name"]}),
            ACQUISITION,
            f"{row['works_count']} work{'s' if row['works_count'] != 1 else ''}",
        )
        for row in page.object_list
    ]
    feed = catalog.feed(title, NAVIGATION, place, entries, links=catalog.page_links(page, place, NAVIGATION))
    return respond(feed, NAVIGATION)


@catalog_view
def tag(catalog: Catalog, name: str) -> HttpResponse:
    found = get_object_or_404(Tag.objects.named(name))
    works = catalog.works().in_tag(found).order_by("-updated_at", "-id")
    return catalog.acquisition(found.name, Place("tag", {"name": found.name}), works)


@catalog_view
def search(catalog: Catalog) -> HttpResponse:
    """Title, tag and creator search, every term required (AO3 never searches story text)."""
    query = " ".join(catalog.request.GET.get("q", "").split())[:200]
    works = catalog.works()
    terms = query.split()[:MAX_SEARCH_TERMS]
    if not terms:
        works = works.none()
    for term in terms:
        creators = Creatorship.objects.accepted().filter(pseud__name__icontains=term).values("work_id")
        matches = Work.objects.filter(
            Q(title__icontains=term) | Q(tags__name__icontains=term) | Q(pk__in=creators)
        )
        works = works.filter(pk__in=matches.values("pk"))
    title = f"Search: {query}" if query else "Search"
    return catalog.acquisition(title, Place("search"), works.order_by("-updated_at", "-id"))


@catalog_view
def opensearch(catalog: Catalog) -> HttpResponse:
    from xml.sax.saxutils import quoteattr

    from ficshelf.books import xml_escape

    template = catalog.url(Place("search"), "?q={searchTerms}")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
        f"<ShortName>{xml_escape(settings.SITE_NAME[:16])}</ShortName>\n"
        f"<Description>Search works on {xml_escape(settings.SITE_NAME)} by title, tag or creator.</Description>\n"
        "<InputEncoding>UTF-8</InputEncoding><OutputEncoding>UTF-8</OutputEncoding>\n"
        f"<Url type={quoteattr(ACQUISITION)} template={quoteattr(template)}/>\n"
        f'<Url type="application/atom+xml" template={quoteattr(template)}/>\n'
        "</OpenSearchDescription>\n"
    )
    return HttpResponse(body.encode(), content_type=f"{OPENSEARCH}; charset=utf-8")


def _own_shelf(catalog: Catalog) -> User:
    if catalog.user is None:  # only the private address has shelves
        raise Http404("Your lists are in your private catalog: see Reading apps on your user page.")
    return catalog.user


@catalog_view
def marked_for_later(catalog: Catalog) -> HttpResponse:
    return catalog.acquisition(
        "Marked for Later", Place("marked_for_later"), marked_for_later_works(_own_shelf(catalog))
    )


@catalog_view
def bookmarks(catalog: Catalog) -> HttpResponse:
    return catalog.acquisition("Bookmarks", Place("bookmarks"), bookmarked_works(_own_shelf(catalog)))
