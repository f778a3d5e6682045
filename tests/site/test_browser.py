"""The report in a real browser: headless Chromium from the system's
packages, driven over the DevTools protocol (tests/site/browser.py).

Each test loads a report and fails on any console error; screenshots of
the main views are written to tests/site/screenshots/ (not kept in git) to
be looked at.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from conftest import MAPS, TESTS

import browser as chromium

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
SHOTS = HERE / "screenshots"
HOSTILE = HERE / "fixtures" / "hostile"
CORPUS = TESTS / "fixtures" / "corpus"
EXECUTABLE, WHY = chromium.find()


@pytest.fixture(scope="module")
def browser():
    if EXECUTABLE is None:
        pytest.skip(WHY)
    try:
        started = chromium.Browser(EXECUTABLE)
        started.send("Browser.getVersion", timeout=60)
    except (OSError, chromium.BrowserError) as exc:
        pytest.skip(f"Chromium at {EXECUTABLE} does not start here: {exc}")
    yield started
    started.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from argmap.validate import validate
    from argmap.site import build

    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, paths, options in (("bundled", [MAPS], {}), ("corpus", [CORPUS], {}), ("hostile", [HOSTILE], {}),
                                 ("english", [MAPS], {"lang": "en"})):
        path = folder / f"{name}.html"
        path.write_text(build(validate([str(p) for p in paths]), **options).html, encoding="utf-8")
        out[name] = path.as_uri()
    broken = folder / "broken"
    broken.mkdir()
    (broken / "a.map").write_text('---\nid: a\ntitle: t\nauthors: [x]\nyear: 2000\n---\nthesis T "甲" { at "¶1" }\n'
                                  'claim c1 "乙" { supports X9 }\n', encoding="utf-8")
    path = folder / "broken.html"
    path.write_text(build(validate([str(broken / "a.map")])).html, encoding="utf-8")
    out["broken"] = path.as_uri()
    SHOTS.mkdir(exist_ok=True)
    return out


@pytest.fixture
def page(browser):
    tab = browser.page(1280, 900)
    yield tab
    assert tab.errors == [], tab.errors


def test_the_bundled_report_opens_with_no_error_and_shows_the_overview(page, reports):
    took = page.goto(reports["bundled"])
    text = page.text()
    assert "5 texts mapped." in text
    for heading in ("Texts", "Shared questions", "Comparison figure", "Agreement between authors"):
        assert heading in page.eval("[...document.querySelectorAll('main h2')].map(h => h.textContent).join('|')")
    assert "Thomas S. Wilkins" in text and "湯名暉" in text
    assert page.eval("document.querySelector('main figure svg[role=img]').getAttribute('aria-label')").startswith(
        "The stance matrix")
    page.screenshot(SHOTS / "overview.png")
    page.resize(390, 844)
    page.settle()
    page.screenshot(SHOTS / "overview-narrow.png")
    (SHOTS / "timing.txt").write_text(f"bundled report: load event after {took:.2f} s\n", encoding="utf-8")


def test_a_matrix_cell_opens_the_reasoning_behind_it(page, reports):
    page.goto(reports["corpus"] + "#/matrix")
    page.click("button.cell[data-issue='security'][data-map='beta']")
    assert page.eval("location.hash") == "#/matrix/security/beta"
    assert page.eval("document.activeElement.id") == "explain-title"
    text = page.text("#explain")
    assert "security · 乙 et al. 2025" in text
    assert "rule: every node that takes a stance on it agrees." in text
    assert "Strongest support\n\nCLAIM c2 (¶2) 非傳統安全為起點\n\nCounterpoints against this position\n\nNone." in text
    page.screenshot(SHOTS / "matrix.png")
    # Closing gives the focus back to the cell.
    page.click("#explain button.close")
    assert page.eval("document.activeElement.getAttribute('data-map')") == "beta"


def test_the_matrix_works_from_the_keyboard(page, reports):
    page.goto(reports["bundled"] + "#/matrix")
    page.eval("document.querySelector('button.cell').focus()")
    first = page.eval("document.activeElement.getAttribute('aria-label')")
    page.key("ArrowRight")
    assert page.eval("document.activeElement.getAttribute('aria-label')") != first
    page.key("Enter")
    assert page.eval("document.activeElement.id") == "explain-title"
    assert "Nodes that take a stance" in page.text("#explain")
    # The focus ring shows on what the keyboard reached.
    page.key("Tab")
    assert page.eval("getComputedStyle(document.activeElement).outlineStyle") == "solid"


def test_a_node_clicked_in_the_diagram_shows_its_panel(page, reports):
    page.goto(reports["corpus"] + "#/map/alpha")
    page.click("svg g.node[data-node='c1']")
    assert page.eval("location.hash") == "#/map/alpha/c1"
    panel = page.text("aside.panel")
    for expected in ("CLAIM c1", "非傳統安全較可行", "English gloss\nNon-traditional security is more feasible",
                     "Quote\n從非傳統安全議題切入", "Locator\n§2", "Tags\n#nts", "→ supports T 合作有限",
                     "→ same as beta:c2 非傳統安全為起點", "← e1 救災合作 supports this", "← k1 中國反對 attacks this",
                     "In the file\n"):
        assert expected in panel, (expected, panel)
    assert page.eval("document.querySelector('svg g.node.selected').getAttribute('data-node')") == "c1"
    # Hovering shows the gloss: the node's <title>.
    assert page.eval("document.querySelector(\"svg g.node[data-node='c1'] > title\").textContent").startswith(
        "claim c1 — Non-traditional security is more feasible — at §2")
    page.screenshot(SHOTS / "map-corpus.png")
    # A relation is a link, across maps too.
    page.click("aside.panel a[href='#/map/beta/c2']")
    assert page.eval("location.hash") == "#/map/beta/c2"
    assert "非傳統安全為起點" in page.text("aside.panel")
    assert "← alpha:c1 非傳統安全較可行 same as this" in page.text("aside.panel")


def test_the_diagram_pans_and_zooms(page, reports):
    page.goto(reports["bundled"] + "#/map/tang2025")
    box = "document.querySelector('.viewport svg').getAttribute('viewBox').split(' ').map(Number)"
    before = page.eval(box)
    x, y = page.center(".viewport")
    page.wheel(x, y, -400)
    zoomed = page.eval(box)
    assert zoomed[2] < before[2]
    page.drag(x, y, 120, 0)
    moved = page.eval(box)
    assert moved[0] < zoomed[0] and moved[2] == pytest.approx(zoomed[2])
    page.eval("document.querySelector('.viewport').focus()")
    page.key("-")
    assert page.eval(box)[2] > moved[2]
    page.key("0")
    whole = page.eval(box)
    assert whole[2] >= page.eval("document.querySelector('.viewport svg').viewBox.baseVal.width") - 1e-6 or \
        whole[3] >= page.eval("document.querySelector('.viewport svg').viewBox.baseVal.height") - 1e-6
    page.click("svg g.node[data-node='c1']")
    assert "台灣對日本具有雙重價值" in page.text("aside.panel")
    page.screenshot(SHOTS / "map.png")
    page.resize(390, 844)
    page.goto(reports["bundled"] + "#/map/tang2025/p1")
    page.settle(4)
    assert page.eval("document.querySelector('svg g.node.selected').getAttribute('data-node')") == "p1"
    page.screenshot(SHOTS / "map-narrow.png")


def test_a_node_is_reached_and_chosen_from_the_keyboard(page, reports):
    page.goto(reports["corpus"] + "#/map/beta")
    page.eval("document.querySelector(\"svg g.node[data-node='p1']\").focus()")
    assert page.eval("document.activeElement.getAttribute('aria-label')") == "premise p1: 共同價值"
    page.key("Enter")
    assert "Shared values" in page.text("aside.panel")


def test_search_finds_a_chinese_substring_and_close_matches(page, reports):
    page.goto(reports["corpus"])
    page.click("#q")
    page.type("傳統安全")
    page.wait_for("location.hash.startsWith('#/search/')")
    page.settle(2)
    assert page.eval("location.hash") == "#/search/" + "%E5%82%B3%E7%B5%B1%E5%AE%89%E5%85%A8"
    assert page.text("main [role=status]") == "2 nodes contain “傳統安全”."
    hits = page.eval("[...document.querySelectorAll('.results a')].map(a => a.getAttribute('href'))")
    assert hits == ["#/map/alpha/c1", "#/map/beta/c2"]
    # alpha's c1 matches in its text and in its quote: one entry, both lines marked.
    assert page.eval("[...document.querySelectorAll('.results mark')].map(m => m.textContent)") == ["傳統安全"] * 3
    assert "quote: 從非傳統安全議題切入" in page.text(".results")
    # Full-width and 臺/台 forms fold; no word segmentation is needed.
    page.goto(reports["corpus"] + "#/search/" + "安全傳統")
    assert "Close matches" in page.text()
    assert page.eval("[...document.querySelectorAll('.results a')].map(a => a.getAttribute('href'))") == [
        "#/map/alpha/c1", "#/map/beta/c2"]
    page.goto(reports["bundled"] + "#/search/" + "臺灣")
    assert int(page.text("main [role=status]").split()[0]) > 10  # 台灣 counts
    page.screenshot(SHOTS / "search.png")


def test_each_authors_reasoning_per_issue(page, reports):
    page.goto(reports["corpus"] + "#/issue/security")
    text = page.text()
    assert "甲 2012 ▼ con" in text and "乙 et al. 2025 ▲ pro" in text
    assert "⤫ COUNTERPOINT k1 (§3) defeated 中國反對" in text
    page.goto(reports["bundled"] + "#/issue/security")
    page.screenshot(SHOTS / "issue.png")


HOSTILE_ROUTES = ("", "#/matrix/q1/hostile", "#/map/hostile", "#/map/hostile/T", "#/map/hostile/c1",
                  "#/map/hostile/e1", "#/map/plain/c1", "#/issue/q1", "#/issues", "#/search/script", "#/problems")


def test_hostile_text_is_shown_and_never_runs(page, reports):
    for route in HOSTILE_ROUTES:
        page.goto(reports["hostile"] + route)
        page.settle(3)
        assert page.eval("typeof window.__pwned") == "undefined", route
        assert page.eval("document.querySelectorAll('body img, body iframe, body object, main script, [onerror], "
                         "[onload], [onclick]').length") == 0, route
        hrefs = page.eval("[...document.querySelectorAll('[href]')].map(a => a.getAttribute('href'))")
        assert all(h.startswith("#") or h.startswith("https://") for h in hrefs), (route, hrefs)
    page.goto(reports["hostile"] + "#/map/hostile/T")
    panel = page.text("aside.panel")
    assert "</script><script>window.__pwned = 'script'</script>" in panel
    assert "<img src=x onerror=\"window.__pwned='img'\"> gloss" in panel
    assert "<!-- a comment opens ]]> and \u2424 a line separator" in panel
    page.goto(reports["hostile"] + "#/map/hostile/c1")
    panel = page.text("aside.panel")
    # The bidi override is shown as a mark, not obeyed; a javascript: source is text, not a link.
    assert "\ufffdevil\ufffd reversed and <b>bold</b>" in panel and "\u202e" not in panel
    assert "Source\njavascript:window.__pwned='source'" in panel
    assert page.eval("document.querySelectorAll('aside.panel a[href^=javascript]').length") == 0
    page.goto(reports["hostile"] + "#/map/hostile/e1")
    assert page.eval("document.querySelector('aside.panel dd a[target=_blank]').getAttribute('href')") == \
        "https://example.org/a?b=%3Cc%3E&d=%22e%22"
    page.goto(reports["hostile"] + "#/map/hostile/c1")
    page.screenshot(SHOTS / "hostile.png")


def test_errors_are_shown_located_instead_of_the_maps(page, reports):
    page.goto(reports["broken"])
    text = page.text()
    assert "The maps have errors." in text
    assert "a.map:8:25: error[AM201] unknown id `X9`" in text
    assert page.eval("[...document.querySelectorAll('.diag')].find(d => d.querySelector('.sev-error'))"
                     ".querySelector('pre .span').textContent") == "X9"
    assert "Found 1 error" in text
    page.screenshot(SHOTS / "errors.png")


def test_english_throughout(page, reports):
    page.goto(reports["english"] + "#/matrix")
    assert "Wilkins 2012" in page.text("table.matrix")
    assert "Can Taiwan–Japan military and strategic security cooperation deepen?" in page.text("table.matrix")


def test_print_hides_the_controls(page, reports):
    page.goto(reports["bundled"] + "#/matrix")
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    assert page.eval("getComputedStyle(document.querySelector('.top nav')).display") == "none"
    assert page.eval("getComputedStyle(document.querySelector('#search')).display") == "none"
    page.send("Emulation.setEmulatedMedia", {"media": ""})


CONTRAST = """
(() => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = e => { for (; e; e = e.parentElement) { const s = getComputedStyle(e);
      if (s.backgroundImage !== 'none') return null; const c = parse(s.backgroundColor); if (c[3] > 0.99) return c; }
    return [255, 255, 255, 1]; };
  const bad = [];
  const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const e = n.parentElement; if (!n.textContent.trim() || !e.getClientRects().length) continue;
    if (e.closest('svg') || e.closest('.visually-hidden')) continue;
    const bg = background(e); if (!bg) continue;
    const fg = parse(getComputedStyle(e).color);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) bad.push(e.tagName + '.' + e.className + ' ' + ratio.toFixed(2) + ' ' + n.textContent.slice(0, 20));
  }
  return bad;
})()
"""


@pytest.mark.parametrize("route", ["", "#/matrix/security/tang2025", "#/map/tang2025/c1", "#/issue/security",
                                   "#/search/台灣", "#/problems"])
def test_text_contrast_passes_wcag_aa(page, reports, route):
    page.goto(reports["bundled"] + route)
    page.settle(3)
    assert page.eval(CONTRAST) == []


def test_every_control_has_a_name(page, reports):
    for route in ("", "#/matrix", "#/map/tang2025"):
        page.goto(reports["bundled"] + route)
        page.settle(3)
        nameless = page.eval("[...document.querySelectorAll('button, a, input, select, [role=button]')].filter(e => "
                             "!(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length)))"
                             ".map(e => e.outerHTML.slice(0, 80))")
        assert nameless == [], route


def _text_meanwhile(tab, selector: str = "main") -> str:
    """The text shown, or "" while the page is reloading (the browser then
    refuses to evaluate in the page it is leaving)."""
    try:
        return tab.text(selector) or ""
    except chromium.BrowserError as exc:
        if "navigated or closed" in str(exc) or "context" in str(exc).lower():
            return ""
        raise


def test_a_served_page_reloads_itself_when_a_map_changes(browser, tmp_path, monkeypatch):
    from argmap.validate import validate
    from argmap.site import build
    from argmap.site.serve import run

    folder = tmp_path / "maps"
    shutil.copytree(CORPUS, folder)
    monkeypatch.chdir(tmp_path)
    stop = threading.Event()
    ready: dict = {}
    thread = threading.Thread(
        target=run, args=([str(folder)], lambda n: build(validate([str(folder)]), live=n).html),
        kwargs={"interval": 0.1, "started": lambda s: ready.setdefault("server", s), "stop": stop.is_set}, daemon=True)
    thread.start()
    try:
        import time

        deadline = time.monotonic() + 30
        while "server" not in ready and time.monotonic() < deadline:
            time.sleep(0.05)
        tab = browser.page(1280, 900)
        tab.goto(ready["server"].url + "#/map/beta/c2")
        assert "非傳統安全為起點" in tab.text("aside.panel")
        text = (folder / "beta.map").read_text(encoding="utf-8").replace("非傳統安全為起點", "非傳統安全是起點")
        (folder / "beta.map").write_text(text, encoding="utf-8")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "非傳統安全是起點" not in _text_meanwhile(tab, "aside.panel"):
            time.sleep(0.2)
        assert "非傳統安全是起點" in tab.text("aside.panel")
        assert tab.eval("location.hash") == "#/map/beta/c2"  # the place it was at
        # An error replaces the picture, located.
        (folder / "beta.map").write_text(text.replace("supports T }", "supports X9 }"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "The maps have errors." not in _text_meanwhile(tab):
            time.sleep(0.2)
        assert "beta.map:8:81: error[AM201] unknown id `X9`" in tab.text()
        tab.screenshot(SHOTS / "served-error.png")
        assert tab.errors == []
    finally:
        stop.set()
        thread.join(10)
