"""What one call produced, as a type: the worker, the references and ``check()`` all use it.

A call either returned (with its probe's result), raised, was not attempted, made a forbidden
call, ran out of memory, produced something too large to send, failed to import, or its worker
ended without answering. ``classify`` is the one place that turns an exception into an outcome;
``to_wire`` / ``from_wire`` are the one plain-data form that crosses the process boundary.
``from_wire`` trusts nothing: every field is type-checked and every string bounded, so what a
student's process sends can only ever be one of these outcomes, and no decision downstream ever
looks at message text.
"""
from __future__ import annotations

import traceback as tb
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

MAX_TEXT = 2000          # characters of a message kept from the worker
MAX_TRACE = 4000         # characters of a traceback
MAX_NAME = 200           # characters of an exception's type name
MAX_MRO = 32             # base classes kept


class Kind(str, Enum):
    """How a call ended. The values are the wire form."""

    READY = "ready"                  # the worker loaded the student's module
    RETURNED = "ok"
    RAISED = "raised"
    NOT_ATTEMPTED = "not_attempted"  # NotImplementedError: the stub is untouched
    FORBIDDEN = "forbidden"          # a runtime guard saw a forbidden call
    MEMORY = "memory"
    TOO_LARGE = "too_large"          # the result could not be sent: too big or too deep
    IMPORT_ERROR = "import_error"    # the student's module failed to import
    ENDED = "ended"                  # the worker ended without answering (set by the trusted side)


class Ending(str, Enum):
    """Why a worker ended without answering (only on the trusted side, never from the wire)."""

    TIMEOUT = "timeout"              # past the wall-clock limit
    CPU = "cpu"                      # past the CPU-time limit
    KILLED = "killed"                # SIGKILL: the memory limit, most likely
    SIGNAL = "signal"                # died from another signal (a segfault, an abort)
    EXITED = "exited"                # exited by itself (sys.exit / os._exit in a child)
    OVERSIZED = "oversized"          # sent a frame over the size limit
    GARBLED = "garbled"              # sent bytes that are not a valid outcome


@dataclass(frozen=True)
class CallOutcome:
    """One call's outcome. ``result`` is the probe's plain data when ``kind`` is RETURNED."""

    kind: Kind
    result: dict | None = None
    error_type: str = ""
    error_bases: tuple[str, ...] = ()
    message: str = ""
    traceback: str = ""
    ending: Ending | None = None
    extra: dict = field(default_factory=dict)   # numbers a message may use (limits, exit codes)

    def raised(self, name: str) -> bool:
        """Whether the call raised ``name`` or a subclass of it."""
        return self.kind == Kind.RAISED and (name == self.error_type or name in self.error_bases)

    def to_wire(self) -> dict:
        """Plain data (the trusted side reads it back with ``from_wire``)."""
        data: dict[str, Any] = {"status": self.kind.value}
        if self.result is not None:
            data["result"] = self.result
        for key in ("error_type", "message", "traceback"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.error_bases:
            data["error_bases"] = list(self.error_bases)
        return data

    @classmethod
    def from_wire(cls, data: Any) -> "CallOutcome":
        """Validate what crossed the boundary; GARBLED for anything that is not an outcome."""
        if not isinstance(data, dict) or not isinstance(data.get("status"), str):
            return ended(Ending.GARBLED)
        try:
            kind = Kind(data["status"])
        except ValueError:
            return ended(Ending.GARBLED)
        if kind == Kind.ENDED:         # only the trusted side may say a worker ended
            return ended(Ending.GARBLED)
        result = data.get("result")
        if kind == Kind.RETURNED and not isinstance(result, dict):
            return ended(Ending.GARBLED)
        bases = data.get("error_bases", [])
        if not isinstance(bases, list):
            return ended(Ending.GARBLED)
        return cls(kind, result if kind == Kind.RETURNED else None,
                   error_type=_text(data.get("error_type"), MAX_NAME),
                   error_bases=tuple(_text(b, MAX_NAME) for b in bases[:MAX_MRO]),
                   message=_text(data.get("message"), MAX_TEXT),
                   traceback=_text(data.get("traceback"), MAX_TRACE))


def _text(value: Any, limit: int) -> str:
    """A bounded str from the wire (anything else becomes empty)."""
    if not isinstance(value, str):
        return ""
    return value if len(value) <= limit else value[:limit] + f"... ({len(value) - limit:,} more characters)"


def ended(ending: Ending, **extra: Any) -> CallOutcome:
    """The trusted side's record of a worker that ended without a valid answer."""
    return CallOutcome(Kind.ENDED, ending=ending, extra=extra)


def returned(result: dict) -> CallOutcome:
    return CallOutcome(Kind.RETURNED, result)


class CheckTimeout(Exception):
    """``check()``'s own time limit in the student's kernel (not the student's TimeoutError)."""


def _is_memory_error(exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):
        return True
    # torch reports a failed allocation as a RuntimeError; its type is all we can go on
    return type(exc) is RuntimeError and "alloc" in _safe_str(exc)[:300].lower()


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # noqa: BLE001 - a lying __str__
        return "<unprintable message>"


def student_traceback(exc: BaseException, roots: tuple[str, ...]) -> str:
    """The frames of the student's own files only, with paths shown as ``exercises/...``."""
    frames = [f for f in tb.extract_tb(exc.__traceback__) if f.filename.startswith(roots)]
    for frame in frames:
        for root in roots:
            if frame.filename.startswith(root):
                frame.filename = "exercises" + frame.filename[len(root):]
    try:
        tail = tb.format_exception_only(type(exc), exc)
    except Exception:  # noqa: BLE001
        tail = [f"{type(exc).__name__}: <unprintable message>\n"]
    return "".join(tb.format_list(frames) + tail)[-MAX_TRACE:]


def _raised_in(exc: BaseException, roots: tuple[str, ...]) -> bool:
    """Whether the student's own code raised ``exc`` (its innermost frame is in ``roots``).

    A stub's ``raise NotImplementedError`` is; torch's "not implemented for 'Long'" is not: that
    is an error of a written function, not an untouched stub. With no roots (the references, a
    check run without a file) every NotImplementedError counts as the stub's.
    """
    if not roots:
        return True
    frames = tb.extract_tb(exc.__traceback__)
    return not frames or frames[-1].filename.startswith(roots)


def classify(exc: BaseException, roots: tuple[str, ...]) -> CallOutcome:
    """What an exception from a call means: the only place this is decided."""
    from grader.forbidden import ForbiddenCall
    from grader.wire import TooLarge
    if isinstance(exc, NotImplementedError) and _raised_in(exc, roots):
        return CallOutcome(Kind.NOT_ATTEMPTED, message="not implemented yet (raises NotImplementedError)")
    if isinstance(exc, ForbiddenCall):
        return CallOutcome(Kind.FORBIDDEN, message=_safe_str(exc)[:MAX_TEXT])
    if isinstance(exc, TooLarge):
        return CallOutcome(Kind.TOO_LARGE, message=f"the result is too large to grade: {_safe_str(exc)[:300]}")
    if isinstance(exc, CheckTimeout):
        return ended(Ending.TIMEOUT, seconds=exc.args[0] if exc.args else 0)
    if _is_memory_error(exc):
        return CallOutcome(Kind.MEMORY, error_type=type(exc).__name__,
                           message=f"ran out of memory: {type(exc).__name__}")
    if isinstance(exc, SystemExit):
        return CallOutcome(Kind.RAISED, error_type="SystemExit", error_bases=("BaseException",),
                           message=f"called sys.exit({str(exc.code)[:50]}); return a value instead")
    bases = tuple(c.__name__ for c in type(exc).__mro__[1:] if c.__module__ == "builtins")
    # a class of the student's own is named with its module: it never passes for a builtin one
    cls = type(exc)
    name = cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    return CallOutcome(Kind.RAISED, error_type=name[:MAX_NAME], error_bases=bases,
                       message=_safe_str(exc)[:MAX_TEXT], traceback=student_traceback(exc, roots))
