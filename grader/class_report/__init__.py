"""The class report: what a class got wrong, at a glance (``python -m grader report``).

- ``load``: read the ``result.json`` files of a batch or of nbgrader;
- ``stats``: score distributions, completion, item difficulty and discrimination;
- ``mistakes``: the grader's named findings grouped and counted per exercise;
- ``students``: each student's section, and who may need help;
- ``data``: all of it as one plain dictionary; ``export``: JSON and CSV; ``html``, ``svg``: the page.
"""
from grader.class_report.command import register, write_report
from grader.class_report.data import build
from grader.class_report.load import load

__all__ = ["build", "load", "register", "write_report"]
