from ficshelf.tags import filtering, wrangling
from ficshelf.tags.models import FilterTagging, Tag, TagReach, TagType
from ficshelf.works.models import Work
from tests.base import BaseTestCase, make_work


def _index() -> tuple[set, set]:
    return (
        set(FilterTagging.objects.values_list("work_id", "tag_id")),
        set(TagReach.objects.values_list("source_id", "target_id")),
    )


class RebuildEverythingTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.works = [
            make_work(self.alice, "Slayer", fandoms=("BtVS",)),
            make_work(self.bob, "Watcher", fandoms=("Buffy the Vampire Slayer", "Angel")),
            make_work(self.charlie, "Other", fandoms=("Sherlock Holmes",)),
        ]
        # Wrangled the way wranglers do (the re-index tasks run inline in tests).
        buffy = Tag.objects.get(name="Buffy the Vampire Slayer")
        whedon = Tag.objects.create(name="Whedonverse", type=TagType.FANDOM, canonical=True)
        wrangling.set_canonical(buffy, True)
        wrangling.merge(Tag.objects.get(name="BtVS"), buffy)
        wrangling.add_meta_tag(buffy, whedon)

    def test_it_rebuilds_what_posting_and_wrangling_keep_in_id_ranges(self):
        expected = _index()
        whedon = Tag.objects.get(name="Whedonverse")
        assert (self.works[0].pk, whedon.pk) in expected[0]  # through the synonym and the metatag
        FilterTagging.objects.all().delete()
        TagReach.objects.all().delete()
        untagged = Work.objects.create(title="No tags", posted=True)
        FilterTagging.objects.create(work=untagged, tag=whedon)  # a row no tagging explains
        original = filtering.WORK_RANGE
        filtering.WORK_RANGE = 1  # one work per transaction
        try:
            written = filtering.rebuild_everything()
        finally:
            filtering.WORK_RANGE = original
        assert _index() == expected
        assert written == len(expected[0])

    def test_it_writes_nothing_for_an_archive_without_taggings(self):
        Work.objects.all().delete()
        assert filtering.rebuild_everything() == 0
        assert not FilterTagging.objects.exists()
