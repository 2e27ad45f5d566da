"""Python source to a syntax tree, one file at a time in this process.

CPython 3.11 and 3.12 keep the depth counter of their syntax-tree builder in state shared by all
threads (python/cpython#106905): two threads in ``ast.parse`` at once, which happens when a
collection switches threads mid-build, can fail with ``SystemError: AST constructor recursion depth
mismatch``. The grader grades exercises in threads and reads every submitted file with the
static policy, so it parses through here.
"""
from __future__ import annotations

import ast
import threading

LOCK = threading.Lock()


def parse(source: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(source)``, never beside another parse made through this function."""
    with LOCK:
        return ast.parse(source, filename)
