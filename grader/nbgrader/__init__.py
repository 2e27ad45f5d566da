"""The course as an nbgrader course: build it, and make nbgrader's scores the grader's.

``python -m grader nbgrader build DIR`` writes the course folder (see ``build``); the generated
``nbgrader_config.py`` puts ``preprocessors.GradeExercises`` and ``ApplyGrades`` into nbgrader's
autograde pipeline. Instructor-only: it is never part of the student release.

Names are re-exported lazily, so that ``python -m grader`` can register the ``nbgrader``
command without importing nbformat.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"build_course": "build", "out_of_date": "build", "plan_course": "build", "register": "cli"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
