"""The architecture, checked: the import contracts of `.importlinter`, and the size of the parts."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGES = ("index", "web", "eval", "bench")
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 300, 40
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_import_contracts_hold():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "5 kept, 0 broken" in run.stdout


@pytest.mark.parametrize("module, line, contract", [
    ("index/search/fusion.py", "import gradio", "imports neither the page"),
    ("index/store/directory.py", "from index.embed import encoders", "import no model"),
    ("index/ingest/dedup.py", "from index.search import bm25", "do not import each other"),
    ("index/search/retriever.py", "from index.answer import unit_questions", "never upwards"),
    ("index/answer/verdict.py", "import faiss", "are pure"),
])
def test_an_import_that_breaks_a_contract_fails(tmp_path: Path, module, line, contract):
    """The check can fail: the same tree with one forbidden import added is refused, naming the contract."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.jsonl", "*.json", "*.png",
                                                                                           "__pycache__", "results"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    run = lint_imports(tmp_path)
    assert run.returncode != 0
    assert "BROKEN" in run.stdout and contract in " ".join(run.stdout.split())


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py")) + [ROOT / "app.py"]


def test_modules_and_functions_stay_small():
    """Every module under ~300 lines and every function under ~40, so each part can be read at once."""
    too_long = []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}(): {length} lines")
    assert not too_long, too_long


def test_the_tree_shows_the_pipeline():
    stages = {p.name for p in (ROOT / "index").iterdir() if (p / "__init__.py").exists()}
    assert {"ingest", "embed", "store", "search", "answer", "text"} <= stages
    assert not list((ROOT / "index").glob("ui.py")) and (ROOT / "web" / "page.py").exists()


def test_no_folder_is_named_build_and_no_two_engine_modules_share_a_name():
    """Tools skip a folder named build/ (ruff, the usual .gitignore); two engine modules of one name
    make a traceback or a grep ambiguous."""
    assert not [p for package in PACKAGES for p in (ROOT / package).rglob("build") if p.is_dir()]
    names = [p.name for p in (ROOT / "index").rglob("*.py") if p.name != "__init__.py" and "__pycache__" not in p.parts]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
