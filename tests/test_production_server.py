"""`twinning serve` in production mode, as real processes: the second factor on every way in,
and sign-in lockouts that hold however many processes answer.

The servers get a database of their own (see `tests/test_live_server.py`) and are driven over
HTTP with `requests`, like a browser. Cookies are sent over plain HTTP here
(`TWINNING_SECURE_COOKIES=false`); everything else is as a deployment runs it.
"""

import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.test_live_server import (
    LiveDatabase,
    LiveServer,
    _free_port,
    database_of_its_own,
    running_twinning,
    twinning_shell,
)

pytestmark = [pytest.mark.slow]

ADMIN = "root@example.org"
MEMBER = "guesser@example.org"
PASSWORD = "a-long-and-unusual-password-7"


def _production_env(database: LiveDatabase) -> dict[str, str]:
    env = {
        **database.env,
        "TWINNING_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # nothing listens there: no mail is sent by these tests
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(_free_port()),
        "DEFAULT_FROM_EMAIL": "Twinning <twinning@example.org>",
        "TWINNING_SECURE_COOKIES": "false",
        "TWINNING_TASKS": "immediate",
    }
    return env


def _redis_url() -> str:
    url = os.environ.get("TWINNING_TEST_REDIS_URL", "")
    if url:
        return url
    if os.environ.get("TWINNING_REQUIRE_REDIS"):
        pytest.fail("TWINNING_TEST_REDIS_URL must name the Redis server CI started")
    pytest.skip("no Redis server for tests (set TWINNING_TEST_REDIS_URL)")
    return ""


def _serving(env: dict[str, str], log: Path):
    """One production web process on the module's database (migrated already)."""
    return running_twinning(["serve", "--workers", "1", "--no-migrate"], env, log)


def _twinning(env: dict[str, str], *args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    """`twinning <args>` with `env`, its output kept."""
    return subprocess.run(
        [sys.executable, "-m", "twinning.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Iterator[dict[str, str]]:
    """A database of its own, migrated once for the whole module; its production settings."""
    with database_of_its_own(tmp_path_factory.mktemp("production"), "production") as database:
        env = _production_env(database)
        done = _twinning(env, "migrate", "--no-input", "-v", "0", timeout=600)
        assert done.returncode == 0, done.stderr
        yield env


@pytest.fixture(scope="module")
def two_processes(production, tmp_path_factory) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Two web processes on the one database, as behind a load balancer."""
    logs = tmp_path_factory.mktemp("logs")
    with (
        _serving(production, logs / "first.log") as first,
        _serving(production, logs / "second.log") as second,
    ):
        yield first, second


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


# --- 1. the second factor -------------------------------------------------------------

PRIVILEGED = ["/admin/", "/people/", "/directory/everything.csv", "/account/api-tokens/"]


def _make_administrator(env: dict[str, str]) -> str:
    """`twinning createsuperuser`, as a deployment runs it, then a real authenticator app."""
    done = _twinning(
        {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        *("createsuperuser", "--noinput", "--email", ADMIN),
    )
    assert done.returncode == 0, done.stderr
    return twinning_shell(
        env,
        "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret\n"
        "from twinning.accounts.models import User\n"
        "secret = generate_totp_secret()\n"
        f"TOTP.activate(User.objects.get(email={ADMIN!r}), secret)\n"
        "print(secret)",
    )


def _statuses(session: requests.Session, server: LiveServer) -> dict[str, int]:
    return {
        url: session.get(f"{server.url}{url}", allow_redirects=False, timeout=10).status_code
        for url in [*PRIVILEGED, "/api/v1/me"]
    }


def test_in_production_the_admin_is_reached_only_with_the_password_and_the_second_factor(
    production, two_processes
) -> None:
    server = two_processes[0]
    secret = _make_administrator(production)

    # What the probe did: the admin's own sign-in page with the password alone.
    probe = requests.Session()
    token = _csrf(probe, f"{server.url}/accounts/login/")
    answer = probe.post(
        f"{server.url}/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": ADMIN, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/accounts/login/?next=")
    assert set(_statuses(probe, server).values()) <= {302, 401, 403}

    # The site's one sign-in: the password, then the code from the app.
    person = requests.Session()
    token = _csrf(person, f"{server.url}/accounts/login/?next=/admin/")
    answer = person.post(
        f"{server.url}/accounts/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "login": ADMIN, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.headers["Location"] == "/accounts/2fa/authenticate/"
    assert set(_statuses(person, server).values()) <= {302, 401, 403}
    token = _csrf(person, f"{server.url}/accounts/2fa/authenticate/")
    answer = person.post(
        f"{server.url}/accounts/2fa/authenticate/",
        data={"csrfmiddlewaretoken": token, "code": _code(secret)},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.headers["Location"] == "/admin/"
    assert set(_statuses(person, server).values()) == {200}


# --- 5. lockouts shared by every process ----------------------------------------------


def _guess(servers: tuple[LiveServer, ...], email: str, passwords: list[str]) -> list[str]:
    """Sign in with each password in turn, from a new browser each time, taking the
    processes in turn: whether each was checked, or refused before it was."""
    answers = []
    for attempt, password in enumerate(passwords):
        server = servers[attempt % len(servers)]
        guesser = requests.Session()
        token = _csrf(guesser, f"{server.url}/accounts/login/")
        page = guesser.post(
            f"{server.url}/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": email, "password": password},
            allow_redirects=False,
            timeout=10,
        ).text
        answers.append("locked" if "Too many failed" in page else "checked")
    return answers


def _make_member(env: dict[str, str], email: str) -> None:
    twinning_shell(
        env,
        "from allauth.account.models import EmailAddress\n"
        "from twinning.accounts.models import User\n"
        f"user = User.objects.create_user({email!r}, {PASSWORD!r})\n"
        "EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)",
    )


def _assert_five_guesses_then_locked(servers, env, email: str) -> None:
    """allauth allows 5 wrong passwords per account in 5 minutes. With a cache of each
    process's own, two processes let 10 through; a shared cache holds it at 5, and then the
    right password is refused too, on either process, until the lockout ends."""
    _make_member(env, email)
    answers = _guess(servers, email, [f"guess-{n}" for n in range(10)])
    assert answers == ["checked"] * 5 + ["locked"] * 5, answers
    assert _guess(servers, email, [PASSWORD, PASSWORD]) == ["locked", "locked"]


def test_the_sign_in_lockout_counts_each_guess_once_across_two_web_processes(
    production, two_processes
) -> None:
    _assert_five_guesses_then_locked(two_processes, production, "guesser@example.org")


def test_the_lockout_holds_across_processes_with_redis_as_the_shared_cache(production) -> None:
    """The same with TWINNING_REDIS_URL, from two Python processes in turn (each signs in
    through the site's own views, with Django's test client, in a process of its own)."""
    env = {**production, "TWINNING_REDIS_URL": _redis_url()}
    env.pop("TWINNING_MODE")  # these processes need no web server's settings
    import redis

    redis.Redis.from_url(env["TWINNING_REDIS_URL"]).flushdb()  # nothing left by another run
    email = "redis-guesser@example.org"
    _make_member(env, email)

    def guesses_in_a_process_of_its_own(passwords: list[str]) -> list[str]:
        printed = twinning_shell(
            env,
            "from django.core.cache import caches\n"
            "from django.test import Client\n"
            "assert type(caches['default']).__name__ == 'RedisCache'\n"
            "answers = []\n"
            f"for password in {passwords!r}:\n"
            "    page = Client(HTTP_HOST='127.0.0.1').post(\n"
            f"        '/accounts/login/', {{'login': {email!r}, 'password': password}}\n"
            "    ).content.decode()\n"
            "    answers.append('locked' if 'Too many failed' in page else 'checked')\n"
            "print(','.join(answers))",
        )
        return printed.split(",")

    assert guesses_in_a_process_of_its_own([f"guess-{n}" for n in range(5)]) == ["checked"] * 5
    assert guesses_in_a_process_of_its_own(["guess-5", PASSWORD]) == ["locked", "locked"]


# --- the deployment check -------------------------------------------------------------


def test_the_deployment_check_in_production_asks_only_for_what_a_deployment_must_choose(
    production,
) -> None:
    """HTTPS-only (HSTS) and the redirect to HTTPS depend on how the site is put behind TLS,
    so they are the deployment's to turn on (README, "Production notes")."""
    env = dict(production)
    env.pop("TWINNING_SECURE_COOKIES")  # (only these tests send cookies over plain HTTP)
    done = _twinning(env, "check", "--deploy")
    found = set(re.findall(r"\((\w+\.[A-Z]\d+)\)", done.stdout + done.stderr))
    assert found == {"security.W004", "security.W008"}, done.stdout + done.stderr
    env.update(
        TWINNING_HSTS_SECONDS="31536000",
        TWINNING_HSTS_INCLUDE_SUBDOMAINS="true",
        TWINNING_HSTS_PRELOAD="true",
        TWINNING_SSL_REDIRECT="true",
        TWINNING_BEHIND_PROXY="true",
    )
    done = _twinning(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
