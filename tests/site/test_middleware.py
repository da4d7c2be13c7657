"""Control characters in a request's address or parameters get the site's 400 page, never a 500."""

from django.core.files.uploadedfile import SimpleUploadedFile

from ficshelf.importing.models import ImportDraft
from ficshelf.works.models import Work
from tests.base import BaseTestCase, make_work, work_form_data

# Each of these answered 500 on PostgreSQL (which can't store NUL) when a parameter or
# path segment held a NUL; SQLite answered 200 or 404.
NUL_REQUESTS = [
    "/works/?include=Rain%00",
    "/works/?exclude=Rain%00",
    "/autocomplete/tag?term=ra%00in",
    "/tags/Rain%00",
    "/tags/Rain%00/works",
    "/tags/Rain%00/feed.atom",
    "/opds/search?q=rain%00",
    "/opds/tags/Rain%00",
    "/users/a%00b/",
    "/users/a%00b/feed.atom",
    "/users/a%00b/pseuds/x",
    "/users/alice/pseuds/a%00b",
    "/users/alice/muted/users/confirm_mute?muted_id=b%00ob",
    "/users/alice/blocked/users/confirm_block?blocked_id=b%00ob",
    "/works/search?q=rain%00",
]


class RefuseControlCharactersTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        make_work(self.alice)
        self.login(self.alice)

    def assert_refused(self, response, where: str, character: str = "U+0000 (NULL)") -> None:
        self.assertContains(response, "That request could not be read", status_code=400)
        self.assertContains(
            response,
            f"{where} holds the control character {character}, which the archive can&#x27;t accept. "
            "Nothing was saved.",
            status_code=400,
        )

    def test_it_refuses_nul_in_every_path_and_parameter(self):
        for address in NUL_REQUESTS:
            with self.subTest(address=address):
                r = self.client.get(address)
                assert r.status_code == 400, (address, r.status_code)
                self.assertContains(r, "holds the control character U+0000 (NULL)", status_code=400)

    def test_it_names_the_parameter_and_the_character(self):
        r = self.client.get("/autocomplete/tag?term=ra%00in")
        self.assert_refused(r, "The address parameter “term”")
        r = self.client.get("/tags/Rain%00/works")
        self.assert_refused(r, "The address")
        r = self.client.get("/works/?x%1By=1")
        self.assert_refused(r, "A parameter name in the address", "U+001B (ESCAPE)")

    def test_it_refuses_other_controls_but_not_tabs_and_line_breaks(self):
        self.assert_refused(
            self.client.get("/works/?include=Rain%07"), "The address parameter “include”", "U+0007 (BELL)"
        )
        self.assert_refused(self.client.get("/users/a%0Bb/"), "The address", "U+000B (VERTICAL TAB)")
        assert self.client.get("/works/?q=rain%09tea").status_code == 200
        assert self.client.get("/works/?q=rain%0D%0Atea").status_code == 200

    def test_a_posted_field_with_nul_saves_nothing(self):
        r = self.client.post("/works/new", work_form_data(self.alice, title="The Heron\x00Umbrella"))
        self.assert_refused(r, "The form field “title”")
        assert Work.objects.count() == 1  # the one from setUp

    def test_a_posted_chapter_keeps_its_line_breaks_and_tabs(self):
        body = "It was dry.\r\n\r\n\tIt was raining."
        r = self.client.post("/works/new", work_form_data(self.alice, body=body))
        assert r.status_code == 302
        assert "It was raining." in Work.objects.latest("pk").chapters.get().body

    def test_an_import_reviews_chapter_title_with_nul_is_refused_and_the_draft_kept(self):
        # The review page stored posted chapter titles as they came (PostgreSQL's JSON
        # can't hold NUL either).
        story = SimpleUploadedFile("story.txt", b"Chapter 1: Bells\n\nThe clocks rang.\n")
        self.client.post("/works/import", {"file": story, "paste_format": "story.txt"})
        draft = ImportDraft.objects.get()
        before = draft.data
        r = self.client.post(draft.get_absolute_url(), {"chapter-0-title": "Bells\x00", "action": "draft"})
        self.assert_refused(r, "The form field “chapter-0-title”")
        draft.refresh_from_db()
        assert draft.data == before
