"""Large downloads are built on the task queue, so no web worker waits for them."""

import logging

from django_tasks import task

from ficshelf.accounts.models import User
from ficshelf.downloads.files import Source, Target, build, record_failure

logger = logging.getLogger(__name__)


@task(queue_name="downloads")
def build_download(kind: str, pk: int, fmt: str, paper: str, user_id: int | None) -> str:
    """Build one download as the reader who asked for it may see it; returns the file's path.

    Visibility is checked again here: the work may have been hidden or deleted since.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    source = Source.load(Target(kind, pk, fmt, paper), user)
    if source is None:
        return ""
    revision = source.revision()
    try:
        return str(build(source, revision))
    except Exception:
        logger.exception("Building %s %s as %s failed", kind, pk, fmt)
        record_failure(source.target.path(revision))
        raise
