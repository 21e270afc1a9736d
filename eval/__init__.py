"""Evaluation harness: `python -m eval` runs a Q&A test set against named configurations."""
