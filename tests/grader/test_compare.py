"""Comparison finds what was expected and what arrived (as data), and names generic mistakes."""
from __future__ import annotations

import torch

from grader import wire
from grader.compare import INPUTS_AFTER, compare_results
from grader.compare import compare_value as _compare
from grader.findings import render
from grader.tolerances import Tolerance


def enc(x):
    return wire.encode(x)


def compare_value(*args, **kwargs) -> str | None:
    """The finding as a person reads it (None when the values agree)."""
    finding = _compare(*args, **kwargs)
    return None if finding is None else render(finding)


def test_a_value_mismatch_is_data_and_shows_the_tolerance_allowed():
    finding = _compare(0.5, 0.50002, where="returned value")
    assert (finding.what, finding.expected, finding.got) == ("values", "0.5", "0.50002")
    assert finding.tolerance == "±1.1e-05"                    # atol 1e-5 + rtol 1.3e-6 * 0.5
    assert render(finding) == "returned value: expected 0.5, got 0.50002 (allowed ±1.1e-05)"


def test_a_generic_mistake_carries_a_stable_id():
    finding = _compare(enc(torch.zeros(2, 3)), enc(torch.zeros(3, 2)))
    assert finding.what == "shape" and finding.note_id == "transposed" and finding.likely == "transposed"


def test_equal_tensors_within_float32_tolerance_pass():
    a = torch.tensor([1.0, 2.0, 3.0])
    assert compare_value(enc(a), enc(a + 1e-7)) is None


def test_value_difference_names_the_worst_position_and_both_values():
    message = compare_value(enc(torch.tensor([[1.0, 2.0], [3.0, 4.0]])), enc(torch.tensor([[1.0, 2.0], [3.0, 9.0]])),
                            where="returned value")
    assert "1 of 4 positions" in message and "index (1, 1)" in message
    assert "expected 4" in message and "got 9" in message


def test_shape_mismatch_is_reported_before_values_and_transpose_is_named():
    message = compare_value(enc(torch.zeros(2, 3)), enc(torch.zeros(3, 2)))
    assert "expected shape (2, 3), got (3, 2)" in message and "transpose" in message


def test_column_vector_where_vector_expected_is_named():
    message = compare_value(enc(torch.zeros(4)), enc(torch.zeros(4, 1)))
    assert "(N, 1) where (N,) was expected" in message


def test_float64_leak_is_named():
    message = compare_value(enc(torch.zeros(3)), enc(torch.zeros(3, dtype=torch.float64)))
    assert "expected dtype torch.float32, got torch.float64" in message and "float64 result" in message


def test_sum_instead_of_mean_is_named_for_floats_and_tensors():
    assert "sum where the mean" in compare_value(2.5, 10.0)
    message = compare_value(enc(torch.tensor([1.0, -2.0, 3.0])), enc(torch.tensor([4.0, -8.0, 12.0])))
    assert "4 times too large" in message


def test_nan_where_finite_expected_is_reported():
    message = compare_value(enc(torch.tensor([0.5, 1.0])), enc(torch.tensor([0.5, float("nan")])))
    assert "non-finite" in message


def test_matching_nans_and_infinities_compare_equal():
    t = torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0])
    assert compare_value(enc(t), enc(t.clone())) is None


def test_integer_tensors_compare_exactly():
    assert compare_value(enc(torch.tensor([1, 2])), enc(torch.tensor([1, 3]))) is not None


def test_tensor_where_float_expected_suggests_item():
    assert ".item()" in compare_value(0.5, enc(torch.tensor(0.5)))


def test_int_and_float_and_bool_are_distinct():
    assert compare_value(3, 3.0) is not None
    assert compare_value(1, True) is not None
    assert compare_value(True, 1) is not None


def test_tuple_versus_list_and_dict_keys_are_named():
    assert "expected a tuple, got a list" in compare_value(enc((1, 2)), enc([1, 2]))
    message = compare_value(enc({"a": 1, "b": 2}), enc({"a": 1, "c": 2}))
    assert "missing keys 'b'" in message and "unexpected keys 'c'" in message


def test_a_tolerance_override_is_used():
    loose = Tolerance(rtol=0.0, atol=0.1)
    assert compare_value(enc(torch.tensor([1.0])), enc(torch.tensor([1.05])), loose) is None
    assert compare_value(enc(torch.tensor([1.0])), enc(torch.tensor([1.05]))) is not None


def test_autograd_attachment_is_compared():
    message = compare_value(enc(torch.ones(2)), enc(torch.ones(2, requires_grad=True) * 1))
    assert "requires_grad=True" in message


def test_modules_compare_layers_parameters_and_mode():
    torch.manual_seed(0)
    a = torch.nn.Sequential(torch.nn.Linear(3, 2))
    b = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU())
    assert "activation after the last layer" in compare_value(enc(a), enc(b))
    c = torch.nn.Sequential(torch.nn.Linear(3, 2))
    c.load_state_dict(a.state_dict())
    assert compare_value(enc(a), enc(c)) is None
    c.eval()
    assert "eval mode" in compare_value(enc(a), enc(c))


def test_subclass_of_tensor_is_refused_by_name():
    class Liar(torch.Tensor):
        pass
    message = compare_value(enc(torch.zeros(2)), enc(torch.zeros(2).as_subclass(Liar)))
    assert "Liar" in message and "subclass" in message


def test_results_compare_key_by_key_and_name_a_changed_input():
    x = torch.tensor([1.0, -2.0])
    expected = {"returned value": enc(torch.zeros(1)), INPUTS_AFTER: enc([x])}
    got = {"returned value": enc(torch.zeros(1)), INPUTS_AFTER: enc([x.clamp(min=0)])}
    finding = compare_results(expected, got)
    assert finding.note_id == "mutated-input" and "changed its input in place" in render(finding)
    assert compare_results(expected, {"returned value": enc(torch.zeros(1)), INPUTS_AFTER: enc([x])}) is None
    assert "missing" in render(compare_results(expected, {"returned value": enc(torch.zeros(1))}))


def test_an_input_changed_by_less_than_the_tolerance_still_counts_as_changed():
    x = torch.tensor([1.0, 2.0])
    finding = compare_results({INPUTS_AFTER: enc([x])}, {INPUTS_AFTER: enc([x + 1e-7])})
    assert finding is not None and finding.note_id == "mutated-input"
