"""Chapter 08, fine_tuning: reference implementations."""
from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn, optim


class SmallCNN(nn.Module):
    """A small convolutional network for 8x8 grey images (scikit-learn's digits).

    Args:
        num_classes: the number of outputs (logits).

    Shapes:
        input ``(N, 1, 8, 8)`` -> features ``(N, 64)`` -> logits ``(N, num_classes)``.
    """

    def __init__(self, num_classes: int) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1),   # (N, 8, 8, 8): padding keeps 8x8
            nn.ReLU(),
            nn.MaxPool2d(2),                 # (N, 8, 4, 4)
            nn.Conv2d(8, 16, 3, padding=1),  # (N, 16, 4, 4)
            nn.ReLU(),
            nn.MaxPool2d(2),                 # (N, 16, 2, 2)
            nn.Flatten(),                    # (N, 64)
        )
        self.classifier = nn.Linear(64, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))  # (N, num_classes) logits


def save_checkpoint(path: str, model: nn.Module, optimizer: optim.Optimizer, epoch: int) -> None:
    """Save what resuming needs: the epoch, the model's and the optimizer's state_dicts.

    Args:
        path: the file to write.
        model: the model being trained.
        optimizer: its optimizer (its state holds momentum buffers or Adam's moments).
        epoch: the last finished epoch.

    Returns:
        None; the file holds ``{"epoch", "model_state_dict", "optimizer_state_dict"}`` and loads
        with ``torch.load(path, weights_only=True)``.
    """
    torch.save({"epoch": epoch,
                "model_state_dict": model.state_dict(),
                "optimizer_state_dict": optimizer.state_dict()}, path)


def load_checkpoint(path: str, model: nn.Module, optimizer: optim.Optimizer) -> int:
    """Restore a model and its optimizer from a file written by ``save_checkpoint``.

    Args:
        path: the checkpoint file.
        model: a model of the same architecture (changed in place).
        optimizer: an optimizer over ``model``'s parameters (changed in place).

    Returns:
        the epoch stored in the checkpoint.
    """
    checkpoint = torch.load(path, weights_only=True)   # tensors and plain data only: no code runs
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    return checkpoint["epoch"]


def freeze_(model: nn.Module, names: list[str]) -> None:
    """Stop the named parameters from training (``requires_grad = False``), in place.

    Args:
        model: any module.
        names: exact parameter names, as ``model.named_parameters()`` spells them.

    Raises:
        KeyError: naming every unknown name, before anything is frozen.
    """
    parameters = dict(model.named_parameters())
    unknown = [name for name in names if name not in parameters]
    if unknown:                                           # check all names before changing any
        raise KeyError(f"no parameter named {', '.join(map(repr, unknown))}; "
                       f"the model has {', '.join(parameters)}")
    for name in names:
        parameters[name].requires_grad = False


def trainable_names(model: nn.Module) -> list[str]:
    """The names of the parameters that require grad, in the model's order.

    Args:
        model: any module.

    Returns:
        a list of names such as ``["2.weight", "2.bias"]``.
    """
    return [name for name, param in model.named_parameters() if param.requires_grad]


def _last_linear_index(layers: list[nn.Module]) -> int:
    indices = [i for i, layer in enumerate(layers) if isinstance(layer, nn.Linear)]
    if not indices:
        raise ValueError("the model has no top-level nn.Linear to replace")
    return indices[-1]


def replace_head(model: nn.Sequential, num_classes: int) -> nn.Sequential:
    """The same layers with the last top-level Linear (the head) replaced by a new one.

    Args:
        model: an ``nn.Sequential`` (left unchanged).
        num_classes: the new head's number of outputs.

    Returns:
        a new ``nn.Sequential`` sharing every other layer; the new head is
        ``nn.Linear(old.in_features, num_classes)`` on the old head's device and dtype.
    """
    named = list(model.named_children())
    index = _last_linear_index([layer for _, layer in named])
    old = named[index][1]
    head = nn.Linear(old.in_features, num_classes, bias=True,
                     device=old.weight.device, dtype=old.weight.dtype)
    named[index] = (named[index][0], head)
    return nn.Sequential(OrderedDict(named))           # keeps the layer names (and layers after the head)


def fine_tune_optimizer(model: nn.Module, lr: float, head_lr: float,
                        momentum: float = 0.9) -> optim.SGD:
    """SGD with two parameter groups: the head at ``head_lr``, every other trainable one at ``lr``.

    Args:
        model: a model whose last ``nn.Linear`` (in ``model.modules()`` order) is the head.
        lr: the learning rate of the pretrained layers (small).
        head_lr: the learning rate of the new head (larger).
        momentum: SGD's momentum, for both groups.

    Returns:
        an ``optim.SGD``; frozen parameters are in no group.
    """
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    head_ids = {id(p) for p in head.parameters()}
    head_params = [p for p in head.parameters() if p.requires_grad]
    body_params = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    groups = []
    if body_params:
        groups.append({"params": body_params, "lr": lr})
    if head_params:
        groups.append({"params": head_params, "lr": head_lr})
    return optim.SGD(groups, lr=lr, momentum=momentum)


def load_backbone_(model: nn.Module, state_dict: dict) -> dict:
    """Load every entry whose name and shape match the model's; skip the rest.

    Args:
        model: the model to fill in place (e.g. one with a new head).
        state_dict: a pretrained ``state_dict`` (e.g. with an old head of another size).

    Returns:
        ``{"loaded": [names], "skipped": [names]}``, both in ``state_dict``'s order.
    """
    own = model.state_dict()
    loaded, skipped = [], []
    for name, value in state_dict.items():
        if name in own and own[name].shape == value.shape:
            loaded.append(name)
        else:
            skipped.append(name)
    model.load_state_dict({name: state_dict[name] for name in loaded}, strict=False)
    return {"loaded": loaded, "skipped": skipped}


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                     dilation: int = 1) -> int:
    """The output length of ``Conv2d``/``MaxPool2d`` along one dimension.

    Args:
        size: the input length (height or width).
        kernel_size: the kernel's length along that dimension.
        stride: the step between windows (``MaxPool2d``'s default is its kernel size: pass it).
        padding: zeros added on each side.
        dilation: the spacing between kernel taps.

    Returns:
        ``floor((size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``, a Python int.

    Raises:
        ValueError: ``stride < 1``, ``dilation < 1``, ``padding < 0``, or a result below 1 (the
            dilated kernel does not fit in the padded input).
    """
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError(f"need stride >= 1, dilation >= 1 and padding >= 0, got stride={stride}, "
                         f"dilation={dilation}, padding={padding}")
    span = dilation * (kernel_size - 1) + 1                       # the dilated kernel's extent
    out = (size + 2 * padding - span) // stride + 1
    if out < 1:
        raise ValueError(f"a kernel spanning {span} does not fit in an input of {size} padded by "
                         f"{padding} on each side")
    return int(out)
