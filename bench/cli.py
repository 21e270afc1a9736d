"""The one front end of the benchmarks: `python -m bench [engine | load | scale | documents] [flags]`.

With no subcommand it runs `engine`, then `scale --sizes 100000`, and prints how to run `load`
(which starts the app twice and takes minutes, so it is never run by default). Every default that
names a file of the project (the corpus, the test set, the results file) is set here and only here.
A bad argument is refused with one line on stderr and exit status 2.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .measure import ROOT, command_line
from .scale import BACKENDS, RESULTS

QA = str(ROOT / "eval" / "qa.jsonl")
CORPUS = str(ROOT / "corpus")
LOAD_HINT = ("load test (not run by default; starts app.py twice, ~5 min on 2 cores): "
             "python -m bench load [--clients 16] [--questions 50] [app.py flags, e.g. --query-cache 0]")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (no usage block), for scripts and for people."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print `prog: error: message` and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def positive_int(text: str) -> int:
    """An integer ≥ 1 (underscores allowed: 100_000)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def int_list(text: str) -> list[int]:
    """Comma-separated integers ≥ 1 ("" is an empty list)."""
    return [positive_int(t.strip()) for t in text.split(",") if t.strip()]


def backend_list(text: str) -> list[str]:
    """Comma-separated backend names, each one of BACKENDS."""
    names = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [n for n in names if n not in BACKENDS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"{','.join(unknown) or repr(text)}: choose from {','.join(BACKENDS)}")
    return names


def _engine_flags(p: argparse.ArgumentParser) -> None:
    """Flags of `engine`."""
    p.add_argument("--corpus", default=CORPUS, help="corpus directory copied and built (default: corpus/)")
    p.add_argument("--qa", default=QA, help="JSONL test set whose questions are timed (default: eval/qa.jsonl)")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    p.add_argument("--serve", metavar="INDEX_DIR", help=argparse.SUPPRESS)  # the child-process phase


def _load_flags(p: argparse.ArgumentParser) -> None:
    """Flags of `load` (the ones it does not know go on to app.py)."""
    p.add_argument("--clients", type=positive_int, default=16, help="concurrent clients (default 16)")
    p.add_argument("--questions", type=positive_int, default=50, help="questions per client (default 50)")
    p.add_argument("--k", type=positive_int, default=5, help="hits per answer compared (default 5)")
    p.add_argument("--qa", default=QA, help="test set the questions come from (default: eval/qa.jsonl)")
    p.add_argument("--deadline", type=float, default=600, help="seconds before unsent requests count as errors")
    p.add_argument("--start-timeout", type=float, default=300, help="seconds the app may take to start")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")


def _scale_flags(p: argparse.ArgumentParser) -> None:
    """Flags of `scale`; the HNSW defaults are the engine's (index.settings.Settings)."""
    from index.settings import Settings

    d = Settings()
    p.add_argument("--sizes", type=int_list, default=[100_000],
                   help="comma-separated numbers of vectors (default 100000)")
    p.add_argument("--queries", type=positive_int, default=200, help="single queries timed per backend (default 200)")
    p.add_argument("--backends", type=backend_list, default=list(BACKENDS), help=f"subset of {','.join(BACKENDS)}")
    p.add_argument("--json", metavar="FILE", default=RESULTS, help=f"results merged into this file (default {RESULTS})")
    p.add_argument("--seed", type=int, default=0, help="seed of the vectors (queries use seed+1)")
    p.add_argument("--threads", type=positive_int, default=1, help="FAISS/OpenMP threads per child (default 1)")
    p.add_argument("--hnsw-m", type=positive_int, default=d.hnsw_m, help=f"HNSW graph degree (default {d.hnsw_m})")
    p.add_argument("--hnsw-ef-construction", type=positive_int, default=d.hnsw_ef_construction,
                   help=f"HNSW build breadth (default {d.hnsw_ef_construction})")
    p.add_argument("--hnsw-ef-search", type=positive_int, default=d.hnsw_ef_search,
                   help=f"HNSW search breadth (default {d.hnsw_ef_search})")
    p.add_argument("--ef-sweep", type=int_list, default=[16, 32, 64], help="more efSearch values timed on FAISS HNSW")
    p.add_argument("--timeout-min", type=float, default=45, help="kill a backend's child after this (default 45)")
    p.add_argument("--workdir", help="where the temporary vectors and milvus-lite .db go (default: system temp)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--worker", choices=BACKENDS, help=argparse.SUPPRESS)  # the child-process phase


def _documents_flags(p: argparse.ArgumentParser) -> None:
    """Flags of `documents`."""
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")


def build_parser() -> Parser:
    """The front parser with its three subcommands."""
    parser = Parser(prog="python -m bench", description=__doc__.split("\n\n")[0],
                    epilog="`python -m bench SUBCOMMAND --help` lists each subcommand's flags.")
    sub = parser.add_subparsers(dest="command", metavar="{engine,load,scale,documents}")
    for name, flags, text in (("engine", _engine_flags, "build, load and search figures of the engine"),
                              ("load", _load_flags, "concurrent clients against app.py, answers checked"),
                              ("scale", _scale_flags, "the engine's vector stores on synthetic vectors"),
                              ("documents", _documents_flags, "reading PDF/.docx/HTML and adding a document")):
        flags(sub.add_parser(name, help=text, description=text, allow_abbrev=False))
    return parser


def check(args: argparse.Namespace, extra: list[str], fail: Callable[[str], None]) -> None:
    """Argument checks that span flags; `fail` prints one line and exits."""
    if extra and args.command != "load":  # only the load test passes flags on (to app.py)
        fail(f"unrecognized arguments: {' '.join(extra)}")
    if args.command in ("engine", "load") and not Path(args.qa).is_file():
        fail(f"--qa {args.qa}: no such file")
    if args.command == "engine" and not Path(args.corpus).is_dir():
        fail(f"--corpus {args.corpus}: no such directory")
    if args.command == "scale" and not args.worker:
        if not args.sizes:
            fail("--sizes: give at least one size")
        if args.queries > min(args.sizes):
            fail(f"--queries {args.queries} is more than the smallest size, {min(args.sizes)}")
    if args.command == "scale" and args.worker and not args.workdir:
        fail("--worker needs --workdir")


def default_run() -> int:
    """No subcommand: the engine figures, the 100k scale comparison, and the hint for the load test."""
    code = main(["engine"])
    code = main(["scale", "--sizes", "100000"]) or code
    print("\n" + LOAD_HINT)
    return code


def main(argv: list[str] | None = None) -> int:
    """Parse, check, and run one subcommand (or the default run); the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command is None:
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        return default_run()
    check(args, extra, lambda message: parser.exit(2, f"{parser.prog} {args.command}: error: {message}\n"))
    command = command_line(argv)
    if args.command == "engine":
        from .engine import run as run_engine

        return run_engine(args, command)
    if args.command == "load":
        from .load import run as run_load

        return run_load(args, extra, command)
    if args.command == "documents":
        from .documents import run as run_documents

        return run_documents(args, command)
    from .scale import run as run_scale

    return run_scale(args, command)
