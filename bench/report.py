"""Write the benchmark tables of docs/performance.md from the JSON of benchmark runs.

    uv run python bench/report.py var/bench/*.json
    uv run python bench/report.py /tmp/sqlite-1.json --output /tmp/performance.md

Reads the JSON written by `bench/pages.py --json` (rows with a "page") and by
`bench/http_load.py --json` (rows with a "path"), and rewrites what lies
between the marker comments in docs/performance.md:

    <!-- bench:pages:start --> … <!-- bench:pages:end -->   a table per database and scale
    <!-- bench:http:start --> … <!-- bench:http:end -->     the run over HTTP

The prose around the markers is left as written, and a block with no results
among the inputs is left as it was. The page tables are those of the inputs
(sqlite 1x, postgresql 1x, sqlite 100x, postgresql 100x, whichever are given),
so give the results of every run at once. The text is always read from
docs/performance.md; --output writes the result elsewhere (CI writes to a
temporary copy, so as not to touch the tracked file).

Then prints which of the performance targets the figures meet. Asserts
nothing: the exit status does not depend on the figures.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
DATABASES = ["sqlite", "postgresql"]  # the order of the tables at each scale
# Rows of pages.py that are not pages: the reference itself and the search alone.
NOT_PAGES = {"reference", "search query"}
PAGE_RATIO = 10  # target: a page's p50 at most 10x the reference's, at each scale
SEARCH_RATIO = 0.25  # target: search query p95 at most 0.25x the naive LIKE p95, at 100x
DEFAULT_CLIENTS = 8  # http_load.py's default, left out of the heading


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, nargs="+", help="JSON from pages.py / http_load.py")
    parser.add_argument(
        "--output",
        type=Path,
        default=DOC,
        help=f"write the document here (default {DOC.relative_to(DOC.parent.parent)}); "
        "it is always read from there",
    )
    args = parser.parse_args()
    runs, http = load(args.results)
    text = DOC.read_text()
    written = []
    if runs:
        text = replace_block(text, "pages", pages_block(runs))
        written.append(f"pages ({', '.join(f'{db} {scale:g}x' for db, scale in ordered(runs))})")
    if http:
        text = replace_block(text, "http", http_block(http))
        written.append("http")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(f"{args.output}: wrote {' and '.join(written) or 'nothing'}")
    for name, present in (("pages", runs), ("http", http)):
        if not present:
            print(f"  (no {name} results among the inputs: its block is left as it was)")
    print()
    print("\n".join(summary(runs)))


def load(paths: list[Path]) -> tuple[dict[tuple[str, float], list[dict]], list[dict]]:
    """The rows of pages.py by (database, scale), and the rows of http_load.py."""
    runs: dict[tuple[str, float], list[dict]] = {}
    http: list[dict] = []
    for path in paths:
        rows = json.loads(path.read_text())
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            raise SystemExit(f"{path}: expected a list of result rows")
        if all("page" in row for row in rows):
            these: dict[tuple[str, float], list[dict]] = {}
            for row in rows:
                these.setdefault((row["database"], float(row["scale"])), []).append(row)
            for key, run in these.items():
                if key in runs:
                    print(
                        f"{path}: replaces the earlier {key[0]} {key[1]:g}x results",
                        file=sys.stderr,
                    )
                runs[key] = run
        elif all("path" in row for row in rows):
            if http:
                print(f"{path}: replaces the earlier HTTP results", file=sys.stderr)
            http = rows
        else:
            raise SystemExit(f"{path}: neither pages.py nor http_load.py results")
    return runs, http


def ordered(runs: dict) -> list[tuple[str, float]]:
    """sqlite 1x, postgresql 1x, sqlite 100x, postgresql 100x (those present)."""
    return sorted(runs, key=lambda key: (key[1], *_rank(key[0])))


def _rank(database: str) -> tuple[int, str]:
    return (DATABASES.index(database) if database in DATABASES else len(DATABASES), database)


def replace_block(text: str, name: str, body: str) -> str:
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    if text.count(start) != 1 or text.count(end) != 1 or text.index(start) > text.index(end):
        raise SystemExit(f"{DOC}: expected one {start} followed by one {end}")
    before, rest = text.split(start)
    _, after = rest.split(end)
    return f"{before}{start}\n{body.strip()}\n{end}{after}"


def pages_block(runs: dict[tuple[str, float], list[dict]]) -> str:
    from pages import render

    dates = sorted({_date(rows) for rows in runs.values()})
    scales = sorted({scale for _, scale in runs})
    parts = [f"## Pages at {_and([f'{s:g}x' for s in scales])} (`bench/pages.py`, {_span(dates)})"]
    for database, scale in ordered(runs):
        rows = runs[database, scale]
        counts = rows[0].get("network") or _network(scale)
        # each table carries its own date when the runs were not all on one day
        parts.append(render(rows, database, scale, counts, _date(rows) if len(dates) > 1 else ""))
    return "\n".join(parts)


def http_block(rows: list[dict]) -> str:
    first = rows[0]
    options = f"--seconds {first['seconds']:g}"
    if first["clients"] != DEFAULT_CLIENTS:
        options += f" --clients {first['clients']}"
    lines = [
        f"## Over HTTP (`bench/http_load.py {options}`, {_date(rows)})",
        "",
        f"gunicorn with {first['workers']} workers on loopback, the demo data on SQLite, "
        f"{first['clients']} keep-alive clients, {first['seconds']:g} s a page.",
        f'"vs bare" is requests per second relative to `{first["path"]}` (one query, no template) '
        "in the same run.",
        "",
        "| page | req/s | p50 ms | p99 ms | errors | vs bare |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        bare = row["bare_requests_per_s"] or 1.0
        lines.append(
            f"| {row['path']} | {row['requests_per_s']:.1f} | {row['p50_ms']:.1f} "
            f"| {row['p99_ms']:.1f} | {row.get('errors', '')} | {row['requests_per_s'] / bare:.2f} |"
        )
    return "\n".join(lines)


def summary(runs: dict[tuple[str, float], list[dict]]) -> list[str]:
    """Which targets the figures meet, as lines to print (never an exit status)."""
    lines = ["Targets (printed, not enforced):"]
    if not runs:
        return [*lines, "  no pages.py results among the inputs"]
    databases = sorted({db for db, _ in runs}, key=_rank)

    lines.append("(a) the same query count on each page at every scale")
    for database in databases:
        scales = sorted(scale for db, scale in runs if db == database)
        label = f"  {database:<16}"
        if len(scales) < 2:
            lines.append(f"{label} not checked: only {scales[0]:g}x among the inputs")
            continue
        counts = {
            scale: {r["page"]: r["queries"] for r in runs[database, scale]} for scale in scales
        }
        differ = [
            f'"{page}" ' + ", ".join(f"{counts[s][page]} at {s:g}x" for s in scales)
            for page in counts[scales[0]]
            if all(page in counts[s] for s in scales) and len({counts[s][page] for s in scales}) > 1
        ]
        met = f"met ({_and([f'{s:g}x' for s in scales])})"
        lines.append(f"{label} {'missed: ' + '; '.join(differ) if differ else met}")

    lines.append(f"(b) each page's p50 at most {PAGE_RATIO}x the reference's")
    for database, scale in ordered(runs):
        over = [
            f'"{row["page"]}" {row["p50_ms"] / row["reference_p50_ms"]:.1f}x'
            for row in runs[database, scale]
            if row["page"] not in NOT_PAGES
            and row["reference_p50_ms"]
            and row["p50_ms"] > PAGE_RATIO * row["reference_p50_ms"]
        ]
        label = f"  {database + ' ' + format(scale, 'g') + 'x':<16}"
        lines.append(f"{label} {'missed: ' + ', '.join(over) if over else 'met'}")

    lines.append(f"(c) search query p95 at most {SEARCH_RATIO}x the naive LIKE p95, at 100x")
    for database in databases:
        label = f"  {database:<16}"
        row = next(
            (r for r in runs.get((database, 100.0), []) if r["page"] == "search query"), None
        )
        if row is None or not row.get("like_p95_ms"):
            lines.append(f"{label} not checked: no 100x search query among the inputs")
            continue
        ratio = row["p95_ms"] / row["like_p95_ms"]
        verdict = "met" if ratio <= SEARCH_RATIO else "missed"
        lines.append(
            f"{label} {verdict}: {row['p95_ms']:.1f} / {row['like_p95_ms']:.1f} ms = {ratio:.2f}"
        )
    return lines


def _date(rows: list[dict]) -> str:
    return rows[0].get("measured_on") or "undated"


def _span(dates: list[str]) -> str:
    return dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _network(scale: float) -> dict[str, int]:
    """The network bench/network.py builds at a scale, for results that do not say."""
    return {
        "groups": int(500 * scale),
        "partners": int(500 * scale),
        "links": int(600 * scale),
        "people": int(5000 * scale),
    }


if __name__ == "__main__":
    main()
