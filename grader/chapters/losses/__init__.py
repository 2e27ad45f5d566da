"""Chapter losses: the public half (exercise table, probes, rules, frozen public checks).

The hidden half (cases, mistake catalogue) is grader/hidden/losses/, for instructors only.
"""
# The chapter's exercises, in the order they are taught and graded.
EXERCISES = ("one_hot", "mse_loss", "cross_entropy", "binary_cross_entropy", "smooth_l1_loss",
             "nll_loss", "bce_with_logits", "cross_entropy_grad")
