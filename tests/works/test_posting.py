import datetime
from unittest import mock

import pytest
from django.utils import timezone

from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Chapter, Creatorship, Series, Work
from ficshelf.works.models.work import CommentPermission
from ficshelf.works.posting import ChapterFields, NewSeries, WorkFields, create_work, update_work
from ficshelf.works.signals import chapter_published, work_published
from tests.base import BaseTestCase

TAGS = {
    TagType.RATING: ["General Audiences"],
    TagType.WARNING: ["No Archive Warnings Apply"],
    TagType.FANDOM: ["Sherlock Holmes"],
    TagType.CHARACTER: ["John Watson", "Mrs. Hudson"],
}


class PostingTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.announced: list[tuple[str, int]] = []
        for signal, name in ((work_published, "work"), (chapter_published, "chapter")):
            receiver = self._recorder(name)
            signal.connect(receiver, weak=False)
            self.addCleanup(signal.disconnect, receiver)

    def _recorder(self, name: str):
        def record(sender, **kwargs) -> None:
            self.announced.append((name, kwargs[name].pk))

        return record

    def fields(self, **overrides) -> WorkFields:
        values = {"title": "The Heron Umbrella", "creators": [self.alice.default_pseud], "tags": TAGS}
        return WorkFields(**(values | overrides))

    def chapters(self, *bodies: str) -> list[ChapterFields]:
        return [ChapterFields(body=body) for body in bodies or ["<p>It was dry.</p>"]]


class CreateWorkTestCase(PostingTestCase):
    def test_it_posts_a_work_with_its_chapters_tags_and_byline(self):
        fields = self.fields(
            summary="<p>An umbrella nobody owns.</p>",
            language="fr",
            restricted=True,
            expected_chapters=3,
            comment_permission=CommentPermission.NOBODY,
            moderate_guest_comments=True,
        )
        chapters = [
            ChapterFields(title="  A Stranger in the Hall ", body="<p>one two</p>", notes_begin="<p>A/N</p>"),
            ChapterFields(body="<p>three</p>"),
        ]
        work = create_work(fields, chapters, user=self.alice, post=True)
        work = Work.objects.get(pk=work.pk)
        assert work.posted and work.published_at and work.updated_at
        assert (work.title, work.summary, work.language, work.restricted) == (
            "The Heron Umbrella",
            "<p>An umbrella nobody owns.</p>",
            "fr",
            True,
        )
        assert work.comment_permission == CommentPermission.NOBODY and work.moderate_guest_comments
        assert (work.word_count, work.chapter_count, work.chapters_label()) == (3, 2, "2/3")
        first, second = work.chapters.order_by("position")
        assert (first.position, first.title, first.notes_begin, first.posted) == (
            1,
            "A Stranger in the Hall",
            "<p>A/N</p>",
            True,
        )
        assert (second.position, second.posted) == (2, True)
        assert [p.name for p in work.creator_pseuds()] == ["alice"]
        assert [t.name for t in work.tags_of(TagType.CHARACTER)] == ["John Watson", "Mrs. Hudson"]
        assert work.rating.name == "General Audiences"

    def test_it_announces_a_posted_work_once_and_not_each_chapter(self):
        work = create_work(self.fields(), self.chapters("<p>a</p>", "<p>b</p>"), user=self.alice, post=True)
        assert self.announced == [("work", work.pk)]

    def test_a_draft_is_announced_to_no_one_and_seen_only_by_its_creators(self):
        work = create_work(self.fields(), self.chapters(), user=self.alice, post=False)
        assert self.announced == []
        work.refresh_from_db()
        assert not work.posted and work.published_at is None and work.updated_at is None
        assert not work.chapters.get().posted
        assert not Work.objects.visible_to(None).exists()
        assert Work.objects.visible_to(self.alice).get() == work

    def test_it_backdates_a_work_and_its_chapters(self):
        then = timezone.now() - datetime.timedelta(days=30)
        chapters = [
            ChapterFields(body="<p>a</p>"),
            ChapterFields(body="<p>b</p>", published_at=then + datetime.timedelta(days=3)),
        ]
        work = create_work(self.fields(), chapters, user=self.alice, post=True, published_at=then)
        work.refresh_from_db()
        assert work.published_at == then
        assert list(work.chapters.values_list("published_at", flat=True)) == [
            then,
            then + datetime.timedelta(days=3),
        ]
        assert work.updated_at == then + datetime.timedelta(days=3)

    def test_co_creators_follow_in_order_and_a_pseud_twice_counts_once(self):
        creators = [self.alice.default_pseud, self.bob.default_pseud, self.alice.default_pseud]
        work = create_work(self.fields(creators=creators), self.chapters(), user=self.alice, post=True)
        Creatorship.objects.invitations_for(self.bob).get().accept()
        assert [p.name for p in work.creator_pseuds()] == ["alice", "bob"]
        assert work.editable_by(self.bob)

    def test_it_invites_other_peoples_pseuds_and_names_them_only_once_they_accept(self):
        creators = [self.alice.default_pseud, self.bob.default_pseud]
        work = create_work(self.fields(creators=creators), self.chapters(), user=self.alice, post=True)
        assert [p.name for p in work.creator_pseuds()] == ["alice"]
        assert not work.editable_by(self.bob)
        invitation = Creatorship.objects.invitations_for(self.bob).get()
        assert invitation.work == work and not invitation.accepted
        invitation.accept()
        work.forget_loaded()
        assert [p.name for p in work.creator_pseuds()] == ["alice", "bob"] and work.editable_by(self.bob)
        assert not Creatorship.objects.invitations_for(self.bob).exists()

    def test_it_adds_the_work_to_a_series_and_starts_a_new_one_for_the_poster(self):
        letters = Series.objects.create(title="Letters")
        letters.pseuds.add(self.alice.default_pseud)
        fields = self.fields(
            creators=[self.alice.default_pseud, self.bob.default_pseud],
            series=[letters, NewSeries(" Baker Street Weather ", summary="<p>Rain.</p>")],
        )
        work = create_work(fields, self.chapters(), user=self.alice, post=True)
        assert [(part.series.title, part.position) for part in work.series_parts()] == [
            ("Letters", 1),
            ("Baker Street Weather", 1),
        ]
        started = Series.objects.get(title="Baker Street Weather")
        assert started.summary == "<p>Rain.</p>"
        assert list(started.pseuds.all()) == [self.alice.default_pseud]  # not the co-creator's

    def test_a_tag_name_of_another_type_gets_its_type_added(self):
        tags = TAGS | {TagType.FREEFORM: ["Sherlock Holmes"]}
        work = create_work(self.fields(tags=tags), self.chapters(), user=self.alice, post=True)
        assert [t.name for t in work.tags_of(TagType.FREEFORM)] == ["Sherlock Holmes - Additional Tag"]

    def test_a_work_needs_a_chapter(self):
        with pytest.raises(ValueError, match="at least one chapter"):
            create_work(self.fields(), [], user=self.alice, post=True)
        assert not Work.objects.exists()

    def test_a_failure_half_way_leaves_nothing_behind(self):
        save = Chapter.save

        def save_then_fail(chapter, *args, **kwargs):
            if Chapter.objects.exists():
                raise RuntimeError("The disk is full.")
            save(chapter, *args, **kwargs)

        fields = self.fields(tags=TAGS | {TagType.FREEFORM: ["Rain"]}, series=[NewSeries("Weather")])
        with mock.patch.object(Chapter, "save", save_then_fail), pytest.raises(RuntimeError):
            create_work(fields, self.chapters("<p>a</p>", "<p>b</p>"), user=self.alice, post=True)
        assert not Work.objects.exists()
        assert not Chapter.objects.exists()
        assert not Creatorship.objects.exists()
        assert not Series.objects.exists()
        assert not Tag.objects.filter(name="Rain").exists()
        assert self.announced == []


class UpdateWorkTestCase(PostingTestCase):
    """Alice's work, co-created by Bob, who accepted her invitation."""

    def setUp(self) -> None:
        super().setUp()
        self.work = create_work(
            self.fields(), self.chapters("<p>one</p>", "<p>two</p>"), user=self.alice, post=True
        )
        Creatorship.objects.invitations_for(self.bob).get().accept()
        self.announced.clear()

    def fields(self, **overrides) -> WorkFields:
        return super().fields(
            **({"creators": [self.alice.default_pseud, self.bob.default_pseud]} | overrides)
        )

    def loaded(self) -> Work:
        """The work as the edit page loads it, byline, tags and series included."""
        work = Work.objects.filter(pk=self.work.pk).for_blurbs().get()
        assert work.loaded_byline is not None and work.loaded_series_parts is not None
        assert "tags_by_type" in work.__dict__
        return work

    def test_it_changes_fields_tags_creators_and_series_and_reads_fresh_at_once(self):
        letters = Series.objects.create(title="Letters")
        letters.pseuds.add(self.alice.default_pseud)
        quill = self.alice.pseuds.create(name="Quill")
        work = self.loaded()
        fields = self.fields(
            title=" New Title ",
            tags=TAGS | {TagType.FREEFORM: ["Fluff"]},
            creators=[self.bob.default_pseud, quill],
            expected_chapters=2,
            series=[letters],
        )
        assert update_work(work, fields, user=self.alice) is work
        assert work.title == "New Title" and work.complete
        assert [t.name for t in work.tags_of(TagType.FREEFORM)] == ["Fluff"]
        assert [p.name for p in work.creator_pseuds()] == ["bob", "Quill"]
        assert [part.series.title for part in work.series_parts()] == ["Letters"]
        assert work.chapters.count() == 2
        assert self.announced == []

    def test_it_sets_who_may_comment_and_holding_guest_comments(self):
        fields = self.fields(comment_permission=CommentPermission.REGISTERED, moderate_guest_comments=True)
        update_work(self.loaded(), fields, user=self.alice)
        fresh = Work.objects.get(pk=self.work.pk)
        assert fresh.comment_permission == CommentPermission.REGISTERED and fresh.moderate_guest_comments
        update_work(fresh, self.fields(), user=self.alice)
        fresh = Work.objects.get(pk=self.work.pk)
        assert fresh.comment_permission == CommentPermission.EVERYONE and not fresh.moderate_guest_comments

    def test_leaving_out_a_series_takes_the_work_out_only_of_the_posters_own(self):
        own, bobs = Series.objects.create(title="Alice's"), Series.objects.create(title="Bob's")
        own.pseuds.add(self.alice.default_pseud)
        bobs.pseuds.add(self.bob.default_pseud)
        own.add_work(self.work)
        bobs.add_work(self.work)
        update_work(self.loaded(), self.fields(), user=self.alice)
        assert [m.series for m in self.work.series_memberships.all()] == [bobs]

    def test_post_posts_a_draft_with_its_chapters_and_announces_it_once(self):
        draft = create_work(self.fields(), self.chapters("<p>a</p>", "<p>b</p>"), user=self.alice, post=False)
        update_work(draft, self.fields(), user=self.alice, post=True)
        draft.refresh_from_db()
        assert draft.posted and draft.published_at
        assert draft.chapters.filter(posted=True).count() == 2 and draft.chapter_count == 2
        assert self.announced == [("work", draft.pk)]

    def test_post_on_a_posted_work_announces_nothing_again(self):
        update_work(self.loaded(), self.fields(), user=self.alice, post=True)
        assert self.announced == []

    def test_it_refuses_to_take_another_creator_off_and_changes_nothing(self):
        with pytest.raises(ValueError, match="Only a creator can take themselves off"):
            update_work(
                self.loaded(), self.fields(title="Mine", creators=[self.bob.default_pseud]), user=self.bob
            )
        fresh = Work.objects.get(pk=self.work.pk)
        assert fresh.title == "The Heron Umbrella"
        assert [p.name for p in fresh.creator_pseuds()] == ["alice", "bob"]

    def test_leaving_an_invitee_out_withdraws_the_invitation(self):
        creators = [self.alice.default_pseud, self.bob.default_pseud, self.charlie.default_pseud]
        update_work(self.loaded(), self.fields(creators=creators), user=self.bob)
        assert Creatorship.objects.invitations_for(self.charlie).exists()
        update_work(self.loaded(), self.fields(), user=self.alice)
        assert not Creatorship.objects.invitations_for(self.charlie).exists()
        assert [p.name for p in self.loaded().creator_pseuds()] == ["alice", "bob"]

    def test_a_failure_half_way_changes_nothing(self):
        fields = self.fields(
            title="Changed",
            tags=TAGS | {TagType.FREEFORM: ["Rain"]},
            creators=[self.alice.default_pseud, self.bob.default_pseud, self.charlie.default_pseud],
            series=[NewSeries("Weather")],
        )
        with (
            mock.patch.object(Series, "add_work", side_effect=RuntimeError("The disk is full.")),
            pytest.raises(RuntimeError),
        ):
            update_work(self.loaded(), fields, user=self.alice)
        fresh = Work.objects.get(pk=self.work.pk)
        assert fresh.title == "The Heron Umbrella"
        assert fresh.tags_of(TagType.FREEFORM) == [] and not Tag.objects.filter(name="Rain").exists()
        assert [p.name for p in fresh.creator_pseuds()] == ["alice", "bob"]
        assert not Creatorship.objects.invitations_for(self.charlie).exists()
        assert not Series.objects.exists()
