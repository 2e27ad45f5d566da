"""Rules of chapter 01: mistakes named in feedback (nothing is forbidden here but scikit-learn)."""
from __future__ import annotations

import torch

from grader.chapters.hinting import Named, named, returned_tensor
from grader.decoded import Result
from grader.forbidden import forbid

forbid("tensors.standardize", "sklearn.*")   # the syllabus: "Not allowed: sklearn" (all of it)


def _grid(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned_tensor(expected), returned_tensor(got)
    if e is not None and g is not None and e.shape == g.shape and torch.equal(g.float() + 1, e):
        return named("arange-from-zero", "counting from 0: torch.arange starts at 0 unless you give it a start")
    return None


def _standardize(expected: Result, got: Result, args: list) -> Named | None:
    e, g, x = returned_tensor(expected), returned_tensor(got), args[0]
    if e is None or g is None or e.shape != g.shape:
        return None
    if torch.isnan(g).any() or torch.isinf(g).any():
        return named("zero-std-division",
                     "a constant column divided by a zero std gives NaN/inf: set such columns to 0")
    unbiased = (x - x.mean(0)) / x.std(0)
    if torch.allclose(g[:, ~torch.isnan(unbiased).any(0)], unbiased[:, ~torch.isnan(unbiased).any(0)].to(g.dtype),
                      atol=1e-5) and x.shape[0] > 1:
        return named("unbiased-std", "std with correction=1 (the default); this exercise uses correction=0")
    constant = (x == x[:1]).all(dim=0)
    if constant.any() and not torch.equal(g[:, constant], torch.zeros_like(g[:, constant])):
        return named("constant-column-by-std",
                     "a column that is constant got divided by a tiny std left by rounding: detect "
                     "constant columns by their values (all equal to the first row)")
    return None


def _seeded(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned_tensor(expected), returned_tensor(got)
    if e is not None and g is not None and e.shape == g.shape:
        return named("unseeded-rand", "different random numbers: call torch.manual_seed(seed) right before torch.rand")
    return None


HINTS = {"tensors.grid": _grid, "tensors.standardize": _standardize, "tensors.seeded_rand": _seeded}


def _view_on_non_contiguous(error_type: str, args: list) -> Named | None:
    """``view`` on a transposed (non-contiguous) batch raises a RuntimeError; reshape copies."""
    images = args[0] if args else None
    if error_type == "RuntimeError" and isinstance(images, torch.Tensor) and not images.is_contiguous():
        return named("view-on-non-contiguous", "view size is not compatible with a non-contiguous input (a "
                     "transposed or sliced tensor): use reshape, which copies when it must, or "
                     ".contiguous().view(...)")
    return None


# Hints for a call that raised: read only the error's type and the inputs (never its message).
ERROR_HINTS = {"tensors.flatten_images": _view_on_non_contiguous}
