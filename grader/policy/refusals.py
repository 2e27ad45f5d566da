"""What a graded file may not contain at all, and the message that says why.

These constructs would let a file reach a function without naming it (dynamic code, lookups by a
computed name, frames and module tables), run code the policy cannot read (other programs,
unpickling), or tamper with the libraries and the grader that run next to it. A student solution
needs none of them; ``tests/grader/test_policy_references.py`` proves that no reference solution,
stub or catalogued alternative is refused. Every entry refuses the whole file it appears in.
"""
from __future__ import annotations

import codecs
import importlib.util
import re
from functools import lru_cache

from grader.topics import TOPICS

DYNAMIC = "dynamic code cannot be checked"
BY_NAME = "it reaches functions by a name the policy cannot read"
FRAMES = "frames, code objects and module tables are the grader's, not the exercise's"
PROGRAMS = "other programs run code the policy cannot read"
PICKLE = "unpickling runs code the policy cannot read"
GRADER = "the grader and the references are not part of an exercise"
WRITTEN = "only installed modules and the course's exercise files can be checked, not one written at run time"
ENCODING = "the file would run as other text than the text that is checked"
TAMPER = "it changes a library the grader relies on"
THREADS = "code on another thread escapes the checks that watch the exercise's own calls"
NOT_LISTED = ("a graded file may import the course's libraries and a short list of standard modules: "
              "others can look functions up by name, start threads or run programs")

# The only modules a graded file may import (a submodule counts as its package), besides the
# course's exercise files. An allowlist: the standard library has too many ways to look a name up
# (logging.config, pydoc, string.Formatter...), start a thread or run a program to refuse one by
# one. Every reference, stub and catalogued entry imports only these.
ALLOWED: frozenset[str] = frozenset({
    "torch", "torchvision", "torchmetrics", "numpy", "pandas", "sklearn", "scipy", "PIL",
    "math", "cmath", "random", "statistics", "numbers", "decimal", "fractions",
    "collections", "itertools", "functools", "operator", "copy", "dataclasses", "typing", "enum",
    "abc", "warnings", "os", "sys", "time", "io", "re", "json", "pathlib", "heapq", "bisect",
    "contextlib", "errno", "signal", "socket", "resource",
})

# builtins refused wherever they are named (called or passed around)
NAMES: dict[str, str] = {
    "exec": DYNAMIC, "eval": DYNAMIC, "compile": DYNAMIC, "__import__": DYNAMIC,
    "breakpoint": DYNAMIC, "globals": BY_NAME, "locals": BY_NAME, "vars": BY_NAME,
    "__builtins__": FRAMES, "__loader__": FRAMES, "__spec__": FRAMES,
}
# builtins allowed only when called directly (as a value they could take any name)
CALL_ONLY = ("getattr", "setattr", "delattr")

# modules whose import is refused (a submodule counts as its package)
MODULES: dict[str, str] = {
    "importlib": DYNAMIC, "imp": DYNAMIC, "runpy": DYNAMIC, "code": DYNAMIC, "codeop": DYNAMIC,
    "pkgutil": BY_NAME, "zipimport": DYNAMIC, "doctest": DYNAMIC, "timeit": DYNAMIC,
    "pdb": DYNAMIC, "bdb": DYNAMIC, "trace": DYNAMIC, "profile": DYNAMIC, "cProfile": DYNAMIC,
    "inspect": FRAMES, "ctypes": FRAMES, "gc": FRAMES, "builtins": FRAMES, "dis": FRAMES,
    "subprocess": PROGRAMS, "pty": PROGRAMS,
    "pickle": PICKLE, "_pickle": PICKLE, "cPickle": PICKLE, "marshal": PICKLE, "dill": PICKLE,
    "cloudpickle": PICKLE, "shelve": PICKLE, "copyreg": PICKLE, "joblib": PICKLE,
    "grader": GRADER, "solutions": GRADER, "tests": GRADER,
    # found by a red team: lookups by a name in a string, threads the runtime guards cannot see,
    # and other roads to running programs
    "string": BY_NAME, "pydoc": DYNAMIC, "threading": THREADS, "_thread": THREADS,
    "concurrent": THREADS, "multiprocessing": PROGRAMS, "asyncio": PROGRAMS,
    "_posixsubprocess": PROGRAMS, "_subprocess": PROGRAMS,
}
# dotted paths refused wherever they are named, and every path under them
PATHS: dict[str, str] = {
    "sys.modules": FRAMES, "sys._getframe": FRAMES, "sys._current_frames": FRAMES,
    "sys.settrace": FRAMES, "sys.setprofile": FRAMES, "sys.meta_path": FRAMES,
    "sys.path_hooks": FRAMES, "sys.path_importer_cache": FRAMES, "sys.addaudithook": FRAMES,
    "os.system": PROGRAMS, "os.popen": PROGRAMS, "os.posix_spawn": PROGRAMS, "os.posix_spawnp": PROGRAMS,
    "os.execl": PROGRAMS, "os.execle": PROGRAMS, "os.execlp": PROGRAMS, "os.execlpe": PROGRAMS,
    "os.execv": PROGRAMS, "os.execve": PROGRAMS, "os.execvp": PROGRAMS, "os.execvpe": PROGRAMS,
    "os.spawnl": PROGRAMS, "os.spawnle": PROGRAMS, "os.spawnlp": PROGRAMS, "os.spawnlpe": PROGRAMS,
    "os.spawnv": PROGRAMS, "os.spawnve": PROGRAMS, "os.spawnvp": PROGRAMS, "os.spawnvpe": PROGRAMS,
    "typing.get_type_hints": DYNAMIC, "typing.ForwardRef": DYNAMIC,
    "torch.overrides": BY_NAME, "torch.package": DYNAMIC, "torch.hub": DYNAMIC,
    "torch.utils.cpp_extension": DYNAMIC, "torch.ops.load_library": DYNAMIC,
    "torch.classes.load_library": DYNAMIC, "torch._C._jit_get_operation": BY_NAME,
    "torch._C._get_operation_overload": BY_NAME, "torch._ops.ops": BY_NAME,
    "torch.jit.CompilationUnit": DYNAMIC, "torch._C.CompilationUnit": DYNAMIC,
    "torch._C._jit_script_compile": DYNAMIC, "torch.library": DYNAMIC,
    "operator.attrgetter": "", "operator.methodcaller": "",   # "" = allowed with a constant name
}
# attribute names refused on any receiver
ATTRIBUTES: dict[str, str] = {
    **{name: FRAMES for name in (
        "f_back", "f_globals", "f_locals", "f_code", "f_builtins", "f_trace", "tb_frame", "tb_next",
        "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code", "__code__",
        "__globals__", "__builtins__", "__closure__", "__subclasses__", "__loader__", "__spec__",
        "__annotations__")},
    "__getattribute__": BY_NAME, "__getattr__": BY_NAME, "__dict__": BY_NAME,
}
# names that may not be assigned at module level (the grader reads them)
PROTECTED = ("__name__", "__builtins__", "__file__", "__spec__", "__loader__", "__path__")


def module_reason(module: str) -> str | None:
    """Why importing ``module`` (dotted) is refused, or None."""
    root = module.split(".", 1)[0]
    if root in MODULES:
        return MODULES[root]
    return path_reason(module)


def path_reason(path: str) -> str | None:
    """Why naming the dotted ``path`` is refused, or None (``""`` for the constant-name helpers).
    Names taken from a refused module need no second refusal: its import is refused already."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        reason = PATHS.get(".".join(parts[:cut]))
        if reason is not None:
            return reason
    return None


@lru_cache(maxsize=512)
def _installed(root: str) -> bool:
    try:
        return importlib.util.find_spec(root) is not None
    except (ImportError, ValueError):
        return False


def unknown_module(module: str) -> str | None:
    """Why importing ``module`` is refused when it is neither installed nor an exercise file."""
    parts = module.split(".")
    if parts[0] == "exercises":
        return None if len(parts) == 1 or parts[1] in TOPICS else WRITTEN
    if parts[0] in ("__future__", "") or module.startswith("."):
        return None
    if not _installed(parts[0]):
        return WRITTEN
    return None if parts[0] in ALLOWED else NOT_LISTED


_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def coding_cookie(source: str) -> str | None:
    """A refusal for a coding declaration other than UTF-8 (the file is checked as UTF-8)."""
    for number, line in enumerate(source.splitlines()[:2], 1):
        found = _COOKIE.match(line)
        if found:
            try:
                name = codecs.lookup(found.group(1)).name
            except LookupError:
                name = found.group(1)
            return None if name in ("utf-8", "utf-8-sig") else say(number, f"coding: {found.group(1)}", ENCODING)
        if line.strip() and not line.lstrip().startswith("#"):
            return None     # the cookie is only read before the first line of code
    return None


def say(line: int, what: str, reason: str) -> str:
    """The message of a refusal: it names the line and says why."""
    return f"line {line}: {what} is not allowed in a graded file: {reason}"
