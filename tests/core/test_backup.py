"""`twinning backup` and `twinning restore`: a round trip gives back the same data."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import GroupFactory
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

    call_command("restore", str(target), "--yes", stdout=io.StringIO())
    connection.close()  # a fresh connection reads the restored database
    assert _fingerprint() == before
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
