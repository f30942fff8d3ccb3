"""The `twinning` command.

`twinning demo` and `twinning serve` need no configuration beyond the
environment; every other subcommand is one of Django's management commands
(`twinning migrate`, `twinning createsuperuser`, `twinning check`, …).
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys

from django.core.exceptions import ImproperlyConfigured

USAGE = """usage: twinning demo   [--host HOST] [--port PORT] [--workers N]
       twinning serve  [--host HOST] [--port PORT] [--workers N] [--no-migrate]
       twinning COMMAND [ARGS…]     (any Django management command, e.g. migrate)
"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    command = argv[0] if argv else "help"
    if command in ("demo", "serve"):
        os.environ.setdefault("TWINNING_MODE", "demo" if command == "demo" else "production")
        if command == "demo":
            os.environ.setdefault("TWINNING_REQUIRE_MFA", "false")
    if command in ("-h", "--help", "help") and len(argv) <= 1:
        print(USAGE)
        argv = ["help"]
    if not _setup():
        return 2
    if command == "demo":
        return _serve(argv[1:], demo=True)
    if command == "serve":
        return _serve(argv[1:], demo=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["twinning", *argv])
    return 0


def _setup() -> bool:
    """Load the settings; on a bad configuration say which variable is wrong."""
    import django
    from django.conf import settings

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(f"twinning: the configuration is not usable.\n{error}", file=sys.stderr)
        return False
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    return True


def _serve(args: list[str], *, demo: bool) -> int:
    from django.conf import settings
    from django.core.management import call_command

    parser = argparse.ArgumentParser(prog=f"twinning {'demo' if demo else 'serve'}")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument("--workers", type=int, default=2, help="web worker processes")
    if not demo:
        parser.add_argument(
            "--no-migrate", action="store_true", help="do not apply pending migrations first"
        )
    options = parser.parse_args(args)
    if demo and options.host not in ("127.0.0.1", "localhost", "::1"):
        # The demo on a local network answers to whatever address people use.
        os.environ.setdefault("ALLOWED_HOSTS", "*")
        settings.ALLOWED_HOSTS = ["*"]
    url = f"http://{options.host}:{options.port}/"
    if demo and not os.environ.get("TWINNING_SITE_URL"):
        # Links in the demo's emails and calendar files point where it listens: the
        # servers' (through the environment) and those its data sends as it loads, here.
        os.environ["TWINNING_SITE_URL"] = settings.SITE_URL = url.rstrip("/")

    if demo or not options.no_migrate:
        print("Applying database migrations…", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
    # the shared cache's table, if the cache is the database (a migration made it; this
    # makes it again for a database that moved from Redis to the default)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if demo:
        call_command("demo_data")

    print(f"\nTwinning is running at {url}  (press Ctrl-C to stop)\n", flush=True)
    return _run_servers(options.host, options.port, options.workers, settings.TASKS_BACKEND)


def _run_servers(host: str, port: int, workers: int, tasks_backend: str) -> int:
    """Run gunicorn, and a task worker when tasks are queued in the database, until Ctrl-C."""
    env = os.environ.copy()
    commands = [
        [
            sys.executable, "-m", "gunicorn", "twinning.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", str(workers),
            "--access-logfile", "-",
            "--graceful-timeout", "10",
            # its control socket sits at one path per user, which servers running
            # side by side would take from each other; nothing here uses it
            "--no-control-socket",
        ],
    ]  # fmt: skip
    if tasks_backend == "database":
        commands.append([sys.executable, "-m", "twinning.cli", "db_worker"])
    processes = [subprocess.Popen(command, env=env) for command in commands]  # noqa: S603
    # A process manager stops us with SIGTERM: treat it like Ctrl-C so the
    # web and task workers stop with us instead of running on, orphaned.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        while True:
            for process in processes:
                code = process.poll()
                if code is not None:
                    print(f"twinning: {process.args[2]} stopped (exit {code}).", file=sys.stderr)
                    _stop(processes)
                    return code or 1
            with contextlib.suppress(subprocess.TimeoutExpired):
                processes[0].wait(timeout=1)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        try:
            _stop(processes)
        except KeyboardInterrupt:  # a second Ctrl-C: do not wait for the workers to finish
            for process in processes:
                process.kill()
            print("Stopped at once.")
            return 130
        print("Stopped.")
        return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    sys.exit(main())
