"""Chapter 08 catalogue: mistakes students make saving, freezing and fine-tuning, and other correct
answers."""
from grader.hidden.catalogue import Alternative, Mistake

SMALL_CNN = [
    Mistake("fine_tuning.SmallCNN", "no padding", """
class SmallCNN(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.classifier = nn.Linear(64, num_classes)

    def forward(self, x):
        return self.classifier(self.features(x))
""", "output size is too small"),
    Mistake("fine_tuning.SmallCNN", "softmax at the end", """
class SmallCNN(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.classifier = nn.Sequential(nn.Linear(64, num_classes), nn.Softmax(dim=1))

    def forward(self, x):
        return self.classifier(self.features(x))
""", "missing key(s)"),
    Mistake("fine_tuning.SmallCNN", "flattens in forward instead of in features", """
class SmallCNN(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Linear(64, num_classes)

    def forward(self, x):
        return self.classifier(self.features(x).view(x.shape[0], -1))
""", "nn.Flatten()"),
    Mistake("fine_tuning.SmallCNN", "ReLU after the classifier", """
class SmallCNN(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.classifier = nn.Linear(64, num_classes)

    def forward(self, x):
        return torch.relu(self.classifier(self.features(x)))
""", "raw logits"),
    Mistake("fine_tuning.SmallCNN", "average pooling", """
class SmallCNN(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten())
        self.classifier = nn.Linear(64, num_classes)

    def forward(self, x):
        return self.classifier(self.features(x))
""", "features.2 should be MaxPool2d"),
]

SAVE = [
    Mistake("fine_tuning.save_checkpoint", "saves the whole model", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save(model, path)
""", "weights_only=True) refused"),
    Mistake("fine_tuning.save_checkpoint", "no optimizer state", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model_state_dict": model.state_dict()}, path)
""", ("optimizer_state_dict", "resuming diverges")),
    Mistake("fine_tuning.save_checkpoint", "keys of its own", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model": model.state_dict(), "optimizer": optimizer.state_dict()}, path)
""", "tutorial's keys"),
    Mistake("fine_tuning.save_checkpoint", "the next epoch instead", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch + 1, "model_state_dict": model.state_dict(),
                "optimizer_state_dict": optimizer.state_dict()}, path)
""", "epoch you were given"),
    Mistake("fine_tuning.save_checkpoint", "the optimizer object itself", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model_state_dict": model.state_dict(), "optimizer_state_dict": optimizer}, path)
""", "weights_only=True) refused"),
]

LOAD = [
    Mistake("fine_tuning.load_checkpoint", "assigns the optimizer's state", """
def load_checkpoint(path, model, optimizer):
    saved = torch.load(path, weights_only=True)
    model.load_state_dict(saved["model_state_dict"])
    optimizer.state_dict = saved["optimizer_state_dict"]
    return saved["epoch"]
""", ("was assigned to", "load_state_dict")),
    Mistake("fine_tuning.load_checkpoint", "forgets the optimizer", """
def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model_state_dict"])
    return checkpoint["epoch"]
""", "optimizer's state was not restored"),
    Mistake("fine_tuning.load_checkpoint", "returns the next epoch", """
def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    return checkpoint["epoch"] + 1
""", "checkpoint['epoch']"),
    Mistake("fine_tuning.load_checkpoint", "updates a copy of the state_dict", """
def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.state_dict().update(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    return checkpoint["epoch"]
""", "weights were not restored"),
    Mistake("fine_tuning.load_checkpoint", "returns the whole checkpoint", """
def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    return checkpoint
""", "checkpoint['epoch']"),
]

FREEZE = [
    Mistake("fine_tuning.freeze_", "ignores unknown names", """
def freeze_(model, names):
    for name, param in model.named_parameters():
        if name in names:
            param.requires_grad = False
""", "must raise keyerror"),
    Mistake("fine_tuning.freeze_", "matches by substring", """
def freeze_(model, names):
    known = [n for n, _ in model.named_parameters()]
    for wanted in names:
        if wanted not in known:
            raise KeyError(wanted)
    for name, param in model.named_parameters():
        if any(wanted in name for wanted in names):
            param.requires_grad = False
""", "not by substring"),
    Mistake("fine_tuning.freeze_", "freezes the whole layer", """
def freeze_(model, names):
    known = dict(model.named_parameters())
    for wanted in names:
        if wanted not in known:
            raise KeyError(wanted)
    for wanted in names:
        model.get_submodule(wanted.rsplit(".", 1)[0]).requires_grad_(False)
""", "not its whole layer"),
    Mistake("fine_tuning.freeze_", "== where = was meant", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    for wanted in names:
        if wanted not in params:
            raise KeyError(wanted)
    for wanted in names:
        params[wanted].requires_grad == False
""", "nothing was frozen"),
    Mistake("fine_tuning.freeze_", "raises only after freezing the earlier names", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    for wanted in names:
        params[wanted].requires_grad = False
""", "before anything is frozen"),
    Mistake("fine_tuning.freeze_", "ValueError instead of KeyError", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    for wanted in names:
        if wanted not in params:
            raise ValueError(f"unknown parameter {wanted}")
    for wanted in names:
        params[wanted].requires_grad = False
""", "raise keyerror"),
    Mistake("fine_tuning.freeze_", "a KeyError that does not say which name", """
def freeze_(model, names):
    params = dict(model.named_parameters())
    if any(wanted not in params for wanted in names):
        raise KeyError("unknown parameter name")
    for wanted in names:
        params[wanted].requires_grad = False
""", "put every unknown name in the keyerror"),
    Mistake("fine_tuning.freeze_", "`name - '0.weight'` (the notes)", """
def freeze_(model, names):
    for name, param in model.named_parameters():
        for wanted in names:
            if name - wanted:
                param.requires_grad = False
""", "unsupported operand"),
]

TRAINABLE = [
    Mistake("fine_tuning.trainable_names", "every parameter", """
def trainable_names(model):
    return [name for name, _ in model.named_parameters()]
""", "must be left out"),
    Mistake("fine_tuning.trainable_names", "the frozen ones", """
def trainable_names(model):
    return [name for name, p in model.named_parameters() if not p.requires_grad]
""", "these are the frozen names"),
    Mistake("fine_tuning.trainable_names", "sorted", """
def trainable_names(model):
    return sorted(name for name, p in model.named_parameters() if p.requires_grad)
""", "do not sort"),
    Mistake("fine_tuning.trainable_names", "state_dict keys minus the frozen", """
def trainable_names(model):
    frozen = {name for name, p in model.named_parameters() if not p.requires_grad}
    return [name for name in model.state_dict() if name not in frozen]
""", "buffers"),
    Mistake("fine_tuning.trainable_names", "a dict", """
def trainable_names(model):
    return {name: p for name, p in model.named_parameters() if p.requires_grad}
""", "return a list of names"),
]

REPLACE_HEAD = [
    Mistake("fine_tuning.replace_head", "replaces the first layer that has out_features", """
def replace_head(model, num_classes):
    import copy
    new = copy.deepcopy(model)
    for name, layer in new.named_children():
        if hasattr(layer, "out_features"):
            setattr(new, name, nn.Linear(layer.in_features, num_classes,
                                         device=layer.weight.device, dtype=layer.weight.dtype))
            break
    return new
""", ("last Linear", "earlier layer")),
    Mistake("fine_tuning.replace_head", "re-initialises the whole model", """
def replace_head(model, num_classes):
    import copy
    new = copy.deepcopy(model)
    for layer in new.modules():
        if hasattr(layer, "reset_parameters"):
            layer.reset_parameters()
    index = max(i for i, layer in enumerate(new) if isinstance(layer, nn.Linear))
    old = new[index]
    new[index] = nn.Linear(old.in_features, num_classes, dtype=old.weight.dtype, device=old.weight.device)
    return new
""", "re-initialised"),
    Mistake("fine_tuning.replace_head", "replaces the last layer, whatever it is", """
def replace_head(model, num_classes):
    layers = list(model)
    old = [layer for layer in layers if isinstance(layer, nn.Linear)][-1]
    layers[-1] = nn.Linear(old.in_features, num_classes, dtype=old.weight.dtype, device=old.weight.device)
    return nn.Sequential(*layers)
""", "not necessarily the last layer"),
    Mistake("fine_tuning.replace_head", "changes the model passed in", """
def replace_head(model, num_classes):
    index = max(i for i, layer in enumerate(model) if isinstance(layer, nn.Linear))
    old = model[index]
    model[index] = nn.Linear(old.in_features, num_classes, dtype=old.weight.dtype, device=old.weight.device)
    return model
""", "passed in was changed"),
    Mistake("fine_tuning.replace_head", "a float32 head on a float64 model", """
def replace_head(model, num_classes):
    layers = list(model)
    index = max(i for i, layer in enumerate(layers) if isinstance(layer, nn.Linear))
    layers[index] = nn.Linear(layers[index].in_features, num_classes)
    return nn.Sequential(*layers)
""", "dtype"),
    Mistake("fine_tuning.replace_head", "out_features for in_features", """
def replace_head(model, num_classes):
    layers = list(model)
    index = max(i for i, layer in enumerate(layers) if isinstance(layer, nn.Linear))
    old = layers[index]
    layers[index] = nn.Linear(old.out_features, num_classes, dtype=old.weight.dtype)
    return nn.Sequential(*layers)
""", "in_features"),
]

GROUPS = [
    Mistake("fine_tuning.fine_tune_optimizer", "frozen parameters in a group", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    head_ids = {id(p) for p in head.parameters()}
    body = [p for p in model.parameters() if id(p) not in head_ids]
    return optim.SGD([{"params": body, "lr": lr}, {"params": list(head.parameters()), "lr": head_lr}],
                     lr=lr, momentum=momentum)
""", "must be in no group"),
    Mistake("fine_tuning.fine_tune_optimizer", "the two learning rates swapped", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    head_ids = {id(p) for p in head.parameters()}
    body = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    top = [p for p in head.parameters() if p.requires_grad]
    return optim.SGD([{"params": body, "lr": head_lr}, {"params": top, "lr": lr}], lr=lr, momentum=momentum)
""", "swapped"),
    Mistake("fine_tuning.fine_tune_optimizer", "no momentum", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    head_ids = {id(p) for p in head.parameters()}
    body = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    top = [p for p in head.parameters() if p.requires_grad]
    return optim.SGD([{"params": body}, {"params": top, "lr": head_lr}], lr=lr)
""", "pass momentum"),
    Mistake("fine_tuning.fine_tune_optimizer", "the last layer taken as the head", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = list(model.children())[-1]
    head_ids = {id(p) for p in head.parameters()}
    body = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    top = [p for p in head.parameters() if p.requires_grad]
    return optim.SGD([{"params": body, "lr": lr}, {"params": top, "lr": head_lr}], lr=lr, momentum=momentum)
""", "last nn.Linear in model.modules()"),
    Mistake("fine_tuning.fine_tune_optimizer", "one learning rate for everything", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    return optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr, momentum=momentum)
""", "same learning rate"),
]

BACKBONE = [
    Mistake("fine_tuning.load_backbone_", "load_state_dict raises on the head", """
def load_backbone_(model, state_dict):
    model.load_state_dict(state_dict)
    return {"loaded": list(state_dict), "skipped": []}
""", "size mismatch"),
    Mistake("fine_tuning.load_backbone_", "strict=False still raises on shapes", """
def load_backbone_(model, state_dict):
    result = model.load_state_dict(state_dict, strict=False)
    skipped = list(result.unexpected_keys)
    return {"loaded": [k for k in state_dict if k not in skipped], "skipped": skipped}
""", "size mismatch"),
    Mistake("fine_tuning.load_backbone_", "matches names only", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    loaded = [k for k in state_dict if k in own]
    model.load_state_dict({k: state_dict[k] for k in loaded}, strict=False)
    return {"loaded": loaded, "skipped": [k for k in state_dict if k not in own]}
""", "size mismatch"),
    Mistake("fine_tuning.load_backbone_", "walks the model's entries", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    loaded = [k for k in own if k in state_dict and state_dict[k].shape == own[k].shape]
    skipped = [k for k in own if k not in loaded]
    model.load_state_dict({k: state_dict[k] for k in loaded}, strict=False)
    return {"loaded": loaded, "skipped": skipped}
""", "neither list"),
    Mistake("fine_tuning.load_backbone_", "lists but does not load", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    loaded = [k for k, v in state_dict.items() if k in own and own[k].shape == v.shape]
    return {"loaded": loaded, "skipped": [k for k in state_dict if k not in loaded]}
""", "did not get those values"),
]

CONV_OUTPUT_SIZE = [
    Mistake("fine_tuning.conv_output_size", "true division: a float", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = (size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1
    if out < 1:
        raise ValueError("the kernel does not fit")
    return out
""", "//"),
    Mistake("fine_tuning.conv_output_size", "dilation ignored", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = (size + 2 * padding - kernel_size) // stride + 1
    if out < 1:
        raise ValueError("the kernel does not fit")
    return out
""", "dilation was ignored"),
    Mistake("fine_tuning.conv_output_size", "padding on one side only", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = (size + padding - dilation * (kernel_size - 1) - 1) // stride + 1
    if out < 1:
        raise ValueError("the kernel does not fit")
    return out
""", "2 * padding"),
    Mistake("fine_tuning.conv_output_size", "rounded up", """
import math

def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = math.ceil((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1
    if out < 1:
        raise ValueError("the kernel does not fit")
    return out
""", "rounded up"),
    Mistake("fine_tuning.conv_output_size", "no checks at all", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1
""", ("expected valueerror", "zerodivisionerror")),
    Mistake("fine_tuning.conv_output_size", "int() truncates toward zero", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = int((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1
    if out < 1:
        raise ValueError("the kernel does not fit")
    return out
""", "expected valueerror"),
    Mistake("fine_tuning.conv_output_size", "a tensor from torch.floor", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("bad arguments")
    out = torch.floor(torch.tensor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride)) + 1
    if out < 1:
        raise ValueError("the kernel does not fit")
    return out
""", "expected the int"),
]

# issue 19: six per exercise
MORE = [
    Mistake("fine_tuning.SmallCNN", "one pooling layer, a wider classifier", """
class SmallCNN(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.Flatten())
        self.classifier = nn.Linear(256, num_classes)

    def forward(self, x):
        return self.classifier(self.features(x))
""", "size mismatch for classifier.weight"),
    Mistake("fine_tuning.save_checkpoint", "the epoch as a tensor", """
def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"epoch": torch.tensor(epoch), "model_state_dict": model.state_dict(),
                "optimizer_state_dict": optimizer.state_dict()}, path)
""", "expected the int 3, got a tensor"),
    Mistake("fine_tuning.load_checkpoint", "the whole checkpoint into the model", """
def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint)
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    return checkpoint["epoch"]
""", "unexpected key(s) in state_dict"),
    Mistake("fine_tuning.load_checkpoint", "restores a new optimizer, not the caller's", """
def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer = type(optimizer)(model.parameters(), lr=0.1)
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    return checkpoint["epoch"]
""", "optimizer's state was not restored"),
    Mistake("fine_tuning.trainable_names", "parameters that have a gradient", """
def trainable_names(model):
    return [name for name, param in model.named_parameters() if param.grad is not None]
""", "expected 2 items, got 0"),
    Mistake("fine_tuning.replace_head", "replaces the first Linear", """
def replace_head(model, num_classes):
    named = list(model.named_children())
    index = next(i for i, (_, layer) in enumerate(named) if isinstance(layer, nn.Linear))
    old = named[index][1]
    named[index] = (named[index][0], nn.Linear(old.in_features, num_classes, device=old.weight.device,
                                               dtype=old.weight.dtype))
    return nn.Sequential(OrderedDict(named))
""", "['out_features']: expected 5, got 3"),
    Mistake("fine_tuning.fine_tune_optimizer", "the head in both groups", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    body = [p for p in model.parameters() if p.requires_grad]
    heads = [p for p in head.parameters() if p.requires_grad]
    return optim.SGD([{"params": body, "lr": lr}, {"params": heads, "lr": head_lr}], lr=lr, momentum=momentum)
""", "appear in more than one parameter group"),
    Mistake("fine_tuning.load_backbone_", "loads the matches with strict=True", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    loaded = [n for n, v in state_dict.items() if n in own and own[n].shape == v.shape]
    skipped = [n for n in state_dict if n not in loaded]
    model.load_state_dict({n: state_dict[n] for n in loaded})
    return {"loaded": loaded, "skipped": skipped}
""", "missing key(s) in state_dict"),
]

MISTAKES = (SMALL_CNN + SAVE + LOAD + FREEZE + TRAINABLE + REPLACE_HEAD + GROUPS + BACKBONE + CONV_OUTPUT_SIZE
            + MORE)

ALTERNATIVES = [
    Alternative("fine_tuning.SmallCNN", "layers from a list, in-place ReLU, forward step by step", """
class SmallCNN(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        layers = []
        for c_in, c_out in [(1, 8), (8, 16)]:
            layers += [nn.Conv2d(c_in, c_out, kernel_size=3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2)]
        self.features = nn.Sequential(*layers, nn.Flatten())
        self.classifier = nn.Linear(16 * 2 * 2, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = self.classifier(x)
        return x
"""),
    Alternative("fine_tuning.save_checkpoint", "dict() and deep copies", """
def save_checkpoint(path, model, optimizer, epoch):
    import copy
    torch.save(dict(epoch=int(epoch), model_state_dict=copy.deepcopy(model.state_dict()),
                    optimizer_state_dict=copy.deepcopy(optimizer.state_dict())), path)
"""),
    Alternative("fine_tuning.load_checkpoint", "map_location, optimizer first", """
def load_checkpoint(path, model, optimizer):
    state = torch.load(path, map_location="cpu", weights_only=True)
    optimizer.load_state_dict(state["optimizer_state_dict"])
    model.load_state_dict(state["model_state_dict"], strict=True)
    return state["epoch"]
"""),
    Alternative("fine_tuning.freeze_", "a set difference, then a loop over named_parameters", """
def freeze_(model, names):
    wanted = set(names)
    missing = wanted - {name for name, _ in model.named_parameters()}
    if missing:
        raise KeyError(f"unknown parameters: {sorted(missing)}")
    for name, param in model.named_parameters():
        if name in wanted:
            param.requires_grad_(False)
"""),
    Alternative("fine_tuning.trainable_names", "state_dict(keep_vars=True)", """
def trainable_names(model):
    return [k for k, v in model.state_dict(keep_vars=True).items() if v.requires_grad]
"""),
    Alternative("fine_tuning.replace_head", "deep copy, then replace", """
def replace_head(model, num_classes):
    import copy
    new = copy.deepcopy(model)
    index = [i for i, layer in enumerate(new) if isinstance(layer, nn.Linear)][-1]
    old = new[index]
    new[index] = nn.Linear(old.in_features, num_classes).to(device=old.weight.device, dtype=old.weight.dtype)
    return new
"""),
    Alternative("fine_tuning.fine_tune_optimizer", "by name prefix", """
def fine_tune_optimizer(model, lr, head_lr, momentum=0.9):
    head_name = [n for n, m in model.named_modules() if isinstance(m, nn.Linear)][-1]
    head, body = [], []
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        (head if name.rsplit(".", 1)[0] == head_name else body).append(param)
    return optim.SGD([{"params": head, "lr": head_lr}, {"params": body}], lr=lr, momentum=momentum)
"""),
    Alternative("fine_tuning.load_backbone_", "copy_ into the model's own tensors", """
def load_backbone_(model, state_dict):
    own = model.state_dict()
    report = {"loaded": [], "skipped": []}
    for name, value in state_dict.items():
        if name in own and own[name].shape == value.shape:
            own[name].copy_(value)
            report["loaded"].append(name)
        else:
            report["skipped"].append(name)
    return report
"""),
    Alternative("fine_tuning.conv_output_size", "math.floor of a float, checks one by one", """
import math

def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if stride < 1:
        raise ValueError(f"stride must be at least 1, got {stride}")
    if dilation < 1:
        raise ValueError(f"dilation must be at least 1, got {dilation}")
    if padding < 0:
        raise ValueError(f"padding must not be negative, got {padding}")
    out = math.floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1
    if out <= 0:
        raise ValueError("output would be empty")
    return out
"""),
    Alternative("fine_tuning.conv_output_size", "counting window positions", """
def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    if min(stride, dilation) < 1 or padding < 0:
        raise ValueError("stride and dilation must be >= 1, padding >= 0")
    span = dilation * (kernel_size - 1) + 1
    starts = range(0, size + 2 * padding - span + 1, stride)   # where each window begins
    if len(starts) == 0:
        raise ValueError("the kernel does not fit")
    return len(starts)
"""),
]
