"""Chapter backprop: the public half (exercise table, probes, rules, frozen public checks).

The hidden half (cases, mistake catalogue) is grader/hidden/backprop/, for instructors only.
"""
# The chapter's exercises, in the order they are taught and graded.
EXERCISES = ("parameter_gradients", "sgd_step_", "momentum_step_", "numerical_gradient",
             "gradient_descent", "linear_backward")
