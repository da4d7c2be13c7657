"""`ficshelf serve`: everything `make run` needs, then gunicorn in the foreground."""

import os
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load the demo archive if the database is empty, and serve with gunicorn."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 3))
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo archive.")

    def handle(self, *args, host: str, port: int, workers: int, no_demo: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_demo:
            call_command("demo", if_empty=True)
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"Ficshelf is serving {url}  (Ctrl-C stops it)"))
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            self.stderr.write("gunicorn is not installed: pip install -e . installs it.")
            sys.exit(1)
        sys.stdout.flush()
        # The server must use the data directory we just migrated, wherever it starts.
        os.environ["FICSHELF_DATA_DIR"] = str(settings.DATA_DIR)
        os.execv(
            gunicorn,
            [
                gunicorn,
                "ficshelf.wsgi",
                f"--bind={host}:{port}",
                f"--workers={workers}",
                "--access-logfile=-",
                "--timeout=60",
            ],
        )
