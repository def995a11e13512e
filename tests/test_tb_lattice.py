"""Lattices with a basis: neighbour shells, positions and the nearest site, against geometry done by hand."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.tb import Lattice, chain, cubic, honeycomb, square, triangular


@pytest.mark.parametrize(
    "lat, n, bonds_per_cell, distance",
    [
        (chain(), 1, 1, 1.0),
        (square(), 1, 2, 1.0),
        (square(), 2, 2, np.sqrt(2)),
        (triangular(), 1, 3, 1.0),
        (honeycomb(), 1, 3, 1.0),
        (honeycomb(), 2, 6, np.sqrt(3)),
        (cubic(), 1, 3, 1.0),
    ],
)
def test_neighbour_shells(lat, n, bonds_per_cell, distance):
    kinds = lat.neighbors(n)
    assert len(kinds) == bonds_per_cell  # each bond once: coordination x sublattices / 2
    for k in kinds:
        d = np.array(k.delta) @ lat.vectors + lat.basis[k.to] - lat.basis[k.frm]
        assert np.linalg.norm(d) == pytest.approx(distance)
    assert lat.neighbor_distance(n) == pytest.approx(distance)


def test_honeycomb_geometry():
    lat = honeycomb(a=1.42)
    assert lat.neighbor_distance(1) == pytest.approx(1.42)
    # every A site has three B neighbours at 120 degrees
    vecs = [np.array(k.delta) @ lat.vectors + lat.basis[k.to] - lat.basis[k.frm] for k in lat.neighbors(1)]
    assert np.allclose(np.sum(vecs, axis=0), 0, atol=1e-12)


def test_positions_and_closest_site():
    lat = honeycomb()
    pos = lat.positions([1, 0], [(0, 0), (1, 1)])
    assert np.allclose(pos[0], [0, 1]) and np.allclose(pos[1], lat.vectors.sum(axis=0))
    assert lat.closest((0.1, 0.9)) == (1, (0, 0))
    assert lat.closest(pos[1] + 0.05) == (0, (1, 1))


def test_a_kagome_lattice_is_one_call():
    r3 = np.sqrt(3)
    kagome = Lattice([[1, 0], [0.5, r3 / 2]], [[0, 0], [0.5, 0], [0.25, r3 / 4]])
    assert kagome.n_sublattices == 3 and len(kagome.neighbors(1)) == 6


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"vectors": [[1, 0], [2, 0]]}, "linearly independent"),
        ({"vectors": [[1, 0, 0], [0, 1, 0]]}, "primitive vectors"),
        ({"vectors": "abc"}, "`vectors`"),
        ({"vectors": [[1.0, np.nan], [0, 1]]}, "finite"),
        ({"vectors": [[1, 0], [0, 1]], "basis": [[0, 0, 0]]}, "`basis`"),
        ({"vectors": [[1, 0], [0, 1]], "norbs": 0}, "`norbs`"),
        ({"vectors": [[1, 0], [0, 1]], "norbs": (1, 2)}, "`norbs`"),
        ({"vectors": [[1, 0], [0, 1]], "norbs": True}, "`norbs`"),
    ],
)
def test_bad_lattices_are_refused(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Lattice(**kwargs)


def test_bad_neighbour_order_is_refused():
    with pytest.raises(ValueError, match="`n`"):
        square().neighbors(0)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"vectors": [[1, 0], [0, 1 + 1j]]}, TypeError, "`vectors` must be real"),
        ({"vectors": [[1, 0], [0, 1]], "basis": [[0.5j, 0]]}, TypeError, "`basis` must be real"),
        ({"vectors": [[1, 0], [0, 1]], "norbs": "a"}, TypeError, "`norbs` must be a whole number"),
        ({"vectors": [[1, 0], [0, 1]], "basis": [[0, 0], [0.5, 0.5]], "norbs": ["a", "b"]}, TypeError,
         r"`norbs\[0\]` must be an integer"),
        ({"vectors": [[1, 0], [0, 1]], "norbs": 2**70}, ValueError, "`norbs` = 1180591620717411303424 is beyond"),
        ({"vectors": [[1, 0], [0, 1]], "name": None}, TypeError, "`name` must be a str"),
        ({"vectors": [[1, 0], [0, 1]], "name": 3}, TypeError, "`name` must be a str"),
    ],
)
def test_lattices_refuse_complex_positions_and_wrong_labels(kwargs, error, match):
    with pytest.raises(error, match=match):
        Lattice(**kwargs)


@pytest.mark.parametrize("make", [chain, square, triangular, honeycomb, cubic])
def test_the_lattice_constant_is_one_positive_number(make):
    assert make(a=np.array([2.5])).neighbor_distance(1) == pytest.approx(2.5)
    for bad, error in ((True, TypeError), ([1.0, 2.0], ValueError), (1.0 + 1j, TypeError), (0.0, ValueError),
                       (np.inf, ValueError), (2**70, TypeError)):
        with pytest.raises(error, match="`a`"):
            make(a=bad)
