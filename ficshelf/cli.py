"""The `ficshelf` command: Django's manage.py for this project, plus a few of our own.

ficshelf serve            migrate, load the demo if empty, serve with gunicorn
ficshelf demo             fill an empty database with the demo archive
ficshelf parse FILE       show what the importer finds in a story file (no database)
ficshelf bench WHAT       time a benchmark (its app is installed for this command only)
ficshelf backup DIR       back up the running archive; `ficshelf restore DIR` brings it back
ficshelf <django command> migrate, createsuperuser, shell, …
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "parse":
        # The importer needs no database, so `parse` runs without Django.
        from ficshelf.importer.cli import parse_command

        return parse_command(argv[2:])
    if len(argv) < 2 or argv[1] in ("bench", "help", "--help", "-h"):
        # settings.py installs the bench app for `ficshelf bench` and the list of commands only.
        os.environ["FICSHELF_BENCH"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficshelf.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
