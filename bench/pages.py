"""Time the main public and coordinator pages on a network of a given scale.

    uv run python bench/pages.py --scale 1                       # SQLite, temporary data dir
    uv run python bench/pages.py --scale 100 --json out.json     # 100x: 50,000 groups, 60,000 links
    DATABASE_URL=postgres://… uv run python bench/pages.py --scale 100

In process, with Django's test client: for each page the median and p95 time,
the most queries it made, and the ratio to a reference view timed in the same
run (one query and a template, TechEmpower's "Fortunes" shape). Search is also
compared with a naive LIKE scan over the same fields. Prints a table (and
writes JSON with --json, a Markdown table with --markdown); asserts nothing.
bench/report.py turns the JSON of several runs into docs/performance.md.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

SEARCHES = ["olive harvest", "Nablus", "Bayt Sahur", "choir", "مدرسة", "Leeds school", "Jenin"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    parser.add_argument("--markdown", type=Path, help="append the table as Markdown here")
    # the local date the run began, for the headings bench/report.py writes
    measured_on = time.strftime("%Y-%m-%d")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("TWINNING_TASKS", "immediate")
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("TWINNING_DATA_DIR", tempfile.mkdtemp(prefix="twinning-pages-"))
    import django

    django.setup()
    import network
    from django.core.management import call_command
    from django.db import connection

    print(f"preparing {connection.vendor} at {args.scale:g}x…", file=sys.stderr, flush=True)
    call_command("migrate", verbosity=0)
    counts = network.build(args.scale)
    results = measure(args.rounds, counts)
    database = connection.vendor
    rows = [
        {
            "page": page,
            "database": database,
            "scale": args.scale,
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "queries": queries,
            "reference_p50_ms": round(results["reference"][0], 2),
            **({"like_p95_ms": round(results["like"][1], 2)} if page == "search query" else {}),
            "measured_on": measured_on,
            "network": counts,
        }
        for page, (p50, p95, queries) in results.items()
        if page != "like"
    ]
    table = render(rows, database, args.scale, counts, measured_on)
    print(table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    if args.markdown:
        with args.markdown.open("a") as out:
            out.write(table + "\n")


def measure(rounds: int, counts: dict) -> dict[str, tuple[float, float, int]]:
    from django.db import connection
    from django.db.models import Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from twinning.accounts.models import User
    from twinning.directory.models import Group, Link, Partner

    coordinator, _ = User.objects.get_or_create(
        email="bench-coordinator@example.org",
        defaults={"is_coordinator": True, "display_name": "Bench Coordinator"},
    )
    public, staff = Client(), Client()
    staff.force_login(coordinator)
    link = Link.objects.filter(listed=True).order_by("pk").first()
    group = Group.objects.filter(slug__startswith="net-g-").order_by("pk").first()
    partner = Partner.objects.filter(slug__startswith="net-p-").order_by("pk").first()
    pages = {
        "reference": (public, "/about/data/"),
        "home": (public, "/"),
        "links": (public, "/links/"),
        "links, page 10": (public, "/links/?page=10"),
        "links, filtered": (public, "/links/?status=active&governorate=nablus"),
        "groups": (public, "/groups/"),
        "partners": (public, "/partners/"),
        "overview": (public, "/twinned/"),
        "link": (public, link.get_absolute_url()),
        "group": (public, group.get_absolute_url()),
        "partner": (public, partner.get_absolute_url()),
        "search": (public, "/links/?q={q}"),
        "api links": (public, "/api/v1/links"),
        "review queue (coordinator)": (staff, "/groups/pending/"),
        "people (coordinator)": (staff, "/people/"),
        "history (coordinator)": (staff, "/history/"),
        "emails not sent (coordinator)": (staff, "/emails/not-sent/"),
        "group members (coordinator)": (staff, f"/groups/{group.slug}/members/"),
        "your twinning (coordinator)": (staff, "/home/"),
        "quiet links (coordinator)": (staff, "/links/quiet/"),
        "proposed links (coordinator)": (staff, "/links/?status=proposed"),
    }
    results = {}
    for name, (client, url) in pages.items():
        times, queries = [], 0
        # warm the templates; the overview's body is then served from its cache,
        # as it is between changes of the directory (its first build is timed below)
        client.get(url.format(q=SEARCHES[0]))
        for round_number in range(rounds):
            target = url.format(q=SEARCHES[round_number % len(SEARCHES)])
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(target)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{target} answered {response.status_code}")
            queries = max(queries, len(captured.captured_queries))
        results[name] = _summary(times, queries)
        print(f"  measured {name}", file=sys.stderr, flush=True)
    # The overview built afresh, as after every change of the directory.
    from django.core.cache import cache

    times, queries = [], 0
    for _ in range(min(rounds, 5)):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            public.get("/twinned/")
            times.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(captured.captured_queries))
    results["overview, rebuilt"] = _summary(times, queries)
    # The search itself, then the naive way: LIKE over the same names and texts.
    from twinning.directory.search import search_ids

    times = []
    for round_number in range(rounds):
        started = time.perf_counter()
        search_ids(SEARCHES[round_number % len(SEARCHES)], "link")
        times.append((time.perf_counter() - started) * 1000)
    results["search query"] = _summary(times, 1)
    times = []
    for round_number in range(rounds):
        word = SEARCHES[round_number % len(SEARCHES)].split()[0]
        started = time.perf_counter()
        list(
            Link.objects.filter(listed=True)
            .filter(
                Q(group__name__icontains=word)
                | Q(group__description__icontains=word)
                | Q(partner__name__icontains=word)
                | Q(partner__name_ar__icontains=word)
                | Q(story__icontains=word)
            )
            .values_list("pk", flat=True)[:2000]
        )
        times.append((time.perf_counter() - started) * 1000)
    results["like"] = _summary(times, 1)
    return results


def _summary(times: list[float], queries: int) -> tuple[float, float, int]:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return statistics.median(times), p95, queries


def render(
    rows: list[dict], database: str, scale: float, counts: dict, measured_on: str = ""
) -> str:
    """The Markdown table of one run (also used by bench/report.py)."""
    when = f"; {measured_on}" if measured_on else ""
    lines = [
        f"\n### {database}, {scale:g}x ({counts['groups']:,} groups, {counts['partners']:,} "
        f"partners, {counts['links']:,} links, {counts['people']:,} people{when})\n",
        "| page | p50 ms | p95 ms | queries | p50 / reference |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        ratio = row["p50_ms"] / row["reference_p50_ms"] if row["reference_p50_ms"] else 0
        lines.append(
            f"| {row['page']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['queries']} "
            f"| {ratio:.1f} |"
        )
        if "like_p95_ms" in row:
            lines.append(
                f"| naive LIKE search (for comparison) | | {row['like_p95_ms']:.1f} | 1 | "
                f"search p95 / LIKE p95 = {row['p95_ms'] / row['like_p95_ms']:.2f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
