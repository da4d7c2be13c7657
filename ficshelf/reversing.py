"""cached_reverse(): reverse() remembered, for the links every blurb and tag list repeats.

reverse() costs 70-80 µs a call on the development VM (it tries the route's patterns
again and quotes every argument), and a listing page links each of its 20 blurbs'
~20 tags: about 460 calls, most of the page's Python (docs/benchmarks.md, "Web
pages"). A path depends only on the route, its arguments, the URLconf and the
script prefix, so those are the key; tags and works are linked again and again, so
a bounded cache per process answers nearly every call.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# About 5 MB per process when full: more than the distinct tags a busy archive's
# listings show in a day, and far fewer than its works.
MAX_PATHS = 20_000


def cached_reverse(viewname: str, **kwargs: str | int) -> str:
    """reverse(viewname, kwargs=kwargs), from this process's memory when it was asked before."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, tuple(kwargs.items()), get_script_prefix(), urlconf)


@lru_cache(maxsize=MAX_PATHS)
def _reverse(viewname: str, kwargs: tuple[tuple[str, str | int], ...], prefix: str, urlconf: str) -> str:
    # `prefix` is only part of the key: reverse() reads the same script prefix itself.
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)
