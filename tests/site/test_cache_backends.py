"""The file cache counts hits and misses for /metrics, and gives back every value as it was stored."""

import pytest
from django.core.cache import caches
from django_prometheus.cache.metrics import django_cache_hits_total, django_cache_misses_total


@pytest.fixture
def cache(settings, tmp_path):
    settings.CACHES = {
        "default": {"BACKEND": "ficshelf.site.cache_backends.FileBasedCache", "LOCATION": tmp_path}
    }
    return caches["default"]


def counted(counter) -> float:
    return counter.labels(backend="filebased")._value.get()


def test_it_counts_a_hit_and_a_miss(cache):
    hits, misses = counted(django_cache_hits_total), counted(django_cache_misses_total)
    cache.set("present", "value")
    assert cache.get("present") == "value"
    assert cache.get("absent") is None
    assert (counted(django_cache_hits_total) - hits, counted(django_cache_misses_total) - misses) == (1, 1)


@pytest.mark.parametrize("stored", [0, "", False, []])
def test_it_gives_back_a_falsy_value_and_counts_it_a_hit(cache, stored):
    hits = counted(django_cache_hits_total)
    cache.set("falsy", stored)
    assert cache.get("falsy", default="default") == stored
    assert counted(django_cache_hits_total) - hits == 1


def test_it_gives_the_default_for_a_miss(cache):
    assert cache.get("absent", default="default") == "default"
    assert cache.get_or_set("made", lambda: 7) == 7
    assert cache.get("made") == 7
