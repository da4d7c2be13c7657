"""Atom feeds: the site's new works, a tag's, a creator's, and a work's new chapters.

Feeds are read by feed readers without a session, so they show what a guest may
see, whoever asks: restricted works, drafts and hidden works never appear.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ficshelf.accounts.models import User
from ficshelf.caching import cacheable_for_guests
from ficshelf.downloads.assemble import stable_identifier
from ficshelf.downloads.files import MAX_ID
from ficshelf.feeds.atom import ATOM, Entry, Feed, Link, render
from ficshelf.tags.models import Tag
from ficshelf.text import visible_text
from ficshelf.works.models import Work
from ficshelf.works.models.work import WorkQuerySet

FEED_SIZE = 25


def guest_works() -> WorkQuerySet:
    return Work.objects.visible_to(None)


def site_base(request: HttpRequest) -> str:
    """Absolute links, as the reader reached the site (feed readers need them)."""
    return f"{request.scheme}://{request.get_host()}"


def work_entry(request: HttpRequest, work: Work, links: list[Link] | None = None) -> Entry:
    base = site_base(request)
    return Entry(
        id=stable_identifier(work.get_absolute_url()),
        title=work.title,
        updated=work.updated_at or work.revised_at,
        published=work.published_at,
        authors=[(str(p), f"{base}{p.get_absolute_url()}") for p in work.creator_pseuds()],
        summary=visible_text(work.summary),
        content_html=render_to_string("feeds/feed_entry.html", {"work": work, "base": base}),
        categories=[
            # Each tag type's scheme is the catalog page that lists that type's tags.
            (tag.name, tag.name, f"{base}{reverse('feeds:opds:tags_of_type', kwargs={'tag_type': tag.type})}")
            for _, tags in work.tags_in_order()
            for tag in tags
        ],
        language=work.language,
        links=[Link(f"{base}{work.get_absolute_url()}", "alternate", "text/html"), *(links or [])],
    )


def _atom_response(feed: Feed) -> HttpResponse:
    return HttpResponse(render(feed), content_type=f"{ATOM}; charset=utf-8")


def _works_feed(request: HttpRequest, works: WorkQuerySet, title: str, page_path: str) -> HttpResponse:
    latest = list(works.for_blurbs(None).order_by("-published_at", "-id")[:FEED_SIZE])
    base = site_base(request)
    feed = Feed(
        id=f"{settings.SITE_URL}{request.path}",
        title=f"{settings.SITE_NAME}: {title}",
        updated=max((w.updated_at or w.revised_at for w in latest), default=timezone.now()),
        author=settings.SITE_NAME,
        links=[
            Link(f"{base}{request.path}", "self", ATOM),
            Link(f"{base}{page_path}", "alternate", "text/html"),
        ],
        entries=[work_entry(request, work) for work in latest],
    )
    return _atom_response(feed)


@cacheable_for_guests
def recent_works(request: HttpRequest) -> HttpResponse:
    return _works_feed(request, guest_works(), "Recent works", reverse("listings:works"))


@cacheable_for_guests
def tag_feed(request: HttpRequest, name: str) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.named(name))
    return _works_feed(request, guest_works().in_tag(tag), f"New works in {tag.name}", tag.works_url())


@cacheable_for_guests
def user_feed(request: HttpRequest, username: str) -> HttpResponse:
    owner = get_object_or_404(User, username__iexact=username, is_active=True)
    works = guest_works().created_by(owner)
    return _works_feed(request, works, f"New works by {owner.username}", owner.get_absolute_url())


@cacheable_for_guests
def work_feed(request: HttpRequest, work_id: int) -> HttpResponse:
    """A work's new chapters, newest first."""
    if work_id > MAX_ID:
        raise Http404("No such work.")
    work = get_object_or_404(guest_works().for_blurbs(None), pk=work_id)
    base = site_base(request)
    chapters = sorted(work.chapters_visible_to(None), key=lambda c: (c.published_at or c.created_at, c.pk))
    chapters = list(reversed(chapters))[:FEED_SIZE]
    authors = [(str(p), "") for p in work.creator_pseuds()]
    entries = [
        Entry(
            id=f"{settings.SITE_URL}{chapter.get_absolute_url()}",
            title=f"{work.title}: {chapter.display_title()}",
            updated=chapter.published_at or chapter.created_at,
            published=chapter.published_at,
            authors=authors,
            summary=visible_text(chapter.summary) or f"{chapter.word_count:,} words",
            links=[Link(f"{base}{chapter.get_absolute_url()}", "alternate", "text/html")],
        )
        for chapter in chapters
    ]
    feed = Feed(
        id=f"{settings.SITE_URL}{request.path}",
        title=f"{settings.SITE_NAME}: {work.title}",
        subtitle=f"New chapters of {work.title}",
        updated=max((e.updated for e in entries), default=work.revised_at),
        author=", ".join(str(p) for p in work.creator_pseuds()),
        links=[
            Link(f"{base}{request.path}", "self", ATOM),
            Link(f"{base}{work.get_absolute_url()}", "alternate", "text/html"),
        ],
        entries=entries,
    )
    return _atom_response(feed)
