"""Data of the chapter-7 figures against closed forms and symmetries."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.figures import FigureData, ch07


def test_blockade_peak_height_is_the_closed_form_and_cold_curve_is_a_lorentzian():
    kT, gamma = 10.0, 0.2  # µeV, sequential regime kT >> Gamma
    data = ch07.blockade_peak_data(kT, gamma, points=201, dots=21, sweep_points=31)
    assert isinstance(data, FigureData)
    # G_peak = (e^2/h) pi Gamma_L Gamma_R / (2 Gamma kT) = pi Gamma / (8 kT) for Gamma_L = Gamma_R.
    assert np.isclose(data.seq_peak, np.pi * gamma / (8 * kT), rtol=1e-6)
    # cosh^-2 line shape of width ~ kT, from the master equation
    shape = data.seq / data.seq_peak
    assert np.allclose(shape, np.cosh(data.delta / (2 * kT)) ** -2, rtol=1e-6, atol=1e-12)
    # T = 0 coherent conductance: the Lorentzian 1 / (1 + (2 delta / Gamma)^2), height e^2/h
    assert np.allclose(data.cold, 1.0 / (1.0 + (2 * data.delta / gamma) ** 2), rtol=1e-9, atol=1e-12)
    # heights: 1/T for sequential when kT >> Gamma, never above e^2/h for coherent
    warm = data.kT > 20 * gamma
    assert np.allclose(data.seq_heights[warm] * data.kT[warm], np.pi * gamma / 8, rtol=1e-6)
    assert np.all(data.coh_heights <= 1.0 + 1e-12)
    assert np.all(np.diff(data.coh_heights) < 0)


def test_blockade_peak_coherent_height_saturates_when_cold():
    data = ch07.blockade_peak_data(0.3, 10.0, points=11, dots=3, sweep_points=7)
    assert data.coh_heights[0] > 0.99  # kT = 0.1 µeV << Gamma = 10 µeV
    assert data.coh_peak <= 1.0 + 1e-12


@pytest.mark.parametrize("model", ["single_level", "metallic"])
def test_coulomb_diamond_current_is_odd_in_bias_for_a_symmetric_island(model):
    data = ch07.coulomb_diamonds_data(20.0, 1.0, model, "current", gate_points=21, bias_points=21, cut_points=61)
    assert data.z.shape == (21, 21)
    assert np.allclose(data.bias, -data.bias[::-1])
    assert np.allclose(data.z, -data.z[::-1, :], atol=1e-9 * np.abs(data.z).max())
    # the zero-bias oscillations repeat with the gate period: n_g -> n_g + 1
    assert np.allclose(np.diff(data.n_g), np.diff(data.n_g)[0])
    one = np.searchsorted(data.n_g, 1.0)
    period = one - np.searchsorted(data.n_g, 0.0)
    assert np.allclose(data.cut[:period], data.cut[period:2 * period], rtol=1e-6)


def test_coulomb_diamond_map_at_zero_bias_is_the_linear_response():
    kT = 100.0  # µeV, against a bias step of 6 µV
    data = ch07.coulomb_diamonds_data(kT, 1.0, "metallic", "conductance",
                                      gate_points=11, bias_points=1001, cut_points=11)
    zero = int(np.argmin(np.abs(data.bias)))
    assert data.bias[zero] == 0.0
    assert np.allclose(data.cut_gate, data.gate)
    assert np.allclose(data.z[zero], data.cut, rtol=2e-2, atol=1e-3 * data.cut.max())


def test_coulomb_diamonds_reject_an_unknown_quantity():
    with pytest.raises(ValueError, match="`quantity`"):
        ch07.coulomb_diamonds_data(20.0, 1.0, "metallic", "charge")


@pytest.mark.parametrize("g", [0.3, 0.7])
def test_luttinger_wire_closed_forms(g):
    length_um = 4.0
    data = ch07.luttinger_wire_data(g, length_um, "abrupt", points=401)
    assert np.allclose(data.dc, 1.0, rtol=1e-14) and np.isclose(data.dc_now, 1.0)
    assert np.isclose(data.abs[0], 1.0, rtol=1e-12)
    assert np.isclose(data.floor, 2 * g / (1 + g * g), rtol=1e-12)
    assert np.isclose(data.gamma, (1 - g) / (1 + g), rtol=1e-12)
    assert np.isclose(data.period_GHz, ch07.FERMI_VELOCITY / g / (2 * length_um * 1e-6) / 1e9, rtol=1e-12)
    assert np.all(data.abs >= data.floor - 1e-12) and np.all(data.abs <= 1.0 + 1e-12)


def test_luttinger_wire_without_interactions_does_not_reflect():
    for contacts in ("abrupt", "smooth"):
        data = ch07.luttinger_wire_data(1.0, 3.0, contacts, points=101)
        assert np.allclose(data.abs, 1.0, rtol=1e-10)


def test_smooth_wire_profile_keeps_the_wire_and_ramps_from_one():
    gs, ls = ch07.wire_profile(0.5, 3e-6, "smooth")
    assert np.isclose(ls.sum(), 3e-6 + 2 * ch07.RAMP_LENGTH)
    assert np.allclose(gs, gs[::-1])
    assert gs.min() == 0.5 and gs.max() < 1.0
    with pytest.raises(ValueError, match="`contacts`"):
        ch07.wire_profile(0.5, 3e-6, "rough")
