"""The ``nbgrader_config.py`` of the built course.

Order constraints of the autograde pipeline (nbgrader runs them in this order, per notebook):

1. ``GradeExercises`` first: it grades the submitted ``exercises/<topic>.py`` with the course's
   isolated grader (references here, student code in sandboxed worker processes) before
   ``Execute`` starts the student's kernel, so nothing that kernel does can change what is graded.
2. nbgrader's ``Execute`` .. ``LimitOutput``: run the notebook for its outputs (plots, prints).
3. ``ApplyGrades`` after them and before ``SaveAutoGrades``: it replaces every grade cell's
   outputs with our verdict and the score as the cell's result (nbgrader's partial credit), so
   the score nbgrader saves is ours, whatever the kernel printed; it also undoes any change the
   kernel made to this submission's rows of the gradebook, and writes the grader's result to
   ``class_results/<student>/<assignment>/result.json`` (read by ``python -m grader report``).
"""
from __future__ import annotations

import json

TEMPLATE = '''\
"""nbgrader configuration of the PyTorch course: written by `python -m grader nbgrader build`.

Do not edit: rebuild instead (the build overwrites this file and source/). Scores come from the
course's isolated grader, run on each submission's exercises/<topic>.py; see
grader/nbgrader/config.py in the course repository for the pipeline and its order.
"""
import sys

# The course repository: solutions/ and the hidden cases live there, and nbgrader imports the
# grader from it. Students never see it.
COURSE_REPOSITORY = {repo}
if COURSE_REPOSITORY not in sys.path:
    sys.path.insert(0, COURSE_REPOSITORY)

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearHiddenTests,
                                    Execute, GetGrades, IgnorePattern, LimitOutput, SaveAutoGrades)

from grader.nbgrader.preprocessors import ApplyGrades, GradeExercises

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = {course_id}

# Students edit these files: autograde must grade theirs, not overwrite them with the stubs.
c.Autograde.exclude_overwriting = {exclude}

c.Autograde.autograde_preprocessors = [
    GradeExercises,            # the isolated grader, before any student code runs in a kernel
    Execute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    ApplyGrades,               # grade cells show our verdict; their score is ours
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
c.GradeExercises.timeout = {timeout}        # seconds per case in the grading worker
# Each student's full result, per assignment, for `python -m grader report class_results`.
c.ApplyGrades.results_dir = "class_results"
c.Execute.timeout = 120                       # seconds per notebook cell
c.OverwriteCells.add_missing_cells = True     # a deleted grade cell comes back (and is graded)

# Feedback shows each grade cell's verdict; never a hidden-test region of a cell.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]

# Your own settings (exchange, zip_collect, late penalties, ...) go in nbgrader_config_local.py
# beside this file: rebuilding never touches it. It is read last, so it can override the above.
load_subconfig("nbgrader_config_local.py")  # noqa: F821 - provided by nbgrader
'''


def config_text(*, repository: str, course_id: str, exclude: dict[str, list[str]],
                timeout: float = 10.0) -> str:
    """The text of ``nbgrader_config.py``.

    Args:
        repository: absolute path of the course repository (holds solutions/ and grader/).
        course_id: nbgrader's course id (the exchange and the gradebook use it).
        exclude: per assignment, the files students edit (``exercises/<topic>.py``).
        timeout: seconds each case may run in the worker.
    """
    exclude_text = json.dumps(exclude, indent=4, sort_keys=True)   # also a Python literal
    return TEMPLATE.format(repo=repr(repository), course_id=repr(course_id),
                           exclude=exclude_text, timeout=float(timeout))
