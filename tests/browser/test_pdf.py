"""The PDF of the course (``make pdf``): every page of the site in it, with its figures and equations.

Built by ``scripts/build_pdf.py`` from the site of ``test_book.py`` (the
``site`` fixture: built once per session).  Each page of the table of
contents must start a bookmarked section of at least one page; each
section must hold at least as many images as the page has static figures;
and a page with equations must have them typeset: MathJax's fonts are
embedded in its section.  (Its text is not searched for TeX source: the
code cells printed with it hold TeX in their plot labels; ``test_book.py``
looks for unrendered ``$...$`` in the prose of the page.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

pytestmark = [pytest.mark.browser, pytest.mark.slow]

def _images(resources) -> int:
    xobjects = (resources or {}).get("/XObject") or {}
    count = 0
    for ref in xobjects.values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            count += 1
        elif obj.get("/Subtype") == "/Form":  # Chromium nests some images in forms
            count += _images(obj.get("/Resources"))
    return count


def _fonts(resources) -> set[str]:
    names = set()
    for ref in ((resources or {}).get("/Font") or {}).values():
        font = ref.get_object()
        names.add(str(font.get("/BaseFont", "")))
        descriptor = font.get("/FontDescriptor")  # Chromium embeds web fonts as Type 3 fonts
        if descriptor is not None:
            names.add(str(descriptor.get_object().get("/FontName", "")))
    for ref in ((resources or {}).get("/XObject") or {}).values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Form":
            names |= _fonts(obj.get("/Resources"))
    return names


@pytest.mark.timeout(1800)
def test_pdf_has_every_page_of_the_site_with_figures_and_equations(site, tmp_path, chromium_path, monkeypatch):
    pypdf = pytest.importorskip("pypdf")
    import build_pdf

    monkeypatch.setenv("QTRANSPORT_CHROMIUM", chromium_path)
    out = build_pdf.build(tmp_path / "course.pdf", html=site)
    reader = pypdf.PdfReader(out)
    names = build_pdf.toc_pages()
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    assert len(starts) == len(names), "one bookmark per page of the site"
    bounds = [*starts, len(reader.pages)]
    problems = []
    for name, first, end in zip(names, bounds, bounds[1:], strict=False):
        if end - first < 1:
            problems.append(f"{name}: no page in the PDF")
            continue
        page_html = (site / f"{name}.html").read_text()
        figures = page_html.count('class="qt-static-figure"')
        sheets = [reader.pages[k] for k in range(first, end)]
        images = sum(_images(sheet.get("/Resources")) for sheet in sheets)
        if images < figures:
            problems.append(f"{name}: {figures} figures on the site, {images} images in its PDF pages")
        if 'class="math notranslate' in page_html:
            fonts = set().union(*(_fonts(sheet.get("/Resources")) for sheet in sheets))
            if not any("MATHJAX" in font.upper() or "MJX" in font.upper() for font in fonts):
                problems.append(f"{name}: equations on the site, no MathJax font in its PDF pages")
    assert not problems, "\n".join(problems)
    chapters = [n for n in names if n.startswith("notebooks/")]
    assert sum(bounds[names.index(c) + 1] - bounds[names.index(c)] for c in chapters) >= len(chapters)
