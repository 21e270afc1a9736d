"""Load test: start the app on a loopback port, hammer its `ask` API from N concurrent clients, and
check every answer against a sequential run of the same questions.

    python -m bench load [--clients 16] [--questions 50] [app.py flags, e.g. --query-cache 0]

Each client sends a fixed mix of Chinese, English and unanswerable questions from the test set,
starting at its own offset, so clients overlap but do not move in lockstep. Requests are bounded
in count and in time (per request and overall). The last line is machine-readable:

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
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
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
            raise SystemExit(f"loadtest: the app exited with {proc.returncode}: {proc.stderr.read()[-500:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/config", timeout=2).close()
            return proc
        except urllib.error.HTTPError:  # it answers, if only to ask for a login
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"loadtest: the app did not answer within {timeout:.0f} s; raise --start-timeout")


def peak_rss_mb(pid: int) -> float:
    """The process's high-water resident set size (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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


def summary(clients: int, tally: Tally, wall_s: float, rss_mb: float) -> str:
    lat = np.array(tally.latencies_ms) if tally.latencies_ms else np.array([np.nan])
    p50, p95, p99 = (float(np.percentile(lat, p)) for p in (50, 95, 99))
    requests = len(tally.latencies_ms)
    print(f"throughput {requests / wall_s:.1f} requests/s over {wall_s:.1f} s; "
          f"mean {np.nanmean(lat):.0f} ms, max {np.nanmax(lat):.0f} ms")
    for message in (tally.errors + tally.mismatches)[:10]:
        print("  ", message)
    return (f"clients={clients} requests={requests} errors={len(tally.errors)} "
            f"mismatches={len(tally.mismatches)} p50_ms={p50:.0f} p95_ms={p95:.0f} p99_ms={p99:.0f} "
            f"peak_rss_mb={rss_mb:.0f}")


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--questions", type=int, default=50, help="questions per client (default 50)")
    parser.add_argument("--k", type=int, default=5, help="hits per answer compared (default 5)")
    parser.add_argument("--qa", default=str(ROOT / "eval" / "qa.jsonl"), help="test set the questions come from")
    parser.add_argument("--deadline", type=float, default=600, help="seconds before unsent requests count as errors")
    parser.add_argument("--start-timeout", type=float, default=300, help="seconds the app may take to start")
    args, app_args = parser.parse_known_args(argv)  # the rest goes to app.py
    if args.clients < 1 or args.questions < 1:
        parser.error(f"--clients {args.clients} and --questions {args.questions} must both be at least 1")
    return args, app_args


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


def main(argv: list[str] | None = None) -> int:
    args, app_args = parse_args(argv)
    mix = question_mix(Path(args.qa))
    per_client = [client_questions(mix, c, args.clients, args.questions) for c in range(args.clients)]
    # The reference comes from its own app, one request at a time with no query cache, so that
    # neither concurrency nor the cache can make both sides wrong in the same way.
    with running_app([*app_args, "--query-cache", "0", "--concurrency", "1"], args.start_timeout) as (url, _):
        expected = sequential_reference(url, [q for qs in per_client for q in qs], args.k)
    print(f"sequential reference: {len(expected)} distinct questions")
    with running_app(app_args, args.start_timeout) as (url, pid):
        tally, wall = run_load(url, per_client, args.k, expected, args.deadline)
        line = summary(args.clients, tally, wall, peak_rss_mb(pid))
    print(line)
    return 0 if "errors=0 mismatches=0" in line else 1


if __name__ == "__main__":
    sys.exit(main())
