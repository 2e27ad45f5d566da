"""Chapter 05 catalogue: mistakes students make with gradients and update steps, and other
correct answers."""
from grader.hidden.catalogue import Alternative, Mistake

MISTAKES = [
    # ------------------------------------------------------------ parameter_gradients
    Mistake("backprop.parameter_gradients", "target passed first to the criterion", """
def parameter_gradients(model, x, y, criterion):
    for p in model.parameters():
        p.grad = None
    prediction = model(x)
    criterion(y, prediction).backward()
    return {name: (p.grad.clone() if p.grad is not None else None)
            for name, p in model.named_parameters() if p.requires_grad}
""", ("argument order",)),
    Mistake("backprop.parameter_gradients", "keeps old gradients (no zero_grad)", """
def parameter_gradients(model, x, y, criterion):
    loss = criterion(model(x), y)
    loss.backward()
    return {n: None if p.grad is None else p.grad.clone()
            for n, p in model.named_parameters() if p.requires_grad}
""", "clear them first"),
    Mistake("backprop.parameter_gradients", "returns the .grad tensors, not copies", """
def parameter_gradients(model, x, y, criterion):
    model.zero_grad()
    criterion(model(x), y).backward()
    return {n: p.grad for n, p in model.named_parameters() if p.requires_grad}
""", ("not copies", "clone")),
    Mistake("backprop.parameter_gradients", "zeroes gradients instead of clearing them", """
def parameter_gradients(model, x, y, criterion):
    for p in model.parameters():
        if p.grad is not None:
            p.grad.zero_()
    criterion(model(x), y).backward()
    return {n: None if p.grad is None else p.grad.clone()
            for n, p in model.named_parameters() if p.requires_grad}
""", "must map to none"),
    Mistake("backprop.parameter_gradients", "leaves out unused parameters", """
def parameter_gradients(model, x, y, criterion):
    model.zero_grad()
    criterion(model(x), y).backward()
    return {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}
""", ("missing keys", "still needs its key")),
    Mistake("backprop.parameter_gradients", "includes frozen parameters", """
def parameter_gradients(model, x, y, criterion):
    model.zero_grad()
    criterion(model(x), y).backward()
    return {n: None if p.grad is None else p.grad.clone() for n, p in model.named_parameters()}
""", ("unexpected keys", "frozen")),
    Mistake("backprop.parameter_gradients", "torch.autograd.grad, .grad left untouched", """
def parameter_gradients(model, x, y, criterion):
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    loss = criterion(model(x), y)
    grads = torch.autograd.grad(loss, [p for _, p in named], allow_unused=True)
    return {n: g for (n, _), g in zip(named, grads)}
""", "loss.backward()"),
    # ------------------------------------------------------------ sgd_step_
    Mistake("backprop.sgd_step_", "rebinds a name (the erratum)", """
def sgd_step_(model, lr):
    for p in model.parameters():
        if p.grad is not None:
            p = p - lr * p.grad
""", "only rebinds"),
    Mistake("backprop.sgd_step_", "in place, recorded by autograd", """
def sgd_step_(model, lr):
    for p in model.parameters():
        if p.grad is not None:
            p -= lr * p.grad
""", ("recorded by autograd", "torch.no_grad")),
    Mistake("backprop.sgd_step_", "does not skip a missing gradient", """
def sgd_step_(model, lr):
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
""", ".grad is none"),
    Mistake("backprop.sgd_step_", "adds the gradient", """
def sgd_step_(model, lr):
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p += lr * p.grad
""", "uphill"),
    Mistake("backprop.sgd_step_", "switches requires_grad off", """
def sgd_step_(model, lr):
    for p in model.parameters():
        if p.grad is not None:
            p.requires_grad_(False)
            p -= lr * p.grad
""", "requires_grad was switched off"),
    Mistake("backprop.sgd_step_", "clears the gradients too", """
def sgd_step_(model, lr):
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p -= lr * p.grad
                p.grad = None
""", "zero_grad()"),
    Mistake("backprop.sgd_step_", "new tensors recorded by autograd", """
def sgd_step_(model, lr):
    for module in model.modules():
        for name, p in list(module._parameters.items()):
            if p is not None and p.grad is not None:
                module._parameters[name] = p - lr * p.grad
""", ("recorded by autograd", "no longer leaves")),
    Mistake("backprop.sgd_step_", "replaces the parameters with new ones", """
def sgd_step_(model, lr):
    for module in model.modules():
        for name, p in list(module.named_parameters(recurse=False)):
            if p.grad is not None:
                setattr(module, name, nn.Parameter(p.detach() - lr * p.grad))
""", "replaced by new objects"),
    # ------------------------------------------------------------ momentum_step_
    Mistake("backprop.momentum_step_", "velocities rebound, not updated in place", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for i, p in enumerate(params):
            if p.grad is None:
                continue
            velocities[i] = momentum * velocities[i] + p.grad
            p -= lr * velocities[i]
""", ("velocity tensors did not change", "in place")),
    Mistake("backprop.momentum_step_", "dampened velocity", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is not None:
                v.mul_(momentum).add_((1 - momentum) * p.grad)
                p -= lr * v
""", "damped"),
    Mistake("backprop.momentum_step_", "velocity holds -lr * grad", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is not None:
                v.mul_(momentum).sub_(lr * p.grad)
                p += v
""", "-lr * grad"),
    Mistake("backprop.momentum_step_", "parameters step with the gradient only", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is not None:
                v.mul_(momentum).add_(p.grad)
                p -= lr * p.grad
""", "momentum ignored"),
    Mistake("backprop.momentum_step_", "parameters step with the old velocity", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            if p.grad is not None:
                p -= lr * v
                v.mul_(momentum).add_(p.grad)
""", "old velocity"),
    Mistake("backprop.momentum_step_", "update recorded by autograd", """
def momentum_step_(params, velocities, lr, momentum):
    for p, v in zip(params, velocities):
        if p.grad is not None:
            v.mul_(momentum).add_(p.grad)
            p.sub_(lr * v)
""", "recorded by autograd"),
    Mistake("backprop.momentum_step_", "does not skip a missing gradient", """
def momentum_step_(params, velocities, lr, momentum):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            v.mul_(momentum).add_(p.grad)
            p -= lr * v
""", ".grad is none"),
    # ------------------------------------------------------------ numerical_gradient
    Mistake("backprop.numerical_gradient", "one difference per slice of the first axis", """
def numerical_gradient(f, x, eps=1e-6):
    rows = []
    for row in range(x.size(0)):
        up, down = x.clone(), x.clone()
        up[row] = up[row] + eps
        down[row] = down[row] - eps
        rows.append((f(up) - f(down)) / (2 * eps) * torch.ones_like(x[row]))
    return torch.stack(rows)
""", ("0-d", "each element")),
    Mistake("backprop.numerical_gradient", "one-sided difference", """
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    base = f(x)
    for i in range(x.numel()):
        step = torch.zeros_like(x)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(x + step) - base) / eps
    return grad
""", "one-sided"),
    Mistake("backprop.numerical_gradient", "divides by eps, not 2 eps", """
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    for i in range(x.numel()):
        step = torch.zeros_like(x)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(x + step) - f(x - step)) / eps
    return grad
""", "2 * eps"),
    Mistake("backprop.numerical_gradient", "autograd instead of differences", """
def numerical_gradient(f, x, eps=1e-6):
    point = x.detach().clone().requires_grad_(True)
    f(point).backward()
    return point.grad
""", "autograd's gradient"),
    Mistake("backprop.numerical_gradient", "perturbs x in place and leaves it changed", """
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat = x.view(-1)
    for i in range(x.numel()):
        flat[i] += eps
        plus = f(x)
        flat[i] -= 2 * eps
        minus = f(x)
        grad.view(-1)[i] = (plus - minus) / (2 * eps)
    return grad
""", "changed its input in place"),
    Mistake("backprop.numerical_gradient", "float32 result", """
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros(x.shape)
    for i in range(x.numel()):
        step = torch.zeros_like(x)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad
""", ("expected dtype torch.float64", "got torch.float32")),
    # ------------------------------------------------------------ gradient_descent
    Mistake("backprop.gradient_descent", "appends the moving tensor itself", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.detach().clone()
    v = torch.zeros_like(x)
    path = [x]
    for _ in range(steps):
        x.requires_grad_(True)
        (g,) = torch.autograd.grad(f(x), x)
        x.requires_grad_(False)
        v.mul_(momentum).add_(g)
        x.sub_(lr * v)
        path.append(x)
    return torch.stack(path)
""", ("every point of the path is the same", "clone")),
    Mistake("backprop.gradient_descent", "path without the starting point", """
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
    return torch.stack(path) if path else torch.empty(0, *x0.shape, dtype=x0.dtype)
""", "must start with x0"),
    Mistake("backprop.gradient_descent", "path still attached to autograd", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.detach().clone().requires_grad_(True)
    v = torch.zeros_like(x0)
    path = [x.clone()]
    for _ in range(steps):
        x.grad = None
        f(x).backward()
        with torch.no_grad():
            v = momentum * v + x.grad
            x -= lr * v
        path.append(x.clone())
    return torch.stack(path)
""", ("attached to autograd", "detach")),
    Mistake("backprop.gradient_descent", "gradients accumulate across steps", """
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
""", "clear x.grad"),
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
""", "carry the velocity"),
    Mistake("backprop.gradient_descent", "walks x0 itself", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    path = [x0.clone()]
    x = x0.requires_grad_(True)
    v = torch.zeros_like(x0)
    for _ in range(steps):
        x.grad = None
        f(x).backward()
        with torch.no_grad():
            v = momentum * v + x.grad
            x -= lr * v
        path.append(x.detach().clone())
    x.requires_grad_(False)
    return torch.stack(path)
""", "changed its input in place"),
    Mistake("backprop.gradient_descent", "float32 path for a float64 start", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    path = torch.zeros(steps + 1, *x0.shape)
    path[0] = x0
    x = x0.detach().clone().requires_grad_(True)
    v = torch.zeros_like(x0)
    for i in range(steps):
        x.grad = None
        f(x).backward()
        with torch.no_grad():
            v = momentum * v + x.grad
            x -= lr * v
        path[i + 1] = x.detach()
    return path
""", "dtype torch.float64"),
    # ------------------------------------------------------------------ linear_backward (added)
    Mistake("backprop.linear_backward", "autograd through the layer", """
def linear_backward(x, weight, grad_out):
    x = x.detach().clone().requires_grad_(True)
    weight = weight.detach().clone().requires_grad_(True)
    bias = torch.zeros(weight.shape[0], dtype=weight.dtype, requires_grad=True)
    (x @ weight.T + bias).backward(grad_out)
    return x.grad, weight.grad, bias.grad
""", "torch.Tensor.backward"),
    Mistake("backprop.linear_backward", "F.linear for grad_x", """
import torch.nn.functional as F

def linear_backward(x, weight, grad_out):
    with torch.no_grad():
        return F.linear(grad_out, weight.T), grad_out.T @ x, grad_out.sum(dim=0)
""", "F.linear"),
    Mistake("backprop.linear_backward", "grad_x with weight.T", """
def linear_backward(x, weight, grad_out):
    x, weight, grad_out = x.detach(), weight.detach(), grad_out.detach()
    return grad_out @ weight.T, grad_out.T @ x, grad_out.sum(dim=0)
""", "grad_x is grad_out @ weight"),
    Mistake("backprop.linear_backward", "grad_weight transposed: x.T @ grad_out", """
def linear_backward(x, weight, grad_out):
    x, weight, grad_out = x.detach(), weight.detach(), grad_out.detach()
    return grad_out @ weight, x.T @ grad_out, grad_out.sum(dim=0)
""", "its transpose"),
    Mistake("backprop.linear_backward", "grad_bias as a mean", """
def linear_backward(x, weight, grad_out):
    x, weight, grad_out = x.detach(), weight.detach(), grad_out.detach()
    return grad_out @ weight, grad_out.T @ x, grad_out.mean(dim=0)
""", "not .mean(dim=0)"),
    Mistake("backprop.linear_backward", "a list instead of a tuple", """
def linear_backward(x, weight, grad_out):
    x, weight, grad_out = x.detach(), weight.detach(), grad_out.detach()
    return [grad_out @ weight, grad_out.T @ x, grad_out.sum(dim=0)]
""", "expected a tuple, got a list"),
    Mistake("backprop.linear_backward", "results still attached to autograd", """
def linear_backward(x, weight, grad_out):
    return grad_out @ weight, grad_out.T @ x, grad_out.sum(dim=0)
""", "detach it"),
    # issue 19: six per exercise
    Mistake("backprop.numerical_gradient", "perturbs whole rows along the first axis", """
def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    for i in range(len(x)):
        step = torch.zeros_like(x)
        step[i] = eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad
""", "summed over several coordinates"),
]

ALTERNATIVES = [
    Alternative("backprop.parameter_gradients", "grads set to None by hand", """
def parameter_gradients(model, x, y, criterion):
    for p in model.parameters():
        p.grad = None
    prediction = model(x)
    criterion(prediction, y).backward()
    out = {}
    for name, p in model.named_parameters():
        if p.requires_grad:
            out[name] = p.grad.detach().clone() if p.grad is not None else None
    return out
"""),
    Alternative("backprop.sgd_step_", "p.data.sub_ and add_ with alpha", """
def sgd_step_(model, lr):
    for p in model.parameters():
        if p.grad is None:
            continue
        p.data.sub_(lr * p.grad)
"""),
    Alternative("backprop.sgd_step_", "torch's own optim.SGD", """
def sgd_step_(model, lr):
    params = [p for p in model.parameters() if p.grad is not None]
    torch.optim.SGD(params, lr=lr).step()
"""),
    Alternative("backprop.momentum_step_", "copy_ into the velocity", """
def momentum_step_(params, velocities, lr, momentum):
    for p, v in zip(params, velocities):
        if p.grad is None:
            continue
        with torch.no_grad():
            v.copy_(momentum * v + p.grad)
            p.copy_(p - lr * v)
"""),
    Alternative("backprop.numerical_gradient", "Python floats and a clone per coordinate", """
def numerical_gradient(f, x, eps=1e-6):
    out = torch.empty_like(x)
    for i in range(x.numel()):
        plus, minus = x.clone(), x.clone()
        plus.view(-1)[i] += eps
        minus.view(-1)[i] -= eps
        out.view(-1)[i] = (f(plus).item() - f(minus).item()) / (2 * eps)
    return out
"""),
    Alternative("backprop.gradient_descent", "torch's own optim.SGD", """
def gradient_descent(f, x0, lr, steps, momentum=0.0):
    x = x0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([x], lr=lr, momentum=momentum)
    path = [x.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        f(x).backward()
        optimizer.step()
        path.append(x.detach().clone())
    return torch.stack(path)
"""),
    Alternative("backprop.linear_backward", "einsum under no_grad", """
def linear_backward(x, weight, grad_out):
    with torch.no_grad():
        grad_x = torch.einsum("no,oi->ni", grad_out, weight)
        grad_weight = torch.einsum("no,ni->oi", grad_out, x)
        grad_bias = torch.einsum("no->o", grad_out)
    return (grad_x, grad_weight, grad_bias)
"""),
    Alternative("backprop.linear_backward", "torch.mm and a sum per output", """
def linear_backward(x, weight, grad_out):
    go = grad_out.detach()
    grad_x = torch.mm(go, weight.detach())
    grad_weight = torch.mm(go.t(), x.detach())
    grad_bias = torch.stack([go[:, j].sum() for j in range(go.shape[1])])
    return grad_x, grad_weight, grad_bias
"""),
]
