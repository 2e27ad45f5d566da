"""Chapter 08 held-out mistakes: written from the stub and the syllabus alone, never tuned against.

No hint was written against these; the audit reports them apart from the catalogue.
"""
from grader.hidden.catalogue import Mistake


def _cnn(features: str, classifier: str = "nn.Linear(64, num_classes)", forward: str = "") -> str:
    body = forward or "        return self.classifier(self.features(x))\n"
    return f"""
class SmallCNN(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential({features})
        self.classifier = {classifier}
    def forward(self, x):
{body}"""


_FEAT = ("nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), "
         "nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten()")

HELDOUT = [
    # SmallCNN
    Mistake("fine_tuning.SmallCNN", "no padding", _cnn(
        "nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(), "
        "nn.MaxPool2d(2), nn.Flatten()"), ("padding|shape|size",)),
    Mistake("fine_tuning.SmallCNN", "softmax at the end", _cnn(
        _FEAT, forward="        return torch.softmax(self.classifier(self.features(x)), dim=1)\n"),
        ("softmax|logits|probabil",)),
    Mistake("fine_tuning.SmallCNN", "second ReLU missing", _cnn(
        "nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), "
        "nn.Conv2d(8, 16, 3, padding=1), nn.MaxPool2d(2), nn.Flatten()"),
        ("relu|activation|layer",)),
    Mistake("fine_tuning.SmallCNN", "attributes named conv and fc", """
class SmallCNN(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                  nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                  nn.Flatten())
        self.fc = nn.Linear(64, num_classes)
    def forward(self, x):
        return self.fc(self.conv(x))
""", ("features|classifier|name|attribute",)),
    Mistake("fine_tuning.SmallCNN", "flattens in forward instead of in features", _cnn(
        "nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), "
        "nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)",
        forward="        return self.classifier(self.features(x).view(x.size(0), -1))\n"),
        ("flatten|features|shape",)),
    Mistake("fine_tuning.SmallCNN", "average pooling", _cnn(
        "nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2), "
        "nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten()"),
        ("maxpool|pool|max",)),
    Mistake("fine_tuning.SmallCNN", "dropout inside the classifier", _cnn(
        _FEAT, classifier="nn.Sequential(nn.Dropout(0.5), nn.Linear(64, num_classes))"),
        ("classifier|linear|name|dropout",)),
    # save_checkpoint
    Mistake("fine_tuning.save_checkpoint", "saves the whole objects", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model_state_dict": model,
                "optimizer_state_dict": optimizer}, path)
""", ("state_dict|weights_only|whole|module",)),
    Mistake("fine_tuning.save_checkpoint", "optimizer state left out", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model_state_dict": model.state_dict()}, path)
""", ("optimizer",)),
    Mistake("fine_tuning.save_checkpoint", "keys of its own", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model": model.state_dict(),
                "optimizer": optimizer.state_dict()}, path)
""", ("key|model_state_dict|name",)),
    Mistake("fine_tuning.save_checkpoint", "stores the next epoch", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch + 1, "model_state_dict": model.state_dict(),
                "optimizer_state_dict": optimizer.state_dict()}, path)
""", ("epoch",)),
    Mistake("fine_tuning.save_checkpoint", "epoch as a tensor", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": torch.tensor(epoch), "model_state_dict": model.state_dict(),
                "optimizer_state_dict": optimizer.state_dict()}, path)
""", ("epoch|int|tensor",)),
    Mistake("fine_tuning.save_checkpoint", "optimizer state without its groups", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model_state_dict": model.state_dict(),
                "optimizer_state_dict": optimizer.state_dict()["state"]}, path)
""", ("optimizer|param_groups|state_dict",)),
    # load_checkpoint
    Mistake("fine_tuning.load_checkpoint", "optimizer not restored", """
def load_checkpoint(path, model, optimizer):
    ckpt = torch.load(path, weights_only=True)
    model.load_state_dict(ckpt["model_state_dict"])
    return ckpt["epoch"]
""", ("optimizer",)),
    Mistake("fine_tuning.load_checkpoint", "returns the next epoch", """
def load_checkpoint(path, model, optimizer):
    ckpt = torch.load(path, weights_only=True)
    model.load_state_dict(ckpt["model_state_dict"])
    optimizer.load_state_dict(ckpt["optimizer_state_dict"])
    return ckpt["epoch"] + 1
""", ("epoch|off by one|return",)),
    Mistake("fine_tuning.load_checkpoint", "reads keys that were never written", """
def load_checkpoint(path, model, optimizer):
    ckpt = torch.load(path, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    return ckpt["epoch"]
""", ("key|model_state_dict",)),
    Mistake("fine_tuning.load_checkpoint", "assigns state_dict instead of loading it", """
def load_checkpoint(path, model, optimizer):
    ckpt = torch.load(path, weights_only=True)
    model.state_dict = ckpt["model_state_dict"]
    optimizer.load_state_dict(ckpt["optimizer_state_dict"])
    return ckpt["epoch"]
""", ("load_state_dict|assign|in place|restor",)),
    Mistake("fine_tuning.load_checkpoint", "returns nothing", """
def load_checkpoint(path, model, optimizer):
    ckpt = torch.load(path, weights_only=True)
    model.load_state_dict(ckpt["model_state_dict"])
    optimizer.load_state_dict(ckpt["optimizer_state_dict"])
""", ("return|epoch",)),
    Mistake("fine_tuning.load_checkpoint", "states swapped", """
def load_checkpoint(path, model, optimizer):
    ckpt = torch.load(path, weights_only=True)
    model.load_state_dict(ckpt["optimizer_state_dict"])
    optimizer.load_state_dict(ckpt["model_state_dict"])
    return ckpt["epoch"]
""", ("key|swap|optimizer",)),
    # freeze_
    Mistake("fine_tuning.freeze_", "substring match", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    unknown = [n for n in names if n not in params]
    if unknown:
        raise KeyError(f"unknown parameters: {unknown}")
    for name, p in model.named_parameters():
        if any(n in name for n in names):
            p.requires_grad = False
""", ("exact|substring|match",)),
    Mistake("fine_tuning.freeze_", "unknown names ignored", """
def freeze_(model, names):
    for name, p in model.named_parameters():
        if name in names:
            p.requires_grad = False
""", ("keyerror|unknown",)),
    Mistake("fine_tuning.freeze_", "raises after freezing some", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    for n in names:
        if n not in params:
            raise KeyError(n)
        params[n].requires_grad = False
""", ("before|partial|anything|already",)),
    Mistake("fine_tuning.freeze_", "ValueError instead of KeyError", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    unknown = [n for n in names if n not in params]
    if unknown:
        raise ValueError(f"unknown parameters: {unknown}")
    for n in names:
        params[n].requires_grad = False
""", ("keyerror|valueerror",)),
    Mistake("fine_tuning.freeze_", "compares instead of assigning", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    unknown = [n for n in names if n not in params]
    if unknown:
        raise KeyError(f"unknown parameters: {unknown}")
    for n in names:
        params[n].requires_grad == False
""", ("=|==|assign|requires_grad",)),
    Mistake("fine_tuning.freeze_", "freezes everything else", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    unknown = [n for n in names if n not in params]
    if unknown:
        raise KeyError(f"unknown parameters: {unknown}")
    for n, p in params.items():
        if n not in names:
            p.requires_grad = False
""", ("invert|named|other",)),
    Mistake("fine_tuning.freeze_", "names only the first unknown name", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    for n in names:
        if n not in params:
            raise KeyError(n)
    for n in names:
        params[n].requires_grad = False
""", ("every|all|each unknown",)),
    # trainable_names
    Mistake("fine_tuning.trainable_names", "state_dict keys", """
def trainable_names(model):
    return list(model.state_dict().keys())
""", ("buffer|state_dict|requires_grad",)),
    Mistake("fine_tuning.trainable_names", "requires_grad ignored", """
def trainable_names(model):
    return [n for n, _ in model.named_parameters()]
""", ("requires_grad|frozen|trainable",)),
    Mistake("fine_tuning.trainable_names", "the frozen names", """
def trainable_names(model):
    return [n for n, p in model.named_parameters() if not p.requires_grad]
""", ("requires_grad|frozen|invert",)),
    Mistake("fine_tuning.trainable_names", "sorted names", """
def trainable_names(model):
    return sorted(n for n, p in model.named_parameters() if p.requires_grad)
""", ("order|sorted",)),
    Mistake("fine_tuning.trainable_names", "module names", """
def trainable_names(model):
    return [n for n, m in model.named_modules()
            if any(p.requires_grad for p in m.parameters(recurse=False))]
""", ("parameter|name|module",)),
    Mistake("fine_tuning.trainable_names", "returns the parameters", """
def trainable_names(model):
    return [p for p in model.parameters() if p.requires_grad]
""", ("name|str|parameter",)),
    Mistake("fine_tuning.trainable_names", "a set", """
def trainable_names(model):
    return {n for n, p in model.named_parameters() if p.requires_grad}
""", ("list|order|set",)),
    # replace_head
    Mistake("fine_tuning.replace_head", "replaces the head inside the model passed in", """
def replace_head(model, num_classes):
    idx = max(i for i, m in enumerate(model) if isinstance(m, nn.Linear))
    old = model[idx]
    model[idx] = nn.Linear(old.in_features, num_classes, device=old.weight.device,
                           dtype=old.weight.dtype)
    return model
""", ("chang|mutat|modif|original|in place",)),
    Mistake("fine_tuning.replace_head", "replaces the last layer whatever it is", """
def replace_head(model, num_classes):
    layers = list(model)
    old = max((m for m in layers if isinstance(m, nn.Linear)), key=lambda m: layers.index(m))
    return nn.Sequential(*layers[:-1], nn.Linear(old.in_features, num_classes,
                                                 device=old.weight.device, dtype=old.weight.dtype))
""", ("last linear|after|kept|layers after",)),
    Mistake("fine_tuning.replace_head", "the first Linear", """
def replace_head(model, num_classes):
    layers = list(model)
    idx = next(i for i, m in enumerate(layers) if isinstance(m, nn.Linear))
    old = layers[idx]
    layers[idx] = nn.Linear(old.in_features, num_classes, device=old.weight.device,
                            dtype=old.weight.dtype)
    return nn.Sequential(*layers)
""", ("last|first",)),
    Mistake("fine_tuning.replace_head", "new head without bias", """
def replace_head(model, num_classes):
    layers = list(model)
    idx = max(i for i, m in enumerate(layers) if isinstance(m, nn.Linear))
    old = layers[idx]
    layers[idx] = nn.Linear(old.in_features, num_classes, bias=False, device=old.weight.device,
                            dtype=old.weight.dtype)
    return nn.Sequential(*layers)
""", ("bias",)),
    Mistake("fine_tuning.replace_head", "in and out swapped", """
def replace_head(model, num_classes):
    layers = list(model)
    idx = max(i for i, m in enumerate(layers) if isinstance(m, nn.Linear))
    old = layers[idx]
    layers[idx] = nn.Linear(num_classes, old.in_features, device=old.weight.device,
                            dtype=old.weight.dtype)
    return nn.Sequential(*layers)
""", ("in_features|swap|shape",)),
    Mistake("fine_tuning.replace_head", "default dtype and device", """
def replace_head(model, num_classes):
    layers = list(model)
    idx = max(i for i, m in enumerate(layers) if isinstance(m, nn.Linear))
    layers[idx] = nn.Linear(layers[idx].in_features, num_classes)
    return nn.Sequential(*layers)
""", ("dtype|device|float64",)),
    Mistake("fine_tuning.replace_head", "copies the old head and edits out_features", """
def replace_head(model, num_classes):
    layers = list(model)
    idx = max(i for i, m in enumerate(layers) if isinstance(m, nn.Linear))
    new = copy.deepcopy(layers[idx])
    new.out_features = num_classes
    layers[idx] = new
    return nn.Sequential(*layers)
""", ("weight|shape|out_features|new",)),
    # fine_tune_optimizer
    Mistake("fine_tuning.fine_tune_optimizer", "frozen parameters included", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    head_ids = {id(p) for p in head.parameters()}
    base = [p for p in model.parameters() if id(p) not in head_ids]
    return optim.SGD([{"params": base, "lr": lr},
                      {"params": list(head.parameters()), "lr": head_lr}], momentum=momentum)
""", ("frozen|requires_grad|trainable",)),
    Mistake("fine_tuning.fine_tune_optimizer", "learning rates swapped", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    head_ids = {id(p) for p in head.parameters()}
    base = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    top = [p for p in head.parameters() if p.requires_grad]
    return optim.SGD([{"params": base, "lr": head_lr}, {"params": top, "lr": lr}],
                     momentum=momentum)
""", ("head_lr|swap|lr",)),
    Mistake("fine_tuning.fine_tune_optimizer", "the first Linear as head", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][0]
    head_ids = {id(p) for p in head.parameters()}
    base = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    top = [p for p in head.parameters() if p.requires_grad]
    return optim.SGD([{"params": base, "lr": lr}, {"params": top, "lr": head_lr}],
                     momentum=momentum)
""", ("last|head|linear",)),
    Mistake("fine_tuning.fine_tune_optimizer", "momentum left out", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    head_ids = {id(p) for p in head.parameters()}
    base = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    top = [p for p in head.parameters() if p.requires_grad]
    return optim.SGD([{"params": base, "lr": lr}, {"params": top, "lr": head_lr}])
""", ("momentum",)),
    Mistake("fine_tuning.fine_tune_optimizer", "head also in the base group", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    base = [p for p in model.parameters() if p.requires_grad]
    top = [p for p in head.parameters() if p.requires_grad]
    return optim.SGD([{"params": base, "lr": lr}, {"params": top, "lr": head_lr}],
                     momentum=momentum)
""", ("more than one|duplicate|both|group",)),
    Mistake("fine_tuning.fine_tune_optimizer", "parameters compared by value", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    top = [p for p in head.parameters() if p.requires_grad]
    base = [p for p in model.parameters() if p.requires_grad and not any(
        p.shape == q.shape and torch.equal(p, q) for q in top)]
    return optim.SGD([{"params": base, "lr": lr}, {"params": top, "lr": head_lr}],
                     momentum=momentum)
""", ("identity|id(|value|compare",)),
    Mistake("fine_tuning.fine_tune_optimizer", "the last top-level layer as head", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = list(model.children())[-1]
    head_ids = {id(p) for p in head.parameters()}
    base = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    top = [p for p in head.parameters() if p.requires_grad]
    return optim.SGD([{"params": base, "lr": lr}, {"params": top, "lr": head_lr}],
                     momentum=momentum)
""", ("last linear|head|linear",)),
    # load_backbone_
    Mistake("fine_tuning.load_backbone_", "load_state_dict(strict=False) on everything", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    loaded = [k for k in state_dict if k in own]
    skipped = [k for k in state_dict if k not in own]
    model.load_state_dict(state_dict, strict=False)
    return {"loaded": loaded, "skipped": skipped}
""", ("shape|size|mismatch",)),
    Mistake("fine_tuning.load_backbone_", "lists in the model's order", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    ok = {k: v for k, v in state_dict.items() if k in own and own[k].shape == v.shape}
    model.load_state_dict(ok, strict=False)
    loaded = [k for k in own if k in ok]
    skipped = [k for k in own if k in state_dict and k not in ok]
    skipped += [k for k in state_dict if k not in own]
    return {"loaded": loaded, "skipped": skipped}
""", ("order",)),
    Mistake("fine_tuning.load_backbone_", "model entries it lacks counted as skipped", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    ok = {k: v for k, v in state_dict.items() if k in own and own[k].shape == v.shape}
    model.load_state_dict(ok, strict=False)
    skipped = [k for k in state_dict if k not in ok] + [k for k in own if k not in state_dict]
    return {"loaded": list(ok), "skipped": skipped}
""", ("absent|missing|neither|lack",)),
    Mistake("fine_tuning.load_backbone_", "never loads", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    loaded = [k for k, v in state_dict.items() if k in own and own[k].shape == v.shape]
    skipped = [k for k in state_dict if k not in loaded]
    return {"loaded": loaded, "skipped": skipped}
""", ("load|not loaded|chang|value",)),
    Mistake("fine_tuning.load_backbone_", "strict load of the filtered entries", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    ok = {k: v for k, v in state_dict.items() if k in own and own[k].shape == v.shape}
    model.load_state_dict(ok)
    return {"loaded": list(ok), "skipped": [k for k in state_dict if k not in ok]}
""", ("strict|missing",)),
    Mistake("fine_tuning.load_backbone_", "parameters only, buffers skipped", """
def load_backbone_(model, state_dict):
    own = dict(model.named_parameters())
    loaded, skipped = [], []
    with torch.no_grad():
        for k, v in state_dict.items():
            if k in own and own[k].shape == v.shape:
                own[k].copy_(v)
                loaded.append(k)
            else:
                skipped.append(k)
    return {"loaded": loaded, "skipped": skipped}
""", ("buffer|running|state_dict|parameter",)),
    Mistake("fine_tuning.load_backbone_", "copy_ into parameters outside no_grad", """
def load_backbone_(model, state_dict):
    own = dict(model.named_parameters())
    own.update(dict(model.named_buffers()))
    loaded, skipped = [], []
    for k, v in state_dict.items():
        if k in own and own[k].shape == v.shape:
            own[k].copy_(v)
            loaded.append(k)
        else:
            skipped.append(k)
    return {"loaded": loaded, "skipped": skipped}
""", ("no_grad|leaf|in-place|in place",)),
    # conv_output_size
    Mistake("fine_tuning.conv_output_size", "true division", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = (size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1
    if out < 1:
        raise ValueError("kernel does not fit")
    return out
""", ("int|float|floor|//",)),
    Mistake("fine_tuning.conv_output_size", "dilation left out", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = (size + 2 * padding - (kernel_size - 1) - 1) // stride + 1
    if out < 1:
        raise ValueError("kernel does not fit")
    return out
""", ("dilation",)),
    Mistake("fine_tuning.conv_output_size", "padding on one side only", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = (size + padding - dilation * (kernel_size - 1) - 1) // stride + 1
    if out < 1:
        raise ValueError("kernel does not fit")
    return out
""", ("padding|2 *|both sides|each side",)),
    Mistake("fine_tuning.conv_output_size", "arguments not checked", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    out = (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1
    if out < 1:
        raise ValueError("kernel does not fit")
    return out
""", ("valueerror|stride|dilation|padding|negative",)),
    Mistake("fine_tuning.conv_output_size", "result below 1 not checked", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1
""", ("valueerror|below 1|fit|kernel",)),
    Mistake("fine_tuning.conv_output_size", "the + 1 forgotten", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride
    if out < 1:
        raise ValueError("kernel does not fit")
    return out
""", ("+ 1|off by one|one too",)),
    Mistake("fine_tuning.conv_output_size", "int() truncates toward zero", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = int((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1
    if out < 1:
        raise ValueError("kernel does not fit")
    return out
""", ("floor|valueerror|trunc|negative|fit",)),
]
