"""The PDF of the course (``make pdf``): every page of the site in it, with its figures.

Built by ``scripts/build_pdf.py`` from the site of ``test_book.py`` (the
``site`` fixture: built once per session).  Each page of the table of
contents must start a bookmarked section of at least one page, and each
chapter's section must hold at least as many images as the chapter has
static figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _images(page) -> int:
    resources = page.get("/Resources") or {}
    xobjects = resources.get("/XObject") or {}
    count = 0
    for ref in xobjects.values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            count += 1
        elif obj.get("/Subtype") == "/Form":  # Chromium nests some images in forms
            count += _images(obj)
    return count


@pytest.mark.timeout(1800)
def test_pdf_has_every_page_of_the_site_and_its_figures(site, tmp_path, chromium_path, monkeypatch):
    pypdf = pytest.importorskip("pypdf")
    import build_pdf

    monkeypatch.setenv("QTRANSPORT_CHROMIUM", chromium_path)
    out = build_pdf.build(tmp_path / "course.pdf", html=site)
    reader = pypdf.PdfReader(out)
    names = build_pdf.toc_pages()
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    assert len(starts) == len(names), "one bookmark per page of the site"
    bounds = [*starts, len(reader.pages)]
    for name, first, end in zip(names, bounds, bounds[1:], strict=False):
        assert end - first >= 1, f"{name}: no page in the PDF"
        figures = (site / f"{name}.html").read_text().count('class="qt-static-figure"')
        images = sum(_images(reader.pages[k]) for k in range(first, end))
        assert images >= figures, f"{name}: {figures} figures on the site, {images} images in its PDF pages"
    chapters = [n for n in names if n.startswith("notebooks/")]
    assert sum(bounds[names.index(c) + 1] - bounds[names.index(c)] for c in chapters) >= len(chapters)
