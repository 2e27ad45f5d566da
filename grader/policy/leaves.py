"""Which function a name reaches: private, in-place and op-level spellings count as the public one.

PyTorch exposes one kernel under many names: ``torch.softmax``, ``torch._softmax``,
``torch._C._VariableFunctions.softmax``, ``torch.ops.aten._softmax.default``, ``x.softmax_()``.
Listing every variant by hand in the chapter rules would never be complete, so the policy compares
*keys* instead: the last meaningful name with leading underscores, a trailing in-place underscore
and a ``special_`` op prefix stripped. A forbidden path matches any use whose key equals its key,
whatever the receiver (``torch.*``, ``torch._C._nn``, a tensor, ``scipy.special``).
"""
from __future__ import annotations

import re

# `aten::softmax` or `aten::_softmax.int`: how an op is named in a string (torch._C lookups).
OP_STRING = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*::([A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z0-9_]+)?$")


def key(name: str) -> str:
    """The key of one name: ``_softmax`` -> ``softmax``, ``sigmoid_`` -> ``sigmoid``,
    ``special_expit`` -> ``expit``; dunders and plain names are kept as they are."""
    if name.startswith("__") and name.endswith("__"):
        return name
    stripped = name.lstrip("_")
    if stripped.endswith("_"):
        stripped = stripped[:-1]              # the in-place variant reaches the same function
    if stripped.startswith("special_") and len(stripped) > len("special_"):
        stripped = stripped[len("special_"):]  # aten's name for torch.special.<name>
    return stripped or name


def path_keys(path: str) -> frozenset[str]:
    """The keys a dotted path can reach: one per component, so that ``torch.ops.aten.sigmoid.default``
    (an overload of ``sigmoid``) and ``torch._C._nn.leaky_relu`` match their public forms."""
    return frozenset(key(part) for part in path.split(".") if part)


def forbidden_key(path: str) -> str:
    """The key of a forbidden path from a chapter's rules (its last component)."""
    return key(path.rsplit(".", 1)[-1])


def op_string_key(text: str) -> str | None:
    """The key of an op named in a string such as ``"aten::sigmoid"``; None for other strings."""
    found = OP_STRING.match(text) if len(text) < 200 else None
    return key(found.group(1)) if found else None
