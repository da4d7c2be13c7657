from ficshelf.accounts.models import Mute
from ficshelf.tags import wrangling
from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase, make_work


class AutocompleteTestCase(BaseTestCase):
    def test_it_suggests_canonicals_first_and_names_a_synonyms_canonical(self):
        spike = Tag.objects.create(name="Spike", type=TagType.CHARACTER, canonical=True)
        spiky = Tag.objects.create(name="Spike (BtVS)", type=TagType.CHARACTER)
        dog = Tag.objects.create(name="Spike the Dog", type=TagType.FREEFORM)
        make_work(self.alice).set_tags({TagType.CHARACTER: [spiky], TagType.FREEFORM: [dog]})
        wrangling.merge(spiky, spike)
        data = self.client.get("/autocomplete/tag", {"term": "spi", "type": "Character"}).json()
        assert data["tags"] == [
            {"name": "Spike", "canonical": True, "synonym_of": None},
            {"name": "Spike (BtVS)", "canonical": False, "synonym_of": "Spike"},
        ]
        assert len(self.client.get("/autocomplete/tag", {"term": "spi"}).json()["tags"]) == 3

    def test_it_returns_nothing_for_short_or_bad_input(self):
        assert self.client.get("/autocomplete/tag", {"term": "s"}).json() == {"tags": []}
        assert self.client.get("/autocomplete/tag", {"term": "spike", "type": "Nope"}).json() == {"tags": []}
        assert self.client.get("/autocomplete/tag").json() == {"tags": []}

    def test_it_enhances_the_posting_form_which_works_without_it(self):
        self.login(self.alice)
        r = self.client.get("/works/new")
        self.assertContains(r, "/static/listings/autocomplete.js")
        self.assertContains(r, 'data-source="/autocomplete/tag"')
        self.assertContains(r, 'name="characters"')


class AutocompleteVisibilityTestCase(BaseTestCase):
    """A suggestion names a tag in use on a work the asker may see, or a canonical one."""

    def setUp(self) -> None:
        super().setUp()
        self.secret = Tag.objects.create(name="Secret Umbrella Plot", type=TagType.FREEFORM)

    def tag_work(self, **fields) -> None:
        work = make_work(self.alice, **fields)
        work.set_tags({TagType.FREEFORM: [self.secret]})

    def suggested(self, user=None) -> list[str]:
        if user is None:
            self.client.logout()
        else:
            self.login(user)
        return [
            tag["name"] for tag in self.client.get("/autocomplete/tag", {"term": "secret"}).json()["tags"]
        ]

    def test_it_keeps_a_tag_only_on_a_draft_from_everyone_but_its_creator(self):
        self.tag_work(posted=False)
        assert self.suggested() == []
        assert self.suggested(self.bob) == []
        assert self.suggested(self.alice) == ["Secret Umbrella Plot"]

    def test_it_keeps_a_tag_only_on_a_restricted_work_from_guests(self):
        self.tag_work(restricted=True)
        assert self.suggested() == []
        assert self.suggested(self.bob) == ["Secret Umbrella Plot"]

    def test_it_keeps_a_tag_only_on_a_hidden_work_from_readers(self):
        self.tag_work(hidden=True)
        assert self.suggested() == []
        assert self.suggested(self.bob) == []
        assert self.suggested(self.alice) == ["Secret Umbrella Plot"]

    def test_it_keeps_a_tag_only_on_a_muted_creators_work_from_the_muter(self):
        self.tag_work()
        Mute.objects.create(muter=self.bob, muted=self.alice)
        assert self.suggested(self.bob) == []
        assert self.suggested(self.charlie) == ["Secret Umbrella Plot"]

    def test_it_suggests_a_tag_on_a_public_work_and_a_canonical_tag_without_works(self):
        self.tag_work()
        Tag.objects.create(name="Secret Identity", type=TagType.FREEFORM, canonical=True)
        assert self.suggested() == ["Secret Identity", "Secret Umbrella Plot"]

    def test_it_asks_the_database_once(self):
        self.tag_work()
        self.login(self.bob)
        with self.assertNumQueries(3):  # the session, the user, the suggestions
            self.client.get("/autocomplete/tag", {"term": "secret"})
