"""Chapter 10 figures: what they draw is the library's physics, from small data sets built here."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.models.dirac import armchair_is_metallic, dirac_barrier_transmission
from qtransport.tb import topological as top
from qtransport.widgets import ch10


def test_graphene_bands_figure_shows_metallic_armchair_ribbons_and_zigzag_edge_bands():
    fig = ch10.graphene_bands()
    for width in (4, 5, 6, 8):
        fig.set(kind="armchair", width=width)
        gap = np.min(np.abs(fig.data["bands"]))
        assert (gap < 1e-9) == armchair_is_metallic(width)
        assert ("metallic" in fig.state["right"].get_title()) == armchair_is_metallic(width)
    fig.set(kind="zigzag", width=7)
    edge = fig.data["bands"][:, fig.data["edge"] > 0]
    assert edge.shape[1] == 2 and np.max(np.abs(edge[0])) < 1e-12  # zero at k = -pi


@pytest.fixture(scope="module")
def small_staircase():
    return ch10.staircase_data(n_chains=16, fluxes=(0.0, 0.03), energies=np.linspace(0.01, 0.8, 60),
                               momenta=np.linspace(-np.pi, np.pi, 61), progress=lambda *_: None)


def test_staircase_plateaus_follow_the_dirac_landau_levels(small_staircase):
    fig = ch10.quantum_hall_staircase(small_staircase)
    fig.set(flux=0.03)
    t, dirac = fig.data["T"], fig.data["dirac"]
    energies = small_staircase["energies"]
    levels = top.graphene_landau_levels(np.arange(1, 3), flux=0.03)
    # away from the levels (where the lattice shifts them by a few percent) the two agree: 1, 3
    away = np.min(np.abs(energies[:, None] - levels[None, :]), axis=1) > 0.06
    assert np.array_equal(t[away & (energies < levels[1])], dirac[away & (energies < levels[1])])
    assert set(np.unique(t[energies < levels[0] - 0.06])) == {1.0}
    fig.set(flux=0.0)
    assert not fig.state["dirac"].get_visible()


def test_klein_figure_lattice_dots_come_from_the_lattice_and_the_line_from_dirac():
    data = ch10.klein_data(heights=(0.15,), widths=(30.0,), angles=np.array([-0.6, 0.0, 0.6]),
                           progress=lambda *_: None)
    assert data["lattice"][0, 0, 1] > 0.995  # normal incidence
    fig = ch10.klein_tunnelling(data)
    expected = dirac_barrier_transmission(np.linspace(-0.6, 0.6, 301), energy=0.05, height=0.15, width=20.0)
    assert np.allclose(fig.data["dirac"], expected)
    assert np.allclose(fig.data["normal"], 1.0)
    assert np.max(np.abs(fig.data["lattice"] - dirac_barrier_transmission(
        data["angles"], energy=0.05, height=0.15, width=20.0))) < 0.1


def test_edge_figure_quantized_for_weak_disorder():
    systems = {"QWZ m = 1": ("qwz", 1.0, 0.0, 0.2), "BHZ": ("bhz", 1.0, 0.0, 0.05),
               "trivial": ("qwz", 3.0, 0.0, 0.2)}
    scans = ch10.edge_scans(systems=systems, strengths=(0.0, 1.0, 10.0), realizations=2, width=8, length=10,
                            progress=lambda *_: None)
    fig = ch10.edge_states(scans)
    fig.set(system="QWZ m = 1", disorder=1.0)
    assert fig.data["T_here"] == pytest.approx(1.0, abs=1e-4)
    assert scans["QWZ m = 1"]["chern"] == -1
    fig.set(system="BHZ", disorder=1.0)
    assert fig.data["T_here"] == pytest.approx(2.0, abs=1e-3)
    fig.set(system="trivial", disorder=0.0)
    assert fig.data["T_here"] < 1e-6


def test_hbar_figure_gives_h_over_4e2_without_field():
    data = ch10.hbar_scans(zeemans=(0.0, 0.4), strengths=(0.0,), progress=lambda *_: None)
    fig = ch10.hbar_resistances(data)
    assert fig.data["R"][0] == pytest.approx(0.25, abs=1e-3)
    assert np.allclose(fig.data["ideal"], [0.25, 0.75, 0.25, 0.0], atol=1e-12)
    fig.set(zeeman=0.4)
    assert abs(fig.data["R"][0] - 0.25) > 0.05
