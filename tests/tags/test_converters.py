"""Tag names in URLs: AO3's escapes, a star's own escape, and every name coming back whole."""

from urllib.parse import unquote

from django.urls import resolve, reverse
from hypothesis import example, given
from hypothesis import strategies as st

from ficshelf.tags.converters import escape_tag_name, unescape_tag_name
from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase, make_work

# Every route that names a tag, so each one quotes and unquotes the same way.
TAG_ROUTES = [
    "tags:tag",
    "tags:tag_edit",
    "tags:tag_wrangle",
    "listings:tag_works",
    "feeds:tag_feed",
    "feeds:opds:tag",
]


def test_it_writes_ao3s_escapes_and_percent_encodes_the_rest():
    assert reverse("tags:tag", kwargs={"name": "Buffy Summers/Spike"}) == "/tags/Buffy%20Summers*s*Spike"
    assert (
        reverse("tags:tag", kwargs={"name": "Holmes & Watson. Why? #1"})
        == "/tags/Holmes%20*a*%20Watson*d*%20Why*q*%20*h*1"
    )
    assert (
        reverse("listings:tag_works", kwargs={"name": "100% Ünïcödé"})
        == "/tags/100%25%20%C3%9Cn%C3%AFc%C3%B6d%C3%A9/works"
    )


def test_it_gives_a_star_its_own_escape_so_a_literal_escape_survives():
    assert escape_tag_name("Spike*s*Dru") == "Spike*x*s*x*Dru"
    assert reverse("listings:tag_works", kwargs={"name": "Spike*s*Dru"}) == "/tags/Spike*x*s*x*Dru/works"
    assert resolve("/tags/Spike*x*s*x*Dru/works").kwargs == {"name": "Spike*s*Dru"}
    assert resolve("/tags/Spike*s*Dru/works").kwargs == {"name": "Spike/Dru"}


def test_it_reads_a_star_that_opens_no_escape_as_itself():
    assert unescape_tag_name("Spike*Dru") == "Spike*Dru"
    assert unescape_tag_name("*s") == "*s"


@given(st.text(min_size=1, max_size=60))
@example("Spike*s*Dru")
@example("*x*")
@example("**s**")
@example("*s*a*d*q*h*x*")
@example("50% off / 100%25")
@example("Ünïcödé 名前 & more. Why? #1")
@example(" leading and trailing ")
@example(".")
@example("..")
def test_it_round_trips_any_name_through_reverse_and_resolve(name):
    assert unescape_tag_name(escape_tag_name(name)) == name
    for route in TAG_ROUTES:
        path = reverse(route, kwargs={"name": name})
        match = resolve(unquote(path))  # the request's path arrives percent-decoded
        assert (match.view_name, match.kwargs) == (route, {"name": name})


class TagPageAddressTestCase(BaseTestCase):
    def test_it_tells_a_tag_named_with_an_escape_from_the_tag_the_escape_spells(self):
        make_work(self.alice, title="Starry", fandoms=("Spike*s*Dru",))
        make_work(self.alice, title="Slashed", fandoms=("Spike/Dru",))
        starry = Tag.objects.get(name="Spike*s*Dru", type=TagType.FANDOM)
        r = self.client.get(starry.works_url())
        self.assertContains(r, "Starry")
        self.assertNotContains(r, "Slashed")
        r = self.client.get("/tags/Spike*s*Dru/works")
        self.assertContains(r, "Slashed")
        self.assertNotContains(r, "Starry")
        self.assertContains(self.client.get(starry.get_absolute_url()), "Spike*s*Dru")
