"""The functions you implement, one file per chapter. Check one with ``from grader import check``."""
