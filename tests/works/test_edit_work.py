from ficshelf.community.models import Comment
from ficshelf.tags.models import Tag, TagType
from ficshelf.works.models import Creatorship, Series, Work
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


class CoCreatorsTestCase(BaseTestCase):
    """Alice's work, co-created by Bob, who accepted her invitation."""

    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Together")
        self.work.creatorships.create(pseud=self.bob.default_pseud, position=1, accepted=True)
        self.url = f"/works/{self.work.pk}/edit"

    def byline(self) -> list[str]:
        return [p.name for p in Work.objects.get(pk=self.work.pk).creator_pseuds()]

    def test_it_refuses_a_co_creator_removing_the_original_creator(self):
        self.login(self.bob)
        r = self.client.post(self.url, edit_data(self.bob, co_creators="", title="Mine Now"))
        self.assertContains(
            r, "alice co-created this work, and only they can remove themselves from it.", status_code=400
        )
        assert Work.objects.get(pk=self.work.pk).title == "Together"
        assert self.byline() == ["alice", "bob"]
        self.login(self.alice)
        assert self.client.get(self.url).status_code == 200

    def test_it_refuses_the_original_creator_removing_a_co_creator(self):
        self.login(self.alice)
        r = self.client.post(self.url, edit_data(self.alice, co_creators=""))
        self.assertContains(
            r, "bob co-created this work, and only they can remove themselves", status_code=400
        )
        assert self.byline() == ["alice", "bob"]

    def test_it_keeps_everyone_when_a_co_creator_edits(self):
        self.login(self.bob)
        r = self.client.get(self.url)
        self.assertContains(r, 'name="co_creators" value="alice"')
        self.client.post(self.url, edit_data(self.bob, co_creators="alice", title="Retitled"))
        assert Work.objects.get(pk=self.work.pk).title == "Retitled"
        assert sorted(self.byline()) == ["alice", "bob"]

    def test_it_keeps_an_invitation_when_the_form_is_saved_again(self):
        self.work.creatorships.create(pseud=self.charlie.default_pseud, position=2)
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, 'name="co_creators" value="bob, charlie"')
        self.assertContains(r, "Invited, not yet answered: charlie.")
        self.client.post(self.url, edit_data(self.alice, co_creators="bob, charlie"))
        assert Creatorship.objects.invitations_for(self.charlie).get().work == self.work
        assert self.byline() == ["alice", "bob"]

    def test_leaving_an_invitee_out_withdraws_the_invitation(self):
        self.work.creatorships.create(pseud=self.charlie.default_pseud, position=2)
        self.login(self.alice)
        self.client.post(self.url, edit_data(self.alice, co_creators="bob"))
        assert not Creatorship.objects.invitations_for(self.charlie).exists()
        assert self.byline() == ["alice", "bob"]

    def test_a_co_creator_keeps_the_pseud_they_chose(self):
        quill = self.bob.pseuds.create(name="Quill")
        self.work.creatorships.filter(pseud=self.bob.default_pseud).update(pseud=quill)
        self.login(self.alice)
        self.client.post(self.url, edit_data(self.alice, co_creators="bob"))
        assert self.byline() == ["alice", "Quill"]


class RemoveMeTestCase(BaseTestCase):
    """ "Remove Me As Co-Creator": a creator takes only themselves off a work."""

    def setUp(self) -> None:
        super().setUp()
        self.work = make_work(self.alice, "Together")
        self.work.creatorships.create(pseud=self.bob.default_pseud, position=1, accepted=True)
        self.url = f"/works/{self.work.pk}/remove_me"

    def test_it_lets_a_co_creator_remove_themselves(self):
        self.login(self.bob)
        self.assertContains(self.client.get(self.work.get_absolute_url()), "Remove Me As Co-Creator")
        r = self.client.post(self.url, follow=True)
        self.assertRedirects(r, "/users/bob/")
        self.assertContains(r, "You are no longer a co-creator of “Together”.")
        self.assertNotContains(r, "Together</a>")
        work = Work.objects.get(pk=self.work.pk)
        assert [p.name for p in work.creator_pseuds()] == ["alice"] and not work.is_creator(self.bob)

    def test_it_lets_the_original_creator_leave_the_work_to_the_co_creator(self):
        self.login(self.alice)
        self.client.post(self.url)
        assert [p.name for p in Work.objects.get(pk=self.work.pk).creator_pseuds()] == ["bob"]

    def test_it_refuses_the_last_creator_with_a_clear_message(self):
        alone = make_work(self.alice, "Alone")
        self.login(self.alice)
        self.assertNotContains(self.client.get(alone.get_absolute_url()), "Remove Me As Co-Creator")
        r = self.client.post(f"/works/{alone.pk}/remove_me", follow=True)
        self.assertRedirects(r, alone.get_absolute_url())
        self.assertContains(
            r, "You are this work&#x27;s only creator, so you can&#x27;t remove yourself from it."
        )
        assert Work.objects.get(pk=alone.pk).is_creator(self.alice)

    def test_an_invitee_who_has_not_accepted_is_no_creator_here(self):
        self.work.creatorships.create(pseud=self.charlie.default_pseud, position=2)
        self.login(self.charlie)
        assert self.client.post(self.url).status_code == 403
        assert Creatorship.objects.invitations_for(self.charlie).exists()

    def test_it_is_post_only(self):
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 405
        assert Work.objects.get(pk=self.work.pk).is_creator(self.bob)


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
