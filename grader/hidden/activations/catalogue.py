"""Chapter 03 catalogue: mistakes students make with activations, and other correct answers."""
from grader.hidden.catalogue import Alternative, Mistake

MISTAKES = [
    # ------------------------------------------------------------------ sigmoid
    Mistake("activations.sigmoid", "the naive formula", """
def sigmoid(x):
    return 1 / (1 + torch.exp(-x))
""", ("overflows", "non-finite")),
    Mistake("activations.sigmoid", "two naive branches in torch.where", """
def sigmoid(x):
    return torch.where(x >= 0, 1 / (1 + torch.exp(-x)), torch.exp(x) / (1 + torch.exp(x)))
""", "backward visits both branches"),
    Mistake("activations.sigmoid", "calls torch.sigmoid", """
def sigmoid(x):
    return torch.sigmoid(x)
""", "torch.sigmoid"),
    Mistake("activations.sigmoid", "the Tensor method", """
def sigmoid(x):
    return x.sigmoid()
""", "torch.Tensor.sigmoid"),
    Mistake("activations.sigmoid", "an nn.Sigmoid layer", """
from torch import nn

def sigmoid(x):
    return nn.Sigmoid()(x)
""", "nn.Sigmoid"),
    Mistake("activations.sigmoid", "torch.special.expit", """
def sigmoid(x):
    return torch.special.expit(x)
""", "torch.special.expit"),
    # ------------------------------------------------------------------ relu
    Mistake("activations.relu", "calls torch.relu", """
def relu(x):
    return torch.relu(x)
""", "torch.relu"),
    Mistake("activations.relu", "calls F.relu", """
import torch.nn.functional as F

def relu(x):
    return F.relu(x)
""", "F.relu"),
    Mistake("activations.relu", "zeroes the input in place", """
def relu(x):
    x[x < 0] = 0
    return x
""", "in place"),
    Mistake("activations.relu", "clamp with max instead of min", """
def relu(x):
    return torch.clamp(x, max=0)
""", "kept the negative values"),
    # ------------------------------------------------------------------ leaky_relu
    Mistake("activations.leaky_relu", "calls F.leaky_relu", """
import torch.nn.functional as F

def leaky_relu(x, negative_slope=0.01):
    return F.leaky_relu(x, negative_slope)
""", "F.leaky_relu"),
    Mistake("activations.leaky_relu", "slope 0.05 from the notes, argument ignored", """
def leaky_relu(x, negative_slope=0.01):
    return torch.where(x >= 0, x, 0.05 * x)
""", "scaled by 0.05"),
    Mistake("activations.leaky_relu", "slope on the positive side", """
def leaky_relu(x, negative_slope=0.01):
    return torch.where(x >= 0, negative_slope * x, x)
""", "applied to the positive inputs"),
    Mistake("activations.leaky_relu", "default slope 0.1", """
def leaky_relu(x, negative_slope=0.1):
    return torch.where(x >= 0, x, negative_slope * x)
""", "scaled by 0.1"),
    Mistake("activations.leaky_relu", "scales the input in place", """
def leaky_relu(x, negative_slope=0.01):
    x[x < 0] *= negative_slope
    return x
""", "in place"),
    # ------------------------------------------------------------------ softmax
    Mistake("activations.softmax", "calls torch.softmax", """
def softmax(x, dim=-1):
    return torch.softmax(x, dim=dim)
""", "torch.softmax"),
    Mistake("activations.softmax", "calls F.softmax", """
import torch.nn.functional as F

def softmax(x, dim=-1):
    return F.softmax(x, dim=dim)
""", "F.softmax"),
    Mistake("activations.softmax", "exp of log_softmax", """
def softmax(x, dim=-1):
    return torch.exp(torch.log_softmax(x, dim))
""", "torch.log_softmax"),
    Mistake("activations.softmax", "always over the last dim", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=-1, keepdim=True))
    return e / e.sum(dim=-1, keepdim=True)
""", "softmax was taken over dim 1, expected dim 0"),
    Mistake("activations.softmax", "always over dim 0", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=0, keepdim=True))
    return e / e.sum(dim=0, keepdim=True)
""", "rows do not sum to 1: softmax was taken over dim 0, expected the last dim"),
    Mistake("activations.softmax", "no max subtracted: overflow", """
def softmax(x, dim=-1):
    e = torch.exp(x)
    return e / e.sum(dim=dim, keepdim=True)
""", "exp overflowed"),
    Mistake("activations.softmax", "the notes' softmax", """
def softmax(x, dim=-1):
    return torch.exp(x) / torch.sum(torch.exp(x), dim=1).view(-1, 1)
""", "exp overflowed"),
    Mistake("activations.softmax", "normalizes the whole tensor", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.max())
    return e / e.sum()
""", "the whole tensor sums to 1"),
    Mistake("activations.softmax", "sum without keepdim", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim)
""", "keepdim=True"),
    # ------------------------------------------------------------------ sigmoid_grad
    Mistake("activations.sigmoid_grad", "calls torch.sigmoid", """
def sigmoid_grad(x):
    s = torch.sigmoid(x)
    return s * (1 - s)
""", "torch.sigmoid"),
    Mistake("activations.sigmoid_grad", "the closed form with exp(-x)", """
def sigmoid_grad(x):
    return torch.exp(-x) / (1 + torch.exp(-x)) ** 2
""", "overflows"),
    Mistake("activations.sigmoid_grad", "returns the sigmoid itself", """
def sigmoid_grad(x):
    return sigmoid(x)
""", "sigmoid(x) itself"),
    Mistake("activations.sigmoid_grad", "s * (1 - x)", """
def sigmoid_grad(x):
    return sigmoid(x) * (1 - x)
""", "s * (1 - s)"),
    # ------------------------------------------------------------------ predict
    Mistake("activations.predict", "(N, 1) kept as a column", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs > threshold).long()
    return outputs.argmax(dim=-1)
""", "(N, 1) where (N,) was expected"),
    Mistake("activations.predict", "bool labels", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return outputs.reshape(-1) > threshold
    return outputs.argmax(dim=-1)
""", ".long()"),
    Mistake("activations.predict", "argmax for binary outputs too", """
def predict(outputs, threshold=0.5):
    return outputs.reshape(outputs.shape[0], -1).argmax(dim=-1)
""", "argmax of a single column"),
    Mistake("activations.predict", ">= instead of >", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(-1) >= threshold).long()
    return outputs.argmax(dim=-1)
""", "use >, not >="),
    Mistake("activations.predict", "threshold fixed at 0.5", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(-1) > 0.5).long()
    return outputs.argmax(dim=-1)
""", "was ignored"),
    Mistake("activations.predict", "argmax over the batch", """
def predict(outputs, threshold=0.5):
    if outputs.dim() == 1 or outputs.shape[-1] == 1:
        return (outputs.reshape(-1) > threshold).long()
    return outputs.argmax(dim=0)
""", "argmax over dim 0"),
    # ------------------------------------------------------------------ issue 19: the spec's whole range
    Mistake("activations.sigmoid", "clipped at +-500", """
def sigmoid(x):
    x = torch.clamp(x, -500, 500)
    return 1 / (1 + torch.exp(-x))
""", ("non-finite gradient at x in", "clipping x")),
    Mistake("activations.sigmoid", "clipped at +-500, exp(x) form", """
def sigmoid(x):
    e = torch.exp(torch.clamp(x, -500, 500))
    return e / (1 + e)
""", "overflows"),
    Mistake("activations.sigmoid_grad", "clipped at +-500", """
def sigmoid_grad(x):
    e = torch.exp(-torch.clamp(x, -500, 500))
    return e / (1 + e) ** 2
""", "overflows"),
    Mistake("activations.leaky_relu", "max(a*x, x)", """
def leaky_relu(x, negative_slope=0.01):
    return torch.maximum(negative_slope * x, x)
""", "max(a*x, x) is leaky relu only for slopes up to 1"),
    Mistake("activations.softmax", "max over the last dim, sum over dim", """
def softmax(x, dim=-1):
    e = torch.exp(x - x.amax(dim=-1, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
""", "the max was subtracted along dim"),

    # issue 19: six per exercise
    Mistake("activations.relu", "through numpy", """
import numpy as np

def relu(x):
    return torch.from_numpy(np.maximum(x.detach().numpy(), 0))
""", "detached from autograd"),
    Mistake("activations.relu", "a Python loop over the values", """
def relu(x):
    return torch.tensor([max(v, 0.0) for v in x.flatten().tolist()]).reshape(x.shape)
""", "expected dtype torch.float64, got torch.float32"),
    Mistake("activations.sigmoid_grad", "the derivative of tanh", """
def sigmoid_grad(x):
    return 1 - torch.tanh(x) ** 2
""", "outside [0, 0.25]"),
]

ALTERNATIVES = [
    Alternative("activations.sigmoid", "through tanh", """
def sigmoid(x):
    return 0.5 * (1 + torch.tanh(0.5 * x))
"""),
    Alternative("activations.sigmoid", "exp(-|x|) with safe branches", """
def sigmoid(x):
    z = torch.exp(-torch.where(x >= 0, x, -x))          # exp(-|x|) <= 1, gradient 1 at 0 kept
    return torch.where(x >= 0, 1 / (1 + z), z / (1 + z))
"""),
    Alternative("activations.relu", "a boolean mask", """
def relu(x):
    return x * (x > 0)
"""),
    Alternative("activations.relu", "clamp", """
def relu(x):
    return x.clamp(min=0)
"""),
    Alternative("activations.leaky_relu", "two clamps", """
def leaky_relu(x, negative_slope=0.01):
    return x.clamp(min=0) + negative_slope * x.clamp(max=0)
"""),
    Alternative("activations.softmax", "log-sum-exp", """
def softmax(x, dim=-1):
    return torch.exp(x - torch.logsumexp(x, dim=dim, keepdim=True))
"""),
    Alternative("activations.softmax", "move the dim last", """
def softmax(x, dim=-1):
    moved = x.movedim(dim, -1)
    e = (moved - moved.max(dim=-1, keepdim=True).values).exp()
    return (e / e.sum(-1, keepdim=True)).movedim(-1, dim)
"""),
    Alternative("activations.sigmoid_grad", "autograd on the own sigmoid", """
def sigmoid_grad(x):
    x = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(sigmoid(x).sum(), x)
    return grad
"""),
    Alternative("activations.sigmoid_grad", "symmetric closed form", """
def sigmoid_grad(x):
    e = torch.exp(-x.abs())            # sigmoid' is even: use the side where exp cannot overflow
    return e / (1 + e) ** 2
"""),
    Alternative("activations.predict", "squeeze and where", """
def predict(outputs, threshold=0.5):
    if outputs.ndim == 2 and outputs.size(1) >= 2:
        return torch.max(outputs, dim=1).indices
    probs = outputs.squeeze(-1) if outputs.ndim == 2 else outputs
    return torch.where(probs > threshold, 1, 0).to(torch.int64)
"""),
]
