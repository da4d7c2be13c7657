"""`ficshelf backup DIR`: a consistent backup of the running archive (ficshelf/site/backup/)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ficshelf.site.backup import BackupError, create_backup
from ficshelf.site.backup.datadir import SECRET_KEY_FILE


class Command(BaseCommand):
    help = (
        "Back up the database and the data directory into DIR, a new or empty directory, "
        "while the site runs. `ficshelf restore DIR` brings it back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, metavar="DIR")

    def handle(self, *args, directory: Path, **options) -> None:
        try:
            manifest = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = sum(entry.size for entry in manifest.files)
        self.stdout.write(
            self.style.SUCCESS(f"Backed up to {directory}: {len(manifest.files)} files, {size:,} bytes.")
        )
        if os.environ.get("SECRET_KEY") and f"data/{SECRET_KEY_FILE}" not in {f.path for f in manifest.files}:
            self.stdout.write(
                "SECRET_KEY comes from the environment, so this backup does not hold it: keep it with "
                "your deployment settings. Restored without it, every login and password-reset link ends."
            )
