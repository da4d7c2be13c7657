"""ficshelf/fields.py: one-line fields (titles, names and tag lists hold no line break or
control character, whichever form they come through: #12 item 10), and PlainSelect
(the markup of Django's Select, written faster: #14 item 1)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from ficshelf.community.models import Bookmark, Comment
from ficshelf.fields import PlainSelect, SingleLineField
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Chapter, Series, Work
from tests.base import BaseTestCase, make_work, work_form_data
from tests.works.test_chapters import chapter_data


class SingleLineFormsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.alice)

    def test_a_title_pasted_with_line_breaks_is_saved_on_one_line(self):
        data = work_form_data(
            self.alice,
            title="The Heron\r\nUmbrella\n",
            chapter_title="A Stranger\tin the Hall",
            new_series="Baker Street\r\nWeather",
            freeforms="Rain\u2028Fluff, Case Fic",
        )
        r = self.client.post("/works/new", data)
        work = Work.objects.get()
        self.assertRedirects(r, f"/works/{work.pk}", fetch_redirect_response=False)
        assert work.title == "The Heron Umbrella"
        assert Chapter.objects.get().title == "A Stranger in the Hall"
        assert Series.objects.get().title == "Baker Street Weather"
        assert [t.name for t in work.tags_of(TagType.FREEFORM)] == ["Rain Fluff", "Case Fic"]

    def test_a_control_character_in_a_title_is_a_form_error(self):
        # C1 controls pass the request door (they are no trouble to the database) but
        # have no place in a title: a form error says which character it is.
        r = self.client.post("/works/new", work_form_data(self.alice, title="The Heron\x9bUmbrella"))
        self.assertContains(
            r,
            "This holds the control character U+009B, which a title or name can&#x27;t contain.",
            status_code=400,
        )
        assert not Work.objects.exists()

    def test_a_control_character_in_a_tag_is_a_form_error(self):
        r = self.client.post("/works/new", work_form_data(self.alice, characters="Holmes\x85\x90"))
        self.assertContains(r, "U+0090", status_code=400)
        assert not Tag.objects.filter(type=TagType.CHARACTER).exists()

    def test_a_new_chapter_and_a_series_title_edited_are_one_line(self):
        work = make_work(self.alice)
        self.client.post(
            f"/works/{work.pk}/chapters/new", chapter_data(position="2", chapter_title="Naxos\r\n")
        )
        assert work.chapters.get(position=2).title == "Naxos"
        series = Series.objects.create(title="Old")
        series.pseuds.add(self.alice.default_pseud)
        series.add_work(work)
        r = self.client.post(
            f"/series/{series.pk}/edit",
            {"title": "Longbourn\r\nLetters", "summary": "", "notes": "", f"order-position_{work.pk}": "1"},
        )
        assert r.status_code == 302
        series.refresh_from_db()
        assert series.title == "Longbourn Letters"

    def test_a_guests_name_and_a_bookmarks_tags_are_one_line(self):
        work = make_work(self.bob)
        self.client.post(f"/works/{work.pk}/bookmarks/new", {"notes": "", "tag_names": "rainy\r\nday, cosy"})
        assert Bookmark.objects.get().tag_names == "rainy day, cosy"
        self.client.logout()
        url = f"/works/{work.pk}/chapters/{work.chapters.get().pk}/comments"
        self.client.post(
            url, {"body": "Hello\r\nthere", "name": "Wren\r\nBcc: x@example.org", "email": "w@example.org"}
        )
        comment = Comment.objects.get()
        assert comment.guest_name == "Wren Bcc: x@example.org"
        assert "Hello" in comment.body and "there" in comment.body  # a comment keeps its lines


def test_the_field_refuses_controls_from_outside_a_request_too():
    field = SingleLineField(max_length=255)
    assert field.clean("  Chapter\x0b1\r\n") == "Chapter 1"
    with pytest.raises(ValidationError) as error:
        field.clean("Chapter\x071")
    assert error.value.messages == [
        "This holds the control character U+0007 (BELL), which a title or name can't contain. "
        "Remove it and try again."
    ]


@pytest.mark.parametrize("value", [None, "", "fr", "not a choice", "x&y", ["fr"], 3, "3"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_language"}, {"id": "i", "required": True, "aria-invalid": "true", "disabled": False}],
)
def test_it_writes_the_select_djangos_templates_write(value, attrs):
    choices = [
        ("", "Any language"),
        ("en", "English"),
        ("fr", "français"),
        ("x&y", 'A <b> & "q"'),
        (3, "three"),
    ]
    assert PlainSelect(choices=choices).render("language", value, attrs) == forms.Select(
        choices=choices
    ).render("language", value, attrs)


def test_it_leaves_grouped_choices_to_django():
    choices = [("Europe", [("fr", "français"), ("de", "Deutsch")]), ("", "Anywhere")]
    assert PlainSelect(choices=choices).render("place", "de") == forms.Select(choices=choices).render(
        "place", "de"
    )
