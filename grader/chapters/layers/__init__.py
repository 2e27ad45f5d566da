"""Chapter layers: the public half (exercise table, probes, rules, frozen public checks).

The hidden half (cases, mistake catalogue) is grader/hidden/layers/, for instructors only.
"""
# The chapter's exercises, in the order they are taught and graded.
EXERCISES = ("linear_forward", "build_mlp", "count_parameters", "TwoLayerNet", "init_uniform_",
             "layer_shapes")
