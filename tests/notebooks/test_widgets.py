"""grader/lab/widgets.py: live controls where someone is looking, one default drawing otherwise."""
from __future__ import annotations

import pytest

from grader.lab import widgets
from grader.lab.widgets import Choice, Slider, explore
from prereq import require


def test_headless_draws_once_with_the_defaults(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv("VSCODE_PID", raising=False)
    monkeypatch.delenv("COURSE_WIDGETS", raising=False)
    calls = []
    result = explore(lambda width, depth: calls.append((width, depth)) or "drawn",
                     width=Slider(1, 256, 1, 32), depth=Choice([1, 2, 3], 2))
    assert calls == [(32, 2)] and result == "drawn"


def test_a_choice_without_a_value_starts_at_its_first_option(monkeypatch):
    monkeypatch.setenv("COURSE_WIDGETS", "0")
    assert explore(lambda kind: kind, kind=Choice(["relu", "tanh"])) == "relu"


def test_a_notebook_session_kernel_counts_as_interactive_unless_forced_off(monkeypatch):
    monkeypatch.delenv("COURSE_WIDGETS", raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", "/course/notebooks/01_tensors.ipynb")
    assert widgets.interactive_frontend()
    monkeypatch.setenv("COURSE_WIDGETS", "0")
    assert not widgets.interactive_frontend()


def test_interactive_builds_one_control_per_knob_at_its_default(monkeypatch):
    try:
        import ipywidgets
    except ImportError:
        ipywidgets = None
    require(ipywidgets is not None, "ipywidgets is pinned in pyproject.toml but not installed")
    monkeypatch.setenv("COURSE_WIDGETS", "1")
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: None)
    calls = []
    shown = explore(lambda rate, kind: calls.append((rate, kind)),
                    rate=Slider(0.0, 1.0, 0.05, 0.5, "rate"), kind=Choice(["a", "b"], "b"))
    values = {child.description: child.value for child in shown.children if hasattr(child, "value")}
    assert values == {"rate": 0.5, "kind": "b"}
    assert calls and calls[-1] == (0.5, "b")            # interactive draws the first setting itself
    assert isinstance(shown.children[0], ipywidgets.FloatSlider)


@pytest.mark.parametrize("bad", [lambda: Slider(0, 1, 0.1, 2), lambda: Slider(0, 1, 0, 0.5),
                                 lambda: Choice([]), lambda: Choice([1, 2], 3)])
def test_impossible_knobs_are_refused(bad):
    with pytest.raises(ValueError):
        bad()


def test_a_knob_that_is_not_a_slider_or_choice_is_refused(monkeypatch):
    monkeypatch.setenv("COURSE_WIDGETS", "0")
    with pytest.raises(TypeError, match="width"):
        explore(lambda width: None, width=32)
