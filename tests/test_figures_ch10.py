"""Data of the chapter-10 figures against closed forms of graphene and ideal helical edges."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from qtransport.figures import ch10
from qtransport.models.dirac import armchair_is_metallic
from qtransport.tb.topological import ribbon_bands, ribbon_open_channels


def test_graphene_bulk_bands_and_the_cone_at_K():
    data = ch10.graphene_bulk_data(points=60)
    assert np.allclose(np.sort(data.energies[0]), [-3.0, 3.0])  # Gamma: +-3t
    k_index = 60
    assert np.allclose(data.energies[k_index], 0.0, atol=1e-12)  # the Dirac point
    assert np.allclose(data.energies[:, 0], -data.energies[:, 1])  # particle-hole symmetry
    upper = data.energies[data.near].max(axis=1)
    close = data.cone < 0.3
    assert np.allclose(upper[close], data.cone[close], rtol=0.06)
    assert np.isclose(data.ticks[1] - data.ticks[0], 4 * np.pi / (3 * np.sqrt(3)))


def test_zigzag_edge_bands_are_flat_at_the_zone_boundary():
    data = ch10.graphene_bands_data("zigzag", 8, points=61)
    assert data.bands.shape == (61, 16) and data.edge.sum() == 2 and data.gap == 0.0
    edge = data.bands[:, data.edge == 1]
    assert np.allclose(edge[0], 0.0, atol=1e-10)


@pytest.mark.parametrize("width", [5, 6, 7])
def test_armchair_gap_is_the_band_minimum_at_k_zero(width):
    data = ch10.graphene_bands_data("armchair", width, points=61)
    assert data.edge.sum() == 0
    lattice_gap = np.abs(data.bands).min()
    assert np.isclose(data.gap, lattice_gap, atol=1e-9)
    assert (data.gap < 1e-9) == armchair_is_metallic(width)


def test_staircase_plateaus_are_odd_below_the_second_level():
    energies = np.linspace(0.01, 0.4, 40)
    k = np.linspace(-np.pi, np.pi, 21)
    flux = 0.03
    data = {"fluxes": (0.0, flux), "energies": energies, "momenta": k,
            "channels": [ribbon_open_channels("zigzag", 20, energies, flux=f, n_k=401) for f in (0.0, flux)],
            "bands": [ribbon_bands("zigzag", 20, k, flux=f) for f in (0.0, flux)]}
    field = ch10.quantum_hall_staircase_data(flux, data=data)
    assert np.isclose(field.magnetic_length ** 2 * 2 * np.pi * flux, 3 * np.sqrt(3) / 2)
    assert np.allclose(field.levels / field.levels[0], np.sqrt(np.arange(1, 6)))  # E_N ~ sqrt(N)
    low = energies < field.levels[0] - 0.05
    assert np.all(field.T[low] == 1.0) and np.all(field.dirac[low] == 1.0)
    assert set(np.unique(field.dirac)) <= {1.0, 3.0, 5.0, 7.0}
    none = ch10.quantum_hall_staircase_data(0.0, data=data)
    assert np.all(none.dirac == 0.0) and none.magnetic_length == 0.0


def test_klein_tunnelling_is_perfect_at_normal_incidence_and_even_in_the_angle():
    angles = np.linspace(-1.0, 1.0, 5)
    data = {"energy": 0.05, "heights": (0.15,), "widths": (60.0,), "angles": angles,
            "lattice": np.zeros((1, 1, 5))}
    d = ch10.klein_tunnelling_data(0.15, 60.0, 0.0, data=data, points=41, width_points=50)
    assert np.allclose(d.normal, 1.0) and np.allclose(d.vs_width, 1.0)
    assert np.allclose(d.dirac, d.dirac[::-1])
    assert np.all((d.dirac >= 0) & (d.dirac <= 1 + 1e-12))
    tilted = ch10.klein_tunnelling_data(0.15, 60.0, 40.0, data=data, points=41, width_points=50)
    assert np.isclose(tilted.vs_width[0], 1.0) and tilted.vs_width.min() < 0.99  # D = 0: no barrier


def test_edge_states_pick_the_nearest_disorder_and_normalize_the_density():
    rng = np.random.default_rng(3)
    positions = np.array([[x, y] for x in range(4) for y in range(3)], dtype=float)
    scan = SimpleNamespace(strengths=np.array([0.0, 2.0, 4.0]), positions=positions,
                           densities=rng.random((3, 12)), transmissions=rng.random((3, 2)))
    scans = {"ribbon": {"scan": scan, "expected": 1}}
    d = ch10.edge_states_data("ribbon", 2.7, scans=scans)
    assert d.W == 2.0 and np.allclose(d.strengths, [0.0, 2.0, 4.0]) and d.image.shape == (3, 4)
    assert np.isclose(d.image.max(), 1.0) and not np.ma.is_masked(d.image)
    assert np.isclose(d.T_here, scan.transmissions[1].mean())
    assert np.allclose(d.expected, 1.0)


def test_ideal_helical_edges_give_the_ideal_resistances():
    # each edge carries one channel in each direction between neighbouring contacts
    t = np.zeros((4, 4))
    for i in range(4):
        t[(i + 1) % 4, i] = t[(i - 1) % 4, i] = 1.0
    scan = SimpleNamespace(transmissions=t[None, None], densities=np.ones((1, 3)))
    data = {"zeemans": (0.0,), "strengths": (0.0,), "scans": [scan], "tags": np.array([[0, 0], [1, 0], [3, 1]])}
    d = ch10.hbar_resistances_data(0.0, 0.0, data=data)
    assert np.allclose(d.R, d.ideal)
    assert np.isclose(d.R[0], 0.25)  # R_14,23 = h/4e^2
    assert np.all(np.diag(d.T) == 0) and np.ma.count_masked(d.image) == 8 - 3


def test_clean_edge_transmission_counts_the_chern_number():
    for mass in (1.0, -1.0):
        chern, expected = ch10.clean_edge_transmission("qwz", mass)
        assert abs(chern) == 1 and expected == 1  # 0 < |m| < 2: topological
    assert ch10.clean_edge_transmission("qwz", 3.0) == (0, 0)  # |m| > 2: trivial
    spin_chern, expected = ch10.clean_edge_transmission("bhz", 1.0)
    assert abs(spin_chern) == 1 and expected == 2  # a helical pair on each edge
    assert ch10.clean_edge_transmission("bhz", 1.0, 0.2) == (None, None)  # time reversal broken
    with pytest.raises(ValueError, match="`kind`"):
        ch10.clean_edge_transmission("kane-mele", 1.0)


def test_staircase_data_bands_are_chiral_and_the_lowest_plateau_is_one():
    data = ch10.staircase_data(n_chains=8, fluxes=(0.0, 0.03), energies=np.array([0.01, 0.05]),
                               momenta=np.linspace(-np.pi, np.pi, 9))
    assert data["fluxes"] == (0.0, 0.03)
    for bands, channels in zip(data["bands"], data["channels"], strict=True):
        assert bands.shape == (9, 16)
        e = np.sort(bands, axis=1)
        assert np.allclose(e, -e[:, ::-1], atol=1e-10)  # bipartite lattice: E and -E
        assert np.array_equal(channels, [1, 1])  # below the first subband or Landau level: one channel


def test_klein_data_is_transparent_at_normal_incidence_and_bounded():
    seen = []
    data = ch10.klein_data(heights=(0.1, 0.15), widths=(30.0,), angles=np.array([0.0, 0.5]),
                           progress=lambda d, t: seen.append(d / t))
    assert data["lattice"].shape == (2, 1, 2)
    assert np.all(data["lattice"][:, :, 0] > 0.995)  # Klein tunnelling
    assert np.all((data["lattice"] >= 0) & (data["lattice"] <= 1 + 1e-9))
    assert seen == [0.5, 1.0]


def test_edge_scans_clean_ribbons_carry_the_chern_number():
    systems = {"C": ("qwz", 1.0, 0.0, 0.2), "trivial": ("qwz", 3.0, 0.0, 0.2)}
    seen = []
    scans = ch10.edge_scans(systems=systems, strengths=(0.0,), realizations=1, width=8, length=8,
                            progress=lambda d, t: seen.append(d / t))
    assert abs(scans["C"]["chern"]) == 1 and scans["trivial"]["chern"] == 0
    for entry in scans.values():
        t = np.asarray(entry["scan"].transmissions)
        assert np.allclose(t, abs(entry["chern"]), atol=1e-4)  # |C| edge channels in the gap
    assert np.all(np.diff(seen) > 0) and seen[-1] == 1.0  # one rise over both systems


def test_hbar_scans_without_field_give_the_helical_nonlocal_resistance():
    from qtransport.tb.topological import nonlocal_resistances

    data = ch10.hbar_scans(zeemans=(0.0,), strengths=(0.0,))
    t = np.asarray(data["scans"][0].transmissions)[0, 0]
    assert t.shape == (4, 4)
    assert np.allclose(t[[1, 3], [0, 0]], 1.0, atol=1e-3)  # one helical channel to each neighbour
    assert nonlocal_resistances(t)["R14,23"] == pytest.approx(0.25, abs=1e-3)  # h/4e^2
