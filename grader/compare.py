"""Compare what the student's call produced with the reference's, in the trusted process.

Order: kind (type), shape, dtype, device, values, then the rest of the structure. The first
difference becomes one sentence saying what was expected and what arrived, plus the likely
mistake where a generic one explains it (a transposed shape, a float64 leak, a sum for a mean).
"""
from __future__ import annotations

import math
from typing import Any

import torch

from grader import tolerances
from grader.tolerances import Tolerance

KIND_NAMES = {"tensor": "a tensor", "list": "a list", "tuple": "a tuple", "dict": "a dict",
              "module": "an nn.Module", "dtype": "a torch.dtype", "device": "a torch.device",
              "ndarray": "a numpy array", "shape": "a parameter"}


def describe(value: Any) -> str:
    """A short phrase for a plain value: 'a tensor of shape (2, 3) and dtype torch.float32'."""
    if value is None:
        return "None"
    if not isinstance(value, (bool, int, float, str, dict)):
        return f"a {type(value).__name__}"
    if isinstance(value, bool):
        return f"the bool {value}"
    if isinstance(value, (int, float, str)):
        return f"the {type(value).__name__} {value!r}"
    kind = value.get("kind")
    if kind == "tensor":
        data = value["data"]
        return f"a tensor of shape {tuple(data.shape)} and dtype {data.dtype}"
    if kind in ("object", "subclass", "numpy_scalar"):
        return f"an object of type {value['type']}"
    if kind == "module":
        return f"an nn.Module of type {short_type(value['type'])}"
    if kind in ("list", "tuple"):
        return f"a {kind} of {len(value['items'])} items"
    return KIND_NAMES.get(kind, str(kind))


def short_type(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _shape(shape: Any) -> str:
    return str(tuple(shape))


def shape_hint(expected: tuple, got: tuple) -> str:
    if len(expected) == 2 and tuple(reversed(expected)) == tuple(got) and expected[0] != expected[1]:
        return "the shape is the transpose of the expected one (rows and columns swapped)"
    if tuple(got) == tuple(expected) + (1,):
        return "an extra trailing dimension of size 1: (N, 1) where (N,) was expected"
    if tuple(expected) == tuple(got) + (1,):
        return "the trailing dimension of size 1 is missing: (N,) where (N, 1) was expected"
    if math.prod(expected) == math.prod(got):
        return "the same number of elements, arranged differently: check view/reshape"
    return ""


def dtype_hint(expected: str, got: str) -> str:
    if expected == "torch.float32" and got == "torch.float64":
        return ("a float64 result where float32 was expected: a numpy array or Python float list "
                "turned into float64 somewhere; create tensors with dtype=torch.float32")
    if expected == "torch.int64" and got.startswith("torch.float"):
        return "floats where integer labels (int64) were expected"
    if expected.startswith("torch.float") and got == "torch.int64":
        return "integers where floats were expected: integer division or a missing .float()"
    return ""


def value_hint(expected: torch.Tensor, got: torch.Tensor) -> str:
    """A generic explanation of wrong values: a constant factor (sum for mean), a sign flip."""
    e, g = expected.double().reshape(-1), got.double().reshape(-1)
    if e.numel() == 0 or not torch.isfinite(g).all():
        return ""
    nonzero = e.abs() > 1e-12
    if nonzero.any():
        ratio = g[nonzero] / e[nonzero]
        r = ratio.mean().item()
        if abs(r) < 1e-12:
            return ""
        if ratio.numel() and (ratio - r).abs().max().item() < 1e-4 * max(1.0, abs(r)) and abs(r - 1) > 1e-3:
            if abs(r + 1) < 1e-4:
                return "every value has the wrong sign"
            if abs(r - round(r)) < 1e-4 and round(r) >= 2:
                return (f"every value is {round(r)} times too large: a sum where the mean was expected?")
            if abs(1 / r - round(1 / r)) < 1e-3 and round(1 / r) >= 2:
                return f"every value is {round(1 / r)} times too small: divided once too often?"
    return ""


def _pair(expected: float, got: float) -> tuple[str, str]:
    """Both numbers with enough digits to look different (6 unless they print alike)."""
    for digits in (6, 10, 17):
        e, g = f"{expected:.{digits}g}", f"{got:.{digits}g}"
        if e != g:
            return e, g
    return e, g


def _index(flat: int, shape: tuple) -> tuple:
    index = []
    for size in reversed(shape):
        index.append(flat % size if size else 0)
        flat = flat // size if size else 0
    return tuple(reversed(index))


def compare_tensors(expected: dict, got: dict, tol: Tolerance | None, where: str) -> str | None:
    e, g = expected["data"], got["data"]
    if tuple(e.shape) != tuple(g.shape):
        hint = shape_hint(tuple(e.shape), tuple(g.shape))
        return f"{where}: expected shape {_shape(e.shape)}, got {_shape(g.shape)}" + (f" — {hint}" if hint else "")
    if e.dtype != g.dtype:
        hint = dtype_hint(str(e.dtype), str(g.dtype))
        return f"{where}: expected dtype {e.dtype}, got {g.dtype}" + (f" — {hint}" if hint else "")
    if expected.get("device", "cpu").split(":")[0] != got.get("device", "cpu").split(":")[0]:
        return f"{where}: expected a tensor on {expected['device']}, got one on {got['device']}"
    if e.dtype.is_floating_point or e.dtype.is_complex:
        tol = tol or tolerances.for_dtype(str(e.dtype))
        en, gn = e.double(), g.double()
        both_nan = en.isnan() & gn.isnan()
        same_inf = torch.isinf(en) & (en == gn)
        close = (gn - en).abs() <= tol.atol + tol.rtol * en.abs()
        ok = both_nan | same_inf | close
    else:
        ok = e == g
    if not bool(ok.all()):
        bad = (~ok).reshape(-1)
        count = int(bad.sum())
        diff = (g.double() - e.double()).abs().reshape(-1).nan_to_num(float("inf"))
        diff[~bad] = -1
        worst = int(diff.argmax())
        at = _index(worst, tuple(e.shape))
        ev, gv = e.reshape(-1)[worst].item(), g.reshape(-1)[worst].item()
        where_at = f" at index {at}" if e.dim() else ""
        shown_e, shown_g = _pair(ev, gv)
        message = (f"{where}: values differ at {count} of {e.numel()} positions; "
                   f"worst{where_at}: expected {shown_e}, got {shown_g}")
        if not math.isfinite(gv) and math.isfinite(ev):
            message += " — got a non-finite value (overflow in exp? a log of 0?)"
        else:
            try:
                hint = value_hint(e, g)
            except (RuntimeError, ValueError, ZeroDivisionError, OverflowError):
                hint = ""
            if hint:
                message += f" — {hint}"
        return message
    if bool(expected.get("requires_grad")) != bool(got.get("requires_grad")):
        if got.get("requires_grad"):
            return f"{where}: the tensor is still attached to autograd (requires_grad=True); detach it"
        return f"{where}: the tensor is detached from autograd, but gradients must flow through it"
    return None


def _numbers(expected: Any, got: Any, tol: Tolerance | None, where: str) -> str | None:
    if isinstance(expected, bool) or isinstance(expected, str) or expected is None:
        if type(got) is not type(expected) or got != expected:
            return f"{where}: expected {describe(expected)}, got {describe(got)}"
        return None
    if isinstance(expected, int):
        if type(got) is not int:
            return f"{where}: expected the int {expected}, got {describe(got)}"
        return None if got == expected else f"{where}: expected {expected}, got {got}"
    # a float: accept a float (numpy floats arrive as numpy_scalar)
    if isinstance(got, dict) and got.get("kind") == "numpy_scalar" and isinstance(got["value"], float):
        got = got["value"]
    if type(got) is not float:
        hint = " — call .item() to turn a one-element tensor into a Python float" \
            if isinstance(got, dict) and got.get("kind") == "tensor" else ""
        return f"{where}: expected a Python float, got {describe(got)}{hint}"
    tol = tol or tolerances.PYTHON_FLOAT
    if math.isnan(expected) and math.isnan(got):
        return None
    if abs(got - expected) <= tol.atol + tol.rtol * abs(expected) or got == expected:
        return None
    hint = ""
    if expected and abs(got / expected - round(got / expected)) < 1e-4 and round(got / expected) >= 2:
        hint = f" — {round(got / expected)} times too large: a sum where the mean was expected?"
    shown_e, shown_g = _pair(expected, got)
    return f"{where}: expected {shown_e}, got {shown_g}{hint}"


def compare_value(expected: Any, got: Any, tol: Tolerance | None = None, where: str = "value") -> str | None:
    """The first difference between two plain values, as a sentence; None when they agree."""
    if not isinstance(expected, dict):
        return _numbers(expected, got, tol, where)
    kind = expected.get("kind")
    got_kind = got.get("kind") if isinstance(got, dict) else None
    if got_kind != kind:
        if kind == "tuple" and got_kind == "list":
            return f"{where}: expected a tuple, got a list"
        return f"{where}: expected {describe(expected)}, got {describe(got)}"
    if kind == "tensor":
        return compare_tensors(expected, got, tol, where)
    if kind in ("list", "tuple"):
        e_items, g_items = expected["items"], got["items"]
        if len(e_items) != len(g_items):
            plural = "item" if len(e_items) == 1 else "items"
            return f"{where}: expected {len(e_items)} {plural}, got {len(g_items)}"
        for i, (e, g) in enumerate(zip(e_items, g_items)):
            problem = compare_value(e, g, tol, f"{where}[{i}]")
            if problem:
                return problem
        return None
    if kind == "dict":
        e_map = {_key(k): (k, v) for k, v in expected["items"]}
        g_map = {_key(k): (k, v) for k, v in got["items"]}
        missing = [repr(e_map[k][0]) for k in e_map if k not in g_map]
        extra = [repr(g_map[k][0]) for k in g_map if k not in e_map]
        if missing or extra:
            parts = ([f"missing keys {', '.join(missing)}"] if missing else []) + \
                    ([f"unexpected keys {', '.join(extra)}"] if extra else [])
            return f"{where}: " + "; ".join(parts)
        for k, (key, value) in e_map.items():
            problem = compare_value(value, g_map[k][1], tol, f"{where}[{key!r}]")
            if problem:
                return problem
        return None
    if kind == "module":
        return compare_modules(expected, got, tol, where)
    if kind == "shape":
        if expected["shape"] != got["shape"] or expected["dtype"] != got["dtype"]:
            return (f"{where}: expected shape {_shape(expected['shape'])} ({expected['dtype']}), "
                    f"got {_shape(got['shape'])} ({got['dtype']})")
        return None
    if kind in ("dtype", "device"):
        if expected["value"] != got["value"]:
            return f"{where}: expected {expected['value']}, got {got['value']}"
        return None
    if kind in ("object", "subclass", "numpy_scalar"):
        if short_type(expected["type"]) != short_type(got["type"]) or expected.get("value") != got.get("value"):
            return f"{where}: expected {describe(expected)}, got {describe(got)}"
        return None
    if kind == "ndarray":
        return compare_tensors({"data": expected["data"]}, {"data": got["data"]}, tol, where)
    return None if expected == got else f"{where}: expected {expected!r}, got {got!r}"


def _key(k: Any) -> Any:
    return k if not isinstance(k, dict) else repr(k)


def compare_modules(expected: dict, got: dict, tol: Tolerance | None, where: str) -> str | None:
    e_layers = [(n, short_type(t)) for n, t in expected["layers"]]
    g_layers = [(n, short_type(t)) for n, t in got["layers"]]
    if e_layers[1:] != g_layers[1:]:
        e_top = [t for n, t in e_layers[1:] if "." not in n]
        g_top = [t for n, t in g_layers[1:] if "." not in n]
        hint = ""
        if e_top == g_top[:-1] and g_top and g_top[-1] in ("ReLU", "Sigmoid", "Tanh", "LeakyReLU", "Softmax"):
            hint = " — an activation after the last layer (the model must end with its Linear layer)"
        if e_top != g_top:
            return f"{where}: expected layers [{', '.join(e_top)}], got [{', '.join(g_top)}]" + hint
        for (e_name, e_type), (g_name, g_type) in zip(e_layers[1:], g_layers[1:]):
            if (e_name, e_type) != (g_name, g_type):
                return f"{where}: expected {e_name} to be a {e_type}, got {g_name} = {g_type}"
        if len(e_layers) < len(g_layers):
            return f"{where}: unexpected extra submodules {[n for n, _ in g_layers[len(e_layers):]]}"
        return f"{where}: missing submodules {[n for n, _ in e_layers[len(g_layers):]]}"
    e_state, g_state = dict((n, v) for n, v in expected["state"]), dict((n, v) for n, v in got["state"])
    if list(e_state) != list(g_state):
        return f"{where}: expected parameters {list(e_state)}, got {list(g_state)}"
    for name in e_state:
        problem = compare_value(e_state[name], g_state[name], tol, f"{where}: {name}")
        if problem:
            return problem
    if expected["requires_grad"] != got["requires_grad"]:
        e_frozen = [n for n, r in expected["requires_grad"] if not r]
        g_frozen = [n for n, r in got["requires_grad"] if not r]
        return f"{where}: expected frozen parameters {e_frozen}, got {g_frozen}"
    if expected["training"] != got["training"]:
        mode = lambda t: "train" if t else "eval"  # noqa: E731
        return f"{where}: expected the model in {mode(expected['training'])} mode, got {mode(got['training'])} mode"
    return None


# Messages for keys whose value is a flag a probe computes.
FLAG_MESSAGES = {
    "inputs left unchanged": "the call changed its input in place; build and return a new tensor instead",
}


def compare_results(expected: dict, got: dict, tol: Tolerance | None = None) -> str | None:
    """Compare two probe results key by key, in the order of the expected one."""
    for key, value in expected.items():
        if key not in got:
            return f"{key}: missing from the result"
        if key in FLAG_MESSAGES and value is True and got[key] is not True:
            return FLAG_MESSAGES[key]
        problem = compare_value(value, got[key], tol, key)
        if problem:
            return problem
    return None
