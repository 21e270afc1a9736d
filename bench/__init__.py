"""Benchmarks of the engine, one tool: `python -m bench [engine | load | scale]` (see bench/README.md)."""
from __future__ import annotations
