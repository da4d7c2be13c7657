from tests.base import BaseTestCase


class PseudsTestCase(BaseTestCase):
    def test_a_user_can_add_a_pseud_and_post_under_it(self):
        self.login(self.alice)
        r = self.client.post("/users/alice/pseuds/", {"name": "Quill", "description": "My poetry name."})
        self.assertRedirects(r, "/users/alice/pseuds/", fetch_redirect_response=False)
        assert self.alice.pseuds.filter(name="Quill").exists()
        self.assertContains(self.client.get("/works/new"), "Quill")

    def test_a_duplicate_pseud_name_is_refused(self):
        self.login(self.alice)
        self.client.post("/users/alice/pseuds/", {"name": "Quill"})
        r = self.client.post("/users/alice/pseuds/", {"name": "quill"})
        self.assertContains(r, "You already have a pseud with that name.", status_code=400)

    def test_others_cannot_add_pseuds_for_you(self):
        self.login(self.bob)
        assert self.client.post("/users/alice/pseuds/", {"name": "Evil"}).status_code == 403
        assert not self.alice.pseuds.filter(name="Evil").exists()

    def test_preferences_are_private(self):
        self.login(self.bob)
        assert self.client.get("/users/alice/preferences").status_code == 403
