"""The cache backend that counts its hits and misses for /metrics (site/metrics.py).

django-prometheus ships one too, but it returns `cached or default`, so a cached 0,
"" or False (a rate limit's count) would read as a miss.
"""

from typing import Any

from django.core.cache.backends import filebased
from django_prometheus.cache.metrics import (
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)

_MISSING = object()


class FileBasedCache(filebased.FileBasedCache):
    """Django's file cache; hit ratio = django_cache_get_hits_total / django_cache_get_total."""

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        value = super().get(key, _MISSING, version)
        django_cache_get_total.labels(backend="filebased").inc()
        if value is _MISSING:
            django_cache_misses_total.labels(backend="filebased").inc()
            return default
        django_cache_hits_total.labels(backend="filebased").inc()
        return value
