"""Rules of chapter 01: mistakes named in feedback (nothing is forbidden here but scikit-learn)."""
from __future__ import annotations

import torch

from grader.chapters.hinting import Named, named, returned_tensor
from grader.decoded import DeviceView, Result
from grader.forbidden import forbid

forbid("tensors.standardize", "sklearn.*")   # the syllabus: "Not allowed: sklearn" (all of it)


def _grid(expected: Result, got: Result, args: list) -> Named | None:
    e, g = returned_tensor(expected), returned_tensor(got)
    if e is not None and g is not None and e.shape == g.shape and torch.equal(g.float() + 1, e):
        return named("arange-from-zero", "counting from 0: torch.arange starts at 0 unless you give it a start")
    return _row_stride(e, g)


def _row_stride(e: torch.Tensor | None, g: torch.Tensor | None) -> Named | None:
    """Rows that count up by 1 but start the wrong distance apart: the row stride is not cols."""
    if e is None or g is None or e.shape != g.shape or e.dim() != 2 or e.shape[0] < 2 or e.shape[1] < 1:
        return None
    g = g.double()
    steps = g[1:, 0] - g[:-1, 0]
    across = g[:, 1:] - g[:, :-1]
    cols = e.shape[1]
    if not (bool((across == 1).all()) and bool((steps == steps[0]).all()) and steps[0].item() != cols
            and g[0, 0].item() == e[0, 0].item()):
        return None
    return named("row-stride", f"each row counts up by 1, but consecutive rows start {steps[0].item():g} apart "
                 f"instead of {cols}: a row-by-row grid moves on by the number of columns (cols) per row")


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
    return _unbiased_factor(e, g, x) or _constant_column(g, x)


def _unbiased_factor(e: torch.Tensor, g: torch.Tensor, x: torch.Tensor) -> Named | None:
    """Values sqrt((n-1)/n) times the right ones (bar any set to 0): an unbiased (n - 1) std."""
    n = x.shape[0]
    if n < 2:
        return None
    scaled = e.double() * ((n - 1) / n) ** 0.5
    g = g.double()
    matches = (g - scaled).abs() <= 1e-5 + 1e-4 * scaled.abs()
    moved = matches & ((g - e.double()).abs() > 1e-4)
    if not (bool((matches | (g == 0)).all()) and int(moved.sum()) * 2 >= g.numel()):
        return None
    zeroed = bool(((g == 0) & ~matches).any())
    return named("unbiased-std-factor", f"the values are sqrt((n-1)/n) = {((n - 1) / n) ** 0.5:.4g} times the "
                 "expected ones" + (" (and some are 0 that should not be)" if zeroed else "") + ": the std was "
                 "divided by n - 1 (unbiased, correction=1, Bessel's correction); this exercise uses "
                 "correction=0, dividing by n")


def _constant_column(g: torch.Tensor, x: torch.Tensor) -> Named | None:
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


def _device(expected: Result, got: Result, args: list) -> Named | None:
    # The machine presented comes from the reference's result (trusted side), never the student's.
    machine = expected.get("machine presented to the call")
    e, g = expected.get("returned value"), got.get("returned value")
    if not isinstance(e, DeviceView) or not isinstance(g, DeviceView) or machine is None:
        return None
    if e.type == "cpu" and g.type == "cuda" and machine == "a GPU present":
        return named("device-ignores-prefer-gpu",
                     "chose the GPU although prefer_gpu was false: a GPU is used only when it is "
                     "wanted AND torch.cuda.is_available() is true")
    if e.type == "cpu" and g.type == "cuda":
        return named("device-ignores-availability",
                     "chose cuda on a machine without a GPU: check torch.cuda.is_available() too")
    if e.type == "cuda" and g.type == "cpu":
        return named("device-never-gpu",
                     "chose the CPU although a GPU is present and preferred: test "
                     "torch.cuda.is_available() (a call, not the function itself) with prefer_gpu")
    return None


HINTS = {"tensors.grid": _grid, "tensors.standardize": _standardize, "tensors.seeded_rand": _seeded,
         "tensors.pick_device": _device}


def _view_on_non_contiguous(error_type: str, args: list) -> Named | None:
    """``view`` on a transposed (non-contiguous) batch raises a RuntimeError; reshape copies."""
    images = args[0] if args else None
    if error_type == "RuntimeError" and isinstance(images, torch.Tensor) and not images.is_contiguous():
        return named("view-on-non-contiguous", "view size is not compatible with a non-contiguous input (a "
                     "transposed or sliced tensor): use reshape, which copies when it must, or "
                     ".contiguous().view(...)")
    return None


def _grid_size(error_type: str, args: list) -> Named | None:
    """A grid that fails to build: its reshape got a number of values other than rows * cols."""
    if error_type == "RuntimeError" and len(args) >= 2 and all(isinstance(a, int) for a in args[:2]):
        rows, cols = args[:2]
        return named("grid-value-count", f"building the ({rows}, {cols}) grid failed: a reshape to ({rows}, "
                     f"{cols}) needs exactly {rows * cols} values; arange's end is exclusive, so "
                     "arange(1, rows * cols) stops one short (off by one) and arange(1, rows * cols + 1) "
                     "gives 1 ... rows * cols")
    return None


# Hints for a call that raised: read only the error's type and the inputs (never its message).
ERROR_HINTS = {"tensors.flatten_images": _view_on_non_contiguous, "tensors.grid": _grid_size}
