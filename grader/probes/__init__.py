"""Probes: how each kind of exercise is called and observed.

The registry and the probes every chapter uses live here; each chapter registers its own in
``grader/chapters/<topic>/probes.py``.
"""
from grader.probes.registry import PROBES, probe
from grader.probes import common as _common  # noqa: F401 - registers the shared probes
from grader.chapters import load_probes as _load_probes

_load_probes()

__all__ = ["PROBES", "probe"]
