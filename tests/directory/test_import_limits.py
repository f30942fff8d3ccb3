"""Uploads are read in bounded memory and time, however large or hostile the file.

Each file is built here and read in a subprocess, which prints its peak memory (Linux's
VmHWM). The subprocess may not take more than 1 GB of address space, so that a reader
that regresses fails the test, not the machine.
"""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import client_for
from twinning.core.models import AuditEntry
from twinning.directory import importing
from twinning.directory.models import ImportBatch, Link

pytestmark = pytest.mark.django_db

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"
PEAK_MB = 200


# --- Reading in a subprocess --------------------------------------------------------

_PRELUDE = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
import django
django.setup()
from twinning.directory import importing
start = time.monotonic()
"""
# The peak of this process's own memory: VmHWM, since ru_maxrss keeps the high-water
# mark of the process that forked it (here pytest) across exec.
_EPILOGUE = """
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - start, "peak_mb": peak / 1024}))
"""


def _measure(code: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _PRELUDE + code + _EPILOGUE, *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "twinning.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.splitlines()[-1])


# --- Uploads over the limit --------------------------------------------------------

_UPLOAD_FORM = """
from django.core.files.uploadedfile import UploadedFile
from twinning.directory.forms import ImportUploadForm
with open(sys.argv[1], "rb") as file:
    form = ImportUploadForm(data={}, files={"file": UploadedFile(file, "big.csv", size=2**28)})
    outcome = "accepted" if form.is_valid() else form.errors["file"][0]
"""
_IMPORT_COMMAND = """
from django.core.management import CommandError, call_command
try:
    call_command("import", "directory", sys.argv[1], "--dry-run")
    outcome = "accepted"
except CommandError as error:
    outcome = str(error)
"""


@pytest.mark.parametrize("script", [_UPLOAD_FORM, _IMPORT_COMMAND], ids=["form", "command"])
def test_a_file_over_5_mb_is_refused_reading_no_more_than_the_limit(tmp_path, script) -> None:
    # A 256 MB file (Django keeps a large upload on disk) was read whole, then refused.
    path = tmp_path / "big.csv"
    with path.open("wb") as file:
        file.truncate(1 << 28)
    measured = _measure(script, str(path))
    assert measured["outcome"] == "The file is larger than 5 MB: split it into smaller files."
    assert measured["peak_mb"] < PEAK_MB, measured


def test_the_upload_page_refuses_a_csv_over_5_mb_with_a_message_and_writes_nothing(
    cast,
) -> None:
    big = b"group,partner\n" + b"Leeds Friends,Nablus council\n" * 200_000
    assert len(big) > importing.MAX_BYTES
    response = client_for(cast.coordinator).post(
        "/directory/import/", {"file": SimpleUploadedFile("big.csv", big, "text/csv")}
    )
    assert response.status_code == 422
    assert "The file is larger than 5 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not AuditEntry.objects.filter(action="directory.import_uploaded").exists()


# --- Building workbooks ---------------------------------------------------------------


def _openpyxl_workbook(*rows: tuple[str, ...]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(workbook: bytes, parts: dict, *, shared_strings: bool = False) -> bytes:
    """The workbook with some parts replaced or added; a part may be given as chunks,
    so that a large one is never held whole. `shared_strings` declares
    xl/sharedStrings.xml (openpyxl writes inline strings instead)."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name in parts:
                continue
            if shared_strings and name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rId99" Type="{RELATIONSHIPS}/sharedStrings" '
                    'Target="sharedStrings.xml"/></Relationships>'.encode(),
                )
            if shared_strings and name == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            archive.writestr(name, data)
        for name, data in parts.items():
            with archive.open(name, "w", force_zip64=True) as part:
                for chunk in [data] if isinstance(data, bytes) else data:
                    part.write(chunk)
    return buffer.getvalue()


def _sheet(rows: str, before: str = "") -> bytes:
    return f'<worksheet xmlns="{MAIN}">{before}<sheetData>{rows}</sheetData></worksheet>'.encode()


def _inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


# --- Hostile files ------------------------------------------------------------------

# What the check on the task queue does with a stored file.
_CHECK = """
try:
    header, rows = importing.read_table(sys.argv[2], open(sys.argv[1], "rb").read())
    importing.check_header(header)
    outcome = f"read {len(rows)} rows"
except importing.ImportFileError as error:
    outcome = str(error)
"""


def _check_in_a_subprocess(tmp_path: Path, filename: str, content: bytes) -> dict:
    path = tmp_path / filename
    path.write_bytes(content)
    measured = _measure(_CHECK, str(path), filename)
    assert measured["peak_mb"] < PEAK_MB, measured
    assert measured["seconds"] < 20, measured
    return measured


def test_a_workbook_claiming_a_million_rows_is_read_in_bounded_memory_without_padding(
    tmp_path,
) -> None:
    # The probe's file: 5 KB, a dimension of A1:XFD1048576 and one cell, at A1048576.
    # openpyxl padded 20,002 rows to 16,384 cells each: 2.7 GB and 42 s, then "empty".
    claim = '<dimension ref="A1:XFD1048576"/>'
    far_away = f'<row r="1048576">{_inline("A1048576", "far away")}</row>'
    bomb = _rewrite(_openpyxl_workbook(("x",)), {SHEET: _sheet(far_away, claim)})
    assert len(bomb) < 10_000
    measured = _check_in_a_subprocess(tmp_path, "bomb.xlsx", bomb)
    assert measured["outcome"] == (
        "The first row must name the columns; these are missing: group, partner."
    )
    # Below a real table, the far-off cell is one more row, not a million.
    table = (
        f'<row r="1">{_inline("A1", "group")}{_inline("B1", "partner")}</row>'
        f'<row r="2">{_inline("A2", "Leeds Friends")}{_inline("B2", "Nablus council")}</row>'
    )
    stray = _rewrite(_openpyxl_workbook(("x",)), {SHEET: _sheet(table + far_away, claim)})
    assert _check_in_a_subprocess(tmp_path, "stray.xlsx", stray)["outcome"] == "read 2 rows"


def _shared_strings(entry: bytes, count: int, declared: int):
    yield f'<sst xmlns="{MAIN}" count="{declared}" uniqueCount="{declared}">'.encode()
    for _ in range(count // 100_000):
        yield entry * 100_000
    yield b"</sst>"


@pytest.mark.parametrize(
    ("entry", "declared", "message"),
    [
        # the probe's: 206 KB, 85 MB once inflated (openpyxl: 550 MB and 55 s)
        (b"<si><t>x</t></si>", 5_000_000, "larger than 50 MB"),
        # small enough inflated, but its count is refused before any is read
        (b"<si/>", 5_000_000, "more than 500,000 different texts"),
        # and a count that lies is caught as the strings come
        (b"<si/>", 2, "more than 500,000 different texts"),
    ],
    ids=["as probed", "counted", "miscounted"],
)
def test_a_workbook_of_five_million_shared_strings_is_refused_in_bounded_memory(
    tmp_path, entry, declared, message
) -> None:
    cells = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    bomb = _rewrite(
        _openpyxl_workbook(),
        {SHEET: _sheet(cells), "xl/sharedStrings.xml": _shared_strings(entry, 5_000_000, declared)},
        shared_strings=True,
    )
    assert len(bomb) < 300_000
    assert message in _check_in_a_subprocess(tmp_path, "strings.xlsx", bomb)["outcome"]


def test_one_long_text_shown_in_every_cell_is_refused_in_bounded_memory(tmp_path) -> None:
    # One shared string of 30,000 characters (Excel allows 32,767), shown in 50 cells of
    # 20,000 rows: each cell's text was a copy of its own (taking off the quote our
    # exports put before a formula copies it), 30 GB in all.
    strings = f'<sst xmlns="{MAIN}"><si><t>\'={"x" * 30_000}</t></si></sst>'.encode()
    row = "<row>" + '<c t="s"><v>0</v></c>' * 50 + "</row>"

    def sheet():
        yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        yield from (row.encode() * 1000 for _ in range(20))
        yield b"</sheetData></worksheet>"

    bomb = _rewrite(
        _openpyxl_workbook(),
        {SHEET: sheet(), "xl/sharedStrings.xml": strings},
        shared_strings=True,
    )
    assert len(bomb) < 200_000
    assert _check_in_a_subprocess(tmp_path, "long.xlsx", bomb)["outcome"] == (
        "The file holds more than 20 million characters of text: split it into smaller files."
    )
    # and no cell may hold more than Excel lets it
    too_long = f'<sst xmlns="{MAIN}"><si><t>{"x" * 40_000}</t></si></sst>'.encode()
    workbook = _rewrite(
        _openpyxl_workbook(),
        {SHEET: _sheet(row), "xl/sharedStrings.xml": too_long},
        shared_strings=True,
    )
    with pytest.raises(importing.ImportFileError, match="more than 32,767 characters"):
        importing.read_table("long.xlsx", workbook)


def test_a_zip_bomb_in_a_workbook_is_refused_before_it_is_inflated(tmp_path) -> None:
    # 256 MB of spaces inside the sheet, in a 260 KB file (openpyxl: 2.2 GB for 1 GB).
    def sheet():
        row = f'<row r="1">{_inline("A1", "group")}</row>'
        yield f'<worksheet xmlns="{MAIN}"><sheetData>{row}'.encode()
        yield from (b" " * (1 << 20) for _ in range(256))
        yield b"</sheetData></worksheet>"

    bomb = _rewrite(_openpyxl_workbook(), {SHEET: sheet()})
    assert len(bomb) < 500_000
    measured = _check_in_a_subprocess(tmp_path, "zip.xlsx", bomb)
    assert measured["outcome"].startswith("Opened, this workbook would be larger than 50 MB")
    # the upload page refuses it too, reading only the archive's directory
    with pytest.raises(importing.ImportFileError, match="larger than 50 MB"):
        importing.check_upload("zip.xlsx", bomb)


def test_an_xml_entity_expansion_in_a_sheet_is_refused_before_it_expands(tmp_path) -> None:
    # An entity of 1 MB used a thousand times: 1 GB of text. 20 MB of comment keep the
    # expansion under expat's own guard (100 times the input), so openpyxl built it
    # whole: 2.2 GB and 100 s.
    def sheet():
        yield b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e "'
        yield b"x" * (1 << 20)
        yield b'">]><!--'
        yield from (b" " * (1 << 20) for _ in range(20))
        yield f'--><worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode()
        yield b'<c r="A1" t="inlineStr"><is><t>' + b"&e;" * 1000 + b"</t></is></c>"
        yield b"</row></sheetData></worksheet>"

    bomb = _rewrite(_openpyxl_workbook(), {SHEET: sheet()})
    assert len(bomb) < 100_000
    measured = _check_in_a_subprocess(tmp_path, "entities.xlsx", bomb)
    assert measured["outcome"] == "This is not an Excel (.xlsx) file we can read."
    # nor does a classic "billion laughs" reach the point of expanding
    laughs = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    workbook = _rewrite(_openpyxl_workbook(), {SHEET: laughs + _sheet("")})
    with pytest.raises(importing.ImportFileError, match="not an Excel"):
        importing.read_table("laughs.xlsx", workbook)


def test_a_csv_file_of_five_million_empty_lines_is_read_in_bounded_memory(tmp_path) -> None:
    # 4.8 MB, under the limit: every empty line used to become a list (450 MB).
    measured = _check_in_a_subprocess(tmp_path, "lines.csv", b"group,partner\n" + b"\n" * 5_000_000)
    assert measured["outcome"] == "read 0 rows"


def test_a_workbook_with_a_password_is_refused_with_a_reason() -> None:
    # Excel saves a workbook with a password to open as an OLE2 file, not a zip.
    protected = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
    with pytest.raises(importing.ImportFileError, match="protected by a password"):
        importing.read_table("network.xlsx", protected)
    # A zip's own (weak) encryption is a flag on each part, in the archive's directory.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", b"scrambled")
    encrypted = bytearray(buffer.getvalue())
    encrypted[encrypted.rfind(b"PK\x01\x02") + 8] |= 0x1
    with pytest.raises(importing.ImportFileError, match="encrypted"):
        importing.read_table("network.xlsx", bytes(encrypted))


def test_rows_are_counted_as_the_sheet_holds_them_and_far_columns_are_ignored(
    monkeypatch,
) -> None:
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    far = "".join(_inline(f"{column}{{row}}", "noise") for column in ("AY", "XFD"))
    rows = [
        f'<row r="{number}">{_inline(f"A{number}", "group")}{_inline(f"B{number}", "p")}'
        f"{far.format(row=number)}</row>"
        for number in (1, 900, 50_000, 1_048_576)
    ]
    workbook = _rewrite(_openpyxl_workbook(), {SHEET: _sheet("".join(rows))})
    header, table = importing.read_table("spread.xlsx", workbook)
    # the 51st column (AY) and the last (XFD) are not read; the gaps are not rows
    assert header == ["group", "p"]
    assert len(table) == 3
    one_more = rows[:-1] + [rows[-1].replace("1048576", "1048575"), rows[-1]]
    workbook = _rewrite(_openpyxl_workbook(), {SHEET: _sheet("".join(one_more))})
    with pytest.raises(importing.ImportFileError, match="more than 3 rows"):
        importing.read_table("spread.xlsx", workbook)


# --- What still works -----------------------------------------------------------------

# A workbook as Excel writes it: shared strings (one in two bold and plain runs, one with
# its pronunciation), a date in a built-in format and one in a format of its own, a
# formula's last result, a TRUE/FALSE cell, a second sheet, absolute and relative targets.
EXCEL_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="/xl/{part}.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.{kind}+xml"/>'
            for part, kind in (
                ("workbook", "sheet.main"),
                ("worksheets/sheet1", "worksheet"),
                ("worksheets/sheet2", "worksheet"),
                ("styles", "styles"),
                ("sharedStrings", "sharedStrings"),
            )
        )
        + "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><workbookPr defaultThemeVersion='
        '"166925"/><bookViews><workbookView xWindow="0" yWindow="0"/></bookViews><sheets>'
        '<sheet name="Links" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" '
        'state="hidden" r:id="rId2"/></sheets><calcPr calcId="191029"/></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" '
        'Target="/xl/worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId3" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId4" Type="{RELATIONSHIPS}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
        'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/>'
        "<top/><bottom/><diagonal/></border></borders>"
        '<cellStyleXfs count="1"><xf numFmtId="14" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" '
        'xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" '
        'borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
    "xl/sharedStrings.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN}" '
        'count="14" uniqueCount="11"><si><t>Group</t></si><si><t>Town</t></si>'
        "<si><t>Partner</t></si><si><t>Place</t></si><si><t>Since</t></si>"
        "<si><t>Sensitive</t></si><si><r><rPr><b/></rPr><t>Camden</t></r>"
        '<r><t xml:space="preserve"> Abu Dis Friendship</t></r></si>'
        '<si><t>Camden</t><rPh sb="0" eb="6"><t>kamuden</t></rPh></si>'
        "<si><t>Abu Dis council</t></si><si><t>Abu Dis</t></si><si><t>Battir</t></si></sst>"
    ),
    SHEET: (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">'
        '<dimension ref="A1:F4"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="30"/></cols>'
        '<sheetData><row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s">'
        '<v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" '
        't="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>'
        '<row r="2" spans="1:6"><c r="A2" t="s"><v>6</v></c><c r="B2" t="s"><v>7</v></c>'
        '<c r="C2" t="s"><v>8</v></c><c r="D2" t="s"><v>9</v></c><c r="E2" s="1"><v>30834</v>'
        '</c><c r="F2" t="b"><v>0</v></c></row><row r="4" spans="1:6"><c r="A4" t="s"><v>6</v>'
        '</c><c r="B4" s="1"/><c r="C4" t="str"><f>D4&amp;" council"</f><v>Battir council</v>'
        '</c><c r="D4" t="s"><v>10</v></c><c r="E4" s="2"><v>40251</v></c></row></sheetData>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
        'footer="0.3"/></worksheet>'
    ),
    "xl/worksheets/sheet2.xml": _sheet(f'<row r="1">{_inline("A1", "not this sheet")}</row>'),
}


def _excel_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in EXCEL_PARTS.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_workbook_as_excel_writes_it_is_read_cell_for_cell() -> None:
    header, rows = importing.read_table("network.xlsx", _excel_workbook())
    assert header == ["Group", "Town", "Partner", "Place", "Since", "Sensitive"]
    trimmed = [row[: max(i + 1 for i, cell in enumerate(row) if cell)] for row in rows]
    assert trimmed == [
        [
            "Camden Abu Dis Friendship",
            "Camden",
            "Abu Dis council",
            "Abu Dis",
            "1984-06-01",
            "False",
        ],
        ["Camden Abu Dis Friendship", "", "Battir council", "Battir", "2010-03-14"],
    ]


def test_a_coordinator_uploads_an_excel_workbook_and_imports_it(
    cast, django_capture_on_commit_callbacks
) -> None:
    coordinator = client_for(cast.coordinator)
    upload = SimpleUploadedFile("network.xlsx", _excel_workbook())
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post("/directory/import/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    batch.refresh_from_db()
    assert batch.status == "checked", batch.result
    assert batch.report["summary"]["valid"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/directory/import/{batch.pk}/start/")
    batch.refresh_from_db()
    assert batch.status == "done"
    camden = Link.objects.filter(group__name="Camden Abu Dis Friendship")
    assert sorted(str(link.started_on) for link in camden) == ["1984-06-01", "2010-03-14"]


def test_a_workbook_missing_a_column_is_refused_on_its_page_in_the_uploaders_language(
    cast, django_capture_on_commit_callbacks
) -> None:
    # A workbook's header is read by the check, not while the coordinator waits.
    coordinator = client_for(cast.coordinator)
    upload = SimpleUploadedFile("network.xlsx", _openpyxl_workbook(("town", "place")))
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post("/ar/directory/import/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert batch.status == "failed"
    assert bytes(batch.content) == b""  # a file that can never be imported is not kept
    page = coordinator.get(response["Location"]).content.decode()
    assert "يجب أن يسمّي الصف الأول الأعمدة؛ هذه الأعمدة ناقصة: group، partner." in page


def test_a_file_that_is_no_workbook_is_refused_on_the_form(cast) -> None:
    response = client_for(cast.coordinator).post(
        "/directory/import/",
        {"file": SimpleUploadedFile("network.xlsx", b"Group,Partner\nLeeds,Nablus\n")},
    )
    assert response.status_code == 422
    assert "This is not an Excel (.xlsx) file we can read" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_elements_nested_three_million_deep_are_refused_in_bounded_memory(tmp_path) -> None:
    # expat keeps every open tag: 3 M nested <x> (a 25 KB upload) took 484 MB and 3.5 s.
    def sheet():
        yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        yield from (b"<x>" * 100_000 for _ in range(30))

    bomb = _rewrite(_openpyxl_workbook(("group", "partner")), {SHEET: sheet()})
    assert len(bomb) < 100_000
    measured = _check_in_a_subprocess(tmp_path, "deep.xlsx", bomb)
    assert measured["outcome"] == "This is not an Excel (.xlsx) file we can read."
    assert measured["seconds"] < 2, measured


def test_a_number_format_longer_than_excel_allows_costs_no_time(tmp_path) -> None:
    # openpyxl's date test takes time growing with the square of an unclosed "[": 40,000
    # took 2.8 s, and a 5 MB styles part (5 KB compressed) would take hours per style.
    workbook = _openpyxl_workbook(("group", "partner"), ("Leeds Friends", "Nablus council"))
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
        f'<numFmt numFmtId="164" formatCode="{"[" * 200_000}"/></numFmts>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>'
    ).encode()
    slow = _rewrite(workbook, {"xl/styles.xml": styles})
    measured = _check_in_a_subprocess(tmp_path, "styles.xlsx", slow)
    assert measured["outcome"] == "read 1 rows"
    assert measured["seconds"] < 2, measured
