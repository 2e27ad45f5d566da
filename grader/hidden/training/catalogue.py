"""Chapter 06 catalogue: mistakes students make with datasets, loaders, training loops and
transforms, and other correct answers."""
from grader.hidden.catalogue import Alternative, Mistake

MISTAKES = [
    # ------------------------------------------------------------ make_dataset
    Mistake("training.make_dataset", "float64 features", """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(task)
    x = torch.tensor(_as_array(features))
    y = torch.tensor(_as_array(targets))
    if len(x) != len(y):
        raise ValueError("lengths differ")
    y = y.long().reshape(-1) if task == "multiclass" else y.float().reshape(-1, 1)
    return TensorDataset(x, y)
""", "float64"),
    Mistake("training.make_dataset", "float class labels", """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(task)
    x = torch.tensor(_as_array(features), dtype=torch.float32)
    y = torch.tensor(_as_array(targets), dtype=torch.float32)
    if len(x) != len(y):
        raise ValueError("lengths differ")
    return TensorDataset(x, y.reshape(-1) if task == "multiclass" else y.reshape(-1, 1))
""", ("int64", "CrossEntropyLoss")),
    Mistake("training.make_dataset", "shares memory with the caller's array", """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(task)
    x = torch.from_numpy(_as_array(features)).float()
    y = torch.from_numpy(_as_array(targets))
    if len(x) != len(y):
        raise ValueError("lengths differ")
    y = y.long().reshape(-1) if task == "multiclass" else y.float().reshape(-1, 1)
    return TensorDataset(x, y)
""", "share memory"),
    Mistake("training.make_dataset", "regression targets kept (N,)", """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(task)
    x = torch.tensor(_as_array(features), dtype=torch.float32)
    y = torch.tensor(_as_array(targets))
    if len(x) != len(y):
        raise ValueError("lengths differ")
    return TensorDataset(x, y.long() if task == "multiclass" else y.float())
""", "(N, 1)"),
    Mistake("training.make_dataset", "no ValueError for an unknown task", """
def make_dataset(features, targets, task):
    x = torch.tensor(_as_array(features), dtype=torch.float32)
    y = torch.tensor(_as_array(targets))
    if len(x) != len(y):
        raise ValueError("lengths differ")
    y = y.long().reshape(-1) if task == "multiclass" else y.float().reshape(-1, 1)
    return TensorDataset(x, y)
""", "expected ValueError to be raised"),
    Mistake("training.make_dataset", "no length check", """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(task)
    x = torch.tensor(_as_array(features), dtype=torch.float32)
    y = torch.tensor(_as_array(targets))
    y = y.long().reshape(-1) if task == "multiclass" else y.float().reshape(-1, 1)
    return TensorDataset(x, y)
""", ("expected ValueError to be raised", "AssertionError")),
    Mistake("training.make_dataset", "torch.tensor on a DataFrame", """
def make_dataset(features, targets, task):
    if task not in ("regression", "binary", "multiclass"):
        raise ValueError(task)
    x = torch.tensor(features, dtype=torch.float32)
    y = torch.tensor(targets)
    if len(x) != len(y):
        raise ValueError("lengths differ")
    y = y.long().reshape(-1) if task == "multiclass" else y.float().reshape(-1, 1)
    return TensorDataset(x, y)
""", "DataFrame"),
    # ------------------------------------------------------------ make_loader
    Mistake("training.make_loader", "ignores the seed", """
def make_loader(dataset, batch_size, shuffle, seed):
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle)
""", ("the seed is ignored", "generator")),
    Mistake("training.make_loader", "seeds the global generator", """
def make_loader(dataset, batch_size, shuffle, seed):
    torch.manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle)
""", "global generator"),
    Mistake("training.make_loader", "always shuffles", """
def make_loader(dataset, batch_size, shuffle, seed):
    return DataLoader(dataset, batch_size=batch_size, shuffle=True,
                      generator=torch.Generator().manual_seed(seed))
""", "although shuffle=false"),
    Mistake("training.make_loader", "never shuffles", """
def make_loader(dataset, batch_size, shuffle, seed):
    return DataLoader(dataset, batch_size=batch_size, generator=torch.Generator().manual_seed(seed))
""", "although shuffle=true"),
    Mistake("training.make_loader", "drops the last batch", """
def make_loader(dataset, batch_size, shuffle, seed):
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=True,
                      generator=torch.Generator().manual_seed(seed))
""", "keep the last, smaller batch"),
    Mistake("training.make_loader", "a list of batches", """
def make_loader(dataset, batch_size, shuffle, seed):
    return list(DataLoader(dataset, batch_size=batch_size, shuffle=shuffle,
                           generator=torch.Generator().manual_seed(seed)))
""", "DataLoader itself"),
    # ------------------------------------------------------------ train_one_epoch
    Mistake("training.train_one_epoch", "no optimizer.zero_grad()", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total = 0.0
    for features, targets in loader:
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)
""", ("accumulate", "optimizer.zero_grad()")),
    Mistake("training.train_one_epoch", "returns the sum of the batch losses", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total = 0.0
    for features, targets in loader:
        optimizer.zero_grad()
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total
""", "a sum where the mean"),
    Mistake("training.train_one_epoch", "returns a tensor", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total = 0.0
    for features, targets in loader:
        optimizer.zero_grad()
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        total = total + loss.detach()
    return total / len(loader)
""", ("expected a python float", ".item()")),
    Mistake("training.train_one_epoch", "forgets model.train()", """
def train_one_epoch(model, loader, criterion, optimizer):
    total = 0.0
    for features, targets in loader:
        optimizer.zero_grad()
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)
""", "model.train()"),
    Mistake("training.train_one_epoch", "calls the model on the whole batch (erratum)", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total = 0.0
    for data in loader:
        optimizer.zero_grad()
        features, targets = data
        loss = criterion(model(data), targets)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)
""", ("whole batch", "model(features)")),
    Mistake("training.train_one_epoch", "zero_grad between backward and step", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total = 0.0
    for features, targets in loader:
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        total += loss.item()
    return total / len(loader)
""", "zero_grad() belongs before backward()"),
    Mistake("training.train_one_epoch", "mean weighted by batch size", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    total, count = 0.0, 0
    for features, targets in loader:
        optimizer.zero_grad()
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(features)
        count += len(features)
    return total / count
""", "not weighted by batch size"),
    # ------------------------------------------------------------ fit
    Mistake("training.fit", "history of the summed losses so far", """
def fit(model, loader, criterion, optimizer, epochs):
    history = []
    for epoch in range(epochs):
        loss = train_one_epoch(model, loader, criterion, optimizer)
        history.append(loss + (history[-1] if history else 0.0))
    return history
""", ("running total", "cumulative")),
    Mistake("training.fit", "returns every batch loss", """
def fit(model, loader, criterion, optimizer, epochs):
    model.train()
    losses = []
    for _ in range(epochs):
        for features, targets in loader:
            optimizer.zero_grad()
            loss = criterion(model(features), targets)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses
""", "one value per epoch"),
    Mistake("training.fit", "sums of the batch losses", """
def fit(model, loader, criterion, optimizer, epochs):
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        for features, targets in loader:
            optimizer.zero_grad()
            loss = criterion(model(features), targets)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total)
    return history
""", "a sum where the mean"),
    Mistake("training.fit", "one epoch too many", """
def fit(model, loader, criterion, optimizer, epochs):
    return [train_one_epoch(model, loader, criterion, optimizer) for _ in range(epochs + 1)]
""", "train exactly `epochs` epochs"),
    Mistake("training.fit", "forgets model.train()", """
def fit(model, loader, criterion, optimizer, epochs):
    history = []
    for _ in range(epochs):
        total = 0.0
        for features, targets in loader:
            optimizer.zero_grad()
            loss = criterion(model(features), targets)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
""", "model.train()"),
    Mistake("training.fit", "no optimizer.zero_grad()", """
def fit(model, loader, criterion, optimizer, epochs):
    model.train()
    history = []
    for _ in range(epochs):
        total = 0.0
        for features, targets in loader:
            loss = criterion(model(features), targets)
            loss.backward()
            optimizer.step()
            total += loss.item()
        history.append(total / len(loader))
    return history
""", "optimizer.zero_grad()"),
    # ------------------------------------------------------------ overfit_batch
    Mistake("training.overfit_batch", "records the loss after the update", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    features, targets = batch
    model.train()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        criterion(model(features), targets).backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(criterion(model(features), targets).item())
    return losses
""", "recorded after each update"),
    Mistake("training.overfit_batch", "calls the model on the whole batch (erratum)", """
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
""", "whole batch"),
    Mistake("training.overfit_batch", "no optimizer.zero_grad()", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    features, targets = batch
    model.train()
    losses = []
    for _ in range(steps):
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
""", "optimizer.zero_grad()"),
    Mistake("training.overfit_batch", "keeps loss tensors", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    features, targets = batch
    model.train()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss)
    return losses
""", ".item()"),
    Mistake("training.overfit_batch", "one step too few", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    features, targets = batch
    model.train()
    losses = []
    for _ in range(steps - 1):
        optimizer.zero_grad()
        loss = criterion(model(features), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
""", "optimizer.step() ran"),
    # ------------------------------------------------------------ image_transform
    Mistake("training.image_transform", "Normalize on the raw pixels, then ToTensor's scale", """
def image_transform(mean, std):
    m = mean if isinstance(mean, (int, float)) else mean[0]
    s = std if isinstance(std, (int, float)) else std[0]
    def f(img):
        raw = transforms.PILToTensor()(img).float()
        return transforms.Normalize([m], [s])(raw).div(255)
    return f
""", ("wrong order", "scale to [0, 1] first")),
    Mistake("training.image_transform", "pixels not scaled to [0, 1]", """
def image_transform(mean, std):
    def apply(image):
        x = torch.tensor(np.array(image), dtype=torch.float32).unsqueeze(0)
        return transforms.Normalize(mean, std)(x)
    return apply
""", "divide by 255"),
    Mistake("training.image_transform", "no Normalize", """
def image_transform(mean, std):
    return transforms.ToTensor()
""", "not normalized"),
    Mistake("training.image_transform", "mean and std swapped", """
def image_transform(mean, std):
    return transforms.Compose([transforms.ToTensor(), transforms.Normalize(std, mean)])
""", "swapped"),
    Mistake("training.image_transform", "no channel dimension", """
def image_transform(mean, std):
    inner = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean, std)])
    return lambda image: inner(image)[0]
""", "channel dimension is missing"),
    Mistake("training.image_transform", "transforms.v2 image subclass", """
def image_transform(mean, std):
    from torchvision.transforms import v2
    mean = list(mean) if isinstance(mean, (list, tuple)) else [mean]
    std = list(std) if isinstance(std, (list, tuple)) else [std]
    return v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean, std)])
""", "tv_tensors.Image"),
    Mistake("training.image_transform", "PILToTensor keeps uint8", """
def image_transform(mean, std):
    return transforms.Compose([transforms.PILToTensor(), transforms.Normalize(mean, std)])
""", "float tensor"),
    Mistake("training.image_transform", "float64 from numpy", """
def image_transform(mean, std):
    m = mean[0] if isinstance(mean, (list, tuple)) else mean
    s = std[0] if isinstance(std, (list, tuple)) else std
    return lambda image: torch.from_numpy((np.asarray(image) / 255 - m) / s).unsqueeze(0)
""", "float64"),
    # ------------------------------------------------------------------ to_device (added)
    Mistake("training.to_device", "the result of .to thrown away", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        batch.to(device)
        return batch
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, tuple) and hasattr(batch, "_fields"):
        return type(batch)(*(to_device(v, device) for v in batch))
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(v, device) for v in batch)
    return batch
""", "tensor.to(device) returns a new tensor"),
    Mistake("training.to_device", "a namedtuple rebuilt as a tuple", """
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
""", "namedtuple became a plain tuple"),
    Mistake("training.to_device", "the caller's dict filled in place", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        for k in batch:
            batch[k] = to_device(batch[k], device)
        return batch
    if isinstance(batch, tuple) and hasattr(batch, "_fields"):
        return type(batch)(*(to_device(v, device) for v in batch))
    if isinstance(batch, tuple):
        return tuple(to_device(v, device) for v in batch)
    if isinstance(batch, list):
        return [to_device(v, device) for v in batch]
    return batch
""", "caller's batch"),
    Mistake("training.to_device", "every sequence becomes a list", """
def to_device(batch, device):
    if torch.is_tensor(batch):
        return batch.to(device)
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, (list, tuple)):
        return [to_device(v, device) for v in batch]
    return batch
""", "expected a tuple, got a list"),
    Mistake("training.to_device", "keys sorted", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {k: to_device(batch[k], device) for k in sorted(batch)}
    if isinstance(batch, tuple) and hasattr(batch, "_fields"):
        return type(batch)(*(to_device(v, device) for v in batch))
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(v, device) for v in batch)
    return batch
""", "keys changed order"),
    Mistake("training.to_device", "non-tensors dropped", """
def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {k: to_device(v, device) for k, v in batch.items() if isinstance(v, (torch.Tensor, dict, list, tuple))}
    if isinstance(batch, tuple) and hasattr(batch, "_fields"):
        return type(batch)(*(to_device(v, device) for v in batch))
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(v, device) for v in batch)
    return batch
""", "missing keys"),
    Mistake("training.to_device", "any iterable recursed into, strings too", """
from collections.abc import Iterable, Mapping

def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, Mapping):
        return {k: to_device(v, device) for k, v in batch.items()}
    if isinstance(batch, tuple) and hasattr(batch, "_fields"):
        return type(batch)(*(to_device(v, device) for v in batch))
    if isinstance(batch, Iterable):
        return type(batch)(to_device(v, device) for v in batch)
    return batch
""", "string was treated as a container"),
    # issue 19: six per exercise
    Mistake("training.fit", "the last batch's loss for each epoch", """
def fit(model, loader, criterion, optimizer, epochs):
    model.train()
    history = []
    for _ in range(epochs):
        for features, targets in loader:
            optimizer.zero_grad()
            loss = criterion(model(features), targets)
            loss.backward()
            optimizer.step()
        history.append(loss.item())
    return history
""", "plain mean of its batch losses"),
    Mistake("training.overfit_batch", "steps before backward", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    features, targets = batch
    model.train()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(features), targets)
        optimizer.step()
        loss.backward()
        losses.append(loss.item())
    return losses
""", "all zero (or none) when optimizer.step() ran"),
]

ALTERNATIVES = [
    Alternative("training.make_dataset", ".values and a float32 numpy copy", """
def make_dataset(features, targets, task):
    if task not in {"regression", "binary", "multiclass"}:
        raise ValueError(f"unknown task: {task}")
    x = np.array(getattr(features, "values", features), dtype=np.float32, copy=True)
    y = np.array(getattr(targets, "values", targets), copy=True)
    if x.shape[0] != y.shape[0]:
        raise ValueError("features and targets differ in length")
    if task == "multiclass":
        y_t = torch.from_numpy(y.astype(np.int64)).view(-1)
    else:
        y_t = torch.from_numpy(y.astype(np.float32)).view(-1, 1)
    return TensorDataset(torch.from_numpy(x), y_t)
"""),
    Alternative("training.make_loader", "generator made first", """
def make_loader(dataset, batch_size, shuffle, seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return torch.utils.data.DataLoader(dataset, batch_size, shuffle, generator=g)
"""),
    Alternative("training.train_one_epoch", "the notes' order: backward, step, zero_grad", """
def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    losses = []
    for batch in loader:
        inputs, labels = batch
        outputs = model(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    return sum(losses) / len(losses)
"""),
    Alternative("training.fit", "an inline loop", """
def fit(model, loader, criterion, optimizer, epochs):
    history = []
    for epoch in range(epochs):
        model.train()
        running = 0.0
        for features, targets in loader:
            optimizer.zero_grad()
            loss = criterion(model(features), targets)
            loss.backward()
            optimizer.step()
            running += loss.item()
        history.append(running / len(loader))
    return history
"""),
    Alternative("training.overfit_batch", "loss.item() read before backward", """
def overfit_batch(model, batch, criterion, optimizer, steps):
    features, targets = batch[0], batch[1]
    model.train()
    history = []
    for step in range(steps):
        loss = criterion(model(features), targets)
        history.append(float(loss.item()))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return history
"""),
    Alternative("training.image_transform", "a function doing the arithmetic", """
def image_transform(mean, std):
    m = float(mean[0]) if isinstance(mean, (list, tuple)) else float(mean)
    s = float(std[0]) if isinstance(std, (list, tuple)) else float(std)

    def apply(image):
        pixels = torch.as_tensor(np.array(image), dtype=torch.uint8)   # (H, W)
        x = pixels.to(torch.float32).div(255).unsqueeze(0)            # (1, H, W)
        return x.sub(m).div(s)
    return apply
"""),
    Alternative("training.to_device", "pattern matching, namedtuples by _make", """
def to_device(batch, device):
    match batch:
        case torch.Tensor():
            return batch.to(device=device)
        case dict():
            return dict((key, to_device(value, device)) for key, value in batch.items())
        case tuple() if hasattr(type(batch), "_make"):
            return type(batch)._make(to_device(value, device) for value in batch)
        case tuple() | list():
            return type(batch)(to_device(value, device) for value in batch)
        case _:
            return batch
"""),
    Alternative("training.to_device", "torch's pytree map", """
from torch.utils import _pytree

def to_device(batch, device):
    return _pytree.tree_map(lambda leaf: leaf.to(device) if isinstance(leaf, torch.Tensor) else leaf, batch)
"""),
]
