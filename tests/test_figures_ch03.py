"""Data of the figures of chapter 3, against thresholds, closed forms and current conservation."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport import tb
from qtransport.constants import k_B
from qtransport.figures import FigureData
from qtransport.figures.ch03 import (
    QPC_LENGTH,
    QPC_WIDTH,
    lattice_staircase_data,
    mode_currents_data,
    qpc_system,
    saddle_staircase_data,
    strip_channels_data,
)
from qtransport.lattice.leads import strip_transverse_modes


@pytest.mark.parametrize("width, energy", [(1, 3.03), (6, 1.03), (9, 5.53)])
def test_strip_channels_are_the_modes_below_the_energy(width, energy):
    data = strip_channels_data(width, energy)
    eps, _ = strip_transverse_modes(width)
    expected = np.flatnonzero((eps < energy) & (energy < eps + 4.0)) + 1  # open where eps_n < E < eps_n + 4t
    assert np.array_equal(np.sort(data.open_index), expected)
    assert data.N_now == expected.size == data.k_open.size
    centre = int(np.argmin(np.abs(data.k)))  # k = 0: the subbands start at the thresholds
    assert np.allclose(np.sort(data.bands[centre]), np.sort(eps), atol=1e-12)
    assert np.allclose(data.bands, np.sort(eps)[None, :] + 2 * (1 - np.cos(data.k))[:, None], atol=1e-10)


def test_saddle_staircase_is_buttikers_formula():
    data = saddle_staircase_data(2.0, 0.3, 1.5)
    assert data.kT_meV == pytest.approx(k_B * 1.5 / 1.602176634e-19 * 1e3, rel=1e-9)
    n = np.arange(10)
    eps = 2 * (data.x[:, None] * 2.0 - 2.0 * (n + 0.5)) / 0.3
    assert np.allclose(data.T_n, 1 / (1 + np.exp(-np.pi * eps)), atol=1e-12)
    assert np.allclose(data.G_cold, data.T_n.sum(axis=1), atol=1e-12)
    assert data.ratio == pytest.approx(2.0 / 0.3)
    plateaus = np.isclose(data.x % 1.0, 0.0, atol=1e-9)  # x = n: deep inside a plateau
    assert np.allclose(data.G_cold[plateaus], data.ideal[plateaus], atol=1e-6)
    assert np.all(np.abs(data.G - data.G_cold) < 0.5) and np.abs(data.G - data.G_cold).max() > 1e-3


def test_lattice_staircase_warm_is_the_fermi_average_of_a_step():
    # a made-up staircase: one mode opening sharply at 0.6 t, one at 1.2 t
    E = np.linspace(-1.0, 2.5, 3501)
    step = (E > 0.6).astype(float) + (E > 1.2)
    staircases = FigureData(energies=E, smooth={6.0: step}, abrupt={12: 0.5 * step})
    kT = 0.03
    data = lattice_staircase_data(6.0, 12, kT, staircases=staircases)
    mu = data.mu
    assert mu.min() >= 0.02 and mu.max() <= 1.5
    expected = 1 / (np.exp((0.6 - mu) / kT) + 1) + 1 / (np.exp((1.2 - mu) / kT) + 1)
    # the sampled step sits within half a grid spacing (5e-4 t) of its edge: G moves by <= 5e-4/(4 kT)
    assert np.allclose(data.smooth_warm, expected, atol=5e-3)
    assert np.allclose(data.abrupt_warm, 0.5 * data.smooth_warm, rtol=1e-12)
    assert np.array_equal(data.smooth_cold, step[(E >= 0.02) & (E <= 1.5)])
    assert data.V_smooth.shape == data.V_abrupt.shape == (QPC_LENGTH, QPC_WIDTH)
    assert data.V_abrupt.max() == 2.0 and data.V_smooth.min() >= 0.0


def test_mode_currents_conserve_current_and_agree_with_caroli():
    data = mode_currents_data("abrupt", 12, 1.0, 2)
    fsys, params = qpc_system("abrupt", 12)
    caroli = float(tb.transmission(fsys, 1.0, params).transmission[1, 0])
    assert data.T_total == pytest.approx(caroli, abs=1e-8)
    assert data.T_by_n.sum() == pytest.approx(data.T_total, abs=1e-10)
    assert data.T_by_n[1] == pytest.approx(data.T_mode, abs=1e-14)
    # the current of a unit incoming flux through every cross-section is what is transmitted
    assert np.allclose(data.jx.sum(axis=1), data.T_mode, atol=1e-8)
    assert list(data.open) == [1, 2, 3, 4] and np.all(data.density >= 0)
    with pytest.raises(ValueError, match="`mode`"):
        mode_currents_data("abrupt", 12, 1.0, 5)
