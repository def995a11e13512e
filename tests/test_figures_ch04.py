"""Data of the figures of chapter 4, against closed forms, limits and the general solver."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport import tb
from qtransport.figures.ch04 import (
    chain_grid,
    dephasing_probe_data,
    fabry_perot_data,
    resonant_tunneling_data,
)


# -- Fabry-Perot ---------------------------------------------------------------------------------
@pytest.mark.parametrize("T1, T2", [(0.3, 0.3), (0.02, 0.5), (0.9, 0.05)])
def test_fabry_perot_closed_forms_and_ohmic_addition(T1, T2):
    data = fabry_perot_data(T1, T2, 1.0)
    s = np.sqrt((1 - T1) * (1 - T2))
    assert data.peak == pytest.approx(T1 * T2 / (1 - s) ** 2, rel=1e-12)
    # Airy function of the two-barrier cavity
    expected = T1 * T2 / ((1 - s) ** 2 + 4 * s * np.sin(data.phi / 2) ** 2)
    assert np.allclose(data.T, expected, rtol=1e-12, atol=0)
    assert data.T_now == pytest.approx(T1 * T2 / ((1 - s) ** 2 + 4 * s * np.sin(0.5) ** 2), rel=1e-12)
    assert data.closed == pytest.approx(T1 * T2 / (T1 + T2 - T1 * T2), rel=1e-14)
    assert data.quadrature == pytest.approx(data.closed, abs=1e-10)
    assert data.r1 == pytest.approx((1 - T1) / T1, rel=1e-12)
    assert data.r_avg == pytest.approx(data.r1 + data.r2, rel=1e-9)  # resistances add


# -- resonant tunnelling -------------------------------------------------------------------------
def _general_solver(U1, U2, d, energies):
    potential = np.zeros(d + 1)
    potential[0], potential[-1] = U1, U2
    fsys = tb.geometries.chain(d + 1, potential=potential).finalized()
    return tb.transmission(fsys, energies).transmission[:, 1, 0]


@pytest.mark.parametrize("U1, U2, d", [(1.5, 1.5, 16), (0.3, 2.95, 3), (2.2, 0.8, 40)])
def test_resonant_tunneling_agrees_with_the_general_solver(U1, U2, d):
    data = resonant_tunneling_data(U1, U2, d, 0.0)
    picks = np.array([0, 13, 250, 513, 777, 1000, 1025])
    assert np.allclose(data.T[picks], _general_solver(U1, U2, d, data.E[picks]), rtol=0, atol=1e-12)
    assert np.array_equal(data.G, data.T) and np.array_equal(data.E_G, data.E)


def test_resonant_tunneling_single_barriers_and_band():
    U1, U2 = 1.2, 2.4
    data = resonant_tunneling_data(U1, U2, 7, 0.0)
    E = data.E
    inside = (E > 0) & (E < 4)
    assert np.all(data.T[~inside] == 0) and np.all(data.ohm[~inside] == 0)
    v2 = E[inside] * (4 - E[inside])  # (hbar v / a)^2 = (2 t sin k)^2
    t1, t2 = v2 / (v2 + U1**2), v2 / (v2 + U2**2)  # one site of height U
    assert np.allclose(data.ohm[inside], t1 * t2 / (t1 + t2 - t1 * t2), rtol=1e-11, atol=0)
    swapped = resonant_tunneling_data(U2, U1, 7, 0.0)  # reciprocity: T does not see the order
    assert np.allclose(swapped.T, data.T, atol=1e-12)
    assert np.array_equal(data.sites, np.arange(-6, 14))
    assert data.profile[6] == U1 and data.profile[13] == U2 and np.count_nonzero(data.profile) == 2


def test_resonant_tunneling_warm_is_the_thermal_average():
    kT = 0.05
    data = resonant_tunneling_data(1.5, 1.5, 16, kT)
    cold = resonant_tunneling_data(1.5, 1.5, 16, 0.0)
    assert np.array_equal(data.T, cold.T) and np.array_equal(data.E, chain_grid())
    # an independent quadrature of G = int T(E) (-df/dE) dE on a finer grid
    E = np.linspace(-0.05, 4.05, 8001)
    T = np.interp(E, data.E, data.T)
    for mu, G in zip(data.E_G[::40], data.G[::40], strict=True):
        weight = 1.0 / (4 * kT * np.cosh((E - mu) / (2 * kT)) ** 2)
        assert G == pytest.approx(np.trapezoid(T * weight, E), abs=0.02)
    assert np.all((data.G >= 0) & (data.G <= 1)) and np.all((data.E_G > 0.02) & (data.E_G < 3.98))


# -- dephasing probe -----------------------------------------------------------------------------
@pytest.mark.parametrize("model, largest", [("directional", 1.0), ("beam_splitter", 0.5)])
def test_dephasing_probe_limits(model, largest):
    T1, T2 = 0.2, 0.5
    closed = fabry_perot_data(T1, T2, 0.0)
    none = dephasing_probe_data(T1, T2, 0.0, model)
    assert np.allclose(none.T, none.coherent, atol=1e-12)
    assert np.allclose(none.coherent, fabry_perot_data(T1, T2, 0.0, points=601).T, atol=1e-14)
    assert none.ohm == pytest.approx(closed.closed, rel=1e-14)
    assert none.on_now == pytest.approx(closed.peak, abs=1e-12)
    assert none.avg_now == pytest.approx(none.ohm, abs=1e-12)  # coherent phase average: Ohm
    data = dephasing_probe_data(T1, T2, 0.6, model)
    assert data.eps_now == pytest.approx(0.6 * largest) and data.eps[-1] == largest
    assert np.all((data.T >= 0) & (data.T <= 1))
    assert np.allclose(dephasing_probe_data(T2, T1, 0.6, model).T, data.T, atol=1e-12)
    if model == "directional":
        full = dephasing_probe_data(T1, T2, 1.0, model)
        assert np.allclose(full.T, full.ohm, atol=1e-12) and full.avg_now == pytest.approx(full.ohm, abs=1e-12)


def test_dephasing_probe_refuses_an_unknown_model():
    with pytest.raises(ValueError, match="`model`"):
        dephasing_probe_data(0.2, 0.5, 0.5, "pure dephasing")
