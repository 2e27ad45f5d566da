"""Chapter evaluation: the public half (exercise table, probes, rules, frozen public checks).

The hidden half (cases, mistake catalogue) is grader/hidden/evaluation/, for instructors only.
"""
# The chapter's exercises, in the order they are taught and graded.
EXERCISES = ("split", "accuracy", "evaluate", "add_dropout", "lr_candidates", "best_epoch",
             "confusion_matrix")
