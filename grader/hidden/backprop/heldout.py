"""Chapter 05 held-out mistakes: written from the stub and the syllabus alone, never tuned against.

No hint was written against these; the audit reports them apart from the catalogue.
"""
from grader.hidden.catalogue import Mistake

HELDOUT = [
    # parameter_gradients
    Mistake("backprop.parameter_gradients", "old gradients not cleared", """
def parameter_gradients(model, x, y, criterion):
    loss = criterion(model(x), y)
    loss.backward()
    return {n: (None if p.grad is None else p.grad.clone())
            for n, p in model.named_parameters() if p.requires_grad}
""", ("zero_grad|clear|accumul|old",)),
    Mistake("backprop.parameter_gradients", "returns the live .grad tensors", """
def parameter_gradients(model, x, y, criterion):
    model.zero_grad()
    criterion(model(x), y).backward()
    return {n: p.grad for n, p in model.named_parameters() if p.requires_grad}
""", ("copy|clone|alias|refer",)),
    Mistake("backprop.parameter_gradients", "frozen parameters included", """
def parameter_gradients(model, x, y, criterion):
    model.zero_grad()
    criterion(model(x), y).backward()
    return {n: (None if p.grad is None else p.grad.clone()) for n, p in model.named_parameters()}
""", ("frozen|requires_grad|trainable",)),
    Mistake("backprop.parameter_gradients", "zeros instead of None for unused parameters", """
def parameter_gradients(model, x, y, criterion):
    model.zero_grad(set_to_none=False)
    for p in model.parameters():
        if p.requires_grad and p.grad is None:
            p.grad = torch.zeros_like(p)
    criterion(model(x), y).backward()
    return {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}
""", ("none|unused|zero",)),
    Mistake("backprop.parameter_gradients", "criterion arguments swapped", """
def parameter_gradients(model, x, y, criterion):
    model.zero_grad()
    criterion(y, model(x)).backward()
    return {n: (None if p.grad is None else p.grad.clone())
            for n, p in model.named_parameters() if p.requires_grad}
""", ("order|argument|criterion|swap",)),
    Mistake("backprop.parameter_gradients", "keys are positions, not names", """
def parameter_gradients(model, x, y, criterion):
    model.zero_grad()
    criterion(model(x), y).backward()
    return {str(i): (None if p.grad is None else p.grad.clone())
            for i, p in enumerate(model.parameters()) if p.requires_grad}
""", ("name|key",)),
    Mistake("backprop.parameter_gradients", "autograd.grad without allow_unused", """
def parameter_gradients(model, x, y, criterion):
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    loss = criterion(model(x), y)
    grads = torch.autograd.grad(loss, [p for _, p in named])
    return {n: g.clone() for (n, _), g in zip(named, grads)}
""", ("unused|none|allow_unused",)),
    # sgd_step_
    Mistake("backprop.sgd_step_", "rebinds the name", """
def sgd_step_(model, lr):
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p = p - lr * p.grad
""", ("in place|rebind|unchanged|chang",)),
    Mistake("backprop.sgd_step_", "steps uphill", """
def sgd_step_(model, lr):
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p += lr * p.grad
""", ("sign|ascent|minus|direction",)),
    Mistake("backprop.sgd_step_", "parameters without a grad not skipped", """
def sgd_step_(model, lr):
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
""", ("none|skip|without a grad|no grad",)),
    Mistake("backprop.sgd_step_", "clears the gradients too", """
def sgd_step_(model, lr):
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p -= lr * p.grad
                p.grad.zero_()
""", ("grad|zero|clear",)),
    Mistake("backprop.sgd_step_", "returns after the first parameter", """
def sgd_step_(model, lr):
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p -= lr * p.grad
            return
""", ("every|all|parameter|first",)),
    Mistake("backprop.sgd_step_", "in-place update outside no_grad", """
def sgd_step_(model, lr):
    for p in model.parameters():
        if p.grad is not None:
            p.sub_(lr * p.grad)
""", ("no_grad|leaf|autograd|in-place",)),
    Mistake("backprop.sgd_step_", "weights only", """
def sgd_step_(model, lr):
    with torch.no_grad():
        for n, p in model.named_parameters():
            if p.grad is not None and "weight" in n:
                p -= lr * p.grad
""", ("bias|every|all",)),
    # momentum_step_
    Mistake("backprop.momentum_step_", "velocity rebound, not updated in place", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v = momentum * v + p.grad
            p -= lr * v
""", ("velocit|in place|caller",)),
    Mistake("backprop.momentum_step_", "steps with the old velocity", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            p -= lr * v
            v.mul_(momentum).add_(p.grad)
""", ("order|new velocity|old|before",)),
    Mistake("backprop.momentum_step_", "dampened velocity", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v.mul_(momentum).add_((1 - momentum) * p.grad)
            p -= lr * v
""", ("dampen|1 - momentum|formula",)),
    Mistake("backprop.momentum_step_", "parameters without a grad not skipped", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            v.mul_(momentum).add_(p.grad)
            p -= lr * v
""", ("none|skip|without a grad|no grad",)),
    Mistake("backprop.momentum_step_", "parameters step with the raw gradient", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v.mul_(momentum).add_(p.grad)
            p -= lr * p.grad
""", ("velocit|momentum",)),
    Mistake("backprop.momentum_step_", "Nesterov's update", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is None:
                continue
            v.mul_(momentum).add_(p.grad)
            p -= lr * (p.grad + momentum * v)
""", ("nesterov|formula|velocit",)),
    Mistake("backprop.momentum_step_", "velocities counted apart from parameters", """
def momentum_step_(params, velocities, lr, momentum):
    k = 0
    with torch.no_grad():
        for p in params:
            if p.grad is None:
                continue
            v = velocities[k]
            k += 1
            v.mul_(momentum).add_(p.grad)
            p -= lr * v
""", ("velocit|index|order|align|skip",)),
    # numerical_gradient
    Mistake("backprop.numerical_gradient", "one-sided difference", """
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat = grad.view(-1)
    base = f(x).item()
    for i in range(x.numel()):
        xp = x.clone()
        xp.view(-1)[i] += eps
        flat[i] = (f(xp).item() - base) / eps
    return grad
""", ("central|one-sided|forward difference|accura",)),
    Mistake("backprop.numerical_gradient", "leaves x perturbed", """
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    xf = x.view(-1)
    for i in range(x.numel()):
        xf[i] += eps
        up = f(x).item()
        xf[i] -= 2 * eps
        down = f(x).item()
        grad.view(-1)[i] = (up - down) / (2 * eps)
    return grad
""", ("mutat|in place|modif|restore|chang",)),
    Mistake("backprop.numerical_gradient", "perturbs whole rows", """
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    for i in range(len(x)):
        xp, xm = x.clone(), x.clone()
        xp[i] += eps
        xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad
""", ("axis|coordinate|element|each|shape",)),
    Mistake("backprop.numerical_gradient", "divides by eps, not 2 eps", """
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    for i in range(x.numel()):
        xp, xm = x.clone(), x.clone()
        xp.view(-1)[i] += eps
        xm.view(-1)[i] -= eps
        grad.view(-1)[i] = (f(xp) - f(xm)) / eps
    return grad
""", ("2 * eps|2eps|2*eps|factor|two|half",)),
    Mistake("backprop.numerical_gradient", "works in float32", """
def numerical_gradient(f, x, eps=1e-6):
    x = x.float()
    grad = torch.zeros_like(x)
    for i in range(x.numel()):
        xp, xm = x.clone(), x.clone()
        xp.view(-1)[i] += eps
        xm.view(-1)[i] -= eps
        grad.view(-1)[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad
""", ("dtype|float64|float32|precision",)),
    Mistake("backprop.numerical_gradient", "flat result", """
def numerical_gradient(f, x, eps=1e-6):
    out = []
    for i in range(x.numel()):
        xp, xm = x.clone(), x.clone()
        xp.view(-1)[i] += eps
        xm.view(-1)[i] -= eps
        out.append(((f(xp) - f(xm)) / (2 * eps)).item())
    return torch.tensor(out, dtype=x.dtype)
""", ("shape|reshape|flat",)),
    Mistake("backprop.numerical_gradient", "uses autograd", """
def numerical_gradient(f, x, eps=1e-6):
    xx = x.detach().clone().requires_grad_(True)
    f(xx).backward()
    return xx.grad
""", ("autograd|backward|allowed|numerical",)),
    # gradient_descent
    Mistake("backprop.gradient_descent", "gradients accumulate", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.detach().clone().requires_grad_(True)
    v = torch.zeros_like(x0)
    path = [x.detach().clone()]
    for _ in range(steps):
        f(x).backward()
        with torch.no_grad():
            v = momentum * v + x.grad
            x -= lr * v
        path.append(x.detach().clone())
    return torch.stack(path)
""", ("zero|clear|accumul",)),
    Mistake("backprop.gradient_descent", "path without the start", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.detach().clone().requires_grad_(True)
    v = torch.zeros_like(x0)
    path = []
    for _ in range(steps):
        x.grad = None
        f(x).backward()
        with torch.no_grad():
            v = momentum * v + x.grad
            x -= lr * v
        path.append(x.detach().clone())
    return torch.stack(path)
""", ("x0|first|start|steps + 1|off by one",)),
    Mistake("backprop.gradient_descent", "moves x0 itself", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.requires_grad_(True)
    v = torch.zeros_like(x0)
    path = [x.detach().clone()]
    for _ in range(steps):
        x.grad = None
        f(x).backward()
        with torch.no_grad():
            v = momentum * v + x.grad
            x -= lr * v
        path.append(x.detach().clone())
    return torch.stack(path)
""", ("mutat|x0|in place|modif|chang",)),
    Mistake("backprop.gradient_descent", "momentum ignored", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.detach().clone().requires_grad_(True)
    path = [x.detach().clone()]
    for _ in range(steps):
        x.grad = None
        f(x).backward()
        with torch.no_grad():
            x -= lr * x.grad
        path.append(x.detach().clone())
    return torch.stack(path)
""", ("momentum|velocit",)),
    Mistake("backprop.gradient_descent", "path kept in the graph", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.detach().clone().requires_grad_(True)
    v = torch.zeros_like(x0)
    path = [x]
    for _ in range(steps):
        g, = torch.autograd.grad(f(x), x, create_graph=True)
        v = momentum * v + g
        x = x - lr * v
        path.append(x)
    return torch.stack(path)
""", ("detach|requires_grad|graph",)),
    Mistake("backprop.gradient_descent", "path rebuilt as float32", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.detach().clone().requires_grad_(True)
    v = torch.zeros_like(x0)
    path = [x.detach().tolist()]
    for _ in range(steps):
        x.grad = None
        f(x).backward()
        with torch.no_grad():
            v = momentum * v + x.grad
            x -= lr * v
        path.append(x.detach().tolist())
    return torch.tensor(path)
""", ("dtype|float64|float32",)),
    Mistake("backprop.gradient_descent", "stores views of the moving point", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.detach().clone().requires_grad_(True)
    v = torch.zeros_like(x0)
    path = [x.detach()]
    for _ in range(steps):
        x.grad = None
        f(x).backward()
        with torch.no_grad():
            v = momentum * v + x.grad
            x -= lr * v
        path.append(x.detach())
    return torch.stack(path)
""", ("clone|copy|same|alias",)),
    # linear_backward
    Mistake("backprop.linear_backward", "weight gradient transposed", """
def linear_backward(x, weight, grad_out):
    x, weight, grad_out = x.detach(), weight.detach(), grad_out.detach()
    return grad_out @ weight, x.T @ grad_out, grad_out.sum(dim=0)
""", ("transpos|shape|(out, in)",)),
    Mistake("backprop.linear_backward", "bias gradient averaged", """
def linear_backward(x, weight, grad_out):
    x, weight, grad_out = x.detach(), weight.detach(), grad_out.detach()
    return grad_out @ weight, grad_out.T @ x, grad_out.mean(dim=0)
""", ("sum|mean|average",)),
    Mistake("backprop.linear_backward", "input gradient through weight.T", """
def linear_backward(x, weight, grad_out):
    x, weight, grad_out = x.detach(), weight.detach(), grad_out.detach()
    return grad_out @ weight.T, grad_out.T @ x, grad_out.sum(dim=0)
""", ("transpos|shape|weight",)),
    Mistake("backprop.linear_backward", "bias gradient summed over outputs", """
def linear_backward(x, weight, grad_out):
    x, weight, grad_out = x.detach(), weight.detach(), grad_out.detach()
    return grad_out @ weight, grad_out.T @ x, grad_out.sum(dim=1)
""", ("dim|axis|sum|shape",)),
    Mistake("backprop.linear_backward", "results still attached to the graph", """
def linear_backward(x, weight, grad_out):
    return grad_out @ weight, grad_out.T @ x, grad_out.sum(dim=0)
""", ("requires_grad|detach|plain|graph",)),
    Mistake("backprop.linear_backward", "returns a list", """
def linear_backward(x, weight, grad_out):
    return [(grad_out @ weight).detach(), (grad_out.T @ x).detach(), grad_out.sum(dim=0).detach()]
""", ("tuple|list",)),
    Mistake("backprop.linear_backward", "casts to float32", """
def linear_backward(x, weight, grad_out):
    x, weight, grad_out = x.float().detach(), weight.float().detach(), grad_out.float().detach()
    return grad_out @ weight, grad_out.T @ x, grad_out.sum(dim=0)
""", ("dtype|float64|float32",)),
]
