"""Chapter 01, tensors: the functions you write.

Replace each ``raise NotImplementedError(...)`` with your code, between the ANSWER lines.
Check one exercise from the notebook with ``check("tensors.grid")``.
"""
from __future__ import annotations

import torch


def tensor_info(t: torch.Tensor) -> dict:
    """Describe a tensor as plain Python values.

    Args:
        t: any tensor.

    Returns:
        ``{"shape": tuple, "dtype": str, "device": str, "numel": int}``.

    Example:
        >>> tensor_info(torch.zeros(2, 3))
        {'shape': (2, 3), 'dtype': 'torch.float32', 'device': 'cpu', 'numel': 6}

    Hints:
        ``t.shape`` is a ``torch.Size``: turn it into a tuple. ``str(t.dtype)`` gives
        ``'torch.float32'``. The values must be plain Python, not tensors.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("tensors.tensor_info")
    # ---- ANSWER END ----


def grid(rows: int, cols: int) -> torch.Tensor:
    """A float32 ``(rows, cols)`` tensor holding 1 … rows*cols, row by row.

    Args:
        rows: number of rows.
        cols: number of columns.

    Returns:
        float32 tensor of shape ``(rows, cols)``.

    Example:
        >>> grid(2, 3)
        tensor([[1., 2., 3.],
                [4., 5., 6.]])

    Hints:
        ``torch.arange`` counts; it stops *before* its end value and gives int64 unless you
        pass ``dtype``. Then give it its shape.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("tensors.grid")
    # ---- ANSWER END ----


def seeded_rand(shape: tuple, seed: int) -> torch.Tensor:
    """Exactly what ``torch.manual_seed(seed); torch.rand(shape)`` gives.

    Args:
        shape: the output shape, e.g. ``(2, 3)``.
        seed: the seed of the random number generator.

    Returns:
        float32 tensor of ``shape`` with values in [0, 1).

    Example:
        >>> torch.equal(seeded_rand((2, 2), 0), seeded_rand((2, 2), 0))
        True

    Hints:
        Same seed, same numbers: that is what makes experiments repeatable.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("tensors.seeded_rand")
    # ---- ANSWER END ----


def standardize(x: torch.Tensor) -> torch.Tensor:
    """Standardize each column: subtract its mean, divide by its std (correction=0).

    Args:
        x: float tensor ``(N, D)``: N samples, D features.

    Returns:
        tensor ``(N, D)`` of the same dtype. A column whose values are all exactly equal
        becomes all zeros (decide that from the values, not from a std that rounding may
        have left slightly above 0).

    Example:
        >>> standardize(torch.tensor([[1., 5.], [3., 5.]]))
        tensor([[-1.,  0.],
                [ 1.,  0.]])

    Hints:
        ``mean(dim=0, keepdim=True)`` keeps a ``(1, D)`` shape that broadcasts against
        ``(N, D)``. ``std`` takes ``correction=0``. ``torch.where`` picks per element.

    Not allowed: scikit-learn.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("tensors.standardize")
    # ---- ANSWER END ----


def weighted_sum(x: torch.Tensor, w: torch.Tensor, b: float | torch.Tensor) -> torch.Tensor:
    """One neuron without activation: ``x @ w + b``.

    Args:
        x: ``(N, D)`` inputs.
        w: ``(D,)`` weights.
        b: the bias, a Python number or a 0-d tensor.

    Returns:
        ``(N,)``: one output per sample.

    Example:
        >>> weighted_sum(torch.ones(2, 3), torch.tensor([1., 2., 3.]), 0.5)
        tensor([6.5000, 6.5000])

    Hints:
        A matrix times a vector gives a vector; the bias broadcasts.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("tensors.weighted_sum")
    # ---- ANSWER END ----


def flatten_images(images: torch.Tensor) -> torch.Tensor:
    """Flatten each image into one row.

    Args:
        images: ``(N, C, H, W)``; it may be non-contiguous (e.g. after ``permute``).

    Returns:
        ``(N, C*H*W)``.

    Example:
        >>> flatten_images(torch.zeros(5, 1, 8, 8)).shape
        torch.Size([5, 64])

    Hints:
        ``view`` needs memory laid out contiguously and raises otherwise; ``reshape`` copies
        when it has to. ``-1`` lets torch work out one dimension.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("tensors.flatten_images")
    # ---- ANSWER END ----


def pick_device(prefer_gpu: bool = True) -> torch.device:
    """CUDA when it is available and preferred, else the CPU.

    Args:
        prefer_gpu: whether to use a GPU when one is present.

    Returns:
        a ``torch.device`` (graded by its ``.type``: ``"cuda"`` or ``"cpu"``).

    Example:
        >>> pick_device(prefer_gpu=False)
        device(type='cpu')

    Hints:
        ``torch.cuda.is_available()``.
    """
    # ---- ANSWER START ----
    raise NotImplementedError("tensors.pick_device")
    # ---- ANSWER END ----
