"""Roles are tested, and requests refused, only in the access modules and the permission table.

Who may do what is written once in `twinning/permissions.py`; each app's `access.py` asks it
and refuses through `core.access` (`may`, `require`, `refuse`, `permission_required`). Views,
services, forms, template tags, API modules and signals call those functions and test no role
themselves: a check written anywhere else is a check the route × role matrix may not see.

These tests read the source (every `.py` file under src/twinning but migrations, the
`access.py` modules and the permission table) and list, file:line, each line that asks the
permission table, reads or names a role field, or refuses by itself. Lines that only declare
or write the role fields are allowed below, one file and one pattern at a time.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "twinning"

ROLE = r"is_(?:coordinator|advisor|staff|superuser)"

ROLE_TESTS = {
    "asks the permission table": re.compile(r"\.has_perms?\("),
    "reads a role": re.compile(rf"\.{ROLE}\b"),
    # a role field by name: getattr(user, "is_staff"), .filter(is_coordinator=True), fields
    "names a role field": re.compile(rf"""["']{ROLE}["']|\b{ROLE}\s*=(?!=)"""),
}
REFUSALS = {
    # raised, caught or handled: whichever way, deciding a refusal is the access modules' job
    "refuses by itself": re.compile(r"\bPermissionDenied\b"),
    "answers not found by itself": re.compile(r"\braise\s+(?:[\w.]+\.)?Http404\b"),
}

# (file under src/twinning, pattern of the line, why it is no role test)
ALLOWED = [
    (
        "accounts/models.py",
        rf"^\s*{ROLE} = models\.BooleanField\($",
        "declares the role fields",
    ),
    (
        "accounts/models.py",
        rf'^\s*extra\.setdefault\("{ROLE}", (?:True|False)\)$',
        "create_user and create_superuser: the roles a new account starts with",
    ),
    (
        "accounts/models.py",
        r"^\s*if self\.is_(?:advisor|coordinator):$",
        "role_names: the person's own roles in words (profile, API, data download)",
    ),
    (
        "accounts/admin.py",
        r'^\s*(?:list_display = \[|list_filter = \[|\{"fields": \[")',
        "the technical administrators' admin lists, filters and edits the fields",
    ),
    (
        "accounts/forms.py",
        r'^\s*fields = \["is_coordinator", "is_advisor"\]$',
        "the roles form's fields",
    ),
    (
        "accounts/models.py",
        r"return self\.filter\(is_coordinator=True, is_active=True\)",
        "User.objects.coordinators(): whom to write to, not a test of who asks",
    ),
    (
        "accounts/services.py",
        r'^\s*(?:before = \{"coordinator": user\.is_coordinator, "advisor": user\.is_advisor\}'
        r"|user\.(is_coordinator|is_advisor) = \1"
        r'|user\.save\(update_fields=\["is_coordinator", "is_advisor"\]\))$',
        "user_set_roles writes the roles (and keeps what they were, for the audit)",
    ),
    (
        "accounts/demo.py",
        r'^\s*"is_(coordinator|advisor)": \1,$',
        "the demo's people are made with their roles",
    ),
    (
        "api.py",
        r"^@api\.exception_handler\(PermissionDenied\)$",
        "turns an access function's refusal into the API's 403 answer",
    ),
    (
        "formation/views.py",
        r"^\s*raise Http404 from None  # withdrawn or expired meanwhile$",
        "confirming: the registration was erased between the page and the button; it is "
        "gone, nobody is refused",
    ),
]


def _modules() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and path.name != "access.py"
        and path != SRC / "permissions.py"
    )


def _lines(path: Path) -> dict[int, tuple[str, str]]:
    """The module's lines, each as its code (without the comment) and as written, leaving
    out import statements (naming PermissionDenied to import it decides nothing)."""
    source = path.read_text(encoding="utf-8")
    written = source.splitlines()
    code = list(written)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            code[row - 1] = code[row - 1][:column].rstrip()
    imports = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.update(range(node.lineno, node.end_lineno + 1))
    return {
        n: (code[n - 1], written[n - 1]) for n in range(1, len(written) + 1) if n not in imports
    }


def _allowed(relative: str, line: str, used: set[int]) -> bool:
    """Whether the line as written (its comment too) is one ALLOWED names; notes which."""
    for index, (file, pattern, _why) in enumerate(ALLOWED):
        if file == relative and re.search(pattern, line):
            used.add(index)
            return True
    return False


def _findings(checks: dict[str, re.Pattern], used: set[int]) -> list[str]:
    found = []
    for path in _modules():
        relative = path.relative_to(SRC).as_posix()
        for number, (code, written) in _lines(path).items():
            reasons = [reason for reason, check in checks.items() if check.search(code)]
            if reasons and not _allowed(relative, written, used):
                found.append(
                    f"src/twinning/{relative}:{number}: {', '.join(reasons)}: {written.strip()}"
                )
    return found


def test_no_role_is_tested_outside_the_access_modules_and_the_permission_table() -> None:
    found = _findings(ROLE_TESTS, set())
    assert not found, (
        "Test roles in the app's access.py (a named function) or in twinning/permissions.py, "
        "and call that here:\n" + "\n".join(found)
    )


def test_only_access_modules_refuse_or_answer_not_found() -> None:
    found = _findings(REFUSALS, set())
    assert not found, (
        "Refuse through an access function (core.access: require, refuse, "
        "permission_required), not by raising here:\n" + "\n".join(found)
    )


def test_every_allowed_line_is_still_there() -> None:
    used: set[int] = set()
    _findings(ROLE_TESTS | REFUSALS, used)
    stale = [f"{file}: {why}" for index, (file, _p, why) in enumerate(ALLOWED) if index not in used]
    assert not stale, "Remove these from ALLOWED, nothing matches them:\n" + "\n".join(stale)


def test_the_checks_see_a_role_tested_in_a_view() -> None:
    """The patterns catch the checks this file exists to keep out (and pass what they must)."""
    caught = {
        'if not request.user.has_perm("core.view_audit"):': "asks the permission table",
        "receiving = request.user.is_coordinator or organiser": "reads a role",
        'if getattr(user, "is_staff", False):': "names a role field",
        "User.objects.filter(pk=user.pk, is_superuser=True).exists()": "names a role field",
        "raise PermissionDenied  # not theirs": "refuses by itself",
        "except exceptions.PermissionDenied:": "refuses by itself",
        "raise Http404": "answers not found by itself",
    }
    for line, reason in caught.items():
        assert (ROLE_TESTS | REFUSALS)[reason].search(line), line
    passed = ["if is_coordinator(user):", "if user.is_authenticated:", "refuse(request.user)"]
    for line in passed:
        assert not any(check.search(line) for check in (ROLE_TESTS | REFUSALS).values()), line
