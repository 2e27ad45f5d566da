"""Cases are data: which exercise, how many points, a seed, public or hidden, what to call."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import torch

from grader.spec import to_spec
from grader.tolerances import Tolerance


@dataclass(frozen=True)
class Call:
    """One call: ``target(*args, **kwargs)`` observed through ``probe`` (see grader/probes)."""

    target: str
    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)
    probe: str = "value"
    probe_args: dict = field(default_factory=dict)

    def to_spec(self, seed: int) -> dict:
        """Plain data for the worker (and the frozen public file)."""
        return {"target": self.target, "seed": seed, "probe": self.probe,
                "args": [to_spec(a) for a in self.args],
                "kwargs": {k: to_spec(v) for k, v in self.kwargs.items()},
                "probe_args": {k: to_spec(v) for k, v in self.probe_args.items()}}


@dataclass(frozen=True)
class Case:
    """One graded case of an exercise.

    ``make(generator)`` builds the Call from a generator seeded with ``seed``, so hidden inputs
    are random but reproducible. ``tolerance`` overrides the dtype table; ``why`` must say why.
    """

    exercise: str
    name: str
    make: Callable[[torch.Generator], Call]
    seed: int = 0
    hidden: bool = True
    points: float = 1.0
    tolerance: Tolerance | None = None
    why: str = ""
    timeout: float | None = None

    def __post_init__(self) -> None:
        if self.tolerance is not None and not self.why:
            raise ValueError(f"{self.id}: a tolerance override needs a reason (why=...)")

    @property
    def id(self) -> str:
        return f"{self.exercise}[{self.name}]"

    @property
    def topic(self) -> str:
        return self.exercise.split(".")[0]

    @property
    def function(self) -> str:
        return self.exercise.split(".", 1)[1]

    def call(self) -> Call:
        return self.make(torch.Generator().manual_seed(self.seed))

    def spec(self) -> dict:
        return self.call().to_spec(self.seed)


def cases_for(exercise: str, *, public: list[tuple[str, Callable]] = (),
              hidden: list[tuple[str, Callable]] = (), seed: int = 0, **options: Any) -> list[Case]:
    """A shorthand: ``cases_for("tensors.grid", public=[("2x3", make)], hidden=[...])``.

    Seeds are ``seed``, ``seed + 1``, ... in order, so every case has its own inputs.
    """
    out = []
    for i, (name, make) in enumerate(list(public) + list(hidden)):
        out.append(Case(exercise, name, make, seed=seed + i, hidden=i >= len(public), **options))
    return out
