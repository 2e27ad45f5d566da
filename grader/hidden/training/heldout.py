"""Chapter 06 held-out mistakes: written from the stub and the syllabus alone, never tuned against.

No hint was written against these; the audit reports them apart from the catalogue.
"""
from grader.hidden.catalogue import Mistake

_NP = '''
def _np(a):
    return a.to_numpy() if hasattr(a, "to_numpy") else np.asarray(a)
'''

_LOOP = '''
def _epoch(model, loader, criterion, optimizer):
    model.train()
    total, n = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
        n += 1
    return total, n
'''

HELDOUT = [
    # make_dataset
    Mistake("training.make_dataset", "shares memory with the caller's arrays", _NP + """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(f"unknown task {task}")
    f, t = _np(features), _np(targets)
    if len(f) != len(t):
        raise ValueError("lengths differ")
    x = torch.from_numpy(f).float()
    if task == "multiclass":
        y = torch.from_numpy(t).long().reshape(-1)
    else:
        y = torch.from_numpy(t).float().reshape(-1, 1)
    return TensorDataset(x, y)
""", ("copy|share|memory",)),
    Mistake("training.make_dataset", "(N,) float targets", _NP + """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(f"unknown task {task}")
    f, t = _np(features), _np(targets)
    if len(f) != len(t):
        raise ValueError("lengths differ")
    x = torch.tensor(f, dtype=torch.float32)
    if task == "multiclass":
        y = torch.tensor(t, dtype=torch.long).reshape(-1)
    else:
        y = torch.tensor(t, dtype=torch.float32).reshape(-1)
    return TensorDataset(x, y)
""", ("shape|(n, 1)|unsqueeze|column",)),
    Mistake("training.make_dataset", "float class indices", _NP + """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(f"unknown task {task}")
    f, t = _np(features), _np(targets)
    if len(f) != len(t):
        raise ValueError("lengths differ")
    x = torch.tensor(f, dtype=torch.float32)
    if task == "multiclass":
        y = torch.tensor(t, dtype=torch.float32).reshape(-1)
    else:
        y = torch.tensor(t, dtype=torch.float32).reshape(-1, 1)
    return TensorDataset(x, y)
""", ("dtype|int64|long",)),
    Mistake("training.make_dataset", "unknown task treated as multiclass", _NP + """
def make_dataset(features, targets, task):
    f, t = _np(features), _np(targets)
    if len(f) != len(t):
        raise ValueError("lengths differ")
    x = torch.tensor(f, dtype=torch.float32)
    if task in ("regression", "binary"):
        y = torch.tensor(t, dtype=torch.float32).reshape(-1, 1)
    else:
        y = torch.tensor(t, dtype=torch.long).reshape(-1)
    return TensorDataset(x, y)
""", ("task|unknown|valueerror",)),
    Mistake("training.make_dataset", "lengths not checked", _NP + """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(f"unknown task {task}")
    f, t = _np(features), _np(targets)
    x = torch.tensor(f, dtype=torch.float32)
    if task == "multiclass":
        y = torch.tensor(t, dtype=torch.long).reshape(-1)
    else:
        y = torch.tensor(t, dtype=torch.float32).reshape(-1, 1)
    return TensorDataset(x, y)
""", ("length|valueerror|mismatch",)),
    Mistake("training.make_dataset", "float64 features", _NP + """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(f"unknown task {task}")
    f, t = _np(features), _np(targets)
    if len(f) != len(t):
        raise ValueError("lengths differ")
    x = torch.tensor(f)
    if task == "multiclass":
        y = torch.tensor(t, dtype=torch.long).reshape(-1)
    else:
        y = torch.tensor(t, dtype=torch.float32).reshape(-1, 1)
    return TensorDataset(x, y)
""", ("dtype|float32|float64",)),
    Mistake("training.make_dataset", "DataFrame passed straight to torch", """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(f"unknown task {task}")
    if len(features) != len(targets):
        raise ValueError("lengths differ")
    x = torch.tensor(features, dtype=torch.float32)
    if task == "multiclass":
        y = torch.tensor(targets, dtype=torch.long).reshape(-1)
    else:
        y = torch.tensor(targets, dtype=torch.float32).reshape(-1, 1)
    return TensorDataset(x, y)
""", ("dataframe|pandas|to_numpy|series",)),
    Mistake("training.make_dataset", "(N, 1) class indices kept", _NP + """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(f"unknown task {task}")
    f, t = _np(features), _np(targets)
    if len(f) != len(t):
        raise ValueError("lengths differ")
    x = torch.tensor(f, dtype=torch.float32)
    if task == "multiclass":
        y = torch.tensor(t, dtype=torch.long)
    else:
        y = torch.tensor(t, dtype=torch.float32).reshape(-1, 1)
    return TensorDataset(x, y)
""", ("shape|(n,)|flatten|reshape",)),
    # make_loader
    Mistake("training.make_loader", "seeds the global generator", """
def make_loader(dataset, batch_size, shuffle, seed):
    torch.manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle)
""", ("generator|global|own",)),
    Mistake("training.make_loader", "always shuffles", """
def make_loader(dataset, batch_size, shuffle, seed):
    return DataLoader(dataset, batch_size=batch_size, shuffle=True,
                      generator=torch.Generator().manual_seed(seed))
""", ("shuffle|order",)),
    Mistake("training.make_loader", "drops the last batch", """
def make_loader(dataset, batch_size, shuffle, seed):
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=True,
                      generator=torch.Generator().manual_seed(seed))
""", ("last batch|drop_last|smaller|last",)),
    Mistake("training.make_loader", "generator never seeded", """
def make_loader(dataset, batch_size, shuffle, seed):
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle,
                      generator=torch.Generator())
""", ("seed|reproduc",)),
    Mistake("training.make_loader", "shuffles once, not every epoch", """
def make_loader(dataset, batch_size, shuffle, seed):
    from torch.utils.data import Subset
    if shuffle:
        order = torch.randperm(len(dataset), generator=torch.Generator().manual_seed(seed))
        dataset = Subset(dataset, order.tolist())
    return DataLoader(dataset, batch_size=batch_size, shuffle=False)
""", ("epoch|reshuffl|every epoch",)),
    Mistake("training.make_loader", "batch_size not passed", """
def make_loader(dataset, batch_size, shuffle, seed):
    return DataLoader(dataset, shuffle=shuffle, generator=torch.Generator().manual_seed(seed))
""", ("batch_size|batch size",)),
    Mistake("training.make_loader", "one generator shared by every loader", """
_GEN = torch.Generator()
def make_loader(dataset, batch_size, shuffle, seed):
    if not getattr(make_loader, "_seeded", False):
        _GEN.manual_seed(seed)
        make_loader._seeded = True
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, generator=_GEN)
""", ("generator|shared|reuse|own|seed",)),
    # train_one_epoch
    Mistake("training.train_one_epoch", "train mode never set", """
def train_one_epoch(model, loader, criterion, optimizer):
    total, n = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
        n += 1
    return total / n
""", ("train|mode",)),
    Mistake("training.train_one_epoch", "gradients never cleared", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total, n = 0.0, 0
    for xb, yb in loader:
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
        n += 1
    return total / n
""", ("zero_grad|accumul|clear",)),
    Mistake("training.train_one_epoch", "sum of the batch losses", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total
""", ("mean|average|sum|number of batches",)),
    Mistake("training.train_one_epoch", "weighted by batch size", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total, n = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
        n += len(xb)
    return total / n
""", ("unweighted|weight|batch size|sample",)),
    Mistake("training.train_one_epoch", "model called on the whole batch tuple", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total, n = 0.0, 0
    for batch in loader:
        optimizer.zero_grad()
        loss = criterion(model(batch), batch[1])
        loss.backward()
        optimizer.step()
        total += loss.item()
        n += 1
    return total / n
""", ("unpack|features|tuple|batch",)),
    Mistake("training.train_one_epoch", "returns a tensor", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total, n = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total = total + loss.detach()
        n += 1
    return total / n
""", ("float|item|tensor",)),
    Mistake("training.train_one_epoch", "records the loss after the step", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total, n = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        criterion(model(xb), yb).backward()
        optimizer.step()
        with torch.no_grad():
            total += criterion(model(xb), yb).item()
        n += 1
    return total / n
""", ("before|after|step|order",)),
    Mistake("training.train_one_epoch", "steps before backward", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total, n = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        optimizer.step()
        loss.backward()
        total += loss.item()
        n += 1
    return total / n
""", ("step|backward|order",)),
    # fit
    Mistake("training.fit", "one epoch short", """
def fit(model, loader, criterion, optimizer, epochs):
    return [train_one_epoch(model, loader, criterion, optimizer) for _ in range(epochs - 1)]
""", ("epoch|off by one|number|count|length",)),
    Mistake("training.fit", "returns the last epoch's loss", """
def fit(model, loader, criterion, optimizer, epochs):
    loss = None
    for _ in range(epochs):
        loss = train_one_epoch(model, loader, criterion, optimizer)
    return loss
""", ("list|each epoch|history",)),
    Mistake("training.fit", "running total of the losses", """
def fit(model, loader, criterion, optimizer, epochs):
    history, total = [], 0.0
    for _ in range(epochs):
        total += train_one_epoch(model, loader, criterion, optimizer)
        history.append(total)
    return history
""", ("mean|each epoch|cumul|running",)),
    Mistake("training.fit", "a new optimizer of its own", """
def fit(model, loader, criterion, optimizer, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    return [train_one_epoch(model, loader, criterion, opt) for _ in range(epochs)]
""", ("optimizer|given|lr",)),
    Mistake("training.fit", "own loop without train mode", """
def fit(model, loader, criterion, optimizer, epochs):
    history = []
    for _ in range(epochs):
        total, n = 0.0, 0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
            n += 1
        history.append(total / n)
    return history
""", ("train|mode",)),
    Mistake("training.fit", "own loop without zero_grad", """
def fit(model, loader, criterion, optimizer, epochs):
    model.train()
    history = []
    for _ in range(epochs):
        total, n = 0.0, 0
        for xb, yb in loader:
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
            n += 1
        history.append(total / n)
    return history
""", ("zero_grad|accumul|clear",)),
    Mistake("training.fit", "every batch loss in one flat list", """
def fit(model, loader, criterion, optimizer, epochs):
    model.train()
    history = []
    for _ in range(epochs):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
            history.append(loss.item())
    return history
""", ("epoch|batch|length|per epoch",)),
    Mistake("training.fit", "sum of each epoch's batch losses", _LOOP + """
def fit(model, loader, criterion, optimizer, epochs):
    return [_epoch(model, loader, criterion, optimizer)[0] for _ in range(epochs)]
""", ("mean|average|sum",)),
    # overfit_batch
    Mistake("training.overfit_batch", "gradients never cleared", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    model.train()
    xb, yb = batch
    losses = []
    for _ in range(steps):
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
""", ("zero_grad|accumul|clear",)),
    Mistake("training.overfit_batch", "loss measured after the update", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    model.train()
    xb, yb = batch
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        criterion(model(xb), yb).backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(criterion(model(xb), yb).item())
    return losses
""", ("before|after|update|order",)),
    Mistake("training.overfit_batch", "one loss too many", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    model.train()
    xb, yb = batch
    losses = []
    for _ in range(steps + 1):
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses
""", ("steps|length|off by one|count",)),
    Mistake("training.overfit_batch", "keeps loss tensors", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    model.train()
    xb, yb = batch
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss)
    return losses
""", ("float|item|tensor",)),
    Mistake("training.overfit_batch", "train mode never set", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    xb, yb = batch
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
""", ("train|mode",)),
    Mistake("training.overfit_batch", "model called on the batch tuple", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    model.train()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(batch), batch[1])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
""", ("unpack|features|tuple|batch",)),
    Mistake("training.overfit_batch", "an optimizer of its own", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    xb, yb = batch
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
""", ("optimizer|given|lr",)),
    # image_transform
    Mistake("training.image_transform", "pixels not scaled to [0, 1]", """
def image_transform(mean, std):
    m = mean if isinstance(mean, (int, float)) else mean[0]
    s = std if isinstance(std, (int, float)) else std[0]
    def f(img):
        x = torch.tensor(np.asarray(img), dtype=torch.float32).unsqueeze(0)
        return (x - m) / s
    return f
""", ("255|scal|[0, 1]|range",)),
    Mistake("training.image_transform", "normalizes before scaling", """
def image_transform(mean, std):
    m = mean if isinstance(mean, (int, float)) else mean[0]
    s = std if isinstance(std, (int, float)) else std[0]
    def f(img):
        x = torch.tensor(np.asarray(img), dtype=torch.float32).unsqueeze(0)
        return ((x - m) / s) / 255
    return f
""", ("order|scal|normaliz",)),
    Mistake("training.image_transform", "no channel dimension", """
def image_transform(mean, std):
    m = mean if isinstance(mean, (int, float)) else mean[0]
    s = std if isinstance(std, (int, float)) else std[0]
    def f(img):
        x = torch.tensor(np.asarray(img), dtype=torch.float32) / 255
        return (x - m) / s
    return f
""", ("channel|shape|(1, h, w)|unsqueeze",)),
    Mistake("training.image_transform", "mean and std ignored", """
def image_transform(mean, std):
    return transforms.ToTensor()
""", ("normaliz|mean|std",)),
    Mistake("training.image_transform", "multiplies by the std", """
def image_transform(mean, std):
    m = mean if isinstance(mean, (int, float)) else mean[0]
    s = std if isinstance(std, (int, float)) else std[0]
    def f(img):
        x = torch.tensor(np.asarray(img), dtype=torch.float32).unsqueeze(0) / 255
        return (x - m) * s
    return f
""", ("std|divi",)),
    Mistake("training.image_transform", "float64 tensor", """
def image_transform(mean, std):
    m = mean if isinstance(mean, (int, float)) else mean[0]
    s = std if isinstance(std, (int, float)) else std[0]
    def f(img):
        x = torch.from_numpy(np.asarray(img) / 255.0).unsqueeze(0)
        return (x - m) / s
    return f
""", ("dtype|float32|float64",)),
    Mistake("training.image_transform", "mean and std must be sequences", """
def image_transform(mean, std):
    to_tensor = transforms.ToTensor()
    return lambda img: (to_tensor(img) - mean[0]) / std[0]
""", ("float|sequence|tuple|number",)),
    # to_device
    Mistake("training.to_device", "tuples become lists", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, (list, tuple)):
        return [to_device(v, device) for v in batch]
    return batch
""", ("tuple|list|type",)),
    Mistake("training.to_device", "namedtuples become plain tuples", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, tuple):
        return tuple(to_device(v, device) for v in batch)
    if isinstance(batch, list):
        return [to_device(v, device) for v in batch]
    return batch
""", ("namedtuple|type|field",)),
    Mistake("training.to_device", "changes the caller's containers", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        for k in batch:
            batch[k] = to_device(batch[k], device)
        return batch
    if isinstance(batch, list):
        for i, v in enumerate(batch):
            batch[i] = to_device(v, device)
        return batch
    if isinstance(batch, tuple):
        items = [to_device(v, device) for v in batch]
        return type(batch)(*items) if hasattr(batch, "_fields") else tuple(items)
    return batch
""", ("mutat|in place|caller|chang|modif",)),
    Mistake("training.to_device", "calls .to on every value", """
def to_device(batch, device):
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, list):
        return [to_device(v, device) for v in batch]
    if isinstance(batch, tuple):
        items = [to_device(v, device) for v in batch]
        return type(batch)(*items) if hasattr(batch, "_fields") else tuple(items)
    return batch.to(device)
""", ("number|string|none|non-tensor|other value",)),
    Mistake("training.to_device", "top level only", """
def to_device(batch, device):
    move = lambda v: v.to(device) if isinstance(v, torch.Tensor) else v
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {k: move(v) for k, v in batch.items()}
    if isinstance(batch, list):
        return [move(v) for v in batch]
    if isinstance(batch, tuple):
        items = [move(v) for v in batch]
        return type(batch)(*items) if hasattr(batch, "_fields") else tuple(items)
    return batch
""", ("nest|recurs|deep",)),
    Mistake("training.to_device", "dict keys sorted", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {k: to_device(batch[k], device) for k in sorted(batch)}
    if isinstance(batch, list):
        return [to_device(v, device) for v in batch]
    if isinstance(batch, tuple):
        items = [to_device(v, device) for v in batch]
        return type(batch)(*items) if hasattr(batch, "_fields") else tuple(items)
    return batch
""", ("order|key",)),
    Mistake("training.to_device", "rebuilds every tuple from a generator", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(v, device) for v in batch)
    return batch
""", ("namedtuple|field",)),
    Mistake("training.to_device", "ignores the device", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.cpu()
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, list):
        return [to_device(v, device) for v in batch]
    if isinstance(batch, tuple):
        items = [to_device(v, device) for v in batch]
        return type(batch)(*items) if hasattr(batch, "_fields") else tuple(items)
    return batch
""", ("device|meta",)),
]
