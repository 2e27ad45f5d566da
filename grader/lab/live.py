"""Keep a notebook's names for exercise code current while the student edits exercises/*.py.

A chapter imports exercise functions and classes once (``from exercises.layers import
TwoLayerNet``) and calls them in later demos. After the student saves a change, those names must
run the new code with no kernel restart. IPython's ``%autoreload 2`` (every chapter's setup cell
turns it on) patches old objects in place, but not reliably for exercises: it cannot patch a
method whose new version calls ``super()`` when the stub's did not (a different number of free
variables; it prints a traceback and the old class stays bound), and every ``check`` reload used
to hand out new objects that it no longer tracked, so a demo kept calling the stub after its
check passed.

So this module owns the reloading of ``exercises.*`` in an IPython kernel:

- ``reload_exercise`` reloads a module from its file, patches the code of functions that callers
  still hold, and rebinds every name in the user's namespace that pointed to an object the
  reload replaced (functions and classes alike);
- a ``pre_run_cell`` hook does that before each cell for every exercise module whose file changed,
  and tells autoreload to leave ``exercises.*`` alone (one mechanism, no double reloads);
- ``current_module`` is what ``check`` uses: import, or reload with the same care.

Importing this module inside a kernel registers the hook (``from grader import check`` does).
Elsewhere (a plain interpreter, nbgrader, the grader's worker) nothing is registered and
``current_module`` is ``importlib.reload``.
"""
from __future__ import annotations

import importlib
import inspect
import os
import sys
import weakref
from types import FunctionType, ModuleType
from typing import Any

PACKAGE = "exercises"
_FUNCTION_PARTS = ("__code__", "__defaults__", "__kwdefaults__", "__doc__", "__annotations__")
_seen: dict[str, float | None] = {}      # module name -> its file's mtime when last loaded here
_registered: list[Any] = []              # the shell whose hook is registered, at most one
# (module, name) -> every function object that name has held here: a caller may hold any of them
_versions: dict[tuple[str, str], list[weakref.ref]] = {}


def current_module(name: str) -> ModuleType:
    """The module ``name`` holding what its file defines now (imported, or reloaded).

    Args:
        name: a module name such as ``"exercises.tensors"``.
    """
    module = sys.modules.get(name)
    if module is None:
        module = importlib.import_module(name)
        _seen[name] = _mtime(module)
        return module
    return reload_exercise(module)


def reload_exercise(module: ModuleType) -> ModuleType:
    """``importlib.reload(module)``, then bring what the notebook still holds up to date.

    Raises:
        whatever executing the file raises (a SyntaxError in the student's file, for one).
    """
    before = {name: obj for name, obj in vars(module).items() if _defined_in(obj, module)}
    _seen[module.__name__] = _mtime(module)  # a file that fails is not retried before it changes
    module = importlib.reload(module)
    namespace = _user_namespace()
    for name, old in before.items():
        new = vars(module).get(name)
        if new is None or new is old:
            continue
        if isinstance(new, FunctionType):
            versions = _versions.setdefault((module.__name__, name), [])
            if isinstance(old, FunctionType):
                versions.append(weakref.ref(old))
            alive = [ref for ref in versions if ref() is not None]
            for ref in alive:
                _patch_function(ref(), new)
            versions[:] = alive
        if namespace is not None:
            for key, value in list(namespace.items()):
                if value is old:
                    namespace[key] = new
    return module


def _defined_in(obj: Any, module: ModuleType) -> bool:
    return (inspect.isfunction(obj) or inspect.isclass(obj)) and getattr(obj, "__module__", None) == module.__name__


def _patch_function(old: FunctionType, new: FunctionType) -> None:
    """Give ``old`` the code of ``new`` where Python allows it (not when the free variables differ)."""
    for part in _FUNCTION_PARTS:
        try:
            setattr(old, part, getattr(new, part))
        except (AttributeError, TypeError, ValueError):
            if part == "__code__":
                return               # the rebinding of names still applies


def _mtime(module: ModuleType) -> float | None:
    try:
        return os.stat(module.__file__).st_mtime
    except (OSError, TypeError):
        return None


def _shell() -> Any | None:
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def _user_namespace() -> dict | None:
    shell = _shell()
    return getattr(shell, "user_ns", None)


def _exercise_modules() -> list[ModuleType]:
    return [m for name, m in list(sys.modules.items())
            if name.startswith(PACKAGE + ".") and isinstance(m, ModuleType) and getattr(m, "__file__", None)]


def _before_cell(*_: Any) -> None:
    """Before each cell: reload every exercise module whose file changed since it was loaded."""
    _leave_exercises_to_us()
    for module in _exercise_modules():
        name = module.__name__
        if name not in _seen:                 # first sight: imported by the previous cell
            _seen[name] = _mtime(module)
            continue
        if _mtime(module) == _seen[name]:
            continue
        try:
            reload_exercise(module)
        except Exception as error:  # noqa: BLE001 - the student's file; check() shows the traceback
            print(f"[{module.__file__} did not reload: {type(error).__name__}: {error}. The cells "
                  f"below use its previous version until it loads; its check cell shows the details.]",
                  file=sys.stderr)


def _leave_exercises_to_us() -> None:
    """Ask IPython's autoreload, when loaded, to skip exercises.* (this module reloads them)."""
    shell = _shell()
    magics = shell.magics_manager.registry.get("AutoreloadMagics") if shell is not None else None
    reloader = getattr(magics, "_reloader", None)
    skip = getattr(reloader, "mark_module_skipped", None)
    if skip is None:
        return
    for module in _exercise_modules():
        if module.__name__ not in reloader.skip_modules:
            skip(module.__name__)


def follow_edits() -> bool:
    """Register the before-each-cell hook in the running IPython kernel (once); False outside one."""
    shell = _shell()
    if shell is None or not hasattr(shell, "events"):
        return False
    if shell not in _registered:
        shell.events.register("pre_run_cell", _before_cell)
        _registered.append(shell)
    return True


follow_edits()
