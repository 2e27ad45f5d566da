"""Chapter backprop, instructor-only: hidden cases (cases.py) and the mistake catalogue (catalogue.py)."""
