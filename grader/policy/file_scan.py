"""What a scan of one file records: uses of library names and references, per owner.

An owner is ``None`` for the code that runs when the module is imported, the name of a top-level
function or class for its body, or ``MAIN`` for an ``if __name__ == "__main__":`` block.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field

MAIN = "<main>"
MAX_CHARS = 400_000          # a course file is a few hundred lines; reading must stay cheap
MAX_NODES = 200_000


@dataclass(frozen=True)
class Use:
    """One place that names a library function (or an attribute of an unknown object)."""

    line: int
    keys: frozenset[str]       # leaves.key of the names it may reach
    paths: frozenset[str]      # dotted paths, where the receiver is known
    text: str                  # the source text, shortened, for messages
    method: bool = False       # an attribute of an object of unknown type (``x.sigmoid``)


@dataclass
class FileScan:
    """What one file uses and references, per owner, and why it is refused (if it is)."""

    topic: str
    uses: dict[str | None, list[Use]] = field(default_factory=lambda: defaultdict(list))
    refs: dict[str | None, set[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(set))
    refusals: list[str] = field(default_factory=list)


def text_of(node: ast.AST) -> str:
    """The source text of ``node``, shortened, to name it in a message."""
    parts, inner = [], node
    while isinstance(inner, ast.Attribute):   # the common case, without unparse (it is slow)
        parts.append(inner.attr)
        inner = inner.value
    try:
        text = ".".join([inner.id, *reversed(parts)]) if isinstance(inner, ast.Name) else ast.unparse(node)
    except Exception:  # noqa: BLE001 - only a label for a message
        return "?"
    return text if len(text) <= 60 else text[:57] + "..."
