"""Every string a person can read is translated into Arabic, and the compiled file is current."""

import shutil
import subprocess
from pathlib import Path

import pytest

import twinning

PACKAGE = Path(twinning.__file__).parent
PO = PACKAGE / "locale" / "ar" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="gettext is not installed (.ci/run installs it)"
)


def _msgids(po_file: Path) -> set[str]:
    result = subprocess.run(
        ["msgattrib", "--no-obsolete", "--no-wrap", "--no-location", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        line[len('msgid "') : -1]
        for line in result.stdout.splitlines()
        if line.startswith('msgid "') and line != 'msgid ""'
    }


def test_every_string_in_the_code_is_in_the_arabic_catalogue(tmp_path) -> None:
    copy = tmp_path / "twinning"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        ["django-admin", "makemessages", "-l", "ar", "--ignore", "migrations/*", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        check=True,
    )
    missing = _msgids(copy / "locale/ar/LC_MESSAGES/django.po") - _msgids(PO)
    assert not missing, "Run makemessages and translate:\n" + "\n".join(sorted(missing))


def test_every_arabic_translation_is_filled_in_and_none_is_fuzzy() -> None:
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "msgid" not in untranslated, untranslated
    assert "msgid" not in fuzzy, fuzzy


def test_the_compiled_arabic_catalogue_matches_the_translations(tmp_path) -> None:
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(PO)],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "django.mo").read_bytes() == MO.read_bytes(), (
        "Compile it: msgfmt -o locale/ar/LC_MESSAGES/django.mo locale/ar/LC_MESSAGES/django.po"
    )
