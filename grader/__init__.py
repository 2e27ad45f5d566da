"""The course's grader. Students use ``check`` (and ``attempt``); instructors use ``python -m grader``."""
from grader.check import attempt, check

__all__ = ["attempt", "check"]
