"""The course website, built and read in a real browser without any kernel.

The site is built by ``scripts/build_book.py`` (``make book``) into
``_build/html`` (or taken from ``$QTRANSPORT_BOOK_HTML`` when that names a
built site), served on 127.0.0.1 and every page of its table of contents is
opened in headless Chromium.  A page passes when

* the console shows no error and the page loads nothing from outside the
  local server (MathJax and the widget manager are served by the site);
* every image has a non-empty alt text, and every interactive figure of the
  chapter is there as a static picture;
* MathJax left no ``$...$`` unrendered in the text;
* every self-check question answers: the right answer gets "Correct.", a
  wrong one "Not quite." and a feedback text;
* every link to another page of the site (and to an anchor in it) resolves.

Findings are written to ``test-artifacts/book/report.json``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import socketserver
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "book"
sys.path.insert(0, str(ROOT / "scripts"))

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _toc_pages():
    import yaml

    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [entry["file"] for entry in part.get("chapters", [])]
    return pages


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def report():
    findings = {}
    yield findings
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report.json").write_text(json.dumps(findings, indent=1, ensure_ascii=False))


_PAGE_JS = """() => {
  const main = document.querySelector('main') || document.body;
  const clone = main.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, .highlight, mjx-container, .MathJax')
       .forEach(e => e.remove());
  const text = clone.innerText;
  return {
    images: Array.from(main.querySelectorAll('img')).map(i => ({
      src: (i.getAttribute('src') || '').slice(0, 60), alt: i.getAttribute('alt') || '',
      loaded: i.complete && i.naturalWidth > 0})),
    figures: main.querySelectorAll('.qt-static-figure').length,
    figure_images: main.querySelectorAll('.qt-static-figure img').length,
    quizzes: main.querySelectorAll('.qt-static-quiz').length,
    math: main.querySelectorAll('mjx-container').length,
    raw_math: (text.match(/\\$[^$\\n]{1,80}\\$/g) || []).slice(0, 5),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
  };
}"""

_ANSWER_JS = """async (quiz) => {
  const spec = JSON.parse(quiz.getAttribute('data-quiz'));
  const feedback = () => quiz.querySelector('.qt-static-feedback').innerText;
  const check = () => { quiz.querySelector('button').click(); return feedback(); };
  let wrong, right;
  if (spec.kind === 'choice') {
    const radios = quiz.querySelectorAll('input[type=radio]');
    const good = spec.options.indexOf(spec.answer);
    const bad = good === 0 ? 1 : 0;
    radios[bad].checked = true; wrong = check();
    radios[good].checked = true; right = check();
  } else {
    const box = quiz.querySelector('input[type=text]');
    box.value = String(spec.answer * 3 + 1); wrong = check();
    box.value = String(spec.answer); right = check();
  }
  return {wrong, right};
}"""


def _expected_figures(page_name):
    """Interactive figures and questions the notebook displays (counted in its source)."""
    path = ROOT / f"{page_name}.ipynb"
    nb = json.loads(path.read_text())
    code = "".join("".join(c["source"]) + "\n" for c in nb["cells"] if c["cell_type"] == "code")
    quizzes = len(re.findall(r"\bquiz\.(choice|numeric)\(|(?<![\w.])(choice|numeric)\(", code))
    return quizzes


@pytest.mark.timeout(2400)
@pytest.mark.parametrize("page_name", _toc_pages())
def test_site_page(page_name, server, site, browser, report):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    outside, console = [], []

    def route(r):
        url = r.request.url
        if url.startswith(server) or url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.on("response", lambda r: console.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    problems = []
    url = f"{server}/{page_name}.html"
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        with contextlib.suppress(Exception):  # no MathJax on a page without equations
            page.wait_for_function("() => !window.MathJax || (MathJax.startup && MathJax.startup.promise)",
                                   timeout=10_000)
            page.evaluate("() => window.MathJax && MathJax.startup.promise")
        page.wait_for_timeout(300)
        info = page.evaluate(_PAGE_JS)
        for image in info["images"]:
            if not image["alt"].strip():
                problems.append(f"an image without alt text: {image['src']!r}")
            if not image["loaded"]:
                problems.append(f"an image that did not load: {image['src']!r}")
        if info["figures"] != info["figure_images"]:
            problems.append(f"{info['figures']} static figures but {info['figure_images']} pictures")
        if info["raw_math"]:
            problems.append(f"unrendered mathematics: {info['raw_math']}")
        if page_name.startswith("notebooks/"):
            expected = _expected_figures(page_name)
            if info["quizzes"] < expected:
                problems.append(f"{info['quizzes']} self-check questions on the page, {expected} in the notebook")
        quizzes = page.locator(".qt-static-quiz")
        for i in range(quizzes.count()):
            answers = quizzes.nth(i).evaluate(_ANSWER_JS)
            if not answers["right"].startswith("Correct.") or len(answers["right"]) < 10:
                problems.append(f"question {i + 1}: the right answer gives {answers['right']!r}")
            if not answers["wrong"].startswith("Not quite."):
                problems.append(f"question {i + 1}: a wrong answer gives {answers['wrong']!r}")
        problems += _broken_links(site, page_name, info["links"])
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{page_name.replace('/', '_')}.png"))
    finally:
        context.close()
    problems += [f"browser console: {c[:300]}" for c in console]
    problems += [f"a request leaving the site: {u}" for u in sorted(set(outside))]
    report[page_name] = {"problems": problems, "figures": info.get("figures"), "quizzes": info.get("quizzes"),
                         "equations": info.get("math")}
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


def test_site_index_leads_to_the_welcome_page(server, browser):
    page = browser.new_page()
    try:
        page.goto(f"{server}/index.html")
        page.wait_for_url(f"**/{_toc_pages()[0]}.html", timeout=10_000)
    finally:
        page.close()


@functools.cache
def _ids(path: Path):
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(errors="replace")))


def _broken_links(site: Path, page_name: str, links):
    current = site / f"{page_name}.html"
    here = current.parent
    broken = []
    for href in dict.fromkeys(links):
        parts = urllib.parse.urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
            continue  # leaves the site on purpose (launch buttons, references): not loaded here
        target = here / urllib.parse.unquote(parts.path) if parts.path else None
        target = current if target is None else target.resolve()
        if parts.path and target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"a link to a missing page: {href}")
        elif parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(target):
            broken.append(f"a link to a missing anchor: {href}")
    return broken
