"""Each chapter notebook runs clean in JupyterLab, and its knobs are live: moving one redraws.

One JupyterLab server serves a course copy whose exercises/ are the references; headless Chromium
runs each chapter notebook with "Run All Cells" (its only browser run: no error or stderr output,
every plot rendered, every check "passed all"). grader/lab/widgets.py must then show real
ipywidgets controls (the kernel belongs to a notebook session), not its headless fallback. The
test moves the chapter's first slider with the keyboard (focus on the noUiSlider handle, then
arrow keys, as a student would) or, where a chapter has no slider, picks another option of its
first menu, and waits until the figure or text the control drives is different. The widget
before and after goes to ci-artifacts/screenshots/widgets_<chapter>_{before,after}.png, and the
whole notebook of chapters 03, 05 and 08 to <chapter>-references.png.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from helpers import ROOT, course_copy
from lab_driver import run_all_cells, screenshot_whole_notebook, start_lab, stop_lab
from prereq import require
from test_notebooks_in_jupyterlab import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    assert_runs_clean_against_the_references,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
WHOLE = ("03_", "05_", "08_")          # chapters whose whole notebook is kept as a screenshot
VIEWPORT = {"width": 1400, "height": 900}
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
ARROWS = 1     # one step: each key press is a redraw, and one redraw has one end to wait for

# What a control drives, as the page shows it: every image's src, every canvas's pixels, and the
# text of the interact's output area (never the controls' own labels or readouts).
DRIVEN_JS = """(interact) => {
  const out = interact.querySelector('.widget-output') || interact;
  const images = Array.from(out.querySelectorAll('img')).filter(i => i.complete && i.naturalWidth > 0);
  const canvases = Array.from(out.querySelectorAll('canvas')).map(c => c.toDataURL());
  return {images: images.map(i => i.src), canvases, text: out.innerText.trim()};
}"""


@pytest.fixture(scope="module")
def browser():
    require(Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM} "
            "(apt-get install -y chromium chromium-driver)")
    require(importlib.util.find_spec("playwright") is not None, "the playwright package is not installed")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One JupyterLab for every chapter, serving a course copy with the references."""
    base = tmp_path_factory.mktemp("lab-widgets")
    course = course_copy(base / "course", "solutions")
    (base / "state").mkdir()
    lab = start_lab(course, base / "state")
    yield lab
    stop_lab(lab)


def is_drawn(driven: dict) -> bool:
    """Whether the output shows a finished drawing: an image, a canvas or some text."""
    return bool(driven["images"] or driven["canvases"] or driven["text"])


def move(interact, page) -> tuple[str, str, str]:
    """Move the interact's first slider (or, without one, its first menu); (control, old, new)."""
    sliders = interact.locator(".widget-slider")
    if sliders.count():
        slider = sliders.first
        readout = slider.locator(".widget-readout")
        old = readout.inner_text().strip()
        handle = slider.locator(".noUi-handle").first
        handle.focus()
        for _ in range(ARROWS):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        label = slider.locator(".widget-label").first.inner_text().strip()
        return f"slider {label!r}", old, readout.inner_text().strip()
    menus = interact.locator(".widget-dropdown")
    assert menus.count(), "the interact shows neither a slider nor a menu"
    select = menus.first.locator("select")
    old = select.evaluate("s => s.options[s.selectedIndex].text")
    select.select_option(index=(select.evaluate("s => s.selectedIndex") + 1) % select.locator("option").count())
    label = menus.first.locator(".widget-label").first.inner_text().strip()
    return f"menu {label!r}", old, select.evaluate("s => s.options[s.selectedIndex].text")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab_and_its_knob_redraws_what_it_drives(browser, server, name):
    stem = Path(name).stem
    page = browser.new_page(viewport=VIEWPORT)
    try:
        cells = run_all_cells(page, server, f"notebooks/{name}")
        assert_runs_clean_against_the_references(name, cells)
        if stem.startswith(WHOLE):
            screenshot_whole_notebook(page, SCREENSHOTS / f"{stem}-references.png")
            page.set_viewport_size(VIEWPORT)
        interacts = page.locator(f"{PANEL} .widget-interact")
        interacts.first.wait_for(state="attached", timeout=60_000)   # widget views render after the run
        interact = interacts.first
        cell = interact.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jp-CodeCell ')][1]")
        assert cell.locator(".widget-interact").count() == 1, \
            f"{name}: the knobs are shown twice (a returned widget is displayed again as Out[n])"
        interact.scroll_into_view_if_needed()
        page.wait_for_function(f"(js) => {{ const el = document.querySelector('{PANEL} .widget-interact');"
                               f" const d = eval(js)(el); return d.images.length || d.canvases.length || d.text; }}",
                               arg=DRIVEN_JS, timeout=60_000)
        before = interact.evaluate(DRIVEN_JS)
        interact.screenshot(path=str(SCREENSHOTS / f"widgets_{stem}_before.png"))

        control, old, new = move(interact, page)
        assert new != old, f"{name}: the {control} did not move ({old!r} -> {new!r})"
        # done when the output differs and is whole again (as many images as before, all loaded);
        # the redraw clears the old output first, so a half-drawn state must not count
        changed_js = ("([js, before]) => { const el = document.querySelector('" + PANEL + " .widget-interact');"
                      " const d = eval(js)(el); const drawn = d.images.length || d.canvases.length || d.text;"
                      " return (drawn && d.images.length >= before.images.length"
                      " && JSON.stringify(d) !== JSON.stringify(before)) ? d : null; }")
        after = page.wait_for_function(changed_js, arg=[DRIVEN_JS, before], timeout=90_000,
                                       polling=250).json_value()
        page.wait_for_timeout(800)   # a loaded image can still be unpainted: seen as a blank figure
        interact.screenshot(path=str(SCREENSHOTS / f"widgets_{stem}_after.png"))
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"widgets_{stem}-FAILED.png"), full_page=True)
        raise
    finally:
        page.close()
        server.shutdown_kernels()
    assert is_drawn(after) and after != before, f"{name}: moving the {control} changed nothing it drives"
    if before["images"]:
        assert after["images"] and after["images"] != before["images"], \
            f"{name}: the {control} moved ({old} -> {new}) but its figure stayed the same"
