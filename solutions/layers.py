"""Chapter 02, layers: reference implementations."""
from __future__ import annotations

import copy

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}


def linear_forward(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """What ``nn.Linear`` computes: ``x @ weight.T + bias``.

    Args:
        x: ``(N, in)`` inputs.
        weight: ``(out, in)``, the layout ``nn.Linear`` stores.
        bias: ``(out,)``, or None for a layer without bias.

    Returns:
        ``(N, out)``.
    """
    out = x @ weight.T                  # (N, in) @ (in, out) -> (N, out)
    if bias is not None:
        out = out + bias                # (out,) broadcasts over the N rows
    return out


def build_mlp(sizes: list[int], activation: str = "relu") -> nn.Sequential:
    """A multilayer perceptron: Linear layers with an activation between them, none after the last.

    Args:
        sizes: ``[in, hidden_1, ..., out]``, at least two sizes.
        activation: ``"relu"``, ``"leaky_relu"``, ``"sigmoid"`` or ``"tanh"``.

    Returns:
        ``nn.Sequential(Linear(sizes[0], sizes[1]), Act(), ..., Linear(sizes[-2], sizes[-1]))``.

    Raises:
        ValueError: fewer than two sizes, or an unknown activation.
    """
    if len(sizes) < 2:
        raise ValueError(f"an MLP needs at least two sizes (in and out), got {list(sizes)}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose from {', '.join(ACTIVATIONS)}")
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:          # no activation after the last Linear: it outputs logits
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """How many numbers a model learns.

    Args:
        model: any module.
        trainable_only: count only parameters with ``requires_grad=True``.

    Returns:
        the total number of elements of its parameters (buffers such as BatchNorm's running
        statistics are not parameters).
    """
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


class TwoLayerNet(nn.Module):
    """A hidden Linear layer, ReLU, and an output Linear layer that returns logits."""

    def __init__(self, in_features: int, hidden_features: int, out_features: int) -> None:
        """Create the two layers.

        Args:
            in_features: size of each input sample.
            hidden_features: number of hidden neurons.
            out_features: number of outputs (classes).
        """
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``output(relu(hidden(x)))``: ``(N, in)`` -> ``(N, out)`` logits."""
        return self.output(torch.relu(self.hidden(x)))  # (N, hidden) -> (N, out)


def init_uniform_(layer: nn.Linear, low: float, high: float, seed: int) -> nn.Linear:
    """Re-initialize a Linear layer in place: uniform weights from a seed, zero bias.

    Args:
        layer: the layer to change.
        low: lower bound of the uniform distribution.
        high: upper bound.
        seed: seed of the random numbers.

    Returns:
        the same ``layer`` object.
    """
    torch.manual_seed(seed)
    nn.init.uniform_(layer.weight, low, high)   # in place, without recording it in autograd
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer


def layer_shapes(model: nn.Sequential, input_shape: tuple) -> list[tuple]:
    """The output shape after each top-level layer, for a float32 zero input.

    Args:
        model: an ``nn.Sequential``; it is not changed (parameters, buffers, train/eval mode).
        input_shape: shape of the input, batch dimension included, e.g. ``(2, 4)``.

    Returns:
        one tuple per top-level layer.
    """
    probe = copy.deepcopy(model).eval()  # eval: BatchNorm must not update the model's statistics
    x = torch.zeros(input_shape)         # float32
    shapes = []
    with torch.no_grad():                # shapes need no graph
        for layer in probe:
            x = layer(x)
            shapes.append(tuple(x.shape))
    return shapes
