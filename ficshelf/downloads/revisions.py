"""Revision keys: one short digest per download, changing whenever what it shows changes.

Files are cached under their key (files.py), so a popular work is built once and a
changed one anew. A key is computed from the rows a download shows, without loading
any story text.
"""

from __future__ import annotations

import hashlib

from django.conf import settings

from ficshelf.accounts.models import User
from ficshelf.books import FORMAT_VERSION
from ficshelf.works.models import Series, Work


def _work_revision_parts(work: Work, user: User | None) -> list:
    """Everything about one work that a download shows, without loading any text.

    The work's own revised_at covers its title, summary and notes; chapters carry
    their own revised_at and position; tags and creators are read from the prefetched
    rows because renaming a tag or a pseud does not touch the work. Series parts are
    numbered as `user` sees them (Work.series_links), so a part hidden from one reader
    gives them, and the file cached for them, a different number than another's.
    """
    chapters = list(work.visible_chapters_queryset(user).values_list("pk", "position", "revised_at"))
    return [
        work.pk,
        work.revised_at.isoformat(),
        work.updated_at.isoformat() if work.updated_at else "",
        work.word_count,
        work.chapter_count,
        work.expected_chapters,
        work.complete,
        [(pk, position, revised.isoformat()) for pk, position, revised in chapters],
        [(tag.pk, tag.name, tag.type) for tags in work.tags_by_type.values() for tag in tags],
        [(pseud.pk, str(pseud)) for pseud in work.creator_pseuds()],
        [(link["series"].pk, link["series"].title, link["part"]) for link in work.series_links(user)],
    ]


def _digest(parts: list) -> str:
    material = repr([FORMAT_VERSION, settings.SITE_URL, settings.SITE_NAME, *parts])
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def work_revision(work: Work, user: User | None) -> str:
    """A key that changes whenever the download of `work` for `user` would change.

    `work` must be loaded with .for_blurbs() so tags and creators are prefetched.
    """
    return _digest(_work_revision_parts(work, user))


def series_revision(series: Series, works: list[Work], user: User | None) -> str:
    series_part = [series.pk, series.revised_at.isoformat(), [str(p) for p in series.pseuds.all()]]
    return _digest([series_part, *(_work_revision_parts(w, user) for w in works)])
