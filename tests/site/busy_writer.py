"""Posts works with a comment each, one transaction apiece, until STOP exists (test_backup_round_trip.py).

Run as `python busy_writer.py STOP PROGRESS` with the archive's FICSHELF_DATA_DIR and
DATABASE_URL. After each commit it appends the iteration's number to PROGRESS, so
the test knows how many were committed before and after the backup ran.
"""

import os
import sys
from pathlib import Path


def main(stop: Path, progress: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficshelf.settings")
    import django
    from django.conf import settings

    # Queued tasks would be rows written after each commit, in transactions of their
    # own; the test counts on every row the writer makes being part of one iteration.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    django.setup()

    from django.db import transaction

    from ficshelf.accounts.models import User
    from ficshelf.community.models import Comment
    from ficshelf.tags.models import TagType
    from ficshelf.works.posting import ChapterFields, WorkFields, create_work

    user = User.objects.create_user("busy", "busy@example.invalid", "not a real password")
    number = 0
    while not stop.exists():
        number += 1
        with transaction.atomic():
            work = create_work(
                WorkFields(
                    title=f"Busy work {number}",
                    creators=[user.default_pseud],
                    tags={
                        TagType.RATING: ["General Audiences"],
                        TagType.WARNING: ["No Archive Warnings Apply"],
                        TagType.FANDOM: ["Busy Fandom"],
                    },
                ),
                [ChapterFields(title="", body=f"<p>The story of busy work {number}.</p>")],
                user=user,
                post=True,
            )
            Comment.post(work=work, chapter=work.chapters.get(), user=user, text=f"Comment {number}")
        with progress.open("a") as file:
            file.write(f"{number}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
