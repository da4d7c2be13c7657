"""`ficshelf serve`: everything `make run` needs, then gunicorn and a task worker, kept running."""

import os
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ficshelf.site.supervisor import Child, Supervisor


def web_server_command(host: str, port: int, workers: int) -> list[str]:
    """Gunicorn's command line: the settings in site/gunicorn_config.py, the address, the workers."""
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if gunicorn is None:
        raise CommandError("gunicorn is not installed: pip install -e . installs it.")
    return [
        gunicorn,
        "--config=python:ficshelf.site.gunicorn_config",
        f"--bind={host}:{port}",
        f"--workers={workers}",
        "--access-logfile=-",
        "ficshelf.wsgi",
    ]


class Command(BaseCommand):
    help = (
        "Migrate, load the demo archive if the database is empty, and serve with gunicorn "
        "and a background-task worker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 3))
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo archive.")
        parser.add_argument("--no-worker", action="store_true", help="Do not start a task worker.")

    def handle(
        self, *args, host: str, port: int, workers: int, no_demo: bool, no_worker: bool, **options
    ) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_demo:
            call_command("demo", if_empty=True)
        # Children must use the data directory we just migrated, wherever they start.
        env = os.environ | {"FICSHELF_DATA_DIR": str(settings.DATA_DIR)}
        children = [Child("web server", web_server_command(host, port, workers))]
        if not no_worker:
            worker = [
                sys.executable,
                "-m",
                "ficshelf.cli",
                "db_worker",
                "--queue-name",
                "*",
                "--verbosity",
                "0",
            ]
            children.append(Child("task worker", worker))
        self.stdout.write(self.style.SUCCESS(f"Ficshelf is serving http://{host}:{port}/  (Ctrl-C stops it)"))
        Supervisor(children, env).run()
