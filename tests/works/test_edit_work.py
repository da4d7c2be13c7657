from ficshelf.community.models import Comment
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Series, Work
from ficshelf.works.models.work import CommentPermission
from tests.base import BaseTestCase, make_work, work_form_data


def edit_data(user, **overrides) -> dict:
    data = work_form_data(user, **overrides)
    for key in ("chapter_title", "body"):
        data.pop(key)
    data.setdefault("action", "update")
    if data["action"] == "post" and "action" not in overrides:
        data["action"] = "update"
    return data


class EditWorkTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Old Title")

    def test_it_fills_the_form_with_the_work(self):
        self.login(self.alice)
        r = self.client.get(f"/works/{self.work.pk}/edit")
        self.assertContains(r, 'value="Old Title"')
        self.assertContains(r, 'value="Sherlock Holmes"')
        self.assertContains(r, "Update")

    def test_it_updates_title_and_tags(self):
        self.login(self.alice)
        r = self.client.post(
            f"/works/{self.work.pk}/edit", edit_data(self.alice, title="New Title", freeforms="Fluff")
        )
        self.assertRedirects(r, f"/works/{self.work.pk}", fetch_redirect_response=False)
        work = Work.objects.get(pk=self.work.pk)
        assert work.title == "New Title"
        assert [t.name for t in work.tags_of(TagType.FREEFORM)] == ["Fluff"]
        assert work.chapters.count() == 1

    def test_guests_are_sent_to_log_in(self):
        r = self.client.get(f"/works/{self.work.pk}/edit")
        self.assertRedirects(r, f"/login?next=/works/{self.work.pk}/edit")

    def test_other_users_get_403_and_change_nothing(self):
        self.login(self.bob)
        assert self.client.get(f"/works/{self.work.pk}/edit").status_code == 403
        r = self.client.post(f"/works/{self.work.pk}/edit", edit_data(self.bob, title="Stolen"))
        assert r.status_code == 403
        assert Work.objects.get(pk=self.work.pk).title == "Old Title"

    def test_someone_elses_draft_is_404_not_403(self):
        draft = make_work(self.alice, posted=False)
        self.login(self.bob)
        assert self.client.get(f"/works/{draft.pk}/edit").status_code == 404

    def test_an_invalid_edit_changes_nothing(self):
        self.login(self.alice)
        r = self.client.post(f"/works/{self.work.pk}/edit", edit_data(self.alice, title="New", fandoms=""))
        assert r.status_code == 400
        self.assertContains(r, "Add at least one fandom.", status_code=400)
        work = Work.objects.get(pk=self.work.pk)
        assert work.title == "Old Title"
        assert [t.name for t in work.tags_of(TagType.FANDOM)] == ["Sherlock Holmes"]

    def test_a_tag_name_taken_by_two_other_types_is_a_form_error(self):
        Tag.find_or_create("Rain", TagType.FANDOM)
        Tag.objects.create(name="Rain - Character", type=TagType.FREEFORM)  # from before the rule
        self.login(self.alice)
        r = self.client.post(
            f"/works/{self.work.pk}/edit", edit_data(self.alice, title="New Title", characters="Rain")
        )
        self.assertContains(
            r, "“Rain” and “Rain - Character” are both tags of other types already.", status_code=400
        )
        work = Work.objects.get(pk=self.work.pk)
        assert work.title == "Old Title"
        assert not work.tags_of(TagType.CHARACTER)

    def test_a_co_creator_can_be_removed(self):
        self.work.creatorships.create(pseud=self.bob.default_pseud, position=1)
        self.login(self.alice)
        self.client.post(f"/works/{self.work.pk}/edit", edit_data(self.alice, co_creators=""))
        assert not self.work.is_creator(self.bob)

    def test_it_moves_a_work_out_of_a_series(self):
        series = Series.objects.create(title="S")
        series.pseuds.add(self.alice.default_pseud)
        series.add_work(self.work)
        self.login(self.alice)
        self.client.post(f"/works/{self.work.pk}/edit", edit_data(self.alice))
        assert not series.memberships.exists()

    def test_it_changes_who_may_comment_and_holding_guest_comments(self):
        Work.objects.filter(pk=self.work.pk).update(moderate_guest_comments=True)
        self.login(self.alice)
        self.client.post(f"/works/{self.work.pk}/edit", edit_data(self.alice, comment_permission="nobody"))
        work = Work.objects.get(pk=self.work.pk)
        assert work.comment_permission == CommentPermission.NOBODY
        assert not work.moderate_guest_comments  # the box was left unchecked
        self.login(self.bob)
        r = self.client.post(f"/works/{work.pk}/chapters/{work.chapters.get().pk}/comments", {"body": "Hi"})
        self.assertContains(r, "Sorry, this work doesn&#x27;t allow comments.", status_code=400)
        assert not Comment.objects.exists()

    def test_posting_a_draft_from_the_edit_form(self):
        draft = make_work(self.alice, posted=False)
        self.login(self.alice)
        self.client.post(f"/works/{draft.pk}/edit", edit_data(self.alice, action="post"))
        draft.refresh_from_db()
        assert draft.posted and draft.published_at

    def test_the_post_draft_button(self):
        draft = make_work(self.alice, posted=False)
        self.login(self.alice)
        r = self.client.post(f"/works/{draft.pk}/post")
        self.assertRedirects(r, f"/works/{draft.pk}", fetch_redirect_response=False)
        draft.refresh_from_db()
        assert draft.posted

    def test_the_post_draft_button_is_post_only_and_creator_only(self):
        draft = make_work(self.alice, posted=False)
        self.login(self.alice)
        assert self.client.get(f"/works/{draft.pk}/post").status_code == 405
        self.login(self.bob)
        assert self.client.post(f"/works/{draft.pk}/post").status_code == 404


class DeleteWorkTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Doomed")

    def test_it_asks_for_confirmation_first(self):
        self.login(self.alice)
        r = self.client.get(f"/works/{self.work.pk}/delete")
        self.assertContains(r, "Are you sure you want to delete “Doomed” with all its chapters?")
        assert Work.objects.filter(pk=self.work.pk).exists()

    def test_it_deletes_after_confirmation(self):
        self.login(self.alice)
        r = self.client.post(f"/works/{self.work.pk}/delete")
        self.assertRedirects(r, "/users/alice/", fetch_redirect_response=False)
        assert not Work.objects.filter(pk=self.work.pk).exists()

    def test_others_cannot_delete(self):
        self.login(self.bob)
        assert self.client.post(f"/works/{self.work.pk}/delete").status_code == 403
        assert Work.objects.filter(pk=self.work.pk).exists()

    def test_deleting_twice_is_a_404(self):
        self.login(self.alice)
        self.client.post(f"/works/{self.work.pk}/delete")
        assert self.client.post(f"/works/{self.work.pk}/delete").status_code == 404
