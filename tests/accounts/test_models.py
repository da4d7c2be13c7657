from ficshelf.accounts.models import SiteSettings, User
from tests.base import BaseTestCase


class UserModelTestCase(BaseTestCase):
    def test_a_new_user_gets_a_default_pseud_named_after_them(self):
        user = User.objects.create_user("dora", "d@example.org", "pw-long-enough-123")
        assert [(p.name, p.is_default) for p in user.pseuds.all()] == [("dora", True)]

    def test_pseud_shows_its_user_when_the_names_differ(self):
        pseud = self.alice.pseuds.create(name="Quill")
        assert str(pseud) == "Quill (alice)"
        assert str(self.alice.default_pseud) == "alice"

    def test_site_settings_start_with_open_registration(self):
        assert SiteSettings.current().registration_open
