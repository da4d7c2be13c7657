"""`ficshelf serve`: everything `make run` needs, then gunicorn and a task worker."""

import os
import shutil
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


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
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("gunicorn is not installed: pip install -e . installs it.")
        # Children must use the data directory we just migrated, wherever they start.
        env = os.environ | {"FICSHELF_DATA_DIR": str(settings.DATA_DIR)}
        children = []
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
            children.append(subprocess.Popen(worker, env=env))
        # Empty --forwarded-allow-ips: gunicorn would believe X-Forwarded-Proto (and -Ssl)
        # from loopback on its own; TRUSTED_PROXIES (site/proxies.py) alone decides that.
        web = [gunicorn, "ficshelf.wsgi", f"--bind={host}:{port}", f"--workers={workers}", "--timeout=60"]
        web.append("--forwarded-allow-ips=")
        children.append(subprocess.Popen([*web, "--access-logfile=-"], env=env))
        self.stdout.write(self.style.SUCCESS(f"Ficshelf is serving http://{host}:{port}/  (Ctrl-C stops it)"))
        self._wait(children)

    def _wait(self, children: list[subprocess.Popen]) -> None:
        """Run until any child stops or we are told to; then stop them all."""

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                try:
                    children[-1].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    continue
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [child for child in children if child.returncode not in (0, -signal.SIGTERM, None)]
        if failed:
            sys.exit(failed[0].returncode)
