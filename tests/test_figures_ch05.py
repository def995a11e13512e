"""Data of the figures of chapter 5, against sum rules, closed forms and limits."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.constants import R_K, e, h
from qtransport.figures.ch05 import (
    charge_relaxation_data,
    floating_probe_data,
    floating_probe_sweep,
    invasive_probes_data,
    local_probes_data,
    local_probes_sweep,
    two_and_four_probe_data,
)


@pytest.mark.parametrize("spin", [1, 2])
def test_two_probe_is_contact_plus_four_probe(spin):
    data = two_and_four_probe_data(0.3, spin)
    assert data.Rc * 1e3 == pytest.approx(h / (spin * e**2), rel=1e-12)
    assert np.allclose(data.R2, data.Rc + data.R4, rtol=1e-12)
    assert np.allclose(data.R2, data.Rc / data.T, rtol=1e-12)
    assert data.R2_now == pytest.approx(data.Rc / 0.3, rel=1e-12)
    # the four-terminal solve with weak probes: (1 - T)/T again
    assert np.allclose(data.R4_network, data.Rc * (1 - data.T_network) / data.T_network, rtol=1e-4, atol=1e-3)


def test_invasive_probes_are_ideal_at_weak_coupling():
    for phase in (0.0, 1.3):
        data = invasive_probes_data(0.4, phase, "directional")
        assert data.R4[0] == pytest.approx(1.5, rel=1e-3) and data.R2[0] == pytest.approx(2.5, rel=1e-3)
        assert data.eps[-1] == 1.0 and data.eps_avg.size == 0
    same = invasive_probes_data(0.4, 0.0, "directional")
    assert np.allclose(invasive_probes_data(0.4, 1.3, "directional").R4, same.R4, atol=1e-9)  # no phase
    split = invasive_probes_data(0.4, 1.3, "beam_splitter")
    assert split.eps[-1] == 0.5 and split.R4_ideal == pytest.approx(1.5, rel=1e-12)
    assert split.R4_avg[0] == pytest.approx(1.5, rel=1e-3)  # the phase average restores (1 - T)/T
    with pytest.raises(ValueError, match="`probe`"):
        invasive_probes_data(0.4, 0.0, "ohmic")


@pytest.fixture(scope="module")
def floating():
    return floating_probe_sweep(barriers=[0.0, 2.0, 6.0], fluxes=(-0.05, 0.0, 0.05))


def test_floating_probe_is_the_three_terminal_formula(floating):
    data = floating_probe_data(2.0, 0.05, sweep=floating)
    T = floating.T[2]
    T10, T12, T20, T02 = T[:, 1, 0], T[:, 1, 2], T[:, 2, 0], T[:, 0, 2]
    assert np.allclose(data.forward, T10 + T12 * T20 / (T02 + T12), atol=1e-12)
    assert np.allclose(data.V_probe, T20 / (T02 + T12), atol=1e-12)
    assert data.index == 1 and data.bare == floating.bare[2]


def test_floating_probe_reciprocity_and_symmetry(floating):
    zero = floating_probe_data(0.0, 0.0, sweep=floating)
    assert np.allclose(zero.forward, zero.backward, atol=1e-10)
    assert np.allclose(zero.V_probe, 0.5, atol=1e-10)  # mirror-symmetric wire
    plus, minus = floating_probe_data(0.0, 0.05, sweep=floating), floating_probe_data(0.0, -0.05, sweep=floating)
    assert np.allclose(plus.forward, minus.backward, atol=1e-10)  # Onsager: T_10(B) = T_01(-B)
    assert np.allclose(plus.direct, minus.direct_back, atol=1e-10)
    assert abs(zero.forward[-1] - zero.bare) < abs(zero.forward[0] - zero.bare)  # a high barrier decouples


def test_local_probes_weak_probes_and_snapping():
    sweep = local_probes_sweep(positions=[19, 22], barriers=[8.0], energies=[2.5])
    assert sweep.R4.shape == sweep.R2.shape == (1, 1, 2)
    data = local_probes_data(7.6, 21.8, 2.4, sweep=sweep)
    assert data.p == 1 and data.T == sweep.T_bare[0]
    assert np.allclose(data.R2, 1 / data.T, rtol=0.05)  # weak probes: the two-terminal value
    assert data.R4_ideal == pytest.approx((1 - data.T) / data.T, rel=1e-12)
    assert data.R2_ideal == pytest.approx(1 / data.T, rel=1e-12)
    assert sweep.onsite.max() == pytest.approx(1.0) and sweep.onsite.min() == pytest.approx(0.0)


def test_charge_relaxation_one_channel_is_universal():
    data = charge_relaxation_data(0.2, 0.3, 1)
    assert np.allclose(data.Rq_E * 1e3, R_K / 2, rtol=1e-12)
    assert np.allclose(data.Rq_T * 1e3, R_K / 2, rtol=1e-12)
    assert np.allclose(data.R_dc * 1e3, R_K / data.T_grid, rtol=1e-12)
    assert data.dos.shape == (1, 401) and np.all(data.dos > 0)
    # the density of states integrates to one level per spacing
    assert np.trapezoid(data.dos[0], data.E) == pytest.approx(2.0, rel=1e-3)


def test_charge_relaxation_two_open_channels_halve():
    data = charge_relaxation_data(1.0, 0.3, 2)
    assert data.Rq_now * 1e3 == pytest.approx(R_K / 4, rel=1e-12)
    assert np.allclose(data.R_dc * 1e3, R_K / (2 * data.T_grid), rtol=1e-12)
