"""Data of the figures of chapter 2, against unitarity, closed forms and a second route."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.figures.ch02 import (
    barrier_chain_data,
    breit_wigner_level_data,
    self_energy_data,
    two_routes_data,
)


def test_barrier_chain_is_unitary_and_the_sweep_agrees_with_one_solve():
    data = barrier_chain_data(1.0, 1.3, 6)
    assert np.allclose(data.T + data.R, 1.0, atol=1e-12)
    i = int(np.argmin(np.abs(data.heights - 1.0)))
    assert data.heights[i] == pytest.approx(1.0, abs=1e-12)
    assert data.T[i] == pytest.approx(data.T_now, abs=1e-12) and data.R[i] == pytest.approx(data.R_now, abs=1e-12)
    assert np.count_nonzero(data.V) == 6 and np.all(data.V[17:23] == 1.0)


def test_one_site_barrier_is_the_delta_closed_form():
    energy = 1.3
    data = barrier_chain_data(2.0, energy, 1)
    v2 = energy * (4 - energy)  # (2t sin k)^2 at E = 2t(1 - cos k)
    assert np.allclose(data.T, v2 / (v2 + data.heights**2), rtol=1e-11, atol=1e-14)
    assert barrier_chain_data(0.0, energy, 9).T_now == pytest.approx(1.0, abs=1e-12)


def test_self_energy_is_the_semicircle():
    t = 1.5
    data = self_energy_data(1.0, t)
    inside = (data.E > 0) & (data.E < 4 * t)
    assert np.allclose(np.abs(data.sigma[inside]), t, rtol=1e-12)
    assert np.all(data.sigma.imag[inside] < 0) and np.all(data.sigma.imag[~inside] == 0)
    cos_k = 1 - 1.0 / (2 * t)
    assert data.now == pytest.approx(-t * (cos_k + 1j * np.sqrt(1 - cos_k**2)), abs=1e-12)
    assert data.gamma == pytest.approx(2 * t * np.sqrt(1 - cos_k**2), rel=1e-12)


def test_two_routes_agree_and_the_eigenvalues_sum_to_the_transmission():
    data = two_routes_data(1.5, 2.0, 12, 3)
    assert data.T_fl == pytest.approx(data.T_caroli_now, abs=1e-10)
    assert data.tau.sum() == pytest.approx(data.T_fl, abs=1e-12)
    assert data.unitarity < 1e-10 and np.all((data.tau >= -1e-12) & (data.tau <= 1 + 1e-12))
    assert np.all(data.T <= data.channels + 1e-9)
    again = two_routes_data(2.5, 2.0, 12, 3)  # same sample, another energy
    assert np.array_equal(again.T, data.T)


def test_clean_strip_transmits_every_open_channel():
    data = two_routes_data(1.5, 0.0, 5, 1)
    assert np.allclose(data.T, data.channels, atol=1e-9)
    assert data.channels.max() == 4 and data.channels.min() == 0


def test_breit_wigner_level_is_a_lorentzian_of_weight_2pi():
    data = breit_wigner_level_data(0.5, 1.5, 0.0)
    assert data.gamma == 2.0 and data.peak == pytest.approx(4 * 0.5 * 1.5 / 4.0, rel=1e-12)
    assert np.allclose(data.T, 0.5 * 1.5 / 2.0 * data.A, rtol=1e-12)  # T = (G_L G_R / G) A
    weight = np.trapezoid(data.A, data.E) / (2 * np.pi)
    assert weight == pytest.approx(2 / np.pi * np.arctan(10.0), rel=1e-4)
