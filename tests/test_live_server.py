"""A real gunicorn, started as `twinning demo` in a subprocess, with a database of its own:
schemathesis over HTTP, and a worker killed in the middle of a write.

The server never uses the test database: on SQLite it gets a new file in the test's
temporary folder; on PostgreSQL (when DATABASE_URL points there) a database
`test_<name>_live`, created and dropped here. The tests read it directly (sqlite3 or
psycopg), not through Django.
"""

import contextlib
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from psycopg import sql
from schemathesis.checks import positive_data_acceptance

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds workers in /proc"),
]

PASSWORD = "twinning-demo"
COORDINATOR = "coordinator@demo.twinning.test"
PROPOSER = "member@demo.twinning.test"

# What the demo keeps from visitors: its (fictional) people, and the sensitive partner,
# which the public sees by its kind and governorate only.
PRIVATE = (
    "@demo.twinning.test",
    "Sara Coordinator",
    "Tom Advisor",
    "Olivia Organiser",
    "Owen Organiser",
    "Maya Member",
    "ليلى الشريك",
    "Women's Co-operative",
    "تعاونية نسائية",
    "Shown in the demo as a sensitive partner",
)


# --- the server's own database -------------------------------------------------------


@dataclass
class LiveDatabase:
    """The database the server uses, and a way to read it from the test."""

    env: dict[str, str]
    vendor: str
    sqlite_path: Path | None = None
    connect_kwargs: dict | None = None

    def connect(self, *, autocommit: bool = True):
        if self.vendor == "sqlite":
            return contextlib.closing(sqlite3.connect(self.sqlite_path, timeout=20))
        return psycopg.connect(**self.connect_kwargs, autocommit=autocommit)

    def rows(self, query: str, params: tuple = ()) -> list[tuple]:
        if self.vendor == "postgresql":
            query = query.replace("?", "%s")
        with self.connect() as connection:
            return list(connection.execute(query, params).fetchall())


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWINNING_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return env


@pytest.fixture
def live_database(tmp_path) -> Iterator[LiveDatabase]:
    with database_of_its_own(tmp_path) as database:
        yield database


@contextlib.contextmanager
def database_of_its_own(tmp_path: Path, suffix: str = "live") -> Iterator[LiveDatabase]:
    """A new SQLite file in `tmp_path`, or a new PostgreSQL database beside the tests' own."""
    env = {**_clean_env(), "TWINNING_DATA_DIR": str(tmp_path / "data")}
    url = os.environ.get("DATABASE_URL", "")
    if not url or dj_database_url.parse(url)["ENGINE"] != "django.db.backends.postgresql":
        yield LiveDatabase(env=env, vendor="sqlite", sqlite_path=tmp_path / "data/twinning.sqlite3")
        return

    parsed = dj_database_url.parse(url)
    name = f"test_{parsed['NAME']}_{suffix}"
    server = {
        "host": parsed["HOST"] or None,
        "port": parsed["PORT"] or None,
        "user": parsed["USER"] or None,
        "password": parsed["PASSWORD"] or None,
    }

    def admin(statement) -> None:
        with psycopg.connect(dbname=parsed["NAME"], autocommit=True, **server) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    admin(drop)  # left by an interrupted run
    admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        env["DATABASE_URL"] = urlsplit(url)._replace(path=f"/{name}").geturl()
        yield LiveDatabase(env=env, vendor="postgresql", connect_kwargs={"dbname": name, **server})
    finally:
        admin(drop)


# --- the server ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (name) state ppid ...": the name may hold spaces and parentheses
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def _wait_for(what: str, probe: Callable, timeout: float, *, log: Path | None = None):
    """Call `probe` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            tail = log.read_text()[-3000:] if log else ""
            pytest.fail(f"{what}: not within {timeout} s\n{tail}")
        time.sleep(0.05)


@dataclass
class LiveServer:
    process: subprocess.Popen
    url: str
    log: Path

    def answers(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()[-3000:]
        try:
            return requests.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def workers(self) -> list[int]:
        """The gunicorn workers: children of the master, itself a child of `twinning demo`."""
        for child in _children(self.process.pid):
            if b"gunicorn" in Path(f"/proc/{child}/cmdline").read_bytes():
                return _children(child)
        return []

    def wait_for_fresh_worker(self, killed: list[int]) -> int:
        """Wait until the master has replaced the killed worker and a request is answered."""

        def fresh() -> list[int]:
            return [pid for pid in self.workers() if pid not in killed]

        (worker,) = _wait_for("a new worker", fresh, 60, log=self.log)
        _wait_for("an answer from the new worker", self.answers, 60, log=self.log)
        return worker


@contextlib.contextmanager
def running_twinning(args: list[str], env: dict[str, str], log: Path) -> Iterator[LiveServer]:
    """`twinning <args> --port P` in a process group of its own, until it answers; stopped,
    and every worker with it, afterwards."""
    port = _free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "twinning.cli", *args, "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LiveServer(process=process, url=f"http://127.0.0.1:{port}", log=log)
    try:
        started = time.monotonic()
        _wait_for(f"twinning {args[0]} to answer", server.answers, 180, log=log)
        print(f"twinning {args[0]} answered after {time.monotonic() - started:.1f} s")
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        finally:
            # the whole group is ours (start_new_session): leave no worker behind
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _running_demo(database: LiveDatabase, log: Path, *, workers: int):
    return running_twinning(["demo", "--workers", str(workers)], database.env, log)


def twinning_shell(env: dict[str, str], code: str) -> str:
    """Run Python in `twinning shell` with `env`; return the last line it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "twinning.cli", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def _manage(database: LiveDatabase, code: str) -> str:
    """Run Python in `twinning shell` against the server's database; return what it printed."""
    return twinning_shell(database.env, code)


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _signed_in(server: LiveServer, email: str) -> requests.Session:
    """A browser-like session, signed in through the real sign-in form."""
    session = requests.Session()
    form = session.get(f"{server.url}/accounts/login/", timeout=10)
    answer = session.post(
        f"{server.url}/accounts/login/",
        data={"csrfmiddlewaretoken": _csrf(form.text), "login": email, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:2000]
    assert "sessionid" in session.cookies
    return session


# --- 1. schemathesis over HTTP -------------------------------------------------------


def _visible_text(content: bytes) -> str:
    """The body as sent, and as JSON decoded (Arabic travels as \\u escapes)."""
    text = content.decode("utf-8", "replace")
    with contextlib.suppress(ValueError):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _check_all(operations, headers: dict, *, keep_private: bool) -> int:
    calls = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            nonlocal calls
            calls += 1
            # A filter naming an interest or a county that does not exist is answered
            # 422 with the reason (documented): valid as a string, refused as a value.
            response = case.call_and_validate(
                headers=headers, excluded_checks=[positive_data_acceptance], timeout=10
            )
            assert response.status_code < 500
            if keep_private:
                text = _visible_text(response.content)
                shown = [value for value in PRIVATE if value in text]
                assert not shown, f"{case.method} {case.formatted_path}: {shown}"

        check()
    return calls


def test_over_http_every_api_operation_stays_within_its_schema_and_shows_visitors_nothing_private(
    live_database, tmp_path
) -> None:
    with _running_demo(live_database, tmp_path / "server.log", workers=2) as server:
        key = _manage(
            live_database,
            "from twinning.accounts.models import User\n"
            "from twinning.accounts.services import api_token_create\n"
            f"coordinator = User.objects.get(email={COORDINATOR!r})\n"
            "print(api_token_create(actor=coordinator, name='live fuzz')[1])",
        )
        token = {"Authorization": f"Bearer {key}"}
        schema = schemathesis.openapi.from_url(f"{server.url}/api/v1/openapi.json", timeout=10)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 8

        started = time.monotonic()
        anonymous = _check_all(operations, {}, keep_private=True)
        with_token = _check_all(operations, token, keep_private=False)
        print(
            f"{live_database.vendor}: {anonymous} anonymous and {with_token} coordinator calls"
            f" in {time.monotonic() - started:.1f} s"
        )

        # The private values are really there, for a coordinator: the check above has teeth.
        for path in ("/api/v1/partners", "/api/v1/links?page_size=100"):
            as_coordinator = requests.get(f"{server.url}{path}", headers=token, timeout=10)
            as_visitor = requests.get(f"{server.url}{path}", timeout=10)
            assert as_coordinator.status_code == as_visitor.status_code == 200
            assert "Women's Co-operative" in as_coordinator.text
            assert "Women's Co-operative" not in as_visitor.text
        statuses = {link["status"] for link in as_coordinator.json()["items"]}
        assert "proposed" in statuses
        assert "proposed" not in {link["status"] for link in as_visitor.json()["items"]}


# --- 2. a worker killed during a multi-row write -------------------------------------

# Rows that would be left behind if a group's proposal were half-written.
ORPHANS = {
    "organiser roles": "SELECT COUNT(*) FROM directory_grouprole"
    " WHERE group_id NOT IN (SELECT id FROM directory_group)",
    "interests": "SELECT COUNT(*) FROM directory_group_interests"
    " WHERE group_id NOT IN (SELECT id FROM directory_group)",
    "search entries": "SELECT COUNT(*) FROM directory_searchentry"
    " WHERE kind = 'group' AND object_id NOT IN (SELECT id FROM directory_group)",
    "audit entries": "SELECT COUNT(*) FROM core_auditentry WHERE action = 'group.proposed'"
    " AND object_id NOT IN (SELECT CAST(id AS TEXT) FROM directory_group)",
}

# Each proposed group with what must have been written with it.
PROPOSED = """
SELECT g.name, g.status,
    (SELECT COUNT(*) FROM directory_grouprole r JOIN accounts_user u ON u.id = r.user_id
        WHERE r.group_id = g.id AND r.role = 'organiser' AND u.email = ?),
    (SELECT COUNT(*) FROM core_auditentry a
        WHERE a.action = 'group.proposed' AND a.object_id = CAST(g.id AS TEXT)),
    (SELECT COUNT(*) FROM directory_group_interests i WHERE i.group_id = g.id)
FROM directory_group g WHERE g.name LIKE ? ORDER BY g.name
"""


def _group_form(session: requests.Session, server: LiveServer, name: str) -> dict:
    form = session.get(f"{server.url}/groups/new/", timeout=10).text
    return {
        "csrfmiddlewaretoken": _csrf(form),
        "name": name,
        "kind": "friendship_group",
        "place_q": "",
        "place_was": "",
        "interests": re.findall(r'name="interests" value="(\d+)"', form)[:3],
        "languages": re.findall(r'name="languages" value="([\w-]+)"', form)[:1],
        "description": "Neighbours who want a twin.",
    }


def _propose(session: requests.Session, server: LiveServer, form: dict) -> requests.Response:
    return session.post(f"{server.url}/groups/new/", data=form, allow_redirects=False, timeout=60)


def _assert_all_or_nothing(database: LiveDatabase, prefix: str) -> list[str]:
    """Every group of ours was written whole; nothing of any other is left. Their names."""
    for what, query in ORPHANS.items():
        assert database.rows(query) == [(0,)], f"{what} left without their group"
    groups = database.rows(PROPOSED, (PROPOSER, f"{prefix}%"))
    for name, status, organisers, audit_entries, interests in groups:
        assert (status, organisers, audit_entries, interests) == ("pending", 1, 1, 3), name
    return [name for name, *_rest in groups]


def _propose_once_more_and_find_it_whole(database, server, session, name: str) -> None:
    answer = _propose(session, server, _group_form(session, server, name))
    assert answer.status_code == 302, answer.text[:2000]
    assert answer.headers["Location"].startswith("/groups/")
    assert _assert_all_or_nothing(database, name) == [name]


def test_a_worker_killed_while_it_writes_a_proposed_group_leaves_no_partial_rows(
    live_database, tmp_path
) -> None:
    prefix = "Killed Worker Friends"
    with _running_demo(live_database, tmp_path / "server.log", workers=1) as server:
        session = _signed_in(server, PROPOSER)
        if live_database.vendor == "postgresql":
            _kill_while_blocked_on_postgresql(live_database, server, session, prefix)
        else:
            _kill_after_a_sweep_of_delays_on_sqlite(live_database, server, session, prefix)
        _propose_once_more_and_find_it_whole(live_database, server, session, f"{prefix} again")


def _kill_while_blocked_on_postgresql(database, server, session, prefix: str) -> None:
    """Hold the audit table so the worker stops inside its transaction, with the group,
    its interests and its organiser written; kill it there; nothing may remain."""
    name = f"{prefix} midway"
    form = _group_form(session, server, name)
    (worker,) = server.workers()
    waiting = """SELECT pid, query FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'"""
    # (the lock is released before the request's thread is waited for, even on failure)
    with (
        ThreadPoolExecutor(1) as background,
        database.connect(autocommit=False) as holder,
        database.connect() as watcher,
    ):
        holder.execute("LOCK TABLE core_auditentry IN EXCLUSIVE MODE")
        sent = background.submit(_propose, session, server, form)
        ((backend, query),) = _wait_for(
            "the worker waiting for the audit table",
            lambda: watcher.execute(waiting).fetchall(),
            30,
            log=server.log,
        )
        assert query.startswith('INSERT INTO "core_auditentry"'), query
        written = watcher.execute(
            """SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE l.pid = %s AND l.granted AND l.mode = 'RowExclusiveLock'
            AND c.relkind = 'r'""",
            (backend,),
        ).fetchall()
        # The transaction is midway: these rows are written, not yet committed.
        assert {"directory_group", "directory_group_interests", "directory_grouprole"} <= {
            relation for (relation,) in written
        }

        os.kill(worker, signal.SIGKILL)
        _wait_for("the killed worker to go", lambda: worker not in server.workers(), 30)
        holder.rollback()  # lets the dead worker's statement go on, to find no one there
        assert isinstance(sent.exception(timeout=30), requests.ConnectionError)
        # Its backend notices the client is gone and rolls back.
        _wait_for(
            "the dead worker's database session to end",
            lambda: (
                not watcher.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE pid = %s", (backend,)
                ).fetchall()
            ),
            30,
        )
    assert _assert_all_or_nothing(database, prefix) == []
    server.wait_for_fresh_worker([worker])


def _kill_after_a_sweep_of_delays_on_sqlite(database, server, session, prefix: str) -> None:
    """The writer holds SQLite's only write lock for its whole transaction: it cannot be
    stopped midway from outside. Kill it after ever longer delays instead, and check
    after each that every group was written whole or not at all."""
    with contextlib.closing(sqlite3.connect(database.sqlite_path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    # How long a whole proposal takes here, on a worker as fresh as the ones killed below;
    # the kills then come from at once to half as long again after the start.
    (worker,) = server.workers()
    os.kill(worker, signal.SIGKILL)
    server.wait_for_fresh_worker([worker])
    form = _group_form(session, server, f"{prefix} timed")
    started = time.monotonic()
    assert _propose(session, server, form).status_code == 302
    whole = time.monotonic() - started
    outcomes = []
    for step in range(16):
        delay = whole * step / 10
        form = _group_form(session, server, f"{prefix} {step:02d}")
        (worker,) = server.workers()
        with ThreadPoolExecutor(1) as background:
            sent = background.submit(_propose, session, server, form)
            time.sleep(delay)
            os.kill(worker, signal.SIGKILL)
            failed = sent.exception(timeout=60)
        if failed is not None:
            cut_off = (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
            assert isinstance(failed, cut_off), failed
        else:
            assert sent.result().status_code == 302
        server.wait_for_fresh_worker([worker])
        saved = _assert_all_or_nothing(database, prefix)
        with contextlib.closing(sqlite3.connect(database.sqlite_path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        outcomes.append(
            f"{delay * 1000:.0f} ms: {'answered' if failed is None else 'cut off'},"
            f" {'saved' if form['name'] in saved else 'not saved'}"
        )
    print(f"sqlite: a proposal takes {whole * 1000:.0f} ms; killed after " + "; ".join(outcomes))
    # Some kills must have landed while a worker held a request, or nothing was tested.
    assert any("cut off" in outcome for outcome in outcomes), outcomes
