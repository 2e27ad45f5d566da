"""Chapter 01, tensors: reference implementations."""
from __future__ import annotations

import torch


def tensor_info(t: torch.Tensor) -> dict:
    """Describe a tensor as plain Python values.

    Args:
        t: any tensor.

    Returns:
        ``{"shape": tuple, "dtype": str, "device": str, "numel": int}``, e.g.
        ``{"shape": (2, 3), "dtype": "torch.float32", "device": "cpu", "numel": 6}``.
    """
    return {"shape": tuple(t.shape), "dtype": str(t.dtype), "device": str(t.device),
            "numel": int(t.numel())}


def grid(rows: int, cols: int) -> torch.Tensor:
    """A float32 ``(rows, cols)`` tensor holding 1 … rows*cols, row by row.

    Args:
        rows: number of rows.
        cols: number of columns.

    Returns:
        float32 tensor of shape ``(rows, cols)``.
    """
    return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(rows, cols)  # (rows, cols)


def seeded_rand(shape: tuple, seed: int) -> torch.Tensor:
    """Exactly what ``torch.manual_seed(seed); torch.rand(shape)`` gives.

    Args:
        shape: the output shape.
        seed: the seed of the generator.

    Returns:
        float32 tensor of ``shape`` with values in [0, 1).
    """
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(shape, generator=generator)


def standardize(x: torch.Tensor) -> torch.Tensor:
    """Standardize each column: subtract its mean, divide by its std (correction=0).

    Args:
        x: float tensor ``(N, D)``.

    Returns:
        tensor ``(N, D)``, same dtype; an exactly constant column becomes all zeros.
    """
    mean = x.mean(dim=0, keepdim=True)                  # (1, D)
    std = x.std(dim=0, correction=0, keepdim=True)      # (1, D)
    constant = (x == x[:1]).all(dim=0, keepdim=True)    # (1, D): decided by the values
    safe_std = torch.where(constant, torch.ones_like(std), std)
    return torch.where(constant, torch.zeros_like(x), (x - mean) / safe_std)


def weighted_sum(x: torch.Tensor, w: torch.Tensor, b: float | torch.Tensor) -> torch.Tensor:
    """One neuron without activation: ``x @ w + b``.

    Args:
        x: ``(N, D)``.
        w: ``(D,)``.
        b: a scalar (Python number or 0-d tensor).

    Returns:
        ``(N,)``.
    """
    return x @ w + b  # (N, D) @ (D,) -> (N,)


def flatten_images(images: torch.Tensor) -> torch.Tensor:
    """Flatten each image into one row.

    Args:
        images: ``(N, C, H, W)``, possibly non-contiguous.

    Returns:
        ``(N, C*H*W)``.
    """
    return images.reshape(images.shape[0], -1)  # reshape copies when a view is impossible


def pick_device(prefer_gpu: bool = True) -> torch.device:
    """CUDA when it is available and preferred, else the CPU.

    Args:
        prefer_gpu: whether to use a GPU when one is present.

    Returns:
        ``torch.device("cuda")`` or ``torch.device("cpu")``.
    """
    if prefer_gpu and torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")
