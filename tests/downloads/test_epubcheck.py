"""Every kind of book passes epubcheck with zero errors (Debian's `epubcheck`, run in CI).

Slow (a JVM per book), so one test builds every book and checks them two at a time.
"""

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import call_command

from ficshelf.works.models import Series, Work
from tests.base import BaseTestCase
from tests.downloads.helpers import odd_titles, series_of, tricky_work

EPUBCHECK = "/usr/bin/epubcheck"

pytestmark = pytest.mark.slow  # a JVM per book: minutes


def epubcheck_command() -> list[str]:
    if shutil.which("java") and os.path.exists(EPUBCHECK):
        # Debian's /usr/bin/epubcheck is the jar itself; run it with java so no binfmt is needed.
        return ["java", "-jar", EPUBCHECK, "--quiet"]
    if os.environ.get("CI"):
        pytest.fail("epubcheck is not installed (apt-get install epubcheck)")
    pytest.skip("epubcheck is not installed (apt-get install epubcheck)")


def check(command: list[str], book: Path) -> str:
    result = subprocess.run([*command, str(book)], capture_output=True, text=True, timeout=300)
    return "" if result.returncode == 0 else f"{book.name}:\n{result.stdout}{result.stderr}"


class EpubcheckTestCase(BaseTestCase):
    def test_every_book_passes_epubcheck(self):
        command = epubcheck_command()
        call_command("demo", verbosity=0)
        odd = odd_titles(self.alice)
        works = [*Work.objects.visible_to(None), tricky_work(self.alice)]
        series = [*Series.objects.all(), series_of(self.alice, odd, title="🌙 ليلة 月の光 ?!")]
        out = Path(self.enterContext(__import__("tempfile").TemporaryDirectory()))
        books = []
        for url, name in [(f"/downloads/{w.pk}/x.epub", f"work-{w.pk}") for w in works] + [
            (f"/downloads/series/{s.pk}/x.epub", f"series-{s.pk}") for s in series
        ]:
            response = self.client.get(url, follow=True)
            assert response.status_code == 200, url
            path = out / f"{name}.epub"
            path.write_bytes(b"".join(response.streaming_content))
            books.append(path)
        assert len(books) >= 12
        with ThreadPoolExecutor(max_workers=2) as pool:
            failures = [report for report in pool.map(lambda book: check(command, book), books) if report]
        assert not failures, "\n".join(failures)
