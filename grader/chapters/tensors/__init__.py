"""Chapter tensors: the public half (exercise table, probes, rules, frozen public checks).

The hidden half (cases, mistake catalogue) is grader/hidden/tensors/, for instructors only.
"""
# The chapter's exercises, in the order they are taught and graded.
EXERCISES = ("tensor_info", "grid", "seeded_rand", "standardize", "weighted_sum", "flatten_images",
             "pick_device")
