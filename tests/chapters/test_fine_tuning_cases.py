"""Chapter 08: the references resume bit for bit, and the cases exercise what they claim to."""
from __future__ import annotations

import pytest
import torch

from grader import reference
from grader.hidden import load
from grader.chapters.fine_tuning.probes import RESUMED_SAME
from grader.outcome import Kind
from solutions import fine_tuning

CASES = load("fine_tuning")
CHECKPOINTS = [c for c in CASES if c.exercise in ("fine_tuning.save_checkpoint", "fine_tuning.load_checkpoint")]


@pytest.mark.parametrize("case", CHECKPOINTS, ids=lambda c: c.id)
def test_resuming_from_a_reference_checkpoint_equals_never_stopping(case):
    outcome = reference.expected(case)
    assert outcome.kind == Kind.RETURNED
    assert outcome.result[RESUMED_SAME] is True


def test_resuming_without_the_optimizer_state_diverges():
    torch.manual_seed(0)
    x, y = torch.randn(12, 4), torch.randint(0, 3, (12,))

    def run(steps, model, opt):
        for _ in range(steps):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()

    model = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    run(3, model, opt)
    resumed = torch.nn.Linear(4, 3)
    resumed.load_state_dict(model.state_dict())
    fresh_opt = torch.optim.SGD(resumed.parameters(), lr=0.1, momentum=0.9)   # momentum lost
    run(2, model, opt)
    run(2, resumed, fresh_opt)
    assert not torch.equal(model.weight, resumed.weight)


def test_small_cnn_maps_digit_images_to_logits():
    model = fine_tuning.SmallCNN(10)
    assert model(torch.zeros(5, 1, 8, 8)).shape == (5, 10)
    assert sum(p.numel() for p in model.parameters()) == 8 * 9 + 8 + 16 * 8 * 9 + 16 + 64 * 10 + 10


def test_a_state_dict_hidden_by_an_assignment_is_reported_not_raised():
    """`model.state_dict = d` leaves a dict where the method was: the probe says so and stops."""
    from grader import wire
    from grader.chapters.fine_tuning.probes import METHODS_HIDDEN, checkpoint_loaded

    def assigns(path, model, optimizer):
        model.state_dict = {"weight": torch.zeros(3, 4)}
        return 3

    model = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    result = checkpoint_loaded(assigns, ["unused.pt", model, opt], {}, source={}, after=1)
    assert result[METHODS_HIDDEN] == wire.encode(["model.state_dict"])
    assert "model after loading" not in result


def test_the_assigned_state_dict_hint_names_only_methods_never_a_forged_string():
    """The reply is the student's: a forged list (say, the hidden case's inputs) is not repeated."""
    from grader import wire
    from grader.chapters.fine_tuning.probes import METHODS_HIDDEN
    from grader.chapters.fine_tuning.rules import _load_checkpoint
    from grader.decoded import decode_result

    def reply(names):
        return decode_result({METHODS_HIDDEN: wire.encode(names)})

    hint = _load_checkpoint(decode_result({}), reply(["model.state_dict", "HIDDEN INPUTS: [[0.25, 0.5]]"]), [])
    assert hint.mistake_id == "state-dict-assigned" and "model.state_dict" in hint
    assert "HIDDEN" not in hint and "0.25" not in hint
    assert _load_checkpoint(decode_result({}), reply(["<script>"]), []) is None
