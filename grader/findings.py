"""Findings: what a failed case found, as data, and the one function that words it.

A comparison does not return a sentence: it returns a ``Finding`` (where, what was expected,
what came back, the allowed tolerance, and the likely mistake by id and text). ``render`` turns
findings into the text shown in feedback, summaries, nbgrader and ``check()``; the class report
groups by ``mistake_id``. Rewording a message changes no score and no grouping.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

MAX_FIELD = 600   # characters of one field: a finding never carries a huge student string


class Named(str):
    """A mistake's text that carries a stable id: ``named("softmax-dim", "rows do not sum ...")``.

    It is a ``str`` so hints can keep returning text; the id survives any rewording.
    """

    mistake_id: str

    def __new__(cls, mistake_id: str, text: str) -> "Named":
        obj = super().__new__(cls, text)
        obj.mistake_id = mistake_id
        return obj


def named(mistake_id: str, text: str) -> Named:
    """Text naming a known mistake, with its stable id."""
    return Named(mistake_id, text)


def mistake_id_of(text: str | None) -> str:
    """The id of a hint's text: its own id, or (for plain text) a slug of its opening words."""
    if not text:
        return ""
    if isinstance(text, Named):
        return text.mistake_id
    words = re.findall(r"[a-z]+", text.lower())[:6]
    return "-".join(words) or "unnamed"


@dataclass(frozen=True)
class Finding:
    """One difference between the student's outcome and the reference's.

    Attributes:
        where: which part of the result ("returned value[0]", "model after the call: 0.weight").
        what: which property differs: kind, length, keys, shape, dtype, device, values, grad,
            layers, parameters, frozen, mode, raised, returned, error.
        expected: the expected side, as short text.
        got: what arrived, as short text.
        tolerance: the allowed difference where values are compared ("±1.1e-05").
        detail: more about where it differs ("3 of 12 positions; worst at index (1, 2)").
        note_id, note: a generic explanation the comparison recognised (a transposed shape).
        mistake_id, mistake: the chapter's hint naming the likely mistake.
    """

    where: str
    what: str
    expected: str = ""
    got: str = ""
    tolerance: str = ""
    detail: str = ""
    note_id: str = ""
    note: str = ""
    mistake_id: str = ""
    mistake: str = ""

    def __post_init__(self) -> None:
        # the field names, not asdict(): asdict deep-copies every value, and a class report
        # reads tens of thousands of findings
        for key in self.__dataclass_fields__:
            value = getattr(self, key)
            if isinstance(value, str) and len(value) > MAX_FIELD:
                object.__setattr__(self, key, value[:MAX_FIELD] + "...")

    @property
    def likely(self) -> str:
        """The id to group by: the chapter's named mistake, else the generic note."""
        return self.mistake_id or self.note_id

    def with_note(self, note: str | None) -> "Finding":
        if not note:
            return self
        return Finding(**{**asdict(self), "note_id": mistake_id_of(note), "note": str(note)})

    def with_mistake(self, mistake: str | None) -> "Finding":
        if not mistake:
            return self
        return Finding(**{**asdict(self), "mistake_id": mistake_id_of(mistake), "mistake": str(mistake)})

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Finding":
        fields = cls.__dataclass_fields__
        values = {k: str(v) for k, v in data.items() if k in fields}
        return cls(values.pop("where", ""), values.pop("what", ""), **values)


def render(finding: Finding) -> str:
    """The sentence a person reads: the only place a finding becomes text."""
    if finding.what == "text":              # a finding that is a sentence already
        line = f"{finding.where}: {finding.detail}" if finding.where else finding.detail
    elif finding.expected or finding.got:
        line = f"{finding.where}: expected {finding.expected}, got {finding.got}"
        if finding.tolerance:
            line += f" (allowed {finding.tolerance})"
        if finding.detail:
            line += f"; {finding.detail}"
    else:
        line = f"{finding.where}: {finding.detail}"
    if finding.note:
        line += f" — {finding.note}"
    if finding.mistake:
        line += f"\n  likely mistake: {finding.mistake}"
    return line
