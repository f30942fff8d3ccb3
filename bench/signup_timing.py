"""Time a sign-up with a new address against one with an address that has an account.

    uv run python bench/signup_timing.py [--rounds 20]
    DATABASE_URL=postgres://… uv run python bench/signup_timing.py

With the production password hasher, through the site's own sign-up view. The two must
cost about the same, or the time tells whether someone has an account (issue 14: it was
8–13 ms against 224–228 ms). Prints the medians; never asserts.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    os.environ["TWINNING_RATE_LIMITS"] = "false"  # many sign-ups from one address, on purpose
    if not os.environ.get("DATABASE_URL"):
        os.environ["TWINNING_DATA_DIR"] = tempfile.mkdtemp(prefix="twinning-bench-")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from twinning.accounts.models import User

    setup_test_environment()  # emails kept in memory, not printed
    settings.ALLOWED_HOSTS = ["testserver"]
    print("preparing the database…", flush=True)
    call_command("migrate", verbosity=0)
    User.objects.filter(email__endswith="@bench.example.org").delete()
    User.objects.create_user("taken@bench.example.org", "an-existing-password-1")
    form = {
        "display_name": "Bench Person",
        "preferred_language": "en",
        "password1": "olive-harvest-2026",
        "password2": "olive-harvest-2026",
        "accept_terms": "on",
    }
    times: dict[str, list[float]] = {"new address": [], "address with an account": []}
    for round_number in range(options.rounds):
        for kind, email in (
            ("new address", f"new-{round_number}@bench.example.org"),
            ("address with an account", "taken@bench.example.org"),
        ):
            client = Client()
            started = time.perf_counter()
            response = client.post("/accounts/signup/", {**form, "email": email})
            times[kind].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 302, response.content[:300]
        if round_number % 5 == 4:
            print(f"  {round_number + 1}/{options.rounds} rounds", file=sys.stderr, flush=True)
    User.objects.filter(email__endswith="@bench.example.org").delete()
    from django.db import connection

    print(f"\nsign-up on {connection.vendor}, {options.rounds} rounds, median (min–max) ms")
    for kind, values in times.items():
        print(
            f"  {kind:26} {statistics.median(values):7.1f}  ({min(values):.1f}–{max(values):.1f})"
        )


if __name__ == "__main__":
    main()
