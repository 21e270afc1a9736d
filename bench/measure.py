"""Measurement helpers shared by the benchmarks: percentiles, memory, machine load, versions, JSON.

Every figure is recorded together with the load of the machine it was taken on, because on a shared
2-core machine a busy neighbour changes latencies far more than any code change does.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile of `values` (NaN when there are none)."""
    return float(np.percentile(values, q)) if len(values) else float("nan")


def rss_mb(pid: int | None = None) -> float:
    """Resident set size of a process (default: this one) in MiB."""
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def peak_rss_mb(pid: int | str = "self") -> float:
    """High-water mark of a process's RSS (VmHWM, Linux /proc) in MiB; NaN if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def disk_mb(path: str | Path) -> float:
    """Total size of the files under `path` (or of one file) in MiB."""
    p = Path(path)
    if p.is_file():
        return p.stat().st_size / 2**20
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 2**20


def load_info() -> dict:
    """The machine's load now: `uptime`'s line, os.getloadavg() and the time."""
    try:
        up = subprocess.run(["uptime"], check=False, capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        up = ""
    return {"uptime": up, "loadavg": [round(x, 2) for x in os.getloadavg()], "time": time.strftime("%Y-%m-%dT%H:%M:%S")}


def load_line(info: dict) -> str:
    """One line for the console: "load average 1.23, 0.98, 0.75"."""
    return "load average " + ", ".join(f"{x:.2f}" for x in info["loadavg"])


def versions() -> dict:
    """Versions of what the figures depend on, and the number of cores."""
    out: dict[str, Any] = {"python": sys.version.split()[0], "numpy": np.__version__, "cpus": os.cpu_count()}
    for mod in ("faiss", "pymilvus", "milvus_lite", "psutil"):
        try:
            out[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - a missing optional library is recorded, not fatal
            out[mod] = None
    return out


def command_line(argv: Sequence[str] | None) -> str:
    """The command as a user would type it."""
    return "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv)


def write_json(path: str | Path, record: dict) -> None:
    """Write `record` as readable UTF-8 JSON, creating the directory."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
