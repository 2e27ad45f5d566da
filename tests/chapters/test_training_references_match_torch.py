"""Chapter 06: the references do what the syllabus says, checked against torch's own classes on
every case's inputs: the loader's batches, the dataset's copies, the loop's mean loss."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

import grader.probes  # noqa: F401 - registers the chapter builders
from grader.hidden import load
from grader.spec import materialize_call
from solutions import training as ref

CASES = load("training")


def cases(function: str) -> list:
    return [c for c in CASES if c.function == function]


def batches(loader) -> list:
    return [[t.clone() for t in batch] for batch in loader]


@pytest.mark.parametrize("case", cases("make_loader"), ids=lambda c: c.id)
def test_training_make_loader_gives_the_batches_of_a_seeded_dataloader(case):
    (dataset, batch_size, shuffle, seed), _ = materialize_call(case.spec())
    mine = ref.make_loader(dataset, batch_size, shuffle, seed)
    theirs = DataLoader(dataset, batch_size=batch_size, shuffle=shuffle,
                        generator=torch.Generator().manual_seed(seed))
    for _ in range(3):
        torch.rand(3)   # the global generator moving must not matter
        for a, b in zip(batches(mine), batches(theirs), strict=True):
            assert all(torch.equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("case", [c for c in cases("make_dataset") if "task" not in c.name
                                  and "lengths" not in c.name], ids=lambda c: c.id)
def test_training_make_dataset_copies_with_the_dtypes_the_losses_want(case):
    (features, targets, task), _ = materialize_call(case.spec())
    data = ref.make_dataset(features, targets, task)
    x, y = data.tensors
    assert x.dtype == torch.float32 and x.shape == (len(features), np.asarray(features).shape[1])
    assert (y.dtype, y.dim()) == ((torch.int64, 1) if task == "multiclass" else (torch.float32, 2))
    before = x.clone()
    if isinstance(features, np.ndarray):
        features += 1
    else:
        features.iloc[:, :] = features.to_numpy() + 1
    assert torch.equal(x, before)


@pytest.mark.parametrize("case", cases("train_one_epoch"), ids=lambda c: c.id)
def test_training_train_one_epoch_returns_the_mean_of_the_batch_losses_in_train_mode(case):
    (model, loader, criterion, optimizer), _ = materialize_call(case.spec())
    losses, modes = [], []
    criterion.register_forward_hook(lambda m, i, out: losses.append(out.item()))
    model.register_forward_pre_hook(lambda m, i: modes.append(m.training))
    mean = ref.train_one_epoch(model, loader, criterion, optimizer)
    assert type(mean) is float and len(losses) == len(loader)
    assert mean == pytest.approx(sum(losses) / len(losses))
    assert all(modes) and model.training


def test_training_overfit_batch_drives_the_loss_down():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    batch = (torch.randn(8, 4), torch.randint(0, 3, (8,)))
    losses = ref.overfit_batch(model, batch, torch.nn.CrossEntropyLoss(),
                               torch.optim.Adam(model.parameters(), lr=0.05), 60)
    assert len(losses) == 60 and losses[-1] < 0.05 * losses[0]


@pytest.mark.parametrize("case", cases("image_transform"), ids=lambda c: c.id)
def test_training_image_transform_scales_then_normalizes(case):
    call = case.call()
    mean, std = call.args
    m = mean[0] if isinstance(mean, tuple) else mean
    s = std[0] if isinstance(std, tuple) else std
    transform = ref.image_transform(mean, std)
    from grader.spec import materialize, to_spec
    for image in materialize(to_spec(call.probe_args["images"])):
        pixels = torch.tensor(np.array(image), dtype=torch.float32)
        out = transform(image)
        assert type(out) is torch.Tensor and out.dtype == torch.float32
        torch.testing.assert_close(out, ((pixels / 255 - m) / s).unsqueeze(0))
