"""manifest.json: what a backup holds, and the checks a restore makes before it trusts it.

The manifest is written last, so a directory without one is an unfinished backup.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = "manifest.json"
FORMAT = "ficshelf-backup"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused, with a sentence that says why and what to do."""


@dataclass(frozen=True)
class BackupFile:
    path: str  # relative to the backup directory, with forward slashes
    size: int
    sha256: str


@dataclass
class Manifest:
    ficshelf_version: str
    created_at: str
    vendor: str  # Django's connection.vendor: "sqlite" or "postgresql"
    database_file: str
    database_version: str
    migrations: dict[str, list[str]]  # app label → applied migration names
    files: list[BackupFile] = field(default_factory=list)

    def write(self, directory: Path) -> None:
        # Renamed into place, so a manifest is either whole or absent.
        data = {"format": FORMAT, "format_version": FORMAT_VERSION, **asdict(self)}
        partial = directory / f".{MANIFEST}.partial"
        partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        partial.chmod(0o600)
        os.replace(partial, directory / MANIFEST)

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        if not directory.is_dir():
            raise BackupError(f"{directory} is not a directory: give the directory `ficshelf backup` wrote.")
        if not path.is_file():
            raise BackupError(
                f"{directory} has no {MANIFEST}, so it is not a complete Ficshelf backup "
                "(a backup writes its manifest last; an interrupted one has none)."
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("not a Ficshelf backup manifest")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"{path} is in backup format {data.get('format_version')}; this version of Ficshelf "
                    f"reads format {FORMAT_VERSION}. Restore it with the Ficshelf version that made it "
                    f"({data.get('ficshelf_version', 'unknown')})."
                )
            manifest = cls(
                ficshelf_version=str(data["ficshelf_version"]),
                created_at=str(data["created_at"]),
                vendor=str(data["vendor"]),
                database_file=str(data["database_file"]),
                database_version=str(data["database_version"]),
                migrations={str(app): [str(n) for n in names] for app, names in data["migrations"].items()},
                files=[BackupFile(str(f["path"]), int(f["size"]), str(f["sha256"])) for f in data["files"]],
            )
        except BackupError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(f"{path} is damaged or not a Ficshelf backup manifest ({error}).") from None
        for entry in manifest.files:
            _check_relative(entry.path, path)
        if manifest.database_file not in {entry.path for entry in manifest.files}:
            raise BackupError(f"{path} lists no database file ({manifest.database_file}): it is damaged.")
        return manifest

    def verify(self, directory: Path) -> None:
        """Refuse a backup with a file missing, cut short or changed since it was written."""
        for entry in self.files:
            path = directory / entry.path
            if not path.is_file():
                raise BackupError(
                    f"The backup is incomplete: {entry.path} is missing from {directory}. "
                    "Restore from a complete copy of the backup."
                )
            size = path.stat().st_size
            if size != entry.size:
                raise BackupError(
                    f"The backup is damaged: {entry.path} is {size:,} bytes, and its manifest says "
                    f"{entry.size:,}. Restore from an intact copy of the backup."
                )
            if file_sha256(path) != entry.sha256:
                raise BackupError(
                    f"The backup is damaged: {entry.path} does not match its SHA-256 checksum in "
                    f"{MANIFEST}, so it was changed after the backup was made. "
                    "Restore from an intact copy of the backup."
                )

    def applied(self) -> set[tuple[str, str]]:
        return {(app, name) for app, names in self.migrations.items() for name in names}


def _check_relative(path: str, manifest: Path) -> None:
    parts = PurePosixPath(path).parts
    if not parts or PurePosixPath(path).is_absolute() or ".." in parts or "\\" in path:
        raise BackupError(f"{manifest} names a file outside the backup ({path!r}): it is damaged or forged.")


def file_sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def describe(path: Path, relative: str) -> BackupFile:
    """The manifest entry of a file the backup has written."""
    path.chmod(0o600)  # the database holds password hashes; data/ the secret key
    return BackupFile(relative, path.stat().st_size, file_sha256(path))
