"""`twinning demo` from nothing to a page, then Ctrl-C, as a newcomer would run it."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from twinning import cli


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


@pytest.mark.slow
def test_demo_creates_the_database_serves_both_languages_and_stops_cleanly_on_ctrl_c(
    tmp_path,
) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWINNING_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["TWINNING_DATA_DIR"] = str(tmp_path / "data")
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "twinning.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                status, body = _get(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the demo did not start within 90 s"
                time.sleep(0.3)
        print(f"demo: first answer after {time.monotonic() - started:.1f} s")
        assert (status, body) == (200, '{"status": "ok"}')
        assert (tmp_path / "data" / "twinning.sqlite3").exists()
        status, home = _get(f"{base}/ar/")
        assert status == 200
        assert 'dir="rtl"' in home
        assert "/static/core/vendor/pico.green" in home
        css = home.split('href="/static/core/vendor/')[1].split('"')[0]
        assert _get(f"{base}/static/core/vendor/{css}")[0] == 200
    finally:
        os.killpg(server.pid, signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert "coordinator@demo.twinning.test" in output
    assert "Stopped." in output
    # the emails the demo's data sends as it loads link to where it listens
    assert f"http://127.0.0.1:{port}/start-a-group/confirm/" in output
    assert "127.0.0.1:8000" not in output


def test_the_demo_s_emails_link_to_the_port_it_listens_on_from_the_first_one(
    monkeypatch, settings
) -> None:
    monkeypatch.setenv("TWINNING_SITE_URL", "")  # (put back as it was afterwards)
    monkeypatch.delenv("TWINNING_SITE_URL")
    settings.SITE_URL = "http://127.0.0.1:8000"  # (the fixture puts it back)
    seen = {}

    def command(name, *args, **kwargs) -> None:
        if name == "demo_data":  # the demo's data sends emails as it loads
            seen["while loading"] = settings.SITE_URL

    monkeypatch.setattr("django.core.management.call_command", command)
    monkeypatch.setattr(cli, "_run_servers", lambda *args: seen.setdefault("servers", 0))
    assert cli._serve(["--port", "8123"], demo=True) == 0
    assert seen["while loading"] == "http://127.0.0.1:8123"
    assert os.environ["TWINNING_SITE_URL"] == "http://127.0.0.1:8123"  # and the servers'
