"""Every hint names its mistake by a stable id: no hint returns bare text.

Read statically from each chapter's rules.py (and the hidden half's hints.py, where a chapter has
one): a ``return`` of a string (a literal, an f-string,
a concatenation, a ``.format`` or ``.join``), or a candidate pair ``(wrong answer, text)`` whose
text is a bare string, would give the class report an id made from the words, which changes when
the words do. Ids are checked for form: lowercase words joined by hyphens.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from grader.topics import TOPICS

GRADER = Path(__file__).resolve().parents[2] / "grader"
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _rules(topic: str) -> ast.Module:
    """The chapter's rules.py, with its hidden hints.py appended where there is one."""
    paths = [GRADER / "chapters" / topic / "rules.py", GRADER / "hidden" / topic / "hints.py"]
    return ast.parse("\n".join(p.read_text(encoding="utf-8") for p in paths if p.exists()))


def is_text(node: ast.AST | None) -> bool:
    """Whether an expression plainly builds a string."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return is_text(node.left) or is_text(node.right)
    if isinstance(node, ast.IfExp):
        return is_text(node.body) or is_text(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join") and is_text(node.func.value)
    return False


def _named_calls(tree: ast.Module) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name) and n.func.id == "named"]


@pytest.mark.parametrize("topic", TOPICS)
def test_no_hint_returns_bare_text(topic):
    tree = _rules(topic)
    bare = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Return) and is_text(node.value)]
    assert not bare, f"rules.py of {topic} returns bare text at lines {bare}: wrap it in named(id, text)"


@pytest.mark.parametrize("topic", TOPICS)
def test_no_candidate_pairs_a_wrong_answer_with_bare_text(topic):
    tree = _rules(topic)
    bare = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Tuple)
            and len(node.elts) == 2 and not is_text(node.elts[0]) and is_text(node.elts[1])]
    assert not bare, f"rules.py of {topic}: candidates with bare text at lines {bare}"


@pytest.mark.parametrize("topic", TOPICS)
def test_every_mistake_id_is_lowercase_words_joined_by_hyphens(topic):
    calls = _named_calls(_rules(topic))
    assert calls, f"rules.py of {topic} names no mistake"
    for call in calls:
        first = call.args[0]
        if isinstance(first, ast.Attribute) and first.attr == "mistake_id":
            continue                     # reuses the id of a mistake named elsewhere in the file
        assert isinstance(first, ast.Constant) and isinstance(first.value, str), \
            f"{topic} line {call.lineno}: the id must be a literal"
        assert ID.match(first.value), f"{topic} line {call.lineno}: {first.value!r} is not an id"


def test_the_check_sees_bare_text_where_there_is_some():
    """The static reading is worth something: it flags each form of bare text it claims to."""
    source = ("def h(e, g, a):\n    if a: return 'x'\n    if e: return f'{a}'\n    if g: return 'a' + str(g)\n"
              "    return ', '.join(a)\n")
    returns = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Return)]
    assert all(is_text(r.value) for r in returns)
    assert not is_text(ast.parse("named('id', 'text')", mode="eval").body)


@pytest.mark.parametrize("topic", TOPICS)
def test_hints_read_decoded_values_not_the_wire_form(topic):
    """Wire access goes through hinting.differs / tensor_devices only: no tags, no ``.wire``."""
    tree = _rules(topic)
    wire_reads = [node.lineno for node in ast.walk(tree)
                  if (isinstance(node, ast.Attribute) and node.attr == "wire")
                  or (isinstance(node, ast.Constant) and node.value in ("kind", "data", "items"))]
    assert not wire_reads, f"rules of {topic} read the wire form at lines {wire_reads}"
