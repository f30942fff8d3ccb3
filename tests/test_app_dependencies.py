"""Each app names only the apps it may use, as the table in docs/architecture.md says.

"Naming" an app is anything that would break if it were taken away: importing its modules,
reversing its URLs, including or extending its templates, loading its template tags, asking
its permissions (`perms.x.y`, "x.change_y") or naming its models ("x.Model"). The shared
pages reach the apps above them only through what those apps register
(`core.contributions`). The project-level modules (settings, URLs, the API, the permission
table, the menu) may name every app.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "twinning"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def allowed_uses() -> dict[str, set[str]]:
    """The apps table of docs/architecture.md: app → the apps it may use."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    table = text.split("## Apps", 1)[1].split("\n\n", 2)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    uses = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        app = cells[0].strip("`")
        uses[app] = set(re.findall(r"`([a-z_]+)`", cells[-1]))
    return uses


APPS = allowed_uses()
TAG_LIBRARIES = {
    path.stem: path.parent.parent.name for path in SOURCE.glob("*/templatetags/*_tags.py")
}


def _python_names(text: str) -> set[str]:
    apps = "|".join(APPS)
    patterns = [
        rf"\btwinning\.({apps})\b",  # an import or a dotted path
        rf"[\"']({apps}):[a-z_]+[\"']",  # a URL name
        rf"[\"']({apps})/[\w./-]+\.html[\"']",  # a template
        rf"[\"']({apps})\.[A-Za-z_]+[\"']",  # a permission or a model label
    ]
    return {match for pattern in patterns for match in re.findall(pattern, text)}


def _template_names(text: str) -> set[str]:
    apps = "|".join(APPS)
    names = set(re.findall(rf"{{%\s*url\s+[\"']({apps}):", text))
    names |= set(re.findall(rf"{{%\s*(?:include|extends)\s+[\"']({apps})/", text))
    names |= set(re.findall(rf"\bperms\.({apps})\.", text))
    for libraries in re.findall(r"{%\s*load\s+([^%]+)%}", text):
        names |= {TAG_LIBRARIES[lib] for lib in libraries.split() if lib in TAG_LIBRARIES}
    return names


def app_files(app: str):
    for path in sorted((SOURCE / app).rglob("*")):
        if "migrations" in path.parts or "locale" in path.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            yield path, _python_names(path.read_text(encoding="utf-8"))
        elif path.suffix in (".html", ".txt"):
            yield path, _template_names(path.read_text(encoding="utf-8"))


def test_the_architecture_table_names_every_app_and_only_apps_that_exist():
    on_disk = {path.parent.name for path in SOURCE.glob("*/apps.py")}
    assert set(APPS) == on_disk
    for app, uses in APPS.items():
        assert uses <= on_disk, f"{app} may use an app that does not exist: {uses - on_disk}"
        assert app not in uses


@pytest.mark.parametrize("app", sorted(APPS))
def test_an_app_names_no_app_it_may_not_use(app):
    wrong = [
        f"{path.relative_to(ROOT)} names {', '.join(sorted(names - APPS[app] - {app}))}"
        for path, names in app_files(app)
        if names - APPS[app] - {app}
    ]
    assert not wrong, "\n".join(wrong)


def test_the_apps_may_use_each_other_in_one_direction_only():
    for app, uses in APPS.items():
        for other in uses:
            assert app not in APPS[other], f"{app} and {other} may each use the other"


def test_the_check_finds_an_app_named_where_it_may_not_be(tmp_path):
    """The check itself: each way of naming an app is seen."""
    python = (
        "from twinning.activities.services import quiet_links\n"
        'reverse("matching:board")\n'
        'render(request, "formation/checklist.html")\n'
        'user.has_perm("activities.view_activities", group)\n'
    )
    assert _python_names(python) == {"activities", "matching", "formation"}
    template = (
        "{% load i18n core_tags activities_tags %}"
        "{% url 'matching:board' %}"
        '{% include "formation/_nearby.html" %}'
        "{% if perms.places.manage_places %}"
    )
    assert _template_names(template) == {"core", "activities", "matching", "formation", "places"}
