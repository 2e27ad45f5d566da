"""``check(...)``: run an exercise's public cases in the student's own kernel, print a verdict.

    from grader import check
    check("tensors.grid")      # by exercise id: reloads exercises/tensors.py first
    check(grid)                # by function: the same, found from the function's module

Expected values come from grader/chapters/<topic>/public.json (frozen from the references); the
comparison and messages are the grader's own. Hidden cases run only when instructors grade.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from grader.lab.live import current_module
from grader.outcome import CallOutcome, CheckTimeout
from grader.outcomes import CaseResult, Status
from grader.topics import TOPICS
from grader.tolerances import Tolerance

TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class PublicCase:
    """A frozen public case: enough of a Case for the verdict."""

    exercise: str
    name: str
    points: float
    spec: dict
    expected: CallOutcome
    tolerance: Tolerance | None
    hidden: bool = False


@dataclass
class CheckResult:
    """The verdict of one ``check``; truthy when every public case passed."""

    exercise: str
    status: Status
    cases: list[CaseResult] = field(default_factory=list)
    message: str = ""

    def __bool__(self) -> bool:
        return self.status == Status.PASSED

    def __str__(self) -> str:
        return self.message

    def _ipython_display_(self) -> None:  # already printed by check(): show nothing twice
        pass


def _resolve(target: str | Callable) -> tuple[str, Callable | None, Any]:
    """The exercise id, the function to test and the module it lives in (reloaded from disk)."""
    if isinstance(target, str):
        exercise = target
        topic, _, name = exercise.partition(".")
        if topic not in TOPICS or not name:
            raise ValueError(f"{target!r} is not an exercise id like 'tensors.grid'")
    else:
        name = getattr(target, "__name__", None)
        module_name = getattr(target, "__module__", "") or ""
        topic = module_name.rsplit(".", 1)[-1]
        if topic not in TOPICS or name is None:
            raise ValueError(f"check({target!r}): pass an exercise function imported from "
                             f"exercises/<topic>.py, or its id such as 'tensors.grid'")
        exercise = f"{topic}.{name}"
    module = current_module(f"exercises.{topic}")    # not a bare reload: see grader/lab/live.py
    return exercise, getattr(module, name, None), module


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise CheckTimeout(seconds)
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _public_cases(exercise: str) -> list[PublicCase]:
    from grader.chapters import load_public
    out = []
    for entry in load_public(exercise.split(".")[0]):
        if entry["exercise"] == exercise:
            tol = Tolerance(*entry["tolerance"]) if entry.get("tolerance") else None
            out.append(PublicCase(exercise, entry["name"], entry["points"], entry["spec"],
                                  CallOutcome.from_wire(entry["expected"]), tol))
    return out


def run_public(target: str | Callable) -> CheckResult:
    """Run the public cases of an exercise here, in this process; no printing."""
    from grader import chapters, forbidden, policy
    from grader.calls import run_call
    from grader.inputs import scratch
    from grader.outcome import classify, returned
    from grader.verdict import judge

    exercise, function, module = _resolve(target)
    topic, name = exercise.split(".", 1)
    cases = _public_cases(exercise)
    if not cases:
        return CheckResult(exercise, Status.ERROR, message=f"{exercise}: no public cases found")
    if function is None:
        return CheckResult(exercise, Status.ERROR,
                           message=f"{exercise}: exercises/{topic}.py has no function named {name}")
    path = Path(module.__file__).resolve()
    chapters.load(topic)
    refused = policy.refusal(exercise, policy.sources_beside(path))
    if refused:
        return CheckResult(exercise, Status.FAILED, message=f"{exercise}: FAILED — {refused}")
    roots = (str(path.parent),)
    restore = forbidden.install_guards(exercise, roots)
    results = []
    try:
        for case in cases:
            with scratch():               # files a case makes go when it is judged
                try:
                    with _time_limit(TIMEOUT_SECONDS):
                        got = returned(run_call(module, case.spec))
                except (Exception, SystemExit) as exc:  # noqa: BLE001 - the student's error, reported
                    got = classify(exc, roots)
                results.append(judge(case, case.expected, got, case.spec))
    finally:
        restore()
    return _summarise(exercise, results)


def _summarise(exercise: str, results: list[CaseResult]) -> CheckResult:
    statuses = [r.status for r in results]
    topic = exercise.split(".")[0]
    if all(s == Status.PASSED for s in statuses):
        return CheckResult(exercise, Status.PASSED, results,
                           f"{exercise}: passed all {len(results)} public cases. "
                           f"(Hidden cases are run when your work is graded.)")
    if all(s == Status.NOT_ATTEMPTED for s in statuses):
        return CheckResult(exercise, Status.NOT_ATTEMPTED, results,
                           f"{exercise}: not implemented yet — write it in exercises/{topic}.py, "
                           f"then run this cell again.")
    first = next(r for r in results if r.status != Status.PASSED)
    passed = statuses.count(Status.PASSED)
    return CheckResult(exercise, first.status, results,
                       f"{exercise}: {first.status.value.upper()} ({passed}/{len(results)} public cases "
                       f"passed)\n  {first.message}")


def check(target: str | Callable) -> CheckResult:
    """Check one exercise against its public cases and print the verdict."""
    result = run_public(target)
    print(result.message)
    return result


def attempt(function: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a function you wrote for a demo or a plot; None, with a note, while it is a stub."""
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        print(f"({getattr(function, '__name__', 'this function')} is not implemented yet: "
              f"this part of the demo is skipped)")
        return None
