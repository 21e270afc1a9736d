"""`python -m bench`: the benchmarks' one command line (bench/cli.py)."""
from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
