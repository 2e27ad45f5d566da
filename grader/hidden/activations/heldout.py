"""Chapter 03 held-out mistakes: written from the stub and the syllabus alone, never tuned against.

No hint was written against these; the audit reports them apart from the catalogue.
"""
from grader.hidden.catalogue import Mistake

HELDOUT = [
    # sigmoid
    Mistake("activations.sigmoid", "naive formula", """
def sigmoid(x):
    return 1 / (1 + torch.exp(-x))
""", ("overflow|inf|nan|finite|stable",)),
    Mistake("activations.sigmoid", "clips the input at 500", """
def sigmoid(x):
    x = torch.clamp(x, -500, 500)
    return 1 / (1 + torch.exp(-x))
""", ("overflow|inf|nan|finite|stable",)),
    Mistake("activations.sigmoid", "where over two unguarded branches", """
def sigmoid(x):
    return torch.where(x >= 0, 1 / (1 + torch.exp(-x)), torch.exp(x) / (1 + torch.exp(x)))
""", ("nan|gradient|branch|finite|where",)),
    Mistake("activations.sigmoid", "casts to float32", """
def sigmoid(x):
    x = x.float()
    pos = 1 / (1 + torch.exp(-x.clamp(min=0)))
    e = torch.exp(x.clamp(max=0))
    return torch.where(x >= 0, pos, e / (1 + e))
""", ("dtype|float64|float32",)),
    Mistake("activations.sigmoid", "the exp(x) form everywhere", """
def sigmoid(x):
    e = torch.exp(x)
    return e / (1 + e)
""", ("overflow|inf|nan|finite|stable",)),
    Mistake("activations.sigmoid", "sign flipped", """
def sigmoid(x):
    neg = 1 / (1 + torch.exp(x.clamp(max=0)))
    e = torch.exp(-x.clamp(min=0))
    return torch.where(x <= 0, neg, e / (1 + e))
""", ("sign|negat|-x|mirror|revers",)),
    Mistake("activations.sigmoid", "through numpy", """
def sigmoid(x):
    import numpy as np
    a = x.detach().cpu().numpy()
    out = np.where(a >= 0, 1 / (1 + np.exp(-np.abs(a))), np.exp(-np.abs(a)) / (1 + np.exp(-np.abs(a))))
    return torch.from_numpy(out).to(x.dtype)
""", ("grad|autograd|detach|numpy",)),
    # relu
    Mistake("activations.relu", "zeroes the input in place", """
def relu(x):
    x[x < 0] = 0
    return x
""", ("mutat|in place|modif|input",)),
    Mistake("activations.relu", "clamps from above", """
def relu(x):
    return x.clamp(max=0)
""", ("clamp|min|max|negative|positive",)),
    Mistake("activations.relu", "returns the mask", """
def relu(x):
    return (x > 0).to(x.dtype)
""", ("derivative|gradient|mask|step",)),
    Mistake("activations.relu", "casts to float32", """
def relu(x):
    return torch.where(x > 0, x, 0.0).float()
""", ("dtype|float64|float32",)),
    Mistake("activations.relu", "detached result", """
def relu(x):
    return x.detach().clamp(min=0)
""", ("grad|detach|autograd",)),
    Mistake("activations.relu", "a leak for negatives", """
def relu(x):
    return torch.where(x > 0, x, 0.01 * x)
""", ("negative|zero|leak|slope",)),
    Mistake("activations.relu", "torch.max along dim 0", """
def relu(x):
    return torch.max(x, 0)
""", ("max|dim|element-wise|elementwise|shape",)),
    # leaky_relu
    Mistake("activations.leaky_relu", "max of x and slope*x", """
def leaky_relu(x, negative_slope=0.01):
    return torch.maximum(x, negative_slope * x)
""", ("slope|above 1|greater than 1|max",)),
    Mistake("activations.leaky_relu", "slope fixed at 0.01", """
def leaky_relu(x, negative_slope=0.01):
    return torch.where(x >= 0, x, 0.01 * x)
""", ("negative_slope|slope|parameter|ignor",)),
    Mistake("activations.leaky_relu", "slope as a constant", """
def leaky_relu(x, negative_slope=0.01):
    return torch.where(x >= 0, x, torch.full_like(x, negative_slope))
""", ("slope|times|multipl|constant",)),
    Mistake("activations.leaky_relu", "branches swapped", """
def leaky_relu(x, negative_slope=0.01):
    return torch.where(x < 0, x, negative_slope * x)
""", ("branch|swap|positive|negative",)),
    Mistake("activations.leaky_relu", "scales the input in place", """
def leaky_relu(x, negative_slope=0.01):
    x[x < 0] *= negative_slope
    return x
""", ("mutat|in place|modif|input",)),
    Mistake("activations.leaky_relu", "relu plus a slope everywhere", """
def leaky_relu(x, negative_slope=0.01):
    return x.clamp(min=0) + negative_slope * x
""", ("positive|slope|extra|term",)),
    Mistake("activations.leaky_relu", "casts to float32", """
def leaky_relu(x, negative_slope=0.01):
    x = x.float()
    return torch.where(x >= 0, x, negative_slope * x)
""", ("dtype|float64|float32",)),
    # softmax
    Mistake("activations.softmax", "no max subtracted", """
def softmax(x, dim=-1):
    e = torch.exp(x)
    return e / e.sum(dim=dim, keepdim=True)
""", ("overflow|inf|nan|stable|max",)),
    Mistake("activations.softmax", "always the last dim", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=-1, keepdim=True))
    return e / e.sum(dim=-1, keepdim=True)
""", ("dim|axis",)),
    Mistake("activations.softmax", "sum without keepdim", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim)
""", ("keepdim|broadcast|dim|shape",)),
    Mistake("activations.softmax", "subtracts the global max", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.max())
    return e / e.sum(dim=dim, keepdim=True)
""", ("max|nan|underflow|global|per row",)),
    Mistake("activations.softmax", "normalises over the whole tensor", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.max())
    return e / e.sum()
""", ("dim|axis|sum|normali",)),
    Mistake("activations.softmax", "max without keepdim", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim))
    return e / e.sum(dim=dim, keepdim=True)
""", ("keepdim|broadcast|max|shape",)),
    Mistake("activations.softmax", "subtracts max()'s named tuple", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.max(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
""", ("max|values|tuple|typeerror",)),
    # sigmoid_grad
    Mistake("activations.sigmoid_grad", "exp(-x) / (1 + exp(-x))**2", """
def sigmoid_grad(x):
    e = torch.exp(-x)
    return e / (1 + e) ** 2
""", ("overflow|nan|inf|stable|finite",)),
    Mistake("activations.sigmoid_grad", "returns the sigmoid itself", """
def sigmoid_grad(x):
    e = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + e), e / (1 + e))
""", ("derivative|1 - s|missing|term",)),
    Mistake("activations.sigmoid_grad", "s * (1 + s)", """
def sigmoid_grad(x):
    e = torch.exp(-x.abs())
    s = torch.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return s * (1 + s)
""", ("sign|1 - s|minus|formula",)),
    Mistake("activations.sigmoid_grad", "calls torch.sigmoid", """
def sigmoid_grad(x):
    s = torch.sigmoid(x)
    return s * (1 - s)
""", ("allowed|forbidden|banned",)),
    Mistake("activations.sigmoid_grad", "formula applied to x, not sigmoid(x)", """
def sigmoid_grad(x):
    return x * (1 - x)
""", ("sigmoid|s(x)|formula",)),
    Mistake("activations.sigmoid_grad", "tanh's derivative", """
def sigmoid_grad(x):
    e = torch.exp(-x.abs())
    s = torch.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return 1 - s ** 2
""", ("tanh|formula|derivative",)),
    Mistake("activations.sigmoid_grad", "clamps x to [-10, 10]", """
def sigmoid_grad(x):
    x = x.clamp(-10, 10)
    s = 1 / (1 + torch.exp(-x))
    return s * (1 - s)
""", ("clamp|clip|saturat|large",)),
    # predict
    Mistake("activations.predict", ">= instead of >", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(-1) >= threshold).long()
    return outputs.argmax(dim=-1)
""", ("strict|>=|equal|threshold",)),
    Mistake("activations.predict", "(N, 1) not flattened", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs > threshold).long()
    return outputs.argmax(dim=-1)
""", ("shape|(n,)|squeeze|flatten|reshape",)),
    Mistake("activations.predict", "argmax for binary outputs too", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1:
        return (outputs > threshold).long()
    return outputs.argmax(dim=-1)
""", ("binary|threshold|(n, 1)|single",)),
    Mistake("activations.predict", "threshold ignored", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(-1) > 0.5).long()
    return outputs.argmax(dim=-1)
""", ("threshold",)),
    Mistake("activations.predict", "float labels", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(-1) > threshold).float()
    return outputs.argmax(dim=-1).float()
""", ("dtype|int64|long|integer",)),
    Mistake("activations.predict", "argmax over the samples", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(-1) > threshold).long()
    return outputs.argmax(dim=0)
""", ("dim|axis|row|last",)),
    Mistake("activations.predict", "thresholds at 0 as if logits", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(-1) > 0).long()
    return outputs.argmax(dim=-1)
""", ("threshold|probab|0.5|logit",)),
    Mistake("activations.predict", "squeeze() loses a single sample", """
def predict(outputs, threshold=0.5):
    outputs = outputs.squeeze()
    if outputs.dim() <= 1:
        return (outputs > threshold).long()
    return outputs.argmax(dim=-1)
""", ("squeeze|shape|single|one sample",)),
]
