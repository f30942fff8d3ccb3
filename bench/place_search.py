"""Time the place search (type-ahead) over a mix of real queries.

    uv run python bench/place_search.py            # SQLite in a temporary data dir
    DATABASE_URL=postgres://… uv run python bench/place_search.py

Prints median, p95 and max per query kind; never asserts.
"""

import os
import statistics
import sys
import tempfile
import time

QUERIES = {
    "camp, any spelling": [
        "Shuafat",
        "Dheisheh",
        "Deheishe",
        "Jabalya",
        "Kalandia",
        "Aida",
        "Nur Shams",
    ],
    "village prefix": ["Beit", "Bayt Sa", "Deir", "Kafr", "Khirbet", "Ein"],
    "arabic": ["رام الله", "بيت ساحور", "مخيم", "نابلس", "غزة"],
    "british town": ["Oxford", "Leeds", "Cardiff", "Edinburgh", "Belf", "Newc"],
    "postcode": ["OX1 2JD", "LS6", "ec1a1bb", "BT1", "CF10"],
}
ROUNDS = 30


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["TWINNING_DATA_DIR"] = tempfile.mkdtemp(prefix="twinning-bench-")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from twinning.places.models import Place
    from twinning.places.search import search_places

    print("preparing the database…", flush=True)
    call_command("migrate", verbosity=0)
    print(f"{Place.objects.count()} places on {connection.vendor}", flush=True)
    all_times = []
    for kind, queries in QUERIES.items():
        times = []
        for round_number in range(ROUNDS):
            for query in queries:
                started = time.perf_counter()
                search_places(query)
                times.append((time.perf_counter() - started) * 1000)
            if round_number % 10 == 9:
                print(f"  {kind}: {round_number + 1}/{ROUNDS} rounds", file=sys.stderr, flush=True)
        times.sort()
        all_times += times
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"{kind:<20} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   max {times[-1]:6.2f} ms"
        )
    all_times.sort()
    p95 = all_times[int(len(all_times) * 0.95) - 1]
    print(
        f"{'all queries':<20} median {statistics.median(all_times):6.2f} ms   p95 {p95:6.2f} ms   ({len(all_times)} searches)"
    )


if __name__ == "__main__":
    main()
