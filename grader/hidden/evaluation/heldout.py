"""Chapter 07 held-out mistakes: written from the stub and the syllabus alone, never tuned against.

No hint was written against these; the audit reports them apart from the catalogue.
"""
from grader.hidden.catalogue import Mistake

HELDOUT = [
    # split
    Mistake("evaluation.split", "floored lengths that do not add up", """
def split(dataset, fractions, seed):
    n = len(dataset)
    sizes = [int(f * n) for f in fractions]
    return random_split(dataset, sizes, generator=torch.Generator().manual_seed(seed))
""", ("length|sum|remainder|size",)),
    Mistake("evaluation.split", "contiguous slices, no shuffle", """
def split(dataset, fractions, seed):
    n = len(dataset)
    sizes = [int(math.floor(f * n)) for f in fractions]
    for i in range(n - sum(sizes)):
        sizes[i % len(sizes)] += 1
    out, start = [], 0
    for s in sizes:
        out.append(Subset(dataset, list(range(start, start + s))))
        start += s
    return out
""", ("random|shuffl|order",)),
    Mistake("evaluation.split", "remainder given to the last part", """
def split(dataset, fractions, seed):
    n = len(dataset)
    sizes = [int(f * n) for f in fractions]
    sizes[-1] = n - sum(sizes[:-1])
    return random_split(dataset, sizes, generator=torch.Generator().manual_seed(seed))
""", ("length|size|remainder|round",)),
    Mistake("evaluation.split", "generator never seeded", """
def split(dataset, fractions, seed):
    return random_split(dataset, fractions, generator=torch.Generator())
""", ("seed|reproduc",)),
    Mistake("evaluation.split", "numpy permutation", """
def split(dataset, fractions, seed):
    n = len(dataset)
    order = np.random.default_rng(seed).permutation(n).tolist()
    sizes = [int(math.floor(f * n)) for f in fractions]
    for i in range(n - sum(sizes)):
        sizes[i % len(sizes)] += 1
    out, start = [], 0
    for s in sizes:
        out.append(Subset(dataset, order[start:start + s]))
        start += s
    return out
""", ("random_split|generator|torch|order",)),
    Mistake("evaluation.split", "one generator seeded once and reused", """
_GEN = torch.Generator()
_SEEDED = []
def split(dataset, fractions, seed):
    if not _SEEDED:
        _GEN.manual_seed(seed)
        _SEEDED.append(seed)
    return random_split(dataset, fractions, generator=_GEN)
""", ("generator|reuse|seed|same",)),
    Mistake("evaluation.split", "sizes rounded by hand", """
def split(dataset, fractions, seed):
    n = len(dataset)
    sizes = [round(f * n) for f in fractions[:-1]]
    sizes.append(n - sum(sizes))
    return random_split(dataset, sizes, generator=torch.Generator().manual_seed(seed))
""", ("length|size|round|remainder",)),
    # accuracy
    Mistake("evaluation.accuracy", "returns a tensor", """
def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean()
""", ("float|item|tensor",)),
    Mistake("evaluation.accuracy", "argmax over the samples", """
def accuracy(logits, labels):
    return (logits.argmax(dim=0) == labels).float().mean().item()
""", ("dim|axis|row|class",)),
    Mistake("evaluation.accuracy", "count, not fraction", """
def accuracy(logits, labels):
    return float((logits.argmax(dim=1) == labels).sum().item())
""", ("fraction|divi|count|mean",)),
    Mistake("evaluation.accuracy", "integer division", """
def accuracy(logits, labels):
    correct = (logits.argmax(dim=1) == labels).sum()
    return float(correct // labels.numel())
""", ("integer|division|float|fraction",)),
    Mistake("evaluation.accuracy", "compares the max values with the labels", """
def accuracy(logits, labels):
    return (logits.max(dim=1)[0] == labels).float().mean().item()
""", ("argmax|index|values|max",)),
    Mistake("evaluation.accuracy", "macro average over classes", """
def accuracy(logits, labels):
    preds = logits.argmax(dim=1)
    accs = [(preds[labels == c] == c).float().mean().item() for c in labels.unique()]
    return float(sum(accs) / len(accs))
""", ("micro|macro|per class|average",)),
    Mistake("evaluation.accuracy", "argmax with keepdim broadcasts", """
def accuracy(logits, labels):
    return (logits.argmax(dim=1, keepdim=True) == labels).float().mean().item()
""", ("shape|broadcast|keepdim",)),
    # evaluate
    Mistake("evaluation.evaluate", "eval mode never set", """
def evaluate(model, loader, criterion, num_classes):
    total, n_batches, correct, n = 0.0, 0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            out = model(xb)
            total += criterion(out, yb).item()
            n_batches += 1
            correct += (out.argmax(dim=1) == yb).sum().item()
            n += len(yb)
    return {"loss": total / n_batches, "accuracy": correct / n}
""", ("eval|mode|dropout",)),
    Mistake("evaluation.evaluate", "leaves the model in eval mode", """
def evaluate(model, loader, criterion, num_classes):
    model.eval()
    total, n_batches, correct, n = 0.0, 0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            out = model(xb)
            total += criterion(out, yb).item()
            n_batches += 1
            correct += (out.argmax(dim=1) == yb).sum().item()
            n += len(yb)
    return {"loss": total / n_batches, "accuracy": correct / n}
""", ("training|mode|restore|train",)),
    Mistake("evaluation.evaluate", "always switches back to train mode", """
def evaluate(model, loader, criterion, num_classes):
    model.eval()
    total, n_batches, correct, n = 0.0, 0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            out = model(xb)
            total += criterion(out, yb).item()
            n_batches += 1
            correct += (out.argmax(dim=1) == yb).sum().item()
            n += len(yb)
    model.train()
    return {"loss": total / n_batches, "accuracy": correct / n}
""", ("restore|was|mode|training",)),
    Mistake("evaluation.evaluate", "builds a graph", """
def evaluate(model, loader, criterion, num_classes):
    was = model.training
    model.eval()
    total, n_batches, correct, n = 0.0, 0, 0, 0
    for xb, yb in loader:
        out = model(xb)
        total += criterion(out, yb).item()
        n_batches += 1
        correct += (out.argmax(dim=1) == yb).sum().item()
        n += len(yb)
    model.train(was)
    return {"loss": total / n_batches, "accuracy": correct / n}
""", ("no_grad|graph|autograd|inference",)),
    Mistake("evaluation.evaluate", "mean of the batch accuracies", """
def evaluate(model, loader, criterion, num_classes):
    was = model.training
    model.eval()
    total, accs = 0.0, []
    with torch.no_grad():
        for xb, yb in loader:
            out = model(xb)
            total += criterion(out, yb).item()
            accs.append((out.argmax(dim=1) == yb).float().mean().item())
    model.train(was)
    return {"loss": total / len(accs), "accuracy": sum(accs) / len(accs)}
""", ("sample|batch|weight|all samples",)),
    Mistake("evaluation.evaluate", "loss weighted by batch size", """
def evaluate(model, loader, criterion, num_classes):
    was = model.training
    model.eval()
    total, correct, n = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            out = model(xb)
            total += criterion(out, yb).item() * len(yb)
            correct += (out.argmax(dim=1) == yb).sum().item()
            n += len(yb)
    model.train(was)
    return {"loss": total / n, "accuracy": correct / n}
""", ("unweighted|batch size|weight|sample",)),
    Mistake("evaluation.evaluate", "sum of the batch losses", """
def evaluate(model, loader, criterion, num_classes):
    was = model.training
    model.eval()
    total, correct, n = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            out = model(xb)
            total += criterion(out, yb).item()
            correct += (out.argmax(dim=1) == yb).sum().item()
            n += len(yb)
    model.train(was)
    return {"loss": total, "accuracy": correct / n}
""", ("mean|average|sum",)),
    Mistake("evaluation.evaluate", "accuracy computed and reset inside the loop", """
def evaluate(model, loader, criterion, num_classes):
    was = model.training
    model.eval()
    total, n_batches, acc = 0.0, 0, 0.0
    with torch.no_grad():
        for xb, yb in loader:
            correct, n = 0, 0
            out = model(xb)
            total += criterion(out, yb).item()
            n_batches += 1
            correct += (out.argmax(dim=1) == yb).sum().item()
            n += len(yb)
            acc = correct / n
    model.train(was)
    return {"loss": total / n_batches, "accuracy": acc}
""", ("last batch|all samples|whole|every batch|reset",)),
    # add_dropout
    Mistake("evaluation.add_dropout", "inserts into the model passed in", """
def add_dropout(model, p):
    acts = (nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh)
    i = 0
    while i < len(model):
        if isinstance(model[i], acts):
            model.insert(i + 1, nn.Dropout(p))
            i += 1
        i += 1
    return model
""", ("chang|mutat|modif|in place|original",)),
    Mistake("evaluation.add_dropout", "dropout before the activation", """
def add_dropout(model, p):
    acts = (nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh)
    layers = []
    for layer in model:
        if isinstance(layer, acts):
            layers.append(nn.Dropout(p))
        layers.append(layer)
    return nn.Sequential(*layers)
""", ("after|before|order",)),
    Mistake("evaluation.add_dropout", "after ReLU only", """
def add_dropout(model, p):
    layers = []
    for layer in model:
        layers.append(layer)
        if isinstance(layer, nn.ReLU):
            layers.append(nn.Dropout(p))
    return nn.Sequential(*layers)
""", ("leakyrelu|sigmoid|tanh|every activation|activation",)),
    Mistake("evaluation.add_dropout", "after every layer", """
def add_dropout(model, p):
    layers = []
    for layer in model:
        layers += [layer, nn.Dropout(p)]
    return nn.Sequential(*layers)
""", ("activation|every layer|only after|linear",)),
    Mistake("evaluation.add_dropout", "p ignored", """
def add_dropout(model, p):
    acts = (nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh)
    layers = []
    for layer in model:
        layers.append(layer)
        if isinstance(layer, acts):
            layers.append(nn.Dropout())
    return nn.Sequential(*layers)
""", ("p=|probability|rate|p ",)),
    Mistake("evaluation.add_dropout", "loop stops before the last layer", """
def add_dropout(model, p):
    acts = (nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh)
    layers = []
    for i in range(len(model) - 1):
        layers.append(model[i])
        if isinstance(model[i], acts):
            layers.append(nn.Dropout(p))
    layers.append(model[-1])
    return nn.Sequential(*layers)
""", ("last|layer|missing",)),
    Mistake("evaluation.add_dropout", "walks modules(), the container included", """
def add_dropout(model, p):
    acts = (nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh)
    layers = []
    for layer in model.modules():
        if isinstance(layer, nn.Sequential) and layer is not model:
            continue
        layers.append(layer)
        if isinstance(layer, acts):
            layers.append(nn.Dropout(p))
    return nn.Sequential(*layers)
""", ("children|top-level|top level|modules|nested",)),
    # lr_candidates
    Mistake("evaluation.lr_candidates", "minus sign missing", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        e = np.linspace(low_exp, high_exp, n)
    else:
        e = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    return [float(10 ** x) for x in e]
""", ("minus|sign|negative|exponent",)),
    Mistake("evaluation.lr_candidates", "returns a numpy array", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        e = np.linspace(low_exp, high_exp, n)
    else:
        e = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    return 10.0 ** -e
""", ("list|float|python|numpy",)),
    Mistake("evaluation.lr_candidates", "arange leaves out the last exponent", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        e = np.arange(low_exp, high_exp, (high_exp - low_exp) / n)
    else:
        e = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    return [float(10 ** -x) for x in e]
""", ("linspace|endpoint|include|last",)),
    Mistake("evaluation.lr_candidates", "legacy np.random.seed", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        e = np.linspace(low_exp, high_exp, n)
    else:
        np.random.seed(seed)
        e = np.random.uniform(low_exp, high_exp, n)
    return [float(10 ** -x) for x in e]
""", ("default_rng|generator|legacy|seed",)),
    Mistake("evaluation.lr_candidates", "random exponents unseeded", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        e = np.linspace(low_exp, high_exp, n)
    else:
        e = np.random.default_rng().uniform(low_exp, high_exp, n)
    return [float(10 ** -x) for x in e]
""", ("seed|reproduc",)),
    Mistake("evaluation.lr_candidates", "kind ignored", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    return [float(10 ** -x) for x in np.linspace(low_exp, high_exp, n)]
""", ("random|kind",)),
    Mistake("evaluation.lr_candidates", "base e", """
def lr_candidates(kind, n, low_exp, high_exp, seed):
    if kind == "grid":
        e = np.linspace(low_exp, high_exp, n)
    else:
        e = np.random.default_rng(seed).uniform(low_exp, high_exp, n)
    return [float(np.exp(-x)) for x in e]
""", ("10|base|exp",)),
    # best_epoch
    Mistake("evaluation.best_epoch", "argmin of every epoch", """
def best_epoch(val_losses, patience):
    return int(np.argmin(val_losses))
""", ("patience|stop|early",)),
    Mistake("evaluation.best_epoch", "ties go to the later epoch", """
def best_epoch(val_losses, patience):
    best, best_i, wait = math.inf, 0, 0
    for i, v in enumerate(val_losses):
        if v <= best:
            best, best_i, wait = v, i, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_i
""", ("tie|strict|earlier|<=",)),
    Mistake("evaluation.best_epoch", "waits one epoch too many", """
def best_epoch(val_losses, patience):
    best, best_i, wait = math.inf, 0, 0
    for i, v in enumerate(val_losses):
        if v < best:
            best, best_i, wait = v, i, 0
        else:
            wait += 1
            if wait > patience:
                break
    return best_i
""", ("patience|off by one|one epoch|too late",)),
    Mistake("evaluation.best_epoch", "returns the stopping epoch", """
def best_epoch(val_losses, patience):
    best, wait = math.inf, 0
    for i, v in enumerate(val_losses):
        if v < best:
            best, wait = v, 0
        else:
            wait += 1
            if wait >= patience:
                return i
    return len(val_losses) - 1
""", ("best|stop|index",)),
    Mistake("evaluation.best_epoch", "1-based epoch", """
def best_epoch(val_losses, patience):
    best, best_i, wait = math.inf, 0, 0
    for i, v in enumerate(val_losses, start=1):
        if v < best:
            best, best_i, wait = v, i, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_i
""", ("0-based|zero-based|index|off by one",)),
    Mistake("evaluation.best_epoch", "counter not reset on improvement", """
def best_epoch(val_losses, patience):
    best, best_i, wait = math.inf, 0, 0
    for i, v in enumerate(val_losses):
        if v < best:
            best, best_i = v, i
        else:
            wait += 1
            if wait >= patience:
                break
    return best_i
""", ("reset|counter|in a row|consecutive",)),
    Mistake("evaluation.best_epoch", "progress measured against the previous epoch", """
def best_epoch(val_losses, patience):
    best, best_i, wait, prev = math.inf, 0, 0, math.inf
    for i, v in enumerate(val_losses):
        if v < best:
            best, best_i = v, i
        if v < prev:
            wait = 0
        else:
            wait += 1
            if wait >= patience:
                break
        prev = v
    return best_i
""", ("best|previous|lowest",)),
    # confusion_matrix
    Mistake("evaluation.confusion_matrix", "rows are predictions", """
def confusion_matrix(preds, labels, num_classes):
    idx = preds * num_classes + labels
    return torch.bincount(idx, minlength=num_classes ** 2).reshape(num_classes, num_classes)
""", ("transpos|row|true|predicted",)),
    Mistake("evaluation.confusion_matrix", "size from the data", """
def confusion_matrix(preds, labels, num_classes):
    c = int(max(preds.max(), labels.max())) + 1
    idx = labels * c + preds
    return torch.bincount(idx, minlength=c * c).reshape(c, c)
""", ("num_classes|minlength|shape|class",)),
    Mistake("evaluation.confusion_matrix", "float counts", """
def confusion_matrix(preds, labels, num_classes):
    cm = torch.zeros(num_classes, num_classes)
    for t, p in zip(labels.tolist(), preds.tolist()):
        cm[t, p] += 1
    return cm
""", ("dtype|int64|long",)),
    Mistake("evaluation.confusion_matrix", "indexed += drops repeated pairs", """
def confusion_matrix(preds, labels, num_classes):
    cm = torch.zeros(num_classes, num_classes, dtype=torch.long)
    cm[labels, preds] += 1
    return cm
""", ("duplicate|accumul|count|repeat",)),
    Mistake("evaluation.confusion_matrix", "rows normalized", """
def confusion_matrix(preds, labels, num_classes):
    cm = torch.zeros(num_classes, num_classes, dtype=torch.long)
    for t, p in zip(labels.tolist(), preds.tolist()):
        cm[t, p] += 1
    return cm / cm.sum(dim=1, keepdim=True).clamp(min=1)
""", ("count|normaliz|int64|fraction",)),
    Mistake("evaluation.confusion_matrix", "sklearn's matrix", """
def confusion_matrix(preds, labels, num_classes):
    from sklearn.metrics import confusion_matrix as cmx
    return cmx(labels.numpy(), preds.numpy())
""", ("tensor|numpy|type|shape",)),
    Mistake("evaluation.confusion_matrix", "pair codes built in the caller's labels", """
def confusion_matrix(preds, labels, num_classes):
    idx = labels.mul_(num_classes).add_(preds)
    return torch.bincount(idx, minlength=num_classes ** 2).reshape(num_classes, num_classes)
""", ("mutat|in place|input|modif",)),
]
