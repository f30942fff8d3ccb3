import pytest
from django.core.management import call_command

from twinning.accounts.demo import PASSWORD

DEMO_ROLES = [
    "coordinator@demo.twinning.test",
    "advisor@demo.twinning.test",
    "organiser@demo.twinning.test",
    "member@demo.twinning.test",
    "partner@demo.twinning.test",
]


@pytest.fixture
def demo(db) -> None:
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize("email", DEMO_ROLES)
def test_each_demo_role_signs_in_with_the_printed_password(client, demo, email: str) -> None:
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_a_wrong_password_is_refused_with_a_message(client, demo) -> None:
    response = client.post(
        "/accounts/login/", {"login": "member@demo.twinning.test", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert client.get("/account/").status_code == 302


def test_loading_the_demo_twice_creates_nothing_new(demo) -> None:
    from twinning.accounts.models import User
    from twinning.core.models import AuditEntry
    from twinning.directory.models import Group, GroupRole

    models = (User, Group, GroupRole, AuditEntry)
    counts = [model.objects.count() for model in models]
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in models] == counts
    assert counts[-1] > 0  # the demo's history of changes is not empty


def test_the_demo_prints_one_sign_in_per_role(db, capsys) -> None:
    call_command("demo_data")
    out = capsys.readouterr().out
    for role in ("coordinator", "organiser", "member", "partner contact", "advisor"):
        assert role in out
    assert PASSWORD in out
