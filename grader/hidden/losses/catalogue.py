"""Chapter 04 catalogue: mistakes students make with losses, and other correct answers."""
from grader.hidden.catalogue import Alternative, Mistake

MISTAKES = [
    # ------------------------------------------------------------------ one_hot
    Mistake("losses.one_hot", "calls F.one_hot", """
import torch.nn.functional as F

def one_hot(labels, num_classes):
    return F.one_hot(labels, num_classes).float()
""", "F.one_hot"),
    Mistake("losses.one_hot", "rows of np.eye: float64", """
import numpy as np

def one_hot(labels, num_classes):
    if (labels < 0).any() or (labels >= num_classes).any():
        raise ValueError("label out of range")
    return torch.from_numpy(np.eye(num_classes)[labels.numpy()])
""", "float64"),
    Mistake("losses.one_hot", "no check: scatter_ raises RuntimeError", """
def one_hot(labels, num_classes):
    return torch.zeros(len(labels), num_classes).scatter_(1, labels.unsqueeze(1), 1.0)
""", "expected ValueError to be raised"),
    Mistake("losses.one_hot", "checks only the upper bound", """
def one_hot(labels, num_classes):
    if labels.max() >= num_classes:
        raise ValueError("label too large")
    out = torch.zeros(labels.shape[0], num_classes)
    out[torch.arange(labels.shape[0]), labels] = 1
    return out
""", ("expected ValueError", "negative label")),
    Mistake("losses.one_hot", "int64 rows", """
def one_hot(labels, num_classes):
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError("label out of range")
    out = torch.zeros(labels.shape[0], num_classes, dtype=torch.long)
    out[torch.arange(labels.shape[0]), labels] = 1
    return out
""", "float32"),
    Mistake("losses.one_hot", "number of classes taken from the labels", """
def one_hot(labels, num_classes):
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError("label out of range")
    return torch.eye(int(labels.max()) + 1)[labels]
""", "num_classes columns"),
    # ------------------------------------------------------------------ mse_loss
    Mistake("losses.mse_loss", "calls F.mse_loss", """
import torch.nn.functional as F

def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return F.mse_loss(pred, target)
""", "F.mse_loss"),
    Mistake("losses.mse_loss", "an nn.MSELoss criterion", """
from torch import nn

def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return nn.MSELoss()(pred, target)
""", "nn.MSELoss"),
    Mistake("losses.mse_loss", "no shape check: (N, 1) against (N,) broadcasts", """
def mse_loss(pred, target):
    return ((pred - target) ** 2).mean()
""", ("expected ValueError", "(N, 1) against (N,)")),
    Mistake("losses.mse_loss", "sum instead of mean", """
def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return ((pred - target) ** 2).sum()
""", "missing mean"),
    Mistake("losses.mse_loss", "returns a Python float", """
def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return ((pred - target) ** 2).mean().item()
""", "not a python float"),
    Mistake("losses.mse_loss", "absolute instead of squared", """
def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return (pred - target).abs().mean()
""", "(l1)"),
    # ------------------------------------------------------------------ cross_entropy
    Mistake("losses.cross_entropy", "calls F.cross_entropy", """
import torch.nn.functional as F

def cross_entropy(logits, target):
    return F.cross_entropy(logits, target)
""", "F.cross_entropy"),
    Mistake("losses.cross_entropy", "an nn.CrossEntropyLoss criterion", """
from torch.nn import CrossEntropyLoss

def cross_entropy(logits, target):
    return CrossEntropyLoss()(logits, target)
""", "nn.CrossEntropyLoss"),
    Mistake("losses.cross_entropy", "F.log_softmax", """
import torch.nn.functional as F

def cross_entropy(logits, target):
    log_probs = F.log_softmax(logits, dim=1)
    if target.dtype.is_floating_point:
        return -(target * log_probs).sum(1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
""", "F.log_softmax"),
    Mistake("losses.cross_entropy", "a softmax applied before the loss", """
def cross_entropy(logits, target):
    probs = torch.softmax(logits, dim=1)              # the model's 'probabilities'...
    z = probs - probs.amax(dim=1, keepdim=True)       # ...then a correct cross entropy of them
    log_probs = z - torch.log(torch.exp(z).sum(dim=1, keepdim=True))
    if target.dtype.is_floating_point:
        return -(target * log_probs).sum(1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
""", "a softmax applied before cross entropy"),
    Mistake("losses.cross_entropy", "log of softmax", """
def cross_entropy(logits, target):
    log_probs = torch.log(torch.softmax(logits, dim=1))
    if target.dtype.is_floating_point:
        return -(target * log_probs).sum(1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
""", "log-sum-exp"),
    Mistake("losses.cross_entropy", "no max subtracted", """
def cross_entropy(logits, target):
    log_probs = logits - torch.log(torch.exp(logits).sum(dim=1, keepdim=True))
    if target.dtype.is_floating_point:
        return -(target * log_probs).sum(1).mean()
    return -log_probs[torch.arange(len(target)), target].mean()
""", "log-sum-exp"),
    Mistake("losses.cross_entropy", "sum over the batch", """
def cross_entropy(logits, target):
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    if target.dtype.is_floating_point:
        return -(target * log_probs).sum()
    return -log_probs[torch.arange(len(target)), target].sum()
""", "missing mean"),
    Mistake("losses.cross_entropy", "class indices only", """
def cross_entropy(logits, target):
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -log_probs[torch.arange(len(target)), target].mean()
""", "indices must be long"),
    Mistake("losses.cross_entropy", "probabilities turned into labels", """
def cross_entropy(logits, target):
    if target.dtype.is_floating_point:
        target = target.argmax(dim=1)
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -log_probs[torch.arange(len(target)), target].mean()
""", "turned into class labels"),
    # ------------------------------------------------------------------ binary_cross_entropy
    Mistake("losses.binary_cross_entropy", "calls F.binary_cross_entropy", """
import torch.nn.functional as F

def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    return F.binary_cross_entropy(probs, target)
""", "F.binary_cross_entropy"),
    Mistake("losses.binary_cross_entropy", "no clamp: 0 * log(0)", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    return -(target * torch.log(probs) + (1 - target) * torch.log(1 - probs)).mean()
""", "0 * log(0)"),
    Mistake("losses.binary_cross_entropy", "clamps the probability with an epsilon", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    p = probs.clamp(1e-7, 1 - 1e-7)
    return -(target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()
""", "clamps the log at -100, not the probability"),
    Mistake("losses.binary_cross_entropy", "no shape check", """
def binary_cross_entropy(probs, target):
    log_p = torch.log(probs).clamp(min=-100)
    log_q = torch.log(1 - probs).clamp(min=-100)
    return -(target * log_p + (1 - target) * log_q).mean()
""", ("expected ValueError", "against (n,)")),
    Mistake("losses.binary_cross_entropy", "sum instead of mean", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    log_p = torch.log(probs).clamp(min=-100)
    log_q = torch.log(1 - probs).clamp(min=-100)
    return -(target * log_p + (1 - target) * log_q).sum()
""", "missing mean"),
    Mistake("losses.binary_cross_entropy", "only the positive term", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    return -(target * torch.log(probs).clamp(min=-100)).mean()
""", "term is missing"),
    # ------------------------------------------------------------------ smooth_l1_loss
    Mistake("losses.smooth_l1_loss", "residual target - pred compared with beta unsigned", """
def smooth_l1_loss(pred, target, beta=1.0):
    r = target - pred
    if beta == 0:
        return r.abs().mean()
    return torch.where(r < beta, 0.5 * r * r / beta, r.abs() - 0.5 * beta).mean()
""", ("signed difference", "absolute difference")),
    Mistake("losses.smooth_l1_loss", "calls F.smooth_l1_loss", """
import torch.nn.functional as F

def smooth_l1_loss(pred, target, beta=1.0):
    return F.smooth_l1_loss(pred, target, beta=beta)
""", "F.smooth_l1_loss"),
    Mistake("losses.smooth_l1_loss", "Huber loss divided by beta", """
import torch.nn.functional as F

def smooth_l1_loss(pred, target, beta=1.0):
    if beta == 0:
        return (pred - target).abs().mean()
    return F.huber_loss(pred, target, delta=beta) / beta
""", "F.huber_loss"),
    Mistake("losses.smooth_l1_loss", "plain L1 (the notes' mix-up)", """
def smooth_l1_loss(pred, target, beta=1.0):
    return (pred - target).abs().mean()
""", "that is the l1 loss (nn.L1Loss)"),
    Mistake("losses.smooth_l1_loss", "beta ignored", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    return torch.where(d < 1, 0.5 * d ** 2, d - 0.5).mean()
""", "beta was ignored"),
    Mistake("losses.smooth_l1_loss", "quadratic part not divided by beta", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    return torch.where(d < beta, 0.5 * d ** 2, d - 0.5 * beta).mean()
""", "divide by beta"),
    Mistake("losses.smooth_l1_loss", "masks multiplied: NaN at beta = 0", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    small = (d < beta).float()
    return (small * 0.5 * d ** 2 / beta + (1 - small) * (d - 0.5 * beta)).mean()
""", "beta = 0"),
    # ------------------------------------------------------------------ nll_loss
    Mistake("losses.nll_loss", "log of the picked negative log-probabilities", """
def nll_loss(log_probs, target):
    picked = log_probs.gather(1, target[:, None]).squeeze(1)
    return torch.log(-picked).mean()
""", ("already logarithms", "log twice")),
    Mistake("losses.nll_loss", "labels index the rows in a loop", """
def nll_loss(log_probs, target):
    return -torch.stack([log_probs[t, i] for i, t in enumerate(target.tolist())]).mean()
""", ("dim 0", "dim 1")),
    Mistake("losses.nll_loss", "calls F.nll_loss", """
import torch.nn.functional as F

def nll_loss(log_probs, target):
    return F.nll_loss(log_probs, target)
""", "F.nll_loss"),
    Mistake("losses.nll_loss", "cross entropy of log-probabilities", """
import torch.nn.functional as F

def nll_loss(log_probs, target):
    return F.cross_entropy(log_probs, target)
""", "F.cross_entropy"),
    Mistake("losses.nll_loss", "takes the log again", """
def nll_loss(log_probs, target):
    return -torch.log(log_probs[torch.arange(len(target)), target]).mean()
""", "already logarithms"),
    Mistake("losses.nll_loss", "an N x N block", """
def nll_loss(log_probs, target):
    return -log_probs[:, target].mean()
""", "n x n block"),
    Mistake("losses.nll_loss", "no minus sign", """
def nll_loss(log_probs, target):
    return log_probs[torch.arange(len(target)), target].mean()
""", "minus sign is missing"),
    Mistake("losses.nll_loss", "sum over the batch", """
def nll_loss(log_probs, target):
    return -log_probs.gather(1, target.unsqueeze(1)).sum()
""", "missing mean"),
    # ------------------------------------------------------------------ bce_with_logits (added)
    Mistake("losses.bce_with_logits", "calls F.binary_cross_entropy_with_logits", """
import torch.nn.functional as F

def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    return F.binary_cross_entropy_with_logits(logits, target, pos_weight=pos_weight)
""", "F.binary_cross_entropy_with_logits"),
    Mistake("losses.bce_with_logits", "torch.sigmoid then nn.BCELoss's formula", """
def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    p = torch.sigmoid(logits)
    w = 1.0 if pos_weight is None else pos_weight
    return -(w * target * torch.log(p).clamp(min=-100) + (1 - target) * torch.log(1 - p).clamp(min=-100)).mean()
""", "torch.sigmoid"),
    Mistake("losses.bce_with_logits", "a sigmoid by hand, then log", """
def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    p = 1 / (1 + torch.exp(-logits))
    w = 1.0 if pos_weight is None else pos_weight
    return -(w * target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()
""", "not stable for large logits"),
    Mistake("losses.bce_with_logits", "softplus as log(1 + exp(z))", """
def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    w = 1.0 if pos_weight is None else pos_weight
    return (w * target * torch.log(1 + torch.exp(-logits)) + (1 - target) * torch.log(1 + torch.exp(logits))).mean()
""", "not stable for large logits"),
    Mistake("losses.bce_with_logits", "torch.where of two stable branches: NaN gradients", """
def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    softplus = lambda z: torch.where(z > 0, z + torch.log1p(torch.exp(-z)), torch.log1p(torch.exp(z)))
    w = 1.0 if pos_weight is None else pos_weight
    return (w * target * softplus(-logits) + (1 - target) * softplus(logits)).mean()
""", "not stable for large logits"),
    Mistake("losses.bce_with_logits", "|z| as sqrt(z ** 2): NaN gradient at 0", """
def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    size = torch.sqrt(logits ** 2)
    softplus = lambda z: torch.clamp(z, min=0) + torch.log1p(torch.exp(-size))
    w = 1.0 if pos_weight is None else pos_weight
    return (w * target * softplus(-logits) + (1 - target) * softplus(logits)).mean()
""", "exactly 0"),
    Mistake("losses.bce_with_logits", "pos_weight ignored", """
def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    softplus = lambda z: torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))
    return (target * softplus(-logits) + (1 - target) * softplus(logits)).mean()
""", "pos_weight was ignored"),
    Mistake("losses.bce_with_logits", "pos_weight on both terms", """
def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    softplus = lambda z: torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))
    loss = target * softplus(-logits) + (1 - target) * softplus(logits)
    return (loss if pos_weight is None else pos_weight * loss).mean()
""", "pos_weight multiplied both terms"),
    Mistake("losses.bce_with_logits", "no shape check", """
def bce_with_logits(logits, target, pos_weight=None):
    softplus = lambda z: torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))
    w = 1.0 if pos_weight is None else pos_weight
    return (w * target * softplus(-logits) + (1 - target) * softplus(logits)).mean()
""", ("expected ValueError", "against (n,)")),
    Mistake("losses.bce_with_logits", "sum instead of mean", """
def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    softplus = lambda z: torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))
    w = 1.0 if pos_weight is None else pos_weight
    return (w * target * softplus(-logits) + (1 - target) * softplus(logits)).sum()
""", "missing mean"),
    Mistake("losses.bce_with_logits", "the sigmoid of exercises/activations.py", """
from exercises.activations import sigmoid

def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("shapes differ")
    p = sigmoid(logits)
    w = 1.0 if pos_weight is None else pos_weight
    return -(w * target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()
""", "exercises.activations.sigmoid"),
    # ------------------------------------------------------------------ cross_entropy_grad (added)
    Mistake("losses.cross_entropy_grad", "one-hot by scatter, as wide as the largest label", """
def cross_entropy_grad(logits, target):
    z = logits.detach()
    p = torch.exp(z - z.amax(dim=1, keepdim=True))
    p = p / p.sum(dim=1, keepdim=True)
    y = torch.zeros(z.shape[0], int(target.max()) + 1, dtype=z.dtype).scatter_(1, target[:, None], 1.0)
    return (p - y) / z.shape[0]
""", ("num_classes",)),
    Mistake("losses.cross_entropy_grad", "autograd through a cross entropy", """
def cross_entropy_grad(logits, target):
    z = logits.detach().clone().requires_grad_(True)
    loss = -(z - torch.logsumexp(z, dim=1, keepdim=True))[torch.arange(len(target)), target].mean()
    loss.backward()
    return z.grad
""", "torch.Tensor.backward"),
    Mistake("losses.cross_entropy_grad", "torch.autograd.grad", """
def cross_entropy_grad(logits, target):
    z = logits.detach().clone().requires_grad_(True)
    loss = -(z - torch.logsumexp(z, dim=1, keepdim=True))[torch.arange(len(target)), target].mean()
    return torch.autograd.grad(loss, z)[0]
""", "torch.autograd.grad"),
    Mistake("losses.cross_entropy_grad", "torch.softmax", """
def cross_entropy_grad(logits, target):
    probs = torch.softmax(logits.detach(), dim=1)
    probs[torch.arange(len(target)), target] -= 1
    return probs / len(target)
""", "torch.softmax"),
    Mistake("losses.cross_entropy_grad", "not divided by N", """
def cross_entropy_grad(logits, target):
    z = logits.detach()
    probs = torch.exp(z - z.amax(dim=1, keepdim=True))
    probs = probs / probs.sum(dim=1, keepdim=True)
    probs[torch.arange(len(target)), target] -= 1
    return probs
""", "not divided by n"),
    Mistake("losses.cross_entropy_grad", "no max subtracted", """
def cross_entropy_grad(logits, target):
    probs = torch.exp(logits.detach())
    probs = probs / probs.sum(dim=1, keepdim=True)
    probs[torch.arange(len(target)), target] -= 1
    return probs / len(target)
""", "not stable"),
    Mistake("losses.cross_entropy_grad", "one_hot - softmax", """
import torch.nn.functional as F

def cross_entropy_grad(logits, target):
    z = logits.detach()
    probs = torch.exp(z - torch.logsumexp(z, dim=1, keepdim=True))
    return (F.one_hot(target, z.shape[1]).to(z.dtype) - probs) / z.shape[0]
""", "sign is flipped"),
    Mistake("losses.cross_entropy_grad", "p - y / N", """
import torch.nn.functional as F

def cross_entropy_grad(logits, target):
    z = logits.detach()
    probs = torch.exp(z - torch.logsumexp(z, dim=1, keepdim=True))
    return probs - F.one_hot(target, z.shape[1]).to(z.dtype) / z.shape[0]
""", "needs parentheses"),
    Mistake("losses.cross_entropy_grad", "still attached to autograd", """
import torch.nn.functional as F

def cross_entropy_grad(logits, target):
    probs = torch.exp(logits - torch.logsumexp(logits, dim=1, keepdim=True))
    return (probs - F.one_hot(target, logits.shape[1]).to(logits.dtype)) / logits.shape[0]
""", "detach it"),
    Mistake("losses.cross_entropy_grad", "the softmax of exercises/activations.py", """
from exercises import activations

def cross_entropy_grad(logits, target):
    probs = activations.softmax(logits.detach(), dim=1)
    probs[torch.arange(len(target)), target] -= 1
    return probs / len(target)
""", "exercises.activations.softmax"),
]

ALTERNATIVES = [
    Alternative("losses.one_hot", "rows of an identity matrix", """
def one_hot(labels, num_classes):
    if bool(((labels < 0) | (labels >= num_classes)).any()):
        raise ValueError(f"labels must be in [0, {num_classes})")
    return torch.eye(num_classes)[labels]
"""),
    Alternative("losses.one_hot", "comparison with arange", """
def one_hot(labels, num_classes):
    for label in labels.tolist():
        if not 0 <= label < num_classes:
            raise ValueError(f"label {label} out of range")
    return (labels.unsqueeze(1) == torch.arange(num_classes)).to(torch.float32)
"""),
    Alternative("losses.mse_loss", "mean of a product", """
def mse_loss(pred, target):
    if tuple(pred.shape) != tuple(target.shape):
        raise ValueError(f"shapes {tuple(pred.shape)} and {tuple(target.shape)} differ")
    diff = pred - target
    return (diff * diff).sum() / diff.numel()
"""),
    Alternative("losses.cross_entropy", "logsumexp and one-hot targets", """
def cross_entropy(logits, target):
    if not target.dtype.is_floating_point:
        target = one_hot(target, logits.shape[1]).to(logits.dtype)
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -(target * log_probs).sum(dim=1).mean()
"""),
    Alternative("losses.cross_entropy", "gather and F.nll_loss", """
import torch.nn.functional as F

def cross_entropy(logits, target):
    m = logits.max(dim=1, keepdim=True).values
    log_probs = logits - m - (logits - m).exp().sum(dim=1, keepdim=True).log()
    if target.dtype.is_floating_point:
        return (-(target * log_probs).sum(dim=1)).mean()
    return F.nll_loss(log_probs, target)
"""),
    Alternative("losses.binary_cross_entropy", "torch.where per target", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("probs and target must have the same shape")
    log_p = torch.log(probs).clamp_min(-100.0)
    log_q = torch.log1p(-probs).clamp_min(-100.0)
    return torch.mean(-(target * log_p) - (1 - target) * log_q)
"""),
    Alternative("losses.smooth_l1_loss", "quadratic and linear parts by clamp", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    if beta == 0:
        return d.mean()
    small = torch.clamp(d, max=beta)                  # the quadratic part covers |d| up to beta
    return (0.5 * small ** 2 / beta + (d - small)).mean()
"""),
    Alternative("losses.nll_loss", "gather", """
def nll_loss(log_probs, target):
    return -log_probs.gather(dim=1, index=target.view(-1, 1)).squeeze(1).mean()
"""),
    Alternative("losses.bce_with_logits", "torch's own formula: (1 - t) z + weight * softplus(-z)", """
def bce_with_logits(logits, target, pos_weight=None):
    if tuple(target.shape) != tuple(logits.shape):
        raise ValueError(f"target {tuple(target.shape)} and logits {tuple(logits.shape)} differ")
    log_weight = 1 if pos_weight is None else 1 + (pos_weight - 1) * target
    softplus_neg = torch.log1p(torch.exp(-logits.abs())) + torch.clamp(-logits, min=0)
    return ((1 - target) * logits + log_weight * softplus_neg).mean()
"""),
    Alternative("losses.bce_with_logits", "softplus by logsumexp over a stacked 0", """
def bce_with_logits(logits, target, pos_weight=None):
    if logits.shape != target.shape:
        raise ValueError("target must have the shape of logits")
    zeros = torch.zeros_like(logits)
    softplus = lambda z: torch.logsumexp(torch.stack([zeros, z]), dim=0)    # log(e^0 + e^z)
    positive = softplus(-logits) if pos_weight is None else pos_weight * softplus(-logits)
    return torch.mean(target * positive + (1 - target) * softplus(logits))
"""),
    Alternative("losses.cross_entropy_grad", "exp(z - logsumexp) and F.one_hot", """
import torch.nn.functional as F

def cross_entropy_grad(logits, target):
    with torch.no_grad():
        probs = torch.exp(logits - torch.logsumexp(logits, dim=1, keepdim=True))
        return (probs - F.one_hot(target, logits.shape[1]).to(logits.dtype)) / logits.shape[0]
"""),
    Alternative("losses.cross_entropy_grad", "scatter_add of -1", """
def cross_entropy_grad(logits, target):
    z = logits.detach()
    e = (z - z.max(dim=1, keepdim=True).values).exp()
    grad = e / e.sum(dim=1, keepdim=True)
    grad = grad.scatter_add(1, target.view(-1, 1), -torch.ones(len(target), 1, dtype=z.dtype))
    return grad.div(len(target))
"""),
]
