"""Compare what the student's call produced with the reference's, in the trusted process.

Order: kind (type), shape, dtype, device, values, then the rest of the structure. The first
difference becomes a ``Finding`` (see grader.findings): where, what was expected, what arrived,
the tolerance allowed, and a generic note where one explains it (a transposed shape, a float64
leak, a sum for a mean). Nothing here words a message for display: ``findings.render`` does.
"""
from __future__ import annotations

import math
from typing import Any

import torch

from grader import tolerances
from grader.findings import Finding, named
from grader.patterns import describe_difference
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
        return f"the {type(value).__name__} {value!r}"[:200]
    kind = value.get("kind")
    if kind == "tensor":
        data = value["data"]
        return f"a tensor of shape {tuple(data.shape)} and dtype {data.dtype}"
    if kind in ("object", "subclass", "numpy_scalar"):
        return f"an object of type {str(value.get('type'))[:100]}"
    if kind == "module":
        return f"an nn.Module of type {short_type(value['type'])}"
    if kind in ("list", "tuple"):
        return f"a {kind} of {len(value['items'])} items"
    return KIND_NAMES.get(kind, str(kind)[:50])


def short_type(name: str) -> str:
    return str(name).rsplit(".", 1)[-1][:100]


def _shape(shape: Any) -> str:
    return str(tuple(shape))


def shape_note(expected: tuple, got: tuple) -> str:
    if len(expected) == 2 and tuple(reversed(expected)) == tuple(got) and expected[0] != expected[1]:
        return named("transposed", "the shape is the transpose of the expected one (rows and columns swapped)")
    if tuple(got) == tuple(expected) + (1,):
        return named("extra-trailing-dim", "an extra trailing dimension of size 1: (N, 1) where (N,) was expected")
    if tuple(expected) == tuple(got) + (1,):
        return named("missing-trailing-dim",
                     "the trailing dimension of size 1 is missing: (N,) where (N, 1) was expected")
    if math.prod(expected) == math.prod(got):
        return named("rearranged", "the same number of elements, arranged differently: check view/reshape")
    return ""


def dtype_note(expected: str, got: str) -> str:
    if expected == "torch.float32" and got == "torch.float64":
        return named("float64-leak", "a float64 result where float32 was expected: a numpy array or Python "
                     "float list turned into float64 somewhere; create tensors with dtype=torch.float32")
    if expected == "torch.int64" and got.startswith("torch.float"):
        return named("float-for-int", "floats where integer labels (int64) were expected")
    if expected.startswith("torch.float") and got == "torch.int64":
        return named("int-for-float", "integers where floats were expected: integer division or a missing .float()")
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


def _allowed(tol: Tolerance, expected: float) -> str:
    """The difference allowed at one expected value: atol + rtol * |expected|."""
    if not math.isfinite(expected):
        return ""
    return f"±{tol.atol + tol.rtol * abs(expected):.2g}"


def compare_tensors(expected: dict, got: dict, tol: Tolerance | None, where: str) -> Finding | None:
    e, g = expected["data"], got["data"]
    if tuple(e.shape) != tuple(g.shape):
        return Finding(where, "shape", f"shape {_shape(e.shape)}", _shape(g.shape)).with_note(
            shape_note(tuple(e.shape), tuple(g.shape)))
    if e.dtype != g.dtype:
        return Finding(where, "dtype", f"dtype {e.dtype}", str(g.dtype)).with_note(
            dtype_note(str(e.dtype), str(g.dtype)))
    e_device, g_device = str(expected.get("device", "cpu")), str(got.get("device", "cpu"))
    if e_device.split(":")[0] != g_device.split(":")[0]:
        return Finding(where, "device", f"a tensor on {e_device}", f"one on {g_device[:40]}")
    floating = e.dtype.is_floating_point or e.dtype.is_complex
    if floating:
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
        ev, gv = e.reshape(-1)[worst].item(), g.reshape(-1)[worst].item()
        shown_e, shown_g = _pair(ev, gv)
        at = f", worst at index {_index(worst, tuple(e.shape))}" if e.dim() else ""
        finding = Finding(where, "values", shown_e, shown_g,
                          tolerance=_allowed(tol, ev) if floating else "",
                          detail=f"values differ at {count} of {e.numel()} positions{at}")
        if not math.isfinite(gv) and math.isfinite(ev):
            return finding.with_note(named("non-finite", "got a non-finite value (overflow in exp? a log of 0?)"))
        try:
            return finding.with_note(describe_difference(e, g, tol or Tolerance(0.0, 0.0)))
        except (RuntimeError, ValueError, ZeroDivisionError, OverflowError):
            return finding
    if bool(expected.get("requires_grad")) != bool(got.get("requires_grad")):
        if got.get("requires_grad"):
            return Finding(where, "grad", detail="the tensor is still attached to autograd "
                           "(requires_grad=True); detach it").with_note(named("not-detached", ""))
        return Finding(where, "grad", detail="the tensor is detached from autograd, but gradients must "
                       "flow through it")
    return None


def _numbers(expected: Any, got: Any, tol: Tolerance | None, where: str) -> Finding | None:
    if isinstance(expected, bool) or isinstance(expected, str) or expected is None:
        if type(got) is not type(expected) or got != expected:
            return Finding(where, "value", describe(expected), describe(got))
        return None
    if isinstance(expected, int):
        if type(got) is not int:
            return Finding(where, "kind", f"the int {expected}", describe(got))
        return None if got == expected else Finding(where, "value", str(expected), str(got)[:100])
    # a float: accept a float (numpy floats arrive as numpy_scalar)
    if isinstance(got, dict) and got.get("kind") == "numpy_scalar" and isinstance(got.get("value"), float):
        got = got["value"]
    if type(got) is not float:
        finding = Finding(where, "kind", "a Python float", describe(got))
        if isinstance(got, dict) and got.get("kind") == "tensor":
            return finding.with_note(named("item-needed", "call .item() to turn a one-element tensor "
                                           "into a Python float"))
        return finding
    tol = tol or tolerances.PYTHON_FLOAT
    if math.isnan(expected) and math.isnan(got):
        return None
    if abs(got - expected) <= tol.atol + tol.rtol * abs(expected) or got == expected:
        return None
    shown_e, shown_g = _pair(expected, got)
    finding = Finding(where, "values", shown_e, shown_g, tolerance=_allowed(tol, expected))
    if expected and math.isfinite(got) and abs(got / expected - round(got / expected)) < 1e-4 \
            and round(got / expected) >= 2:
        return finding.with_note(named("sum-for-mean", f"{round(got / expected)} times too large: a sum "
                                       "where the mean was expected?"))
    return finding


def compare_value(expected: Any, got: Any, tol: Tolerance | None = None, where: str = "value") -> Finding | None:
    """The first difference between two plain values; None when they agree."""
    if type(expected) is list:              # a probe's own plain list (of flags, names, numbers)
        if type(got) is not list:
            return Finding(where, "kind", "a list", describe(got))
        return compare_value({"kind": "list", "items": expected}, {"kind": "list", "items": got}, tol, where)
    if not isinstance(expected, dict):
        return _numbers(expected, got, tol, where)
    kind = expected.get("kind")
    got_kind = got.get("kind") if isinstance(got, dict) else None
    if got_kind != kind:
        if kind == "tuple" and got_kind == "list":
            return Finding(where, "kind", "a tuple", "a list")
        return Finding(where, "kind", describe(expected), describe(got))
    if kind == "tensor":
        return compare_tensors(expected, got, tol, where)
    if kind in ("list", "tuple"):
        e_items, g_items = expected["items"], got["items"]
        if len(e_items) != len(g_items):
            plural = "item" if len(e_items) == 1 else "items"
            return Finding(where, "length", f"{len(e_items)} {plural}", str(len(g_items)))
        for i, (e, g) in enumerate(zip(e_items, g_items)):
            finding = compare_value(e, g, tol, f"{where}[{i}]")
            if finding:
                return finding
        return None
    if kind == "dict":
        return _compare_dicts(expected, got, tol, where)
    if kind == "module":
        return compare_modules(expected, got, tol, where)
    if kind == "shape":
        if expected["shape"] != got["shape"] or expected["dtype"] != got["dtype"]:
            return Finding(where, "shape", f"shape {_shape(expected['shape'])} ({expected['dtype']})",
                           f"{_shape(got['shape'])} ({str(got['dtype'])[:40]})")
        return None
    if kind in ("dtype", "device"):
        if expected["value"] != got["value"]:
            return Finding(where, kind, str(expected["value"]), str(got["value"])[:60])
        return None
    if kind in ("object", "subclass", "numpy_scalar"):
        if short_type(expected["type"]) != short_type(got["type"]) or expected.get("value") != got.get("value"):
            return Finding(where, "kind", describe(expected), describe(got))
        return None
    if kind == "ndarray":
        return compare_tensors({"data": expected["data"]}, {"data": got["data"]}, tol, where)
    return None if expected == got else Finding(where, "value", repr(expected)[:200], repr(got)[:200])


def _key(k: Any) -> Any:
    return k if not isinstance(k, dict) else repr(k)


def _compare_dicts(expected: dict, got: dict, tol: Tolerance | None, where: str) -> Finding | None:
    e_map = {_key(k): (k, v) for k, v in expected["items"]}
    g_map = {_key(k): (k, v) for k, v in got["items"]}
    missing = [repr(e_map[k][0])[:60] for k in e_map if k not in g_map]
    extra = [repr(g_map[k][0])[:60] for k in g_map if k not in e_map][:10]
    if missing or extra:
        parts = ([f"missing keys {', '.join(missing)}"] if missing else []) + \
                ([f"unexpected keys {', '.join(extra)}"] if extra else [])
        return Finding(where, "keys", detail="; ".join(parts))
    for k, (key, value) in e_map.items():
        finding = compare_value(value, g_map[k][1], tol, f"{where}[{key!r}]")
        if finding:
            return finding
    return None


def compare_modules(expected: dict, got: dict, tol: Tolerance | None, where: str) -> Finding | None:
    e_layers = [(n, short_type(t)) for n, t in expected["layers"]]
    g_layers = [(n, short_type(t)) for n, t in got["layers"]]
    if e_layers[1:] != g_layers[1:]:
        e_top = [t for n, t in e_layers[1:] if "." not in n]
        g_top = [t for n, t in g_layers[1:] if "." not in n]
        if e_top != g_top:
            finding = Finding(where, "layers", f"layers [{', '.join(e_top)}]", f"[{', '.join(g_top)[:300]}]")
            if e_top == g_top[:-1] and g_top and g_top[-1] in ("ReLU", "Sigmoid", "Tanh", "LeakyReLU", "Softmax"):
                finding = finding.with_note(named("activation-after-last", "an activation after the last "
                                                  "layer (the model must end with its Linear layer)"))
            return finding
        for (e_name, e_type), (g_name, g_type) in zip(e_layers[1:], g_layers[1:]):
            if (e_name, e_type) != (g_name, g_type):
                return Finding(where, "layers", f"{e_name} to be a {e_type}", f"{g_name} = {g_type}"[:200])
        if len(e_layers) < len(g_layers):
            return Finding(where, "layers", detail=f"unexpected extra submodules "
                           f"{[n for n, _ in g_layers[len(e_layers):]][:10]}")
        return Finding(where, "layers", detail=f"missing submodules {[n for n, _ in e_layers[len(g_layers):]]}")
    e_state, g_state = dict((n, v) for n, v in expected["state"]), dict((n, v) for n, v in got["state"])
    if list(e_state) != list(g_state):
        return Finding(where, "parameters", f"parameters {list(e_state)}", f"{list(g_state)}"[:300])
    for name in e_state:
        finding = compare_value(e_state[name], g_state[name], tol, f"{where}: {name}")
        if finding:
            return finding
    if expected["requires_grad"] != got["requires_grad"]:
        e_frozen = [n for n, r in expected["requires_grad"] if not r]
        g_frozen = [n for n, r in got["requires_grad"] if not r]
        return Finding(where, "frozen", f"frozen parameters {e_frozen}", f"{g_frozen}"[:300])
    if expected["training"] != got["training"]:
        def mode(training: bool) -> str:
            return "train" if training else "eval"
        return Finding(where, "mode", f"the model in {mode(expected['training'])} mode",
                       f"{mode(got['training'])} mode")
    return None


INPUTS_AFTER = "inputs after the call"     # the value probe's key (grader.probes.common)
MUTATED = named("mutated-input", "the call changed its input in place; build and return a new tensor instead")


def compare_results(expected: dict, got: dict, tol: Tolerance | None = None) -> Finding | None:
    """Compare two probe results key by key, in the order of the expected one."""
    for key, value in expected.items():
        if key not in got:
            return Finding(key, "missing", detail="missing from the result")
        if key == INPUTS_AFTER:             # inputs must come back exactly as they went in
            finding = compare_value(value, got[key], tolerances.EXACT, key)
            if finding:
                return finding.with_note(MUTATED)
            continue
        finding = compare_value(value, got[key], tol, key)
        if finding:
            return finding
    return None
