"""Fallbacks that keep the chapter notebooks running offline and before every exercise is done.

The notebooks show the real download code (MNIST, ImageNet weights) for readers who are online;
on a machine without a network, the download fails and the notebook carries on with bundled data.
The plumbing that takes (a short socket timeout so that nothing hangs, the download's progress
lines kept out of the notebook, a one-line message when it fails) lives here, so the teaching
cells show only the call that matters:

    trainset = try_download("MNIST", lambda: datasets.MNIST(root, download=True, transform=t))
    if trainset is None:
        trainset = DigitImages(t)        # a Dataset the chapter teaches

``StandIn`` is the network chapter 08 runs while the student's ``SmallCNN`` is still a stub.
"""
from __future__ import annotations

import contextlib
import io
import os
import socket
from typing import Callable, TypeVar

from torch import Tensor, nn

T = TypeVar("T")

#: Set this environment variable (to anything but "" or "0") to skip every download attempt,
#: e.g. in CI, where there is no network and a failing attempt only costs time.
OFFLINE_VARIABLE = "COURSE_OFFLINE"


def offline_requested() -> bool:
    """True when the environment asks the notebooks not to try the network at all."""
    return os.environ.get(OFFLINE_VARIABLE, "") not in ("", "0")


def try_download(what: str, download: Callable[[], T], *, timeout: float = 10.0) -> T | None:
    """Run ``download()`` quietly; return its result, or None with a one-line note when it fails.

    Args:
        what: what is being fetched, for the message ("MNIST", "the ResNet-18 weights").
        download: a function of no arguments that downloads (or finds in its cache) and returns.
        timeout: seconds each network operation may wait before giving up, so that a machine
            without a network fails fast instead of hanging.

    Returns:
        What ``download()`` returned, or None when it raised (no network, a proxy in the way, a
        server down) or when ``COURSE_OFFLINE`` is set.
    """
    if offline_requested():
        print(f"{what}: not downloading ({OFFLINE_VARIABLE} is set); using the offline fallback.")
        return None
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)
    try:
        # torchvision prints progress bars and mirror-by-mirror failures: not what a learner reads.
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return download()
    except Exception as error:  # noqa: BLE001 - any failure means "offline": fall back
        reason = str(error).strip().splitlines()[0][:80] if str(error).strip() else ""
        print(f"{what}: download failed ({type(error).__name__}{': ' + reason if reason else ''}); "
              f"using the offline fallback.")
        return None
    finally:
        socket.setdefaulttimeout(previous)


class StandIn(nn.Module):
    """A small MLP with SmallCNN's two parts, ``features`` and ``classifier``, for 8x8 digits.

    Chapter 08's demos run on it only while ``fine_tuning.SmallCNN`` is not written yet, so that
    every later cell still runs; its results say little about convolutions.

    Args:
        num_classes: outputs of the classifier.
    """

    def __init__(self, num_classes: int) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU())   # (N, 64)
        self.classifier = nn.Linear(64, num_classes)                                 # (N, C)

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.features(x))


def model_or_stand_in(build: Callable[[int], nn.Module], num_classes: int) -> nn.Module:
    """``build(num_classes)``, or a ``StandIn`` while ``build`` still raises NotImplementedError."""
    try:
        return build(num_classes)
    except NotImplementedError:
        return StandIn(num_classes)
