"""JUnit XML for CI systems: a test suite per submission, a test case per exercise."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from grader import shown
from grader.escape import xml_text
from grader.outcomes import Status, SubmissionResult

_ERRORS = {Status.ERROR, Status.TIMEOUT, Status.MEMORY, Status.CRASHED, Status.GRADER_FAULT}


def junit_xml(results: list[SubmissionResult]) -> str:
    suites = ET.Element("testsuites", name="course-grader")
    for result in results:
        failures = sum(e.status in (Status.FAILED, Status.NOT_ATTEMPTED) for e in result.exercises)
        errors = sum(e.status in _ERRORS for e in result.exercises)
        suite = ET.SubElement(suites, "testsuite", name=xml_text(result.submission), tests=str(len(result.exercises)),
                              failures=str(failures), errors=str(errors), time=f"{result.seconds:.3f}")
        for e in result.exercises:
            case = ET.SubElement(suite, "testcase", classname=xml_text(result.submission), name=e.id)
            ET.SubElement(case, "properties").extend([
                ET.Element("property", name="score", value=f"{e.score:g}"),
                ET.Element("property", name="max_score", value=f"{e.max_score:g}")])
            if e.status == Status.PASSED:
                continue
            tag = "error" if e.status in _ERRORS else "failure"
            messages = shown.failures(e)
            element = ET.SubElement(case, tag, type=e.status.value,
                                    message=xml_text(shown.first_line(e))[:500])
            element.text = xml_text("\n\n".join(messages))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
