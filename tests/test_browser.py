"""The page as a person sees it: headless Chromium (Debian's) driven by Playwright.

Skipped with a reason when no browser is installed; `.ci/run` installs one and sets REQUIRE_BROWSER=1,
so in CI a missing browser fails instead.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def _browser_or_skip():
    missing = None
    if not Path(CHROMIUM).exists():
        missing = "no Chromium at /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = missing or "playwright is not installed (pip install playwright)"
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {missing}")
        pytest.skip(missing)
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(real_searcher, real_settings):
    """The real app on a loopback port, serving the session's index; stopped after the module."""
    _browser_or_skip()
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--corpus", real_settings.corpus,
                             "--index-dir", real_settings.index_dir], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"app exited: {proc.stdout.read()[-2000:]}")
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def page(app_url):
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.goto(app_url, wait_until="networkidle")
        yield pg
        browser.close()


def ask(page, question: str) -> None:
    box = page.get_by_label("问题 / Question")
    box.fill(question)
    page.get_by_role("button", name="检索 / Search").click()


def test_chinese_question_shows_cited_cards(page, tmp_path_factory):
    ask(page, "祁连山国家公园建设有哪些举措？")
    page.wait_for_selector(".hit", timeout=30_000)
    cards = page.locator(".hit")
    assert cards.count() == 5
    first = cards.first.inner_text()
    assert "祁连山国家公园" in first and "兰州—西宁城市群发展" in first and "原文行" in first
    page.screenshot(path=str(tmp_path_factory.mktemp("shots") / "zh.png"), full_page=True)


def test_english_question_gets_english_labels(page):
    ask(page, "Qilian Mountain National Park")
    page.wait_for_function("document.querySelector('.hit-meta') && "
                           "document.querySelector('.hit-meta').innerText.includes('Source lines')", timeout=30_000)
    assert page.locator(".hit").count() == 5


def test_markup_in_a_question_is_not_executed(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ask(page, "<script>alert(1)</script><img src=x onerror=alert(2)> 兰州新区")
    page.wait_for_selector(".hit", timeout=30_000)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator(".hit img").count() == 0
