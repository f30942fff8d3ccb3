"""When the database stops answering: a clear 503, nothing half-written, and recovery
on the next request without restarting the application."""

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client

from tests.conftest import client_for
from twinning.directory.models import Group

pytestmark = [pytest.mark.flushes_database, pytest.mark.django_db(transaction=True)]


def _break_the_database(monkeypatch) -> None:
    """Point the connection where no database answers, as if the server had stopped."""
    if connection.vendor == "postgresql":
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    else:
        # the in-memory test database cannot be closed without losing it: make every
        # query fail as a file that cannot be opened would
        def unavailable(*args, **kwargs):
            raise OperationalError("unable to open database file")

        monkeypatch.setattr(type(connections["default"]), "create_cursor", unavailable)


def test_pages_and_the_api_answer_503_while_the_database_is_down_then_recover(
    cast, monkeypatch
) -> None:
    signed_in = client_for(cast.organiser)
    before = Group.objects.count()
    _break_the_database(monkeypatch)
    visitor = Client(raise_request_exception=False)
    page = visitor.get("/groups/")
    assert page.status_code == 503
    assert page["Retry-After"] == "60"
    assert "database is not answering" in page.content.decode()
    api = visitor.get("/api/v1/groups")
    assert api.status_code == 503
    assert "not answering" in api.json()["detail"]
    assert visitor.get("/healthz").status_code == 503
    signed_in.raise_request_exception = False
    edit = signed_in.post(f"/groups/{cast.group_a.slug}/edit/", {"name": "Half-written?"})
    assert edit.status_code == 503

    monkeypatch.undo()
    connection.close()
    # the next request reconnects by itself
    assert visitor.get("/healthz").status_code == 200
    assert visitor.get("/groups/").status_code == 200
    assert Group.objects.count() == before
    assert not Group.objects.filter(name="Half-written?").exists()


def test_a_fault_of_ours_in_the_database_stays_a_500_not_a_pause(monkeypatch) -> None:
    """A missing table (new code before its migration) must not pass for an outage."""
    from django.db import ProgrammingError

    from twinning.core.views import database_unavailable

    assert not database_unavailable(OperationalError("no such table: directory_group"))
    assert not database_unavailable(ProgrammingError("syntax error"))
    assert database_unavailable(OperationalError("unable to open database file"))
    assert database_unavailable(OperationalError("database is locked"))
