"""The course's grader. Students use ``check``, ``attempt`` and ``progress``; instructors use ``python -m grader``."""
from grader.check import attempt, check
from grader.progress import progress

__all__ = ["attempt", "check", "progress"]
