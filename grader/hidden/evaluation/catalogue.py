"""Chapter 07 catalogue: mistakes students make evaluating models, and other correct answers."""
from grader.hidden.catalogue import Alternative, Mistake

SPLIT = [
    Mistake("evaluation.split", "ignores the seed", """
def split(dataset, fractions, seed):
    return random_split(dataset, fractions)
""", "seed was ignored"),
    Mistake("evaluation.split", "sizes by int() with the rest in the last part", """
def split(dataset, fractions, seed):
    n = len(dataset)
    lengths = [int(f * n) for f in fractions[:-1]]
    lengths.append(n - sum(lengths))
    return random_split(dataset, lengths, generator=torch.Generator().manual_seed(seed))
""", "remainder"),
    Mistake("evaluation.split", "cuts without shuffling", """
def split(dataset, fractions, seed):
    n, start, parts = len(dataset), 0, []
    for f in fractions:
        size = round(f * n)
        parts.append(Subset(dataset, list(range(start, start + size))))
        start += size
    return parts
""", "not shuffled"),
    Mistake("evaluation.split", "numpy permutation", """
def split(dataset, fractions, seed):
    perm = np.random.default_rng(seed).permutation(len(dataset)).tolist()
    sizes = [len(s) for s in random_split(range(len(dataset)), fractions)]
    parts, start = [], 0
    for size in sizes:
        parts.append(Subset(dataset, perm[start:start + size]))
        start += size
    return parts
""", "generator=torch.Generator().manual_seed(seed)"),
    Mistake("evaluation.split", "lists of samples instead of Subsets", """
def split(dataset, fractions, seed):
    parts = random_split(dataset, fractions, generator=torch.Generator().manual_seed(seed))
    return [[dataset[i] for i in part.indices] for part in parts]
""", "Subset"),
]

ACCURACY = [
    Mistake("evaluation.accuracy", "amax values compared with the labels", """
def accuracy(logits, labels):
    best = torch.amax(logits, dim=-1)
    return float((best == labels).sum()) / len(labels)
""", ("largest logit values", "argmax")),
    Mistake("evaluation.accuracy", "mean of per-class hit rates", """
def accuracy(logits, labels):
    preds = logits.argmax(-1)
    rates = []
    for c in sorted(set(labels.tolist())):
        mask = labels == c
        rates.append(int((preds[mask] == c).sum()) / int(mask.sum()))
    return sum(rates) / len(rates)
""", ("macro average", "micro")),
    Mistake("evaluation.accuracy", "max(..., keepdim=True) indices against the labels", """
def accuracy(logits, labels):
    _, idx = logits.max(dim=1, keepdim=True)
    return (idx == labels).float().mean().item()
""", ("broadcast",)),
    Mistake("evaluation.accuracy", "returns a tensor", """
def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean()
""", "call .item()"),
    Mistake("evaluation.accuracy", "argmax over the samples", """
def accuracy(logits, labels):
    return (logits.argmax(dim=0) == labels).float().mean().item()
""", "must match the size"),
    Mistake("evaluation.accuracy", "the count of right answers", """
def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).sum().item()
""", ("expected a python float", "count")),
    Mistake("evaluation.accuracy", "integer division", """
def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).sum().item() // len(labels)
""", "integer division"),
    Mistake("evaluation.accuracy", "calls torchmetrics", """
def accuracy(logits, labels):
    import torchmetrics
    metric = torchmetrics.Accuracy(task="multiclass", num_classes=logits.shape[1])
    return metric(logits, labels).item()
""", "not allowed to call"),
]

EVALUATE = [
    Mistake("evaluation.evaluate", "no model.eval(): dropout still on", """
def evaluate(model, loader, criterion, num_classes):
    total, right, count = 0.0, 0, 0
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            total += criterion(logits, labels).item()
            right += (logits.argmax(1) == labels).sum().item()
            count += len(labels)
    return {"loss": total / len(loader), "accuracy": right / count}
""", "model.eval()"),
    Mistake("evaluation.evaluate", "no torch.no_grad(): builds a graph", """
def evaluate(model, loader, criterion, num_classes):
    was_training = model.training
    model.eval()
    total, right, count = 0.0, 0, 0
    for features, labels in loader:
        logits = model(features)
        total += criterion(logits, labels).item()
        right += (logits.argmax(1) == labels).sum().item()
        count += len(labels)
    model.train(was_training)
    return {"loss": total / len(loader), "accuracy": right / count}
""", "torch.no_grad()"),
    Mistake("evaluation.evaluate", "leaves the model in eval mode", """
def evaluate(model, loader, criterion, num_classes):
    model.eval()
    total, right, count = 0.0, 0, 0
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            total += criterion(logits, labels).item()
            right += (logits.argmax(1) == labels).sum().item()
            count += len(labels)
    return {"loss": total / len(loader), "accuracy": right / count}
""", "left in eval mode"),
    Mistake("evaluation.evaluate", "always switches back to train mode", """
def evaluate(model, loader, criterion, num_classes):
    model.eval()
    total, right, count = 0.0, 0, 0
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            total += criterion(logits, labels).item()
            right += (logits.argmax(1) == labels).sum().item()
            count += len(labels)
    model.train()
    return {"loss": total / len(loader), "accuracy": right / count}
""", "came in eval mode"),
    Mistake("evaluation.evaluate", "metric.compute() and reset() inside the batch loop (the notes)", """
def evaluate(model, loader, criterion, num_classes):
    import torchmetrics
    metric = torchmetrics.Accuracy(task="multiclass", num_classes=num_classes)
    was_training = model.training
    model.eval()
    total = 0.0
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            total += criterion(logits, labels).item()
            metric.update(logits, labels)
            acc = metric.compute().item()
            metric.reset()
    model.train(was_training)
    return {"loss": total / len(loader), "accuracy": acc}
""", "inside the batch loop"),
    Mistake("evaluation.evaluate", "averages per-batch accuracies", """
def evaluate(model, loader, criterion, num_classes):
    was_training = model.training
    model.eval()
    losses, accs = [], []
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            losses.append(criterion(logits, labels).item())
            accs.append((logits.argmax(1) == labels).float().mean().item())
    model.train(was_training)
    return {"loss": sum(losses) / len(losses), "accuracy": sum(accs) / len(accs)}
""", "per-batch accuracies"),
    Mistake("evaluation.evaluate", "loss weighted by batch size", """
def evaluate(model, loader, criterion, num_classes):
    was_training = model.training
    model.eval()
    total, right, count = 0.0, 0, 0
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            total += criterion(logits, labels).item() * len(labels)
            right += (logits.argmax(1) == labels).sum().item()
            count += len(labels)
    model.train(was_training)
    return {"loss": total / count, "accuracy": right / count}
""", "weighted by batch size"),
    Mistake("evaluation.evaluate", "a metric shared across calls, never reset", """
import torchmetrics as _tm
_METRIC = _tm.Accuracy(task="multiclass", num_classes=10)

def evaluate(model, loader, criterion, num_classes):
    was_training = model.training
    model.eval()
    total = 0.0
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            total += criterion(logits, labels).item()
            _METRIC.update(logits.argmax(1), labels)
    model.train(was_training)
    return {"loss": total / len(loader), "accuracy": _METRIC.compute().item()}
""", "second call"),
    Mistake("evaluation.evaluate", "model(data) on the whole batch tuple (the notes)", """
def evaluate(model, loader, criterion, num_classes):
    was_training = model.training
    model.eval()
    total, right, count = 0.0, 0, 0
    with torch.no_grad():
        for data in loader:
            features, labels = data
            logits = model(data)
            total += criterion(logits, labels).item()
            right += (logits.argmax(1) == labels).sum().item()
            count += len(labels)
    model.train(was_training)
    return {"loss": total / len(loader), "accuracy": right / count}
""", "must be tensor"),
]

ADD_DROPOUT = [
    Mistake("evaluation.add_dropout", "every module of model.modules()", """
def add_dropout(model, p):
    out = []
    for m in model.modules():
        out.append(m)
        if isinstance(m, (nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh)):
            out.append(nn.Dropout(p))
    return nn.Sequential(*out)
""", ("model.modules()", "top-level")),
    Mistake("evaluation.add_dropout", "Dropout before the activation", """
def add_dropout(model, p):
    layers = []
    for layer in model:
        if isinstance(layer, ACTIVATIONS):
            layers.append(nn.Dropout(p))
        layers.append(layer)
    return nn.Sequential(*layers)
""", "after the activation"),
    Mistake("evaluation.add_dropout", "a Dropout after the last layer too", """
def add_dropout(model, p):
    layers = []
    for layer in model:
        layers.append(layer)
        if isinstance(layer, ACTIVATIONS):
            layers.append(nn.Dropout(p))
    layers.append(nn.Dropout(p))
    return nn.Sequential(*layers)
""", "after the last layer"),
    Mistake("evaluation.add_dropout", "only after ReLU", """
def add_dropout(model, p):
    layers = []
    for layer in model:
        layers.append(layer)
        if isinstance(layer, nn.ReLU):
            layers.append(nn.Dropout(p))
    return nn.Sequential(*layers)
""", "missing after an activation"),
    Mistake("evaluation.add_dropout", "inserts into the model passed in", """
def add_dropout(model, p):
    i = 0
    while i < len(model):
        if isinstance(model[i], ACTIVATIONS):
            model.insert(i + 1, nn.Dropout(p))
            i += 1
        i += 1
    return model
""", "passed in was changed"),
    Mistake("evaluation.add_dropout", "Dropout() with its default p", """
def add_dropout(model, p):
    layers = []
    for layer in model:
        layers.append(layer)
        if isinstance(layer, ACTIVATIONS):
            layers.append(nn.Dropout())
    return nn.Sequential(*layers)
""", "probability p"),
]

LR_CANDIDATES = [
    Mistake("evaluation.lr_candidates", "the exponent's sign flipped", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        exponents = np.linspace(low_exp, high_exp, n)
    else:
        exponents = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    return [float(10 ** e) for e in exponents]
""", "sign of the exponent"),
    Mistake("evaluation.lr_candidates", "the global numpy generator", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        exponents = np.linspace(low_exp, high_exp, n)
    else:
        exponents = np.random.uniform(low_exp, high_exp, n)
    return [float(10 ** -e) for e in exponents]
""", "default_rng(seed)"),
    Mistake("evaluation.lr_candidates", "torch's generator for the random exponents", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        exponents = torch.linspace(low_exp, high_exp, n, dtype=torch.float64)
    else:
        torch.manual_seed(seed)
        exponents = low_exp + (high_exp - low_exp) * torch.rand(n, dtype=torch.float64)
    return [10 ** -e.item() for e in exponents]
""", "default_rng(seed)"),
    Mistake("evaluation.lr_candidates", "returns a numpy array", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        exponents = np.linspace(low_exp, high_exp, n)
    else:
        exponents = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    return 10.0 ** -exponents
""", "list of python floats"),
    Mistake("evaluation.lr_candidates", "grid by whole steps", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        exponents = np.arange(low_exp, high_exp + 1.0)
    else:
        exponents = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    return [float(10 ** -e) for e in exponents]
""", "linspace"),
]

BEST_EPOCH = [
    Mistake("evaluation.best_epoch", "ignores patience", """
def best_epoch(val_losses, patience):
    return min(range(len(val_losses)), key=lambda i: val_losses[i])
""", "patience was ignored"),
    Mistake("evaluation.best_epoch", "stops one epoch late", """
def best_epoch(val_losses, patience):
    best, best_i, waited = float("inf"), 0, 0
    for i, loss in enumerate(val_losses):
        if loss < best:
            best, best_i, waited = loss, i, 0
        else:
            waited += 1
            if waited > patience:
                break
    return best_i
""", "one epoch late"),
    Mistake("evaluation.best_epoch", "a tie counts as a new best", """
def best_epoch(val_losses, patience):
    best, best_i, waited = float("inf"), 0, 0
    for i, loss in enumerate(val_losses):
        if loss <= best:
            best, best_i, waited = loss, i, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_i
""", "tie"),
    Mistake("evaluation.best_epoch", "counts epochs from 1", """
def best_epoch(val_losses, patience):
    best, best_i, waited = float("inf"), 0, 0
    for i, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, best_i, waited = loss, i, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best_i
""", "counted from 0"),
    Mistake("evaluation.best_epoch", "returns the epoch where it stopped", """
def best_epoch(val_losses, patience):
    best, waited = float("inf"), 0
    for i, loss in enumerate(val_losses):
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                return i
    return len(val_losses) - 1
""", "where training stopped"),
]

CONFUSION = [
    Mistake("evaluation.confusion_matrix", "rows are predictions", """
def confusion_matrix(preds, labels, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64)
    for p, t in zip(preds.tolist(), labels.tolist()):
        matrix[p, t] += 1
    return matrix
""", "rows and columns swapped"),
    Mistake("evaluation.confusion_matrix", "float counts", """
def confusion_matrix(preds, labels, num_classes):
    matrix = torch.zeros(num_classes, num_classes)
    for p, t in zip(preds.tolist(), labels.tolist()):
        matrix[t, p] += 1
    return matrix
""", "expected dtype torch.int64"),
    Mistake("evaluation.confusion_matrix", "sized by the largest class seen", """
def confusion_matrix(preds, labels, num_classes):
    c = int(max(preds.max(), labels.max())) + 1
    return torch.bincount(labels * c + preds, minlength=c * c).reshape(c, c)
""", "num_classes"),
    Mistake("evaluation.confusion_matrix", "+= with repeated indices counts once", """
def confusion_matrix(preds, labels, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64)
    matrix[labels, preds] += 1
    return matrix
""", "accumulate"),
]

# issue 19: six per exercise
MORE = [
    Mistake("evaluation.split", "sizes by round()", """
def split(dataset, fractions, seed):
    sizes = [round(f * len(dataset)) for f in fractions]
    return random_split(dataset, sizes, generator=torch.Generator().manual_seed(seed))
""", "sizes differ"),
    Mistake("evaluation.accuracy", "a percentage", """
def accuracy(logits, labels):
    return 100.0 * (logits.argmax(dim=1) == labels).sum().item() / len(labels)
""", "100 times too large"),
    Mistake("evaluation.add_dropout", "a Dropout after every layer but the last", """
def add_dropout(model, p):
    layers = []
    for layer in model:
        layers += [layer, nn.Dropout(p)]
    return nn.Sequential(*layers[:-1])
""", "a dropout after a layer that is not an activation"),
    Mistake("evaluation.lr_candidates", "grid without its upper end", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        exponents = np.linspace(low_exp, high_exp, n, endpoint=False)
    elif kind == "random":
        exponents = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    else:
        raise ValueError(kind)
    return [float(10 ** -e) for e in exponents]
""", "both ends included"),
    Mistake("evaluation.best_epoch", "returns the best loss, not its epoch", """
def best_epoch(val_losses, patience):
    best, waited = math.inf, 0
    for loss in val_losses:
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best
""", "expected the int 1, got the float 0.8"),
    Mistake("evaluation.confusion_matrix", "rows normalised to fractions", """
def confusion_matrix(preds, labels, num_classes):
    matrix = torch.zeros(num_classes, num_classes)
    for t, p in zip(labels.tolist(), preds.tolist()):
        matrix[t, p] += 1
    return matrix / matrix.sum(dim=1, keepdim=True).clamp(min=1)
""", "fractions, not counts"),
    Mistake("evaluation.confusion_matrix", "nested Python lists", """
def confusion_matrix(preds, labels, num_classes):
    matrix = [[0] * num_classes for _ in range(num_classes)]
    for t, p in zip(labels.tolist(), preds.tolist()):
        matrix[t][p] += 1
    return matrix
""", "got a list of 3 items"),
]

MISTAKES = SPLIT + ACCURACY + EVALUATE + ADD_DROPOUT + LR_CANDIDATES + BEST_EPOCH + CONFUSION + MORE

ALTERNATIVES = [
    Alternative("evaluation.split", "the global generator, seeded", """
def split(dataset, fractions, seed):
    torch.manual_seed(seed)
    return random_split(dataset, fractions)
"""),
    Alternative("evaluation.split", "randperm by hand", """
def split(dataset, fractions, seed):
    n = len(dataset)
    lengths = [math.floor(n * f) for f in fractions]
    for i in range(n - sum(lengths)):
        lengths[i % len(lengths)] += 1
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist()
    parts, start = [], 0
    for length in lengths:
        parts.append(Subset(dataset, order[start:start + length]))
        start += length
    return parts
"""),
    Alternative("evaluation.accuracy", "float mean", """
def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean().item()
"""),
    Alternative("evaluation.accuracy", "numpy", """
def accuracy(logits, labels):
    return float(np.mean(logits.argmax(-1).numpy() == labels.numpy()))
"""),
    Alternative("evaluation.evaluate", "by hand, inference_mode", """
def evaluate(model, loader, criterion, num_classes):
    was_training = model.training
    model.eval()
    losses, right, count = [], 0, 0
    with torch.inference_mode():
        for features, labels in loader:
            logits = model(features)
            losses.append(criterion(logits, labels).item())
            right += int((logits.argmax(dim=1) == labels).sum())
            count += labels.shape[0]
    model.train(was_training)
    return {"loss": sum(losses) / len(losses), "accuracy": right / count}
"""),
    Alternative("evaluation.evaluate", "torchmetrics MeanMetric and Accuracy", """
def evaluate(model, loader, criterion, num_classes):
    import torchmetrics
    acc = torchmetrics.Accuracy(task="multiclass", num_classes=num_classes)
    was_training = model.training
    model.eval()
    losses = []
    with torch.no_grad():
        for features, labels in loader:
            logits = model(features)
            losses.append(criterion(logits, labels).item())
            acc.update(logits.argmax(dim=-1), labels)
    if was_training:
        model.train()
    return {"loss": float(np.mean(losses)), "accuracy": float(acc.compute())}
"""),
    Alternative("evaluation.add_dropout", "layers += [...]", """
def add_dropout(model, p):
    layers = []
    for layer in model.children():
        activation = isinstance(layer, (nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh))
        layers += [layer, nn.Dropout(p=p)] if activation else [layer]
    return nn.Sequential(*layers)
"""),
    Alternative("evaluation.add_dropout", "a deep copy", """
def add_dropout(model, p):
    import copy
    new = nn.Sequential()
    for layer in copy.deepcopy(model):
        new.append(layer)
        if type(layer).__name__ in ("ReLU", "LeakyReLU", "Sigmoid", "Tanh"):
            new.append(nn.Dropout(p))
    return new
"""),
    Alternative("evaluation.lr_candidates", "logspace and one draw at a time", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        return np.logspace(-low_exp, -high_exp, n).tolist()
    rng = np.random.default_rng(seed)
    return [10.0 ** -rng.uniform(low_exp, high_exp) for _ in range(n)]
"""),
    Alternative("evaluation.best_epoch", "patience counted from the best index", """
def best_epoch(val_losses, patience):
    best_i = 0
    for i in range(1, len(val_losses)):
        if val_losses[i] < val_losses[best_i]:
            best_i = i
        elif i - best_i >= patience:
            break
    return best_i
"""),
    Alternative("evaluation.confusion_matrix", "a loop", """
def confusion_matrix(preds, labels, num_classes):
    matrix = torch.zeros((num_classes, num_classes), dtype=torch.long)
    for t, p in zip(labels, preds):
        matrix[t, p] += 1
    return matrix
"""),
    Alternative("evaluation.confusion_matrix", "torchmetrics", """
def confusion_matrix(preds, labels, num_classes):
    from torchmetrics.functional import confusion_matrix as cm
    return cm(preds, labels, task="multiclass", num_classes=num_classes)
"""),
    Alternative("evaluation.confusion_matrix", "index_put_ with accumulate", """
def confusion_matrix(preds, labels, num_classes):
    matrix = torch.zeros(num_classes, num_classes, dtype=torch.int64)
    return matrix.index_put_((labels, preds), torch.ones_like(labels), accumulate=True)
"""),
]
