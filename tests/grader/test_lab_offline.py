"""grader/lab/offline.py: the notebooks' download-with-fallback and stand-in plumbing."""
from __future__ import annotations

import socket

import pytest
import torch
from torch import nn

from grader.lab.offline import OFFLINE_VARIABLE, StandIn, model_or_stand_in, try_download


@pytest.fixture(autouse=True)
def online(monkeypatch):
    monkeypatch.delenv(OFFLINE_VARIABLE, raising=False)


def test_try_download_returns_what_the_download_returns_and_hides_its_output(capsys):
    def download():
        print("Downloading ... 100%")          # torchvision's progress lines
        return [1, 2, 3]

    assert try_download("MNIST", download) == [1, 2, 3]
    assert capsys.readouterr().out == ""


def test_try_download_falls_back_with_one_line_naming_what_and_why(capsys):
    def download():
        print("trying mirror 1")
        raise OSError("Name or service not known\nsecond line of detail")

    assert try_download("MNIST", download) is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    assert "MNIST" in out and "OSError" in out and "Name or service not known" in out
    assert "mirror" not in out and "second line" not in out


def test_try_download_sets_its_socket_timeout_and_restores_the_old_one():
    previous = socket.getdefaulttimeout()
    seen = []

    def download():
        seen.append(socket.getdefaulttimeout())
        raise TimeoutError("slow")

    try_download("weights", download, timeout=3.5)
    assert seen == [3.5]
    assert socket.getdefaulttimeout() == previous


def test_offline_variable_skips_the_download_entirely(monkeypatch, capsys):
    monkeypatch.setenv(OFFLINE_VARIABLE, "1")
    calls = []
    assert try_download("MNIST", lambda: calls.append(1)) is None
    assert calls == []
    assert OFFLINE_VARIABLE in capsys.readouterr().out


def test_offline_variable_set_to_0_still_downloads(monkeypatch):
    monkeypatch.setenv(OFFLINE_VARIABLE, "0")
    assert try_download("MNIST", lambda: "data") == "data"


def test_stand_in_has_small_cnn_parts_and_maps_digits_to_logits():
    model = StandIn(5)
    assert isinstance(model.features, nn.Module) and isinstance(model.classifier, nn.Linear)
    assert model(torch.zeros(3, 1, 8, 8)).shape == (3, 5)


def test_model_or_stand_in_uses_the_students_class_once_it_works():
    class Written(nn.Module):
        def __init__(self, num_classes):
            super().__init__()
            self.head = nn.Linear(64, num_classes)

    assert isinstance(model_or_stand_in(Written, 4), Written)


def test_model_or_stand_in_stands_in_only_for_a_stub():
    class Stub(nn.Module):
        def __init__(self, num_classes):
            raise NotImplementedError("fine_tuning.SmallCNN")

    class Broken(nn.Module):
        def __init__(self, num_classes):
            raise TypeError("a bug the student must see")

    assert isinstance(model_or_stand_in(Stub, 4), StandIn)
    with pytest.raises(TypeError, match="a bug the student must see"):
        model_or_stand_in(Broken, 4)
