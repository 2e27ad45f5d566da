"""The static policy over whole submitted files (read, never run), decided in the trusted process.

- ``leaves``: which public function a private or op-level name reaches (``torch._softmax``).
- ``aliases``: names resolved through imports, aliases and assignments.
- ``refusals``: constructs no graded file may contain, and why.
- ``ast_scan``: one pass over a file: uses, references and refusals per top-level owner.
- ``decide``: the verdict for one exercise over everything it reaches.
"""
from grader.policy.decide import refusal, sources_beside

__all__ = ["refusal", "sources_beside"]
