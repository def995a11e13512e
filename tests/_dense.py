"""Transmissions computed by hand for the tests: a dense Hamiltonian, closed-form leads, the Caroli formula.

Independent of the engine's builder and solvers (only the closed-form
self-energy of a clean strip lead comes from :mod:`qtransport.lattice.leads`).
"""

import numpy as np

from qtransport.lattice.leads import strip_self_energy


def dense_strip_transmission(pot, energy):
    """T of an L x W strip with on-site 4 + pot[x, y] between clean leads: a dense inverse, by hand."""
    L, W = pot.shape
    n = L * W
    h = np.diag(4.0 + pot.ravel())  # site (x, y) is orbital x * W + y
    for x in range(L):
        for y in range(W):
            i = x * W + y
            if y + 1 < W:
                h[i, i + 1] = h[i + 1, i] = -1.0
            if x + 1 < L:
                h[i, i + W] = h[i + W, i] = -1.0
    sigma = strip_self_energy(energy, W)
    a = energy * np.eye(n, dtype=complex) - h
    a[:W, :W] -= sigma
    a[-W:, -W:] -= sigma
    g = np.linalg.inv(a)
    gamma = 1j * (sigma - sigma.conj().T)
    g_rl = g[-W:, :W]
    return float(np.real(np.trace(gamma @ g_rl @ gamma @ g_rl.conj().T)))
