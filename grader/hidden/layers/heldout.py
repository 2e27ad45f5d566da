"""Chapter 02 held-out mistakes: written from the stub and the syllabus alone, never tuned against.

No hint was written against these; the audit reports them apart from the catalogue.
"""
from grader.hidden.catalogue import Mistake

HELDOUT = [
    # linear_forward
    Mistake("layers.linear_forward", "weight not transposed", """
def linear_forward(x, weight, bias):
    out = x @ weight
    return out if bias is None else out + bias
""", ("transpos|.t|layout|(out, in)",)),
    Mistake("layers.linear_forward", "adds a None bias", """
def linear_forward(x, weight, bias):
    return x @ weight.T + bias
""", ("none|no bias|without bias",)),
    Mistake("layers.linear_forward", "forgets the bias", """
def linear_forward(x, weight, bias):
    return x @ weight.T
""", ("bias|missing|term",)),
    Mistake("layers.linear_forward", "computed under no_grad", """
def linear_forward(x, weight, bias):
    with torch.no_grad():
        out = x @ weight.T
        if bias is not None:
            out = out + bias
    return out
""", ("grad|autograd|detach|flow",)),
    Mistake("layers.linear_forward", "transposed output", """
def linear_forward(x, weight, bias):
    out = weight @ x.T
    if bias is not None:
        out = out + bias.unsqueeze(1)
    return out
""", ("transpos|shape|(n, out)",)),
    Mistake("layers.linear_forward", "casts to float32", """
def linear_forward(x, weight, bias):
    out = x.float() @ weight.float().T
    if bias is not None:
        out = out + bias.float()
    return out
""", ("dtype|float64|float32",)),
    Mistake("layers.linear_forward", "bias as a column", """
def linear_forward(x, weight, bias):
    out = x @ weight.T
    if bias is not None:
        out = out + bias.unsqueeze(1)
    return out
""", ("bias|broadcast|shape",)),
    # build_mlp
    Mistake("layers.build_mlp", "activation after the last layer", """
def build_mlp(sizes, activation="relu"):
    acts = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}
    if len(sizes) < 2:
        raise ValueError("need at least two sizes")
    if activation not in acts:
        raise ValueError(f"unknown activation {activation}")
    layers = []
    for i in range(len(sizes) - 1):
        layers += [nn.Linear(sizes[i], sizes[i + 1]), acts[activation]()]
    return nn.Sequential(*layers)
""", ("last|final|logits|after",)),
    Mistake("layers.build_mlp", "no check on the number of sizes", """
def build_mlp(sizes, activation="relu"):
    acts = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}
    if activation not in acts:
        raise ValueError(f"unknown activation {activation}")
    layers = []
    for i in range(len(sizes) - 1):
        if i:
            layers.append(acts[activation]())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)
""", ("fewer|two sizes|valueerror|raise",)),
    Mistake("layers.build_mlp", "unknown activation falls back to ReLU", """
def build_mlp(sizes, activation="relu"):
    acts = {"leaky_relu": nn.LeakyReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}
    if len(sizes) < 2:
        raise ValueError("need at least two sizes")
    act = acts.get(activation, nn.ReLU)
    layers = []
    for i in range(len(sizes) - 1):
        if i:
            layers.append(act())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)
""", ("unknown|valueerror|raise",)),
    Mistake("layers.build_mlp", "drops the last Linear", """
def build_mlp(sizes, activation="relu"):
    acts = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}
    if len(sizes) < 2:
        raise ValueError("need at least two sizes")
    if activation not in acts:
        raise ValueError(f"unknown activation {activation}")
    layers = []
    for i in range(len(sizes) - 2):
        layers += [nn.Linear(sizes[i], sizes[i + 1]), acts[activation]()]
    return nn.Sequential(*layers)
""", ("layer|last|missing|count|number",)),
    Mistake("layers.build_mlp", "leaky ReLU with a steeper slope", """
def build_mlp(sizes, activation="relu"):
    acts = {"relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2), "sigmoid": nn.Sigmoid,
            "tanh": nn.Tanh}
    if len(sizes) < 2:
        raise ValueError("need at least two sizes")
    if activation not in acts:
        raise ValueError(f"unknown activation {activation}")
    layers = []
    for i in range(len(sizes) - 1):
        if i:
            layers.append(acts[activation]())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)
""", ("slope|negative_slope|default",)),
    Mistake("layers.build_mlp", "in and out features swapped", """
def build_mlp(sizes, activation="relu"):
    acts = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}
    if len(sizes) < 2:
        raise ValueError("need at least two sizes")
    if activation not in acts:
        raise ValueError(f"unknown activation {activation}")
    layers = []
    for i in range(len(sizes) - 1):
        if i:
            layers.append(acts[activation]())
        layers.append(nn.Linear(sizes[i + 1], sizes[i]))
    return nn.Sequential(*layers)
""", ("in_features|out_features|swap|shape",)),
    Mistake("layers.build_mlp", "KeyError for an unknown activation", """
def build_mlp(sizes, activation="relu"):
    acts = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}
    if len(sizes) < 2:
        raise ValueError("need at least two sizes")
    layers = []
    for i in range(len(sizes) - 1):
        if i:
            layers.append(acts[activation]())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)
""", ("valueerror|keyerror|unknown",)),
    # count_parameters
    Mistake("layers.count_parameters", "ignores trainable_only", """
def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())
""", ("trainable|requires_grad|frozen",)),
    Mistake("layers.count_parameters", "counts the state_dict", """
def count_parameters(model, trainable_only=False):
    if trainable_only:
        return sum(p.numel() for p in model.parameters() if p.requires_grad)
    return sum(v.numel() for v in model.state_dict().values())
""", ("buffer|state_dict|running",)),
    Mistake("layers.count_parameters", "counts tensors, not numbers", """
def count_parameters(model, trainable_only=False):
    return len([p for p in model.parameters() if p.requires_grad or not trainable_only])
""", ("numel|element|tensor",)),
    Mistake("layers.count_parameters", "trainable_only inverted", """
def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if not (trainable_only and p.requires_grad))
""", ("trainable|requires_grad|frozen|invert",)),
    Mistake("layers.count_parameters", "weights only", """
def count_parameters(model, trainable_only=False):
    return sum(p.numel() for n, p in model.named_parameters()
               if "weight" in n and (p.requires_grad or not trainable_only))
""", ("bias",)),
    Mistake("layers.count_parameters", "numel from two dims", """
def count_parameters(model, trainable_only=False):
    total = 0
    for p in model.parameters():
        if trainable_only and not p.requires_grad:
            continue
        total += p.shape[0] * (p.shape[1] if p.dim() > 1 else 1)
    return total
""", ("numel|element|dimension",)),
    Mistake("layers.count_parameters", "returns a tensor", """
def count_parameters(model, trainable_only=False):
    sizes = [p.numel() for p in model.parameters() if p.requires_grad or not trainable_only]
    return torch.tensor(sizes).sum()
""", ("int|tensor|type",)),
    # TwoLayerNet
    Mistake("layers.TwoLayerNet", "no activation", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)
    def forward(self, x):
        return self.output(self.hidden(x))
""", ("relu|activation|non-linear|nonlinear",)),
    Mistake("layers.TwoLayerNet", "ReLU after the output", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)
    def forward(self, x):
        return torch.relu(self.output(torch.relu(self.hidden(x))))
""", ("logits|after|output|last",)),
    Mistake("layers.TwoLayerNet", "layers named fc1 and fc2", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.fc2 = nn.Linear(hidden_features, out_features)
    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))
""", ("hidden|name|attribute",)),
    Mistake("layers.TwoLayerNet", "hidden width is the output width", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, out_features)
        self.output = nn.Linear(out_features, out_features)
    def forward(self, x):
        return self.output(torch.relu(self.hidden(x)))
""", ("hidden_features|hidden|shape|size|width",)),
    Mistake("layers.TwoLayerNet", "sigmoid instead of ReLU", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)
    def forward(self, x):
        return self.output(torch.sigmoid(self.hidden(x)))
""", ("relu|sigmoid|activation",)),
    Mistake("layers.TwoLayerNet", "softmax on the logits", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)
    def forward(self, x):
        return torch.softmax(self.output(torch.relu(self.hidden(x))), dim=-1)
""", ("softmax|logits|probabil",)),
    Mistake("layers.TwoLayerNet", "output layer without bias", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features, bias=False)
    def forward(self, x):
        return self.output(torch.relu(self.hidden(x)))
""", ("bias",)),
    Mistake("layers.TwoLayerNet", "forgets super().__init__()", """
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        self.hidden = nn.Linear(in_features, hidden_features)
        self.output = nn.Linear(hidden_features, out_features)
    def forward(self, x):
        return self.output(torch.relu(self.hidden(x)))
""", ("super|__init__",)),
    # init_uniform_
    Mistake("layers.init_uniform_", "never seeds", """
def init_uniform_(layer, low, high, seed):
    nn.init.uniform_(layer.weight, low, high)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
""", ("seed|reproduc|random",)),
    Mistake("layers.init_uniform_", "seeds after drawing", """
def init_uniform_(layer, low, high, seed):
    nn.init.uniform_(layer.weight, low, high)
    torch.manual_seed(seed)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
""", ("seed|order|before",)),
    Mistake("layers.init_uniform_", "bias left as it was", """
def init_uniform_(layer, low, high, seed):
    torch.manual_seed(seed)
    nn.init.uniform_(layer.weight, low, high)
    return layer
""", ("bias|zero",)),
    Mistake("layers.init_uniform_", "fails without a bias", """
def init_uniform_(layer, low, high, seed):
    torch.manual_seed(seed)
    nn.init.uniform_(layer.weight, low, high)
    nn.init.zeros_(layer.bias)
    return layer
""", ("none|no bias|without bias|bias=false",)),
    Mistake("layers.init_uniform_", "returns a copy", """
def init_uniform_(layer, low, high, seed):
    import copy
    layer = copy.deepcopy(layer)
    torch.manual_seed(seed)
    nn.init.uniform_(layer.weight, low, high)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
""", ("same|in place|copy|identity",)),
    Mistake("layers.init_uniform_", "normal instead of uniform", """
def init_uniform_(layer, low, high, seed):
    torch.manual_seed(seed)
    nn.init.normal_(layer.weight, low, high)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
    return layer
""", ("uniform|normal|distribution",)),
    Mistake("layers.init_uniform_", "returns nothing", """
def init_uniform_(layer, low, high, seed):
    torch.manual_seed(seed)
    nn.init.uniform_(layer.weight, low, high)
    if layer.bias is not None:
        nn.init.zeros_(layer.bias)
""", ("return|none|same layer",)),
    # layer_shapes
    Mistake("layers.layer_shapes", "leaves the model in eval mode", """
def layer_shapes(model, input_shape):
    model.eval()
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in model:
            x = layer(x)
            shapes.append(tuple(x.shape))
    return shapes
""", ("mode|train|eval",)),
    Mistake("layers.layer_shapes", "runs the model itself in train mode", """
def layer_shapes(model, input_shape):
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in model:
            x = layer(x)
            shapes.append(tuple(x.shape))
    return shapes
""", ("running|buffer|batchnorm|statistic|chang|modif",)),
    Mistake("layers.layer_shapes", "drops the batch dimension", """
def layer_shapes(model, input_shape):
    import copy
    m = copy.deepcopy(model).eval()
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in m:
            x = layer(x)
            shapes.append(tuple(x.shape[1:]))
    return shapes
""", ("batch|dim|shape",)),
    Mistake("layers.layer_shapes", "walks every module, nested ones too", """
def layer_shapes(model, input_shape):
    import copy
    m = copy.deepcopy(model).eval()
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in list(m.modules())[1:]:
            if isinstance(layer, nn.Sequential):
                continue
            x = layer(x)
            shapes.append(tuple(x.shape))
    return shapes
""", ("top-level|top level|children|nested|modules",)),
    Mistake("layers.layer_shapes", "float64 input", """
def layer_shapes(model, input_shape):
    import copy
    m = copy.deepcopy(model).eval()
    x = torch.zeros(input_shape, dtype=torch.float64)
    shapes = []
    with torch.no_grad():
        for layer in m:
            x = layer(x)
            shapes.append(tuple(x.shape))
    return shapes
""", ("dtype|float32|float64|double",)),
    Mistake("layers.layer_shapes", "records the shape before each layer", """
def layer_shapes(model, input_shape):
    import copy
    m = copy.deepcopy(model).eval()
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in m:
            shapes.append(tuple(x.shape))
            x = layer(x)
    return shapes
""", ("off by one|before|input|shift|after each",)),
]
