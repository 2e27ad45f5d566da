"""Chapter 01 catalogue: mistakes students make with tensors, and other correct answers."""
from grader.hidden.catalogue import Alternative, Mistake

MISTAKES = [
    # tensor_info
    Mistake("tensors.tensor_info", "dtype as a torch.dtype", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": t.dtype, "device": str(t.device), "numel": t.numel()}
""", "torch.dtype"),
    Mistake("tensors.tensor_info", "numel as a tensor", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": str(t.dtype), "device": str(t.device),
            "numel": torch.tensor(t.numel())}
""", ("numel", "expected the int")),
    Mistake("tensors.tensor_info", "numel is the number of dimensions", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": str(t.dtype), "device": str(t.device), "numel": t.dim()}
""", "'numel'"),
    Mistake("tensors.tensor_info", "shape as a list", """
def tensor_info(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype), "device": str(t.device), "numel": t.numel()}
""", "expected a tuple, got a list"),
    # grid
    Mistake("tensors.grid", "counts from 0", """
def grid(rows, cols):
    return torch.arange(rows * cols, dtype=torch.float32).reshape(rows, cols)
""", "counting from 0"),
    Mistake("tensors.grid", "int64 values", """
def grid(rows, cols):
    return torch.arange(1, rows * cols + 1).reshape(rows, cols)
""", "expected dtype torch.float32, got torch.int64"),
    Mistake("tensors.grid", "column by column", """
def grid(rows, cols):
    return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(cols, rows).T
""", "values differ"),
    Mistake("tensors.grid", "rows and columns swapped", """
def grid(rows, cols):
    return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(cols, rows)
""", "transpose"),
    Mistake("tensors.grid", "linspace to rows * cols - 1", """
def grid(rows, cols):
    n = rows * cols
    return torch.linspace(1, n - 1, n - 1).view(rows, cols)
""", ("exclusive", "off by one")),
    Mistake("tensors.grid", "rows a fixed 10 apart", """
def grid(rows, cols):
    out = torch.zeros(rows, cols)
    for i in range(rows):
        out[i] = torch.arange(cols) + 10 * i + 1
    return out
""", ("rows start", "number of columns")),
    # seeded_rand
    Mistake("tensors.seeded_rand", "ignores the seed", """
def seeded_rand(shape, seed):
    return torch.rand(shape)
""", "call torch.manual_seed(seed)"),
    Mistake("tensors.seeded_rand", "randn instead of rand", """
def seeded_rand(shape, seed):
    torch.manual_seed(seed)
    return torch.randn(shape)
""", "values differ"),
    Mistake("tensors.seeded_rand", "float64 from numpy", """
def seeded_rand(shape, seed):
    import numpy as np
    return torch.from_numpy(np.random.default_rng(seed).random(shape))
""", "float64"),
    # standardize
    Mistake("tensors.standardize", "n - 1 variance, constant test element by element", """
def standardize(x):
    centred = x - x.mean(0)
    std = (centred.pow(2).sum(0) / (x.shape[0] - 1)).sqrt()
    return torch.where(x.eq(x[0:1]), torch.zeros_like(x), centred / std)
""", ("sqrt((n-1)/n)", "n - 1")),
    Mistake("tensors.standardize", "unbiased std", """
def standardize(x):
    std = x.std(dim=0, keepdim=True)
    out = (x - x.mean(dim=0, keepdim=True)) / std
    return torch.where(std == 0, torch.zeros_like(x), out)
""", "correction=0"),
    Mistake("tensors.standardize", "divides by a zero std", """
def standardize(x):
    return (x - x.mean(dim=0)) / x.std(dim=0, correction=0)
""", "constant column"),
    Mistake("tensors.standardize", "constant column found by std == 0", """
def standardize(x):
    std = x.std(dim=0, correction=0, keepdim=True)
    out = (x - x.mean(dim=0, keepdim=True)) / std
    return torch.where(std == 0, torch.zeros_like(x), out)
""", "detect constant columns by their values"),
    Mistake("tensors.standardize", "standardizes rows instead of columns", """
def standardize(x):
    std = x.std(dim=1, correction=0, keepdim=True)
    return (x - x.mean(dim=1, keepdim=True)) / std
""", "values differ"),
    Mistake("tensors.standardize", "modifies its input in place", """
def standardize(x):
    mean = x.mean(dim=0, keepdim=True)
    std = x.std(dim=0, correction=0, keepdim=True)
    constant = (x == x[:1]).all(dim=0, keepdim=True)
    x -= mean
    x /= torch.where(constant, torch.ones_like(std), std)
    x[:, constant[0]] = 0
    return x
""", "changed its input in place"),
    # weighted_sum
    Mistake("tensors.weighted_sum", "element-wise product, no sum", """
def weighted_sum(x, w, b):
    return x * w + b
""", "expected shape"),
    Mistake("tensors.weighted_sum", "forgets the bias", """
def weighted_sum(x, w, b):
    return x @ w
""", "values differ"),
    Mistake("tensors.weighted_sum", "keeps a column (N, 1)", """
def weighted_sum(x, w, b):
    return x @ w.reshape(-1, 1) + b
""", "(N, 1) where (N,) was expected"),
    # flatten_images
    Mistake("tensors.flatten_images", "view on non-contiguous input", """
def flatten_images(images):
    return images.view(images.shape[0], -1)
""", "view size is not compatible"),
    Mistake("tensors.flatten_images", "flattens the batch too", """
def flatten_images(images):
    return images.reshape(-1)
""", "expected shape"),
    Mistake("tensors.flatten_images", "keeps the channels apart", """
def flatten_images(images):
    return images.reshape(images.shape[0], images.shape[1], -1)
""", "expected shape"),
    Mistake("tensors.flatten_images", "drops the channels", """
def flatten_images(images):
    return images[:, 0].reshape(images.shape[0], -1)
""", "expected shape"),
    # pick_device
    Mistake("tensors.pick_device", "a string instead of a device", """
def pick_device(prefer_gpu=True):
    return "cuda" if prefer_gpu and torch.cuda.is_available() else "cpu"
""", "expected a torch.device"),
    Mistake("tensors.pick_device", "GPU whenever preferred, even when absent", """
def pick_device(prefer_gpu=True):
    return torch.device("cuda" if prefer_gpu else "cpu")
""", "expected cpu, got cuda"),
    Mistake("tensors.pick_device", "default does not prefer the GPU", """
def pick_device(prefer_gpu=False):
    return torch.device("cuda" if prefer_gpu else "cpu") if torch.cuda.is_available() else None
""", "expected a torch.device"),
    # issue 19: graded under both hardware states, these pass on a machine without a GPU otherwise
    Mistake("tensors.pick_device", "ignores prefer_gpu", """
def pick_device(prefer_gpu=True):
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
""", "although prefer_gpu was false"),
    Mistake("tensors.pick_device", "never the GPU", """
def pick_device(prefer_gpu=True):
    return torch.device("cpu")
""", "although a GPU is present and preferred"),
    Mistake("tensors.pick_device", "tests the function, not its result", """
def pick_device(prefer_gpu=True):
    return torch.device("cuda" if prefer_gpu and torch.cuda.is_available else "cpu")
""", "on a machine without a GPU"),
    # issue 19: six per exercise
    Mistake("tensors.tensor_info", "device as a torch.device", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": str(t.dtype), "device": t.device, "numel": t.numel()}
""", "expected the str 'cpu', got a torch.device"),
    Mistake("tensors.tensor_info", "dtype without the torch. prefix", """
def tensor_info(t):
    return {"shape": tuple(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "device": str(t.device),
            "numel": t.numel()}
""", "expected the str 'torch.float32', got the str 'float32'"),
    Mistake("tensors.grid", "stops one short", """
def grid(rows, cols):
    return torch.arange(1, rows * cols, dtype=torch.float32).reshape(rows, cols)
""", "invalid for input of size 5"),
    Mistake("tensors.grid", "rows step by rows, not cols", """
def grid(rows, cols):
    first = torch.arange(1, cols + 1, dtype=torch.float32)
    return first + rows * torch.arange(rows, dtype=torch.float32)[:, None]
""", "values differ"),
    Mistake("tensors.seeded_rand", "seeds after drawing", """
def seeded_rand(shape, seed):
    values = torch.rand(shape)
    torch.manual_seed(seed)
    return values
""", "call torch.manual_seed(seed)"),
    Mistake("tensors.seeded_rand", "a seeded generator never passed", """
def seeded_rand(shape, seed):
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(shape)
""", "call torch.manual_seed(seed)"),
    Mistake("tensors.seeded_rand", "seeds the GPU generator only", """
def seeded_rand(shape, seed):
    torch.cuda.manual_seed(seed)
    return torch.rand(shape)
""", "call torch.manual_seed(seed)"),
    Mistake("tensors.standardize", "casts to float32", """
def standardize(x):
    x = x.float()
    mean = x.mean(dim=0, keepdim=True)
    std = x.std(dim=0, correction=0, keepdim=True)
    constant = (x == x[:1]).all(dim=0, keepdim=True)
    safe = torch.where(constant, torch.ones_like(std), std)
    return torch.where(constant, torch.zeros_like(x), (x - mean) / safe)
""", "expected dtype torch.float64, got torch.float32"),
    Mistake("tensors.weighted_sum", "sums over the samples", """
def weighted_sum(x, w, b):
    return (x * w).sum(dim=0) + b
""", "expected shape (2,), got (3,)"),
    Mistake("tensors.weighted_sum", "multiplies x in place", """
def weighted_sum(x, w, b):
    x *= w
    return x.sum(dim=1) + b
""", "changed its input in place"),
    Mistake("tensors.weighted_sum", "assumes a tensor bias", """
def weighted_sum(x, w, b):
    return x @ w + b.item()
""", "'float' object has no attribute 'item'"),
    Mistake("tensors.flatten_images", "channels-last order", """
def flatten_images(images):
    return images.permute(0, 2, 3, 1).reshape(images.shape[0], -1)
""", "the right values, in a different order"),
    Mistake("tensors.flatten_images", "squeeze drops a batch of one", """
def flatten_images(images):
    images = images.squeeze()
    return images.reshape(images.shape[0], -1)
""", "expected shape (1, 64), got (8, 8)"),
]

ALTERNATIVES = [
    Alternative("tensors.tensor_info", "size() and nelement()", """
def tensor_info(t):
    return dict(shape=t.size(), dtype=str(t.dtype), device=t.device.type if t.device.index is None
                else str(t.device), numel=t.nelement())
"""),
    Alternative("tensors.grid", "linspace", """
def grid(rows, cols):
    n = rows * cols
    return torch.linspace(1, n, n).view(rows, cols)
"""),
    Alternative("tensors.grid", "nested list", """
def grid(rows, cols):
    return torch.tensor([[r * cols + c + 1 for c in range(cols)] for r in range(rows)], dtype=torch.float32)
"""),
    Alternative("tensors.seeded_rand", "global seed", """
def seeded_rand(shape, seed):
    torch.manual_seed(seed)
    return torch.rand(shape)
"""),
    Alternative("tensors.standardize", "loop over columns", """
def standardize(x):
    columns = []
    for j in range(x.shape[1]):
        col = x[:, j]
        if bool((col == col[0]).all()):
            columns.append(torch.zeros_like(col))
        else:
            columns.append((col - col.mean()) / col.std(unbiased=False))
    return torch.stack(columns, dim=1)
"""),
    Alternative("tensors.weighted_sum", "matmul and sum", """
def weighted_sum(x, w, b):
    return (x * w).sum(dim=1) + b
"""),
    Alternative("tensors.flatten_images", "flatten(start_dim=1)", """
def flatten_images(images):
    return images.flatten(start_dim=1)
"""),
    Alternative("tensors.flatten_images", "contiguous then view", """
def flatten_images(images):
    n = images.shape[0]
    return images.contiguous().view(n, -1)
"""),
    Alternative("tensors.pick_device", "string argument", """
def pick_device(prefer_gpu=True):
    name = "cuda" if (torch.cuda.is_available() and prefer_gpu) else "cpu"
    return torch.device(name)
"""),
    Alternative("tensors.pick_device", "device count, imported name", """
from torch.cuda import device_count

def pick_device(prefer_gpu=True):
    return torch.device("cuda:0") if prefer_gpu and device_count() > 0 else torch.device("cpu")
"""),
]
