"""The rows of an Excel workbook's first sheet, read in bounded memory and time.

An .xlsx file is a zip archive of XML parts, and a small one can ask for a
great deal: a `<dimension>` claiming 1,048,576 rows by 16,384 columns (which
openpyxl pads every row to, filling in the missing rows), millions of shared
strings in a few hundred kilobytes, a part that inflates to gigabytes, or XML
entities that expand without end. So this reader:

- looks at the archive's directory before it inflates anything: the parts'
  declared sizes together must stay under `MAX_UNPACKED` (zipfile never returns
  more than a part declares, and we count to be sure), the parts describing
  the workbook under `MAX_DESCRIPTION`; an encrypted archive, or one that is
  oddly compressed or holds too many parts, is refused;
- parses only the parts it needs (relationships, the workbook, its styles, the
  shared strings, the first sheet) with expat, a chunk at a time, and refuses
  any DOCTYPE, so that no entity can be declared, let alone expanded;
- ignores `<dimension>` and never pads: it yields the rows the sheet holds,
  each with the cells of its first `max_columns` columns only;
- refuses more than `MAX_SHARED_STRINGS` shared strings, whether the part's
  `uniqueCount` says so or its entries do, and any text longer than a cell
  may hold in Excel.

Its time is bound by the size of what it parses (50 MB of the smallest possible
rows take 6 to 10 seconds on a busy two-core machine), its memory by the shared
strings and the rows the caller keeps; the caller stops reading when it has
enough. openpyxl says which number formats are dates and how Excel counts days.
"""

import datetime
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

from twinning.directory.reasons import Reason, Refusal

# Every part of the archive, as it would be once inflated. A sheet of 20,000 rows (the
# import's limit) by a dozen columns is about 17 MB.
MAX_UNPACKED = 50 * 1024 * 1024
# The relationships, the workbook and its styles are a few kilobytes in any real file.
MAX_DESCRIPTION = 5 * 1024 * 1024
MAX_PARTS = 10_000
MAX_SHARED_STRINGS = 500_000
MAX_CELL_TEXT = 32_767  # characters: the most Excel lets a cell hold
CHUNK = 64 * 1024
MAX_DEPTH = 64  # elements inside elements: a sheet needs 5
MAX_FORMAT_CODE = 255  # characters: the longest number format Excel lets one type
MAX_STYLES = 65_000  # cell styles: Excel's own limit is 64,000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how Excel saves a workbook with a password
# Elements of the sheet and the shared strings, as expat names them: compared as they
# come, since stripping the namespace off each of millions of elements would double the
# time (openpyxl, too, reads only this namespace).
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_C, _IS, _R_PH, _ROW, _SI, _SST, _T, _V = (
    _MAIN + name for name in ("c", "is", "rPh", "row", "si", "sst", "t", "v")
)
_REFERENCE = re.compile(r"([A-Za-z]{1,3})\d*")


class UnreadableWorkbook(Refusal):
    """The workbook cannot or will not be read; the reason tells the uploader why."""


def _unreadable() -> UnreadableWorkbook:
    return UnreadableWorkbook(_("This is not an Excel (.xlsx) file we can read."))


def _too_big() -> UnreadableWorkbook:
    return UnreadableWorkbook(
        Reason(
            _(
                "Opened, this workbook would be larger than %(max)s MB: split it into smaller "
                "files or save its first sheet as CSV."
            ),
            max=MAX_UNPACKED // (1024 * 1024),
        )
    )


def _too_many_strings() -> UnreadableWorkbook:
    return UnreadableWorkbook(
        Reason(
            _(
                "This workbook holds more than %(max)s different texts: split it into smaller "
                "files or save its first sheet as CSV."
            ),
            max=f"{MAX_SHARED_STRINGS:,}",
        )
    )


def _too_long() -> UnreadableWorkbook:
    return UnreadableWorkbook(
        Reason(
            _(
                "A cell of this workbook holds more than %(max)s characters, more than Excel "
                "allows: shorten it."
            ),
            max=f"{MAX_CELL_TEXT:,}",
        )
    )


def check_archive(content: bytes) -> None:
    """Refuse a file that is not a sound workbook archive, reading only its directory."""
    _open(content).close()


def read_rows(content: bytes, *, max_columns: int) -> Iterator[list[Any]]:
    """Each row of the first sheet that holds a cell, as the values of its first
    `max_columns` columns (str, int, float, bool, datetime, time, timedelta or None)."""
    archive = _open(content)
    try:
        workbook = _find(_relationships(archive, ""), "officeDocument") or "xl/workbook.xml"
        relationships = _relationships(archive, workbook)
        sheet, epoch = _first_sheet(archive, workbook, relationships)
        shared = _shared_strings(archive, _find(relationships, "sharedStrings"))
        dates, durations = _date_styles(archive, _find(relationships, "styles"))
        reader = _Sheet(shared, dates, durations, epoch, max_columns)
        for _chunk in _parse(archive, sheet, reader):
            yield from reader.rows
            reader.rows.clear()
    except UnreadableWorkbook:
        raise
    except Exception as error:  # a broken workbook fails in many ways; all mean the same
        raise _unreadable() from error
    finally:
        archive.close()


# --- The archive and its parts ----------------------------------------------------


def _open(content: bytes) -> zipfile.ZipFile:
    if content.startswith(_OLE2):
        raise UnreadableWorkbook(
            _(
                "This workbook is protected by a password, or is an old Excel (.xls) file: "
                "save it as an Excel workbook (.xlsx) without a password."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise _unreadable() from error
    try:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _unreadable()
        for part in parts:
            if part.flag_bits & 0x1:
                raise UnreadableWorkbook(
                    _("This workbook is encrypted: save it again without a password.")
                )
            if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _unreadable()
        if sum(part.file_size for part in parts) > MAX_UNPACKED:
            raise _too_big()
    except UnreadableWorkbook:
        archive.close()
        raise
    return archive


class _Handler:
    """What expat calls for a part; tags and attribute names come as
    `namespace}local` (or `local` outside any namespace)."""

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def _parse(
    archive: zipfile.ZipFile, name: str, handler: _Handler, *, limit: int = MAX_UNPACKED
) -> Iterator[None]:
    """Feed a part to expat a chunk at a time, pausing after each chunk so that the
    caller can take what the handler gathered. A DOCTYPE is refused before its
    first declaration."""
    part = archive.getinfo(name)
    if part.file_size > limit:
        raise _too_big()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    depth = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:  # expat keeps every open tag: millions would fill memory
            raise _unreadable()
        handler.start(tag, attributes)

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        handler.end(tag)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = handler.text
    read = 0
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            read += len(chunk)
            if read > part.file_size:
                raise _unreadable()
            parser.Parse(chunk, False)
            yield
    parser.Parse(b"", True)
    yield


def _parse_all(archive: zipfile.ZipFile, name: str, handler: _Handler, **limit) -> None:
    for _chunk in _parse(archive, name, handler, **limit):
        pass


def _refuse_doctype(*args) -> None:
    # Spreadsheet programs never write one; with none, no entity can be declared.
    raise _unreadable()


def _local(name: str) -> str:
    return name[name.rfind("}") + 1 :]


# --- What the workbook says about itself -----------------------------------------


@dataclass(frozen=True)
class _Relationship:
    id: str
    kind: str  # the last word of its type: worksheet, styles, sharedStrings…
    path: str


class _Relationships(_Handler):
    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.found: list[_Relationship] = []

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if _local(tag) != "Relationship" or attributes.get("TargetMode") == "External":
            return
        target = attributes.get("Target", "")
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(self.folder, target))
        kind = attributes.get("Type", "").rpartition("/")[2]
        self.found.append(_Relationship(id=attributes.get("Id", ""), kind=kind, path=path))


def _relationships(archive: zipfile.ZipFile, source: str) -> list[_Relationship]:
    """The parts that `source` refers to ("" for the package itself)."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    handler = _Relationships(folder)
    if rels in archive.NameToInfo:
        _parse_all(archive, rels, handler, limit=MAX_DESCRIPTION)
    return handler.found


def _find(relationships: list[_Relationship], kind: str) -> str | None:
    return next((r.path for r in relationships if r.kind == kind), None)


class _Workbook(_Handler):
    def __init__(self) -> None:
        self.sheets: list[str] = []  # relationship ids, in the workbook's order
        self.epoch = WINDOWS_EPOCH

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        tag = _local(tag)
        if tag == "sheet":
            ids = [value for key, value in attributes.items() if _local(key) == "id"]
            self.sheets.append(ids[0] if ids else "")
        elif tag == "workbookPr" and attributes.get("date1904") in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904


def _first_sheet(
    archive: zipfile.ZipFile, workbook: str, relationships: list[_Relationship]
) -> tuple[str, datetime.datetime]:
    """The first worksheet (not a chart sheet) and the day its dates count from."""
    handler = _Workbook()
    _parse_all(archive, workbook, handler, limit=MAX_DESCRIPTION)
    worksheets = {r.id: r.path for r in relationships if r.kind == "worksheet"}
    for sheet in handler.sheets:
        if sheet in worksheets:
            return worksheets[sheet], handler.epoch
    raise _unreadable()


class _SharedStrings(_Handler):
    def __init__(self) -> None:
        self.strings: list[str] = []
        self.pieces: list[str] | None = None  # of the string being read
        self.length = 0
        self.phonetic = 0
        self.reading = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == _SI:
            self.pieces, self.length = [], 0
        elif tag == _T:
            self.reading = self.pieces is not None and not self.phonetic
        elif tag == _R_PH:  # how East Asian text is pronounced, not the text
            self.phonetic += 1
        elif tag == _SST and int(attributes.get("uniqueCount") or 0) > MAX_SHARED_STRINGS:
            raise _too_many_strings()

    def end(self, tag: str) -> None:
        if tag == _SI and self.pieces is not None:
            self.strings.append("".join(self.pieces))
            self.pieces = None
            if len(self.strings) > MAX_SHARED_STRINGS:
                raise _too_many_strings()
        elif tag == _T:
            self.reading = False
        elif tag == _R_PH:
            self.phonetic -= 1

    def text(self, data: str) -> None:
        if self.reading:
            self.length += len(data)
            if self.length > MAX_CELL_TEXT:
                raise _too_long()
            self.pieces.append(data)


def _shared_strings(archive: zipfile.ZipFile, name: str | None) -> list[str]:
    handler = _SharedStrings()
    if name:
        _parse_all(archive, name, handler)
    return handler.strings


class _Styles(_Handler):
    def __init__(self) -> None:
        self.formats: dict[int, str] = {}  # custom number formats by id
        self.styles: list[int] = []  # each cell style's number format
        self.in_cell_styles = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        tag = _local(tag)
        if tag == "numFmt":
            self.formats[int(attributes["numFmtId"])] = attributes.get("formatCode", "")
        elif tag == "cellXfs":
            self.in_cell_styles = True
        elif tag == "xf" and self.in_cell_styles:
            self.styles.append(int(attributes.get("numFmtId") or 0))

    def end(self, tag: str) -> None:
        if _local(tag) == "cellXfs":
            self.in_cell_styles = False


def _date_styles(archive: zipfile.ZipFile, name: str | None) -> tuple[set[int], set[int]]:
    """Which cell styles show a number as a date, and which as a duration."""
    handler = _Styles()
    if name:
        _parse_all(archive, name, handler, limit=MAX_DESCRIPTION)
    if len(handler.styles) > MAX_STYLES:
        raise _unreadable()
    kinds: dict[int, tuple[bool, bool]] = {}  # each number format looked at once
    dates, durations = set(), set()
    for style, number_format in enumerate(handler.styles):
        if number_format not in kinds:
            code = handler.formats.get(number_format) or builtin_format_code(number_format) or ""
            # openpyxl's patterns take time that grows with the square of an unclosed
            # bracket's length: a longer code than Excel allows is read as a plain number
            kinds[number_format] = (
                (is_date_format(code), is_timedelta_format(code))
                if len(code) <= MAX_FORMAT_CODE
                else (False, False)
            )
        is_date, is_duration = kinds[number_format]
        if is_date:
            dates.add(style)
        if is_duration:
            durations.add(style)
    return dates, durations


# --- The sheet ------------------------------------------------------------------------


class _Sheet(_Handler):
    """Gathers into `rows` one list of values per `<row>` that holds a cell in the
    first `max_columns` columns. Row numbers are not needed (empty rows are dropped
    anyway), so a missing row costs nothing and a far-off one no more than a near one."""

    def __init__(
        self,
        shared: list[str],
        dates: set[int],
        durations: set[int],
        epoch: datetime.datetime,
        max_columns: int,
    ) -> None:
        self.shared, self.dates, self.durations, self.epoch = shared, dates, durations, epoch
        self.max_columns = max_columns
        self.rows: list[list[Any]] = []
        self.row: dict[int, Any] | None = None  # the row being read, by column
        self.column = 0
        self.cell: tuple[str, str | None] | None = None  # the cell being read: type, style
        self.value: list[str] | None = None  # its <v>
        self.inline: list[str] | None = None  # its inline string
        self.pieces: list[str] | None = None  # whichever is being read now
        self.length = 0  # of the cell's value so far
        self.phonetic = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == _C:
            if self.row is None:
                return
            reference = attributes.get("r")
            self.column = _column(reference) if reference else self.column + 1
            self.cell = self.value = self.inline = None
            self.length = 0
            if self.column <= self.max_columns:
                self.cell = (attributes.get("t", "n"), attributes.get("s"))
        elif tag == _ROW:
            self.row, self.column = {}, 0
        elif self.cell is None:
            return
        elif tag == _V:
            self.value = self.pieces = []
        elif tag == _IS:
            self.inline = []
        elif tag == _T and self.inline is not None and not self.phonetic:
            self.pieces = self.inline
        elif tag == _R_PH:
            self.phonetic += 1

    def end(self, tag: str) -> None:
        if tag == _C:
            if self.cell is not None and (self.value or self.inline) is not None:
                value = self._value()
                if value is not None:
                    self.row[self.column] = value
            self.cell = None
        elif tag == _ROW:
            if self.row:
                self.rows.append([self.row.get(i) for i in range(1, max(self.row) + 1)])
            self.row = None
        elif self.cell is None:
            return
        elif tag in (_V, _T):
            self.pieces = None
        elif tag == _R_PH:
            self.phonetic -= 1

    def text(self, data: str) -> None:
        if self.pieces is not None:
            self.length += len(data)
            if self.length > MAX_CELL_TEXT:
                raise _too_long()
            self.pieces.append(data)

    def _value(self) -> Any:
        """The cell's value as openpyxl reads it with `data_only`: a formula's last
        result, not the formula."""
        kind, style = self.cell[0], int(self.cell[1] or 0)
        if kind == "inlineStr":
            return None if self.inline is None else "".join(self.inline)
        value = "".join(self.value or ()) or None
        if value is None:
            return None
        if kind == "n":
            number = float(value) if any(c in value for c in ".eE") else int(value)
            if style not in self.dates:
                return number
            try:
                return from_excel(number, self.epoch, timedelta=style in self.durations)
            except (OverflowError, ValueError):
                return "#VALUE!"
        if kind == "s":
            return self.shared[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # str (a formula's text) or e (an error such as #N/A)


def _column(reference: str) -> int:
    """The column number of a cell reference: A1 is 1, AB7 is 28."""
    match = _REFERENCE.fullmatch(reference)
    if not match:
        raise _unreadable()
    number = 0
    for letter in match.group(1).upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
