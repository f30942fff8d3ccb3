"""Copies of the whole database, to keep and to bring back.

SQLite is copied with its online backup API (the site may keep running while
it copies); PostgreSQL with pg_dump in its custom format, brought back with
pg_restore. A restore replaces everything: stop the site first.
"""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(RuntimeError):
    """A copy could not be made or brought back; the message says why."""


def backup(target: Path, *, progress=lambda message: None) -> Path:
    """Write a copy of the database to `target` (a file) and return it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with sqlite3.connect(target) as copy:
            connection.connection.backup(
                copy,
                pages=1024,
                progress=lambda status, left, total: progress(
                    f"  copied {total - left} of {total} pages"
                ),
            )
        copy.close()
        return target
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _dsn()])
        return target
    raise BackupError(f"Backups are not supported on {connection.vendor}.")


def restore(source: Path) -> None:
    """Replace the database's content with a copy made by `backup`."""
    if not source.is_file():
        raise BackupError(f"No backup at {source}.")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
                copy.execute("PRAGMA schema_version").fetchone()
                copy.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a SQLite backup: {error}") from error
        return
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_dsn()}",
                str(source),
            ]
        )
        return
    raise BackupError(f"Backups are not supported on {connection.vendor}.")


def _dsn() -> str:
    settings = connection.settings_dict
    parts = {
        "host": settings.get("HOST") or "",
        "port": str(settings.get("PORT") or ""),
        "dbname": settings["NAME"],
        "user": settings.get("USER") or "",
        "password": settings.get("PASSWORD") or "",
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        # pg tools print the connection string on some errors: never the password
        message = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"
        raise BackupError(f"{command[0]}: {message}")
