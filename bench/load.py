"""Load test: start the app on a loopback port, hammer its `ask` API from N concurrent clients, and
check every answer against a sequential run of the same questions.

    python -m bench load [--clients 16] [--questions 50] [--qa FILE] [app.py flags, e.g. --query-cache 0]

Each client sends a fixed mix of Chinese, English and unanswerable questions from the test set,
starting at its own offset, so clients overlap but do not move in lockstep. Requests are bounded
in count and in time (per request and overall). The figures print as a markdown table; the last
line is machine-readable:

    clients=N requests=R errors=E mismatches=X p50_ms=… p95_ms=… p99_ms=… peak_rss_mb=…

The exit status is 0 only when there were no errors and no mismatches.
"""
from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import table
from .measure import ROOT, load_info, load_line, peak_rss_mb, percentile, versions, write_json

MIX = (("zh", 2), ("en", 2), ("none", 1))  # per 5 questions: 2 Chinese, 2 English, 1 unanswerable


@dataclass(frozen=True)
class Outcome:
    """What must not change under load: the ranked chunk ids and the found/not-found verdict."""

    ids: tuple[str, ...]
    found: bool


@dataclass
class Tally:
    """Latencies and failures collected from all client threads."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def question_mix(qa_path: Path) -> list[str]:
    """The test set's questions interleaved as MIX: zh, zh, en, en, unanswerable, ..."""
    items = [json.loads(line) for line in qa_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    answerable = [q for q in items if q["type"] != "unanswerable"]
    pools = {"zh": [q["question"] for q in answerable if q["lang"] == "zh"],
             "en": [q["question"] for q in answerable if q["lang"] == "en"],
             "none": [q["question"] for q in items if q["type"] == "unanswerable"]}
    rounds = min(len(pools[kind]) // n for kind, n in MIX)
    mix = []
    for r in range(rounds):
        for kind, n in MIX:
            mix += pools[kind][r * n:(r + 1) * n]
    return mix


def client_questions(mix: list[str], client: int, clients: int, count: int) -> list[str]:
    """Client i's `count` questions: the mix from offset i/clients of the way along, wrapping
    around, so that each question is asked by several clients, at different times."""
    start = client * len(mix) // clients
    return [mix[(start + j) % len(mix)] for j in range(count)]


def free_port() -> int:
    """A TCP port on loopback that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, app_args: list[str], timeout: float) -> subprocess.Popen:
    """`python app.py` on 127.0.0.1:port, returned once it answers HTTP."""
    proc = subprocess.Popen([sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port), *app_args],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"python -m bench load: the app exited with {proc.returncode}: "
                             f"{proc.stderr.read()[-500:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/config", timeout=2).close()
            return proc
        except urllib.error.HTTPError:  # it answers, if only to ask for a login
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"python -m bench load: the app did not answer within {timeout:.0f} s; raise --start-timeout")


def call_api(url: str, api: str, data: list, session: str, timeout: float = 60):
    """One call of a named endpoint through Gradio's REST API (POST, then read the events), in the
    client's own session as a browser or `gradio_client` would; the endpoint's output."""
    body = json.dumps({"data": data, "session_hash": session}).encode()
    request = urllib.request.Request(f"{url}gradio_api/call/{api}", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as r:
        event_id = json.load(r)["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{api}/{event_id}", timeout=timeout) as r:
        events = r.read().decode("utf-8")
    kind, _, payload = events.strip().rpartition("event: ")[2].partition("\ndata: ")
    if kind != "complete":
        raise RuntimeError(f"{kind}: {payload[:200]}")
    return json.loads(payload)[0]


def ask(url: str, question: str, k: int, session: str) -> Outcome:
    """Ask one question through the API; what must not change under load."""
    answer = call_api(url, "ask", [question, k], session)
    return Outcome(tuple(h["chunk_id"] for h in answer["hits"]), bool(answer["found"]))


def sequential_reference(url: str, questions: list[str], k: int) -> dict[str, Outcome]:
    """The answers of one client asking each distinct question once, in order."""
    return {q: ask(url, q, k, "loadtest-sequential") for q in dict.fromkeys(questions)}


def run_client(url: str, client: int, questions: list[str], k: int, expected: dict[str, Outcome],
               tally: Tally, stop_at: float) -> None:
    """One client: ask its questions in order until done or out of time, recording everything."""
    for q in questions:
        if time.time() > stop_at:
            with tally.lock:
                tally.errors.append("deadline: not sent")
            continue
        started = time.perf_counter()
        try:
            got, error = ask(url, q, k, f"loadtest-{client}"), None
        except Exception as e:  # noqa: BLE001 - the load test reports every failure, whatever it is
            got, error = None, f"{type(e).__name__}: {str(e)[:200]}"
        with tally.lock:
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            if error:
                tally.errors.append(error)
            elif got != expected[q]:
                tally.mismatches.append(f"{q!r}: {got} != {expected[q]}")


def run_load(url: str, per_client: list[list[str]], k: int, expected: dict[str, Outcome],
             deadline_s: float) -> tuple[Tally, float]:
    """All clients at once; returns the tally and the wall time."""
    tally, started = Tally(), time.perf_counter()
    with ThreadPoolExecutor(len(per_client)) as pool:
        futures = [pool.submit(run_client, url, c, qs, k, expected, tally, time.time() + deadline_s)
                   for c, qs in enumerate(per_client)]
        wait(futures, timeout=deadline_s + 60)
    return tally, time.perf_counter() - started


def figures(clients: int, tally: Tally, wall_s: float, rss_mb: float) -> dict:
    """The run's figures: counts, latency percentiles, throughput and the app's peak RSS."""
    lat = tally.latencies_ms or [float("nan")]
    requests = len(tally.latencies_ms)
    return {"clients": clients, "requests": requests, "errors": len(tally.errors), "mismatches": len(tally.mismatches),
            **{f"p{p}_ms": percentile(lat, p) for p in (50, 95, 99)}, "mean_ms": float(np.nanmean(lat)),
            "max_ms": float(np.nanmax(lat)), "wall_s": wall_s, "throughput": requests / wall_s if wall_s else 0.0,
            "peak_rss_mb": rss_mb, "problems": (tally.errors + tally.mismatches)[:10]}


def figures_table(f: dict, questions: int) -> str:
    """The README's load table."""
    rows = [["errors", table.count(f["errors"]), "0"],
            ["answers differing from the sequential run", table.count(f["mismatches"]), "0"],
            ["p50 / p95 / p99 latency", table.ms(f["p50_ms"], f["p95_ms"], f["p99_ms"]), "p95 ≤ 500 ms"],
            ["throughput", table.rate(f["throughput"]), "—"],
            ["requests, wall time", f"{table.count(f['requests'])} in {table.seconds(f['wall_s'])}", "—"],
            ["peak RSS of the app", table.mb(f["peak_rss_mb"]), "≤ 800 MB"]]
    return table.markdown([f"figure ({f['clients']} clients × {questions} questions)", "measured", "target"], rows)


def summary_line(f: dict) -> str:
    """The machine-readable last line: clients=… requests=… errors=… mismatches=… p50_ms=… …"""
    return (f"clients={f['clients']} requests={f['requests']} errors={f['errors']} mismatches={f['mismatches']} "
            f"p50_ms={f['p50_ms']:.0f} p95_ms={f['p95_ms']:.0f} p99_ms={f['p99_ms']:.0f} "
            f"peak_rss_mb={f['peak_rss_mb']:.0f}")


@contextmanager
def running_app(app_args: list[str], timeout: float) -> Iterator[tuple[str, int]]:
    """A fresh app process for the duration of the block: (its URL, its pid)."""
    port = free_port()
    proc = start_app(port, app_args, timeout)
    try:
        yield f"http://127.0.0.1:{port}/", proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run(args: argparse.Namespace, app_args: list[str], command: str) -> int:
    """`python -m bench load`: a sequential reference, then the concurrent run; table, JSON, last line."""
    mix = question_mix(Path(args.qa))
    per_client = [client_questions(mix, c, args.clients, args.questions) for c in range(args.clients)]
    before = load_info()
    # The reference comes from its own app, one request at a time with no query cache, so that
    # neither concurrency nor the cache can make both sides wrong in the same way.
    with running_app([*app_args, "--query-cache", "0", "--concurrency", "1"], args.start_timeout) as (url, _):
        expected = sequential_reference(url, [q for qs in per_client for q in qs], args.k)
    print(f"sequential reference: {len(expected)} distinct questions ({load_line(before)})")
    with running_app(app_args, args.start_timeout) as (url, pid):
        tally, wall = run_load(url, per_client, args.k, expected, args.deadline)
        result = figures(args.clients, tally, wall, peak_rss_mb(pid))
    print(figures_table(result, args.questions))
    for message in result["problems"]:
        print("  ", message)
    if args.json:
        write_json(args.json, {"command": command, "app_args": app_args, "environment": versions(),
                               "load_before": before, "load_after": load_info(), **result})
    print(summary_line(result))
    return 0 if result["errors"] == 0 and result["mismatches"] == 0 else 1


def main(argv: list[str] | None = None) -> int:
    """`python -m bench load ARGS`, callable from tests: the same front end, the same defaults."""
    from .cli import main as front

    return front(["load", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
