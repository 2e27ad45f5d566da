"""Helpers the chapter notebooks use for plumbing (offline fallbacks, widgets, live exercise
look-up), kept out of the teaching cells. Public: ships in the student release."""
