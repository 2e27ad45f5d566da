"""Chapter 02, layers: the functions you write.

Replace each ``raise NotImplementedError(...)`` with your code, between the ANSWER lines.
Check one exercise from the notebook with ``check("layers.build_mlp")``.
"""
from __future__ import annotations

import torch
from torch import nn


def linear_forward(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """What ``nn.Linear`` computes: ``x @ weight.T + bias``.

    Args:
        x: ``(N, in)`` inputs, float.
        weight: ``(out, in)``: one row of weights per output neuron (``nn.Linear``'s layout).
        bias: ``(out,)``, or None for a layer without bias.

    Returns:
        ``(N, out)``, the same dtype as ``x``; gradients must be able to flow through it.

    Example:
        >>> linear_forward(torch.ones(2, 3), torch.ones(4, 3), torch.zeros(4)).shape
        torch.Size([2, 4])

    Hints:
        ``weight`` is ``(out, in)``, so ``x @ weight`` only works by accident when in == out.
        ``.T`` transposes a matrix. Check ``bias is None`` before adding it.

    Not allowed: ``F.linear``, ``nn.Linear``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("layers.linear_forward")
    # ---- ANSWER END ----


def build_mlp(sizes: list[int], activation: str = "relu") -> nn.Sequential:
    """A multilayer perceptron: Linear layers with an activation between them, none after the last.

    Args:
        sizes: ``[in, hidden_1, ..., out]``, e.g. ``[4, 8, 3]``.
        activation: ``"relu"``, ``"leaky_relu"``, ``"sigmoid"`` or ``"tanh"``
            (``nn.ReLU()``, ``nn.LeakyReLU()``, ``nn.Sigmoid()``, ``nn.Tanh()`` with default options).

    Returns:
        an ``nn.Sequential``: ``Linear(sizes[0], sizes[1]), Act(), ..., Linear(sizes[-2], sizes[-1])``.

    Raises:
        ValueError: fewer than two sizes, or an unknown activation name.

    Example:
        >>> build_mlp([4, 8, 3])
        Sequential(
          (0): Linear(in_features=4, out_features=8, bias=True)
          (1): ReLU()
          (2): Linear(in_features=8, out_features=3, bias=True)
        )

    Hints:
        Build a Python list of layers, then ``nn.Sequential(*layers)``. The last layer outputs
        raw scores (logits): no activation after it. A dict can map names to layer classes.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("layers.build_mlp")
    # ---- ANSWER END ----


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """How many numbers a model learns.

    Args:
        model: any ``nn.Module``.
        trainable_only: count only the parameters that have ``requires_grad=True``.

    Returns:
        an int: the total number of elements of the model's parameters.

    Example:
        >>> count_parameters(nn.Sequential(nn.Linear(8, 4), nn.Linear(4, 2)))
        46

    Hints:
        ``model.parameters()`` yields tensors; ``.numel()`` counts a tensor's elements. A
        frozen parameter has ``requires_grad == False``. Buffers (BatchNorm's running mean, ...)
        are in ``state_dict()`` but are not parameters.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("layers.count_parameters")
    # ---- ANSWER END ----


class TwoLayerNet(nn.Module):
    """A hidden Linear layer, ReLU, and an output Linear layer that returns logits.

    Attributes ``hidden`` and ``output`` must be ``nn.Linear`` layers with those names: they
    become the parameter names ``hidden.weight``, ``hidden.bias``, ``output.weight``,
    ``output.bias``, so a saved ``state_dict`` loads into your model.

    Example:
        >>> net = TwoLayerNet(4, 8, 3)
        >>> net(torch.zeros(5, 4)).shape
        torch.Size([5, 3])

    Hints:
        Call ``super().__init__()`` first. Any activation goes in ``forward``, between the two
        layers; nothing after ``output``.
    """

    def __init__(self, in_features: int, hidden_features: int, out_features: int) -> None:
        """Create ``self.hidden`` (in -> hidden) and ``self.output`` (hidden -> out).

        Args:
            in_features: size of each input sample.
            hidden_features: number of hidden neurons.
            out_features: number of outputs (classes).
        """
        # ---- ANSWER START ----
        raise NotImplementedError("layers.TwoLayerNet")
        # ---- ANSWER END ----

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``output(relu(hidden(x)))``: ``(N, in)`` -> ``(N, out)`` logits."""
        # ---- ANSWER START ----
        raise NotImplementedError("layers.TwoLayerNet")
        # ---- ANSWER END ----


def init_uniform_(layer: nn.Linear, low: float, high: float, seed: int) -> nn.Linear:
    """Re-initialize a Linear layer in place: uniform weights from a seed, zero bias.

    Args:
        layer: the ``nn.Linear`` to change (its bias may be None).
        low: lower bound of the uniform distribution.
        high: upper bound.
        seed: seed the random number generator with it first.

    Returns:
        the same ``layer`` object (not a copy), changed in place.

    Example:
        >>> layer = nn.Linear(3, 2)
        >>> init_uniform_(layer, -0.1, 0.1, seed=0) is layer
        True

    Hints:
        ``torch.manual_seed(seed)``, then ``nn.init.uniform_(tensor, low, high)``;
        ``nn.init.zeros_`` for the bias. Both change a parameter in place, safely.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("layers.init_uniform_")
    # ---- ANSWER END ----


def layer_shapes(model: nn.Sequential, input_shape: tuple) -> list[tuple]:
    """The output shape after each top-level layer, for a float32 zero input.

    Args:
        model: an ``nn.Sequential``. Leave it exactly as it was: parameters, buffers (BatchNorm's
            running statistics) and its train/eval mode.
        input_shape: shape of the input, batch dimension included, e.g. ``(2, 4)``.

    Returns:
        a list with one tuple per top-level layer, e.g. ``[(2, 8), (2, 8), (2, 3)]``.

    Example:
        >>> layer_shapes(nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)), (2, 4))
        [(2, 8), (2, 8), (2, 3)]

    Hints:
        Iterating over a Sequential yields its layers in order. Shapes need no gradients: run
        under ``torch.no_grad()``. In train mode BatchNorm updates its running statistics: work
        on a copy (``copy.deepcopy``) in eval mode.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("layers.layer_shapes")
    # ---- ANSWER END ----
