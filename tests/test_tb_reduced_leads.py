"""The lead modes of a low-rank lead (graphene ribbons) from the reduced problem equal those of the full pencil."""

import numpy as np
import pytest

from qtransport.lattice.leads import lead_modes
from qtransport.tb import geometries, transmission
from qtransport.tb._reduced_leads import reduced_lead_modes


def _same_modes(full, reduced, h_hop, atol=1e-10):
    assert reduced.open_channels == full.open_channels
    assert reduced.thresholds == full.thresholds
    np.testing.assert_allclose(reduced.lambda_out, full.lambda_out, atol=atol)
    np.testing.assert_allclose(reduced.lambda_in, full.lambda_in, atol=atol)
    np.testing.assert_allclose(reduced.velocities, full.velocities, rtol=1e-9, atol=atol)
    np.testing.assert_allclose(reduced.propagator, full.propagator, atol=atol)
    np.testing.assert_allclose(reduced.self_energy(h_hop), full.self_energy(h_hop), atol=atol)
    np.testing.assert_allclose(reduced.outgoing, full.outgoing, atol=atol)
    np.testing.assert_allclose(reduced.incoming, full.incoming, atol=atol)
    # the basis: the propagating columns themselves, then a basis of the same evanescent subspace
    m = full.open_channels
    np.testing.assert_allclose(reduced.basis[:, :m], full.basis[:, :m], atol=atol)
    q_full = np.linalg.qr(full.basis[:, m:])[0]
    np.testing.assert_allclose(q_full @ (q_full.conj().T @ reduced.basis[:, m:]), reduced.basis[:, m:], atol=1e-9)


@pytest.mark.parametrize("lead", [0, 1])
def test_zigzag_ribbon_leads_agree_with_the_full_pencil(lead):
    fsys = geometries.zigzag_ribbon(6, 3).finalized()
    h_cell, h_hop = fsys.leads[lead].hamiltonian({})
    used = 0
    for energy in np.linspace(-2.7, 2.7, 40):
        reduced = reduced_lead_modes(h_cell, h_hop, energy)
        if reduced is None:  # an eigenvalue of the eliminated block: the full problem is solved instead
            continue
        used += 1
        _same_modes(lead_modes(h_cell, h_hop, energy), reduced, h_hop)
    assert used > 30


def test_random_low_rank_leads_agree_with_the_full_pencil():
    rng = np.random.default_rng(4)
    for n, r in ((5, 2), (7, 3), (8, 4), (6, 1)):
        a = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
        h_cell = (a + a.conj().T) / 2
        h_hop = np.zeros((n, n), dtype=complex)
        perm = rng.permutation(n)
        rows, cols = perm[:r], perm[r : 2 * r]
        h_hop[np.ix_(rows, cols)] = rng.normal(size=(r, r)) + 1j * rng.normal(size=(r, r))
        for energy in rng.uniform(-3, 3, 6):
            reduced = reduced_lead_modes(h_cell, h_hop, energy)
            assert reduced is not None
            _same_modes(lead_modes(h_cell, h_hop, energy), reduced, h_hop, atol=1e-9)


def test_leads_without_the_structure_are_left_to_the_full_solver():
    strip = geometries.strip(3, 4).finalized()
    h_cell, h_hop = strip.leads[0].hamiltonian({})
    assert reduced_lead_modes(h_cell, h_hop, 1.0) is None  # h_hop = -1: every orbital joins the next cell
    fsys = geometries.zigzag_ribbon(4, 3).finalized()
    h_cell, h_hop = fsys.leads[0].hamiltonian({})
    rows = np.flatnonzero(np.any(h_hop != 0, axis=1))
    others = np.setdiff1d(np.arange(len(h_cell)), rows)
    level = np.linalg.eigvalsh(h_cell[np.ix_(others, others)])[0]
    assert reduced_lead_modes(h_cell, h_hop, level) is None  # the eliminated block is singular there


def test_ribbon_transmission_is_the_same_with_and_without_the_reduction(monkeypatch):
    import qtransport.tb.solvers as solvers

    fsys = geometries.zigzag_ribbon(5, 6).finalized()
    energies = np.linspace(0.1, 1.9, 13)
    fast = transmission(fsys, energies).transmission
    solvers._clear_mode_cache()
    monkeypatch.setattr(solvers, "reduced_lead_modes", lambda *args: None)
    slow = transmission(fsys, energies).transmission
    solvers._clear_mode_cache()
    np.testing.assert_allclose(fast, slow, atol=1e-10)
    assert np.all(np.abs(np.round(fast[:, 1, 0]) - fast[:, 1, 0]) < 1e-9)  # a clean ribbon: integer steps
