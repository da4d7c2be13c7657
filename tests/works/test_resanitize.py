from io import StringIO

from django.core.management import call_command

from ficshelf.text import SANITIZER_VERSION
from ficshelf.works.models import Chapter
from tests.base import BaseTestCase, make_work


class ResanitizeTestCase(BaseTestCase):
    def test_it_cleans_fields_stored_under_an_older_version(self):
        work = make_work(self.alice)
        chapter = work.chapters.get()
        # Simulate text stored before a rule change: unsafe markup and an old version.
        Chapter.objects.filter(pk=chapter.pk).update(body='<p onclick="x()">Hi</p>', body_sanitizer_version=0)
        out = StringIO()
        call_command("resanitize", stdout=out)
        chapter.refresh_from_db()
        assert chapter.body == "<p>Hi</p>"
        assert chapter.body_sanitizer_version == SANITIZER_VERSION
        assert "chapters: 1 re-sanitized" in out.getvalue()

    def test_it_leaves_current_rows_alone(self):
        make_work(self.alice)
        out = StringIO()
        call_command("resanitize", stdout=out)
        assert "re-sanitized" not in out.getvalue()
