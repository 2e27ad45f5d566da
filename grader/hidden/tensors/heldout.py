"""Chapter 01 held-out mistakes: written from the stub and the syllabus alone, never tuned against.

No hint was written against these; the audit reports them apart from the catalogue.
"""
from grader.hidden.catalogue import Mistake

HELDOUT = [
    # tensor_info
    Mistake("tensors.tensor_info", "dtype object instead of its string", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": t.dtype, "device": str(t.device), "numel": t.numel()}
""", ("str|string|dtype",)),
    Mistake("tensors.tensor_info", "numel as len(t)", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": str(t.dtype), "device": str(t.device), "numel": len(t)}
""", ("numel|number of elements|element count|elements",)),
    Mistake("tensors.tensor_info", "device object instead of its string", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": str(t.dtype), "device": t.device, "numel": t.numel()}
""", ("device|str|string",)),
    Mistake("tensors.tensor_info", "shape as a list", """
def tensor_info(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype), "device": str(t.device), "numel": t.numel()}
""", ("tuple|list",)),
    Mistake("tensors.tensor_info", "dtype without the torch. prefix", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "device": str(t.device), "numel": t.numel()}
""", ("dtype|torch.float32|prefix",)),
    Mistake("tensors.tensor_info", "numel from the first two dims only", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": str(t.dtype), "device": str(t.device),
            "numel": t.shape[0] * t.shape[1]}
""", ("numel|element|dimension|dims",)),
    # grid
    Mistake("tensors.grid", "counts from zero", """
def grid(rows, cols):
    return torch.arange(rows * cols, dtype=torch.float32).reshape(rows, cols)
""", ("start|first|off by one|offset",)),
    Mistake("tensors.grid", "int64 result", """
def grid(rows, cols):
    return torch.arange(1, rows * cols + 1).reshape(rows, cols)
""", ("dtype|float32|int64|integer",)),
    Mistake("tensors.grid", "column by column", """
def grid(rows, cols):
    return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(cols, rows).T
""", ("column|order|row by row|transpos",)),
    Mistake("tensors.grid", "end value excluded", """
def grid(rows, cols):
    return torch.arange(1, rows * cols, dtype=torch.float32).reshape(rows, cols)
""", ("end|off by one|exclusive|last",)),
    Mistake("tensors.grid", "shape swapped", """
def grid(rows, cols):
    return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(cols, rows)
""", ("shape|transpos|swap",)),
    Mistake("tensors.grid", "float64 result", """
def grid(rows, cols):
    return torch.arange(1, rows * cols + 1, dtype=torch.float64).reshape(rows, cols)
""", ("dtype|float64|double",)),
    Mistake("tensors.grid", "row stride uses rows", """
def grid(rows, cols):
    r = torch.arange(rows, dtype=torch.float32).unsqueeze(1)
    c = torch.arange(cols, dtype=torch.float32)
    return r * rows + c + 1
""", ("row|stride|cols|column",)),
    # seeded_rand
    Mistake("tensors.seeded_rand", "never seeds", """
def seeded_rand(shape, seed):
    return torch.rand(shape)
""", ("seed|reproduc|random",)),
    Mistake("tensors.seeded_rand", "seeds after drawing", """
def seeded_rand(shape, seed):
    out = torch.rand(shape)
    torch.manual_seed(seed)
    return out
""", ("seed|order|before",)),
    Mistake("tensors.seeded_rand", "normal instead of uniform", """
def seeded_rand(shape, seed):
    torch.manual_seed(seed)
    return torch.randn(shape)
""", ("uniform|normal|randn|rand",)),
    Mistake("tensors.seeded_rand", "numpy's generator", """
def seeded_rand(shape, seed):
    import numpy as np
    np.random.seed(seed)
    return torch.from_numpy(np.random.rand(*shape))
""", ("numpy|float64|dtype|torch.rand",)),
    Mistake("tensors.seeded_rand", "float64 draw", """
def seeded_rand(shape, seed):
    torch.manual_seed(seed)
    return torch.rand(shape, dtype=torch.float64)
""", ("dtype|float64|double",)),
    Mistake("tensors.seeded_rand", "seeds Python's random module", """
def seeded_rand(shape, seed):
    import random
    random.seed(seed)
    return torch.rand(shape)
""", ("seed|manual_seed|random",)),
    Mistake("tensors.seeded_rand", "seeds each seed only once", """
_SEEDED = set()
def seeded_rand(shape, seed):
    if seed not in _SEEDED:
        torch.manual_seed(seed)
        _SEEDED.add(seed)
    return torch.rand(shape)
""", ("seed|reproduc|same|repeat",)),
    # standardize
    Mistake("tensors.standardize", "unbiased std", """
def standardize(x):
    m = x.mean(dim=0, keepdim=True)
    s = x.std(dim=0, keepdim=True)
    return torch.where(x == x[:1], torch.zeros_like(x), (x - m) / s)
""", ("correction|unbiased|bessel|n-1|n - 1",)),
    Mistake("tensors.standardize", "per row instead of per column", """
def standardize(x):
    m = x.mean(dim=1, keepdim=True)
    s = x.std(dim=1, keepdim=True, correction=0)
    const = (x == x[:, :1]).all(dim=1, keepdim=True)
    return torch.where(const, torch.zeros_like(x), (x - m) / s)
""", ("axis|dim|column|row",)),
    Mistake("tensors.standardize", "no care for constant columns", """
def standardize(x):
    return (x - x.mean(dim=0)) / x.std(dim=0, correction=0)
""", ("constant|nan|divi|zero",)),
    Mistake("tensors.standardize", "constant column found by std == 0", """
def standardize(x):
    m = x.mean(dim=0, keepdim=True)
    s = x.std(dim=0, keepdim=True, correction=0)
    return torch.where(s == 0, torch.zeros_like(x), (x - m) / s)
""", ("constant|rounding|exactly equal|equal values",)),
    Mistake("tensors.standardize", "standardizes the input in place", """
def standardize(x):
    m = x.mean(dim=0, keepdim=True)
    s = x.std(dim=0, keepdim=True, correction=0)
    const = (x == x[:1]).all(dim=0, keepdim=True)
    x -= m
    x /= torch.where(const, torch.ones_like(s), s)
    x[:, const[0]] = 0
    return x
""", ("mutat|in place|modif|input",)),
    Mistake("tensors.standardize", "casts to float32", """
def standardize(x):
    x = x.float()
    m = x.mean(dim=0, keepdim=True)
    s = x.std(dim=0, keepdim=True, correction=0)
    const = (x == x[:1]).all(dim=0, keepdim=True)
    return torch.where(const, torch.zeros_like(x), (x - m) / s)
""", ("dtype|float64|float32",)),
    Mistake("tensors.standardize", "divides by the variance", """
def standardize(x):
    m = x.mean(dim=0, keepdim=True)
    v = x.var(dim=0, keepdim=True, correction=0)
    const = (x == x[:1]).all(dim=0, keepdim=True)
    return torch.where(const, torch.zeros_like(x), (x - m) / v)
""", ("var|std|square",)),
    # weighted_sum
    Mistake("tensors.weighted_sum", "sums over the samples", """
def weighted_sum(x, w, b):
    return (x * w).sum(dim=0) + b
""", ("dim|axis|shape|sample",)),
    Mistake("tensors.weighted_sum", "operands swapped", """
def weighted_sum(x, w, b):
    return w @ x + b
""", ("shape|transpos|order|swap",)),
    Mistake("tensors.weighted_sum", "forgets the bias", """
def weighted_sum(x, w, b):
    return x @ w
""", ("bias|missing|term",)),
    Mistake("tensors.weighted_sum", "column vector result", """
def weighted_sum(x, w, b):
    return x @ w.unsqueeze(1) + b
""", ("shape|squeeze|dimension|(n,)",)),
    Mistake("tensors.weighted_sum", "sums everything", """
def weighted_sum(x, w, b):
    return (x * w).sum() + b
""", ("shape|scalar|sum|dim",)),
    Mistake("tensors.weighted_sum", "bias added to the inputs", """
def weighted_sum(x, w, b):
    return (x + b) @ w
""", ("bias|added|after",)),
    Mistake("tensors.weighted_sum", "torch.mm with a vector", """
def weighted_sum(x, w, b):
    return torch.mm(x, w) + b
""", ("mm|matmul|1-d|vector|dimension",)),
    # flatten_images
    Mistake("tensors.flatten_images", "view on a non-contiguous input", """
def flatten_images(images):
    return images.view(images.shape[0], -1)
""", ("contiguous|view|reshape",)),
    Mistake("tensors.flatten_images", "channels-last flattening", """
def flatten_images(images):
    return images.permute(0, 2, 3, 1).reshape(images.shape[0], -1)
""", ("channel|order|permute|layout",)),
    Mistake("tensors.flatten_images", "flattens the batch too", """
def flatten_images(images):
    return images.flatten()
""", ("shape|batch|dim|flatten",)),
    Mistake("tensors.flatten_images", "forgets the channels", """
def flatten_images(images):
    n, c, h, w = images.shape
    return images.reshape(n, h * w)
""", ("channel|shape|c*h*w",)),
    Mistake("tensors.flatten_images", "flattens from dim 2", """
def flatten_images(images):
    return torch.flatten(images, start_dim=2)
""", ("shape|dim|channel|start_dim",)),
    Mistake("tensors.flatten_images", "column-major pixels", """
def flatten_images(images):
    return images.transpose(2, 3).reshape(images.shape[0], -1)
""", ("order|transpos|row|column",)),
    Mistake("tensors.flatten_images", "channels folded into the batch", """
def flatten_images(images):
    return images.reshape(-1, images.shape[2] * images.shape[3])
""", ("channel|shape|batch",)),
    # pick_device
    Mistake("tensors.pick_device", "ignores prefer_gpu", """
def pick_device(prefer_gpu=True):
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
""", ("prefer|ignor",)),
    Mistake("tensors.pick_device", "always the CPU", """
def pick_device(prefer_gpu=True):
    return torch.device("cpu")
""", ("cuda|gpu|available",)),
    Mistake("tensors.pick_device", "returns a string", """
def pick_device(prefer_gpu=True):
    return "cuda" if prefer_gpu and torch.cuda.is_available() else "cpu"
""", ("torch.device|device|str|string",)),
    Mistake("tensors.pick_device", "preference inverted", """
def pick_device(prefer_gpu=True):
    if not prefer_gpu and torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")
""", ("prefer|invert|revers",)),
    Mistake("tensors.pick_device", "never checks availability", """
def pick_device(prefer_gpu=True):
    return torch.device("cuda" if prefer_gpu else "cpu")
""", ("available|is_available",)),
    Mistake("tensors.pick_device", "needs more than one GPU", """
def pick_device(prefer_gpu=True):
    if prefer_gpu and torch.cuda.device_count() > 1:
        return torch.device("cuda")
    return torch.device("cpu")
""", ("available|gpu|cuda|count",)),
    Mistake("tensors.pick_device", "is_available not called", """
def pick_device(prefer_gpu=True):
    if prefer_gpu and torch.cuda.is_available:
        return torch.device("cuda")
    return torch.device("cpu")
""", ("available|is_available|call",)),
]
