"""The sandbox page in a real browser: Debian's chromium driven by Playwright (no browser
download), on a phone-sized screen. Screenshots go to tests/artifacts/browser/ (not in git).

Without /usr/bin/chromium (or INTERVISIE_CHROMIUM) the tests fail with what to install when
CI=true, and are skipped with a warning that says so otherwise.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox.runner import Options, Sandbox

CHROMIUM = Path(os.environ.get("INTERVISIE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
PHONE = {"width": 390, "height": 844}
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]


def _missing(what: str) -> None:
    message = (f"the browser tests need {what}: apt-get install -y chromium, and "
               "pip install -e '.[test]' (Playwright drives the system browser, no download)")
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    warnings.warn(f"SKIPPED browser tests: {message}", stacklevel=1)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"a chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    running = Sandbox(Options(host="127.0.0.1", port=0, database=tmp_path / "sandbox.db",
                              reset=True)).start()
    yield running
    running.stop()


@pytest.fixture
def page(browser, sandbox):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="nl-NL",
                                  timezone_id="Europe/Amsterdam")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(sandbox.url)
    yield page
    context.close()


@pytest.fixture
def shots(request):
    """shots("name") saves a screenshot of the page as tests/artifacts/browser/<test>/NN-name."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    count = iter(range(1, 100))

    def take(page, name: str, **options) -> Path:
        path = folder / f"{next(count):02d}-{name}.png"
        page.screenshot(path=str(path), **options)
        return path

    return take
