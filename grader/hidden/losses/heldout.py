"""Chapter 04 held-out mistakes: written from the stub and the syllabus alone, never tuned against.

No hint was written against these; the audit reports them apart from the catalogue.
"""
from grader.hidden.catalogue import Mistake

HELDOUT = [
    # one_hot
    Mistake("losses.one_hot", "no check of the labels", """
def one_hot(labels, num_classes):
    out = torch.zeros(labels.shape[0], num_classes)
    out[torch.arange(labels.shape[0]), labels] = 1
    return out
""", ("valueerror|range|outside|invalid",)),
    Mistake("losses.one_hot", "negative labels let through", """
def one_hot(labels, num_classes):
    if (labels >= num_classes).any():
        raise ValueError("label too large")
    out = torch.zeros(labels.shape[0], num_classes)
    out[torch.arange(labels.shape[0]), labels] = 1
    return out
""", ("negative|range|valueerror",)),
    Mistake("losses.one_hot", "int64 result", """
def one_hot(labels, num_classes):
    if (labels < 0).any() or (labels >= num_classes).any():
        raise ValueError("label out of range")
    out = torch.zeros(labels.shape[0], num_classes, dtype=torch.long)
    out[torch.arange(labels.shape[0]), labels] = 1
    return out
""", ("dtype|float32|int64",)),
    Mistake("losses.one_hot", "sets whole columns", """
def one_hot(labels, num_classes):
    if (labels < 0).any() or (labels >= num_classes).any():
        raise ValueError("label out of range")
    out = torch.zeros(labels.shape[0], num_classes)
    out[:, labels] = 1
    return out
""", ("row|index|arange|each row|per row",)),
    Mistake("losses.one_hot", "upper bound off by one", """
def one_hot(labels, num_classes):
    if (labels < 0).any() or (labels > num_classes).any():
        raise ValueError("label out of range")
    out = torch.zeros(labels.shape[0], num_classes)
    out[torch.arange(labels.shape[0]), labels] = 1
    return out
""", ("valueerror|range|num_classes|outside",)),
    Mistake("losses.one_hot", "width from the largest label", """
def one_hot(labels, num_classes):
    if (labels < 0).any() or (labels >= num_classes).any():
        raise ValueError("label out of range")
    width = int(labels.max()) + 1
    out = torch.zeros(labels.shape[0], width)
    out[torch.arange(labels.shape[0]), labels] = 1
    return out
""", ("num_classes|width|shape|column",)),
    Mistake("losses.one_hot", "transposed", """
def one_hot(labels, num_classes):
    if (labels < 0).any() or (labels >= num_classes).any():
        raise ValueError("label out of range")
    out = torch.zeros(num_classes, labels.shape[0])
    out[labels, torch.arange(labels.shape[0])] = 1
    return out
""", ("transpos|shape|row|column",)),
    # mse_loss
    Mistake("losses.mse_loss", "no shape check", """
def mse_loss(pred, target):
    return ((pred - target) ** 2).mean()
""", ("shape|valueerror|broadcast",)),
    Mistake("losses.mse_loss", "sum instead of mean", """
def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return ((pred - target) ** 2).sum()
""", ("mean|average|sum",)),
    Mistake("losses.mse_loss", "absolute error", """
def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return (pred - target).abs().mean()
""", ("square|abs|l1",)),
    Mistake("losses.mse_loss", "root mean squared error", """
def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return torch.sqrt(((pred - target) ** 2).mean())
""", ("sqrt|root|rmse",)),
    Mistake("losses.mse_loss", "mean over the first dim only", """
def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return ((pred - target) ** 2).mean(dim=0)
""", ("0-d|scalar|dim|shape",)),
    Mistake("losses.mse_loss", "returns a float", """
def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return ((pred - target) ** 2).mean().item()
""", ("tensor|0-d|float|item|grad",)),
    Mistake("losses.mse_loss", "compares element counts, not shapes", """
def mse_loss(pred, target):
    if pred.numel() != target.numel():
        raise ValueError("sizes differ")
    return ((pred - target) ** 2).mean()
""", ("shape|valueerror|broadcast",)),
    Mistake("losses.mse_loss", "divides by the batch size", """
def mse_loss(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return ((pred - target) ** 2).sum() / len(pred)
""", ("mean|element|numel|divi",)),
    # cross_entropy
    Mistake("losses.cross_entropy", "log-sum-exp without the max", """
def cross_entropy(logits, target):
    logp = logits - torch.log(torch.exp(logits).sum(dim=1, keepdim=True))
    if target.dtype.is_floating_point:
        return -(target * logp).sum(dim=1).mean()
    return -logp[torch.arange(logits.shape[0]), target].mean()
""", ("overflow|inf|nan|stable",)),
    Mistake("losses.cross_entropy", "log of the softmax", """
def cross_entropy(logits, target):
    z = logits - logits.amax(dim=1, keepdim=True)
    p = torch.exp(z) / torch.exp(z).sum(dim=1, keepdim=True)
    logp = torch.log(p)
    if target.dtype.is_floating_point:
        return -(target * logp).sum(dim=1).mean()
    return -logp[torch.arange(logits.shape[0]), target].mean()
""", ("log|softmax|inf|stable|underflow",)),
    Mistake("losses.cross_entropy", "class indices only", """
def cross_entropy(logits, target):
    z = logits - logits.amax(dim=1, keepdim=True)
    logp = z - torch.log(torch.exp(z).sum(dim=1, keepdim=True))
    return -logp[torch.arange(logits.shape[0]), target].mean()
""", ("probabilit|soft|one-hot|float target|float",)),
    Mistake("losses.cross_entropy", "sum over samples", """
def cross_entropy(logits, target):
    z = logits - logits.amax(dim=1, keepdim=True)
    logp = z - torch.log(torch.exp(z).sum(dim=1, keepdim=True))
    if target.dtype.is_floating_point:
        return -(target * logp).sum()
    return -logp[torch.arange(logits.shape[0]), target].sum()
""", ("mean|average|sum",)),
    Mistake("losses.cross_entropy", "softmax applied to the logits first", """
def cross_entropy(logits, target):
    z = logits - logits.amax(dim=1, keepdim=True)
    p = torch.exp(z) / torch.exp(z).sum(dim=1, keepdim=True)
    logp = p - torch.log(torch.exp(p).sum(dim=1, keepdim=True))
    if target.dtype.is_floating_point:
        return -(target * logp).sum(dim=1).mean()
    return -logp[torch.arange(logits.shape[0]), target].mean()
""", ("softmax|logits|twice|double",)),
    Mistake("losses.cross_entropy", "picks an N x N block", """
def cross_entropy(logits, target):
    z = logits - logits.amax(dim=1, keepdim=True)
    logp = z - torch.log(torch.exp(z).sum(dim=1, keepdim=True))
    if target.dtype.is_floating_point:
        return -(target * logp).sum(dim=1).mean()
    return -logp[:, target].mean()
""", ("index|row|arange|block|gather",)),
    Mistake("losses.cross_entropy", "probability targets averaged over classes too", """
def cross_entropy(logits, target):
    z = logits - logits.amax(dim=1, keepdim=True)
    logp = z - torch.log(torch.exp(z).sum(dim=1, keepdim=True))
    if target.dtype.is_floating_point:
        return -(target * logp).mean()
    return -logp[torch.arange(logits.shape[0]), target].mean()
""", ("mean|sample|divi|class",)),
    Mistake("losses.cross_entropy", "minus sign missing", """
def cross_entropy(logits, target):
    z = logits - logits.amax(dim=1, keepdim=True)
    logp = z - torch.log(torch.exp(z).sum(dim=1, keepdim=True))
    if target.dtype.is_floating_point:
        return (target * logp).sum(dim=1).mean()
    return logp[torch.arange(logits.shape[0]), target].mean()
""", ("sign|negative|minus",)),
    # binary_cross_entropy
    Mistake("losses.binary_cross_entropy", "no clamp of the log", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    return -(target * torch.log(probs) + (1 - target) * torch.log(1 - probs)).mean()
""", ("clamp|-100|inf|nan|finite",)),
    Mistake("losses.binary_cross_entropy", "clamps the probability with an epsilon", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    p = probs.clamp(1e-7, 1 - 1e-7)
    return -(target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()
""", ("clamp|-100|eps|log",)),
    Mistake("losses.binary_cross_entropy", "no shape check", """
def binary_cross_entropy(probs, target):
    lp = torch.clamp(torch.log(probs), min=-100)
    lq = torch.clamp(torch.log(1 - probs), min=-100)
    return -(target * lp + (1 - target) * lq).mean()
""", ("shape|valueerror",)),
    Mistake("losses.binary_cross_entropy", "clamps after multiplying", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    a = torch.clamp(target * torch.log(probs), min=-100)
    b = torch.clamp((1 - target) * torch.log(1 - probs), min=-100)
    return -(a + b).mean()
""", ("clamp|nan|order|before",)),
    Mistake("losses.binary_cross_entropy", "sum instead of mean", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    lp = torch.clamp(torch.log(probs), min=-100)
    lq = torch.clamp(torch.log(1 - probs), min=-100)
    return -(target * lp + (1 - target) * lq).sum()
""", ("mean|sum|average",)),
    Mistake("losses.binary_cross_entropy", "negative-class term missing", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    return -(target * torch.clamp(torch.log(probs), min=-100)).mean()
""", ("term|missing|negative class|1 - t",)),
    Mistake("losses.binary_cross_entropy", "minus sign missing", """
def binary_cross_entropy(probs, target):
    if probs.shape != target.shape:
        raise ValueError("shapes differ")
    lp = torch.clamp(torch.log(probs), min=-100)
    lq = torch.clamp(torch.log(1 - probs), min=-100)
    return (target * lp + (1 - target) * lq).mean()
""", ("sign|negative|minus",)),
    # smooth_l1_loss
    Mistake("losses.smooth_l1_loss", "divides by a beta of 0", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    return torch.where(d < beta, 0.5 * d ** 2 / beta, d - 0.5 * beta).mean()
""", ("beta|zero|nan|inf",)),
    Mistake("losses.smooth_l1_loss", "quadratic part not divided by beta", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    return torch.where(d < beta, 0.5 * d ** 2, d - 0.5 * beta).mean()
""", ("beta|divi",)),
    Mistake("losses.smooth_l1_loss", "no 0.5 in the quadratic part", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    if beta == 0:
        return d.mean()
    return torch.where(d < beta, d ** 2 / beta, d - 0.5 * beta).mean()
""", ("0.5|half|factor",)),
    Mistake("losses.smooth_l1_loss", "linear part without the offset", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    if beta == 0:
        return d.mean()
    return torch.where(d < beta, 0.5 * d ** 2 / beta, d).mean()
""", ("0.5 * beta|beta|offset|linear",)),
    Mistake("losses.smooth_l1_loss", "condition on the signed difference", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = pred - target
    if beta == 0:
        return d.abs().mean()
    return torch.where(d < beta, 0.5 * d ** 2 / beta, d.abs() - 0.5 * beta).mean()
""", ("abs|absolute|negative|sign",)),
    Mistake("losses.smooth_l1_loss", "sum instead of mean", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    if beta == 0:
        return d.sum()
    return torch.where(d < beta, 0.5 * d ** 2 / beta, d - 0.5 * beta).sum()
""", ("mean|sum|average",)),
    Mistake("losses.smooth_l1_loss", "beta fixed at 1", """
def smooth_l1_loss(pred, target, beta=1.0):
    d = (pred - target).abs()
    return torch.where(d < 1.0, 0.5 * d ** 2, d - 0.5).mean()
""", ("beta",)),
    # nll_loss
    Mistake("losses.nll_loss", "picks an N x N block", """
def nll_loss(log_probs, target):
    return -log_probs[:, target].mean()
""", ("index|row|arange|block|gather",)),
    Mistake("losses.nll_loss", "minus sign missing", """
def nll_loss(log_probs, target):
    return log_probs[torch.arange(log_probs.shape[0]), target].mean()
""", ("sign|negative|minus",)),
    Mistake("losses.nll_loss", "takes the log again", """
def nll_loss(log_probs, target):
    return -torch.log(log_probs[torch.arange(log_probs.shape[0]), target].abs()).mean()
""", ("log|already|twice",)),
    Mistake("losses.nll_loss", "sum instead of mean", """
def nll_loss(log_probs, target):
    return -log_probs[torch.arange(log_probs.shape[0]), target].sum()
""", ("mean|sum|average",)),
    Mistake("losses.nll_loss", "gathers along the samples", """
def nll_loss(log_probs, target):
    return -log_probs.gather(0, target.unsqueeze(0)).mean()
""", ("dim|axis|gather|row",)),
    Mistake("losses.nll_loss", "mean of every entry", """
def nll_loss(log_probs, target):
    return -log_probs.mean()
""", ("target|index|select|pick",)),
    Mistake("losses.nll_loss", "returns a float", """
def nll_loss(log_probs, target):
    return -log_probs[torch.arange(log_probs.shape[0]), target].mean().item()
""", ("tensor|0-d|float|item|grad",)),
    # bce_with_logits
    Mistake("losses.bce_with_logits", "log of a hand-written sigmoid", """
def bce_with_logits(logits, target, pos_weight=None):
    if target.shape != logits.shape:
        raise ValueError("shapes differ")
    w = 1 if pos_weight is None else pos_weight
    s = 1 / (1 + torch.exp(-logits))
    return -(w * target * torch.log(s) + (1 - target) * torch.log(1 - s)).mean()
""", ("overflow|inf|nan|finite|stable",)),
    Mistake("losses.bce_with_logits", "softplus as log(1 + exp(z))", """
def bce_with_logits(logits, target, pos_weight=None):
    if target.shape != logits.shape:
        raise ValueError("shapes differ")
    w = 1 if pos_weight is None else pos_weight
    sp = lambda z: torch.log(1 + torch.exp(z))
    return (w * target * sp(-logits) + (1 - target) * sp(logits)).mean()
""", ("overflow|inf|nan|finite|stable",)),
    Mistake("losses.bce_with_logits", "pos_weight on the negative term", """
def bce_with_logits(logits, target, pos_weight=None):
    if target.shape != logits.shape:
        raise ValueError("shapes differ")
    w = 1 if pos_weight is None else pos_weight
    sp = lambda z: z.clamp(min=0) + torch.log1p(torch.exp(-z.abs()))
    return (target * sp(-logits) + w * (1 - target) * sp(logits)).mean()
""", ("pos_weight|positive|weight",)),
    Mistake("losses.bce_with_logits", "pos_weight ignored", """
def bce_with_logits(logits, target, pos_weight=None):
    if target.shape != logits.shape:
        raise ValueError("shapes differ")
    sp = lambda z: z.clamp(min=0) + torch.log1p(torch.exp(-z.abs()))
    return (target * sp(-logits) + (1 - target) * sp(logits)).mean()
""", ("pos_weight|weight",)),
    Mistake("losses.bce_with_logits", "no shape check", """
def bce_with_logits(logits, target, pos_weight=None):
    w = 1 if pos_weight is None else pos_weight
    sp = lambda z: z.clamp(min=0) + torch.log1p(torch.exp(-z.abs()))
    return (w * target * sp(-logits) + (1 - target) * sp(logits)).mean()
""", ("shape|valueerror",)),
    Mistake("losses.bce_with_logits", "sum instead of mean", """
def bce_with_logits(logits, target, pos_weight=None):
    if target.shape != logits.shape:
        raise ValueError("shapes differ")
    w = 1 if pos_weight is None else pos_weight
    sp = lambda z: z.clamp(min=0) + torch.log1p(torch.exp(-z.abs()))
    return (w * target * sp(-logits) + (1 - target) * sp(logits)).sum()
""", ("mean|sum|average",)),
    Mistake("losses.bce_with_logits", "calls torch.sigmoid", """
def bce_with_logits(logits, target, pos_weight=None):
    if target.shape != logits.shape:
        raise ValueError("shapes differ")
    w = 1 if pos_weight is None else pos_weight
    s = torch.sigmoid(logits)
    lp = torch.clamp(torch.log(s), min=-100)
    lq = torch.clamp(torch.log(1 - s), min=-100)
    return -(w * target * lp + (1 - target) * lq).mean()
""", ("allowed|forbidden|banned",)),
    Mistake("losses.bce_with_logits", "pos_weight scales the whole loss", """
def bce_with_logits(logits, target, pos_weight=None):
    if target.shape != logits.shape:
        raise ValueError("shapes differ")
    w = 1 if pos_weight is None else pos_weight
    sp = lambda z: z.clamp(min=0) + torch.log1p(torch.exp(-z.abs()))
    return (w * (target * sp(-logits) + (1 - target) * sp(logits))).mean()
""", ("pos_weight|positive|term|weight",)),
    # cross_entropy_grad
    Mistake("losses.cross_entropy_grad", "softmax without the max", """
def cross_entropy_grad(logits, target):
    z = logits.detach()
    p = torch.exp(z) / torch.exp(z).sum(dim=1, keepdim=True)
    p[torch.arange(z.shape[0]), target] -= 1
    return p / z.shape[0]
""", ("overflow|inf|nan|stable",)),
    Mistake("losses.cross_entropy_grad", "not divided by N", """
def cross_entropy_grad(logits, target):
    z = logits.detach()
    e = torch.exp(z - z.amax(dim=1, keepdim=True))
    p = e / e.sum(dim=1, keepdim=True)
    p[torch.arange(z.shape[0]), target] -= 1
    return p
""", ("mean|divi|batch|/ n",)),
    Mistake("losses.cross_entropy_grad", "sign flipped", """
def cross_entropy_grad(logits, target):
    z = logits.detach()
    e = torch.exp(z - z.amax(dim=1, keepdim=True))
    p = e / e.sum(dim=1, keepdim=True)
    p[torch.arange(z.shape[0]), target] -= 1
    return -p / z.shape[0]
""", ("sign|negat|minus",)),
    Mistake("losses.cross_entropy_grad", "softmax over the samples", """
def cross_entropy_grad(logits, target):
    z = logits.detach()
    e = torch.exp(z - z.amax(dim=0, keepdim=True))
    p = e / e.sum(dim=0, keepdim=True)
    p[torch.arange(z.shape[0]), target] -= 1
    return p / z.shape[0]
""", ("dim|axis|row",)),
    Mistake("losses.cross_entropy_grad", "still attached to the graph", """
def cross_entropy_grad(logits, target):
    e = torch.exp(logits - logits.amax(dim=1, keepdim=True))
    p = e / e.sum(dim=1, keepdim=True)
    mask = torch.zeros_like(p)
    mask[torch.arange(p.shape[0]), target] = 1
    return (p - mask) / p.shape[0]
""", ("requires_grad|detach|graph|plain",)),
    Mistake("losses.cross_entropy_grad", "subtracts 1 in whole columns", """
def cross_entropy_grad(logits, target):
    z = logits.detach()
    e = torch.exp(z - z.amax(dim=1, keepdim=True))
    p = e / e.sum(dim=1, keepdim=True)
    p[:, target] -= 1
    return p / z.shape[0]
""", ("index|row|arange|column",)),
    Mistake("losses.cross_entropy_grad", "one_hot without num_classes", """
def cross_entropy_grad(logits, target):
    import torch.nn.functional as F
    z = logits.detach()
    e = torch.exp(z - z.amax(dim=1, keepdim=True))
    p = e / e.sum(dim=1, keepdim=True)
    return (p - F.one_hot(target).to(p.dtype)) / z.shape[0]
""", ("num_classes|shape|class",)),
]
