"""Comparison tolerances, one row per dtype (the defaults of torch.testing.assert_close)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerance:
    """|got - expected| <= atol + rtol * |expected| counts as equal."""

    rtol: float
    atol: float


BY_DTYPE: dict[str, Tolerance] = {
    "torch.float16": Tolerance(rtol=1e-3, atol=1e-5),
    "torch.bfloat16": Tolerance(rtol=1.6e-2, atol=1e-5),
    "torch.float32": Tolerance(rtol=1.3e-6, atol=1e-5),
    "torch.float64": Tolerance(rtol=1e-7, atol=1e-7),
    "torch.complex64": Tolerance(rtol=1.3e-6, atol=1e-5),
    "torch.complex128": Tolerance(rtol=1e-7, atol=1e-7),
}
# Python floats are float64 but usually come from float32 work (loss.item()): float32's row.
PYTHON_FLOAT = BY_DTYPE["torch.float32"]
EXACT = Tolerance(rtol=0.0, atol=0.0)


def for_dtype(dtype: str) -> Tolerance:
    """The tolerance for a dtype name such as 'torch.float32'; integers and bools compare exactly."""
    return BY_DTYPE.get(dtype, EXACT)
