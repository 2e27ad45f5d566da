"""Knobs for the notebooks: sliders and menus that redraw a picture, with a static fallback.

    from grader.lab.widgets import Choice, Slider, explore

    def draw(width, depth):
        ...                                   # print or plot one setting
    explore(draw, width=Slider(1, 256, 1, 32, "hidden width"), depth=Choice([1, 2, 3], 2))

In JupyterLab (a kernel started for a notebook session) ``explore`` shows one ipywidgets control
per knob and calls ``draw`` again whenever one is released. Run headless (the notebook tests,
nbgrader, ``jupyter nbconvert --execute``), or without ipywidgets, it calls ``draw`` once with the
defaults, so the cell prints or plots that setting and never waits for input.
``COURSE_WIDGETS=1`` or ``=0`` in the environment forces one or the other.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Sequence


@dataclass(frozen=True)
class Slider:
    """A number between ``low`` and ``high`` in steps of ``step``, starting at ``value``."""

    low: float
    high: float
    step: float
    value: float
    label: str = ""

    def __post_init__(self) -> None:
        if not self.low <= self.value <= self.high or self.step <= 0:
            raise ValueError(f"Slider needs low <= value <= high and step > 0, got {self}")


@dataclass(frozen=True)
class Choice:
    """One of ``options``, starting at ``value`` (the first option when None)."""

    options: Sequence[Any]
    value: Any = None
    label: str = ""

    def __post_init__(self) -> None:
        if not self.options:
            raise ValueError("Choice needs at least one option")
        if self.value is not None and self.value not in self.options:
            raise ValueError(f"Choice: {self.value!r} is not one of {list(self.options)!r}")

    @property
    def default(self) -> Any:
        return self.options[0] if self.value is None else self.value


Knob = Slider | Choice


def interactive_frontend() -> bool:
    """Whether someone is looking: a kernel that Jupyter started for a notebook session.

    Jupyter Server gives such kernels ``JPY_SESSION_NAME``; nbclient, nbconvert and nbgrader do not.
    VS Code's notebooks render widgets too (``VSCODE_PID``). ``COURSE_WIDGETS`` overrides both.
    """
    forced = os.environ.get("COURSE_WIDGETS", "").strip().lower()
    if forced in ("1", "true", "yes"):
        return True
    if forced in ("0", "false", "no"):
        return False
    return bool(os.environ.get("JPY_SESSION_NAME") or os.environ.get("VSCODE_PID"))


def defaults(knobs: dict[str, Knob]) -> dict[str, Any]:
    """Each knob's starting value."""
    return {name: knob.value if isinstance(knob, Slider) else knob.default for name, knob in knobs.items()}


def explore(draw: Callable[..., Any], **knobs: Knob) -> Any:
    """Call ``draw(**values)`` for the knobs' settings: live controls, or once with the defaults.

    Args:
        draw: prints or plots one setting; called with one keyword argument per knob.
        **knobs: a ``Slider`` or ``Choice`` per argument of ``draw``.

    Returns:
        the ipywidgets container when controls are shown, else whatever ``draw`` returned.
    """
    for name, knob in knobs.items():
        if not isinstance(knob, (Slider, Choice)):
            raise TypeError(f"explore: knob {name!r} must be a Slider or a Choice, got {type(knob).__name__}")
    if not interactive_frontend():
        return draw(**defaults(knobs))
    try:
        import ipywidgets
    except ImportError:                      # the fallback keeps the notebook running without them
        return draw(**defaults(knobs))
    from IPython.display import display

    controls = {name: _control(ipywidgets, name, knob) for name, knob in knobs.items()}
    shown = ipywidgets.interactive(draw, **controls)
    display(shown)
    return shown


def _control(ipywidgets: Any, name: str, knob: Knob) -> Any:
    label = knob.label or name
    style = {"description_width": "initial"}
    if isinstance(knob, Choice):
        return ipywidgets.Dropdown(options=list(knob.options), value=knob.default, description=label, style=style)
    whole = all(float(v).is_integer() for v in (knob.low, knob.high, knob.step, knob.value))
    kind = ipywidgets.IntSlider if whole else ipywidgets.FloatSlider
    cast = int if whole else float
    return kind(min=cast(knob.low), max=cast(knob.high), step=cast(knob.step), value=cast(knob.value),
                description=label, continuous_update=False, style=style,
                layout=ipywidgets.Layout(width="420px"))
