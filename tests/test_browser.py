"""The page as a person sees it: headless Chromium (Debian's) driven by Playwright.

Skipped with a reason when no browser is installed; `.ci/run` installs one and sets REQUIRE_BROWSER=1,
so in CI a missing browser fails instead.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

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


@pytest.fixture(scope="module")
def browser_app(app_url):
    _browser_or_skip()
    return app_url


@pytest.fixture(scope="module")
def page(browser_app):
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.goto(browser_app, wait_until="networkidle")
        ask(pg, "兰州新区")  # warm-up: first-call costs are not the round trip
        yield pg
        browser.close()


def ask(page, question: str) -> float:
    """Type and click Ask; seconds from the click until the answer panel shows something new."""
    panel = "#answer .answer, #answer .not-found"
    page.get_by_label("问题 / Question").fill(question)
    before = page.locator(panel).first.inner_text() if page.locator(panel).count() else ""
    t0 = time.perf_counter()
    page.get_by_role("button", name="提问 / Ask").click()
    page.wait_for_function("([sel, prev]) => { const el = document.querySelector(sel);"
                           " return el && el.innerText.trim() && el.innerText !== prev; }", arg=[panel, before],
                           timeout=30_000)
    return time.perf_counter() - t0


def test_chinese_question_shows_answer_and_cited_cards(page, tmp_path_factory):
    seconds = ask(page, "到2025年空气质量优良天数比例要达到多少？")
    print(f"browser round trip, Chinese question: {seconds * 1000:.0f} ms")
    answer = page.locator("#answer").inner_text()
    assert "答案" in answer and "90%" in answer and "[1]" in answer
    assert page.locator("#answer mark").count() >= 1
    card = page.locator("#sources .hit").first.inner_text()
    assert "兰州—西宁城市群发展“十四五”实施方案" in card and "原文行" in card and "90%" in card
    page.screenshot(path=str(tmp_path_factory.mktemp("shots") / "zh.png"), full_page=True)
    assert seconds < 5


def test_english_question_gets_english_labels_and_glosses(page, tmp_path_factory):
    seconds = ask(page, "Which railways will connect Xining with Chengdu?")
    print(f"browser round trip, English question: {seconds * 1000:.0f} ms")
    assert "Answer" in page.locator("#answer").inner_text()
    sources = page.locator("#sources").inner_text()
    assert "Implementation Plan for the Development of the Lanzhou–Xining City Cluster" in sources
    assert "西宁至成都" in sources and "Source lines" in sources and "Glossary" in sources
    page.locator("#sources summary").first.click()
    assert page.locator("#sources details pre").first.is_visible()
    page.screenshot(path=str(tmp_path_factory.mktemp("shots") / "en.png"), full_page=True)


@pytest.mark.parametrize("question", [
    '<script>alert(1)</script><img src=x onerror=alert(2)> 兰州新区',
    '" onmouseover="alert(3)" autofocus onfocus="alert(4) 兰州新区',
    "[点击](javascript:alert(5)) <a href='javascript:alert(6)'>链接</a> **粗体** 兰州新区综合保税区",
    "Lanzhou New Area <svg onload=alert(7)> ![x](http://example.org/x.png) `code`",
])
def test_markup_in_a_question_is_shown_as_text(page, question):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ask(page, question)
    page.locator("#answer").hover()
    page.locator("#sources").hover()
    page.wait_for_timeout(300)
    assert dialogs == []
    for selector in ("img", "script", "svg", "a", "[onmouseover]", "[onfocus]", "[onload]"):  # no links at all
        assert page.locator(f"#answer {selector}, #sources {selector}").count() == 0, selector


def test_switching_language_re_renders_the_current_answer(page):
    ask(page, "到2025年空气质量优良天数比例要达到多少？")
    assert "答案" in page.locator("#answer").inner_text()
    page.locator("#ask-language").get_by_label("English").check()
    page.wait_for_function("() => document.querySelector('#answer').innerText.includes('Answer')", timeout=30_000)
    assert "Sources" in page.locator("#sources").inner_text()
    page.locator("#ask-language").get_by_label("自动 / Auto").check()
    page.wait_for_function("() => document.querySelector('#answer').innerText.includes('答案')", timeout=30_000)


def test_copy_button_copies_the_citation(page, browser_app):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=browser_app.rstrip("/"))
    ask(page, "黄河流域横向生态补偿机制")
    page.locator("#sources .copy-cite").first.click()
    page.wait_for_function("() => document.querySelector('#sources .copy-cite').textContent === '✓'", timeout=5_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("兰州—西宁城市群发展“十四五”实施方案，") and "行：" in copied and "横向生态补偿" in copied


def test_low_confidence_and_long_pastes_as_a_user_sees_them(page, tmp_path_factory):
    ask(page, "两省省际联席会议多久召开一次？")   # the plan says 定期 (regularly), and no interval
    assert page.locator("#answer .low-confidence").is_visible()
    ask(page, "到2030年兰西城市群常住人口城镇化率要达到多少？")   # the plan gives 2025's figure, never 2030's
    assert "未在文件中找到答案" in page.locator("#answer").inner_text()
    assert not page.locator("#answer .low-confidence").is_visible()
    paste = ("下面是我整理的材料。" * 30 + "加强兰州新区综合保税区和西宁综合保税区建设，支持两省加工贸易企业在综合保税区"
             "开展保税仓储和加工业务。这段话出自哪里？")
    ask(page, paste)
    assert "兰州新区综合保税区" in page.locator("#sources .hit").first.inner_text()
    page.screenshot(path=str(tmp_path_factory.mktemp("shots") / "low.png"), full_page=True)


def test_documents_tab_lists_the_plan_and_is_read_only_without_an_admin(page):
    page.get_by_role("tab", name="文件 / Documents").click()
    table = page.locator("#documents table.documents")
    table.wait_for(timeout=10_000)
    row = table.locator("tbody tr").first.inner_text()
    assert "兰州—西宁城市群发展“十四五”实施方案" in row and "青政办〔2022〕5号" in row and "2022-02-07" in row
    assert "POLICY_QA_ADMIN" in page.locator("body").inner_text()
    assert page.get_by_role("button", name="添加 / Add").count() == 0 or not page.get_by_role("button", name="添加 / Add").is_visible()
    page.get_by_role("tab", name="问答 / Ask").click()


@pytest.fixture(scope="module")
def admin_url(real_searcher, real_settings, tmp_path_factory):
    """A second app, with an admin login, on a copy of the session's corpus and index."""
    _browser_or_skip()
    from .conftest import serve_app

    root = tmp_path_factory.mktemp("admin")
    shutil.copytree(real_settings.corpus, root / "corpus")
    shutil.copytree(real_settings.index_dir, root / "index")
    with serve_app(str(root / "corpus"), str(root / "index"), {"POLICY_QA_ADMIN": "admin:s3cret"}) as url:
        yield url


def test_an_admin_adds_a_document_and_asks_it_without_a_restart(page, admin_url, tmp_path_factory):
    page = page.context.browser.new_page(viewport={"width": 1280, "height": 900})   # the module's browser
    try:
        page.goto(admin_url, wait_until="networkidle")
        page.get_by_role("tab", name="文件 / Documents").click()
        page.get_by_label("管理员 / Admin user").fill("admin")
        page.get_by_label("密码 / Password").fill("s3cret")
        with page.expect_file_chooser() as chooser:
            page.locator("#documents-upload").get_by_text("Click to Upload").click()
        chooser.value.set_files(str(Path(__file__).parent / "fixtures" / "formats" / "notice-gbk.txt"))
        page.locator("#documents-upload").get_by_text("notice-gbk.txt").wait_for(timeout=10_000)
        page.get_by_role("button", name="添加 / Add").click()
        page.wait_for_function("() => (document.querySelector('#documents-status') || {}).innerText"
                               "?.includes('已添加')", timeout=60_000)
        assert "河政办〔2023〕12号" in page.locator("#documents table.documents").inner_text()
        page.get_by_role("tab", name="目录 / Outline").click()   # the tree follows without a reload
        page.wait_for_function("() => document.querySelector('#outline').innerText.includes('推进高频事项跨省通办')",
                               timeout=10_000)
        page.get_by_role("tab", name="问答 / Ask").click()
        ask(page, "哪个单位牵头推进高频事项跨省通办？")
        assert "市政务服务中心" in page.locator("#answer").inner_text()
        page.screenshot(path=str(tmp_path_factory.mktemp("shots") / "admin.png"), full_page=True)
    finally:
        page.close()


def _upload(page, path: Path) -> None:
    page.get_by_label("管理员 / Admin user").fill("admin")
    page.get_by_label("密码 / Password").fill("s3cret")
    with page.expect_file_chooser() as chooser:
        page.locator("#documents-upload").get_by_text("Click to Upload").click()
    chooser.value.set_files(str(path))
    page.locator("#documents-upload").get_by_text(path.name).wait_for(timeout=10_000)
    page.get_by_role("button", name="添加 / Add").click()


def test_a_page_opened_after_an_upload_shows_it_and_a_copy_is_refused(page, admin_url, tmp_path_factory):
    """A real provincial task list (labelled 责任单位 lines, a leader in its section heading) is uploaded;
    a page opened afterwards lists it, its tasks with their units, and offers it for removal; the same
    bytes under another name are refused."""
    real = Path(__file__).resolve().parents[1] / "eval" / "policies" / "corpus" / "b-huzhou-2024-zeren-fenjie.txt"
    first = page.context.browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        first.goto(admin_url, wait_until="networkidle")
        first.get_by_role("tab", name="文件 / Documents").click()
        _upload(first, real)
        first.wait_for_function("() => (document.querySelector('#documents-status') || {}).innerText"
                                "?.includes('已添加')", timeout=60_000)
    finally:
        first.close()
    fresh = page.context.browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        fresh.goto(admin_url, wait_until="networkidle")
        fresh.get_by_role("tab", name="文件 / Documents").click()
        fresh.wait_for_function("() => document.querySelector('#documents').innerText.includes('2024-02-08')",
                                timeout=20_000)
        fresh.get_by_role("tab", name="目录 / Outline").click()
        outline = fresh.locator("#outline").inner_text()
        assert "b-huzhou-2024-zeren-fenjie:t01" in outline and "市政府办公室" in outline and "洪湖鹏市长" in outline
        copy = tmp_path_factory.mktemp("dup") / "same-bytes-other-name.txt"
        copy.write_bytes(real.read_bytes())
        fresh.get_by_role("tab", name="文件 / Documents").click()
        _upload(fresh, copy)
        fresh.get_by_text("identical content").first.wait_for(timeout=60_000)
        fresh.screenshot(path=str(tmp_path_factory.mktemp("shots") / "duplicate.png"), full_page=True)
    finally:
        fresh.close()


def test_the_csv_download_gives_the_current_filter_on_the_first_click(page, tmp_path_factory):
    page.get_by_role("tab", name="目录 / Outline").click()
    with page.expect_download(timeout=20_000) as first:
        page.get_by_role("button", name="下载责任矩阵 CSV / Download matrix (CSV)").click()
    everything = Path(first.value.path()).read_text(encoding="utf-8-sig")
    assert everything.startswith("文件,任务") and everything.count("\n") > 40
    page.get_by_label("单位 / Unit").click()
    page.get_by_role("option", name="甘肃省林草局").click()
    page.wait_for_function("() => document.querySelector('#outline').innerText.includes('项任务')", timeout=20_000)
    page.wait_for_timeout(1500)
    with page.expect_download(timeout=20_000) as filtered:
        page.get_by_role("button", name="下载责任矩阵 CSV / Download matrix (CSV)").click()
    rows = Path(filtered.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert 1 < len(rows) < everything.count("\n") and all("甘肃省林草局" in r for r in rows[1:])
    page.locator("#outline").screenshot(path=str(tmp_path_factory.mktemp("shots") / "outline.png"))
    page.get_by_role("tab", name="问答 / Ask").click()
