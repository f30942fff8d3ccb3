"""Load the platform over HTTP, as a browser would, with a bounded number of clients.

(Named http_load.py, not http.py: a script called http.py would hide the standard
library's http package from itself.)

    uv run python bench/http_load.py                  # 10 s per page, 8 clients
    uv run python bench/http_load.py --seconds 2      # a smoke run
    uv run python bench/http_load.py --json var/bench/http.json   # also for bench/report.py

Starts `twinning demo` (gunicorn, 2 workers, demo data, SQLite in a temporary
data dir) on a free loopback port, then for each page keeps `--clients`
keep-alive connections busy for `--seconds` and prints requests per second
and p50/p99 latency, next to the bare view (/healthz: one query, no
template) measured in the same run. Prints figures; asserts nothing.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

WORKERS = 2
PAGES = ["/healthz", "/links/", "/groups/", "/twinned/", "/links/?q=nablus", "/api/v1/links"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per page, at most 60")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    measured_on = time.strftime("%Y-%m-%d")
    seconds = min(args.seconds, 60)
    port = _free_port()
    env = {**os.environ, "TWINNING_DATA_DIR": tempfile.mkdtemp(prefix="twinning-http-")}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "twinning.cli", "demo", f"--port={port}", f"--workers={WORKERS}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(port)
        print(
            f"gunicorn, {WORKERS} workers, on 127.0.0.1:{port}; {args.clients} clients", flush=True
        )
        print(f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs bare':>8}")
        bare = None
        rows = []
        for page in PAGES:
            rate, p50, p99, errors = _load(port, page, seconds, args.clients)
            bare = bare or rate or 1.0
            print(f"{page:<20} {rate:8.1f} {p50:8.1f} {p99:8.1f} {errors:7d} {rate / bare:8.2f}")
            rows.append(
                {
                    "path": page,
                    "requests_per_s": round(rate, 2),
                    "p50_ms": round(p50, 2),
                    "p99_ms": round(p99, 2),
                    "errors": errors,
                    "workers": WORKERS,
                    "clients": args.clients,
                    "seconds": seconds,
                    "bare_requests_per_s": round(bare, 2),
                    "measured_on": measured_on,
                }
            )
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    finally:
        server.terminate()
        server.wait(timeout=30)


def _load(port: int, path: str, seconds: float, clients: int):
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Language": "en"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    with lock:
                        errors[0] += 1
                    continue  # an error page is not a served page: not timed
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    if not latencies:
        return 0.0, 0.0, 0.0, errors[0]
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    return len(latencies) / seconds, statistics.median(latencies), p99, errors[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    main()
