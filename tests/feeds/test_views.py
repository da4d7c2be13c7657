"""Atom feeds, read with a real feed client (feedparser) and followed with the test client."""

from urllib.parse import urlsplit

import feedparser

from ficshelf.tags.models import FilterTagging, Tag, TagType
from ficshelf.works.models import Chapter
from tests.base import BaseTestCase, make_work


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert parts.netloc == "testserver", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


class FeedTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.public = make_work(self.alice, "Public Rain", fandoms=("Sherlock Holmes/Watson & Co.",))
        self.restricted = make_work(
            self.alice, "Members Only", restricted=True, fandoms=("Sherlock Holmes/Watson & Co.",)
        )
        self.draft = make_work(
            self.alice, "Unfinished Draft", posted=False, fandoms=("Sherlock Holmes/Watson & Co.",)
        )
        self.hidden = make_work(
            self.alice, "Hidden Away", hidden=True, fandoms=("Sherlock Holmes/Watson & Co.",)
        )
        self.other = make_work(self.bob, "Bob's Tale", fandoms=("Pride and Prejudice",))

    def parse(self, url: str):
        response = self.client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        return feed

    def assert_only_public(self, feed, expected: set[str]) -> None:
        assert {entry.title for entry in feed.entries} == expected

    def test_the_recent_works_feed_shows_only_what_guests_may_see(self):
        self.login(self.alice)  # even for a logged-in creator: feeds are public documents
        feed = self.parse("/works/feed.atom")
        self.assert_only_public(feed, {"Public Rain", "Bob's Tale"})
        entry = next(e for e in feed.entries if e.title == "Public Rain")
        assert entry.author == "alice"
        fandom = next(t for t in entry.tags if t.term == "Sherlock Holmes/Watson & Co.")
        assert path_of(fandom.scheme) == "/opds/tags/types/Fandom"  # the catalog's list of fandoms
        assert self.client.get(path_of(fandom.scheme)).status_code == 200
        assert "Words:" in entry.content[0].value
        assert self.client.get(path_of(entry.link)).status_code == 200
        assert path_of(feed.feed.links[0].href) == "/works/feed.atom"

    def test_a_tag_feed_uses_ao3s_escaped_names_and_its_links_work(self):
        tag = Tag.objects.get(name="Sherlock Holmes/Watson & Co.")
        url = f"{tag.get_absolute_url()}/feed.atom"
        assert url == "/tags/Sherlock%20Holmes*s*Watson%20*a*%20Co*d*/feed.atom"
        feed = self.parse(url)
        self.assert_only_public(feed, {"Public Rain"})
        for link in feed.feed.links:
            assert self.client.get(path_of(link.href)).status_code == 200
        page = self.client.get(tag.get_absolute_url())
        self.assertContains(
            page,
            f'type="application/atom+xml" title="New works in Sherlock Holmes/Watson &amp; Co." href="{url}"',
        )
        page = self.client.get(f"{tag.get_absolute_url()}/works")
        self.assertContains(page, f'href="{url}"')
        assert self.client.get("/tags/No%20Such%20Tag/feed.atom").status_code == 404

    def test_works_reaching_a_tag_through_the_filter_index_appear_in_its_feed(self):
        # A synonym's or subtag's works reach the canonical tag through the tags app's index.
        canonical = Tag.find_or_create("Holmes", TagType.CHARACTER)
        synonym = Tag.find_or_create("Sherlock", TagType.CHARACTER)
        work = make_work(self.bob, "By Another Name")
        work.set_tags({**work.tags_by_type, TagType.CHARACTER: [synonym]})
        FilterTagging.objects.get_or_create(tag=canonical, work=work)
        assert "By Another Name" in {e.title for e in self.parse("/tags/Holmes/feed.atom").entries}

    def test_a_creators_feed_lists_their_new_works(self):
        feed = self.parse("/users/alice/feed.atom")
        self.assert_only_public(feed, {"Public Rain"})
        self.assertContains(self.client.get("/users/alice/"), 'href="/users/alice/feed.atom"')
        assert self.client.get("/users/nobody_here/feed.atom").status_code == 404

    def test_a_works_feed_lists_its_new_chapters(self):
        Chapter.objects.create(
            work=self.public,
            position=2,
            title="The Return",
            body="<p>Two</p>",
            posted=True,
            published_at=self.public.published_at,
        )
        Chapter.objects.create(work=self.public, position=3, body="<p>Draft three</p>", posted=False)
        self.public.refresh_counts()
        feed = self.parse(f"/works/{self.public.pk}/feed.atom")
        titles = [e.title for e in feed.entries]
        assert titles == ["Public Rain: Chapter 2: The Return", "Public Rain: Chapter 1"]
        assert self.client.get(path_of(feed.entries[0].link)).status_code == 200
        for work in (self.restricted, self.draft, self.hidden):
            assert self.client.get(f"/works/{work.pk}/feed.atom").status_code == 404
        assert self.client.get(f"/works/{10**30}/feed.atom").status_code == 404

    def test_the_works_index_advertises_its_feed(self):
        self.assertContains(
            self.client.get("/works/"),
            '<link rel="alternate" type="application/atom+xml" title="Recent works" href="/works/feed.atom">',
        )

    def test_feeds_survive_titles_xml_cannot_hold(self):
        make_work(self.alice, "Bell\x07 and 🌙 <b>", summary="<p>\x0bodd</p>")
        feed = self.parse("/works/feed.atom")
        assert "Bell and 🌙 <b>" in {e.title for e in feed.entries}
