"""One PDF of the course, printed by Chromium from the built website (``make pdf``).

Every page of the table of contents (welcome, chapters, exercises) is opened
from ``_build/html`` (``make book`` first) on a local server, its equations
typeset by MathJax, and printed with Chromium's print-to-PDF; the pages are
joined into ``_build/qtransport.pdf`` with one bookmark per page of the site.
The static pictures of the figures are in it, as on the site.

Usage: ``python scripts/build_pdf.py [OUTPUT]``.  Needs Chromium (Debian's
``chromium`` package, or ``$QTRANSPORT_CHROMIUM``), and the Python packages
``playwright`` (no browser download) and ``pypdf``.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import socketserver
import sys
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def toc_pages():
    """The pages of the table of contents (``notebooks/00_welcome``, ...), in order."""
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text())
    return [toc["root"]] + [e["file"] for part in toc.get("parts", []) for e in part.get("chapters", [])]


def chromium() -> str:
    for candidate in (os.environ.get("QTRANSPORT_CHROMIUM"), "/usr/lib/chromium/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("build_pdf: Chromium not found (apt-get install chromium, or set QTRANSPORT_CHROMIUM)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(output: Path = ROOT / "_build" / "qtransport.pdf", html: Path = HTML) -> Path:
    """Print every page of the site and join them into ``output``; return its path."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    if not (html / "index.html").exists():
        raise SystemExit(f"build_pdf: no site in {html}: run `make book` first")
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    writer = PdfWriter()
    t0 = time.monotonic()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for n, name in enumerate(toc_pages(), start=1):
                page.goto(f"{base}/{name}.html", wait_until="load")
                page.wait_for_function(  # MathJax typeset the equations (on a page that has it)
                    """() => !document.querySelector('script[src*="mathjax"]')
                             || (window.MathJax && MathJax.startup && MathJax.startup.promise)""",
                    timeout=30_000)
                page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
                # the widget manager draws the saved widgets (progress bars) after the load
                page.wait_for_function(
                    """() => document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')
                               .length <= document.querySelectorAll('.widget-subarea .jupyter-widgets').length""",
                    timeout=30_000)
                title = page.title().split("—")[0].split(" | ")[0].strip() or name
                pdf = page.pdf(format="A4", print_background=True,
                               margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
                reader = PdfReader(io.BytesIO(pdf))
                first = len(writer.pages)
                for sheet in reader.pages:
                    writer.add_page(sheet)
                writer.add_outline_item(title=title, page_number=first)
                print(f"build_pdf: [{n}/{len(toc_pages())}] {name}: {len(reader.pages)} page(s)", flush=True)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as handle:
        writer.write(handle)
    print(f"build_pdf: {output} ({len(writer.pages)} pages) in {time.monotonic() - t0:.0f} s")
    return output


def main(argv):
    build(Path(argv[0]) if argv else ROOT / "_build" / "qtransport.pdf")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
