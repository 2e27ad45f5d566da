"""Chapter fine_tuning: the public half (exercise table, probes, rules, frozen public checks).

The hidden half (cases, mistake catalogue) is grader/hidden/fine_tuning/, for instructors only.
"""
# The chapter's exercises, in the order they are taught and graded.
EXERCISES = ("SmallCNN", "save_checkpoint", "load_checkpoint", "freeze_", "trainable_names",
             "replace_head", "fine_tune_optimizer", "load_backbone_", "conv_output_size")
