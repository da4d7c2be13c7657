from ficshelf.tags.models import Tag, TagType
from tests.base import BaseTestCase, make_work


class TagWorksTestCase(BaseTestCase):
    def test_it_lists_visible_works_with_the_tag_under_an_escaped_url(self):
        work = make_work(self.alice, "Slashy", fandoms=("Buffy the Vampire Slayer",))
        tag = Tag.find_or_create("Buffy Summers/Spike", TagType.RELATIONSHIP)
        work.taggings.create(tag=tag, position=99)
        make_work(self.alice, "Locked", restricted=True).taggings.create(tag=tag, position=99)
        assert tag.get_absolute_url() == "/tags/Buffy%20Summers*s*Spike"
        r = self.client.get("/tags/Buffy%20Summers*s*Spike/works")
        self.assertContains(r, "Slashy")
        self.assertNotContains(r, "Locked")
        self.assertContains(r, "1 Work in")

    def test_tag_page_shows_its_type(self):
        make_work(self.alice, fandoms=("Greek Mythology",))
        r = self.client.get("/tags/Greek%20Mythology")
        self.assertContains(r, "This tag belongs to the Fandom category.")

    def test_names_with_dots_ampersands_and_question_marks_work(self):
        make_work(self.alice, "Tea with the Doctor", fandoms=("Dr. Who & Friends?",))
        r = self.client.get("/tags/Dr*d*%20Who%20*a*%20Friends*q*/works")
        self.assertContains(r, "Tea with the Doctor")

    def test_unknown_tag_is_404(self):
        assert self.client.get("/tags/Nope").status_code == 404
        assert self.client.get("/tags/Nope/works").status_code == 404
