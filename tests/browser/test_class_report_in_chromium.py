"""The class report opens from disk in headless Chromium and shows its figures and mistakes.

The report is written from a made-up class (tests/class_results.py) by ``python -m grader report``;
Chromium opens the file (no server, no network), a screenshot goes to
ci-artifacts/screenshots/class_report.png, and the page is read as a person would see it.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from class_results import EXERCISES, small_class
from grader import cli, report
from helpers import ROOT
from prereq import require

pytestmark = [pytest.mark.browser]

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = ROOT / "ci-artifacts" / "screenshots" / "class_report.png"
HOSTILE = "=HYPERLINK(1)<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def page_of_report(tmp_path_factory):
    require(Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM} "
            "(apt-get install -y chromium chromium-driver)")
    require(importlib.util.find_spec("playwright") is not None, "the playwright package is not installed")
    from playwright.sync_api import sync_playwright
    folder = tmp_path_factory.mktemp("report")
    for result in small_class(HOSTILE):
        report.write(result, folder / "results")
    assert cli.main(["report", str(folder / "results"), "--out", str(folder / "class_report.html")]) == 0
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = chromium.new_page(viewport={"width": 1300, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto((folder / "class_report.html").as_uri())
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        yield page, errors, requests
        chromium.close()


def test_the_histograms_are_drawn_and_visible(page_of_report):
    page, errors, _ = page_of_report
    total = page.locator("#hist-total")
    assert total.is_visible()
    box = total.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    assert page.locator("#hist-total rect.bar").count() == 10
    heights = [float(h) for h in page.locator("#hist-total rect.bar").evaluate_all(
        "bars => bars.map(b => b.getAttribute('height'))")]
    assert sum(h > 0 for h in heights) >= 2          # more than one score band is occupied
    assert page.locator("svg.histogram").count() == 3    # total and two chapters
    assert not errors


def test_the_top_mistake_is_shown_first_with_its_count(page_of_report):
    page, _, _ = page_of_report
    first = page.locator("#ex-tensors\\.grid li.mistake").first
    assert first.is_visible()
    text = first.inner_text()
    assert EXERCISES["tensors.grid"] in text and "5 students" in text


def test_a_hostile_name_is_shown_as_text_and_the_page_loads_nothing(page_of_report):
    page, errors, requests = page_of_report
    assert page.locator("img").count() == 0
    assert HOSTILE in page.locator("body").inner_text()
    assert [r for r in requests if not r.startswith("file:")] == []
    assert not errors
