"""cached_reverse() gives what reverse() gives, for the same route, arguments, URLconf and script prefix."""

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from ficshelf.reversing import cached_reverse

NAMES = ["Spike/Dru", "Buffy & Faith", "Mr. Pointy?", "#1 Fan", "Spike*s*Dru", "Ōkami 大神", "100% Canon"]


@pytest.mark.parametrize("name", NAMES)
def test_it_gives_the_path_reverse_gives(name):
    for _ in range(2):  # asked, then remembered
        assert cached_reverse("listings:tag_works", name=name) == reverse(
            "listings:tag_works", kwargs={"name": name}
        )
    assert cached_reverse("works:chapter", work_id=12, chapter_id=5) == "/works/12/chapters/5"


def test_it_follows_the_script_prefix():
    assert cached_reverse("works:work", work_id=12) == "/works/12"
    set_script_prefix("/archive/")  # an archive mounted under a path (SCRIPT_NAME)
    try:
        assert cached_reverse("works:work", work_id=12) == "/archive/works/12"
    finally:
        set_script_prefix("/")
    assert cached_reverse("works:work", work_id=12) == "/works/12"


def test_it_follows_the_urlconf():
    assert cached_reverse("works:work", work_id=12) == "/works/12"
    with override_settings(ROOT_URLCONF="tests.urls_mounted"):
        assert cached_reverse("works:work", work_id=12) == "/mounted/works/12"
