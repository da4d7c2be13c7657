from unittest import mock

import nh3

from ficshelf.tags.models import Tag, TagType
from ficshelf.text import SANITIZER_VERSION
from ficshelf.works.models import Chapter, Series, Work
from ficshelf.works.signals import chapter_published
from tests.base import BaseTestCase, make_work


class WorkModelTestCase(BaseTestCase):
    def test_it_sanitizes_html_fields_on_save_and_records_the_version(self):
        work = Work.objects.create(title="T", summary='<p onclick="x">Hi</p><script>bad()</script>')
        work.refresh_from_db()
        assert work.summary == "<p>Hi</p>"
        assert work.summary_sanitizer_version == SANITIZER_VERSION

    def test_a_save_of_some_fields_cleans_only_those(self):
        chapter = make_work(self.alice, chapters=["<p>A long chapter.</p>"]).chapters.get()
        chapter.refresh_from_db()
        chapter.title = "Renamed"
        with mock.patch("nh3.clean", wraps=nh3.clean) as clean:
            chapter.save(update_fields=["title"])
            chapter.save()
        assert clean.call_count == 1  # the full save cleans the body (as read from the database)
        assert Chapter.objects.get().title == "Renamed"

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

    def test_place_chapter_inserts_where_asked_renumbers_and_recounts(self):
        work = make_work(self.alice, chapters=["<p>a</p>", "<p>b</p>"])
        a, b = work.chapters.order_by("position")
        new = work.place_chapter(Chapter(body="<p>c d</p>"), 1)
        assert list(work.chapters.order_by("position").values_list("pk", "position")) == [
            (new.pk, 1),
            (a.pk, 2),
            (b.pk, 3),
        ]
        assert not new.posted and work.word_count == 2  # a draft chapter: not counted for readers
        work.place_chapter(new, 3)
        assert list(work.chapters.order_by("position").values_list("pk", flat=True)) == [a.pk, b.pk, new.pk]

    def test_place_chapter_with_publish_posts_and_announces_a_chapter_once(self):
        work = make_work(self.alice, chapters=["<p>a</p>"])
        announced = []

        def record(sender, chapter, **kwargs):
            announced.append(chapter.pk)

        chapter_published.connect(record, weak=False)
        self.addCleanup(chapter_published.disconnect, record)
        chapter = work.place_chapter(Chapter(body="<p>b c</p>"), 2, publish=True)
        assert chapter.posted and chapter.published_at
        assert (work.chapter_count, work.word_count) == (2, 3)
        work.place_chapter(chapter, 1, publish=True)  # already posted: not announced again
        assert announced == [chapter.pk]

    def test_place_chapter_on_a_draft_work_keeps_the_chapter_for_the_post(self):
        work = make_work(self.alice, posted=False, chapters=["<p>a</p>"])
        chapter = work.place_chapter(Chapter(body="<p>b</p>"), 2, publish=True)
        assert not chapter.posted
        work.post()
        chapter.refresh_from_db()
        assert chapter.posted

    def test_remove_chapter_closes_the_gap_and_recounts(self):
        work = make_work(self.alice, chapters=["<p>a</p>", "<p>b c</p>", "<p>d</p>"])
        a, b, c = work.chapters.order_by("position")
        work.remove_chapter(b)
        assert list(work.chapters.order_by("position").values_list("pk", "position")) == [
            (a.pk, 1),
            (c.pk, 2),
        ]
        assert (work.chapter_count, work.word_count) == (2, 2)

    def test_chapter_html_prefixes_footnote_ids(self):
        work = make_work(self.alice, chapters=['<p><a href="#n1">1</a></p><p id="n1">note</p>'])
        chapter = work.chapters.get()
        assert f'href="#chapter-{chapter.pk}-n1"' in chapter.html()
        assert f'id="chapter-{chapter.pk}-n1"' in chapter.html()

    def test_adult_ratings_need_the_gate(self):
        assert make_work(self.alice, rating="Explicit").is_adult
        assert make_work(self.alice, rating="Not Rated").is_adult
        assert not make_work(self.alice, rating="Teen And Up Audiences").is_adult

    def test_blurbs_load_tags_bylines_and_series_of_every_work_in_five_queries(self):
        first = make_work(self.alice, title="First", fandoms=("Sherlock Holmes", "Pride and Prejudice"))
        second = make_work(self.alice, title="Second", rating="Explicit")
        bare = Work.objects.create(title="Bare", posted=True)
        first.set_tags(
            first.tags_by_type | {TagType.CHARACTER: [Tag.find_or_create(n, TagType.CHARACTER) for n in "BA"]}
        )
        first.creatorships.create(pseud=self.bob.default_pseud, position=1, accepted=True)
        Series.objects.create(title="Letters").add_work(second)
        with self.assertNumQueries(5):  # works, tags, creators, series, the parts a guest may see
            works = {
                w.title: w
                for w in Work.objects.filter(title__in=["First", "Second", "Bare"]).for_blurbs(None)
            }
            tags = {
                title: {t: [tag.name for tag in tags] for t, tags in w.tags_by_type.items() if tags}
                for title, w in works.items()
            }
            bylines = {title: [str(p) for p in w.creator_pseuds()] for title, w in works.items()}
            series = [(part.series.title, part.number) for part in works["Second"].series_parts()]
        assert tags["First"] == {
            "Rating": ["General Audiences"],
            "ArchiveWarning": ["No Archive Warnings Apply"],
            "Fandom": ["Sherlock Holmes", "Pride and Prejudice"],
            "Character": ["B", "A"],
        }
        assert tags["Second"]["Rating"] == ["Explicit"] and tags["Bare"] == {}
        assert bylines == {"First": ["alice", "bob"], "Second": ["alice"], "Bare": []}
        assert series == [("Letters", 1)] and works["First"].series_parts() == []
        assert works["First"].is_creator(self.bob) and not works["Second"].is_creator(self.bob)
        # One object per tag, whichever works carry it; the same as the work page's own.
        assert works["First"].tags_of(TagType.WARNING)[0] is works["Second"].tags_of(TagType.WARNING)[0]
        assert works["Second"].tags_by_type == Work.objects.get(pk=second.pk).tags_by_type
        assert Work.objects.filter(pk=bare.pk).for_blurbs(None).first().tags_in_order() == []
