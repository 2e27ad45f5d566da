"""Fixtures shared by every test: one grading zygote per session."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


@pytest.fixture(scope="session")
def zygote():
    from grader.worker.pool import Zygote
    z = Zygote()
    yield z
    z.close()
