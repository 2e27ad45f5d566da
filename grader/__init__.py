"""The course's grader. Students use ``check``; instructors use ``python -m grader``."""
from grader.check import check

__all__ = ["check"]
