"""What wrong values have in common with the right ones: the property that failed, in words.

When no chapter hint names a mistake, "values differ" alone teaches nothing. These checks look at
the expected and the returned tensor (same shape, same dtype) and say how they relate: the same
values in another order (transposed, column-major, dimensions permuted, reversed, shifted), the
same values scaled or offset, their running totals (a cumulative sum), rounded or clipped,
normalised along another dimension, or wrong in one slice only. Each check is exact up to the
case's tolerance, so a note is only given when it is true of every element; the first that holds
wins.
"""
from __future__ import annotations

import itertools

import torch

from grader.findings import Named, named
from grader.tolerances import Tolerance

MAX_ELEMENTS = 1 << 20      # larger tensors get no note: the checks would cost more than the case


def _close(a: torch.Tensor, b: torch.Tensor, tol: Tolerance) -> bool:
    return a.shape == b.shape and bool(((a - b).abs() <= tol.atol + tol.rtol * b.abs()).all())


def _dims(order: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in order) + ")"


def scale_note(e: torch.Tensor, g: torch.Tensor) -> Named | None:
    """The same values times one constant: a sign, a sum for a mean, a division too many."""
    nonzero = e.abs() > 1e-12
    if not nonzero.any():
        return None
    ratio = g[nonzero] / e[nonzero]
    r = ratio.mean().item()
    if abs(r) < 1e-12 or (ratio - r).abs().max().item() >= 1e-4 * max(1.0, abs(r)) or abs(r - 1) <= 1e-3:
        return None
    if (g[~nonzero].abs() > 1e-12).any():
        return None                                  # zeros must stay zeros under a factor
    if abs(r + 1) < 1e-4:
        return named("wrong-sign", "every value has the wrong sign")
    if abs(r - round(r)) < 1e-4 and round(r) >= 2:
        return named("sum-for-mean", f"every value is {round(r)} times too large: a sum where the "
                     "mean was expected?")
    if abs(1 / r - round(1 / r)) < 1e-3 and round(1 / r) >= 2:
        return named("divided-too-often", f"every value is {round(1 / r)} times too small: divided "
                     "once too often?")
    if ratio.numel() < 2:
        return None                                  # one number is always some multiple of another
    return named("scaled", f"every value is {r:.6g} times the expected one: a constant factor is wrong "
                 "(a different normalisation, n versus n - 1, a missing square root?)")


def offset_note(e: torch.Tensor, g: torch.Tensor, tol: Tolerance) -> Named | None:
    """The same values plus one constant: a missing or extra term, counting from 1."""
    if e.numel() < 2:
        return None
    shift = (g - e).mean()
    if abs(shift.item()) <= tol.atol + tol.rtol * e.abs().max().item() or not _close(g - shift, e, tol):
        return None
    return named("offset", f"every value is off by the same amount ({shift.item():+.6g}): a missing or "
                 "extra term, or counting from 1 instead of 0?")


def running_note(e: torch.Tensor, g: torch.Tensor, tol: Tolerance) -> Named | None:
    """Running totals of the right values along one dimension: a total never reset."""
    for dim in range(e.dim()):
        if e.shape[dim] > 1 and _close(g, e.cumsum(dim), tol):
            where = "" if e.dim() == 1 else f" along dim {dim}"
            return named("running-total", f"each value is the running total (cumulative sum) of the expected "
                         f"values up to it{where}: a total that is never reset, or a sum kept across "
                         "iterations where each should stand alone?")
    return None


def order_note(e: torch.Tensor, g: torch.Tensor, tol: Tolerance) -> Named | None:
    """The right values in the wrong places: which rearrangement gives them."""
    if e.dim() == 2 and (_close(g.t().reshape(-1), e.reshape(-1), tol)
                         or _close(g.reshape(-1), e.t().reshape(-1), tol)):
        return named("column-major", "the right values in column-major order: they fill the columns "
                     "first where rows were expected (a transpose or .T before reshape?)")
    if 2 <= e.dim() <= 4:
        for order in itertools.permutations(range(e.dim())):
            if order != tuple(range(e.dim())) and _close(g.reshape(-1), e.permute(order).reshape(-1), tol):
                return named("dims-permuted", f"the right values laid out as if the dimensions were in "
                             f"the order {_dims(order)}: a reshape or view where a permute was needed, or "
                             "channels-last where channels-first was expected")
    for dim in range(e.dim()):
        if e.shape[dim] > 1 and _close(g, e.flip(dim), tol):
            return named("reversed", f"the right values in reverse order along dim {dim}")
        for shift in (1, -1):
            if e.shape[dim] > 2 and _close(g, e.roll(shift, dim), tol):
                return named("shifted", f"the right values shifted by {shift} along dim {dim}: off by one?")
    if e.numel() > 1 and _close(g.reshape(-1).sort().values, e.reshape(-1).sort().values, tol):
        return named("reordered", "the right values, in a different order: check the order of the "
                     "dimensions, the sort, or the indexing")
    return None


def rounding_note(e: torch.Tensor, g: torch.Tensor, tol: Tolerance) -> Named | None:
    """The values rounded, truncated or clipped."""
    for how, rounded in (("rounded down", e.floor()), ("truncated toward zero", e.trunc()),
                         ("rounded", e.round())):
        if _close(g, rounded, tol):
            return named("rounded", f"the values are {how} to whole numbers: integer division, int() "
                         "or an integer dtype on the way?")
    low, high = g.min(), g.max()
    inside = (e > low) & (e < high)              # clipping leaves the values between untouched
    if inside.any() and ((e < low).any() or (e > high).any()):
        if _close(g, e.clamp(low.item(), high.item()), tol):
            return named("clipped", f"the values are clipped to [{low.item():.4g}, {high.item():.4g}]: "
                         "a clamp that cuts off real values?")
    return None


def normalised_note(e: torch.Tensor, g: torch.Tensor, tol: Tolerance) -> Named | None:
    """Rows that should sum to 1 summing to 1 along another dimension."""
    if e.dim() < 2:
        return None
    loose = Tolerance(rtol=max(tol.rtol, 1e-5), atol=max(tol.atol, 1e-5))
    sums_to_one = [d for d in range(e.dim()) if _close(e.sum(d), torch.ones_like(e.sum(d)), loose)]
    if len(sums_to_one) != 1:
        return None
    want = sums_to_one[0]
    for d in range(e.dim()):
        if d != want and _close(g.sum(d), torch.ones_like(g.sum(d)), loose):
            return named("normalised-wrong-dim", f"the values sum to 1 along dim {d}, but should along "
                         f"dim {want}: normalised over the wrong dim")
    if _close(g.sum(), torch.ones((), dtype=g.dtype), loose):
        return named("normalised-everything", f"the values sum to 1 over the whole tensor, but should "
                     f"along dim {want}: normalised over every element at once")
    return None


def slice_note(e: torch.Tensor, g: torch.Tensor, tol: Tolerance) -> Named | None:
    """Every wrong value in the first or last slice (an edge row or column, the last element).

    Only where that says something: a vector of at least five with one wrong end, or at least
    two wrong values in an end slice of at least three. One wrong value among a few is as likely
    to be a wrong formula that happens to agree elsewhere (relu as abs on [-1, 0, 2]).
    """
    bad = ~((g - e).abs() <= tol.atol + tol.rtol * e.abs())
    if e.dim() == 0 or not bad.any() or bool(bad.all()):
        return None
    where = bad.nonzero()
    if e.dim() == 1:
        if e.numel() < 5 or len(where) != 1 or int(where[0, 0]) not in (0, e.numel() - 1):
            return None
        index = int(where[0, 0])
        return named("one-element", f"only the {'first' if index == 0 else 'last'} value (index {index}) is "
                     "wrong: an edge case or an off-by-one?")
    if len(where) < 2:
        return None
    for dim in range(e.dim()):
        size = e.shape[dim]
        index = int(where[0, dim])
        if size >= 3 and index in (0, size - 1) and bool((where[:, dim] == index).all()):
            edge = "first" if index == 0 else "last"
            return named("one-slice", f"only the {edge} slice along dim {dim} (index {index}) is wrong; the "
                         "rest is right: an edge case, an off-by-one, or a loop that skips it?")
    return None


def describe_difference(e: torch.Tensor, g: torch.Tensor, tol: Tolerance) -> Named | None:
    """The first property the wrong values ``g`` share with the right values ``e``, in words."""
    if e.shape != g.shape or e.numel() == 0 or e.numel() > MAX_ELEMENTS:
        return None
    e, g = e.double(), g.double()
    if not (torch.isfinite(e).all() and torch.isfinite(g).all()):
        return None
    for check in (lambda: normalised_note(e, g, tol), lambda: scale_note(e, g),
                  lambda: offset_note(e, g, tol), lambda: running_note(e, g, tol),
                  lambda: order_note(e, g, tol),
                  lambda: rounding_note(e, g, tol), lambda: slice_note(e, g, tol)):
        note = check()
        if note:
            return note
    return None
