"""`ficshelf reindex` catches both indexes up with rows written behind the models' backs."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from ficshelf.tags.models import FilterTagging
from ficshelf.works.models import Chapter
from tests.base import BaseTestCase, make_work


class ReindexTestCase(BaseTestCase):
    def test_it_rebuilds_the_filter_index_and_reindexes_changed_text(self):
        work = make_work(self.alice, "Umbrellas", chapters=["<p>One heron.</p>"])
        rows = set(FilterTagging.objects.values_list("work_id", "tag_id"))
        FilterTagging.objects.all().delete()
        Chapter.objects.filter(work=work).update(body="<p>A kingfisher.</p>", revised_at=timezone.now())

        out = StringIO()
        call_command("reindex", stdout=out)

        assert set(FilterTagging.objects.values_list("work_id", "tag_id")) == rows
        assert f"Filter index: {len(rows)} rows written." in out.getvalue()
        assert "Full-text index: 1 work brought up to date." in out.getvalue()
        self.assertContains(self.client.get("/works/search", {"q": "kingfisher"}), "Umbrellas")
        self.assertContains(self.client.get("/tags/Sherlock Holmes/works"), "Umbrellas")

    def test_it_changes_nothing_when_both_indexes_are_up_to_date(self):
        make_work(self.alice)
        out = StringIO()
        call_command("reindex", stdout=out)
        assert "Full-text index: 0 works brought up to date." in out.getvalue()
