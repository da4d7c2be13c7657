from django.db import models


class WorkerHeartbeat(models.Model):
    """A task worker's last sign of life (site/workers.py).

    django-tasks-db records which worker claimed a task (DBTaskResult.worker_ids) but not
    whether that worker still lives; a RUNNING task whose worker stopped beating is
    queued again.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)  # as db_worker --worker-id allows
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
