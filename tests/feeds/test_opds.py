"""The OPDS 1.2 catalog, walked the way a reading app walks it (feedparser + following links)."""

import io
import zipfile
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import feedparser
from django.utils import timezone

from ficshelf.community.models import Bookmark, Reading
from ficshelf.downloads.models import FeedToken
from tests.base import BaseTestCase, make_work

NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ACQUIRE = "http://opds-spec.org/acquisition"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class OpdsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.public = make_work(self.alice, "Public Rain", fandoms=("Sherlock Holmes",))
        self.restricted = make_work(self.alice, "Members Only", restricted=True, fandoms=("Sherlock Holmes",))
        self.draft = make_work(self.bob, "Bob's Draft", posted=False, fandoms=("Sherlock Holmes",))

    def parse(self, url: str, kind: str | None = None):
        response = self.client.get(url)
        assert response.status_code == 200, url
        if kind:
            assert response["Content-Type"].startswith(kind)
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        return feed

    def links(self, entry, rel: str) -> list:
        return [link for link in entry.links if link.rel == rel]

    def walk(self, root: str) -> dict[str, list[str]]:
        """Follow every navigation link from the root; return {acquisition feed title: work titles}."""
        found: dict[str, list[str]] = {}
        queue, seen = [root], set()
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = self.client.get(url)
            feed = self.parse(url)
            if response["Content-Type"].startswith(ACQUISITION):
                found[feed.feed.title] = [e.title for e in feed.entries]
                for entry in feed.entries:
                    for link in self.links(entry, ACQUIRE):
                        download = self.client.get(path_of(link.href), follow=True)
                        assert download.status_code == 200, link.href
                        assert download["Content-Type"] == link.type
            else:
                for entry in feed.entries:
                    queue.extend(path_of(link.href) for link in entry.links if link.rel == "subsection")
        return found

    def test_the_public_catalog_leads_to_downloads_of_what_guests_may_see(self):
        root = self.parse("/opds/", NAVIGATION)
        assert [e.title for e in root.entries] == ["Recent Works", "By Fandom", "By Tag"]
        assert {link.rel for link in root.feed.links} >= {"self", "start", "search"}
        found = self.walk("/opds/")
        assert found["Recent Works"] == ["Public Rain"]
        assert found["Sherlock Holmes"] == ["Public Rain"]
        assert all("Members Only" not in titles and "Bob's Draft" not in titles for titles in found.values())

    def test_acquisition_entries_carry_epub_and_pdf_links_and_metadata(self):
        feed = self.parse("/opds/recent", ACQUISITION)
        entry = feed.entries[0]
        types = {link.type for link in self.links(entry, ACQUIRE)}
        assert types == {"application/epub+zip", "application/pdf"}
        assert entry.author == "alice"
        assert entry.get("dcterms_language") == "en"  # dc: is DCMI terms, as OPDS 1.2 uses
        assert "Sherlock Holmes" in [t.term for t in entry.tags]
        assert [link.href for link in entry.links if link.rel == "alternate"] == [
            f"http://testserver/works/{self.public.pk}"
        ]
        epub = self.client.get(path_of(self.links(entry, ACQUIRE)[0].href))
        assert (
            zipfile.ZipFile(io.BytesIO(b"".join(epub.streaming_content))).read("mimetype")
            == b"application/epub+zip"
        )

    def test_it_paginates_with_next_links(self):
        for number in range(22):
            make_work(self.bob, f"Filler {number}")
        feed = self.parse("/opds/recent")
        assert len(feed.entries) == 20  # FICSHELF_PER_PAGE, as on every list page
        next_link = next(link for link in feed.feed.links if link.rel == "next")
        second = self.parse(path_of(next_link.href))
        assert len(second.entries) == 3

    def test_search_has_an_opensearch_description_and_finds_by_title_tag_and_creator(self):
        root = self.parse("/opds/")
        description_url = next(
            link.href for link in root.feed.links if link.type == "application/opensearchdescription+xml"
        )
        description = ElementTree.fromstring(self.client.get(path_of(description_url)).content)
        url = description.find("{http://a9.com/-/spec/opensearch/1.1/}Url").get("template")
        for terms, expected in (
            ("rain", ["Public Rain"]),
            ("sherlock alice", ["Public Rain"]),
            ("members", []),
            ("", []),
        ):
            feed = self.parse(path_of(url.replace("{searchTerms}", quote(terms))), ACQUISITION)
            assert [e.title for e in feed.entries] == expected, terms

    def test_the_private_catalog_sees_what_its_owner_sees_and_downloads_with_the_token(self):
        token = FeedToken.for_user(self.bob).token
        root = self.parse(f"/opds/u/{token}/", NAVIGATION)
        assert [e.title for e in root.entries][-2:] == ["Marked for Later", "Bookmarks"]
        found = self.walk(f"/opds/u/{token}/")
        assert set(found["Recent Works"]) == {"Public Rain", "Members Only", "Bob's Draft"}
        feed = self.parse(f"/opds/u/{token}/recent")
        restricted = next(e for e in feed.entries if e.title == "Members Only")
        link = self.links(restricted, ACQUIRE)[0].href
        assert path_of(link).startswith(f"/opds/u/{token}/downloads/{self.restricted.pk}/")
        assert self.client.get(path_of(link).replace(f"/opds/u/{token}", "")).status_code == 404  # a guest
        assert self.client.get("/opds/u/not-a-token/").status_code == 404
        assert self.client.get("/opds/marked-for-later").status_code == 404

    def test_marked_for_later_and_bookmarks_come_from_the_community_app(self):
        token = FeedToken.for_user(self.bob).token
        Bookmark.objects.create(user=self.bob, work=self.restricted, private=True)
        Reading.objects.create(
            user=self.bob, work=self.public, marked_for_later=True, marked_at=timezone.now()
        )
        Reading.objects.create(user=self.alice, work=self.restricted, marked_for_later=True)
        assert [e.title for e in self.parse(f"/opds/u/{token}/bookmarks").entries] == ["Members Only"]
        assert [e.title for e in self.parse(f"/opds/u/{token}/marked-for-later").entries] == ["Public Rain"]
