"""Reference implementations (instructor-only): same names, signatures and docstrings as exercises/."""
