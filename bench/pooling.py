"""Pool 100,000 people spread over Britain, as `twinning tend_registrations` would.

    uv run python bench/pooling.py [--people 100000] [--radius 15] [--json PATH]

People are placed on real British towns and postcode districts from the gazetteer, weighted by
population. Prints the time of the pooling itself (the grid in `formation.pooling`) and of the
whole service over the database (confirmed registrations in, pools created, every person's pool
saved, thresholds checked), with the number of pools. Asserts nothing.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--radius", type=float, default=15)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    os.environ["TWINNING_TASKS"] = "immediate"  # no real queue, no real coordinators mailed
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("TWINNING_DATA_DIR", tempfile.mkdtemp(prefix="twinning-pooling-"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from twinning.formation import pooling, services
    from twinning.formation.models import Pool, Registration
    from twinning.places.models import Place

    settings.TWINNING_POOL_RADIUS_KM = args.radius
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    print(f"preparing {connection.vendor}…", file=sys.stderr, flush=True)
    call_command("migrate", verbosity=0)
    if Registration.objects.exists() or Pool.objects.exists():
        raise SystemExit(
            "bench/pooling.py fills the database with fake people and removes them after: "
            "give it an empty one (leave DATABASE_URL unset for a temporary SQLite file)."
        )
    places = list(Place.objects.filter(country="GB").values_list("pk", "lat", "lon", "population"))
    rng = random.Random(5)
    chosen = rng.choices(places, weights=[max(p[3], 500) for p in places], k=args.people)

    # the pooling alone, in memory
    people = [(n, lat, lon) for n, (_pk, lat, lon, _pop) in enumerate(chosen, start=1)]
    started = time.perf_counter()
    assigned, centres = pooling.assign(people, [], args.radius)
    pure = time.perf_counter() - started
    print(f"  pooled in memory in {pure:.2f} s", file=sys.stderr, flush=True)

    # the service over the database
    rows = [
        Registration(
            name=f"Person {n}",
            email=f"person{n}@example.org",
            place_id=pk,
            may_introduce=n % 3 == 0,
            confirmed_at=django.utils.timezone.now(),
        )
        for n, (pk, _lat, _lon, _pop) in enumerate(chosen, start=1)
    ]
    for start in range(0, len(rows), 5000):
        Registration.objects.bulk_create(rows[start : start + 5000])
        print(f"  saved {min(start + 5000, len(rows)):,} registrations", file=sys.stderr)
    from django.core import mail

    mail.outbox = []
    started = time.perf_counter()
    placed = services.pools_place()
    service = time.perf_counter() - started
    emails = len(mail.outbox)
    result = {
        "people": args.people,
        "radius_km": args.radius,
        "database": connection.vendor,
        "pooling_seconds": round(pure, 3),
        "service_seconds": round(service, 3),
        "pools": Pool.objects.count(),
        "placed": placed,
        "emails": emails,
    }
    print(f"people                     {args.people:,} over {len(places):,} British places")
    print(f"pooling (in memory)        {pure:.2f} s, {len(centres):,} pools of {args.radius:g} km")
    print(
        f"pooling service ({connection.vendor})  {service:.2f} s, {placed:,} placed, "
        f"{emails:,} introductions and alerts sent"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    Registration.objects.all().delete()
    Pool.objects.all().delete()


if __name__ == "__main__":
    main()
