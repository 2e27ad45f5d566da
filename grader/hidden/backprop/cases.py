"""Cases of chapter 05, backprop. Stateful exercises are graded by the state they leave behind:
parameters, gradients and velocities after the call, compared with the reference's on equal,
seeded copies of the inputs (see grader/chapters/backprop/probes.py)."""
from __future__ import annotations

import torch

from grader.case import Call, cases_for
from grader.spec import Build

F64 = torch.float64


def seq(layers: list, seed: int, **options) -> Build:
    return Build("sequential", layers=layers, seed=seed, **options)


MLP = [["Linear", 3, 4], ["ReLU"], ["Linear", 4, 2]]
DEEP = [["Linear", 5, 8], ["Tanh"], ["Linear", 8, 4], ["Sigmoid"], ["Linear", 4, 3]]


def _grads_call(g: torch.Generator, model: Build, n: int, d: int, out: int, criterion: Build,
                classes: bool = False, dtype: torch.dtype = torch.float32) -> Call:
    x = torch.randn(n, d, generator=g, dtype=dtype)
    y = (torch.randint(0, out, (n,), generator=g) if classes
         else torch.randn(n, out, generator=g, dtype=dtype))
    return Call("parameter_gradients", [model, x, y, criterion], probe="gradients")


MSE = Build("criterion", name="MSELoss")
CE = Build("criterion", name="CrossEntropyLoss")


def _params(g: torch.Generator, shapes: list, missing: tuple = ()) -> Build:
    values = [torch.randn(s, generator=g) for s in shapes]
    grads = [None if i in missing else torch.randn(s, generator=g)
             for i, s in enumerate(shapes)]
    return Build("leaf_params", values=values, grads=grads)


def _momentum_call(g: torch.Generator, shapes: list, lr: float, momentum: float, *,
                   fresh: bool = False, missing: tuple = ()) -> Call:
    params = _params(g, shapes, missing)
    velocities = [torch.zeros(s) if fresh else torch.randn(s, generator=g) for s in shapes]
    return Call("momentum_step_", [params, velocities, lr, momentum], probe="momentum")


def _steps_call(g: torch.Generator, function: str, shapes: list, lr: float, momentum: float,
                steps: int) -> Call:
    params = Build("leaf_params", values=[torch.randn(s, generator=g) for s in shapes],
                   grads=[None] * len(shapes))
    return Call("momentum_step_", [params, [torch.zeros(s) for s in shapes], lr, momentum],
                probe="momentum", probe_args={"f": Build("function", name=function), "steps": steps})


def fn(name: str) -> Build:
    return Build("function", name=name) if name in ("quadratic", "bowl", "rosenbrock", "wavy", "cubic") \
        else Build("backprop_function", name=name)


def _linear_backward(n: int, d_in: int, d_out: int, dtype: torch.dtype = torch.float32,
                     attached: bool = False):
    """x (N, in), weight (out, in), grad_out (N, out); ``attached``: x and weight require grad."""
    def make(g: torch.Generator) -> Call:
        x = torch.randn(n, d_in, generator=g, dtype=dtype)
        weight = torch.randn(d_out, d_in, generator=g, dtype=dtype)
        grad_out = torch.randn(n, d_out, generator=g, dtype=dtype)
        if attached:
            x, weight = Build("requires_grad", tensor=x), Build("requires_grad", tensor=weight)
        return Call("linear_backward", [x, weight, grad_out])
    return make


CASES = [
    *cases_for(
        "backprop.parameter_gradients", seed=5100,
        public=[("Linear-ReLU-Linear with MSE", lambda g: _grads_call(g, seq(MLP, 1), 5, 3, 2, MSE))],
        hidden=[
            ("a custom module with cross entropy", lambda g: _grads_call(
                g, Build("net", sizes=[4, 6, 3], seed=2), 8, 4, 3, CE, classes=True)),
            ("old gradients left on the model", lambda g: _grads_call(
                g, Build("grads", model=seq(DEEP, 3), seed=4), 6, 5, 3, MSE)),
            ("a parameter the forward pass does not use", lambda g: _grads_call(
                g, Build("partly_used_net", sizes=[3, 5, 2], seed=5), 4, 3, 2, MSE)),
            ("an unused parameter holding an old gradient", lambda g: _grads_call(
                g, Build("grads", model=Build("partly_used_net", sizes=[4, 3, 3], seed=6), seed=7),
                5, 4, 3, CE, classes=True)),
            ("a frozen parameter", lambda g: _grads_call(
                g, seq(MLP, 8, frozen=["0.weight"]), 7, 3, 2, MSE)),
            ("float64 model, summed loss", lambda g: _grads_call(
                g, seq(DEEP, 9, dtype="float64"), 4, 5, 3,
                Build("criterion", name="MSELoss", reduction="sum"), dtype=F64)),
        ]),
    *cases_for(
        "backprop.sgd_step_", seed=5200,
        public=[("one Linear layer, lr 0.1", lambda g: Call(
            "sgd_step_", [Build("grads", model=seq([["Linear", 3, 2]], 0), seed=1), 0.1], probe="sgd_step"))],
        hidden=[
            ("two layers, lr 0.01", lambda g: Call(
                "sgd_step_", [Build("grads", model=seq(MLP, 2), seed=3), 0.01], probe="sgd_step")),
            ("a parameter without a gradient", lambda g: Call(
                "sgd_step_", [Build("grads", model=seq(MLP, 4), seed=5, skip=["0.bias"]), 0.5],
                probe="sgd_step")),
            ("a custom module, lr 1e-3", lambda g: Call(
                "sgd_step_", [Build("grads", model=Build("net", sizes=[4, 8, 3], seed=6), seed=7), 1e-3],
                probe="sgd_step")),
            ("float64 model", lambda g: Call(
                "sgd_step_", [Build("grads", model=seq(DEEP, 8, dtype="float64"), seed=9), 0.05],
                probe="sgd_step")),
            ("a frozen layer without gradients", lambda g: Call(
                "sgd_step_", [Build("grads", model=seq(MLP, 10, frozen=["2.weight", "2.bias"]), seed=11,
                                    skip=["2.weight", "2.bias"]), 0.2], probe="sgd_step")),
        ]),
    *cases_for(
        "backprop.momentum_step_", seed=5300,
        public=[("one parameter, first step", lambda g: _momentum_call(g, [(3,)], 0.1, 0.9, fresh=True))],
        hidden=[
            ("velocities from earlier steps", lambda g: _momentum_call(g, [(2, 3), (3,)], 0.05, 0.9)),
            ("a parameter without a gradient", lambda g: _momentum_call(g, [(4,), (2, 2)], 0.1, 0.85,
                                                                         missing=(1,))),
            ("momentum 0.99, lr 1e-3", lambda g: _momentum_call(g, [(3, 3)], 1e-3, 0.99)),
            ("momentum 0 is plain SGD", lambda g: _momentum_call(g, [(5,)], 0.2, 0.0)),
            ("five steps on a bowl", lambda g: _steps_call(g, "bowl", [(2, 2), (3,)], 0.01, 0.95, 5)),
            ("eight steps on a wavy function", lambda g: _steps_call(g, "wavy", [(4,)], 0.05, 0.9, 8)),
            # A skipped parameter keeps its own velocity: the next one's gradient goes into the
            # next velocity, not into the skipped one's (velocities pair with params by position).
            ("the first parameter without a gradient", lambda g: Call("momentum_step_", [
                Build("leaf_params", values=[torch.tensor([1.0]), torch.tensor([1.0])],
                      grads=[None, torch.tensor([2.0])]),
                [torch.zeros(1), torch.zeros(1)], 0.1, 0.9], probe="momentum")),
            ("two of four parameters without a gradient", lambda g: _momentum_call(
                g, [(3,), (3,), (3,), (3,)], 0.1, 0.9, missing=(0, 2))),
        ]),
    *cases_for(
        "backprop.numerical_gradient", seed=5400,
        public=[("a bowl at a vector", lambda g: Call(
            "numerical_gradient", [fn("bowl"), torch.randn(3, generator=g, dtype=F64)]))],
        hidden=[
            ("Rosenbrock, default eps", lambda g: Call(
                "numerical_gradient", [fn("rosenbrock"), torch.tensor([-1.2, 1.0], dtype=F64)])),
            ("wavy at a matrix, eps 1e-3", lambda g: Call(
                "numerical_gradient", [fn("wavy"), torch.randn(2, 3, generator=g, dtype=F64), 1e-3])),
            ("coupled coordinates, eps 1e-4", lambda g: Call(
                "numerical_gradient", [fn("coupled"), torch.randn(5, generator=g, dtype=F64), 1e-4])),
            ("sharp curvature at a 0-d x, eps 1e-3", lambda g: Call(
                "numerical_gradient", [fn("bumpy"), torch.tensor(0.3, dtype=F64), 1e-3])),
            ("cubic, eps as a keyword", lambda g: Call(
                "numerical_gradient", [fn("cubic"), torch.randn(2, 2, generator=g, dtype=F64)],
                {"eps": 1e-2})),
        ]),
    *cases_for(
        "backprop.gradient_descent", seed=5500,
        public=[("quadratic, 5 steps", lambda g: Call(
            "gradient_descent", [fn("quadratic"), torch.tensor([1.0, -2.0]), 0.1, 5]))],
        hidden=[
            ("a bowl with momentum 0.9", lambda g: Call(
                "gradient_descent", [fn("bowl"), torch.randn(3, generator=g), 0.05, 20, 0.9])),
            ("Rosenbrock, small learning rate", lambda g: Call(
                "gradient_descent", [fn("rosenbrock"), torch.tensor([-1.0, 1.5]), 1e-3, 30, 0.9])),
            ("non-convex, matrix start", lambda g: Call(
                "gradient_descent", [fn("wavy"), torch.randn(2, 2, generator=g), 0.05, 15])),
            ("float64 start, momentum as a keyword", lambda g: Call(
                "gradient_descent", [fn("coupled"), torch.randn(3, generator=g, dtype=F64), 0.02, 12],
                {"momentum": 0.5})),
            ("zero steps", lambda g: Call(
                "gradient_descent", [fn("bowl"), torch.randn(2, generator=g), 0.1, 0])),
            ("0-d start, momentum 0.85", lambda g: Call(
                "gradient_descent", [fn("bumpy"), torch.tensor(1.7), 0.01, 10, 0.85])),
        ]),
    *cases_for(
        "backprop.linear_backward", seed=5600,
        public=[("N=2, in=3, out=2", lambda g: Call("linear_backward", [
            torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]]), torch.tensor([[0.1, 0.2, 0.3], [-0.4, 0.5, 0.6]]),
            torch.tensor([[1.0, -1.0], [0.5, 2.0]])]))],
        hidden=[
            ("random (5, 4) -> 3", _linear_backward(5, 4, 3)),
            ("square: in = out = N", _linear_backward(4, 4, 4)),
            ("one sample", _linear_backward(1, 6, 2)),
            ("one output", _linear_backward(7, 3, 1)),
            ("float64", _linear_backward(6, 5, 3, dtype=F64)),
            ("x and weight require grad: return plain tensors", _linear_backward(3, 4, 2, attached=True)),
        ]),
]
