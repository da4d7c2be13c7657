import shutil
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ficshelf.works.models import Work
from tests.base import BaseTestCase

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


class ImportCommandTestCase(BaseTestCase):
    def run_import(self, *paths, post: bool = True) -> tuple[str, str, int]:
        out, err = StringIO(), StringIO()
        code = 0
        try:
            call_command("import", *map(str, paths), user="alice", post=post, stdout=out, stderr=err)
        except SystemExit as exit:
            code = exit.code
        return out.getvalue(), err.getvalue(), code

    def test_it_imports_one_work_per_file_with_a_summary_table(self):
        out, err, code = self.run_import(CORPUS / "metadata_header.txt", CORPUS / "prologue_epilogue.txt")
        assert code == 0, err
        assert Work.objects.count() == 2
        assert "File" in out and "Result" in out and "Chapters" in out
        assert "2 posted" in out
        work = Work.objects.get(title="The Clockmaker's Apprentice")
        assert work.posted and work.creator_users() == [self.alice]
        assert "[" in out and "2/2" in out  # progress

    def test_it_skips_files_already_imported_on_a_rerun(self):
        self.run_import(CORPUS / "interlude.txt")
        out, _, code = self.run_import(CORPUS / "interlude.txt")
        assert code == 0
        assert Work.objects.count() == 1
        assert "1 skipped" in out

    def test_it_saves_drafts_by_default(self):
        self.run_import(CORPUS / "interlude.txt", post=False)
        assert not Work.objects.get().posted

    def test_it_makes_one_work_of_a_directory_of_chapter_files_in_natural_order(self):
        folder = Path(self.tmp_dir()) / "harbour_clocks"
        folder.mkdir()
        (folder / "chapter10.txt").write_text("Chapter 10\n\nThe tenth one, at last, arrived.\n")
        (folder / "chapter2.txt").write_text("Chapter 2\n\nThe second one arrived early.\n")
        (folder / "chapter1.txt").write_text("Chapter 1\n\nThe first one arrived late.\n")
        out, err, code = self.run_import(folder)
        assert code == 0, err
        work = Work.objects.get()
        assert work.title == "harbour clocks"
        bodies = [c.body for c in work.chapters.order_by("position")]
        assert ["late" in bodies[0], "early" in bodies[1], "tenth" in bodies[2]] == [True, True, True]

    def test_it_lists_errors_per_file_and_still_imports_the_rest(self):
        empty = Path(self.tmp_dir()) / "empty.txt"
        empty.write_bytes(b"")
        out, err, code = self.run_import(empty, CORPUS / "interlude.txt", "/no/such/file.txt")
        assert code == 1
        assert Work.objects.count() == 1
        assert "Errors in" in err and "empty.txt" in err and "No such file or directory." in err
        assert "1 posted, 2 error" in out

    def test_it_refuses_an_unknown_user_clearly(self):
        with pytest.raises(CommandError, match="No user is called 'nobody'"):
            call_command("import", str(CORPUS / "interlude.txt"), user="nobody", stdout=StringIO())

    def tmp_dir(self) -> str:
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory, ignore_errors=True)
        return directory
