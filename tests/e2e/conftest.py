"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium)."""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TWINNING_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TWINNING_TEST_ARTIFACTS", "test-artifacts"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's synchronous API runs an event loop in this thread; the test's
# own ORM calls (making the cast) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        if os.environ.get("TWINNING_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required but not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    # bypass_csp only lets the test inject axe-core; the pages keep their policy
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-last.png"), full_page=True)
    context.close()


def shot(page, name: str) -> None:
    """Keep a screenshot of a step as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def check_accessibility(page, name: str) -> None:
    """Run axe-core on the page as it is; fail on serious or critical WCAG violations.

    The full report (every violation, whatever its impact) is kept as an artefact.
    """
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {
                type: "tag",
                values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            },
            resultTypes: ["violations"],
        })"""
    )
    violations = result["violations"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}-axe.json").write_text(json.dumps(violations, indent=2))
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in BLOCKING
    ]
    assert not blocking, f"{name}: accessibility violations:\n" + "\n".join(blocking)


def shot_and_check(page, name: str) -> None:
    """A screenshot of the step, then its accessibility check."""
    shot(page, name)
    check_accessibility(page, name)


def ensure_gazetteer() -> None:
    """Earlier tests that commit empty the database, gazetteer included: load it back."""
    from django.core.management import call_command

    from twinning.places.models import Place

    if not Place.objects.exists():
        call_command("places", "load", verbosity=0)
