"""nbgrader preprocessors that make the scores nbgrader records the course grader's.

nbgrader's own autograding runs each grade cell in the student's kernel and scores it by its
output: a cell that prints nothing earns full marks, one whose result is a number earns that
number. A student's earlier cell can replace ``check``, ``assert`` or ``torch.allclose`` there.
So the course scores elsewhere:

- ``GradeExercises`` (before ``Execute``) grades the submitted ``exercises/<topic>.py`` with the
  course's grader: expected results from solutions/ in this process, student code in sandboxed
  worker processes that cannot see the course folder or the gradebook.
- ``ApplyGrades`` (after ``Execute`` and ``LimitOutput``, before ``SaveAutoGrades``) replaces
  each grade cell's outputs with the verdict and the score, which ``SaveAutoGrades`` records,
  and writes the grader's whole result to ``<course>/<results_dir>/<student>/<assignment>/result.json``
  for the class report (``python -m grader report <course>/class_results``). It writes after
  ``Execute``, so nothing the student's kernel did to that file survives.

See grader/nbgrader/config.py for their place in the pipeline.
"""
from __future__ import annotations

from pathlib import Path

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float, Unicode

from grader.nbgrader import guard
from grader.nbgrader.feedback import grade_outputs
from grader.nbgrader.notebook import grade_cells
from grader.outcomes import SubmissionResult

KEY = "course_grader"     # where GradeExercises leaves its results for ApplyGrades


def _ids(resources: ResourcesDict) -> tuple[str, str]:
    """The gradebook's URL and the student's id, as nbgrader passes them."""
    return resources["nbgrader"]["db_url"], resources["nbgrader"]["student"]


class GradeExercises(NbGraderPreprocessor):
    """Grade the submission's exercise modules in the isolated grader; keep the results."""

    timeout = Float(10.0, help="Seconds each case may run in the grading worker.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        folder = Path(resources["metadata"]["path"]).resolve()   # autograded/<student>/<assignment>
        db_url, student = _ids(resources)
        exercises = [exercise for exercise, _cell in grade_cells(nb)]
        from grader import hidden   # imports torch: only when autograding
        known = set(hidden.available_topics())
        topics = sorted({e.split(".")[0] for e in exercises} & known)
        results, submission = {}, None
        if topics:
            from grader.nbgrader.grading import grade_folder
            root = CourseDirectory(config=self.config).root
            self.log.info("Grading %s's exercises (%s) in the course's isolated grader",
                          student, ", ".join(topics))
            graded, note = grade_folder(folder, topics, name=student, hide=[root], timeout=self.timeout)
            if note:
                self.log.warning("Grading sandbox unavailable (%s): student code runs in a separate "
                                 "process with resource limits only", note)
            results = {e.id: e for e in graded.exercises}
            submission = graded
        resources[KEY] = {"results": results, "submission": submission, "gradebook": guard.snapshot(db_url)}
        return nb, resources


def safe_part(name: str) -> bool:
    """A student or assignment id that names one folder (no separator, not hidden, not ``..``)."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".") and "\0" not in name


class ApplyGrades(NbGraderPreprocessor):
    """Give every grade cell our verdict as output and our score as its result."""

    results_dir = Unicode("class_results", help="Folder (relative to the course root) where each "
                          "student's result.json is written for the class report; empty: none.").tag(config=True)

    def write_result(self, result: SubmissionResult, student: str, assignment: str) -> Path | None:
        """``<root>/<results_dir>/<student>/<assignment>/result.json``, written atomically."""
        if not self.results_dir:
            return None
        if not (safe_part(student) and safe_part(assignment)):
            self.log.warning("Not writing result.json for student %r, assignment %r: not a plain folder name",
                             student, assignment)
            return None
        import json

        from grader.report import write_atomic
        root = Path(CourseDirectory(config=self.config).root)
        path = root / self.results_dir / student / assignment / "result.json"
        write_atomic(path, json.dumps(result.to_json(), indent=1))
        return path

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        if KEY not in resources:
            raise RuntimeError("ApplyGrades needs GradeExercises earlier in "
                               "c.Autograde.autograde_preprocessors (see nbgrader_config.py)")
        db_url, student = _ids(resources)
        restored = guard.restore(db_url, resources[KEY]["gradebook"])
        if restored:
            self.log.warning("%s's notebook changed the gradebook while it ran (%s): restored",
                             student, ", ".join(restored[:10]))
        results = resources[KEY]["results"]
        for exercise, cell in grade_cells(nb):
            result = results.get(exercise)
            if result is None:
                self.log.warning("Grade cell %s names no exercise this course grades; "
                                 "nbgrader scores it from its output", exercise)
                continue
            points = float(cell.metadata["nbgrader"]["points"])
            if abs(points - result.max_score) > 1e-9:
                self.log.warning("%s is worth %g points in the notebook but %g in the cases: "
                                 "rebuild the course (python -m grader nbgrader build)",
                                 exercise, points, result.max_score)
            cell.outputs, _score = grade_outputs(result, points)
        submission = resources[KEY].get("submission")
        if submission is not None:
            self.write_result(submission, student, resources["nbgrader"]["assignment"])
        return nb, resources
