"""The figures of chapter 9 plot what their captions claim.

The generic sweep in ``test_widgets.py`` checks that every figure survives every control; here
the plotted data are compared with the statements the chapter makes about them, using small
precomputed lattice data where a figure takes them.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.models.spin import giant_magnetoresistance, julliere_tmr
from qtransport.tb import spintronics as sp
from qtransport.widgets import ch09


def test_spin_valve_lies_on_julliere_for_a_weak_bond_only():
    fig = ch09.spin_valve()
    fig.set(p1=0.6, p2=0.4, coupling=0.05)
    d = fig.data
    at_dots = np.interp(ch09.VALVE_ANGLES, np.linspace(0, np.pi, 181), d["julliere"])
    assert np.allclose(d["lattice"], at_dots, rtol=1e-2)
    assert d["tmr"] == pytest.approx(julliere_tmr(0.6, 0.4), rel=1e-2)
    assert sp.surface_polarization(ch09.VALVE_ENERGY, d["h"][0]) == pytest.approx(0.6, abs=1e-9)
    fig.set(coupling=1.0)
    at_dots = np.interp(ch09.VALVE_ANGLES, np.linspace(0, np.pi, 181), fig.data["julliere"])
    assert np.max(np.abs(fig.data["lattice"] / at_dots - 1)) > 0.05  # a perfect contact is no tunnel junction


def test_magnetoresistance_curves_are_the_closed_forms():
    fig = ch09.magnetoresistance()
    fig.set(p1=0.7, p2=0.5, resistance_ratio=4.0, contact=0.1)
    d = fig.data
    assert d["tmr"] == pytest.approx(2 * 0.35 / 0.65, rel=1e-12)
    assert d["gmr_bare"] == pytest.approx(giant_magnetoresistance(1.0, 4.0), rel=1e-12)
    assert d["gmr_here"] < d["gmr_bare"]  # the contact dilutes the effect
    small = d["gmr_here"]
    fig.set(contact=5.0)
    assert fig.data["gmr_here"] < small
    assert np.all(fig.data["gmr_contact"] <= fig.data["gmr"] + 1e-12)


@pytest.fixture(scope="module")
def small_datta_das():
    return ch09.datta_das_scan(lengths=(10, 20))


def test_datta_das_curves_follow_the_precession_law(small_datta_das):
    fig = ch09.datta_das(small_datta_das)
    for length in (10, 20):
        fig.set(length=length, alpha=0.2)
        d = fig.data
        same, flip = sp.datta_das_closed_form(ch09.DD_ALPHAS, length=length, energy=ch09.DD_ENERGY)
        assert np.allclose(d["same"], same, atol=1e-10)
        assert np.allclose(d["flip"], flip, atol=1e-10)
        assert np.allclose(d["same"], d["precession"], atol=0.02)  # T_0 close to 1
        # the dots on the bands are two right movers, k_+ - k_- apart
        assert len(d["k_cross"]) == 2
        assert np.diff(d["k_cross"])[0] == pytest.approx(d["dk"], abs=2e-3)


def test_helical_wire_half_step():
    data = ch09.helical_data(alphas=ch09.HELICAL_ALPHAS, zeemans=ch09.HELICAL_ZEEMANS)
    fig = ch09.helical_wire(data)
    fig.set(alpha=0.6, zeeman=0.3, energy=0.0)
    assert fig.data["T_here"] == pytest.approx(1.0, abs=1e-9)
    inside = np.abs(ch09.HELICAL_ENERGIES) < 0.3 - 0.02
    assert np.allclose(fig.data["T"][inside], 1.0, atol=1e-9)
    fig.set(energy=1.0)
    assert fig.data["T_here"] == pytest.approx(2.0, abs=1e-9)
    fig.set(zeeman=0.0, energy=0.0)
    assert fig.data["T_here"] == pytest.approx(2.0, abs=1e-9)  # no field, no gap


def test_reciprocity_curves_coincide_only_with_both_reversed():
    data = ch09.reciprocity_scan()
    fig = ch09.reciprocity(data)
    fig.set(exchange=1.0, pair=(2, 0))
    d = fig.data
    assert np.allclose(d["forward"], d["reverse"], atol=1e-10)
    zero = len(ch09.CROSS_FLUXES) // 2
    assert abs(d["forward"][zero] - d["swapped"][zero]) > 0.02  # B = 0, M != 0: not reciprocal
    assert d["onsager"] < 1e-10
    fig.set(exchange=0.0, flux=0.0)
    assert np.max(np.abs(fig.data["asym"])) < 1e-10  # B = M = 0: reciprocal


def test_antilocalization_average_is_the_ensemble_change():
    result = ch09.antilocalization_scan(realizations=4)
    fig = ch09.antilocalization(result)
    fig.set(realizations=4)
    assert np.allclose(fig.data["mean"], result.change, atol=1e-14)
    assert np.allclose(fig.data["sem"], result.sem_change, atol=1e-14)
