"""Chapter 02 catalogue: mistakes students make with layers, and other correct answers."""
from grader.hidden.catalogue import Alternative, Mistake

MISTAKES = [
    # ------------------------------------------------------------------ linear_forward
    Mistake("layers.linear_forward", "weight used as (in, out)", """
def linear_forward(x, weight, bias):
    out = x @ weight
    return out if bias is None else out + bias
""", "(in, out)"),
    Mistake("layers.linear_forward", "bias=None not handled", """
def linear_forward(x, weight, bias):
    return x @ weight.T + bias
""", "NoneType"),
    Mistake("layers.linear_forward", "calls F.linear", """
import torch.nn.functional as F

def linear_forward(x, weight, bias):
    return F.linear(x, weight, bias)
""", "F.linear"),
    Mistake("layers.linear_forward", "builds an nn.Linear and copies the weights", """
def linear_forward(x, weight, bias):
    layer = nn.Linear(weight.shape[1], weight.shape[0], bias=bias is not None)
    with torch.no_grad():
        layer.weight.copy_(weight)
        if bias is not None:
            layer.bias.copy_(bias)
    return layer(x)
""", "nn.Linear"),
    Mistake("layers.linear_forward", "computed under no_grad", """
def linear_forward(x, weight, bias):
    with torch.no_grad():
        out = x @ weight.T
        return out if bias is None else out + bias
""", "detached from autograd"),
    Mistake("layers.linear_forward", "forgets the bias", """
def linear_forward(x, weight, bias):
    return x @ weight.T
""", "bias was not added"),
    # ------------------------------------------------------------------ build_mlp
    Mistake("layers.build_mlp", "an activation after the last layer", """
def build_mlp(sizes, activation="relu"):
    if len(sizes) < 2 or activation not in ACTIVATIONS:
        raise ValueError("bad arguments")
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(n_in, n_out), ACTIVATIONS[activation]()]
    return nn.Sequential(*layers)
""", "an activation after the last layer"),
    Mistake("layers.build_mlp", "no ValueError for a single size", """
def build_mlp(sizes, activation="relu"):
    if activation not in ACTIVATIONS:
        raise ValueError(activation)
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(ACTIVATIONS[activation]())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)
""", ("expected ValueError", "one size")),
    Mistake("layers.build_mlp", "unknown activation silently becomes ReLU", """
def build_mlp(sizes, activation="relu"):
    if len(sizes) < 2:
        raise ValueError("need two sizes")
    act = {"leaky_relu": nn.LeakyReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}.get(activation, nn.ReLU)
    layers = [nn.Linear(sizes[0], sizes[1])]
    for n_in, n_out in zip(sizes[1:-1], sizes[2:]):
        layers += [act(), nn.Linear(n_in, n_out)]
    return nn.Sequential(*layers)
""", ("expected ValueError", "unknown activation")),
    Mistake("layers.build_mlp", "LeakyReLU slope from the notes (0.05)", """
def build_mlp(sizes, activation="relu"):
    if len(sizes) < 2 or activation not in ACTIVATIONS:
        raise ValueError("bad arguments")
    make = (lambda: nn.LeakyReLU(negative_slope=0.05)) if activation == "leaky_relu" else ACTIVATIONS[activation]
    layers = [nn.Linear(sizes[0], sizes[1])]
    for n_in, n_out in zip(sizes[1:-1], sizes[2:]):
        layers += [make(), nn.Linear(n_in, n_out)]
    return nn.Sequential(*layers)
""", "negative_slope"),
    Mistake("layers.build_mlp", "only Linear layers", """
def build_mlp(sizes, activation="relu"):
    if len(sizes) < 2 or activation not in ACTIVATIONS:
        raise ValueError("bad arguments")
    return nn.Sequential(*[nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
""", "no activation between the linear layers"),
    # ------------------------------------------------------------------ count_parameters
    Mistake("layers.count_parameters", "math.prod of the first two sizes", """
def count_parameters(model, trainable_only=False):
    import math
    return sum(math.prod(p.shape[:2]) for p in model.parameters() if p.requires_grad or not trainable_only)
""", ("first two", "numel")),
    Mistake("layers.count_parameters", "counts tensors, not elements", """
def count_parameters(model, trainable_only=False):
    return len([p for p in model.parameters() if p.requires_grad or not trainable_only])
""", "numel"),
    Mistake("layers.count_parameters", "counts state_dict entries", """
def count_parameters(model, trainable_only=False):
    if trainable_only:
        return sum(p.numel() for p in model.parameters() if p.requires_grad)
    return sum(v.numel() for v in model.state_dict().values())
""", "buffers"),
    Mistake("layers.count_parameters", "ignores trainable_only", """
def count_parameters(model, trainable_only=False):
    total = 0
    for parameter in model.parameters():
        total += parameter.numel()
    return total
""", "trainable_only was ignored"),
    Mistake("layers.count_parameters", "weights only, no biases", """
def count_parameters(model, trainable_only=False):
    return sum(p.numel() for n, p in model.named_parameters()
               if n.endswith("weight") and (p.requires_grad or not trainable_only))
""", "n + 1 parameters per neuron"),
    Mistake("layers.count_parameters", "returns a tensor", """
def count_parameters(model, trainable_only=False):
    return torch.tensor([p.numel() for p in model.parameters() if p.requires_grad or not trainable_only]).sum()
""", "python int"),
    # ------------------------------------------------------------------ TwoLayerNet
    Mistake("layers.TwoLayerNet", "layers named fc1 and fc2", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.fc2 = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))
""", "hidden.weight"),
    Mistake("layers.TwoLayerNet", "softmax at the end of forward", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        return torch.softmax(self.output(torch.relu(self.hidden(x))), dim=1)
""", "softmax at the end"),
    Mistake("layers.TwoLayerNet", "ReLU after the output layer", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        return torch.relu(self.output(torch.relu(self.hidden(x))))
""", "an activation after the last layer"),
    Mistake("layers.TwoLayerNet", "sigmoid between the layers (the notes' first network)", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        return self.output(torch.sigmoid(self.hidden(x)))
""", "output(relu(hidden(x)))"),
    Mistake("layers.TwoLayerNet", "forgets super().__init__()", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        return self.output(torch.relu(self.hidden(x)))
""", "Module.__init__"),
    Mistake("layers.TwoLayerNet", "output layer sized from the inputs", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(in_features, out_features)

    def forward(self, x):
        return self.output(torch.relu(self.hidden(x)))
""", "output.weight"),
    # ------------------------------------------------------------------ init_uniform_
    Mistake("layers.init_uniform_", "never seeds", """
def init_uniform_(layer, low, high, seed):
    nn.init.uniform_(layer.weight, low, high)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
""", "torch.manual_seed(seed)"),
    Mistake("layers.init_uniform_", "leaves the bias", """
def init_uniform_(layer, low, high, seed):
    torch.manual_seed(seed)
    nn.init.uniform_(layer.weight, low, high)
    return layer
""", "bias must be all zeros"),
    Mistake("layers.init_uniform_", "uniform_ without bounds", """
def init_uniform_(layer, low, high, seed):
    torch.manual_seed(seed)
    nn.init.uniform_(layer.weight)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
""", "weights outside"),
    Mistake("layers.init_uniform_", "initializes and returns a copy", """
import copy

def init_uniform_(layer, low, high, seed):
    new = copy.deepcopy(layer)
    torch.manual_seed(seed)
    nn.init.uniform_(new.weight, low, high)
    if new.bias is not None:
        nn.init.zeros_(new.bias)
    return new
""", "returns the layer it was given"),
    Mistake("layers.init_uniform_", "returns nothing", """
def init_uniform_(layer, low, high, seed):
    torch.manual_seed(seed)
    nn.init.uniform_(layer.weight, low, high)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
""", "return layer"),
    # ------------------------------------------------------------------ layer_shapes
    Mistake("layers.layer_shapes", "builds a graph", """
import copy

def layer_shapes(model, input_shape):
    x = torch.zeros(input_shape)
    shapes = []
    for layer in copy.deepcopy(model).eval():
        x = layer(x)
        shapes.append(tuple(x.shape))
    return shapes
""", "torch.no_grad()"),
    Mistake("layers.layer_shapes", "runs the model itself in train mode", """
def layer_shapes(model, input_shape):
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in model:
            x = layer(x)
            shapes.append(tuple(x.shape))
    return shapes
""", "batchnorm statistics"),
    Mistake("layers.layer_shapes", "switches the model to eval and back to train", """
def layer_shapes(model, input_shape):
    model.eval()
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in model:
            x = layer(x)
            shapes.append(tuple(x.shape))
    model.train()
    return shapes
""", "mode"),
    Mistake("layers.layer_shapes", "a forward pre-hook records each layer's input", """
def layer_shapes(model, input_shape):
    import copy
    probe = copy.deepcopy(model).eval()
    shapes = []
    for layer in probe:
        layer.register_forward_pre_hook(lambda module, inputs: shapes.append(tuple(inputs[0].shape)))
    with torch.no_grad():
        probe(torch.zeros(input_shape))
    return shapes
""", ("shifted by one", "going into")),
    Mistake("layers.layer_shapes", "lists the input shape too", """
import copy

def layer_shapes(model, input_shape):
    x = torch.zeros(input_shape)
    shapes = [tuple(x.shape)]
    with torch.no_grad():
        for layer in copy.deepcopy(model).eval():
            x = layer(x)
            shapes.append(tuple(x.shape))
    return shapes
""", "input shape is not part of the list"),
    Mistake("layers.layer_shapes", "shapes as lists", """
import copy

def layer_shapes(model, input_shape):
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in copy.deepcopy(model).eval():
            x = layer(x)
            shapes.append(list(x.shape))
    return shapes
""", "expected a tuple, got a list"),
    # issue 19: six per exercise
    Mistake("layers.build_mlp", "an activation before every Linear", """
def build_mlp(sizes, activation="relu"):
    if len(sizes) < 2 or activation not in ACTIVATIONS:
        raise ValueError("bad arguments")
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [ACTIVATIONS[activation](), nn.Linear(n_in, n_out)]
    return nn.Sequential(*layers)
""", "expected layers [linear, relu, linear], got [relu, linear"),
    Mistake("layers.count_parameters", "always counts trainable parameters only", """
def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
""", "counted only trainable parameters although trainable_only is false"),
    Mistake("layers.init_uniform_", "a new float32 Parameter replaces the weight", """
def init_uniform_(layer, low, high, seed):
    torch.manual_seed(seed)
    layer.weight = nn.Parameter(torch.empty(layer.out_features, layer.in_features).uniform_(low, high))
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
""", "expected dtype torch.float64, got torch.float32"),
    Mistake("layers.layer_shapes", "lists Linear layers only", """
import copy

def layer_shapes(model, input_shape):
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in copy.deepcopy(model).eval():
            x = layer(x)
            if isinstance(layer, nn.Linear):
                shapes.append(tuple(x.shape))
    return shapes
""", "expected 3 items, got 2"),
]

ALTERNATIVES = [
    Alternative("layers.linear_forward", "broadcast and sum", """
def linear_forward(x, weight, bias):
    out = (x.unsqueeze(1) * weight.unsqueeze(0)).sum(dim=-1)   # (N, 1, in) * (1, out, in)
    return out + bias if bias is not None else out
"""),
    Alternative("layers.linear_forward", "einsum and addmm", """
def linear_forward(x, weight, bias):
    if bias is None:
        return torch.einsum("ni,oi->no", x, weight)
    return torch.addmm(bias, x, weight.t())
"""),
    Alternative("layers.build_mlp", "one shared activation module", """
def build_mlp(sizes, activation="relu"):
    table = {"relu": nn.ReLU(), "leaky_relu": nn.LeakyReLU(0.01), "sigmoid": nn.Sigmoid(), "tanh": nn.Tanh()}
    if len(sizes) < 2:
        raise ValueError("at least two sizes")
    if activation not in table:
        raise ValueError(f"unknown activation {activation}")
    model = nn.Sequential()
    for i in range(len(sizes) - 1):
        if i:
            model.append(table[activation])
        model.append(nn.Linear(sizes[i], sizes[i + 1]))
    return model
"""),
    Alternative("layers.count_parameters", "a loop over named_parameters", """
def count_parameters(model, trainable_only=False):
    total = 0
    for _, param in model.named_parameters():
        if trainable_only and not param.requires_grad:
            continue
        total += param.nelement()
    return int(total)
"""),
    Alternative("layers.TwoLayerNet", "activation as a submodule, F.relu-free", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.act = nn.ReLU()
        self.output = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        x = self.hidden(x)
        x = self.act(x)
        return self.output(x)
"""),
    Alternative("layers.init_uniform_", "a generator and in-place tensor methods", """
def init_uniform_(layer, low, high, seed):
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        layer.weight.uniform_(low, high, generator=generator)
        if layer.bias is not None:
            layer.bias.zero_()
    return layer
"""),
    Alternative("layers.layer_shapes", "restores each module's mode", """
def layer_shapes(model, input_shape):
    modes = {m: m.training for m in model.modules()}
    model.eval()
    try:
        x = torch.zeros(input_shape, dtype=torch.float32)
        out = []
        with torch.inference_mode():
            for layer in model:
                x = layer(x)
                out.append(tuple(x.size()))
    finally:
        for m, mode in modes.items():
            m.training = mode
    return out
"""),
]
