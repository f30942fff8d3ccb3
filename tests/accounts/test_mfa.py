import io
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import PASSWORD


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _sign_in(client, email: str) -> None:
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def _confirm_password(client) -> None:
    """allauth asks for the password again before a second factor is added."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def mfa_required(settings) -> None:
    settings.REQUIRE_MFA = True


def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up(
    client, cast, mfa_required
) -> None:
    _sign_in(client, cast.coordinator.email)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


# committing for real: allauth announces a new authenticator once its transaction commits
@pytest.mark.django_db(transaction=True)
@pytest.mark.flushes_database
def test_a_coordinator_sets_up_an_authenticator_app_and_then_works_normally(
    client, cast, mfa_required
) -> None:
    _sign_in(client, cast.coordinator.email)
    _confirm_password(client)
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert client.get("/people/").status_code == 200

    client.post("/accounts/logout/")
    response = client.post(
        "/accounts/login/", {"login": cast.coordinator.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/people/").status_code == 302  # not in before the second step
    client.post("/accounts/2fa/authenticate/", {"code": _code(secret)})
    assert client.get("/people/").status_code == 200


def test_members_are_not_required_to_use_a_second_factor(client, cast, mfa_required) -> None:
    _sign_in(client, cast.member.email)
    assert client.get("/account/").status_code == 200


def test_the_demo_and_development_do_not_require_a_second_factor(client, cast, settings) -> None:
    settings.REQUIRE_MFA = False
    _sign_in(client, cast.coordinator.email)
    assert client.get("/people/").status_code == 200


def test_any_member_may_turn_on_a_second_factor(client, cast) -> None:
    _sign_in(client, cast.member.email)
    _confirm_password(client)
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert "Two-factor sign-in</a>:\n      on" in client.get("/account/").content.decode()


def test_the_api_tells_a_coordinator_without_a_second_factor_why_in_json(
    client, cast, mfa_required
) -> None:
    _sign_in(client, cast.coordinator.email)
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


# --- the second factor must have been used, on every way in ---------------------------


def _with_authenticator(user) -> str:
    """Give the person a real TOTP authenticator; return its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def administrator(db):
    """A technical administrator made the way a deployment makes one."""
    from django.core.management import call_command

    from twinning.accounts.models import User

    call_command(
        "createsuperuser", email="root@example.org", interactive=False, stdout=io.StringIO()
    )
    user = User.objects.get(email="root@example.org")
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


PRIVILEGED_PAGES = ["/admin/", "/people/", "/directory/everything.csv", "/account/api-tokens/"]


def test_the_admin_sign_in_page_never_checks_a_password_itself(
    client, administrator, mfa_required
) -> None:
    _with_authenticator(administrator)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": administrator.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    for url in PRIVILEGED_PAGES:
        assert client.get(url).status_code == 302, url
    assert client.get("/api/v1/me").status_code in (401, 403)


def test_an_administrator_reaches_the_admin_only_through_the_sign_in_and_its_second_step(
    client, administrator, mfa_required
) -> None:
    secret = _with_authenticator(administrator)
    login = client.get("/admin/")
    assert login["Location"].startswith("/admin/login/")
    sent = client.get(login["Location"])
    assert sent["Location"].startswith("/accounts/login/?next=")
    step = client.post(sent["Location"], {"login": administrator.email, "password": PASSWORD})
    assert step["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # the password alone is not enough
    done = client.post("/accounts/2fa/authenticate/", {"code": _code(secret)}, follow=True)
    assert done.redirect_chain[-1][0] == "/admin/"
    assert done.status_code == 200
    for url in PRIVILEGED_PAGES:
        assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/me").status_code == 200


def test_the_admin_sign_in_is_rate_limited_like_every_sign_in(client, administrator) -> None:
    for _attempt in range(15):
        client.post("/accounts/login/", {"login": administrator.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": administrator.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed" in response.content.decode()
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("kind", ["coordinator", "staff"])
def test_a_session_that_skipped_the_second_factor_is_signed_out_and_asked_again(
    client, cast, mfa_required, kind: str
) -> None:
    person = cast.coordinator
    if kind == "staff":
        person.is_coordinator = False
        person.is_staff = True
        person.save(update_fields=["is_coordinator", "is_staff"])
    _with_authenticator(person)
    client.force_login(person)  # signed in with no second step, like the old admin page
    response = client.get("/people/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fpeople%2F%3Fpage%3D2"
    assert "_auth_user_id" not in client.session
    assert client.get("/account/").status_code == 302  # signed out, not just turned away


def test_the_api_tells_a_session_that_skipped_the_second_factor_why_in_json(
    client, cast, mfa_required
) -> None:
    _with_authenticator(cast.coordinator)
    client.force_login(cast.coordinator)
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert "authenticator" in response.json()["detail"]


def test_a_member_with_an_authenticator_may_sign_in_either_way(client, cast, mfa_required) -> None:
    _with_authenticator(cast.member)
    client.force_login(cast.member)
    assert client.get("/account/").status_code == 200


def test_createsuperuser_makes_an_administrator_who_can_sign_in_on_the_site(
    client, administrator
) -> None:
    response = client.post("/accounts/login/", {"login": administrator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
