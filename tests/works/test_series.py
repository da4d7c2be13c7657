from ficshelf.works.models import Series
from tests.base import BaseTestCase, make_work


class SeriesTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.series = Series.objects.create(title="Longbourn Letters", summary="<p>A year in letters.</p>")
        self.series.pseuds.add(self.alice.default_pseud)
        self.first = make_work(self.alice, "First Letter")
        self.second = make_work(self.alice, "Second Letter")
        self.third = make_work(self.alice, "Third Letter")
        for work in (self.first, self.second, self.third):
            self.series.add_work(work)

    def test_the_series_page_lists_its_works_as_blurbs_in_order(self):
        r = self.client.get(f"/series/{self.series.pk}")
        self.assertContains(r, "Longbourn Letters")
        self.assertContains(r, "A year in letters.")
        html = r.content.decode()
        assert html.index("First Letter") < html.index("Second Letter") < html.index("Third Letter")
        self.assertContains(r, '<li class="work blurb group"', count=3)

    def test_the_work_page_says_which_part_it_is_with_neighbours(self):
        r = self.client.get(f"/works/{self.second.pk}")
        self.assertContains(r, "Part 2 of the")
        self.assertContains(r, f'<a href="/series/{self.series.pk}">Longbourn Letters</a> series', html=False)
        self.assertContains(
            r, f'<a class="previous" href="/works/{self.first.pk}">← Previous Work</a>', html=True
        )
        self.assertContains(r, f'<a class="next" href="/works/{self.third.pk}">Next Work →</a>', html=True)

    def test_invisible_parts_are_skipped_by_neighbours_and_counts(self):
        self.second.restricted = True
        self.second.save()
        r = self.client.get(f"/works/{self.third.pk}")
        self.assertContains(r, "Part 2 of the")
        self.assertContains(r, f'href="/works/{self.first.pk}">← Previous Work', html=False)
        self.assertNotContains(self.client.get(f"/series/{self.series.pk}"), "Second Letter")

    def test_blurbs_number_the_parts_a_reader_may_see_as_the_work_page_does(self):
        self.first.restricted = True
        self.first.save()
        page = self.client.get(f"/series/{self.series.pk}").content.decode()
        assert "Part <strong>1</strong> of" in page and "Part <strong>2</strong> of" in page
        assert "Part <strong>3</strong>" not in page  # the restricted first part leaves no gap
        self.assertContains(self.client.get(f"/works/{self.third.pk}"), "Part 2 of the")
        self.login(self.bob)
        self.assertContains(self.client.get(f"/series/{self.series.pk}"), "Part <strong>3</strong> of")
        self.assertContains(self.client.get("/works/"), "Part <strong>3</strong> of")

    def test_a_series_with_no_visible_work_is_404(self):
        hidden = Series.objects.create(title="Drafts only")
        hidden.add_work(make_work(self.alice, posted=False))
        assert self.client.get(f"/series/{hidden.pk}").status_code == 404
        assert self.client.get("/series/99999").status_code == 404

    def test_the_creator_can_reorder_the_series(self):
        self.login(self.alice)
        self.assertContains(self.client.get(f"/series/{self.series.pk}/edit"), "Order of works")
        data = {
            "title": "Longbourn Letters",
            "summary": "A year.",
            "notes": "",
            f"order-position_{self.first.pk}": "3",
            f"order-position_{self.second.pk}": "1",
            f"order-position_{self.third.pk}": "2",
        }
        r = self.client.post(f"/series/{self.series.pk}/edit", data)
        self.assertRedirects(r, f"/series/{self.series.pk}", fetch_redirect_response=False)
        assert [w.title for w in self.series.works_visible_to(None)] == [
            "Second Letter",
            "Third Letter",
            "First Letter",
        ]

    def test_a_deeply_nested_series_summary_is_refused(self):
        self.login(self.alice)
        r = self.client.post(
            f"/series/{self.series.pk}/edit",
            {"title": "Longbourn Letters", "summary": "<div>" * 101, "notes": ""},
        )
        self.assertContains(r, "more than 100 levels deep", status_code=400)
        self.series.refresh_from_db()
        assert self.series.summary == "<p>A year in letters.</p>"

    def test_others_cannot_edit_the_series(self):
        self.login(self.bob)
        assert self.client.get(f"/series/{self.series.pk}/edit").status_code == 403
        assert self.client.post(f"/series/{self.series.pk}/edit", {"title": "Mine"}).status_code == 403
        self.series.refresh_from_db()
        assert self.series.title == "Longbourn Letters"
