"""The chapters, in course order; a topic names its notebook, exercise file and cases."""
TOPICS = ["tensors", "layers", "activations", "losses", "backprop", "training", "evaluation",
          "fine_tuning"]


def notebook_name(topic: str) -> str:
    """``01_tensors.ipynb`` for ``tensors``."""
    return f"{TOPICS.index(topic) + 1:02d}_{topic}.ipynb"
