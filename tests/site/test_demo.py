from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ficshelf.works.models import Work
from tests.base import BaseTestCase


class DemoTestCase(BaseTestCase):
    def test_it_fills_an_empty_archive_and_prints_the_login(self):
        out = StringIO()
        call_command("demo", stdout=out)
        assert "Log in as  demo / " in out.getvalue()
        works = Work.objects.visible_to(None)
        assert works.count() >= 5  # one demo work is for registered readers only
        assert Work.objects.filter(chapter_count__gt=1, complete=False).exists()
        assert Work.objects.filter(restricted=True).exists()
        ratings = {w.rating.name for w in Work.objects.all()}
        assert {"General Audiences", "Mature"} <= ratings
        assert self.client.login(username="demo", password=out.getvalue().split("demo / ")[1].split()[0])
        for work in Work.objects.all():
            assert self.client.get(f"/works/{work.pk}?view_adult=true").status_code == 200

    def test_it_does_nothing_with_if_empty_on_a_full_archive(self):
        call_command("demo", stdout=StringIO())
        count = Work.objects.count()
        call_command("demo", if_empty=True, stdout=StringIO())
        assert Work.objects.count() == count

    def test_it_refuses_to_add_to_a_full_archive(self):
        call_command("demo", stdout=StringIO())
        with pytest.raises(CommandError, match="already has works"):
            call_command("demo", stdout=StringIO())
