from ficshelf.text import SANITIZER_VERSION
from ficshelf.works.models import Chapter, Work
from tests.base import BaseTestCase, make_work


class WorkModelTestCase(BaseTestCase):
    def test_it_sanitizes_html_fields_on_save_and_records_the_version(self):
        work = Work.objects.create(title="T", summary='<p onclick="x">Hi</p><script>bad()</script>')
        work.refresh_from_db()
        assert work.summary == "<p>Hi</p>"
        assert work.summary_sanitizer_version == SANITIZER_VERSION

    def test_it_counts_words_of_posted_chapters(self):
        work = make_work(self.alice, chapters=["<p>one two</p>", "<p>three-four five</p>"])
        assert (work.word_count, work.chapter_count) == (4, 2)

    def test_draft_chapters_do_not_count_on_a_posted_work(self):
        work = make_work(self.alice, chapters=["<p>one two</p>"])
        Chapter.objects.create(work=work, position=2, body="<p>three</p>", posted=False)
        work.refresh_counts()
        assert (work.word_count, work.chapter_count) == (2, 1)

    def test_chapters_label_follows_ao3(self):
        assert make_work(self.alice, expected_chapters=None).chapters_label() == "1/?"
        work = make_work(self.alice, chapters=["<p>a</p>", "<p>b</p>"], expected_chapters=2)
        assert work.chapters_label() == "2/2"
        assert work.complete

    def test_a_work_with_more_chapters_than_planned_raises_the_plan(self):
        work = make_work(self.alice, chapters=["<p>a</p>", "<p>b</p>"], expected_chapters=1)
        assert work.expected_chapters == 2

    def test_post_publishes_draft_chapters_with_the_work(self):
        work = make_work(self.alice, posted=False, chapters=["<p>a b</p>", "<p>c</p>"])
        work.post()
        assert work.posted and work.published_at
        assert work.chapters.filter(posted=True).count() == 2
        assert work.chapter_count == 2

    def test_renumber_puts_chapters_in_the_given_order(self):
        work = make_work(self.alice, chapters=["<p>a</p>", "<p>b</p>", "<p>c</p>"])
        a, b, c = work.chapters.order_by("position")
        work.renumber_chapters([c.pk, a.pk, b.pk])
        assert list(work.chapters.order_by("position").values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]

    def test_chapter_html_prefixes_footnote_ids(self):
        work = make_work(self.alice, chapters=['<p><a href="#n1">1</a></p><p id="n1">note</p>'])
        chapter = work.chapters.get()
        assert f'href="#chapter-{chapter.pk}-n1"' in chapter.html()
        assert f'id="chapter-{chapter.pk}-n1"' in chapter.html()

    def test_adult_ratings_need_the_gate(self):
        assert make_work(self.alice, rating="Explicit").is_adult
        assert make_work(self.alice, rating="Not Rated").is_adult
        assert not make_work(self.alice, rating="Teen And Up Audiences").is_adult
