"""Chapter training: the public half (exercise table, probes, rules, frozen public checks).

The hidden half (cases, mistake catalogue) is grader/hidden/training/, for instructors only.
"""
# The chapter's exercises, in the order they are taught and graded.
EXERCISES = ("make_dataset", "make_loader", "train_one_epoch", "fit", "overfit_batch",
             "image_transform", "to_device")
