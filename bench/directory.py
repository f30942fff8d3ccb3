"""Directory pages and search at a given number of links, on SQLite or PostgreSQL.

    uv run python bench/directory.py --links 1000
    uv run python bench/directory.py --links 100000
    DATABASE_URL=postgres://… uv run python bench/directory.py --links 100000

Builds a synthetic network (as many groups and partners as links, placed on
real gazetteer places, names in both scripts), then times pages in-process
with Django's test client: median and p95, query count, and the ratio to a
reference view (one query plus a template). Prints figures; asserts nothing.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

WORDS = [
    "olive",
    "harvest",
    "school",
    "friends",
    "library",
    "water",
    "youth",
    "clinic",
    "choir",
    "football",
]
SEARCHES = [
    "Bayt Sahur",
    "Nablus",
    "friends olive",
    "Jenin",
    "Oxford",
    "مخيم",
    "Leeds school",
    "Ramallah",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    if not os.environ.get("DATABASE_URL"):
        # TWINNING_DATA_DIR may name a directory kept from an earlier run
        os.environ.setdefault("TWINNING_DATA_DIR", tempfile.mkdtemp(prefix="twinning-bench-"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"preparing {connection.vendor} with {args.links} links…", flush=True)
    call_command("migrate", verbosity=0)
    build(args.links)
    client = Client()
    pages = {
        "reference (1 query + template)": "/about/data/",
        "links, page 1": "/links/",
        "links, page 50": "/links/?page=50",
        "links, filtered": "/links/?status=active&governorate=hebron",
        "groups, page 1": "/groups/",
        "partners, page 1": "/partners/",
        "link detail": None,
        "search links": "/links/?q={q}",
        "search groups": "/groups/?q={q}",
    }
    from twinning.directory.models import Link

    pages["link detail"] = Link.objects.order_by("pk").first().get_absolute_url()
    results = {}
    for name, url in pages.items():
        times, queries = [], 0
        for round_number in range(args.rounds):
            target = url.format(q=SEARCHES[round_number % len(SEARCHES)])
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(target)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (target, response.status_code)
            queries = max(queries, len(captured.captured_queries))
        times.sort()
        results[name] = (statistics.median(times), times[int(len(times) * 0.95) - 1], queries)
        print(f"  measured {name}", file=sys.stderr, flush=True)
    reference = results["reference (1 query + template)"][0]
    print(f"\n{connection.vendor}, {args.links} links, {args.rounds} rounds")
    print(f"{'page':<32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'p50/ref':>8}")
    for name, (p50, p95, queries) in results.items():
        print(f"{name:<32} {p50:8.2f} {p95:8.2f} {queries:8d} {p50 / reference:8.1f}")


def build(n: int) -> None:
    from twinning.directory.models import Group, Link, Partner
    from twinning.directory.search import reindex_all
    from twinning.places.models import Place

    if Link.objects.count() >= n:
        print("  (network already built)")
        return
    rng = random.Random(7)
    gb = list(
        Place.objects.filter(country="GB")
        .exclude(kind="postcode_district")
        .values_list("pk", "name")
    )
    ps = list(Place.objects.filter(country="PS").values_list("pk", "name", "name_ar"))
    started = time.monotonic()
    groups, partners = [], []
    for i in range(n):
        gb_place = rng.choice(gb)
        ps_place = rng.choice(ps)
        groups.append(
            Group(
                name=f"{gb_place[1]} friends {i}",
                slug=f"bench-group-{i}",
                kind=rng.choice(["friendship_group", "school", "church", "university", "council"]),
                place_id=gb_place[0],
                description=" ".join(rng.choices(WORDS, k=12)),
            )
        )
        partners.append(
            Partner(
                name=f"{ps_place[1]} council {i}",
                name_ar=f"مجلس {ps_place[2] or ps_place[1]} {i}",
                slug=f"bench-partner-{i}",
                place_id=ps_place[0],
                sensitive=rng.random() < 0.05,
                description=" ".join(rng.choices(WORDS, k=12)),
            )
        )
    Group.objects.bulk_create(groups, batch_size=2000)
    for partner in partners:
        partner.sort_name = partner.listing_name()
    Partner.objects.bulk_create(partners, batch_size=2000)
    print(f"  {n} groups and partners in {time.monotonic() - started:.1f} s", flush=True)
    groups = Group.objects.filter(slug__startswith="bench-").order_by("pk")
    partners = Partner.objects.filter(slug__startswith="bench-").order_by("pk")
    links = []
    for group, partner in zip(groups, partners, strict=True):
        link = Link(
            group=group,
            partner=partner,
            kind=rng.choice(["friendship", "school", "council", "faith"]),
            status=rng.choice(["active", "active", "active", "dormant", "ended"]),
            story=" ".join(rng.choices(WORDS, k=8)),
        )
        link.fill_listing()
        links.append(link)
    Link.objects.bulk_create(links, batch_size=2000)
    print(f"  {n} links in {time.monotonic() - started:.1f} s", flush=True)
    count = reindex_all(
        progress=lambda message: (
            print(message, file=sys.stderr, flush=True) if "0000" in message else None
        )
    )
    print(f"  search index: {count} entries, {time.monotonic() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
