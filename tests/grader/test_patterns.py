"""Wrong values that keep a property of the right ones are described by that property.

Each case builds the right tensor by hand, then the wrong one by a known mistake, and checks the
note names that mistake's property (and that unrelated wrong values get no false note).
"""
from __future__ import annotations

import pytest
import torch

from grader.compare import compare_tensors
from grader.patterns import describe_difference
from grader.tolerances import Tolerance

TOL = Tolerance(rtol=1e-5, atol=1e-8)
GRID = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
PROBS = torch.tensor([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]])            # rows sum to 1


def note_id(expected, got):
    note = describe_difference(expected, got, TOL)
    return note.mistake_id if note else None


@pytest.mark.parametrize("got, wanted", [
    (-GRID, "wrong-sign"),
    (GRID * 3, "sum-for-mean"),
    (GRID / 2, "divided-too-often"),
    (GRID * 1.25, "scaled"),
    (GRID + 1, "offset"),
    (torch.tensor([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]), "column-major"),      # filled down columns
    (torch.tensor([[3.0, 2.0, 1.0], [6.0, 5.0, 4.0]]), "reversed"),
    (torch.tensor([[3.0, 1.0, 2.0], [6.0, 4.0, 5.0]]), "shifted"),
    (torch.tensor([[1.0, 2.0, 3.0], [4.0, 6.0, 5.0]]), "reordered"),
])
def test_a_grid_made_wrong_in_a_known_way_is_described_by_that_way(got, wanted):
    assert note_id(GRID, got) == wanted


def test_running_totals_are_named_along_the_dim_they_accumulate():
    per_epoch = torch.tensor([0.9, 0.5, 0.25])
    assert note_id(per_epoch, torch.tensor([0.9, 1.4, 1.65])) == "running-total"
    assert "along dim 1" in describe_difference(GRID, torch.tensor([[1.0, 3.0, 6.0], [4.0, 9.0, 15.0]]), TOL)
    assert "along dim 0" in describe_difference(GRID, torch.tensor([[1.0, 2.0, 3.0], [5.0, 7.0, 9.0]]), TOL)
    # the last two values summed, not all of them: not a running total
    assert note_id(per_epoch, torch.tensor([0.9, 1.4, 0.75])) != "running-total"


def test_channels_last_images_are_described_as_permuted_dimensions():
    images = torch.arange(2 * 3 * 2 * 2, dtype=torch.float32).reshape(2, 3, 2, 2)   # N, C, H, W
    channels_last = images.permute(0, 2, 3, 1).reshape(2, 3, 2, 2)                 # N, H, W, C data
    note = describe_difference(images, channels_last, TOL)
    assert note.mistake_id == "dims-permuted" and "(0, 2, 3, 1)" in note


def test_rounding_and_clipping_are_named():
    x = torch.tensor([0.5, 1.7, -2.2, 3.9, -0.4])
    assert note_id(x, torch.tensor([0.0, 1.0, -3.0, 3.0, -1.0])) == "rounded"        # floor
    wide = torch.tensor([-5.0, -1.0, 0.0, 2.0, 9.0])
    assert note_id(wide, torch.tensor([-3.0, -1.0, 0.0, 2.0, 3.0])) == "clipped"


def test_probabilities_normalised_along_the_wrong_dim_name_both_dims():
    wrong = PROBS / PROBS.sum(0, keepdim=True)                    # columns sum to 1 instead
    note = describe_difference(PROBS, wrong, TOL)
    assert note.mistake_id == "normalised-wrong-dim" and "dim 0" in note and "dim 1" in note
    everything = PROBS / PROBS.sum()
    assert note_id(PROBS, everything) == "normalised-everything"


def test_one_wrong_end_of_a_vector_is_located():
    right = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    note = describe_difference(right, torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 0.0]), TOL)
    assert note.mistake_id == "one-element" and "index 5" in note and "last" in note


def test_a_wrong_last_row_is_located():
    right = torch.arange(12, dtype=torch.float32).reshape(4, 3)
    wrong = right.clone()
    wrong[3] = torch.tensor([0.0, 0.0, 1.0])
    note = describe_difference(right, wrong, TOL)
    assert note.mistake_id == "one-slice" and "dim 0" in note and "last" in note


def test_one_wrong_value_among_a_few_is_not_called_an_edge_case():
    x = torch.tensor([-1.0, 0.0, 2.0])
    assert note_id(x.clamp(min=0), x.abs()) is None          # relu written as abs: a formula, not an edge
    grid = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    one_off = grid.clone()
    one_off[1, 2] = 9.0
    assert note_id(grid, one_off) is None                     # one value in a row of two


def test_unrelated_wrong_values_get_no_note():
    assert note_id(GRID, torch.tensor([[0.3, -2.0, 7.0], [1.5, 0.0, 2.0]])) is None
    assert describe_difference(GRID, torch.full((2, 3), float("nan")), TOL) is None


def test_the_note_reaches_the_finding_of_a_tensor_comparison():
    expected = {"kind": "tensor", "data": GRID}
    got = {"kind": "tensor", "data": torch.tensor([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]])}
    finding = compare_tensors(expected, got, TOL, "returned value")
    assert finding.what == "values" and finding.note_id == "column-major"
    assert "column-major" in finding.note


def test_one_number_gets_no_factor_or_offset_note_but_a_whole_multiple_still_counts():
    assert note_id(torch.tensor(2.0), torch.tensor(3.3)) is None            # any two numbers relate
    assert note_id(torch.tensor([2.0]), torch.tensor([5.0])) is None
    assert note_id(torch.tensor(0.25), torch.tensor(1.0)) == "sum-for-mean"   # a loss summed over 4
