"""The recursive Green's function of qtransport.lattice.rgf against closed forms and a dense inverse."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.lattice.leads import (
    chain_self_energy,
    strip_lead_hamiltonian,
    strip_open_channels,
    strip_self_energy,
)
from qtransport.lattice.rgf import (
    rgf_connected_self_energies,
    rgf_corner_blocks,
    rgf_diagonal,
    rgf_transmission,
)


def _strip(width, length, rng, disorder=1.0):
    h_slice, _ = strip_lead_hamiltonian(width)
    h_slice = np.asarray(h_slice).real
    potential = disorder * rng.uniform(-0.5, 0.5, size=(length, width))
    return h_slice, -np.ones(width), potential


def _dense_green(energy, h_slice, hopping, potential, sigma_left, sigma_right):
    """(E - H - Sigma_L - Sigma_R)^-1 of the whole strip, built and inverted as one matrix."""
    length, width = potential.shape
    n = length * width
    h = np.zeros((n, n), dtype=complex)
    for x in range(length):
        s = slice(x * width, (x + 1) * width)
        h[s, s] = h_slice + np.diag(potential[x])
        if x + 1 < length:
            t = slice((x + 1) * width, (x + 2) * width)
            h[t, s] = np.diag(hopping)
            h[s, t] = np.diag(hopping).conj().T
    h[:width, :width] += sigma_left
    h[-width:, -width:] += sigma_right
    return np.linalg.inv(energy * np.eye(n) - h)


def test_a_single_barrier_site_transmits_v2_over_v2_plus_u2():
    energies = np.array([0.3, 1.0, 2.0, 3.5])
    u = 0.7
    sigma = chain_self_energy(energies)[:, None, None]
    t = rgf_transmission(energies, np.array([[2.0]]), np.array([-1.0]), np.array([[u]]), sigma, sigma)
    v2 = energies * (4.0 - energies)  # (2t sin k)^2 with E = 2t - 2t cos k
    assert t == pytest.approx(v2 / (v2 + u**2), abs=1e-12)


def test_a_clean_strip_transmits_its_open_channels():
    width, energies = 7, np.linspace(0.05, 3.9, 23)
    h_slice, hopping, _ = _strip(width, 1, np.random.default_rng(0))
    sigma = strip_self_energy(energies, width)
    t = rgf_transmission(energies, h_slice, hopping, np.zeros((12, width)), sigma, sigma)
    assert t == pytest.approx(strip_open_channels(energies, width), abs=1e-9)


def test_corner_and_diagonal_blocks_are_those_of_the_dense_inverse():
    rng = np.random.default_rng(3)
    width, length, energy = 4, 6, 1.3
    h_slice, hopping, potential = _strip(width, length, rng)
    sigma = strip_self_energy(np.array([energy]), width)
    g = _dense_green(energy, h_slice, hopping, potential, sigma[0], sigma[0])
    g00, g0n, gn0, gnn = rgf_corner_blocks([energy], h_slice, hopping, potential, sigma, sigma)
    w = width
    assert np.abs(g00[0] - g[:w, :w]).max() < 1e-12
    assert np.abs(g0n[0] - g[:w, -w:]).max() < 1e-12
    assert np.abs(gn0[0] - g[-w:, :w]).max() < 1e-12
    assert np.abs(gnn[0] - g[-w:, -w:]).max() < 1e-12
    diagonal = rgf_diagonal([energy], h_slice, hopping, potential, sigma, sigma)
    for x in range(length):
        block = g[x * w : (x + 1) * w, x * w : (x + 1) * w]
        assert np.abs(diagonal[x, 0] - block).max() < 1e-12
    # Caroli: T = Tr[Gamma_R G_N0 Gamma_L G_N0^dagger] from the dense inverse
    gamma = 1j * (sigma[0] - sigma[0].conj().T)
    caroli = np.trace(gamma @ g[-w:, :w] @ gamma @ g[-w:, :w].conj().T).real
    t = rgf_transmission([energy], h_slice, hopping, potential, sigma, sigma)
    assert t[0] == pytest.approx(caroli, abs=1e-12)


def test_a_growing_wire_gives_the_transmission_of_each_length():
    rng = np.random.default_rng(8)
    width, energies = 3, np.array([0.6, 1.7])
    h_slice, hopping, potential = _strip(width, 9, rng)
    sigma = strip_self_energy(energies, width)
    lengths = (1, 4, 9)
    grown = rgf_transmission(energies, h_slice, hopping, potential, sigma, sigma, lengths=lengths)
    for j, n in enumerate(lengths):
        alone = rgf_transmission(energies, h_slice, hopping, potential[:n], sigma, sigma)
        assert grown[:, j] == pytest.approx(alone, abs=1e-12)


def test_connected_self_energies_give_every_diagonal_block_of_the_dense_inverse():
    """``(A_x - left[x] - right[x])^-1`` is ``G_xx`` for every slice, with ``A_x = E - H_xx``."""
    rng = np.random.default_rng(4)
    width, length, energy = 3, 5, 0.9
    h_slice, hopping, potential = _strip(width, length, rng)
    sigma = strip_self_energy(np.array([energy]), width)
    a, left, right = rgf_connected_self_energies([energy], h_slice, hopping, potential, sigma, sigma)
    g = _dense_green(energy, h_slice, hopping, potential, sigma[0], sigma[0])
    for x in range(length):
        block = g[x * width : (x + 1) * width, x * width : (x + 1) * width]
        assert np.abs(np.linalg.inv(a[x, 0] - left[x, 0] - right[x, 0]) - block).max() < 1e-12
        assert np.abs(a[x, 0] - (energy * np.eye(width) - h_slice - np.diag(potential[x]))).max() < 1e-14
