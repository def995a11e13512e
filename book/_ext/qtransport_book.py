"""Sphinx extension of the course website.

* Links to files that are not pages of the site: the notebooks link to
  folders (``../exercises/``) and to the instructor sources in
  ``solutions/``, which the website does not publish.  Such a link would be
  a broken reference; it becomes a link to the file or folder in the course
  repository instead (``repository.url`` and ``repository.branch`` of the
  book configuration).
* A script registered twice (Jupyter Book and sphinx-thebe both add the
  thebe settings) is written once, and the theme gets an explicit colour
  mode: both would otherwise be errors in the browser console.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

ROOT = Path(__file__).resolve().parents[2]


class RepositoryLinks(SphinxPostTransform):
    """Turn MyST links to repository files outside the site into links to the repository."""

    default_priority = 8  # before MyST's own resolver (9), which would warn about them

    def run(self, **kwargs):
        options = self.config.html_theme_options or {}
        repo = str(options.get("repository_url", "")).rstrip("/")
        branch = options.get("repository_branch") or "main"
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst":
                continue
            target = self._repository_path(node)
            if target is None:
                continue
            path = ROOT / target
            kind = "tree" if path.is_dir() else "blob"
            link = nodes.reference("", "", internal=False, refuri=f"{repo}/{kind}/{branch}/{target}")
            link += node.children or [nodes.literal(target, target)]
            node.replace_self(link)

    def _repository_path(self, node):
        """The repository path ``node`` points at, if it is a file or folder that is no page."""
        refdoc = node.get("refdoc", self.env.docname)
        if node.get("refdomain") == "doc":
            docname = node["reftarget"]
            if docname in self.env.all_docs:
                return None
            for suffix in (".ipynb", ".md", ""):
                if (ROOT / f"{docname}{suffix}").exists():
                    return f"{docname}{suffix}"
            return None
        target = node.get("reftarget", "")
        if not target or "://" in target or target.startswith("#"):
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(refdoc), target.split("#")[0]))
        if joined.startswith("..") or not (ROOT / joined).exists():
            return None
        stem = joined[: -len(Path(joined).suffix)] if Path(joined).suffix else joined
        if stem in self.env.all_docs:
            return None
        return joined


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {}) or {}
        key = (str(script), attributes.get("body", ""), attributes.get("src", ""))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique
    if not context.get("default_mode"):  # the theme's script rejects an empty colour mode
        context["default_mode"] = "light"


def setup(app):
    app.add_post_transform(RepositoryLinks)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
