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
