"""Time the matching engine on a synthetic network: score every (request, group) pair and choose
the best set of introductions, against a greedy baseline and scipy's dense assignment.

    uv run python bench/matching.py --requests 1000 --groups 10000 [--json PATH]

Prints the time to score and to solve, the peak memory of both (tracemalloc, which sees numpy's
arrays), and the total score of the best set, of scipy's `linear_sum_assignment` over the same
scores (it must be equal: the best set is exact) and of the greedy baseline. Asserts nothing.
"""

import argparse
import json
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

PARTNER_KINDS = ["council", "camp_committee", "school", "university", "womens_centre",
                 "youth_centre", "medical_centre", "cooperative", "cultural_centre",
                 "faith_community", "other"]  # fmt: skip
GROUP_KINDS = ["twinning_association", "friendship_group", "council", "school", "university",
               "church", "mosque", "faith_group", "union", "scouts", "medical_centre",
               "community_centre", "other"]  # fmt: skip
HOPES = ["speaking_tour", "visitors", "school_exchange", "project", "campaigning"]
LANGUAGES = ["en", "ar", "cy", "fr", "ur", "he"]


def network(requests: int, groups: int, *, seed: int = 7):
    from twinning.matching.engine import OfferFacts, RequestFacts

    rng = random.Random(seed)

    def some(values, most):
        return frozenset(rng.sample(values, rng.randint(0, most)))

    interests = list(range(1, 25))
    wanted = [
        RequestFacts(
            id=i,
            partner_kind=rng.choice(PARTNER_KINDS),
            wished_group_kinds=some(GROUP_KINDS, 2),
            hopes=some(HOPES, 3),
            interests=some(interests, 4),
            languages=frozenset({"ar"}) | some(LANGUAGES, 1),
            british_friends=rng.choice([0, 0, 0, 1, 2]),
        )
        for i in range(requests)
    ]
    offering = [
        OfferFacts(
            id=j,
            group_kind=rng.choice(GROUP_KINDS),
            wished_partner_kinds=some(PARTNER_KINDS, 2),
            offers=some(HOPES, 4),
            interests=some(interests, 4),
            languages=frozenset({"en"}) | some(LANGUAGES, 1),
            active_members=rng.randint(1, 12),
            capacity=rng.choice([1, 1, 1, 2, 3]),
        )
        for j in range(groups)
    ]
    return wanted, offering


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=10000)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--no-check", action="store_true", help="skip scipy's dense assignment (slow, large)"
    )
    args = parser.parse_args()
    import django
    from django.conf import settings

    settings.configure(USE_I18N=False)
    django.setup()
    from twinning.matching import engine

    print(f"building {args.requests:,} requests and {args.groups:,} groups…", file=sys.stderr)
    requests, offers = network(args.requests, args.groups)
    capacities = [offer.capacity for offer in offers]
    tracemalloc.start()
    started = time.perf_counter()
    scores = engine.score_matrix(requests, offers)
    scored = time.perf_counter()
    chosen = engine.best_set(scores, capacities)
    solved = time.perf_counter()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print("  scored and solved; now the greedy baseline…", file=sys.stderr)
    greedy = engine.greedy_set(scores, capacities)
    result = {
        "requests": args.requests,
        "groups": args.groups,
        "seconds": round(solved - started, 3),
        "score_seconds": round(scored - started, 3),
        "solve_seconds": round(solved - scored, 3),
        "peak_mib": round(peak / 2**20, 1),
        "introductions": len(chosen),
        "total_score": round(engine.total(scores, chosen), 3),
        "greedy_total_score": round(engine.total(scores, greedy), 3),
        "scipy_total_score": None,
    }
    if not args.no_check:
        print("  and scipy's dense assignment over every place…", file=sys.stderr)
        result["scipy_total_score"] = round(engine.dense_check(scores, capacities), 3)
    print(f"requests × groups       {args.requests:,} × {args.groups:,}")
    print(f"score every pair        {result['score_seconds']:.3f} s")
    print(f"best set (exact)        {result['solve_seconds']:.3f} s")
    print(f"together                {result['seconds']:.3f} s, peak {result['peak_mib']} MiB")
    print(f"introductions           {result['introductions']:,}")
    print(f"total score, best set   {result['total_score']:,.3f}")
    if result["scipy_total_score"] is not None:
        same = abs(result["scipy_total_score"] - result["total_score"]) < 1e-2
        print(
            f"total score, scipy      {result['scipy_total_score']:,.3f}"
            f" ({'equal' if same else 'DIFFERENT'})"
        )
    print(
        f"total score, greedy     {result['greedy_total_score']:,.3f}"
        f" ({result['total_score'] - result['greedy_total_score']:+,.3f} for the best set)"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
