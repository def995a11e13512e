"""The figures of chapter 11 plot what their captions claim.

The generic sweep in ``test_widgets.py`` checks that every figure survives
every control; here the plotted data are compared with the closed forms and
the lattice results the chapter states.  Lattice figures get small sweeps so
that the tests stay fast.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.models.superconductor import (
    bcs_density_of_states,
    btk_conductance,
    kitaev_spectrum,
)
from qtransport.widgets import ch11


def test_btk_figure_limits():
    fig = ch11.btk_curves()
    fig.set(Z=0.0, kT=0.0)
    inside = np.abs(ch11.BTK_BIAS) < 1.0
    assert np.allclose(fig.data["warm"][inside], 2.0, atol=1e-12)  # Andreev reflection doubles G
    fig.set(Z=5.0)
    far = np.abs(ch11.BTK_BIAS) > 1.5
    dos = bcs_density_of_states(ch11.BTK_BIAS[far], delta=1.0)
    assert np.allclose(fig.data["cold"][far], dos, rtol=0.05)  # the tunnel limit measures the BCS DOS
    total = fig.data["A"] + fig.data["B"] + fig.data["C"] + fig.data["D"]
    assert np.allclose(total, 1.0, atol=1e-12)
    fig.set(Z=0.5, kT=0.3)
    probe = ch11.BTK_BIAS[::40]
    assert np.allclose(fig.data["warm"][::40], btk_conductance(probe, delta=1.0, Z=0.5, kT=0.3), atol=1e-6)


def test_ns_lattice_figure_follows_btk_channel_by_channel():
    sweep = ch11.ns_sweep(barriers=(0.0, 1.0, 3.0), energies=ch11.NS_DELTA * np.array([-1.8, -0.6, 0.3, 1.4]))
    fig = ch11.ns_lattice(sweep)
    for u in (0.0, 1.0, 3.0):
        fig.set(barrier=u)
        assert np.array_equal(fig.data["lattice"], sweep.conductance[list(sweep.barriers).index(u)])
        from qtransport.tb.andreev import btk_lattice_conductance

        btk = btk_lattice_conductance(sweep.energies, mu=sweep.mu, delta=sweep.delta, barrier=u, width=sweep.width)
        assert np.allclose(fig.data["lattice"], btk, atol=0.03)
    fig.set(barrier=0.0)
    assert fig.data["ratio"] == pytest.approx(2.0, abs=0.01)


def test_beenakker_figure_points_lie_on_the_diagonal():
    data = ch11.beenakker_data(barriers=(0.0, 2.0), disorders=(1.5,), realizations=3, width=4, length=8)
    fig = ch11.beenakker_ratio(data)
    assert np.allclose(fig.data["y"], fig.data["x"], rtol=0.02)
    assert fig.data["dev"] < 0.02
    assert fig.data["hist"].sum() == sum(len(s.transmissions) for s in data.strips[1.5])


def test_kitaev_figure_shows_the_dense_spectrum_and_end_states():
    fig = ch11.kitaev_spectrum()
    fig.set(n_sites=24, delta=0.4, mu=0.6)
    i = int(np.argmin(np.abs(ch11.KITAEV_MUS - 0.6)))
    assert np.allclose(fig.data["levels"][i], kitaev_spectrum(24, t=1.0, delta=0.4, mu=ch11.KITAEV_MUS[i]),
                       atol=1e-12)
    assert fig.data["energy"] < 1e-3
    assert fig.data["left"][:3].sum() > 0.9 and fig.data["right"][-3:].sum() > 0.9
    fig.set(mu=2.8)
    assert fig.data["energy"] > 0.5  # trivial: no level near zero


def test_zero_bias_figure_jumps_from_zero_to_two_at_the_critical_field():
    sweep = ch11.majorana_sweep(zeeman=np.array([0.05, 0.15]), energies=np.array([-0.02, 0.02]))
    fig = ch11.zero_bias_peak(sweep)
    fig.set(zeeman=0.05)
    assert fig.data["g0"] == pytest.approx(0.0, abs=1e-6)
    fig.set(zeeman=0.15)
    assert fig.data["g0"] == pytest.approx(2.0, abs=1e-4)
    assert np.array_equal(fig.data["cut"], sweep.conductance[1])
