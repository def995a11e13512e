"""A public name means one thing across the flat namespaces of the package.

``qtransport``, ``qtransport.tb``, ``qtransport.lattice``, ``qtransport.models``
and ``qtransport.grading`` are all imported flat in notebooks and exercises
(``from qtransport import *``, ``from qtransport.tb import transmission``).  A
name exported by two of them must be the same object (``qtransport`` re-exports
the models, for instance); two different functions under one name would make
the meaning of a call depend on which import came last.
"""

from __future__ import annotations

import importlib
from itertools import combinations

import pytest

NAMESPACES = ["qtransport", "qtransport.tb", "qtransport.lattice", "qtransport.models", "qtransport.grading"]


def exported(name):
    module = importlib.import_module(name)
    names = getattr(module, "__all__", None)
    assert names is not None, f"{name} has no __all__: list its public names"
    return {public: getattr(module, public) for public in names}


PAIRS = list(combinations(NAMESPACES, 2))


@pytest.mark.parametrize("first, second", PAIRS, ids=[f"{a}-vs-{b}" for a, b in PAIRS])
def test_a_name_in_two_namespaces_is_the_same_object(first, second):
    a, b = exported(first), exported(second)
    clashes = sorted(name for name in a.keys() & b.keys() if a[name] is not b[name])
    assert not clashes, f"{first} and {second} export different objects as {clashes}: rename one of them"


def test_every_exported_name_exists():
    for namespace in NAMESPACES:
        module = importlib.import_module(namespace)
        missing = [name for name in module.__all__ if not hasattr(module, name)]
        assert not missing, f"{namespace}.__all__ lists {missing}, which the module does not define"


def test_the_scattering_matrix_transmission_has_its_own_name():
    import qtransport
    from qtransport import smatrix, tb

    assert qtransport.smatrix_transmission is smatrix.smatrix_transmission
    assert qtransport.smatrix_transmission_eigenvalues is smatrix.smatrix_transmission_eigenvalues
    for old in ("transmission", "transmission_eigenvalues"):
        assert not hasattr(smatrix, old)
        assert old not in qtransport.__all__
        assert old in tb.__all__
