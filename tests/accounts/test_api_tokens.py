"""Coordinators read the API from scripts with tokens: shown once, read-only, revocable."""

import re

import pytest
from django.test import Client

from tests.conftest import client_for
from twinning.accounts.models import ApiToken
from twinning.accounts.services import api_token_create, api_token_revoke
from twinning.directory.models import Link
from twinning.directory.services import partner_update

pytestmark = pytest.mark.django_db


def _api(key: str | None, path: str, method: str = "get"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return getattr(Client(), method)(f"/api/v1/{path}", **headers)


def test_a_coordinator_makes_a_token_and_sees_it_only_once(cast) -> None:
    coordinator = client_for(cast.coordinator)
    page = coordinator.get("/account/api-tokens/").content.decode()
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page).group(1)
    page = coordinator.post(
        "/account/api-tokens/", {"name": "the network map", "nonce": nonce}
    ).content.decode()
    key = re.search(r'value="(tw_[^"]+)"', page).group(1)
    token = ApiToken.objects.get()
    assert key not in (token.digest, token.prefix)  # only a digest is kept
    assert _api(key, "groups").status_code == 200
    later = coordinator.get("/account/api-tokens/").content.decode()
    assert key not in later
    assert "the network map" in later


def test_a_form_sent_twice_makes_one_token(cast) -> None:
    coordinator = client_for(cast.coordinator)
    for _ in range(2):
        coordinator.post("/account/api-tokens/", {"name": "map", "nonce": "a" * 32})
    assert ApiToken.objects.count() == 1


def test_a_token_shows_coordinators_fields_that_the_public_never_gets(cast) -> None:
    _token, key = api_token_create(actor=cast.coordinator, name="script")
    partner_update(actor=cast.coordinator, partner=cast.partner, values={"sensitive": True})
    group = cast.group_a
    group.public_email = "hidden@example.org"
    group.save()
    Link.objects.create(group=cast.group_b, partner=cast.partner, status="proposed")

    public = _api(None, "partners").json()["items"]
    private = _api(key, "partners").json()["items"]
    assert "Beit Ummar council" not in str(public)
    assert {"name": "Beit Ummar council", "private": {"sensitive": True}}.items() <= next(
        p for p in private if p["name"] == "Beit Ummar council"
    ).items()
    public_group = _api(None, f"groups/{group.slug}").json()
    assert public_group["contact_email"] is None
    assert public_group["private"] is None
    assert "hidden@example.org" not in str(public_group)
    assert _api(key, f"groups/{group.slug}").json()["private"]["email"] == "hidden@example.org"
    assert _api(None, "links?status=proposed").json()["count"] == 0
    assert _api(key, "links?status=proposed").json()["count"] == 1


def test_a_token_cannot_write(cast) -> None:
    _token, key = api_token_create(actor=cast.coordinator, name="script")
    response = _api(key, "groups", method="post")
    assert response.status_code == 405
    assert "only read" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer tw_nope_nope", "Bearer ", "Basic abc", "Bearer x"])
def test_a_wrong_token_is_refused_with_a_reason(cast, header) -> None:
    response = Client().get("/api/v1/groups", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_revoked_token_or_one_whose_owner_stepped_down_stops_working(cast) -> None:
    token, key = api_token_create(actor=cast.coordinator, name="script")
    _second, other_key = api_token_create(actor=cast.coordinator, name="other")
    api_token_revoke(actor=cast.coordinator, token=token)
    assert _api(key, "groups").status_code == 401
    assert _api(other_key, "groups").status_code == 200
    cast.coordinator.is_coordinator = False
    cast.coordinator.save()
    assert _api(other_key, "groups").status_code == 401


def test_only_coordinators_make_tokens_and_each_revokes_only_their_own(cast) -> None:
    assert client_for(cast.organiser).get("/account/api-tokens/").status_code == 403
    other = cast.coordinator.__class__.objects.create_user(
        email="second.coordinator@example.org", password="x", is_coordinator=True
    )
    token, key = api_token_create(actor=other, name="theirs")
    response = client_for(cast.coordinator).post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert _api(key, "groups").status_code == 200


def test_a_persons_data_download_lists_their_tokens_without_keys(cast) -> None:
    _token, key = api_token_create(actor=cast.coordinator, name="script")
    data = client_for(cast.coordinator).get("/account/my-data.json").content.decode()
    assert "script" in data
    assert key not in data


def test_stepping_down_revokes_a_coordinators_tokens_for_good(cast) -> None:
    from twinning.accounts.services import user_set_roles

    _token, key = api_token_create(actor=cast.coordinator, name="script")
    other = cast.coordinator.__class__.objects.create_user(
        email="second.coordinator@example.org", password="x", is_coordinator=True
    )
    user_set_roles(actor=other, user=cast.coordinator, is_coordinator=False, is_advisor=False)
    user_set_roles(actor=other, user=cast.coordinator, is_coordinator=True, is_advisor=False)
    assert _api(key, "groups").status_code == 401


def test_the_page_showing_a_new_key_is_never_cached(cast) -> None:
    response = client_for(cast.coordinator).post("/account/api-tokens/", {"name": "map"})
    assert response["Cache-Control"] == "no-store"


def test_where_a_second_factor_is_required_a_token_works_only_while_its_owner_has_one(
    cast, settings
) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.REQUIRE_MFA = True
    _token, key = api_token_create(actor=cast.coordinator, name="script")
    refused = _api(key, "me")
    assert refused.status_code == 403
    assert "two-factor" in refused.json()["detail"]
    TOTP.activate(cast.coordinator, generate_totp_secret())
    assert _api(key, "me").status_code == 200
    Authenticator.objects.filter(user=cast.coordinator).delete()  # removed later
    assert _api(key, "me").status_code == 403


def test_the_tokens_made_before_the_second_factor_was_enforced_are_revoked(cast) -> None:
    import importlib

    from django.apps import apps

    _token, key = api_token_create(actor=cast.coordinator, name="old script")
    assert _api(key, "me").status_code == 200
    migration = importlib.import_module(
        "twinning.accounts.migrations.0003_revoke_tokens_made_without_a_second_factor"
    )
    migration.revoke(apps, None)
    assert _api(key, "me").status_code == 401
