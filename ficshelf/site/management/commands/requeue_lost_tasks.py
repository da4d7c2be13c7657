"""`ficshelf requeue_lost_tasks`: queue again the RUNNING tasks of task workers that died.

Every `ficshelf db_worker` does this on its own; the command is for a queue without a
running worker, or to see at once what was lost.
"""

from django.core.management.base import BaseCommand

from ficshelf.site.workers import lease, requeue_lost_tasks


class Command(BaseCommand):
    help = "Queue again the tasks left RUNNING by task workers silent for longer than their lease."

    def handle(self, *args, **options) -> None:
        count = requeue_lost_tasks()
        self.stdout.write(f"Queued again {count} task(s) whose worker was silent for over {lease()}.")
