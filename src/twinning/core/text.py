"""Text people write: Markdown made safe to show anyone, text kept to one line, and lists
joined the way the reader's language joins them."""

import re

import markdown
import nh3
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "blockquote", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Render Markdown and keep only harmless tags, attributes and link schemes.

    Raw HTML in the source is dropped by the sanitiser, links get
    ``rel="noopener noreferrer nofollow"``, and NUL characters are removed.
    """
    source = (text or "").replace("\x00", "")
    html = markdown.markdown(source, extensions=["sane_lists", "tables"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 — nh3 has just sanitised it


# First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
# (";" and "|" start one in some locales; the full-width forms are folded to these by some
# programs; a line break can hide one on a second line).
FORMULA_STARTS = frozenset("=+-@\t\r\n;|\uff1d\uff0b\uff0d\uff20")


def spreadsheet_cell(value):
    """Text a spreadsheet program would run as a formula is written as plain text."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def spreadsheet_row(values) -> list:
    """Every cell of a row for a CSV or XLSX export, each made safe (`spreadsheet_cell`)."""
    return [spreadsheet_cell(value) for value in values]


def spreadsheet_unguard(cell: str) -> str:
    """Undo the quote `spreadsheet_cell` put before text, when a file exported here is
    imported back."""
    if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell


# Unicode's control characters (category Cc: U+0000-U+001F and U+007F-U+009F, among them tab,
# line feed, carriage return and NUL) and its line and paragraph separators (U+2028, U+2029).
# Format characters (Cf) are not among them: Arabic writers use ZWNJ and ZWJ (U+200C, U+200D)
# and the direction marks (U+200E, U+200F).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Those that end a line, as Python's str.splitlines() and mail readers see it.
LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL_RUNS = re.compile(CONTROL_CHARACTERS.pattern + "+")
# Text without any of them, as a pattern for OpenAPI and JSON Schema (escapes ECMA-262 reads).
ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$"


def one_line(text: str) -> str:
    """`text` on one line: each run of control characters and line or paragraph separators
    becomes one space. For a subject or a header built from text that reached the database
    without a form's check (an import, old data)."""
    return _CONTROL_RUNS.sub(" ", text or "").strip()


def sentence(message: str, **values) -> SafeString:
    """A translated `message` with %(name)s placeholders filled by `values`, each isolated in
    its own direction (`<bdi>`), so that an Arabic name in an English sentence (or the other
    way round) reads right. The message is escaped; so is every value."""
    isolated = {name: format_html("<bdi>{}</bdi>", value) for name, value in values.items()}
    return mark_safe(conditional_escape(message) % isolated)  # noqa: S308 (all escaped)


def list_separators(kind: str = ",") -> tuple[str, str]:
    """What goes between the items of a list, and before its last item, in the active language:
    ", " in English and "، " in Arabic; `kind` ";" for items that hold commas themselves
    ("; ", "؛ "), "and" for a list that ends "… and C" ("… وC")."""
    if kind == ";":
        between = pgettext("between the items of a list whose items hold commas", "; ")
        return between, between
    between = pgettext("between the items of a list", ", ")
    if kind == "and":
        return between, pgettext("before the last item of a list", " and ")
    return between, between


def listing(items, kind: str = ",") -> str:
    """Items (as text) joined by the active language's separators (see `list_separators`)."""
    items = [str(item) for item in items]
    between, last = list_separators(kind)
    if len(items) < 2:
        return "".join(items)
    return between.join(items[:-1]) + last + items[-1]
