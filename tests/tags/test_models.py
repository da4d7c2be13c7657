import pytest
from django.core.exceptions import ValidationError

from ficshelf.tags.models import Tag, TagType, split_tag_list, validate_tag_name
from tests.base import BaseTestCase


class TagModelTestCase(BaseTestCase):
    def test_the_archive_starts_with_ao3s_fixed_tags(self):
        assert set(Tag.objects.of_type(TagType.RATING).values_list("name", flat=True)) == {
            "Not Rated",
            "General Audiences",
            "Teen And Up Audiences",
            "Mature",
            "Explicit",
        }
        assert Tag.objects.of_type(TagType.WARNING).count() == 6
        assert Tag.objects.get(name="Gen").canonical

    def test_it_links_to_its_new_name_once_renamed(self):
        tag = Tag.find_or_create("Spike/Dru", TagType.RELATIONSHIP)
        assert (tag.get_absolute_url(), tag.works_url()) == ("/tags/Spike*s*Dru", "/tags/Spike*s*Dru/works")
        tag.name = "Spike & Dru"
        tag.save()
        assert (tag.get_absolute_url(), tag.works_url()) == (
            "/tags/Spike%20*a*%20Dru",
            "/tags/Spike%20*a*%20Dru/works",
        )

    def test_find_or_create_reuses_a_tag_whatever_its_case(self):
        first = Tag.find_or_create("Sherlock  Holmes", TagType.CHARACTER)
        assert first.name == "Sherlock Holmes"
        assert Tag.find_or_create("sherlock holmes", TagType.CHARACTER) == first

    def test_a_name_taken_by_another_type_gets_a_typed_name(self):
        Tag.find_or_create("Sherlock Holmes", TagType.FANDOM)
        character = Tag.find_or_create("Sherlock Holmes", TagType.CHARACTER)
        assert character.name == "Sherlock Holmes - Character"
        assert character.type == TagType.CHARACTER

    def test_a_name_taken_twice_over_is_refused(self):
        Tag.find_or_create("Rain", TagType.FANDOM)
        Tag.objects.create(name="Rain - Character", type=TagType.FREEFORM)
        with self.assertRaises(ValidationError):
            Tag.find_or_create("Rain", TagType.CHARACTER)

    def test_resolve_names_the_tag_without_creating_it(self):
        Tag.find_or_create("Rain", TagType.FANDOM)
        tag = Tag.resolve("Rain", TagType.CHARACTER)
        assert (tag.pk, tag.name, tag.type) == (None, "Rain - Character", TagType.CHARACTER)
        assert not Tag.objects.filter(name="Rain - Character").exists()
        assert Tag.resolve("RAIN", TagType.FANDOM) == Tag.objects.get(name="Rain")


def test_only_a_tag_of_that_type_may_end_in_a_types_suffix():
    validate_tag_name("Rain - Character", TagType.CHARACTER)
    validate_tag_name("Sherlock Holmes - Arthur Conan Doyle", TagType.FANDOM)
    validate_tag_name("Rain - Character")  # a bookmark's own tag is no Tag
    for name, tag_type in [
        ("Rain - character", TagType.FREEFORM),
        ("Rain - Fandom", TagType.CHARACTER),
        ("Rain - Additional Tag", TagType.RELATIONSHIP),
    ]:
        with pytest.raises(ValidationError, match="which is kept for tags of the type"):
            validate_tag_name(name, tag_type)


def test_split_tag_list_keeps_order_and_drops_duplicates():
    assert split_tag_list(" Fluff, angst,,fluff , Hurt/Comfort ") == ["Fluff", "angst", "Hurt/Comfort"]
