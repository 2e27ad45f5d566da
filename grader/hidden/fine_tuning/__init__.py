"""Chapter fine_tuning, instructor-only: hidden cases (cases.py) and the mistake catalogue (catalogue.py)."""
