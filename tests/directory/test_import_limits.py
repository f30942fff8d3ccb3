"""Uploads are read in bounded memory and time, however large or hostile the file.

Each file is built here and read in a subprocess, which prints its peak memory (Linux's
VmHWM). The subprocess may not take more than 1 GB of address space, so that a reader
that regresses fails the test, not the machine.
"""

import json
import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import client_for
from twinning.core.models import AuditEntry
from twinning.directory import importing
from twinning.directory.models import ImportBatch

pytestmark = pytest.mark.django_db

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
