"""Reading the spreadsheets networks keep today, and checking them row by row.

A file has one row per link: the British group and its town, the Palestinian
partner and its place, and optionally the kind of link, since when, a contact
address, the status and a short story. `read_table` turns a CSV or XLSX file
into rows; `plan` (the check) decides, for each row, what an import would create,
match or reject and why, and which group, partner and places it would use (their
ids, or none: create it), without writing anything. `plan_as_checked` gives that
plan again later, from the same file and the check's report, without deciding
anything again; `services.import_apply` then writes exactly what a plan says.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.text import one_line, spreadsheet_unguard
from twinning.directory import xlsx
from twinning.directory.models import Group, GroupKind, Link, Partner, PartnerKind
from twinning.directory.models.links import LinkKind, LinkStatus
from twinning.directory.reasons import Reason, Refusal
from twinning.places.models import Place
from twinning.places.search import search_places
from twinning.places.text import normalise, skeleton

# What an upload may be: at most MAX_BYTES (read no further), at most MAX_ROWS rows
# that hold text, and MAX_TEXT characters in all (a workbook's cells can all show one
# long shared string); cells past MAX_COLUMNS are ignored (the columns below are a dozen).
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MULTI_LINE = {"story"}  # the columns whose text may run over several lines
MAX_TEXT = 20_000_000
MAX_COLUMNS = 50
_CAMP = re.compile(r"\bcamp\b|مخيم")

# What each column may be called in the sheets networks keep, after
# lower-casing and dropping punctuation.
COLUMNS = {
    "group": ("group", "british group", "uk group", "group name", "المجموعة"),
    "town": ("town", "uk town", "british town", "town or city", "group town", "group place"),
    "partner": ("partner", "palestinian partner", "partner name", "الشريك"),
    "partner_ar": ("partner in arabic", "partner arabic", "arabic name", "الاسم بالعربية"),
    "place": ("place", "palestinian place", "partner place", "place in palestine", "المكان"),
    "kind": ("kind", "link kind", "kind of link", "type"),
    "since": ("since", "started", "started on", "year", "منذ"),
    "contact": ("contact", "contact email", "email"),
    "status": ("status", "الحالة"),
    "story": ("story", "the story"),
    "group_kind": ("group kind", "kind of group"),
    "partner_kind": ("partner kind", "kind of partner"),
    "sensitive": ("sensitive", "حساس"),
}
_YES = {"yes", "y", "true", "1", "x", "نعم"}
REQUIRED = ("group", "partner")


class ImportFileError(Refusal):
    """The file as a whole cannot be read: not a spreadsheet, no header, too big."""


@dataclass
class RowPlan:
    """What importing one row would do, or why it cannot."""

    number: int
    values: dict[str, str]
    # Reasons, or the data of reasons for a plan read back from its check's report
    problems: list[Reason | dict] = field(default_factory=list)
    # ("new" | "matched", name) for each side; the link: "new" or "exists"
    group: tuple[str, str] = ("", "")
    partner: tuple[str, str] = ("", "")
    link: str = ""
    # resolved values the import uses: the group and partner matched (None: a new one)…
    group_id: int | None = None
    partner_id: int | None = None
    group_place_id: int | None = None
    partner_place_id: int | None = None
    link_kind: str = LinkKind.FRIENDSHIP
    link_status: str = LinkStatus.ACTIVE
    group_kind: str = GroupKind.FRIENDSHIP_GROUP
    partner_kind: str = PartnerKind.COUNCIL
    since: datetime.date | None = None
    contact: str = ""
    sensitive: bool = False

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def group_name(self) -> str:
        return self.values.get("group", "").strip()

    @property
    def partner_name(self) -> str:
        return self.values.get("partner", "").strip()

    def as_report(self) -> dict:
        report = {
            "row": self.number,
            "group": list(self.group),
            "partner": list(self.partner),
            "link": self.link,
            "problems": [_reason_data(problem) for problem in self.problems],
        }
        if self.valid:  # what the import will use, so that it decides nothing again
            report["ids"] = {
                "group": self.group_id,
                "partner": self.partner_id,
                "group_place": self.group_place_id,
                "partner_place": self.partner_place_id,
            }
        return report


def _reason_data(reason: Reason | dict) -> dict:
    return reason.as_data() if isinstance(reason, Reason) else reason


@dataclass
class Plan:
    rows: list[RowPlan]
    ignored_columns: list[str]

    @property
    def valid_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.valid]

    def summary(self) -> dict:
        valid = self.valid_rows
        return {
            "rows": len(self.rows),
            "valid": len(valid),
            "rejected": len(self.rows) - len(valid),
            "new_groups": len({r.group[1].casefold() for r in valid if r.group[0] == "new"}),
            "new_partners": len({r.partner[1].casefold() for r in valid if r.partner[0] == "new"}),
            "new_links": sum(1 for r in valid if r.link == "new"),
            "existing_links": sum(1 for r in valid if r.link == "exists"),
            "ignored_columns": self.ignored_columns,
        }

    def as_report(self) -> dict:
        return {"summary": self.summary(), "rows": [row.as_report() for row in self.rows]}


# --- Reading ------------------------------------------------------------------


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]|_", " ", str(text or "").casefold()).split())


def read_bounded(chunks: Iterable[bytes]) -> bytes:
    """The bytes of an upload, read a chunk at a time and refused as soon as they pass
    MAX_BYTES, so that an upload of any size costs no more than the limit."""
    content = bytearray()
    for chunk in chunks:
        content += chunk
        if len(content) > MAX_BYTES:
            raise ImportFileError(_too_big())
    return bytes(content)


def check_upload(filename: str, content: bytes) -> None:
    """The cheap checks made while the uploader waits: the file's size and kind; that a
    CSV file decodes and names the required columns in its first row; that a workbook's
    archive is sound (its rows, header included, are read by the check, on the task
    queue)."""
    rows = _rows(filename, content)  # refuses a file too large, or of another kind
    if filename.lower().endswith(".xlsx"):
        try:
            xlsx.check_archive(content)
        except xlsx.UnreadableWorkbook as error:
            raise ImportFileError(error.reason) from error
        return
    header = next(rows, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    check_header(header)


def read_table(filename: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a CSV or XLSX file, every cell as text.

    Empty rows are dropped and cells past MAX_COLUMNS ignored; reading stops once the
    file has more than MAX_ROWS rows or MAX_TEXT characters, so no file costs more than
    that to refuse.
    """
    rows, characters = [], 0
    for row in _rows(filename, content):
        rows.append(row)
        characters += sum(map(len, row))
        if len(rows) - 1 > MAX_ROWS:
            raise ImportFileError(
                Reason(
                    _("The file has more than %(max)s rows: split it into smaller files."),
                    max=f"{MAX_ROWS:,}",
                )
            )
        if characters > MAX_TEXT:
            raise ImportFileError(
                Reason(
                    _(
                        "The file holds more than %(max)s million characters of text: split "
                        "it into smaller files."
                    ),
                    max=MAX_TEXT // 1_000_000,
                )
            )
    if not rows:
        raise ImportFileError(_("The file is empty."))
    return rows[0], rows[1:]


def _too_big() -> Reason:
    return Reason(_("The file is larger than 5 MB: split it into smaller files."))


def _rows(filename: str, content: bytes) -> Iterator[list[str]]:
    """The file's rows that hold text, as text, one at a time."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_too_big())
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(content)
    else:
        raise ImportFileError(_("Upload a spreadsheet saved as CSV or as Excel (.xlsx)."))
    return _texts(rows)


def _texts(rows: Iterable[list]) -> Iterator[list[str]]:
    for row in rows:
        # (undoing the quote our exports put before text a spreadsheet would run)
        cells = [spreadsheet_unguard(_cell_text(cell)) for cell in row[:MAX_COLUMNS]]
        if any(cells):
            yield cells


def _read_csv(content: bytes) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ImportFileError(_("The file's text encoding is not one we can read: save as UTF-8."))
    if "\x00" in text:
        raise ImportFileError(_("This does not look like a CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    dialect.doublequote = True  # "" inside quotes is a quote, as every spreadsheet writes it
    try:
        yield from csv.reader(io.StringIO(text), dialect)
    except csv.Error as error:
        raise ImportFileError(
            Reason(_("The CSV file is malformed: %(error)s"), error=str(error))
        ) from error


def _read_xlsx(content: bytes) -> Iterator[list]:
    try:
        yield from xlsx.read_rows(content, max_columns=MAX_COLUMNS)
    except xlsx.UnreadableWorkbook as error:
        raise ImportFileError(error.reason) from error


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# --- Checking -----------------------------------------------------------------


def plan(header: list[str], rows: list[list[str]], *, progress=lambda done, total: None) -> Plan:
    """Decide what importing each row would do. Reads the database; writes nothing."""
    columns, ignored = check_header(header)
    checker = _Checker()
    plans = []
    for index, cells in enumerate(rows):
        plans.append(checker.check(index + 2, _cells(columns, cells)))
        if (index + 1) % 500 == 0:
            progress(index + 1, len(rows))
    progress(len(rows), len(rows))
    return Plan(rows=plans, ignored_columns=ignored)


def plan_as_checked(header: list[str], rows: list[list[str]], report: dict) -> Plan:
    """The plan the check made of this file, again, without asking the database: each
    row's cells read as the check read them, and what the check decided of it (rejected,
    matched or new, the ids it found) taken from the check's `report`."""
    columns, ignored = check_header(header)
    decided = report.get("rows", [])
    out_of_date = _("The file no longer matches its check: upload it again.")
    if len(decided) != len(rows):
        raise ImportFileError(out_of_date)
    plans = []
    for index, (cells, found) in enumerate(zip(rows, decided, strict=True)):
        row = _read_row(index + 2, _cells(columns, cells))
        if found.get("row") != row.number or (not found["problems"] and "ids" not in found):
            raise ImportFileError(out_of_date)
        row.problems = list(found["problems"])
        row.group, row.partner = tuple(found["group"]), tuple(found["partner"])
        row.link = found["link"]
        if row.valid:
            ids = found["ids"]
            row.group_id, row.partner_id = ids["group"], ids["partner"]
            row.group_place_id, row.partner_place_id = ids["group_place"], ids["partner_place"]
        plans.append(row)
    return Plan(rows=plans, ignored_columns=ignored)


def _cells(columns: dict[str, int], cells: list[str]) -> dict[str, str]:
    return {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}


def _read_row(number: int, values: dict[str, str]) -> RowPlan:
    """A row's cells as an import uses them, with the problems they show by themselves
    (the database is not asked)."""
    # A line break typed in a cell (Alt+Enter in Excel) or any other control character
    # becomes a space in a one-line column: only the story keeps its lines.
    values = {key: value if key in MULTI_LINE else one_line(value) for key, value in values.items()}
    row = RowPlan(number=number, values=values)
    if not row.group_name:
        row.problems.append(Reason(_("The group's name is missing.")))
    if not row.partner_name:
        row.problems.append(Reason(_("The partner's name is missing.")))
    if len(row.group_name) > 200 or len(row.partner_name) > 200:
        row.problems.append(Reason(_("A name is longer than 200 characters.")))
    _check_choices(row, values)
    _check_since(row, values.get("since", ""))
    _check_contact(row, values.get("contact", ""))
    row.sensitive = _header_key(values.get("sensitive", "")) in _YES
    return row


def _check_choices(row: RowPlan, values: dict[str, str]) -> None:
    for column, choices, default, attribute, message in (
        ("kind", LinkKind.choices, LinkKind.FRIENDSHIP, "link_kind", _("kind of link")),
        ("status", LinkStatus.choices, LinkStatus.ACTIVE, "link_status", _("status")),
        (
            "group_kind",
            GroupKind.choices,
            GroupKind.FRIENDSHIP_GROUP,
            "group_kind",
            _("kind of group"),
        ),
        (
            "partner_kind",
            PartnerKind.choices,
            PartnerKind.COUNCIL,
            "partner_kind",
            _("kind of partner"),
        ),
    ):
        value = values.get(column, "")
        code = _choice(value, choices, default)
        if code is None:
            row.problems.append(
                Reason(
                    _("“%(value)s” is not a %(what)s we know: use one of %(options)s."),
                    value=value,
                    what=message,
                    options=[label for _code, label in choices],
                )
            )
        else:
            setattr(row, attribute, code)


def _check_since(row: RowPlan, value: str) -> None:
    value = value.strip()
    if not value:
        return
    since = parse_since(value)
    if since is None:
        row.problems.append(
            Reason(
                _(
                    "“%(value)s” is not a date: write a year (2005) or a date "
                    "(2005-03-14 or 14/03/2005)."
                ),
                value=value,
            )
        )
    elif since > timezone.localdate():
        row.problems.append(Reason(_("“%(value)s” is in the future."), value=value))
    else:
        row.since = since


def _check_contact(row: RowPlan, value: str) -> None:
    value = value.strip()
    if not value:
        return
    try:
        validate_email(value)
        if len(value) > 254:
            raise ValidationError("too long")
    except ValidationError:
        row.problems.append(
            Reason(_("The contact “%(value)s” is not an email address."), value=value)
        )
    else:
        row.contact = value


def check_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """The position of each known column, and the columns not used; refuses a header
    that lacks a required column."""
    columns, ignored = _map_columns(header)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ImportFileError(
            Reason(
                _("The first row must name the columns; these are missing: %(columns)s."),
                columns=missing,
            )
        )
    return columns, ignored


def _map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    aliases = {alias: name for name, names in COLUMNS.items() for alias in names}
    columns, ignored = {}, []
    for i, title in enumerate(header):
        name = aliases.get(_header_key(title))
        if name and name not in columns:
            columns[name] = i
        elif str(title).strip():
            ignored.append(str(title).strip())
    return columns, ignored


def _choice(value: str, choices, default: str) -> str | None:
    """The choice a cell names by its code or its label, in English or Arabic."""
    key = _header_key(value)
    if not key:
        return default
    for code, label in choices:
        if key in (_header_key(code), _header_key(label), _header_key(code.replace("_", " "))):
            return code
    return None


class _Known(NamedTuple):
    """A group or partner already in the directory, as the check matches rows to it."""

    pk: int
    name: str
    status: str


class _Checker:
    """Checks rows one after another, remembering what earlier rows will create."""

    def __init__(self) -> None:
        # Every name, read once (as tuples: a directory of 100,000 groups is a few MB).
        self.groups = {
            name.casefold(): _Known(pk, name, status)
            for pk, name, status in Group.objects.values_list("pk", "name", "status")
        }
        self.partners = {}
        partners = Partner.objects.values_list("pk", "name", "name_ar", "status")
        for pk, name, name_ar, status in partners:
            known = _Known(pk, name, status)
            self.partners[name.casefold()] = known
            if name_ar:
                self.partners.setdefault(name_ar.casefold(), known)
        self.links = set(Link.objects.values_list("group_id", "partner_id"))
        # what earlier valid rows create: name -> place
        self.new_groups: dict[str, int | None] = {}
        self.new_partners: dict[str, int | None] = {}
        self.seen_pairs: dict[tuple[str, str], int] = {}
        self.places: dict[tuple[str, str], tuple[int | None, str]] = {}

    def check(self, number: int, values: dict[str, str]) -> RowPlan:
        row = _read_row(number, values)
        group_name, partner_name = row.group_name, row.partner_name
        if group_name:
            self._check_group(row, group_name, row.values.get("town", ""))
        if partner_name:
            self._check_partner(row, partner_name, row.values.get("place", ""))
        if group_name and partner_name:
            self._check_link(row, group_name, partner_name)
        # Only a row that will be imported creates what later rows may share.
        if row.valid and row.group[0] == "new":
            self.new_groups.setdefault(group_name.casefold(), row.group_place_id)
        if row.valid and row.partner[0] == "new":
            self.new_partners.setdefault(partner_name.casefold(), row.partner_place_id)
        return row

    def _check_group(self, row: RowPlan, name: str, town: str) -> None:
        key = name.casefold()
        if key in self.groups:
            group = self.groups[key]
            row.group, row.group_id = ("matched", group.name), group.pk
            if group.status != "approved":
                row.problems.append(not_reviewed(group.name, group.status))
            return
        row.group = ("new", name)
        if key in self.new_groups:
            row.group_place_id = self.new_groups[key]
            return
        if not town.strip():
            row.problems.append(Reason(_("%(name)s is a new group: give its town."), name=name))
            return
        place_id, problem = self._place(town, "GB")
        if problem:
            row.problems.append(problem)
        row.group_place_id = place_id

    def _check_partner(self, row: RowPlan, name: str, place: str) -> None:
        key = name.casefold()
        if key in self.partners:
            partner = self.partners[key]
            row.partner, row.partner_id = ("matched", partner.name), partner.pk
            if partner.status != "approved":
                row.problems.append(not_reviewed(partner.name, partner.status))
            return
        row.partner = ("new", name)
        if key in self.new_partners:
            row.partner_place_id = self.new_partners[key]
            return
        # a partner with no place named is often named after its town or village
        place_id, problem = self._place(place or name, "PS")
        if problem:
            row.problems.append(problem)
        row.partner_place_id = place_id

    def _check_link(self, row: RowPlan, group_name: str, partner_name: str) -> None:
        pair = (group_name.casefold(), partner_name.casefold())
        if pair in self.seen_pairs:
            row.problems.append(
                Reason(_("This row repeats the link in row %(row)s."), row=self.seen_pairs[pair])
            )
            return
        self.seen_pairs[pair] = row.number
        group = self.groups.get(pair[0])
        partner = self.partners.get(pair[1])
        if group and partner and (group.pk, partner.pk) in self.links:
            row.link = "exists"
        else:
            row.link = "new"

    def _place(self, text: str, country: str) -> tuple[int | None, Reason | None]:
        cache_key = (text.strip().casefold(), country)
        if cache_key not in self.places:
            self.places[cache_key] = find_place(text, country)
        return self.places[cache_key]


def not_reviewed(name: str, status: str) -> Reason:
    if status == "pending":
        return Reason(_("%(name)s waits for a coordinator's review: review it first."), name=name)
    return Reason(_("%(name)s was not accepted into the directory."), name=name)


def parse_since(value: str) -> datetime.date | None:
    """A year, an ISO date, or a British day/month/year date; None if it is none of them."""
    value = value.strip()
    if re.fullmatch(r"(19|20)\d\d", value):
        return datetime.date(int(value), 1, 1)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%m/%Y", "%B %Y", "%b %Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    return None


def find_place(text: str, country: str) -> tuple[int | None, Reason | None]:
    """The one place `text` names in `country`, or a reason with suggestions.

    "Newport, Wales" or "Bayt Ummar, Hebron" narrow a name by county, nation or
    governorate. A spelling that differs only in vowels or doubled letters
    still matches when only one place has it.
    """
    name, _comma, area = text.partition(",")
    name, area = name.strip(), area.strip()
    found = search_places(name, country=country, limit=20)
    found = [place for place in found if place.kind != "postcode_district"]
    if area:
        area_key = normalise(area)
        found = [place for place in found if area_key in _area_names(place)]
    norm, skel = normalise(name), skeleton(name)
    exact = [place for place in found if norm in _names(place)]
    if len(exact) > 1 and not _CAMP.search(norm):
        # a camp is also known by its town's name; "Jenin" means the town
        exact = [place for place in exact if place.kind != "refugee_camp"] or exact
    if len(exact) > 1:
        # a place's own name beats another place's other spelling
        exact = [place for place in exact if normalise(place.name) == norm] or exact
    close = exact or [place for place in found if skel and skel in _skeletons(place)]
    if len(close) > 1 and len({_describe(place) for place in close}) == 1:
        # the gazetteer holds one name in one area twice: the larger is meant
        close = close[:1]
    if len(close) == 1:
        return close[0].pk, None
    country_name = _("Britain") if country == "GB" else _("Palestine")
    if len(close) > 1:
        options = "; ".join(_describe(place) for place in close[:5])
        return None, Reason(
            _(
                "“%(text)s” names more than one place in %(country)s: add the area after a "
                "comma, one of %(options)s."
            ),
            text=text,
            country=country_name,
            options=options,
        )
    if found:
        options = "; ".join(_describe(place) for place in found[:3])
        return None, Reason(
            _("We do not know the place “%(text)s” in %(country)s. Did you mean %(options)s?"),
            text=text,
            country=country_name,
            options=options,
        )
    return None, Reason(
        _(
            "We do not know the place “%(text)s” in %(country)s; a coordinator can add it on "
            "the places page."
        ),
        text=text,
        country=country_name,
    )


def _names(place: Place) -> list[str]:
    return place.search_names.strip("|").split("|")


def _skeletons(place: Place) -> list[str]:
    return place.search_skeletons.strip("|").split("|")


def _area_names(place: Place) -> list[str]:
    return [
        normalise(place.county),
        normalise(place.get_nation_display() if place.nation else ""),
        normalise(str(place.get_governorate_display()) if place.governorate else ""),
        normalise(place.governorate),
    ]


def _describe(place: Place) -> str:
    area = place.area_label
    return f"{place.name}, {area}" if area else place.name
