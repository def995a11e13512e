"""Data of the figures of chapter 6, against closed forms and the symmetries of a field."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.constants import e, k_B
from qtransport.figures.ch06 import (
    edge_currents_data,
    field_symmetry_data,
    field_symmetry_sweep,
    hall_plateaus_data,
    hall_sweep,
    landau_levels_data,
    onsager_cross_data,
    thermal_rounding_data,
)
from qtransport.lattice.leads import strip_transverse_modes


def test_landau_levels_closed_forms():
    data = landau_levels_data(0.02, 0.35)
    assert np.allclose(data.levels, 4 * np.pi * 0.02 * (np.arange(10) + 0.5), rtol=1e-12)  # hbar w_c = 4 pi phi t
    assert data.n_right == int(np.sum(data.velocity < 0)) >= 1  # as many channels each way
    side = np.sign(data.position) * np.sign(data.velocity)
    assert np.all(side == side[0])  # each direction on its own edge
    assert np.allclose(data.density.sum(axis=1), 1.0, atol=1e-10)
    clean = landau_levels_data(0.0, 0.35, width=8)
    eps, _ = strip_transverse_modes(8)
    expected = np.sort(eps)[None, :] + 2 * (1 - np.cos(clean.k))[:, None]  # zero field: cosine subbands
    assert np.allclose(clean.bands, expected, atol=1e-10) and clean.levels.size == 0


def test_onsager_cross_sum_rules_and_reciprocity():
    data = onsager_cross_data(0.02, 1.0)
    assert data.onsager < 1e-10 and data.asymmetry > 0.05
    assert np.allclose(data.T.sum(axis=0), data.channels, atol=1e-10)  # unitarity, column by column
    assert np.allclose(data.T.sum(axis=1), data.channels, atol=1e-10)
    assert onsager_cross_data(0.0, 1.0).asymmetry < 1e-10


def test_field_symmetry_even_without_and_broken_with_a_magnetization():
    fluxes = np.round(np.arange(-0.003, 0.0031, 0.001), 6)
    sweep = field_symmetry_sweep(fluxes=fluxes, magnetization=0.001)
    assert sweep.shift == 1 and sweep.total.size == fluxes.size + 2
    none = field_symmetry_data(0.0021, 0.0, sweep=sweep)
    assert none.i == 5
    assert np.allclose(none.G, none.G_mirror, atol=1e-10)  # two terminals: even in B
    assert np.allclose(none.T10, none.T01_mirror, atol=1e-10)  # T_10(B) = T_01(-B)
    up = field_symmetry_data(0.0, 0.001, sweep=sweep)
    assert np.allclose(up.G, up.G_both, atol=1e-10) and np.allclose(up.T10, up.T01_both, atol=1e-10)
    assert np.allclose(up.G, sweep.strip[2:], atol=0)
    with pytest.raises(ValueError, match="`magnetization`"):
        field_symmetry_sweep(fluxes=fluxes, magnetization=0.0015)


def test_hall_plateau_is_quantized():
    sweep = hall_sweep(fluxes=[0.0, 0.05])
    zero, field = hall_plateaus_data(0.001, sweep=sweep), hall_plateaus_data(0.049, sweep=sweep)
    assert zero.i == 0 and abs(zero.r_xy[0]) < 1e-10
    assert field.nu == 1 and abs(abs(field.r_xy[1]) - 1 / field.nu) < 1e-8 and abs(field.r_xx[1]) < 1e-8
    assert np.array_equal(field.marker, [0.05, field.r_xy[1], field.r_xx[1]])


def test_edge_currents_mirror_when_the_field_is_reversed():
    up, down = edge_currents_data(0.03, 0.5), edge_currents_data(-0.03, 0.5)
    assert np.allclose(up.magnitude, down.magnitude[:, ::-1], atol=1e-10)  # mirror y -> -y with B -> -B
    assert np.allclose(up.magnitude, np.hypot(up.jx, up.jy), rtol=1e-15)
    half = up.magnitude.shape[1] // 2
    lower, upper = up.magnitude[20:40, :half].sum(), up.magnitude[20:40, half:].sum()
    assert max(lower, upper) > 5 * min(lower, upper)  # the current keeps to one edge


def test_thermal_rounding_is_the_fermi_function():
    data = thermal_rounding_data(0.5, 2.0, 2)
    # G/(e^2/h) - N loses the digits of N: round-off 2e-16 on the excess
    assert np.allclose(data.excess, 1 / (np.exp(2.0 * data.inverse_kT) + 1), rtol=1e-9, atol=1e-15)
    assert np.array_equal(data.cold, np.where(data.detuning > 0, 3.0, np.where(data.detuning < 0, 2.0, 2.5)))
    assert np.allclose(data.warm, 2 + 1 / (np.exp(-data.detuning / 0.5) + 1), rtol=1e-12)
    assert data.kelvin == pytest.approx(0.5e-3 * e / k_B, rel=1e-12)
