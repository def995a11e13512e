"""The course website, built and read in a real browser without any kernel.

The site is built by ``scripts/build_book.py`` (``make book``) into
``_build/html`` (or taken from ``$QTRANSPORT_BOOK_HTML`` when that names a
built site), served on 127.0.0.1 and every page of its table of contents is
opened in headless Chromium.  A page passes when

* the console shows no error and the page loads nothing from outside the
  local server (MathJax and the widget manager are served by the site);
* every image has a non-empty alt text; every interactive figure the
  executed notebook displays is there as a static picture, every
  self-check question as its page version, and every other widget (a
  progress bar) is drawn by the widget manager from its saved state, never
  shown as the text of its Python object;
* the launch links are there: Binder, and the JupyterHub (nbgitpuller) link
  when the hub address is set, each opening this page's notebook;
* MathJax left no ``$...$`` unrendered in the text;
* every self-check question answers: the right answer gets "Correct.", a
  wrong one "Not quite." and a feedback text;
* every link to another page of the site (and to an anchor in it) resolves.

Findings are written to ``test-artifacts/book/report.json``.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import os
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
    widget_views: main.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
    widgets_drawn: Array.from(main.querySelectorAll('.widget-subarea'))
                        .filter(e => e.querySelector('.jupyter-widgets, .widget-inline-hbox, .widget-box')).length,
    widget_texts: Array.from(main.querySelectorAll('.cell_output .output.text_plain'))
                       .map(e => e.innerText.trim())
                       .filter(t => /^[A-Z]\\w*\\((value|children|layout|description|options)=/.test(t))
                       .map(t => t.slice(0, 80)),
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


def _expected_quizzes(page_name):
    """Self-check questions the notebook asks (counted in its source)."""
    path = ROOT / f"{page_name}.ipynb"
    nb = json.loads(path.read_text())
    code = "".join("".join(c["source"]) + "\n" for c in nb["cells"] if c["cell_type"] == "code")
    return len(re.findall(r"\bquiz\.(choice|numeric)\(|(?<![\w.])(choice|numeric)\(", code))


def _displayed_widgets(site, page_name):
    """``{"figure": n, "quiz": n, "plain": n}``: the widget views the executed notebook displays.

    Read from the build's execution cache (``.jupyter_cache`` next to the site),
    that is from what the kernel displayed, not from the page: a figure or
    question carries its static version as ``text/html``; a plain widget (a
    progress bar) has none.  ``None`` when the page was not executed (the
    exercises) or there is no cache to read.
    """
    cache_dir = site.parent / ".jupyter_cache"
    source = ROOT / f"{page_name}.ipynb"
    if not cache_dir.exists() or not source.exists():
        return None
    from jupyter_cache import get_cache

    try:
        _, notebook = get_cache(cache_dir).merge_match_into_file(source)
    except KeyError:  # not executed (excluded from execution)
        return None
    counts = {"figure": 0, "quiz": 0, "plain": 0}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.jupyter.widget-view+json" not in data:
                continue
            markup = data.get("text/html", "")
            markup = "".join(markup) if isinstance(markup, list) else markup
            kind = "figure" if "qt-static-figure" in markup else "quiz" if "qt-static-quiz" in markup else "plain"
            counts[kind] += 1
    return counts


@functools.cache
def _launch_settings(site):
    """Repository, branch, BinderHub and JupyterHub the site was built with (its _config.yml)."""
    import yaml

    path = site.parent / "_config.yml"
    if not path.exists():
        import build_book

        config = build_book.site_config()
    else:
        config = yaml.safe_load(path.read_text())
    repository = config.get("repository", {})
    launch = config.get("launch_buttons", {})
    return {
        "repo": str(repository.get("url", "")).rstrip("/"),
        "branch": repository.get("branch") or "main",
        "binder": str(launch.get("binderhub_url") or "").rstrip("/"),
        "hub": str(launch.get("jupyterhub_url") or "").rstrip("/"),
    }


def _launch_problems(links, page_name, settings):
    """What is missing among the launch links of a page made from ``page_name``.ipynb."""
    problems = []
    repo, branch = settings["repo"], settings["branch"]
    notebook = f"{page_name}.ipynb"
    if settings["binder"]:
        if repo.startswith("https://github.com/"):
            org_repo = repo.removeprefix("https://github.com/")
            wanted = f"{settings['binder']}/v2/gh/{org_repo}/{branch}?urlpath=lab/tree/{notebook}"
            ok = wanted in links
        else:
            wanted = f"{settings['binder']}/v2/... ?urlpath=lab/tree/{notebook}"
            ok = any(h.startswith(settings["binder"] + "/v2/") and h.endswith(f"urlpath=lab/tree/{notebook}")
                     for h in links)
        if not ok:
            problems.append(f"no Binder launch link {wanted}")
    hub_links = [h for h in links if h.startswith(f"{settings['hub']}/hub/user-redirect/git-pull?")]
    if settings["hub"]:
        name = repo.rsplit("/", 1)[-1]
        wanted = {"repo": [repo], "urlpath": [f"lab/tree/{name}/{notebook}"], "branch": [branch]}
        if not any(urllib.parse.parse_qs(urllib.parse.urlsplit(h).query) == wanted for h in hub_links):
            problems.append(f"no JupyterHub launch link to {settings['hub']} with nbgitpuller {wanted} "
                            f"(found {hub_links})")
    return problems


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
    problems, info = [], {}
    url = f"{server}/{page_name}.html"
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        with contextlib.suppress(Exception):  # no MathJax on a page without equations
            page.wait_for_function("() => !window.MathJax || (MathJax.startup && MathJax.startup.promise)",
                                   timeout=10_000)
            page.evaluate("() => window.MathJax && MathJax.startup.promise")
        with contextlib.suppress(Exception):  # the widget manager draws the saved widgets
            page.wait_for_function(
                """() => document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')
                           .length <= document.querySelectorAll('.widget-subarea .jupyter-widgets').length""",
                timeout=10_000)
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
            expected = _expected_quizzes(page_name)
            if info["quizzes"] < expected:
                problems.append(f"{info['quizzes']} self-check questions on the page, {expected} in the notebook")
        displayed = _displayed_widgets(site, page_name)
        if displayed is None and page_name.startswith("notebooks/") and (site.parent / ".jupyter_cache").exists():
            problems.append("the build's execution cache has no run of this notebook as it is now")
        if displayed is not None:
            if info["figures"] != displayed["figure"]:
                problems.append(f"{info['figures']} static figures on the page, "
                                f"{displayed['figure']} interactive figures in the executed notebook")
            if info["quizzes"] != displayed["quiz"]:
                problems.append(f"{info['quizzes']} self-check questions on the page, "
                                f"{displayed['quiz']} in the executed notebook")
            if info["widget_views"] != displayed["plain"] or info["widgets_drawn"] < displayed["plain"]:
                problems.append(f"{displayed['plain']} plain widgets in the executed notebook, "
                                f"{info['widget_views']} on the page, {info['widgets_drawn']} drawn")
        if info["widget_texts"]:
            problems.append(f"widgets shown as the text of their Python object: {info['widget_texts'][:3]}")
        problems += _launch_problems(info["links"], page_name, _launch_settings(site))
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
                         "widgets": info.get("widgets_drawn"), "equations": info.get("math")}
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


def _book_tools_or_skip():
    """Skip as the ``site`` fixture does when the website is not asked for or cannot be built.

    With ``QTRANSPORT_BOOK=required`` missing tools fail the test instead.
    """
    wanted = os.environ.get("QTRANSPORT_BOOK", "")
    if wanted not in {"1", "required"}:
        pytest.skip("the website is tested with QTRANSPORT_BOOK=1 (make test-book)")
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        reason = "Jupyter Book 1 is not installed (pip install 'jupyter-book<2'): no website to build"
        if wanted == "required":
            pytest.fail(f"{reason}; QTRANSPORT_BOOK=required", pytrace=False)
        pytest.skip(reason)


@pytest.mark.timeout(600)
def test_the_launch_settings_give_a_hub_link_and_no_binder_link(tmp_path):
    """One page built with a hub address, a copy of the course and no Binder: its launch links follow."""
    _book_tools_or_skip()
    import build_book

    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: exercises/ex01_reservoirs\n")
    environ = {
        **os.environ,
        "QTRANSPORT_HUB_URL": "https://hub.example.edu/",
        "QTRANSPORT_REPO_URL": "https://github.com/physics-dept/transport-2027",
        "QTRANSPORT_REPO_BRANCH": "spring",
        "QTRANSPORT_BINDER_URL": "",
    }
    assert build_book.build(environ=environ, toc=toc, output=tmp_path) == 0
    site = tmp_path / "_build" / "html"
    settings = _launch_settings(site)
    assert settings == {"repo": "https://github.com/physics-dept/transport-2027", "branch": "spring",
                        "binder": "", "hub": "https://hub.example.edu"}
    text = (site / "exercises" / "ex01_reservoirs.html").read_text()
    links = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', text)]
    assert _launch_problems(links, "exercises/ex01_reservoirs", settings) == []
    assert not [h for h in links if "/v2/gh/" in h], "a Binder link although QTRANSPORT_BINDER_URL is empty"
