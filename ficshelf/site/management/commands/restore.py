"""`ficshelf restore DIR`: a backup back into an empty database (ficshelf/site/backup/)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ficshelf.site.backup import BackupError, pending_migrations, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the backup `ficshelf backup` wrote into DIR: into an empty database and a "
        "fresh data directory. Stop the site first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args, directory: Path, **options) -> None:
        try:
            manifest = restore_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest.created_at} (Ficshelf {manifest.ficshelf_version})."
            )
        )
        if pending := pending_migrations():
            self.stdout.write(
                f"It was made by an older Ficshelf: {pending} migration{'s' if pending != 1 else ''} "
                "to apply. `ficshelf migrate` (or `ficshelf serve`) brings it up to date."
            )
