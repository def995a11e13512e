"""Lead self-energies and modes: closed forms, Dyson equation, independent routes."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.lattice.leads import (
    chain_self_energy,
    lead_modes,
    lead_open_channels,
    lead_self_energy,
    strip_lead_hamiltonian,
    strip_open_channels,
    strip_self_energy,
    strip_transverse_modes,
)

CHAIN = ([[2.0]], [[-1.0]])


def grid(start, stop, num, thresholds):
    """Energies on a grid shifted off the band edges and mode thresholds (by > 1e-4)."""
    energy = np.linspace(start, stop, num) + 1e-3 * np.pi
    assert np.abs(energy[:, None] - np.asarray(thresholds)).min() > 1e-4
    return energy


def test_chain_closed_form_solves_its_dyson_equation():
    # Independent of the branch formula: Sigma = t^2 / (E - 2t - Sigma), Im Sigma <= 0.
    energy = np.concatenate([np.linspace(-3, 7, 1001), [0.0, 4.0]])
    for t in (1.0, 0.7):
        s = chain_self_energy(energy * t, t=t)
        assert np.allclose(s, t**2 / (energy * t - 2 * t - s), atol=1e-12)
        assert np.all(s.imag <= 1e-15)
        # decaying branch outside the band: |Sigma| < t
        outside = (energy < 0) | (energy > 4)
        assert np.all(np.abs(s[outside]) < t)


def test_chain_band_edges_are_exact():
    assert chain_self_energy(0.0) == -1.0
    assert chain_self_energy(4.0) == 1.0
    assert np.isclose(chain_self_energy(2.0), -1j, atol=1e-15)


def test_mode_self_energy_matches_chain_closed_form():
    energy = grid(-2, 6, 801, [0.0, 4.0])
    modes = lead_self_energy(*CHAIN, energy, method="modes")[:, 0, 0]
    assert np.abs(modes - chain_self_energy(energy)).max() < 1e-12
    # within 1e-9 of a band edge: the exact value varies like sqrt(dE) = 3e-5
    near = np.array([1e-9, -1e-9, 4 + 1e-9, 4 - 1e-9])
    modes = lead_self_energy(*CHAIN, near, method="modes")[:, 0, 0]
    assert np.abs(modes - chain_self_energy(near)).max() < 1e-10
    # exactly at the edges two solutions merge; the result is within sqrt(machine eps)
    modes = lead_self_energy(*CHAIN, [0.0, 4.0], method="modes")[:, 0, 0]
    assert np.abs(modes - [-1.0, 1.0]).max() < 1e-7


@pytest.mark.parametrize("width", [1, 4, 7])
def test_mode_self_energy_matches_strip_closed_form(width):
    eps, _ = strip_transverse_modes(width)
    h_cell, h_hop = strip_lead_hamiltonian(width)
    off = grid(-0.5, 8.5, 901, np.concatenate([eps, eps + 4]))
    near = np.concatenate([eps + 1e-9, eps - 1e-9, eps + 4 + 1e-9, eps + 4 - 1e-9, eps + 1e-6])
    at = np.concatenate([eps, eps + 4])
    for energy, tol in ((off, 1e-12), (near, 1e-10), (at, 1e-7)):
        modes = lead_self_energy(h_cell, h_hop, energy, method="modes")
        exact = strip_self_energy(energy, width)
        assert np.abs(modes - exact).max() < tol, (energy, tol)


def test_auto_route_matches_strip_closed_form():
    h_cell, h_hop = strip_lead_hamiltonian(5)
    eps, _ = strip_transverse_modes(5)
    energy = grid(-1, 9, 501, np.concatenate([eps, eps + 4]))
    assert np.abs(lead_self_energy(h_cell, h_hop, energy) - strip_self_energy(energy, 5)).max() < 1e-12


def test_eta_gives_the_analytic_continuation():
    energy = np.linspace(-1, 5, 61)
    eta = 0.05
    s = chain_self_energy(energy, eta=eta)
    z = energy + 1j * eta
    assert np.allclose(s, 1 / (z - 2 - s), atol=1e-12)
    modes = lead_self_energy(*CHAIN, energy, eta=eta, method="modes")[:, 0, 0]
    assert np.allclose(modes, s, atol=1e-12)


def test_field_lead_modes_agree_with_decimation_and_dyson():
    h_cell, h_hop = strip_lead_hamiltonian(6, flux=0.07)
    energy = np.linspace(0.05, 7.9, 120)
    sigma = lead_self_energy(h_cell, h_hop, energy)
    dec = lead_self_energy(h_cell, h_hop, energy, eta=1e-9, method="decimation")
    # decimation carries an error of order eta / v (larger next to thresholds)
    assert np.median(np.abs(sigma - dec)) < 1e-8
    assert np.abs(sigma - dec).max() < 1e-5
    g = np.linalg.inv(energy[:, None, None] * np.eye(6) - h_cell - sigma)
    assert np.abs(h_hop.conj().T @ g @ h_hop - sigma).max() < 1e-12
    gamma = 1j * (sigma - sigma.conj().swapaxes(-1, -2))
    assert np.linalg.eigvalsh(gamma).min() > -1e-12


def test_degenerate_right_and_left_movers_are_separated():
    # Two chains, rotated into a random basis, whose right- and left-moving
    # solutions share lambda = exp(i pi/3) at E = e1 - t.
    rng = np.random.default_rng(5)
    q, _ = np.linalg.qr(rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2)))
    e1, e2 = 2.0, 0.0
    h_cell = q @ np.diag([e1, e2]) @ q.conj().T
    h_hop = q @ np.diag([-1.0, 1.0]) @ q.conj().T
    energy = np.array([e1 - 1.0, e1 - 1.0 + 1e-3, 0.3])
    sigma = lead_self_energy(h_cell, h_hop, energy)
    # a chain with hopping +t has the same surface Green's function as with -t
    diag = np.stack([chain_self_energy(energy - e1 + 2), chain_self_energy(energy - e2 + 2)], -1)
    exact = q @ (diag[..., None] * np.eye(2)) @ q.conj().T
    assert np.abs(sigma - exact).max() < 1e-10
    assert lead_modes(h_cell, h_hop, e1 - 1.0).open_channels == 2


def test_singular_hopping_two_slice_unit_cell():
    # A strip lead described with a unit cell of two slices: h_hop has rank W.
    # Only the slice touching the scattering region feels the lead, with the
    # one-slice self-energy.
    width = 4
    h1, v = strip_lead_hamiltonian(width)
    zero = np.zeros((width, width))
    h_cell = np.block([[h1, v.conj().T], [v, h1]])
    h_hop = np.block([[zero, v], [zero, zero]])
    energy = np.linspace(0.1, 7.9, 97)
    sigma = lead_self_energy(h_cell, h_hop, energy)
    assert np.abs(sigma[:, width:, width:] - strip_self_energy(energy, width)).max() < 1e-12
    assert np.abs(sigma[:, :width, :]).max() == 0
    assert np.array_equal(lead_open_channels(h_cell, h_hop, energy), strip_open_channels(energy, width))


def test_open_channels_count_strip_modes():
    width = 5
    eps, _ = strip_transverse_modes(width)
    off = grid(-0.5, 8.5, 451, np.concatenate([eps, eps + 4]))
    energy = np.concatenate([off, eps + 1e-8, eps - 1e-8, eps + 4 - 1e-8])
    counted = lead_open_channels(*strip_lead_hamiltonian(width), energy)
    assert np.array_equal(counted, strip_open_channels(energy, width))
    # closed form: mode n open for eps_n < E < eps_n + 4t; within 1e-12 t of eps_n counts as on it
    assert strip_open_channels(eps[2] + 1e-11, width) == 3
    assert strip_open_channels(eps[2] + 1e-13, width) == strip_open_channels(eps[2], width) == 2


def test_lead_modes_unit_current_and_time_reversal_pairs():
    h_cell, h_hop = strip_lead_hamiltonian(6)
    modes = lead_modes(h_cell, h_hop, 1.7)
    assert modes.open_channels == strip_open_channels(1.7, 6)

    def current(lam, phi):
        return 2 * np.imag(lam.conj() * np.einsum("im,ij,jm->m", phi.conj(), h_hop, phi))

    assert np.allclose(current(modes.lambda_out, modes.outgoing), 1, atol=1e-12)
    assert np.allclose(current(modes.lambda_in, modes.incoming), -1, atol=1e-12)
    assert np.allclose(modes.incoming, modes.outgoing.conj(), atol=1e-12)
    # velocities: v = 2t sin k of each transverse channel
    eps, _ = strip_transverse_modes(6)
    k = np.arccos(1 - (1.7 - eps[eps < 1.7]) / 2)
    assert np.allclose(np.sort(modes.velocities), np.sort(2 * np.sin(k)), atol=1e-12)
    assert np.allclose(modes.self_energy(h_hop), strip_self_energy(1.7, 6), atol=1e-12)


def test_lead_modes_in_a_field_carry_unit_current():
    h_cell, h_hop = strip_lead_hamiltonian(8, flux=0.1)
    modes = lead_modes(h_cell, h_hop, 0.9)
    assert modes.open_channels == lead_open_channels(h_cell, h_hop, 0.9)
    assert np.allclose(modes.self_energy(h_hop), lead_self_energy(h_cell, h_hop, 0.9), atol=1e-12)


def test_bad_input_is_refused_with_a_named_parameter():
    with pytest.raises(ValueError, match="`eta`"):
        chain_self_energy(1.0, eta=-1e-3)
    with pytest.raises(ValueError, match="`h_cell` must be Hermitian"):
        lead_self_energy([[1.0, 2.0], [0.0, 1.0]], np.eye(2), 1.0)
    with pytest.raises(ValueError, match="same size"):
        lead_self_energy(np.eye(2), np.eye(3), 1.0)
    with pytest.raises(ValueError, match="`eta` must be > 0 for method='decimation'"):
        lead_self_energy(*CHAIN, 1.0, method="decimation")
    with pytest.raises(ValueError, match="`method`"):
        lead_self_energy(*CHAIN, 1.0, method="magic")
    with pytest.raises(TypeError, match="`width`"):
        strip_self_energy(1.0, 2.5)


def strip_thresholds(width):
    """Bottoms of the subbands of a clean strip, from the closed form and from eigvalsh.

    The two differ by round-off (1e-16): both must count as the threshold.
    """
    eps, _ = strip_transverse_modes(width)
    h_cell, _ = strip_lead_hamiltonian(width)
    return np.concatenate([eps, np.linalg.eigvalsh(h_cell).real - 2])


@pytest.mark.parametrize("width", [1, 2, 3, 4, 5, 7])
def test_at_a_mode_threshold_the_zero_velocity_mode_is_closed(width):
    """Exactly at a subband bottom (or top) the mode has zero velocity and counts as closed.

    Every route agrees: the closed form, the mode count, lead_modes, and the count on the side
    of the threshold where the mode is evanescent (below a bottom, above a top).  The
    self-energy is the common limit from both sides (it varies like sqrt(E - E0)).
    """
    h_cell, h_hop = strip_lead_hamiltonian(width)
    bottoms = strip_thresholds(width)
    for at, closed_side in ((bottoms, -1e-9), (bottoms + 4, 1e-9)):
        expected = strip_open_channels(at + closed_side, width)
        assert np.array_equal(strip_open_channels(at, width), expected)
        assert np.array_equal(lead_open_channels(h_cell, h_hop, at), expected)
        modes = [lead_modes(h_cell, h_hop, energy) for energy in at]
        assert [m.open_channels for m in modes] == list(expected)
        assert all(m.thresholds == 1 for m in modes)
        for energy, m in zip(at, modes, strict=True):
            sigma = m.self_energy(h_hop)
            assert np.abs(sigma - strip_self_energy(energy, width)).max() < 1e-14
            for side in (-1e-10, 1e-10):  # sqrt(1e-10) = 1e-5
                assert np.abs(sigma - strip_self_energy(energy + side, width)).max() < 1e-4
    # the general (Schur) route finds the same limit
    at = np.concatenate([bottoms, bottoms + 4])
    modes = lead_self_energy(h_cell, h_hop, at, method="modes")
    assert np.abs(modes - strip_self_energy(at, width)).max() < 1e-7


def test_band_edges_of_the_chain():
    for energy, sigma in ((0.0, -1.0), (4.0, 1.0)):
        modes = lead_modes(*CHAIN, energy)
        assert modes.open_channels == 0 and modes.thresholds == 1
        assert lead_open_channels(*CHAIN, energy) == 0
        assert modes.self_energy(CHAIN[1])[0, 0] == sigma == chain_self_energy(energy)
    # within 1e-12 t of the edge counts as on it; 1e-11 away the mode is open (v = 2 sqrt(1e-11))
    assert chain_self_energy(1e-13) == -1.0 and lead_modes(*CHAIN, 1e-13).open_channels == 0
    assert lead_modes(*CHAIN, 1e-11).open_channels == 1


@pytest.mark.parametrize(("width", "flux"), [(5, 0.11), (7, 0.05), (3, 0.13)])
def test_thresholds_of_a_lead_in_a_field(width, flux):
    """In a field the subbands of a strip centred on y = 0 have their extrema at k = 0.

    Each eigenvalue of H(k = 0) is a threshold: lead_modes must not fail there, and it counts the
    merging pair as closed, like the side of the extremum where the band does not cross.  The
    self-energy solves its Dyson equation and is continuous (sqrt(1e-10) = 1e-5).
    """
    h_cell, h_hop = strip_lead_hamiltonian(width, flux=flux, y_offset=-(width // 2))
    for energy in np.linalg.eigvalsh(h_cell + h_hop + h_hop.conj().T):
        modes = lead_modes(h_cell, h_hop, energy)
        sides = lead_open_channels(h_cell, h_hop, energy + np.array([-1e-9, 1e-9]))
        assert modes.thresholds >= 1
        assert modes.open_channels == lead_open_channels(h_cell, h_hop, energy) == sides.min()
        sigma = modes.self_energy(h_hop)
        dyson = h_hop.conj().T @ np.linalg.solve(energy * np.eye(width) - h_cell - sigma, h_hop)
        assert np.abs(dyson - sigma).max() < 1e-7
        near = lead_self_energy(h_cell, h_hop, energy + np.array([-1e-10, 1e-10]))
        assert np.abs(near - sigma).max() < 1e-4


def test_a_lead_whose_waves_one_cell_cannot_fix_is_refused_not_answered_wrongly():
    # A Kitaev chain at E = 0: its two decaying solutions share the Majorana spinor (1, i) on every
    # cell, so the value on one cell does not fix an outgoing wave.
    from qtransport.lattice.leads import lead_modes

    t, delta, mu = 1.0, 0.5, -1.5
    h_cell = np.diag([-mu, mu]).astype(complex)
    h_hop = np.array([[-t, delta], [-delta, t]], dtype=complex)
    with pytest.raises(ValueError, match="`energy` = 0.0: the lead's outgoing waves are not fixed"):
        lead_modes(h_cell, h_hop, 0.0)
    modes = lead_modes(h_cell, h_hop, 1e-3)  # inside the gap but away from E = 0: fine
    assert modes.open_channels == 0
    sigma = modes.self_energy(h_hop)
    g = np.linalg.inv(1e-3 * np.eye(2) - h_cell - sigma)  # surface Green's function: Dyson's fixed point
    assert np.allclose(sigma, h_hop.conj().T @ g @ h_hop, atol=1e-9)


def test_decimation_at_an_eigenvalue_of_h_cell_agrees_with_the_closed_form():
    # E = 2 is the on-site energy of the chain (the band centre): each decimation step inverts
    # E + i eta - h_cell = i eta, and the bare iteration returned -1.49i instead of -1i at eta = 1e-9.
    for eta in (1e-12, 1e-9, 1e-6, 1e-3):
        dec = lead_self_energy([[2.0]], [[-1.0]], [1.0, 2.0, 3.0], eta=eta, method="decimation")[:, 0, 0]
        exact = chain_self_energy([1.0, 2.0, 3.0], eta=eta)
        assert np.allclose(dec, exact, rtol=0, atol=1e-9), (eta, dec, exact)


def test_decimation_of_a_two_orbital_lead_at_its_levels_stays_retarded():
    # levels 0 and 1 of h_cell; the bare iteration gave a broadening with a negative eigenvalue at E = 1
    h_cell = np.diag([0.0, 1.0])
    h_hop = -np.array([[1.0, 0.3], [0.0, 1.0]])
    for energy in (0.0, 1.0):
        for eta in (1e-300, 1e-9, 1e-4):
            dec = lead_self_energy(h_cell, h_hop, energy, eta=eta, method="decimation")
            modes = lead_self_energy(h_cell, h_hop, energy, eta=eta, method="modes")
            assert np.abs(dec - modes).max() < 1e-8, (energy, eta)
            gamma = 1j * (dec - dec.conj().T)
            assert np.linalg.eigvalsh(gamma).min() > -1e-12


def test_real_schur_route_for_real_leads_matches_the_complex_route():
    # A real lead goes through the real Schur form; the same lead in another gauge (a phase on
    # each orbital, U h U^dagger) is complex and goes through the complex one: Sigma' = U Sigma U^dagger.
    rng = np.random.default_rng(4)
    n = 6
    h_cell = rng.normal(size=(n, n))
    h_cell = h_cell + h_cell.T
    h_hop = rng.normal(size=(n, n))
    u = np.exp(1j * rng.uniform(0, 2 * np.pi, n))
    h_cell_u = u[:, None] * h_cell * u.conj()[None, :]
    h_hop_u = u[:, None] * h_hop * u.conj()[None, :]
    energies = np.linspace(-3.0, 3.0, 13) + 1e-3
    real = lead_self_energy(h_cell, h_hop, energies, method="modes")
    gauged = lead_self_energy(h_cell_u, h_hop_u, energies, method="modes")
    assert np.abs(u[:, None] * real * u.conj()[None, :] - gauged).max() < 1e-10
    for energy in energies[::4]:
        a, b = lead_modes(h_cell, h_hop, energy), lead_modes(h_cell_u, h_hop_u, energy)
        assert a.open_channels == b.open_channels
        assert np.allclose(np.sort_complex(a.lambda_out), np.sort_complex(b.lambda_out), atol=1e-10)


def test_complex_schur_of_a_real_schur_form_is_a_schur_form():
    import scipy.linalg as sla

    from qtransport.lattice.leads import _complex_schur, _real_schur_eigenvalues

    rng = np.random.default_rng(2)
    for n in (2, 7, 40):
        a, b = rng.normal(size=(2, n, n))
        m = 0.1 * (a + a.T) + (b - b.T)  # mostly antisymmetric: complex pairs
        t, z = sla.schur(m, output="real")
        assert np.any(np.diagonal(t, -1))  # some complex pairs
        s, q = _complex_schur(t, z)
        assert np.abs(q @ s @ q.conj().T - m).max() < 1e-12
        assert np.abs(q.conj().T @ q - np.eye(n)).max() < 1e-13
        assert not np.any(np.tril(s, -1))
        assert np.allclose(np.diag(s), _real_schur_eigenvalues(t), atol=1e-12)
        # the same eigenvalues (sort_complex is no good here: a pair shares its real part only to rounding)
        distance = np.abs(np.diag(s)[:, None] - np.linalg.eigvals(m)[None, :])
        assert distance.min(axis=0).max() < 1e-10 and distance.min(axis=1).max() < 1e-10


def test_complex_schur_agrees_with_scipy_rsf2csf():
    """The rotations applied row and column pair by pair give scipy's complex Schur form, to rounding."""
    import scipy.linalg as sla

    from qtransport.lattice.leads import _complex_schur

    rng = np.random.default_rng(5)
    for n in (2, 9, 40):
        a, b = rng.normal(size=(2, n, n))
        t, z = sla.schur(0.2 * (a + a.T) + (b - b.T), output="real")
        s, q = _complex_schur(t, z)
        s_ref, q_ref = sla.rsf2csf(t, z)
        scale = np.abs(t).max()
        assert np.abs(s - s_ref).max() < 1e-13 * scale
        assert np.abs(q - q_ref).max() < 1e-13
