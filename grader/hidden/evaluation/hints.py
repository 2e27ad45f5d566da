"""Chapter 07's instructor-only hints: those that replay the exercise's own answer.

Merged with the public hints of grader/chapters/evaluation/rules.py when grading (never in the
student release, so ``check()`` in a student's kernel does without them).
"""
from __future__ import annotations

import math

from grader.chapters.hinting import Named, named, returned
from grader.decoded import ObjectView, Result


def early_stop(losses: list, patience: int, *, late: int = 0, tie_is_best: bool = False) -> tuple[int, int]:
    """(best epoch, stopping epoch) of early stopping, optionally with a known mistake built in:
    ``late`` extra epochs of patience, or ties counted as a new best."""
    best, best_i, waited = math.inf, 0, 0
    for i, loss in enumerate(losses):
        if loss < best or (tie_is_best and loss == best):
            best, best_i, waited = loss, i, 0
        else:
            waited += 1
            if waited >= patience + late:
                return best_i, i
    return best_i, len(losses) - 1


def _best_epoch(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned(expected), returned(got)
    if not isinstance(g, int) or isinstance(g, bool):
        if isinstance(g, ObjectView) and g.kind == "numpy_scalar":
            return named("numpy-int", "a numpy integer: return a Python int (int(...))")
        return None
    losses, patience = list(args[0]), int(args[1])
    candidates = [
        (min(range(len(losses)), key=lambda i: (losses[i], i)),
         named("patience-ignored", "patience was ignored: early stopping never sees the epochs after it stops")),
        (early_stop(losses, patience, late=1)[0],
         named("stopped-late", "stopped one epoch late: stop as soon as `patience` epochs in a row bring no new "
               "best")),
        (early_stop(losses, patience, late=-1)[0] if patience > 1 else None,
         named("stopped-early", "stopped one epoch early: wait for `patience` epochs in a row without a new "
               "best")),
        (early_stop(losses, patience, tie_is_best=True)[0],
         named("tie-is-best", "a tie is not a new best: compare with a strict <, so ties keep the earlier "
               "epoch")),
        (e + 1, named("counted-from-one", "epochs are counted from 0: return the index of the best epoch")),
        (early_stop(losses, patience)[1], named("stop-epoch-returned", "that is the epoch where training "
                                                "stopped; return the best epoch seen up to then")),
    ]
    matching = [mistake for answer, mistake in candidates if answer == g and answer != e]
    if not matching:
        return None
    # several mistakes give this answer: all are shown, and the first (most common) gives the id
    return named(matching[0].mistake_id, "; or ".join(matching))


HINTS = {"evaluation.best_epoch": _best_epoch}
