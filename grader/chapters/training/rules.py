"""Rules of chapter 06: nothing is forbidden; hints name the mistakes of datasets, loaders,
training loops and transforms, from the plain results and the call's (fresh) inputs."""
from __future__ import annotations

from typing import Any

import torch

from grader.chapters.hinting import (
    RETURNED,
    Named,
    close,
    differs,
    items,
    named,
    returned,
    scalar,
    tensor,
    tensor_devices,
)
from grader.chapters.training.probes import CALLERS_OWN, LAYOUT
from grader.decoded import ObjectView, Result


def _near(a: Any, b: Any, tol: float = 1e-4) -> bool:
    """Close within ``tol``, relative and absolute alike (losses and pixels are of order 1)."""
    return close(a, b, rtol=tol, atol=tol)


# ---------------------------------------------------------------- make_dataset

def _make_dataset(expected: Result, got: Result, args: list) -> Named | None:
    task = args[2] if len(args) > 2 else None
    e_y, g_y = tensor(expected.get("targets")), tensor(got.get("targets"))
    if e_y is not None and g_y is not None:
        if e_y.dtype == torch.int64 and g_y.dtype != torch.int64:
            return named("float-class-targets", "multiclass targets are class indices: int64 of shape (N,), "
                         "what CrossEntropyLoss expects")
        if task in ("regression", "binary") and e_y.shape != g_y.shape:
            return named("targets-not-column", f"{task} targets are float32 of shape (N, 1), the shape of the "
                         "model's output, so that the loss compares matching shapes")
    for part in ("features", "targets"):
        e, g = tensor(expected.get(part)), tensor(got.get(part))
        e_after = tensor(expected.get(f"{part} after the caller changed its array"))
        g_after = tensor(got.get(f"{part} after the caller changed its array"))
        if _near(e, g) and e_after is not None and not _near(e_after, g_after):
            return named("shared-memory", f"the dataset's {part} share memory with the caller's array "
                         "(torch.from_numpy and torch.as_tensor do not copy a float32 array): copy it, e.g. "
                         "with torch.tensor(...)")
    if "returned value" in got and "features" in expected:
        return named("not-a-tensor-dataset", "return a torch.utils.data.TensorDataset(features, targets)")
    return None


# ---------------------------------------------------------------- make_loader

def _order(batches: Any) -> list[int] | None:
    """The sample indices of an epoch (the cases' targets are the indices)."""
    out: list[int] = []
    for batch in items(batches) or []:
        parts = items(batch)
        targets = tensor(parts[-1]) if parts else None
        if targets is None:
            return None
        out += targets.reshape(-1).tolist()
    return out


def _make_loader(expected: Result, got: Result, args: list) -> Named | None:
    if got.get("is a torch DataLoader") is False:
        return named("not-a-loader", "return the torch.utils.data.DataLoader itself (a list of batches never "
                     "reshuffles)")
    shuffle = args[2] if len(args) > 2 else None
    e1, g1 = _order(expected.get("batches of epoch 1")), _order(got.get("batches of epoch 1"))
    g2 = _order(got.get("batches of epoch 2"))
    again = _order(got.get("epoch 1 of a second loader made with the same seed"))
    if e1 is None or g1 is None:
        return None
    if sorted(g1) != sorted(e1):
        return named("dropped-last", "some samples are missing from the epoch: keep the last, smaller batch "
                     "(drop_last=False)") if len(g1) < len(e1) else None
    if shuffle is False and g1 != e1:
        return named("shuffle-ignored", "the batches were shuffled although shuffle=False: keep the dataset's "
                     "order")
    if shuffle is True and g1 == sorted(g1) and len(g1) > 2:
        return named("not-shuffled", "the batches are in the dataset's order although shuffle=True")
    if again is not None and again != g1:
        return named("seed-ignored", "two loaders made with the same seed give different orders: the seed is "
                     "ignored; give the DataLoader generator=torch.Generator().manual_seed(seed)")
    if shuffle is True and g2 == g1 and _order(expected.get("batches of epoch 2")) != e1:
        return named("same-order-every-epoch", "every epoch repeats the same order: the loader must reshuffle "
                     "at each epoch")
    if g1 != e1:
        return named("global-seed", "a different order than DataLoader(..., "
                     "generator=torch.Generator().manual_seed(seed)): torch.manual_seed(seed) seeds the "
                     "global generator instead, which gives other numbers")
    e_batches, g_batches = items(expected.get("batches of epoch 1")), items(got.get("batches of epoch 1"))
    if e_batches is not None and g_batches is not None and len(e_batches) != len(g_batches):
        return named("batch-size", "the number of batches differs: check batch_size")
    return None


# ---------------------------------------------------------------- training loops

STEPS = "gradients at each optimizer step"


def _accumulated(expected: Result, got: Result) -> bool:
    """Whether the student's second step used the first step's gradients plus its own."""
    e_steps, g_steps = items(expected.get(STEPS)), items(got.get(STEPS))
    if not e_steps or not g_steps or len(e_steps) < 2 or len(g_steps) < 2:
        return False
    first, second, wanted = items(g_steps[0]) or [], items(g_steps[1]) or [], items(e_steps[1]) or []
    pairs = [(tensor(s), tensor(f), tensor(w)) for s, f, w in zip(second, first, wanted)]
    return all(s is not None and f is not None and w is not None and _near(s, f + w, 1e-3)
               for s, f, w in pairs) and bool(pairs)


def _all_zero(step: Any) -> bool:
    return all(t is None or not bool(t.any()) for t in map(tensor, items(step) or []))


def _loop(expected: Result, got: Result, args: list) -> Named | None:
    modes = items(got.get("mode of the model during training")) or []
    if "eval" in modes:
        return named("lost-train-mode", "the model ran in eval mode (it arrived that way): call model.train() "
                     "before the loop, so that dropout is active while training")
    e_steps, g_steps = items(expected.get(STEPS)), items(got.get(STEPS))
    if e_steps is not None and g_steps is not None and len(e_steps) != len(g_steps):
        return named("step-count", f"optimizer.step() ran {len(g_steps)} times, expected {len(e_steps)}: "
                     "one step per batch (per update for overfit_batch)")
    if g_steps and e_steps and _all_zero(g_steps[0]) and not _all_zero(e_steps[0]):
        return named("zero-grad-before-step", "the gradients were all zero (or None) when optimizer.step() "
                     "ran: zero_grad() belongs before backward(), not between backward() and step()")
    if _accumulated(expected, got):
        return named("no-zero-grad", "gradients accumulate across batches: call optimizer.zero_grad() before "
                     "each backward pass")
    return None


def _same_steps(expected: Result, got: Result) -> bool:
    """Whether every optimizer step saw the reference's gradients (the training itself is right)."""
    e_steps, g_steps = items(expected.get(STEPS)), items(got.get(STEPS))
    if not e_steps or g_steps is None or len(e_steps) != len(g_steps):
        return False
    return all(_near(tensor(g), tensor(e), 1e-5) or (tensor(g) is None and tensor(e) is None)
               for es, gs in zip(e_steps, g_steps) for e, g in zip(items(es) or [], items(gs) or []))


def _train_one_epoch(expected: Result, got: Result, args: list) -> Named | None:
    found = _loop(expected, got, args)
    if found:
        return found
    g = returned(got)
    if items(g) is not None:
        return named("returned-list", "return one float, the mean of the batch losses, not the list of them")
    if isinstance(g, float) and _same_steps(expected, got):
        return named("wrong-average", "the training steps are right, only the returned number differs: return "
                     "the plain mean of the batch losses, sum(loss.item()) / number of batches (not weighted "
                     "by batch size, not the last loss)")
    return None


def _fit(expected: Result, got: Result, args: list) -> Named | None:
    e_items, g_items = items(returned(expected)), items(returned(got))
    if e_items is not None and g_items is not None and len(g_items) != len(e_items):
        return named("epoch-count", f"{len(g_items)} values returned for {len(e_items)} epochs: train exactly "
                     "`epochs` epochs and return one value per epoch, the mean of its batch losses")
    running = _running_total(e_items, g_items)
    if running:
        return running
    found = _loop(expected, got, args)
    if found:
        return found
    # Right training, wrong numbers: however each epoch's value was formed (weighted by batch size,
    # the last batch's loss), the steps themselves prove the loop is not what differs.
    if g_items is not None and _same_steps(expected, got):
        return named("wrong-epoch-average", "the training steps are right, only the returned numbers differ: "
                     "each epoch's value is the plain mean of its batch losses, sum(loss.item()) / number of "
                     "batches (not weighted by batch size, not the last loss)")
    return None


def _running_total(e_items: list | None, g_items: list | None) -> Named | None:
    """Per-epoch values that are the running totals (cumulative sums) of the right ones."""
    numbers = (int, float)
    if not e_items or not g_items or len(e_items) != len(g_items) or len(e_items) < 2 \
            or not all(isinstance(v, numbers) and not isinstance(v, bool) for v in e_items + g_items):
        return None
    sums = torch.tensor(e_items, dtype=torch.float64).cumsum(0)
    if _near(torch.tensor(g_items, dtype=torch.float64), sums) \
            and not _near(torch.tensor(g_items, dtype=torch.float64), torch.tensor(e_items, dtype=torch.float64)):
        return named("running-total", "each value is the running total (cumulative sum) of the epochs so far: "
                     "the total was not reset; return each epoch's own value, the mean of its batch losses")
    return None


def _overfit_batch(expected: Result, got: Result, args: list) -> Named | None:
    found = _loop(expected, got, args)
    if found:
        return found
    e_items, g_items = items(returned(expected)), items(returned(got))
    if e_items and g_items and len(e_items) == len(g_items) and len(e_items) > 1:
        e_vals = [v for v in e_items if isinstance(v, float)]
        g_vals = [v for v in g_items if isinstance(v, float)]
        if len(e_vals) == len(g_vals) == len(e_items) and all(
                abs(a - b) <= 1e-5 * max(1.0, abs(b)) for a, b in zip(g_vals[:-1], e_vals[1:])):
            return named("loss-after-update", "the losses were recorded after each update: record the loss of "
                         "the forward pass of that step")
    return None


# ---------------------------------------------------------------- image_transform

def _image_transform(expected: Result, got: Result, args: list) -> Named | None:
    mean, std = (scalar(args[0]), scalar(args[1])) if len(args) >= 2 else (None, None)
    for key, e_entry in expected.items():
        g_entry = got.get(key)
        if isinstance(g_entry, ObjectView) and g_entry.tensor_subclass:
            return named("tv-tensor-image", "transforms.v2 returns a tv_tensors.Image, not a plain tensor: use "
                         "transforms.ToTensor(), or end with v2.ToPureTensor()")
        e, g = tensor(e_entry), tensor(g_entry)
        if e is None or g is None or mean is None or std is None:
            continue
        if e.shape != g.shape and e.shape[1:] == g.shape:
            return named("missing-channel-dim", "the channel dimension is missing: a grayscale image becomes "
                         "(1, H, W)")
        if e.shape != g.shape or _near(e, g, 1e-5):
            continue
        pixels = e.double() * std + mean                       # the image in [0, 1]
        if _near(g, (pixels * 255 - mean) / std):
            return named("not-scaled", "the pixels were not scaled to [0, 1] before normalizing: divide by 255 "
                         "(ToTensor does)")
        if _near(g, pixels):
            return named("not-normalized", "the image was not normalized: subtract mean, divide by std "
                         "(transforms.Normalize)")
        if _near(g, (pixels - std) / mean):
            return named("mean-std-swapped", "mean and std are swapped: Normalize(mean, std) computes "
                         "(x - mean) / std")
        if _near(g, pixels * 255):
            return named("raw-pixels", "the pixels were neither scaled to [0, 1] nor normalized")
        if _near(g, ((pixels * 255 - mean) / std) / 255):
            return named("normalized-before-scaling", "the steps ran in the wrong order: the raw 0-255 pixels "
                         "were normalized with mean and std first and only then scaled by 1/255; scale to "
                         "[0, 1] first (ToTensor), then normalize (transforms.Normalize)")
    return None


# ---------------------------------------------------------------- to_device

def _strings(value: Any, out: list) -> list:
    """The str values (not dict keys) of a returned batch, in order."""
    if isinstance(value, str):
        out.append(value)
    elif type(value) in (list, tuple):
        for item in value:
            _strings(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, out)
    return out


def _to_device(expected: Result, got: Result, args: list) -> Named | None:
    e_returned, g_returned = returned(expected), returned(got)
    e_strings, g_strings = _strings(e_returned, []), _strings(g_returned, [])
    if e_strings and len(e_strings) == len(g_strings) and e_strings != g_strings:
        return named("string-as-container", "a string was treated as a container (it is iterable, and so is "
                     "each of its characters): return strings, numbers and None as they are; recurse only into "
                     "dict, tuple and list")
    e_devices, g_devices = tensor_devices(expected, RETURNED), tensor_devices(got, RETURNED)
    if len(e_devices) == len(g_devices) and e_devices != g_devices:
        return named("to-result-unused", "a tensor was left where it was: tensor.to(device) returns a new "
                     "tensor and leaves the original alone (unlike module.to), so use what it returns")
    if differs(expected, got, CALLERS_OWN):
        return named("callers-container", "a container of the caller's batch was returned (or filled "
                     "in) instead of a new one: build new lists, tuples and dicts, e.g. "
                     "{k: to_device(v, device) for k, v in batch.items()}")
    if differs(expected, got, "the caller's batch after the call"):
        return named("batch-changed", "the caller's batch was changed: never assign into it, build a new "
                     "container")
    e_layout, g_layout = items(expected.get(LAYOUT)) or [], items(got.get(LAYOUT)) or []
    for e, g in zip(e_layout, g_layout):
        if not isinstance(e, str) or not isinstance(g, str):
            continue
        if "namedtuple" in e and "namedtuple" not in g:
            return named("namedtuple-lost", "a namedtuple became a plain tuple: rebuild it with its own type, "
                         "type(batch)(*items), which keeps its field names")
        if "a dict with keys" in e and "a dict with keys" in g and e != g:
            if sorted(e) == sorted(g):
                return named("key-order", "the dict's keys changed order: keep them in the caller's "
                             "order")
            return named("entries-dropped", "entries of a dict were dropped or renamed: keep every key, and "
                         "return values that are not tensors (numbers, strings, None) as they are")
    if type(g_returned) is list and type(e_returned) is tuple:
        return named("tuple-to-list", "a tuple became a list: tuples stay tuples (tuple(...) of the moved "
                     "items)")
    return None


HINTS = {
    "training.make_dataset": _make_dataset,
    "training.make_loader": _make_loader,
    "training.train_one_epoch": _train_one_epoch,
    "training.fit": _fit,
    "training.overfit_batch": _overfit_batch,
    "training.image_transform": _image_transform,
    "training.to_device": _to_device,
}
