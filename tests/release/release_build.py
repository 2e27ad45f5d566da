"""One student release per test session, built as `python -m grader release` builds it, shared by
the release tests (each declares a ``release`` fixture that returns this one)."""
from __future__ import annotations

import pytest

from grader.release import Release, build

_BUILT: dict[str, Release] = {}


def built_release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    if "release" not in _BUILT:
        _BUILT["release"] = build(tmp_path_factory.mktemp("release") / "student")
    return _BUILT["release"]
