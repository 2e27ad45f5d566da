"""The static policy over whole submitted files (read, never run), decided in the trusted process.

- ``leaves``: which public function a private or op-level name reaches (``torch._softmax``).
- ``aliases``: names resolved through imports, aliases and assignments.
- ``refusals``: constructs no graded file may contain, and why.
- ``file_scan``: what a scan records; ``ast_scan``: one pass over a file, per top-level owner.
- ``decide``: the verdict for one exercise over everything it reaches.

What it guarantees: a graded file that names a forbidden function of an exercise (under any
spelling that resolves statically: aliases, imports, helpers, default arguments, decorators,
private and op-level entry points, another exercise file it imports) loses that exercise, and a
file with dynamic code, lookups by computed names on modules or classes, frames, module tables,
other programs, unpickling, imports of the grader or references, or assignments to library
attributes loses every exercise it concerns; the message names the line.

What it does not: it does not read values built at run time. A name computed from data and
looked up on an object the function holds (``getattr(x, name)`` with ``x`` a tensor) is allowed,
and so are library functions that call a forbidden one for the student (none is known in the
course). The worker's guards stop such calls to the forbidden torch functions, as a second line.
"""
from grader.policy.decide import refusal, sources_beside

__all__ = ["refusal", "sources_beside"]
