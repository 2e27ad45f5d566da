"""Chapter activations: the public half (exercise table, probes, rules, frozen public checks).

The hidden half (cases, mistake catalogue) is grader/hidden/activations/, for instructors only.
"""
# The chapter's exercises, in the order they are taught and graded.
EXERCISES = ("sigmoid", "relu", "leaky_relu", "softmax", "sigmoid_grad", "predict")
