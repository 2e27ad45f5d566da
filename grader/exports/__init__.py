"""Results in other systems' formats: Gradescope, JUnit XML (the gradebook CSV is in batch.py)."""
from grader.exports.gradescope import gradescope_results
from grader.exports.junit import junit_xml

__all__ = ["gradescope_results", "junit_xml"]
