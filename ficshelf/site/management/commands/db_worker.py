"""`ficshelf db_worker`: django-tasks-db's worker, which also stamps a heartbeat and requeues lost tasks.

It replaces the library's command of the same name (the site app comes before
django_tasks_db in INSTALLED_APPS), so every worker of this archive has a heartbeat,
and no live worker's task is ever taken for lost (site/workers.py).
"""

from django_tasks_db.management.commands import db_worker

from ficshelf.site.workers import Heartbeat


class Command(db_worker.Command):
    help = "Run a database background worker, with a heartbeat; requeue tasks of workers that died."

    def handle(self, *args, worker_id: str, **options) -> None:
        with Heartbeat(worker_id):
            super().handle(*args, worker_id=worker_id, **options)
