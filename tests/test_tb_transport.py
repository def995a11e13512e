"""Two-terminal transport on the engine: closed forms, independent routes, invariants.

Chains and strips of :mod:`qtransport.tb.geometries` (on-site ``2t`` and
``4t``, hopping ``-t``, ``t = 1``), in a field through the Peierls phases of
the Landau gauge ``A = (-B y, 0)``.  Closed forms: a clean strip transmits
its open channels, a single-site barrier ``v^2/(v^2 + U^2)``, a potential
step, the LDOS of a clean chain, a smooth saddle Büttiker's formula.
Independent routes: the Caroli formula on a dense inverse of ``E - H - Sigma``,
the Fisher-Lee S-matrix, the sparse direct solve.  Invariants: unitarity,
reciprocity and Onsager, current conservation.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

from qtransport import saddle_point_transmission, tb
from qtransport.lattice.leads import (
    lead_open_channels,
    lead_self_energy,
    strip_open_channels,
    strip_transverse_modes,
)
from qtransport.tb import Lead, System, geometries


def dagger(a):
    return np.conj(np.swapaxes(a, -1, -2))


def field_hopping():
    return tb.peierls(-1.0, lambda x, y, *, flux: (-flux * y, 0 * x))


def disordered(flux=0.0, seed=3, length=7, width=5, strength=2.0):
    """A disordered strip in a field, with its parameters: ``(fsys, params)``."""
    potential = strength * (np.random.default_rng(seed).random((length, width)) - 0.5)
    fsys = geometries.strip(length, width, hopping=field_hopping(), potential=potential).finalized()
    return fsys, {"flux": flux}


def transmission(fsys, energies, params=None, **kw):
    return tb.transmission(fsys, energies, params, **kw).transmission[..., 1, 0]


# --- closed forms -----------------------------------------------------------


def test_clean_strip_transmits_every_open_mode():
    width = 6
    eps, _ = strip_transverse_modes(width)
    grid = np.linspace(-0.3, 8.3, 400) + 1e-3 * np.pi
    near = np.concatenate([eps + 1e-9, eps - 1e-9, eps + 4 - 1e-9, eps + 4 + 1e-9, eps + 1e-6])
    energies = np.concatenate([grid, near])
    fsys = geometries.strip(15, width).finalized()
    assert np.abs(transmission(fsys, energies) - strip_open_channels(energies, width)).max() < 1e-10


# At a threshold the mode of zero velocity is closed: T is the limit of the open channels.  The
# clean strip at its own threshold, and the chain at its band edges, have a state that couples to
# no open channel (E - H - Sigma is singular there): both routes must still give the open channels.
@pytest.mark.parametrize("method", ["sparse", "auto"])
def test_clean_strip_at_its_thresholds_transmits_the_open_channels(method):
    for width in (2, 3, 5, 6):
        eps, _ = strip_transverse_modes(width)
        at = np.concatenate([eps, eps + 4])
        fsys = geometries.strip(6, width).finalized()
        got = transmission(fsys, at, method=method)
        assert np.abs(got - strip_open_channels(at, width)).max() < 1e-12


def test_chain_at_its_band_edges_has_no_open_channel():
    for potential in (None, [0, 1, 0, 0, 0]):
        fsys = geometries.chain(5, potential=potential).finalized()
        assert np.array_equal(transmission(fsys, [0.0, 4.0]), [0.0, 0.0])
        assert tb.smatrix(fsys, 0.0).s.shape == (0, 0)


def test_transmission_at_a_threshold_of_a_disordered_strip_is_the_limit_from_both_sides():
    # T(E0) is the common limit of T from both sides; it approaches it like sqrt(|E - E0|).
    potential = np.random.default_rng(4).random((10, 4)) - 0.5
    fsys = geometries.strip(10, 4, potential=potential).finalized()
    eps, _ = strip_transverse_modes(4)
    for energy in np.concatenate([eps, eps + 4]):
        t0 = transmission(fsys, energy)
        assert abs(t0 - transmission(fsys, energy, method="sparse")) < 1e-10
        for side in (-1, 1):
            far, near = (abs(transmission(fsys, energy + side * d) - t0) for d in (1e-8, 1e-10))
            assert near < 1e-3 and near < 0.2 * far + 1e-12  # |T - T(E0)| ~ sqrt(d): 10x smaller
    res = tb.smatrix(fsys, eps[1])
    assert res.open_channels(0) == res.open_channels(1) == 1
    assert np.abs(dagger(res.s) @ res.s - np.eye(2)).max() < 1e-12
    assert abs(res.transmission(1, 0) - transmission(fsys, eps[1])) < 1e-12


def test_ldos_where_a_state_decouples_from_every_open_channel_is_refused():
    # In a clean wire the threshold mode itself couples to no open channel: the wave functions
    # (and G) are not unique there.  The old engine said so with a ValueError naming `energy`.
    eps, _ = strip_transverse_modes(3)
    for call in (lambda: tb.ldos(geometries.chain(5).finalized(), 0.0),
                 lambda: tb.ldos(geometries.strip(4, 3).finalized(), eps[1])):
        with pytest.raises(ValueError, match="`energy`"):
            call()


def test_clean_strip_in_a_field_transmits_every_open_mode():
    fsys = geometries.strip(12, 6, hopping=field_hopping()).finalized()
    params = {"flux": 0.08}
    energies = np.linspace(0.1, 7.9, 60) + 1e-3 * np.pi
    expected = lead_open_channels(*fsys.leads[1].hamiltonian(params), energies)
    assert expected.max() > 1
    assert np.abs(transmission(fsys, energies, params) - expected).max() < 1e-9


def test_single_site_barrier_in_a_chain():
    # On the barrier site G = 1/(E - 2t - U - 2 Sigma) = 1/(2i t sin k - U), so
    # T = Gamma^2 |G|^2 = v^2 / (v^2 + U^2) with v = 2t sin k.
    energies = np.linspace(0.05, 3.95, 79)
    v = 2 * np.sin(np.arccos(1 - energies / 2))
    for u in (0.3, 1.0, -2.5):
        fsys = geometries.chain(5, potential=[0, 0, u, 0, 0]).finalized()
        assert np.abs(transmission(fsys, energies) - v**2 / (v**2 + u**2)).max() < 1e-13
        assert np.abs(transmission(fsys, energies[::10], method="sparse") - (v**2 / (v**2 + u**2))[::10]).max() < 1e-12


def step_chain(u, length=4):
    """A chain raised by ``u`` from its first site on, into a right lead raised by ``u`` too."""
    sys = System(tb.chain(), shape=lambda x: (x >= 0) & (x < length), start=(0,))
    sys.onsite = 2.0 + u
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1,), onsite=2.0))
    sys.attach_lead(Lead((1,), onsite=2.0 + u))
    return sys.finalized()


def test_potential_step_in_a_chain():
    # psi = e^{ik1 x} + r e^{-ik1 x} (x < 0), t e^{ik2 x} (x >= 0); continuity of the
    # lattice equation at x = 0 gives r = (e^{-ik2} - e^{-ik1}) / (e^{ik1} - e^{-ik2}), so
    # T = 1 - |r|^2 = 2 sin k1 sin k2 / (1 - cos(k1 + k2)).
    u = 0.8
    fsys = step_chain(u)
    energies = np.linspace(u + 0.02, 3.98, 60)
    k1 = np.arccos(1 - energies / 2)
    k2 = np.arccos(1 - (energies - u) / 2)
    exact = 2 * np.sin(k1) * np.sin(k2) / (1 - np.cos(k1 + k2))
    assert np.abs(transmission(fsys, energies) - exact).max() < 1e-13
    assert abs(tb.smatrix(fsys, energies[30]).transmission(1, 0) - exact[30]) < 1e-12
    # below the step the wave is totally reflected
    assert transmission(fsys, u / 2) < 1e-30


def test_ldos_of_clean_chain():
    fsys = geometries.chain(6).finalized()
    for e in (0.3, 2.0, 3.5):
        k = np.arccos(1 - e / 2)
        assert np.allclose(tb.ldos(fsys, e), 1 / (np.pi * 2 * np.sin(k)), atol=1e-13)


def saddle_transmission(energy, gates, *, length, width, taper, hbar_omega_y):
    """Büttiker's formula, mode by mode, for the saddle of :func:`qtransport.tb.geometries.qpc`.

    Adiabatically, mode ``n`` sees the barrier ``eps_n(x)``: the ``n``-th level of the
    transverse Hamiltonian (a chain of ``width`` sites, on-site ``2t``, plus
    ``b(x) [V_g + (hbar w_y)^2/4t (y - y_c)^2]``, ``b = exp(-(x - x_c)^2/2s^2)``).  At the neck
    ``b = 1`` and ``eps_n'' = -(d eps_n/d b)/s^2``; with the lattice mass ``hbar^2/2t``,
    ``hbar w_x = sqrt(2t |eps_n''|)``, and ``T_n = 1/(1 + exp(-2 pi (E - eps_n)/hbar w_x))``.
    """
    y = np.arange(width) - (width - 1) / 2
    lap = 2 * np.eye(width) - np.eye(width, k=1) - np.eye(width, k=-1)

    def levels(b, gate):
        return np.linalg.eigvalsh(lap + np.diag(b * (gate + hbar_omega_y**2 / 4 * y**2)))

    total = []
    for gate in gates:
        top = levels(1.0, gate)
        slope = (levels(1 + 1e-5, gate) - levels(1 - 1e-5, gate)) / 2e-5
        hw_x = np.sqrt(2 * slope) / taper
        # one mode at a time: its threshold V0 + hw_y/2 is the level at the neck
        per_mode = [saddle_point_transmission(energy, V0=e - 0.5, hw_x=w, hw_y=1.0, n_modes=1)[0]
                    for e, w in zip(top, hw_x, strict=True)]
        assert np.allclose(per_mode, expit(2 * np.pi * (energy - top) / hw_x), atol=1e-12)
        total.append(np.sum(per_mode))
    return np.array(total)


def test_smooth_qpc_follows_buttikers_saddle_point_formula():
    # A long smooth saddle (taper 15 sites) on a strip 12 wide, at E = t, swept by the gate:
    # three plateaus and their steps.  The closed form ignores the lattice dispersion
    # 2t(1 - cos k) ~ t k^2 and the mixing of modes; measured, it is off by less than 0.01
    # (in the steepest part of the steps), on plateaus by less than 1e-3.
    length, width, taper, hw = 120, 12, 15.0, 0.25
    gates = np.linspace(0.05, 1.2, 24)
    fsys = geometries.qpc(length, width, taper=taper, hbar_omega_y=hw).finalized()
    lattice = transmission(fsys, 1.0, [{"gate": g} for g in gates])
    closed = saddle_transmission(1.0, gates, length=length, width=width, taper=taper, hbar_omega_y=hw)
    assert lattice[0] > 2.999 and lattice[-1] < 1e-4
    assert np.all(np.diff(lattice) < 1e-6)  # more gate, fewer open channels
    assert np.abs(lattice - closed).max() < 0.02
    plateau = np.abs(closed - np.round(closed)) < 1e-3
    assert plateau.sum() > 10 and np.abs(lattice - closed)[plateau].max() < 1e-3


def test_abrupt_constriction_is_not_quantized():
    # The same opening cut abruptly (hard walls of 1e6 t, 3 slices long): resonances, not plateaus.
    potential = np.zeros((20, 12))
    potential[8:11] = 1e6
    potential[8:11, 4:9] = 0.0
    fsys = geometries.strip(20, 12, potential=potential).finalized()
    abrupt = transmission(fsys, np.linspace(0.2, 2.0, 40))
    assert np.abs(abrupt - np.round(abrupt)).max() > 0.1
    assert abrupt.max() < 5 + 1e-9  # at most the 5 open rows' channels


# --- independent routes -----------------------------------------------------


@pytest.mark.parametrize("flux", [0.0, 0.11])
def test_caroli_equals_a_dense_inversion_and_ldos_is_its_diagonal(flux):
    fsys, params = disordered(flux)
    energies = np.array([0.7, 1.9, 3.3])
    h = fsys.hamiltonian(params, sparse=False)
    n = h.shape[0]
    leads = [fsys.leads[p] for p in (0, 1)]
    sigmas = [lead_self_energy(*fl.hamiltonian(params), energies) for fl in leads]
    g = []
    for i, e in enumerate(energies):
        m = e * np.eye(n) - h
        for fl, sigma in zip(leads, sigmas, strict=True):
            m[np.ix_(fl.orbitals, fl.orbitals)] -= sigma[i]
        g.append(np.linalg.inv(m))
    g = np.array(g)
    gamma = [1j * (s - dagger(s)) for s in sigmas]
    gn0 = g[:, leads[1].orbitals][:, :, leads[0].orbitals]
    caroli = np.einsum("eij,ejk,ekl,eli->e", gamma[1], gn0, gamma[0], dagger(gn0)).real
    assert np.abs(transmission(fsys, energies, params) - caroli).max() < 1e-12
    assert np.abs(transmission(fsys, energies, params, method="sparse") - caroli).max() < 1e-10
    dos = -np.diagonal(g[1]).imag / np.pi
    assert np.abs(tb.ldos(fsys, energies[1], params) - dos).max() < 1e-12


@pytest.mark.parametrize("flux", [0.0, 0.11])
def test_caroli_equals_fisher_lee(flux):
    fsys, params = disordered(flux)
    for energy in (0.9, 2.2, 3.6):
        res = tb.smatrix(fsys, energy, params)
        assert res.open_channels(0) >= 1
        assert abs(res.transmission(1, 0) - transmission(fsys, energy, params)) < 1e-12
        tau = res.transmission_eigenvalues(1, 0)
        assert abs(tau.sum() - res.transmission(1, 0)) < 1e-12
        assert tau.min() > -1e-12 and tau.max() < 1 + 1e-12


# --- invariants -------------------------------------------------------------


@pytest.mark.parametrize("flux", [0.0, 0.11, -0.3])
def test_smatrix_is_unitary_and_two_terminal_reciprocal(flux):
    fsys, params = disordered(flux, seed=11)
    for energy in (0.6, 1.7, 3.1, 4.4):
        for method in ("rgf", "sparse"):
            res = tb.smatrix(fsys, energy, params, method=method)
            s = res.s
            eye = np.eye(s.shape[-1])
            assert np.abs(dagger(s) @ s - eye).max(initial=0) < 1e-10
            assert np.abs(s @ dagger(s) - eye).max(initial=0) < 1e-10
            assert abs(res.transmission(1, 0) - res.transmission(0, 1)) < 1e-12


def test_smatrix_onsager_symmetry():
    # Time reversal maps the system at B to the one at -B: S(-B) = S(B)^T in the
    # basis of the lead modes (incoming modes at -B = outgoing ones at B, conjugated);
    # S = S^T at B = 0.
    fsys, _ = disordered(seed=5)
    for energy in (1.3, 2.9):
        sp, sm, s0 = (tb.smatrix(fsys, energy, {"flux": f}).s for f in (0.07, -0.07, 0.0))
        assert np.abs(sm - sp.T).max() < 1e-10
        assert np.abs(sp - sp.T).max() > 1e-3
        assert np.abs(s0 - s0.T).max() < 1e-10


def test_two_terminal_conductance_is_even_in_field():
    fsys, _ = disordered(seed=8)
    energies = np.linspace(0.5, 3.5, 13)
    g_plus, g_minus, g_zero = (transmission(fsys, energies, {"flux": f}) for f in (0.09, -0.09, 0.0))
    assert np.abs(g_plus - g_minus).max() < 1e-11
    assert np.abs(g_plus - g_zero).max() > 1e-3


@pytest.mark.parametrize("flux", [0.0, 0.12])
def test_bond_currents_are_conserved_and_carry_the_transmission(flux):
    fsys, params = disordered(flux, seed=2)
    energy = 2.3
    res = tb.smatrix(fsys, energy, params)
    length = fsys.tags[:, 0].max() + 1
    for lead in (0, 1):
        cur = tb.bond_currents(fsys, energy, lead, params)
        # no current piles up on any site that does not touch a lead
        net = cur.into_sites(fsys.n_sites)
        inside = (fsys.tags[:, 0] > 0) & (fsys.tags[:, 0] < length - 1)
        assert np.abs(net[inside]).max() < 1e-12
        # the current through every cross-section between two slices is T, towards the other lead
        frm, to = fsys.tags[cur.bonds[:, 0]], fsys.tags[cur.bonds[:, 1]]
        step = to[:, 0] - frm[:, 0]
        for x in range(length - 1):
            across = ((frm[:, 0] == x) & (step == 1)) | ((to[:, 0] == x) & (step == -1))
            forward = np.sum(step[across] * cur.current[across])
            assert abs((1 - 2 * lead) * forward - res.transmission(1 - lead, lead)) < 1e-12
        # the net current out of each end slice is the lead's share: T in, T out
        first, last = fsys.tags[:, 0] == 0, fsys.tags[:, 0] == length - 1
        assert abs(np.sum(net[first]) + (1 - 2 * lead) * res.transmission(1 - lead, lead)) < 1e-12
        assert abs(np.sum(net[last]) - (1 - 2 * lead) * res.transmission(1 - lead, lead)) < 1e-12


def test_bad_input_to_the_ready_made_wires():
    with pytest.raises(ValueError, match=r"`potential` must have the shape \(5, 3\)"):
        geometries.strip(5, 3, potential=np.zeros((3, 5)))
    with pytest.raises(ValueError, match="`length`"):
        geometries.chain(0)
    with pytest.raises(TypeError, match="`fsys`"):
        tb.transmission("wire", 1.0)
    with pytest.raises(ValueError, match="`lead`"):
        tb.bond_currents(geometries.chain(3).finalized(), 1.0, 2)


# --- the array-level RGF of qtransport.lattice.rgf (the growing wire of the ensembles) ---------


def slices(fsys, params):
    """``(h_slice, hopping, potential, sigma_l, sigma_r)`` of a strip of geometries.strip, for lattice.rgf."""
    length, width = fsys.tags[:, 0].max() + 1, fsys.tags[:, 1].max() + 1
    h = fsys.hamiltonian(params, sparse=False)
    (h_cell, _), (_, h_hop) = (fsys.leads[p].hamiltonian(params) for p in (0, 1))
    potential = np.real(np.diagonal(h)).reshape(length, width) - np.real(np.diagonal(h_cell))
    return h_cell, np.diagonal(h_hop).copy(), potential


@pytest.mark.parametrize("flux", [0.0, 0.11])
def test_rgf_corner_blocks_equal_a_dense_inversion(flux):
    from qtransport.lattice.rgf import rgf_corner_blocks

    fsys, params = disordered(flux)
    energies = np.array([0.7, 1.9, 3.3])
    h_slice, hopping, potential = slices(fsys, params)
    sig_l, sig_r = (lead_self_energy(*fsys.leads[p].hamiltonian(params), energies) for p in (0, 1))
    h = fsys.hamiltonian(params, sparse=False)
    w, n = h_slice.shape[0], h.shape[0]
    m = energies[:, None, None] * np.eye(n) - h
    m[:, :w, :w] -= sig_l
    m[:, -w:, -w:] -= sig_r
    g = np.linalg.inv(m)
    blocks = rgf_corner_blocks(energies, h_slice, hopping, potential, sig_l, sig_r)
    dense = (g[:, :w, :w], g[:, :w, -w:], g[:, -w:, :w], g[:, -w:, -w:])
    for rgf_block, dense_block in zip(blocks, dense, strict=True):
        assert np.abs(rgf_block - dense_block).max() < 1e-12


def test_growing_wire_equals_separate_wires():
    from qtransport.lattice.rgf import rgf_transmission

    fsys, params = disordered(0.05)
    energies = np.array([1.1, 2.4])
    h_slice, hopping, potential = slices(fsys, params)
    sig_l, sig_r = (lead_self_energy(*fsys.leads[p].hamiltonian(params), energies) for p in (0, 1))
    grown = rgf_transmission(energies, h_slice, hopping, potential, sig_l, sig_r, lengths=[2, 5, 7])
    for i, n in enumerate([2, 5, 7]):
        piece = geometries.strip(n, 5, hopping=field_hopping(), potential=potential[:n]).finalized()
        assert np.abs(grown[:, i] - transmission(piece, energies, params)).max() < 1e-13


# --- threads ----------------------------------------------------------------------------------


def test_thread_split_does_not_change_results(monkeypatch):
    from qtransport.lattice import _parallel

    fsys, params = disordered(0.05, seed=9)
    energies = np.linspace(0.5, 3.5, 7)
    monkeypatch.setattr(_parallel, "_workers", lambda: 1)
    serial = transmission(fsys, energies, params), transmission(fsys, 1.3, [params, {"flux": 0.02}] * 3)
    monkeypatch.setattr(_parallel, "_workers", lambda: 3)
    split = transmission(fsys, energies, params), transmission(fsys, 1.3, [params, {"flux": 0.02}] * 3)
    for a, b in zip(serial, split, strict=True):
        assert a.shape == b.shape
        assert np.abs(a - b).max() < 1e-13


@pytest.mark.parametrize("width", [20, 41, 100])
def test_stack_inverse_through_lapack_matches_numpy(width):
    from qtransport.lattice._parallel import stack_inverse

    rng = np.random.default_rng(width)
    a = rng.normal(size=(3, 4, width, width)) + 1j * rng.normal(size=(3, 4, width, width)) + 3 * width * np.eye(width)
    expected = np.linalg.inv(a)
    for given in (a, a.transpose(1, 0, 2, 3), a.real):  # C-ordered, strided, real
        want = np.linalg.inv(given)
        assert np.abs(stack_inverse(given) - want).max() < 1e-14
    copy = a.copy()
    out = stack_inverse(copy, overwrite=True)
    assert np.abs(out - expected).max() < 1e-14 and np.shares_memory(out, copy)
    kept = a.copy()
    stack_inverse(kept)
    assert np.array_equal(kept, a)  # without `overwrite` the input stays
    singular = a.copy()
    singular[1, 2, :, 0] = 0.0
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        stack_inverse(singular)


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


def test_engine_calls_run_blas_on_one_thread_and_restore_the_callers_setting(monkeypatch):
    """Lead modes, sparse solves and RGF sweeps run with one BLAS thread, then restore the caller's.

    Their matrices are small (tens to a few hundred rows): threads only add synchronization, which
    on a busy two-core machine made them up to 20 times slower (see qtransport.lattice._parallel).
    """
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from qtransport.lattice import leads as leads_module
    from qtransport.lattice.leads import lead_modes, strip_lead_hamiltonian
    from qtransport.tb import solvers as solvers_module

    def blas_threads():
        return [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]

    seen = []

    def spy(function):
        def wrapper(*args, **kwargs):
            seen.append((function.__name__, blas_threads()))
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(leads_module, "_solutions", spy(leads_module._solutions))
    monkeypatch.setattr(solvers_module, "_rgf_corners", spy(solvers_module._rgf_corners))
    solvers_module._clear_mode_cache()
    before = blas_threads()
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        outer = blas_threads()
        tb.transmission(geometries.cross(12, 8, 4).finalized(), 0.8, {"flux": 0.05})  # modes in a field, sparse
        lead_modes(*strip_lead_hamiltonian(6, flux=0.05), 1.0)  # Schur form of one lead
        fsys, params = disordered(0.05)
        tb.transmission(fsys, 1.0, params)  # RGF
        assert blas_threads() == outer
    solvers_module._clear_mode_cache()
    assert blas_threads() == before
    assert {name for name, _ in seen} == {"_solutions", "_rgf_corners"}
    assert all(threads == [1] * len(threads) for _, threads in seen), seen


def test_wave_functions_at_a_threshold_of_a_disordered_strip_are_the_limit():
    # Scattering states and LDOS at a threshold are the limit from below when E - H - Sigma is
    # regular there (a disordered strip): the difference shrinks like sqrt(|E - E0|).
    eps, _ = strip_transverse_modes(3)
    potential = np.random.default_rng(2).random((6, 3)) - 0.5
    fsys = geometries.strip(6, 3, potential=potential).finalized()
    for energy in (eps[1], eps[2] + 4):
        at, below = (tb.bond_currents(fsys, e, 0).current for e in (energy, energy - 1e-10))
        assert np.abs(at - below).max() < 1e-3
        assert np.abs(tb.ldos(fsys, energy) - tb.ldos(fsys, energy - 1e-10)).max() < 1e-3
