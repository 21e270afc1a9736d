"""Benchmarks of the engine: figures, load test, synthetic scale (python -m bench)."""
