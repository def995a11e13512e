"""Sphinx extension of the course website.

* Links to files that are not pages of the site: the notebooks link to
  folders (``../exercises/``) and to the instructor sources in
  ``solutions/``, which the website does not publish.  Such a link would be
  a broken reference; it becomes a link to the file or folder in the course
  repository instead (``repository.url`` and ``repository.branch`` of the
  book configuration).
* Every displayed equation (``$$ ... $$``) gets a number, per page, as
  ``math_number_all`` does for the ``math`` directive only.
* A script registered twice (Jupyter Book and sphinx-thebe both add the
  thebe settings) is written once, and the theme gets an explicit colour
  mode: both would otherwise be errors in the browser console.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

ROOT = Path(__file__).resolve().parents[2]


class NumberEquations(SphinxTransform):
    """Number every displayed equation that has no label, as Sphinx's ``math`` directive does.

    MyST writes ``$$ ... $$`` as a math block without a label, which
    ``math_number_all`` does not reach.  Blocks that bring their own layout
    (``nowrap``, the amsmath environments) are left alone.
    """

    default_priority = 200  # before docutils moves targets onto the node that follows them (260)

    def apply(self, **kwargs):
        if not self.config.math_number_all:
            return
        domain = self.env.get_domain("math")
        for node in list(self.document.findall(nodes.math_block)):
            if node.get("label") or node.get("nowrap") or node.get("number"):
                continue
            label = f"{self.env.docname}:{self.env.new_serialno('sphinx.ext.math#equations')}"
            node["label"] = label
            domain.note_equation(self.env.docname, label, location=node)
            node["number"] = domain.get_equation_number_for(label)
            target = nodes.target("", "", ids=[nodes.make_id(f"equation-{label}")])
            self.document.note_explicit_target(target)
            node.parent.insert(node.parent.index(node), target)


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


def _script_key(script):
    """What a script tag loads or runs, whatever the priority it was registered with."""
    filename = getattr(script, "filename", script)
    attributes = getattr(script, "attributes", {}) or {}
    return (str(filename or ""), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique
    if not context.get("default_mode"):  # the theme's script rejects an empty colour mode
        context["default_mode"] = "light"


def setup(app):
    app.add_transform(NumberEquations)
    app.add_post_transform(RepositoryLinks)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
