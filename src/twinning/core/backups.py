"""Copies of the whole database, to keep and to bring back.

SQLite is copied with its online backup API (the site may keep running while
it copies); PostgreSQL with pg_dump in its custom format, brought back with
pg_restore. A restore replaces everything: stop the site first.

Copies hold everything, people's details included: they are written readable
by their owner only, and passwords never appear on a command line.
"""

import contextlib
import os
import random
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.cache import cache
from django.db import connection, models

# Tables a copy of this platform must hold for a restore to be allowed.
REQUIRED_TABLES = {"django_migrations", "accounts_user", "directory_group"}


class BackupError(RuntimeError):
    """A copy could not be made or brought back; the message says why."""


def backup(target: Path, *, progress=lambda message: None) -> Path:
    """Write a copy of the database to `target` (a file) and return it.

    The copy is written beside the target and renamed only when complete, so a
    crash or a full disk never leaves a file that looks like a backup.
    """
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(target.name + ".partial")
    connection.ensure_connection()
    with _private_files():
        if connection.vendor == "sqlite":
            try:
                copy = sqlite3.connect(partial)
                # in one step: a copy in many steps restarts whenever someone writes
                connection.connection.backup(copy, pages=-1)
                copy.close()
            except sqlite3.Error as error:
                partial.unlink(missing_ok=True)
                raise BackupError(f"The copy failed: {error}") from error
        elif connection.vendor == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}"])
        else:
            raise BackupError(f"Backups are not supported on {connection.vendor}.")
    os.replace(partial, target)
    progress(f"  {target.stat().st_size:,} bytes")
    return target


def restore(source: Path) -> None:
    """Replace the database's content with a copy made by `backup`."""
    if not source.is_file() or source.stat().st_size == 0:
        raise BackupError(f"No backup at {source}.")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        _check_sqlite_copy(source)
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
                copy.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(f"{source} could not be restored: {error}") from error
    elif connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname=",  # empty: the PG* variables name the database
                str(source),
            ]
        )
    else:
        raise BackupError(f"Backups are not supported on {connection.vendor}.")
    _forget_what_was_built_from_the_old_data()


def _check_sqlite_copy(source: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is damaged.")
            tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite backup: {error}") from error
    if not tables >= REQUIRED_TABLES:
        raise BackupError(f"{source} is not a backup of this platform.")


def _forget_what_was_built_from_the_old_data() -> None:
    """Caches are keyed by revision numbers, which a restore takes back in time: move
    every revision far ahead so no page built from the replaced data is served again."""
    from twinning.core.models import Revision

    cache.clear()
    Revision.objects.update(number=models.F("number") + random.randint(10**9, 2 * 10**9))  # noqa: S311


@contextlib.contextmanager
def _private_files():
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _environment() -> dict[str, str]:
    """The connection for pg_dump and pg_restore, in libpq's variables: never in arguments."""
    settings = connection.settings_dict
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(  # noqa: S603 - fixed programs, no shell
        command, capture_output=True, text=True, check=False, env=_environment()
    )
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise BackupError(f"{command[0]}: {lines[-1] if lines else 'failed'}")
