"""Two-terminal transport by RGF: closed forms, independent routes, invariants."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.lattice import (
    bond_currents,
    chain,
    constriction_potential,
    ldos,
    lead_open_channels,
    qpc_potential,
    smatrix,
    strip,
    strip_open_channels,
    strip_transverse_modes,
    transmission,
)
from qtransport.lattice.rgf import broadening, rgf_corner_blocks, rgf_transmission


def dagger(a):
    return np.conj(np.swapaxes(a, -1, -2))


def disordered(flux=0.0, seed=3, **kw):
    return strip(7, 5, disorder=2.0, rng=np.random.default_rng(seed), realizations=4, flux=flux, **kw)


# --- closed forms -----------------------------------------------------------


def test_clean_strip_transmits_every_open_mode():
    width = 6
    eps, _ = strip_transverse_modes(width)
    grid = np.linspace(-0.3, 8.3, 400) + 1e-3 * np.pi
    near = np.concatenate([eps + 1e-9, eps - 1e-9, eps + 4 - 1e-9, eps + 4 + 1e-9, eps + 1e-6])
    energies = np.concatenate([grid, near])
    t = transmission(strip(15, width), energies)
    assert np.abs(t - strip_open_channels(energies, width)).max() < 1e-10


def test_clean_strip_in_a_field_transmits_every_open_mode():
    system = strip(12, 6, flux=0.08)
    energies = np.linspace(0.1, 7.9, 60) + 1e-3 * np.pi
    expected = lead_open_channels(*system.lead(1), energies)
    assert expected.max() > 1
    assert np.abs(transmission(system, energies) - expected).max() < 1e-9


def test_single_site_barrier_in_a_chain():
    # On the barrier site G = 1/(E - 2t - U - 2 Sigma) = 1/(2i t sin k - U), so
    # T = Gamma^2 |G|^2 = v^2 / (v^2 + U^2) with v = 2t sin k.
    energies = np.linspace(0.05, 3.95, 79)
    for u in (0.3, 1.0, -2.5):
        t = transmission(chain(5, potential=[0, 0, u, 0, 0]), energies)
        v = 2 * np.sin(np.arccos(1 - energies / 2))
        assert np.abs(t - v**2 / (v**2 + u**2)).max() < 1e-13


def test_potential_step_in_a_chain():
    # psi = e^{ik1 x} + r e^{-ik1 x} (x < 0), t e^{ik2 x} (x >= 0); continuity of the
    # lattice equation at x = 0 gives r = (e^{-ik2} - e^{-ik1}) / (e^{ik1} - e^{-ik2}), so
    # T = 1 - |r|^2 = 2 sin k1 sin k2 / (1 - cos(k1 + k2)).
    u = 0.8
    energies = np.linspace(u + 0.02, 3.98, 60)
    system = chain(4, potential=u, lead_potentials=(0.0, u))
    k1 = np.arccos(1 - energies / 2)
    k2 = np.arccos(1 - (energies - u) / 2)
    exact = 2 * np.sin(k1) * np.sin(k2) / (1 - np.cos(k1 + k2))
    assert np.abs(transmission(system, energies) - exact).max() < 1e-13
    assert np.abs(smatrix(system, 1.7).transmission() - exact[np.argmin(abs(energies - 1.7))]).max() < 0.05
    # below the step the wave is totally reflected
    assert transmission(system, u / 2) < 1e-30


# --- independent routes -----------------------------------------------------


@pytest.mark.parametrize("flux", [0.0, 0.11])
def test_rgf_equals_dense_inversion(flux):
    system = disordered(flux)
    energies = np.array([0.7, 1.9, 3.3])
    sigma_l, sigma_r = system.self_energies(energies)
    h = system.hamiltonian()
    w, n = system.width, h.shape[-1]
    m = energies[:, None, None] * np.eye(n) - h[:, None]
    m[..., :w, :w] -= sigma_l
    m[..., -w:, -w:] -= sigma_r
    g = np.linalg.inv(m)
    blocks = rgf_corner_blocks(energies, system.slice_hamiltonian, system.hopping,
                               system.potential, sigma_l, sigma_r)
    dense = (g[..., :w, :w], g[..., :w, -w:], g[..., -w:, :w], g[..., -w:, -w:])
    for rgf_block, dense_block in zip(blocks, dense, strict=True):
        assert np.abs(rgf_block - dense_block).max() < 1e-12
    gn0 = g[..., -w:, :w]
    caroli = np.einsum("...ij,...jk,...kl,...li->...", broadening(sigma_r), gn0,
                       broadening(sigma_l), dagger(gn0)).real
    assert np.abs(transmission(system, energies) - caroli).max() < 1e-12
    dos = -np.diagonal(g, axis1=-2, axis2=-1).imag / np.pi
    assert np.abs(ldos(system, 1.9) - dos[:, 1].reshape(4, system.length, w)).max() < 1e-12


def test_ldos_of_a_single_disordered_realization_equals_dense_inversion():
    """One realization (no batch axis): the slice matrices must not share one buffer."""
    system = strip(6, 4, disorder=2.0, rng=np.random.default_rng(5), flux=0.07)
    energy = 1.3
    sigma_l, sigma_r = system.self_energies(np.array([energy]))
    h = system.hamiltonian()
    w, n = system.width, h.shape[-1]
    m = energy * np.eye(n) - h
    m[:w, :w] -= sigma_l[0]
    m[-w:, -w:] -= sigma_r[0]
    dos = -np.diagonal(np.linalg.inv(m)).imag / np.pi
    assert np.abs(ldos(system, energy) - dos.reshape(system.length, w)).max() < 1e-12


@pytest.mark.parametrize("flux", [0.0, 0.11])
def test_caroli_equals_fisher_lee(flux):
    system = disordered(flux)
    for energy in (0.9, 2.2, 3.6):
        res = smatrix(system, energy)
        assert res.open_channels[0] >= 1
        assert np.abs(res.transmission() - transmission(system, energy)).max() < 1e-12
        tau = res.transmission_eigenvalues()
        assert np.allclose(tau.sum(-1), res.transmission(), atol=1e-12)
        assert tau.min() > -1e-12 and tau.max() < 1 + 1e-12


def test_growing_wire_equals_separate_wires():
    system = disordered(0.05)
    energies = np.array([1.1, 2.4])
    sigma_l, sigma_r = system.self_energies(energies)
    grown = rgf_transmission(energies, system.slice_hamiltonian, system.hopping,
                             system.potential, sigma_l, sigma_r, lengths=[2, 5, 7])
    for i, n in enumerate([2, 5, 7]):
        piece = strip(n, 5, potential=system.potential[..., :n, :], flux=0.05)
        assert np.abs(grown[..., i] - transmission(piece, energies)).max() < 1e-13


# --- invariants -------------------------------------------------------------


@pytest.mark.parametrize("flux", [0.0, 0.11, -0.3])
def test_smatrix_is_unitary_and_two_terminal_reciprocal(flux):
    system = disordered(flux, seed=11)
    for energy in (0.6, 1.7, 3.1, 4.4):
        res = smatrix(system, energy)
        s = res.s
        eye = np.eye(s.shape[-1])
        assert np.abs(dagger(s) @ s - eye).max(initial=0) < 1e-10
        assert np.abs(s @ dagger(s) - eye).max(initial=0) < 1e-10
        assert np.allclose(res.transmission(1, 0), res.transmission(0, 1), atol=1e-12)


def test_smatrix_onsager_symmetry():
    # Time reversal maps the system at B to the one at -B: S(-B) = S(B)^T in the
    # mode basis of lead_modes (incoming modes at -B = outgoing ones at B, conjugated);
    # S = S^T at B = 0.
    plus, minus, zero = (disordered(f, seed=5) for f in (0.07, -0.07, 0.0))
    for energy in (1.3, 2.9):
        sp, sm = smatrix(plus, energy).s, smatrix(minus, energy).s
        assert np.abs(sm - np.swapaxes(sp, -1, -2)).max() < 1e-10
        assert np.abs(sp - np.swapaxes(sp, -1, -2)).max() > 1e-3
        s0 = smatrix(zero, energy).s
        assert np.abs(s0 - np.swapaxes(s0, -1, -2)).max() < 1e-10


def test_two_terminal_conductance_is_even_in_field():
    energies = np.linspace(0.5, 3.5, 13)
    g_plus = transmission(disordered(0.09, seed=8), energies)
    g_minus = transmission(disordered(-0.09, seed=8), energies)
    assert np.abs(g_plus - g_minus).max() < 1e-11
    assert np.abs(g_plus - transmission(disordered(0.0, seed=8), energies)).max() > 1e-3


@pytest.mark.parametrize("flux", [0.0, 0.12])
def test_bond_currents_are_conserved(flux):
    system = disordered(flux, seed=2)
    energy = 2.3
    res = smatrix(system, energy)
    for lead in (0, 1):
        j = bond_currents(system, energy, lead=lead)
        # divergence at every site of the scattering region vanishes
        div = j.x[..., :-1, :] - j.x[..., 1:, :]
        div[..., :, :-1] -= j.y
        div[..., :, 1:] += j.y
        assert np.abs(div).max() < 1e-12
        # total current through each cross-section = T (sign: direction of travel)
        sign = 1 if lead == 0 else -1
        total = sign * j.x.sum(-1)
        assert np.abs(total - res.transmission(1 - lead, lead)[..., None]).max() < 1e-12
        jx, jy = j.at_sites()
        assert jx.shape == jy.shape == system.potential.shape
        assert np.abs(sign * jx.sum(-1) - res.transmission(1 - lead, lead)[..., None]).max() < 1e-12
    for n in range(res.open_channels[0]):
        j = bond_currents(system, energy, mode=n)
        t_n = np.sum(np.abs(res.block(1, 0)[..., :, n]) ** 2, axis=-1)
        assert np.abs(j.x.sum(-1) - t_n[..., None]).max() < 1e-12


def test_ldos_of_clean_chain():
    energies = [0.3, 2.0, 3.5]
    for e in energies:
        k = np.arccos(1 - e / 2)
        assert np.allclose(ldos(chain(6), e), 1 / (np.pi * 2 * np.sin(k)), atol=1e-13)


def test_batches_broadcast_gate_sweeps():
    gates = np.linspace(0, 2, 5)
    pot = qpc_potential(30, 8, gate=gates, taper=4)
    t_batch = transmission(strip(30, 8, potential=pot), [1.0, 1.5])
    assert t_batch.shape == (5, 2)
    for i, gate in enumerate(gates):
        one = transmission(strip(30, 8, potential=qpc_potential(30, 8, gate=gate, taper=4)), [1.0, 1.5])
        assert np.allclose(t_batch[i], one, atol=1e-13)


def test_adiabatic_qpc_has_flat_plateaus_and_abrupt_one_does_not():
    # A long smooth saddle transmits modes one by one: T sits on integers between
    # steps.  An abrupt constriction of the same opening is not quantized as well.
    width, energy = 12, 1.0
    gates = np.linspace(-0.6, 1.2, 61)
    t = transmission(strip(120, width, potential=qpc_potential(120, width, gate=gates, taper=15,
                                                                 hbar_omega_y=0.25)), energy)
    assert np.all(np.diff(t) < 1e-6)  # more gate, fewer open channels
    assert t[0] > 2.5 and t[-1] < 1e-6
    frac = np.abs(t - np.round(t))
    assert np.mean(frac < 0.02) > 0.6  # most gate values lie on a plateau
    abrupt = transmission(strip(20, width, potential=constriction_potential(
        20, width, opening=5, constriction_length=3)), np.linspace(0.2, 2.0, 40))
    assert np.abs(abrupt - np.round(abrupt)).max() > 0.1


# --- input checks -----------------------------------------------------------


def test_bad_input_is_refused_with_a_named_parameter():
    with pytest.raises(ValueError, match="`rng`"):
        strip(5, 3, disorder=1.0)
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        strip(5, 3, disorder=1.0, rng=42)
    with pytest.raises(ValueError, match="`potential` must have shape"):
        strip(5, 3, potential=np.zeros((3, 5)))
    with pytest.raises(ValueError, match="lambda x, y"):
        strip(5, 3, potential=np.zeros(5))
    with pytest.raises(TypeError, match="`system`"):
        transmission("wire", 1.0)
    with pytest.raises(ValueError, match="`energy` must be a single number"):
        smatrix(chain(3), [1.0, 2.0])
    with pytest.raises(ValueError, match="`lead`"):
        bond_currents(chain(3), 1.0, lead=2)
    with pytest.raises(ValueError, match="`mode` must be <"):
        bond_currents(chain(3), 1.0, mode=3)
    with pytest.raises(ValueError, match="`opening`"):
        constriction_potential(10, 4, opening=6, constriction_length=2)


def test_thread_split_does_not_change_results(monkeypatch):
    from qtransport.lattice import _parallel

    system = disordered(0.05, seed=9)
    energies = np.linspace(0.5, 3.5, 7)
    monkeypatch.setattr(_parallel, "_workers", lambda: 1)
    serial = transmission(system, energies), transmission(system, 1.3)
    monkeypatch.setattr(_parallel, "_workers", lambda: 3)
    split = transmission(system, energies), transmission(system, 1.3)
    for a, b in zip(serial, split, strict=True):
        assert a.shape == b.shape
        assert np.abs(a - b).max() < 1e-13


def test_thread_split_leaves_blas_settings_as_it_found_them():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from qtransport.lattice import _parallel

    before = [(p["internal_api"], p["num_threads"]) for p in threadpoolctl.threadpool_info()]
    _parallel.split_map(lambda s: s, 1)  # too small to split
    _parallel.split_map(lambda s: s, 64)
    with _parallel.single_threaded_blas():
        pass
    after = [(p["internal_api"], p["num_threads"]) for p in threadpoolctl.threadpool_info()]
    assert after == before


def test_lattice_calls_run_blas_on_one_thread_and_restore_the_callers_setting(monkeypatch):
    """Lead modes, device solves and RGF sweeps run with one BLAS thread, then restore the caller's.

    Their matrices are small (tens to a few hundred rows): threads only add synchronization, which
    on a busy two-core machine made them up to 20 times slower (see qtransport.lattice._parallel).
    """
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from qtransport.lattice import leads as leads_module
    from qtransport.lattice import solvers as solvers_module
    from qtransport.lattice.devices import cross, transmission_matrix
    from qtransport.lattice.leads import lead_modes, strip_lead_hamiltonian

    def blas_threads():
        return [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]

    seen = []

    def spy(function):
        def wrapper(*args, **kwargs):
            seen.append((function.__name__, blas_threads()))
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(leads_module, "_solutions", spy(leads_module._solutions))
    monkeypatch.setattr(solvers_module, "rgf_transmission", spy(solvers_module.rgf_transmission))
    before = blas_threads()
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        outer = blas_threads()
        transmission_matrix(cross(12, 8, 4, flux=0.05), 0.8)  # lead modes in a field, sparse solve
        lead_modes(*strip_lead_hamiltonian(6, flux=0.05), 1.0)  # Schur form of one lead
        transmission(strip(6, 5, flux=0.05), 1.0)  # one energy: no thread split
        assert blas_threads() == outer
    assert blas_threads() == before
    assert {name for name, _ in seen} == {"_solutions", "rgf_transmission"}
    assert all(threads == [1] * len(threads) for _, threads in seen), seen


def test_transmission_at_band_edges_and_mode_thresholds_is_the_limit():
    """At a threshold the zero-velocity mode is closed and T is the limit of the open channels.

    A clean chain at its band edges has no open channel (the LU factorisation there used to hit
    an exactly singular matrix: the uniform state of the chain is a solution at E = 0).  A clean
    strip transmits every open channel.  For a disordered strip T(E0) is the common limit of T
    from both sides; it approaches it like sqrt(|E - E0|).
    """
    assert np.array_equal(transmission(chain(5), [0.0, 4.0]), [0.0, 0.0])
    assert np.array_equal(transmission(chain(5, potential=[0, 1, 0, 0, 0]), [0.0, 4.0]), [0.0, 0.0])
    assert smatrix(chain(5), 0.0).s.shape == (0, 0)
    for width in (2, 3, 5):
        eps, _ = strip_transverse_modes(width)
        at = np.concatenate([eps, eps + 4])
        assert np.abs(transmission(strip(6, width), at) - strip_open_channels(at, width)).max() < 1e-12
    system = strip(10, 4, disorder=1.0, rng=np.random.default_rng(4))
    eps, _ = strip_transverse_modes(4)
    for energy in np.concatenate([eps, eps + 4]):
        t0 = transmission(system, energy)
        for side in (-1, 1):
            far, near = (abs(transmission(system, energy + side * d) - t0) for d in (1e-8, 1e-10))
            assert near < 1e-3 and near < 0.2 * far + 1e-12  # |T - T(E0)| ~ sqrt(d): 10x smaller
    res = smatrix(system, eps[1])
    assert res.open_channels == (1, 1)
    assert np.abs(dagger(res.s) @ res.s - np.eye(2)).max() < 1e-12
    assert abs(res.transmission() - transmission(system, eps[1])) < 1e-12


def test_wave_functions_at_a_threshold_exist_unless_a_state_decouples():
    """Scattering states and LDOS at a threshold are the limit, if E - H - Sigma is regular there.

    In a disordered strip they are continuous through the threshold.  In a clean wire the
    threshold mode itself is a state that couples to no open channel: any multiple of it may be
    added, the limits from both sides differ, and a ValueError says so.
    """
    eps, _ = strip_transverse_modes(3)
    system = strip(6, 3, disorder=1.0, rng=np.random.default_rng(2))
    for energy in (eps[1], eps[2] + 4):
        at, below = (bond_currents(system, e).x for e in (energy, energy - 1e-10))
        assert np.abs(at - below).max() < 1e-3  # ~ sqrt(1e-10)
        assert np.abs(ldos(system, energy) - ldos(system, energy - 1e-10)).max() < 1e-3
    for call in (lambda: ldos(chain(5), 0.0), lambda: ldos(strip(4, 3), eps[1]),
                 lambda: bond_currents(strip(4, 3), eps[1] + 4)):
        with pytest.raises(ValueError, match=r"`energy` = .* threshold of lead 0.*shift it"):
            call()
