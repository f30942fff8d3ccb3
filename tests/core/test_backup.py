"""`twinning backup` and `twinning restore`: a round trip gives back the same data."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import GroupFactory
from twinning.core.services import revision_number
from twinning.directory.models import Group, Link

pytestmark = [pytest.mark.flushes_database, pytest.mark.django_db(transaction=True)]

TABLES = ["directory_group", "directory_partner", "directory_link", "places_place"]


def _fingerprint() -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows in id order."""
    result = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - fixed names
            rows = cursor.fetchall()
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result


def test_a_backup_restored_gives_back_every_row_as_it_was(cast, tmp_path) -> None:
    GroupFactory(name="Kept in the backup", description="نص عربي")
    before = _fingerprint()
    target = tmp_path / "copy.backup"
    out = io.StringIO()
    call_command("backup", str(target), stdout=out)
    assert "Backed up to" in out.getvalue()
    assert target.stat().st_size > 0

    Link.objects.all().delete()
    Group.objects.filter(name="Kept in the backup").delete()
    GroupFactory(name="Written after the backup")
    assert _fingerprint() != before

    revision_after_backup = revision_number("directory")
    call_command("restore", str(target), "--yes", stdout=io.StringIO())
    connection.close()  # a fresh connection reads the restored database
    assert _fingerprint() == before
    # pages cached from the replaced data can never be served again
    assert revision_number("directory") > revision_after_backup + 10**8
    assert Group.objects.filter(name="Kept in the backup").exists()
    assert not Group.objects.filter(name="Written after the backup").exists()


def test_restoring_something_that_is_not_a_backup_says_so_and_changes_nothing(
    cast, tmp_path
) -> None:
    before = _fingerprint()
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(tmp_path / "missing"), "--yes")
    connection.close()
    assert _fingerprint() == before


def test_an_empty_or_foreign_file_is_never_restored(cast, tmp_path) -> None:
    import sqlite3

    before = _fingerprint()
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as other:
        other.execute("CREATE TABLE notes (text TEXT)")
    for path in (empty, foreign):
        with pytest.raises(CommandError):
            call_command("restore", str(path), "--yes")
    connection.close()
    assert _fingerprint() == before


def test_a_backup_is_readable_by_its_owner_only_and_never_left_half_written(cast, tmp_path) -> None:
    target = tmp_path / "copies" / "copy.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    assert target.stat().st_mode & 0o077 == 0
    assert not list(target.parent.glob("*.partial"))
