"""The general tight-binding engine against closed forms, the square-lattice engine and invariants.

* closed forms: a barrier on a chain; open channels of a clean strip; an
  ideal normal-superconductor interface (Andreev reflection, G = 2 per
  channel in the gap); the helical edges of a quantum spin Hall ribbon
  (T = 2 in the gap, one per spin);
* independent routes: a disordered strip against a Green's function built by
  hand (dense numpy Hamiltonian, closed-form strip self-energies, Caroli
  formula); the Hall cross in a field, its mode-matching S-matrix against
  the Caroli formula on the dense Green's function with the leads'
  self-energies;
* invariants on random small systems with two orbitals per site: unitarity,
  sum rules per lead and per block, Onsager with spin
  ``T_ij(B, M) = T_ji(-B, -M)`` (and its failure at fixed M), the
  particle-hole symmetry of a Bogoliubov-de Gennes S-matrix, the lead mode
  count against the lead's band structure.
"""

from __future__ import annotations

import numpy as np
import pytest
from _dense import dense_strip_transmission

import qtransport.tb.geometries as geo
from qtransport.lattice.leads import lead_modes, strip_open_channels
from qtransport.tb import (
    Lead,
    System,
    chain,
    honeycomb,
    lead_bands,
    peierls,
    smatrix,
    square,
    transmission,
)

S0 = np.eye(2)
SX = np.array([[0, 1], [1, 0]], dtype=complex)
SY = np.array([[0, -1j], [1j, 0]])
SZ = np.diag([1.0, -1.0]).astype(complex)


def rect(lx, ly):
    return lambda x, y: (x >= 0) & (x < lx) & (y >= 0) & (y < ly)


def wire(lx, ly, *, onsite=4.0, hopping=-1.0, lat=None, **lead_kw):
    sys = System(lat or square(), shape=rect(lx, ly), start=(0, 0))
    sys.onsite = onsite
    sys.hopping(hopping)
    sys.attach_lead(Lead((-1, 0), **lead_kw))
    sys.attach_lead(Lead((1, 0), **lead_kw))
    return sys


def test_chain_barrier_closed_form():
    sys = System(chain(), shape=lambda x: (x >= 0) & (x < 5), start=(0,))
    sys.onsite = lambda x, U: 2.0 + U * (x == 2)
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1,), onsite=2.0))
    sys.attach_lead(Lead((1,), onsite=2.0))
    fsys = sys.finalized()
    for E in (0.3, 1.0, 2.5, 3.7):
        for U in (0.5, -1.7):
            s = smatrix(fsys, E, {"U": U})
            v = 2 * np.sin(np.arccos(1 - E / 2))
            assert s.transmission(1, 0) == pytest.approx(v**2 / (v**2 + U**2), abs=1e-13)
            assert np.allclose(s.s.conj().T @ s.s, np.eye(2), atol=1e-13)


def test_clean_strip_transmits_its_open_channels():
    fsys = wire(6, 7).finalized()
    for E in (0.2, 1.1, 2.9, 4.0, 6.5):
        t = transmission(fsys, E).transmission[1, 0]
        assert t == pytest.approx(float(strip_open_channels(E, 7)), abs=1e-10)


def test_disordered_strip_matches_a_green_function_built_by_hand():
    rng = np.random.default_rng(3)
    L, W = 12, 6
    pot = rng.uniform(-1.5, 1.5, size=(L, W))
    sys = wire(L, W, onsite=lambda x, y: 4.0 + pot[x.astype(int), y.astype(int)])
    sys.leads[0].onsite = sys.leads[1].onsite = 4.0
    fsys = sys.finalized()
    energies = np.array([0.4, 1.3, 2.2, 3.5])
    ref = [dense_strip_transmission(pot, E) for E in energies]
    for method in ("rgf", "sparse"):
        got = transmission(fsys, energies, method=method).transmission[:, 1, 0]
        assert np.allclose(got, ref, atol=1e-10, rtol=0)
    assert np.ptp(ref) > 0.1  # the disorder matters


@pytest.mark.parametrize("flux", [0.0, 0.03, -0.045])
def test_hall_cross_in_a_field_matches_the_device_engine(flux):
    lx, ly, w = 14, 10, 4
    x0, y0 = (lx - w) // 2, (ly - w) // 2

    def a_x(x, y):  # Landau gauge A = (-B y, 0) of the body and of the x leads
        return (-flux * y, 0 * x)

    def a_y(x, y):  # A' = (0, B x) = A + grad(B x y), the gauge of the y leads
        return (0 * x, flux * x)

    sys = System(square(), shape=rect(lx, ly), start=(0, 0))
    sys.onsite = 4.0
    sys.hopping(peierls(-1.0, a_x))
    across_x = lambda x, y: (y >= y0) & (y < y0 + w)  # noqa: E731
    across_y = lambda x, y: (x >= x0) & (x < x0 + w)  # noqa: E731
    y_lead = dict(shape=across_y, hoppings=[(peierls(-1.0, a_y), 1)], gauge=lambda x, y: -2 * np.pi * flux * x * y)
    sys.attach_lead(Lead((-1, 0), shape=across_x))
    sys.attach_lead(Lead((0, -1), **y_lead))
    sys.attach_lead(Lead((1, 0), shape=across_x))
    sys.attach_lead(Lead((0, 1), **y_lead))
    fsys = sys.finalized()
    h = fsys.hamiltonian({}).toarray()
    for E in (0.5, 1.2):
        got = transmission(fsys, E)
        # Caroli on the dense Green's function, with the self-energies of the leads' own modes
        a = E * np.eye(len(h), dtype=complex) - h
        sigmas = []
        for p, flead in enumerate(fsys.leads):
            h_cell, h_hop = flead.hamiltonian({})
            modes = lead_modes(h_cell, h_hop, E)
            assert modes.open_channels == got.channels[p]
            u = flead.gauge_phases({})
            sigma = u.conj()[:, None] * modes.self_energy(h_hop) * u[None, :]
            o = fsys.site_orbitals(flead.interface)
            a[np.ix_(o, o)] -= sigma
            sigmas.append((o, 1j * (sigma - sigma.conj().T)))
        g = np.linalg.inv(a)
        for i, (oi, gi) in enumerate(sigmas):
            for j, (oj, gj) in enumerate(sigmas):
                if i != j:
                    gij = g[np.ix_(oi, oj)]
                    caroli = np.real(np.trace(gi @ gij @ gj @ gij.conj().T))
                    assert got.transmission[i, j] == pytest.approx(caroli, abs=1e-10)
        s = smatrix(fsys, E)
        assert np.allclose(s.s.conj().T @ s.s, np.eye(len(s.s)), atol=1e-10)
    if flux:
        t = transmission(fsys, 1.2).transmission
        assert abs(t[1, 0] - t[3, 0]) > 1e-3  # the field bends the electrons one way


def _random_two_orbital_system(seed, *, field=0.0, magnetization=(0.0, 0.0, 0.0), n_leads=3, full_leads=False,
                               site_phases=None):
    """An irregular patch of square lattice, spin 1/2, random potential and spin-orbit, three leads."""
    rng = np.random.default_rng(seed)
    lx, ly = 7, 6
    pot = rng.uniform(-1, 1, size=(lx, ly))
    so = rng.uniform(-0.4, 0.4, size=(lx, ly))
    m = np.array(magnetization)
    exchange = m[0] * SX + m[1] * SY + m[2] * SZ

    def onsite(x, y):
        ix, iy = x.astype(int), y.astype(int)
        region = ((ix > 1) & (ix < 5))[:, None, None]
        return (4 + pot[ix, iy])[:, None, None] * S0 + region * exchange

    def hop(x1, y1, x2, y2):  # -t plus a random Rashba-like term i alpha (d x sigma)_z
        ix, iy = x2.astype(int), y2.astype(int)
        alpha = so[ix, iy][:, None, None]
        dx, dy = (x1 - x2)[:, None, None], (y1 - y2)[:, None, None]
        value = -S0 + 1j * alpha * (dx * SY - dy * SX)
        if site_phases is not None:  # a gauge transformation psi_i -> exp(i theta_i) psi_i
            theta = site_phases[x1.astype(int), y1.astype(int)] - site_phases[ix, iy]
            value = np.exp(1j * theta)[:, None, None] * value
        return value

    def a(x, y):
        return (-field * y, 0 * x)

    shape = lambda x, y: rect(lx, ly)(x, y) & ~((x == 3) & (y == 3))  # noqa: E731 - a hole
    sys = System(square(norbs=2), shape=shape, start=(0, 0))
    sys.onsite = onsite
    sys.hopping(peierls(hop, a))
    lead_hop = [(peierls(-S0, a), 1)]
    left = (lambda x, y: y >= 0) if full_leads else (lambda x, y: (y >= 1) & (y < 5))
    right = (lambda x, y: y >= 0) if full_leads else (lambda x, y: (y >= 0) & (y < 3))
    sys.attach_lead(Lead((-1, 0), shape=left, onsite=4 * S0, hoppings=lead_hop))
    sys.attach_lead(Lead((1, 0), shape=right, onsite=4 * S0, hoppings=lead_hop))
    if n_leads > 2:
        sys.attach_lead(Lead((0, 1), shape=lambda x, y: (x >= 2) & (x < 5), onsite=4 * S0,
                             hoppings=[(peierls(-S0, lambda x, y: (0 * x, field * x)), 1)],
                             gauge=lambda x, y: -2 * np.pi * field * x * y))
    return sys.finalized()


@pytest.mark.parametrize("seed", [1, 2])
def test_unitarity_and_sum_rules_with_spin_orbit_and_field(seed):
    fsys = _random_two_orbital_system(seed, field=0.04, magnetization=(0.3, -0.2, 0.5))
    for E in (0.7, 1.9):
        s = smatrix(fsys, E)
        assert np.allclose(s.s.conj().T @ s.s, np.eye(len(s.s)), atol=1e-10)
        t = transmission(fsys, E)
        assert np.allclose(t.transmission.sum(axis=0), t.channels, atol=1e-10)
        assert np.allclose(t.transmission.sum(axis=1), t.channels, atol=1e-10)


def test_onsager_with_spin():
    E = 1.3
    m = (0.4, 0.1, -0.6)
    up = transmission(_random_two_orbital_system(5, field=0.05, magnetization=m), E).transmission
    down = transmission(_random_two_orbital_system(5, field=-0.05, magnetization=tuple(-x for x in m)), E).transmission
    assert np.allclose(up, down.T, atol=1e-10)
    # reversing the field alone is not enough: the magnetization breaks the symmetry too
    field_only = transmission(_random_two_orbital_system(5, field=-0.05, magnetization=m), E).transmission
    assert np.max(np.abs(up - field_only.T)) > 1e-3
    assert np.max(np.abs(up - up.T)) > 1e-3


def bdg_junction(*, mu=1.0, delta=0.05, barrier=0.0, width=4, length=8, x_sc=5):
    """Normal (x < x_sc) / s-wave superconductor (x >= x_sc) strip in the (electron, hole) basis."""
    tz, tx = SZ, SX

    def onsite(x, y):
        sc = (x >= x_sc)[:, None, None]
        bar = (barrier * (x == x_sc - 1))[:, None, None]
        return (4 - mu + bar) * tz + sc * delta * tx

    sys = System(square(norbs=2), shape=rect(length, width), start=(0, 0))
    sys.onsite = onsite
    sys.hopping(-tz)
    sys.attach_lead(Lead((-1, 0), onsite=(4 - mu) * tz, conservation=tz, name="normal"))
    sys.attach_lead(Lead((1, 0), onsite=(4 - mu) * tz + delta * tx, name="superconductor"))
    return sys.finalized()


def test_andreev_reflection_doubles_the_conductance_in_the_gap():
    fsys = bdg_junction()
    s = smatrix(fsys, 0.01)
    assert s.block_values[0] == [-1.0, 1.0]  # holes, then electrons
    holes, electrons = (0, 0), (0, 1)
    n = s.open_channels(*electrons)
    assert n == s.open_channels(*holes) == int(strip_open_channels(1.0, 4))
    assert s.open_channels(1) == 0  # no quasiparticle propagates in the gap
    r_ee = s.transmission(electrons, electrons)
    r_he = s.transmission(holes, electrons)
    assert r_ee + r_he == pytest.approx(n, abs=1e-10)
    g_ns = n - r_ee + r_he
    # 2 per channel in the Andreev limit delta << mu; the lattice's normal reflection is of order (delta/mu)^2
    deviations = []
    for delta in (0.05, 0.025, 0.0125):
        s_d = smatrix(bdg_junction(delta=delta), 0.1 * delta)
        deviations.append(2 * n - (n - s_d.transmission(electrons, electrons) + s_d.transmission(holes, electrons)))
    assert 0 < deviations[0] < 0.01 * n
    assert deviations[0] / deviations[1] == pytest.approx(4.0, rel=0.05)
    assert deviations[1] / deviations[2] == pytest.approx(4.0, rel=0.05)
    assert g_ns == pytest.approx(2 * n, rel=0.01)
    # a barrier turns Andreev reflection into ordinary reflection
    g_barrier = smatrix(bdg_junction(barrier=3.0), 0.01)
    assert g_barrier.transmission(holes, electrons) < 0.2 * r_he


def test_bdg_smatrix_is_particle_hole_symmetric():
    fsys = bdg_junction(delta=0.3, mu=1.2)
    for E in (0.1, 0.2):
        plus, minus = smatrix(fsys, E), smatrix(fsys, -E)
        e, h = (0, 1), (0, 0)
        # the hole at -E is the electron at +E: R_ee(E) = R_hh(-E), R_he(E) = R_eh(-E)
        assert plus.transmission(e, e) == pytest.approx(minus.transmission(h, h), abs=1e-10)
        assert plus.transmission(h, e) == pytest.approx(minus.transmission(e, h), abs=1e-10)
        assert np.allclose(plus.s.conj().T @ plus.s, np.eye(len(plus.s)), atol=1e-10)


def bhz_ribbon(width=12, length=4, *, A=1.0, B=1.0, M=1.0, zeeman=0.0):
    """Bernevig-Hughes-Zhang model (4 orbitals: spin up s, p; spin down s, p) on a ribbon along x."""
    up_onsite = (M - 4 * B) * SZ
    tx_up = B * SZ + 0.5j * A * SX
    ty_up = B * SZ + 0.5j * A * SY

    def block(m_up):
        out = np.zeros((4, 4), dtype=complex)
        out[:2, :2], out[2:, 2:] = m_up, m_up.conj()
        return out

    onsite = block(up_onsite) + zeeman * np.kron(SX, S0)
    spin_z = np.diag([1.0, 1.0, -1.0, -1.0])
    sys = System(square(norbs=4), shape=rect(length, width), start=(0, 0))
    sys.onsite = onsite
    sys.hopping(block(tx_up), kind=(0, 0, (1, 0)))
    sys.hopping(block(ty_up), kind=(0, 0, (0, 1)))
    law = spin_z if zeeman == 0 else None
    sys.attach_lead(Lead((-1, 0), conservation=law))
    sys.attach_lead(Lead((1, 0), conservation=law))
    return sys.finalized()


def test_quantum_spin_hall_ribbon_transmits_two_helical_channels_in_the_gap():
    fsys = bhz_ribbon()
    s = smatrix(fsys, 0.05)
    assert s.transmission(1, 0) == pytest.approx(2.0, abs=1e-8)
    down, up = (1, 0), (1, 1)
    assert s.transmission(up, (0, 1)) == pytest.approx(1.0, abs=1e-8)
    assert s.transmission(down, (0, 0)) == pytest.approx(1.0, abs=1e-8)
    # degenerate transmission eigenvalues (Kramers pairs) with time reversal
    ev = s.transmission_eigenvalues(1, 0)
    assert np.allclose(ev[-2:], 1.0, atol=1e-8)


def test_a_trivial_insulator_ribbon_transmits_nothing_in_the_gap():
    fsys = bhz_ribbon(M=-1.0)  # M/B < 0: no band inversion
    assert transmission(fsys, 0.05).transmission[1, 0] < 1e-6


def test_graphene_ribbon_modes_match_its_bands():
    width = 6
    lat = honeycomb()
    shape = lambda x, y: (y >= -0.1) & (y < width * 1.5 - 0.2) & (x > -0.5) & (x < 12)  # noqa: E731
    sys = System(lat, shape=shape, start=(0, 0))
    sys.onsite = 0.0
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1, 0)))
    sys.attach_lead(Lead((1, 0)))
    fsys = sys.finalized()
    k = np.linspace(-np.pi, np.pi, 4001)
    bands = lead_bands(fsys, 1, k)
    for E in (0.05, 0.4, 1.1, 1.7, 2.6):
        s = smatrix(fsys, E)
        crossings = int(np.sum(np.abs(np.diff(np.sign(bands - E), axis=0)) > 0)) // 2
        assert s.open_channels(1) == crossings
        assert s.transmission(1, 0) == pytest.approx(crossings, abs=1e-9)  # a clean ribbon


def test_energies_solved_in_pieces_give_the_s_matrices_of_one_sweep():
    """Many energies are cut into pieces solved in parallel threads; each energy's S-matrix is unchanged."""
    from qtransport.tb import solvers

    width = 5
    shape = lambda x, y: (y >= -0.1) & (y < width * 1.5 - 0.2) & (x > -0.5) & (x < 10)  # noqa: E731
    sys = System(honeycomb(), shape=shape, start=(0, 0))
    sys.onsite = lambda x, y: 0.3 * np.sin(x + 2 * y)  # a potential: the energies are not all alike
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1, 0), onsite=0.0))
    sys.attach_lead(Lead((1, 0), onsite=0.0))
    fsys = sys.finalized()
    energies = np.linspace(0.1, 2.0, 2 * solvers._PIECE_ENERGIES + 3)
    pieced = solvers._smatrices(fsys, energies, [{}], "auto")
    whole = solvers._smatrices_whole(fsys, energies, [{}], "auto")
    assert len(pieced[0]) == len(whole[0]) == energies.size
    for a, b, e in zip(pieced[0], whole[0], energies, strict=True):
        assert a.channels == b.channels
        assert np.abs(a.s - b.s).max(initial=0.0) < 1e-12
        ref = smatrix(fsys, e, method="sparse")
        assert a.transmission(1, 0) == pytest.approx(ref.transmission(1, 0), abs=1e-10)


def test_energies_swept_in_chunks_give_the_results_of_one_sweep(monkeypatch):
    """The sweep takes the energies a few at a time, each chunk carrying only its own open channels: nothing changes."""
    from qtransport.tb import solvers

    width = 5
    shape = lambda x, y: (y >= -0.1) & (y < width * 1.5 - 0.2) & (x > -0.5) & (x < 10)  # noqa: E731
    sys = System(honeycomb(), shape=shape, start=(0, 0))
    sys.onsite = lambda x, y: 0.3 * np.sin(x + 2 * y)
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1, 0), onsite=0.0))
    sys.attach_lead(Lead((1, 0), onsite=0.0))
    ribbon = sys.finalized()
    strip = geo.strip(12, 6).finalized()  # closed-form leads: the Caroli route, its channels padded alike
    energies = np.linspace(0.05, 2.0, 23)  # from one open channel to several: the chunks differ in width

    def results():
        return (transmission(ribbon, energies), transmission(strip, energies),
                solvers._smatrices_whole(ribbon, energies, [{}], "rgf"))

    monkeypatch.setattr(solvers, "_SWEEP_CACHE_BYTES", 2**40)  # every energy in one chunk
    whole = results()
    assert len(set(whole[0].channels[:, 0])) > 2
    for chunk in (1, 3):
        monkeypatch.setattr(solvers, "_SWEEP_CACHE_BYTES", chunk * 16 * 21**2)  # the largest slice: 21 orbitals
        chunked = results()
        for a, b in zip(chunked[:2], whole[:2], strict=True):
            assert np.array_equal(a.channels, b.channels)
            assert np.abs(a.transmission - b.transmission).max() < 1e-12
        for a, b in zip(chunked[2][0], whole[2][0], strict=True):
            assert np.abs(a.s - b.s).max(initial=0.0) < 1e-12


def test_a_slice_singular_at_the_energy_asked_is_solved_directly():
    """At E = 0 a honeycomb layer without bonds inside it and fewer neighbours than sites is singular for the sweep."""
    width = 6
    shape = lambda x, y: (y >= -0.1) & (y < width * 1.5 - 0.2) & (x > -0.5) & (x < 10)  # noqa: E731
    sys = System(honeycomb(), shape=shape, start=(0, 0))
    sys.onsite = 0.0
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1, 0)))
    sys.attach_lead(Lead((1, 0)))
    fsys = sys.finalized()
    energies = np.array([0.0, 0.3, 0.0, 0.8])
    rgf = transmission(fsys, energies)
    sparse = transmission(fsys, energies, method="sparse")
    assert np.abs(rgf.transmission - sparse.transmission).max() < 1e-12
    assert np.array_equal(rgf.channels, sparse.channels)
    assert np.abs(smatrix(fsys, 0.0).s - smatrix(fsys, 0.0, method="sparse").s).max(initial=0.0) < 1e-12


# --------------------------------------------------------------------------- bad input


def test_bad_input_is_refused_with_clear_messages():
    sys = System(square(), shape=rect(3, 3), start=(0, 0))
    sys.onsite = np.array([[1.0, 2.0], [0.0, 1.0]])
    sys.hopping(-1.0)
    with pytest.raises(ValueError, match="per site|orbitals"):
        sys.finalized().hamiltonian()
    sys2 = System(square(norbs=2), shape=rect(3, 3), start=(0, 0))
    sys2.onsite = np.array([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="not Hermitian"):
        sys2.finalized().hamiltonian()
    with pytest.raises(ValueError, match="not inside `shape`"):
        System(square(), shape=lambda x, y: x > 100, start=(0, 0)).finalized()
    ramp = wire(4, 3, onsite=lambda x, y: 4.0 + 0.1 * x)
    with pytest.raises(ValueError, match="does not repeat"):
        smatrix(ramp.finalized(), 1.0)
    with pytest.raises(ValueError, match="`params` has no value for `V`"):
        wire(4, 3, onsite=lambda x, y, V: 4.0 + V).finalized().hamiltonian()
    fsys = bdg_junction()
    bad = System(square(norbs=2), shape=rect(4, 3), start=(0, 0))
    bad.onsite = 3 * SZ + 0.2 * SX
    bad.hopping(-SZ)
    bad.attach_lead(Lead((-1, 0), conservation=SZ))
    bad.attach_lead(Lead((1, 0)))
    with pytest.raises(ValueError, match="does not commute"):
        smatrix(bad.finalized(), 0.1)
    with pytest.raises(ValueError, match="must be a square matrix on the orbitals"):
        b2 = System(square(norbs=2), shape=rect(4, 3), start=(0, 0))
        b2.hopping(-S0)
        b2.attach_lead(Lead((1, 0), conservation=np.eye(3)))
        b2.finalized()
    with pytest.raises(ValueError, match="no leads"):
        smatrix(System(square(), shape=rect(2, 2), start=(0, 0)).finalized(), 1.0)
    with pytest.raises(TypeError, match="`energy`"):
        smatrix(fsys, "one")
    with pytest.raises(ValueError, match="`energy` must be finite"):
        smatrix(fsys, np.nan)
    with pytest.raises(ValueError, match="`direction`"):
        b3 = wire(3, 3)
        b3.leads[0].direction = (0.5, 0)
        b3.finalized()


# --------------------------------------------------------------------------- the two solvers agree


@pytest.mark.parametrize(
    "make",
    [
        lambda: _random_two_orbital_system(7, field=0.03, magnetization=(0.2, 0.3, -0.1), n_leads=2, full_leads=True),
        lambda: bdg_junction(barrier=0.7),
        lambda: bhz_ribbon(width=8, length=6),
    ],
    ids=["spin-orbit-field", "ns-junction", "bhz"],
)
def test_rgf_and_sparse_solve_give_the_same_smatrix(make):
    from qtransport.tb.solvers import _slicing

    fsys = make()
    assert _slicing(fsys) is not None  # the RGF applies
    for E in (0.04, 0.9):
        a = smatrix(fsys, E, method="rgf")
        b = smatrix(fsys, E, method="sparse")
        assert a.channels == b.channels
        assert np.allclose(a.s, b.s, atol=1e-10, rtol=0)
    energies = np.linspace(0.013, 1.5, 7)  # away from the gap edge 0.05 of the junction
    batched = transmission(fsys, energies, method="rgf").transmission
    one_by_one = np.array([transmission(fsys, E, method="sparse").transmission for E in energies])
    assert np.allclose(batched, one_by_one, atol=1e-10)


def _phase_couplings(lattice):
    # every hop carries one phase: -exp(0.3i) along x, -exp(-0.3i) back (a pure gauge, |c| = 1),
    # on a strip or ribbon with a varying on-site energy; the RGF multiplies its chain by such a phase once, at the end
    if lattice == "square":
        sys = System(square(), shape=rect(9, 4), start=(0, 0))
    else:
        sys = System(honeycomb(), shape=lambda x, y: (y >= -0.1) & (y < 4.3) & (x > -0.5) & (x < 6.5), start=(0, 0))
    sys.onsite = lambda x, y: 0.3 * np.sin(1.7 * x + 2.3 * y) + (4.0 if lattice == "square" else 0.0)
    sys.hopping(lambda x1, y1, x2, y2: -np.exp(0.3j * np.sign(np.round(x1 - x2, 6))))
    onsite = 4.0 if lattice == "square" else 0.0
    for d in ((-1, 0), (1, 0)):
        sys.attach_lead(Lead(d, onsite=onsite))
    return sys.finalized()


@pytest.mark.parametrize("lattice", ["square", "honeycomb"])
def test_couplings_by_one_phase_give_the_rgf_the_sparse_solves_smatrix(lattice):
    from qtransport.tb.solvers import _slicing

    fsys = _phase_couplings(lattice)
    assert _slicing(fsys) is not None
    for E in (0.4, 1.1):
        a, b = smatrix(fsys, E, method="rgf"), smatrix(fsys, E, method="sparse")
        assert a.channels == b.channels and a.s.size
        assert np.abs(a.s - b.s).max() < 1e-11  # the phases of the transmission amplitudes too


def _bent_wire():
    # an L-shaped wire with spin-orbit coupling and random on-site matrices: lead 0 to the left,
    # lead 1 upwards, and a dead-end stub right of the corner (farther from lead 0 than lead 1)
    def shape(x, y):
        return ((y >= 0) & (y < 3) & (x >= 0) & (x < 9)) | ((x >= 3) & (x < 6) & (y >= 0) & (y < 8))

    def onsite(x, y):
        m = rng.normal(size=(len(x), 2, 2)) + 1j * rng.normal(size=(len(x), 2, 2))
        return 4 * S0 + 0.3 * (m + np.conj(np.swapaxes(m, 1, 2)))

    def hop(x1, y1, x2, y2):
        dx, dy = (x1 - x2)[:, None, None], (y1 - y2)[:, None, None]
        return -S0 + 0.2j * (dx * SY - dy * SX)

    rng = np.random.default_rng(5)
    sys = System(square(norbs=2), shape=shape, start=(0, 0))
    values = onsite(*np.array([(x, y) for x in range(9) for y in range(8)]).T)
    table = {(x, y): values[i] for i, (x, y) in enumerate((x, y) for x in range(9) for y in range(8))}
    sys.onsite = lambda x, y: np.array([table[int(a), int(b)] for a, b in zip(x, y, strict=True)])
    sys.hopping(hop)
    sys.attach_lead(Lead((-1, 0), shape=lambda x, y: (y >= 0) & (y < 3), onsite=4 * S0))
    sys.attach_lead(Lead((0, 1), shape=lambda x, y: (x >= 3) & (x < 6), onsite=4 * S0))
    return sys.finalized(), {}


def _strip_in_a_field():
    # complex diagonal couplings between columns: A = (-B y, 0), a disordered strip
    rng = np.random.default_rng(9)
    disorder = rng.uniform(-1, 1, size=(12, 6))
    sys = System(square(), shape=rect(12, 6), start=(0, 0))
    sys.onsite = lambda x, y: 4.0 + disorder[x.astype(int), y.astype(int)]
    sys.hopping(peierls(-1.0, lambda x, y, *, B: (-B * y, 0 * x)))
    for d in ((-1, 0), (1, 0)):
        sys.attach_lead(Lead(d, onsite=4.0))
    return sys.finalized(), {"B": 0.07}


@pytest.mark.parametrize(
    "make",
    [
        _bent_wire,
        _strip_in_a_field,
        lambda: (geo.ring(8, 4, lead_width=3).finalized(), {"flux": 0.13}),
        lambda: (geo.zigzag_ribbon(5, 6).finalized(), {}),
        lambda: (geo.qpc(12, 9, taper=3).finalized(), {"gate": 0.4}),
    ],
    ids=["bent-wire-with-stub", "strip-in-field", "ring", "zigzag", "qpc"],
)
def test_rgf_slices_any_two_terminal_system_by_distance_from_lead_0(make):
    from qtransport.tb.solvers import _slicing

    fsys, params = make()
    slicing = _slicing(fsys)
    assert slicing is not None and len(slicing.orbitals) > 3
    h = fsys.hamiltonian(params).toarray()
    assert sorted(np.concatenate(slicing.orbitals)) == list(range(fsys.n_orbitals))
    for a, oa in enumerate(slicing.orbitals):  # slices are coupled only to their neighbours
        for b, ob in enumerate(slicing.orbitals):
            if abs(a - b) > 1:
                assert not np.any(h[np.ix_(oa, ob)])
    for E in (0.3, 1.1):
        a = smatrix(fsys, E, params, method="rgf")
        b = smatrix(fsys, E, params, method="sparse")
        assert a.channels == b.channels
        assert np.allclose(a.s, b.s, atol=1e-10, rtol=0)
        t = transmission(fsys, [E, E + 0.01], params, method="rgf").transmission
        assert np.allclose(t[0], transmission(fsys, E, params, method="sparse").transmission, atol=1e-10)


@pytest.mark.parametrize("make", [lambda: geo.zigzag_ribbon(22, 5), lambda: geo.armchair_ribbon(44, 3)],
                         ids=["zigzag", "armchair"])
def test_rgf_with_slices_of_20_to_63_orbitals_matches_the_sparse_solve_on_one_thread_or_several(make, monkeypatch):
    # such slices are inverted by LAPACK through ctypes; energies (and the leads' modes at 8 or more) split
    # over threads
    from qtransport.lattice import _parallel
    from qtransport.tb.solvers import _clear_mode_cache, _slicing

    fsys = make().finalized()
    sizes = [len(o) for o in _slicing(fsys).orbitals]
    assert 20 <= min(sizes[1:-1]) and max(sizes[1:-1]) < 64
    energies = np.linspace(0.1, 0.9, 8) + 1e-3
    sparse = transmission(fsys, energies, method="sparse").transmission
    s_sparse = smatrix(fsys, 0.37, method="sparse").s
    for workers in (1, 3):
        monkeypatch.setattr(_parallel, "_workers", lambda w=workers: w)
        _clear_mode_cache()
        assert np.abs(transmission(fsys, energies, method="rgf").transmission - sparse).max() < 1e-10
        assert np.abs(smatrix(fsys, 0.37, method="rgf").s - s_sparse).max() < 1e-10


def test_rgf_is_refused_where_it_does_not_apply():
    cross = System(square(), shape=rect(6, 6), start=(0, 0))
    cross.onsite = 4.0
    cross.hopping(-1.0)
    for d in ((-1, 0), (1, 0), (0, 1)):
        cross.attach_lead(Lead(d, shape=(lambda x, y: (y >= 2) & (y < 4)) if d[1] == 0 else (lambda x, y: (x >= 2) & (x < 4))))
    with pytest.raises(ValueError, match="`method` 'rgf' needs a system between two leads"):
        smatrix(cross.finalized(), 1.0, method="rgf")
    with pytest.raises(ValueError, match="`method` must be one of"):
        smatrix(cross.finalized(), 1.0, method="fast")


# --------------------------------------------------------------------------- states and currents


def test_bond_currents_are_conserved_and_carry_the_transmission():
    fsys = _random_two_orbital_system(11, field=0.04, magnetization=(0.1, 0.2, 0.3), n_leads=2, full_leads=True)
    from qtransport.tb import bond_currents

    for E in (0.8, 1.6):
        cur = bond_currents(fsys, E, 0)
        net = cur.into_sites(fsys.n_sites)
        x = fsys.positions[:, 0]
        interior = (x > x.min()) & (x < x.max())
        assert np.allclose(net[interior], 0.0, atol=1e-10)
        t = transmission(fsys, E).transmission[1, 0]
        for cut in (1.5, 3.5, 5.5):  # every vertical cut carries T
            frm, to = fsys.positions[cur.bonds[:, 0], 0], fsys.positions[cur.bonds[:, 1], 0]
            crossing = np.sign(to - cut) - np.sign(frm - cut)
            assert np.sum(cur.current * crossing / 2) == pytest.approx(t, abs=1e-10)


def test_bond_currents_of_one_mode_in_a_clean_strip_are_its_transverse_profile():
    from qtransport.tb import bond_currents

    width, energy = 7, 1.3
    fsys = geo.strip(6, width).finalized()
    each = bond_currents(fsys, energy, 0, mode="each")
    n_open = int(strip_open_channels(energy, width))
    assert each.current.shape == (n_open, len(each.bonds)) and n_open >= 2
    step = fsys.tags[each.bonds[:, 1]] - fsys.tags[each.bonds[:, 0]]
    along_x = step[:, 1] == 0
    y = fsys.tags[each.bonds[along_x, 0], 1]
    # an unscattered mode n carries |chi_n(y)|^2 = 2/(W+1) sin^2(n pi (y+1)/(W+1)) along every bond in x
    profiles = 2 / (width + 1) * np.sin(np.arange(1, width + 1)[:, None] * np.pi * (y[None, :] + 1) / (width + 1)) ** 2
    found = []
    for row in each.current:
        jx = row[along_x] * step[along_x, 0]
        n = int(np.argmin(np.abs(jx[None, :] - profiles).max(axis=1)))
        assert np.allclose(jx, profiles[n], atol=1e-10)
        assert np.allclose(row[~along_x], 0.0, atol=1e-10)
        found.append(n + 1)
    assert sorted(found) == list(range(1, n_open + 1))
    total = bond_currents(fsys, energy, 0)
    assert np.allclose(total.current, each.current.sum(axis=0), atol=1e-12)
    assert np.array_equal(bond_currents(fsys, energy, 0, mode=1).current, each.current[1])
    with pytest.raises(ValueError, match=f"`mode` must be an incoming mode index 0..{n_open - 1} of lead 0"):
        bond_currents(fsys, energy, 0, mode=n_open)
    with pytest.raises(TypeError, match="`mode`"):
        bond_currents(fsys, energy, 0, mode="all")


def test_bond_currents_of_each_mode_carry_its_transmission():
    from qtransport.tb import bond_currents

    fsys = _random_two_orbital_system(11, field=0.04, magnetization=(0.1, 0.2, 0.3), n_leads=2, full_leads=True)
    energy = 1.6
    each = bond_currents(fsys, energy, 0, mode="each")
    # Fisher-Lee: incoming mode n of lead 0 reaches lead 1 with sum_m |S_mn|^2
    t_modes = np.sum(np.abs(smatrix(fsys, energy).submatrix(1, 0)) ** 2, axis=0)
    assert each.current.shape[0] == t_modes.size >= 2
    assert np.allclose(each.into_sites(fsys.n_sites).sum(axis=0), bond_currents(fsys, energy, 0).into_sites(fsys.n_sites))
    frm, to = fsys.positions[each.bonds[:, 0], 0], fsys.positions[each.bonds[:, 1], 0]
    for cut in (1.5, 4.5):
        crossing = (np.sign(to - cut) - np.sign(frm - cut)) / 2
        assert np.allclose(each.current @ crossing, t_modes, atol=1e-10)


def test_wave_functions_one_per_incoming_mode():
    from qtransport.tb import wave_functions

    fsys = bhz_ribbon(width=8, length=5)
    states = wave_functions(fsys, 0.05, 0)
    assert states.psi.shape == (2, fsys.n_orbitals)
    assert [c for _, c in states.channels] == [1, 1]
    # the helical edge states live on opposite edges for the two spins
    density = np.add.reduceat(np.abs(states.psi) ** 2, fsys.offsets[:-1], axis=1)
    y = fsys.positions[:, 1]
    low, high = y < 2, y > 5
    spin_down, spin_up = density
    assert (spin_up[low].sum() > 10 * spin_up[high].sum()) != (spin_down[low].sum() > 10 * spin_down[high].sum())
    with pytest.raises(ValueError, match="`lead`"):
        wave_functions(fsys, 0.05, 2)


def test_anderson_disorder_through_site_arrays_matches_the_rgf_engine():
    from qtransport.tb import anderson_disorder

    L, W = 10, 5
    sys = wire(L, W, onsite=lambda x, y, *, sites, disorder: 4.0 + disorder[sites])
    sys.leads[0].onsite = sys.leads[1].onsite = 4.0
    fsys = sys.finalized()
    values = anderson_disorder(fsys, 2.0, np.random.default_rng(4), realizations=3)
    assert values.shape == (3, fsys.n_sites) and np.all(np.abs(values) <= 1.0)
    grid = np.zeros((L, W))
    for v in values:
        grid[fsys.tags[:, 0], fsys.tags[:, 1]] = v
        got = transmission(fsys, 1.1, {"disorder": v}).transmission[1, 0]
        assert got == pytest.approx(dense_strip_transmission(grid, 1.1), abs=1e-10)
    # the same generator state gives the same ensemble
    again = anderson_disorder(fsys, 2.0, np.random.default_rng(4), realizations=3)
    assert np.array_equal(values, again)
    with pytest.raises(ValueError, match="give the lead an on-site value of its own"):
        bad = wire(L, W, onsite=lambda x, y, *, sites, disorder: 4.0 + disorder[sites])
        transmission(bad.finalized(), 1.1, {"disorder": values[0]})
    with pytest.raises(TypeError, match="`rng`"):
        anderson_disorder(fsys, 1.0, 5)
    with pytest.raises(ValueError, match="`strength`"):
        anderson_disorder(fsys, -1.0, np.random.default_rng(0))


def test_lead_modes_are_reused_across_a_sweep_the_leads_do_not_see():
    from qtransport.tb import solvers

    fsys = geo.qpc(12, 9, taper=3).finalized()
    solvers._clear_mode_cache()
    first = [smatrix(fsys, 0.9, {"gate": 0.1}).s]
    entries = len(solvers._mode_cache)
    first.append(smatrix(fsys, 0.9, {"gate": 0.5}).s)
    assert 1 <= entries == len(solvers._mode_cache)  # the gate does not reach the leads: no new modes
    solvers._clear_mode_cache()
    again = [smatrix(fsys, 0.9, {"gate": g}).s for g in (0.5, 0.1)][::-1]
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    s = smatrix(fsys, 0.9, {"gate": 0.1})
    with pytest.raises(ValueError, match="read-only"):
        s.modes[0][0].outgoing[0, 0] = 1.0  # shared between calls, so it cannot be changed
    ring = geo.ring(8, 4, lead_width=3).finalized()
    t = [smatrix(ring, 0.7, {"flux": f}).transmission(1, 0) for f in (0.1, -0.1)]
    assert t[0] == pytest.approx(t[1], abs=1e-12)  # two-terminal phase rigidity, modes shared


def test_kramers_pairs_of_transmission_eigenvalues_with_spin_orbit_and_time_reversal():
    from qtransport.tb import transmission_eigenvalues

    fsys = _random_two_orbital_system(3, n_leads=2, full_leads=True)  # spin-orbit, no field, no magnetization
    for E in (0.8, 1.7):
        ev = transmission_eigenvalues(fsys, E)
        assert len(ev) % 2 == 0 and np.ptp(ev) > 0.05
        assert np.allclose(ev[0::2], ev[1::2], atol=1e-9)  # every eigenvalue twice
        assert np.sum(ev) == pytest.approx(transmission(fsys, E).transmission[1, 0], abs=1e-10)
    broken = _random_two_orbital_system(3, magnetization=(0.3, 0.0, 0.4), n_leads=2, full_leads=True)
    ev = transmission_eigenvalues(broken, 1.7)
    assert np.max(np.abs(ev[0::2] - ev[1::2])) > 1e-3  # a magnetization lifts the degeneracy


def test_a_gauge_transformation_inside_the_system_changes_nothing_measurable():
    from qtransport.tb import ldos

    theta = np.random.default_rng(0).uniform(0, 2 * np.pi, size=(7, 6))
    theta[0] = theta[-1] = 0.0  # the lead interface cells keep their gauge
    kwargs = dict(field=0.05, magnetization=(0.1, 0.0, 0.2), n_leads=2, full_leads=True)
    base = _random_two_orbital_system(4, **kwargs)
    gauged = _random_two_orbital_system(4, **kwargs, site_phases=theta)
    assert not np.allclose(base.hamiltonian().toarray(), gauged.hamiltonian().toarray())
    for E in (0.9, 1.6):
        a = smatrix(base, E, method="sparse")
        assert np.allclose(smatrix(gauged, E, method="sparse").s, a.s, atol=1e-10)
        assert np.allclose(smatrix(gauged, E, method="rgf").s, a.s, atol=1e-10)
        assert np.allclose(ldos(gauged, E), ldos(base, E), atol=1e-10)


def test_current_density_integrates_to_transmission_times_length():
    from qtransport.tb import current_density

    rng = np.random.default_rng(2)
    disorder = rng.uniform(-1, 1, size=(9, 5))
    sys = System(square(), shape=rect(9, 5), start=(0, 0))
    sys.onsite = lambda x, y: 4.0 + disorder[x.astype(int), y.astype(int)]
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1, 0), onsite=4.0))
    sys.attach_lead(Lead((1, 0), onsite=4.0))
    fsys = sys.finalized()
    for E in (0.7, 2.1):
        j = current_density(fsys, E, 0)
        t = transmission(fsys, E).transmission[1, 0]
        assert j.shape == (fsys.n_sites, 2)
        assert np.sum(j[:, 0]) == pytest.approx(t * 8, abs=1e-10)
        assert np.sum(current_density(fsys, E, 1)[:, 0]) == pytest.approx(-t * 8, abs=1e-10)


def test_a_batch_of_parameter_sets_equals_one_call_each():
    from qtransport.tb import anderson_disorder

    qpc = geo.qpc(14, 8, taper=3).finalized()
    gates = [{"gate": g} for g in (-0.2, 0.3, 0.8)]
    energies = [0.4, 1.1]
    done = []
    got = transmission(qpc, energies, gates, progress=lambda d, n: done.append((d, n)))
    assert got.transmission.shape == (3, 2, 2, 2) and got.channels.shape == (3, 2, 2)
    for b, p in enumerate(gates):
        ref = transmission(qpc, energies, p, method="sparse")
        assert np.allclose(got.transmission[b], ref.transmission, atol=1e-10)
        assert np.array_equal(got.channels[b], ref.channels)
    assert done[-1] == (6, 6)
    assert transmission(qpc, 0.4, gates).transmission.shape == (3, 2, 2)

    # disorder realizations through a site array
    sys = System(square(), shape=rect(10, 4), start=(0, 0))
    sys.onsite = lambda x, y, *, sites, disorder: 4.0 + disorder[sites]
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1, 0), onsite=4.0))
    sys.attach_lead(Lead((1, 0), onsite=4.0))
    wire = sys.finalized()
    values = anderson_disorder(wire, 2.0, np.random.default_rng(3), realizations=4)
    ensemble = [{"disorder": v} for v in values]
    t = transmission(wire, 0.9, ensemble).transmission[:, 1, 0]
    one = [transmission(wire, 0.9, p, method="sparse").transmission[1, 0] for p in ensemble]
    assert np.allclose(t, one, atol=1e-10) and np.ptp(t) > 0.01

    # couplings that change with the parameters (a field): the batched sweep keeps them apart
    field = _strip_in_a_field()[0]
    fields = [{"B": b} for b in (0.0, 0.05, 0.11)]
    s = transmission(field, [0.6, 1.4], fields).transmission
    for b, p in enumerate(fields):
        assert np.allclose(s[b], transmission(field, [0.6, 1.4], p, method="sparse").transmission, atol=1e-10)

    many = smatrix(qpc, 0.4, gates)  # a batch of S-matrices
    assert len(many) == 3
    for s, p in zip(many, gates, strict=True):
        assert np.allclose(s.s, smatrix(qpc, 0.4, p, method="sparse").s, atol=1e-10)
    with pytest.raises(ValueError, match="`params` is an empty list"):
        transmission(qpc, 0.4, [])
    with pytest.raises(TypeError, match=r"`params\[1\]` must be a dict"):
        transmission(qpc, 0.4, [{"gate": 0.1}, 0.2])


@pytest.mark.parametrize(
    "make",
    [
        lambda: (_random_two_orbital_system(6, n_leads=2, full_leads=True), {}),
        lambda: (geo.qpc(12, 9, taper=3).finalized(), {"gate": 0.4}),
        lambda: (geo.ring(8, 4, lead_width=3).finalized(), {"flux": 0.13}),
    ],
    ids=["spin-orbit-patch", "qpc", "ring"],
)
def test_caroli_route_for_uniform_leads_equals_fisher_lee(make):
    from qtransport.tb import solvers

    fsys, params = make()
    energies = np.linspace(0.05, 3.9, 23)
    fast = solvers._caroli(fsys, solvers._slicing(fsys), energies, [params])
    assert fast is not None  # these leads qualify
    t = transmission(fsys, energies, params)
    for i, E in enumerate(energies):
        s = smatrix(fsys, E, params, method="sparse")  # Fisher-Lee from the lead modes
        assert t.transmission[i, 1, 0] == pytest.approx(s.transmission(1, 0), abs=1e-10)
        assert list(t.channels[i]) == [s.open_channels(0), s.open_channels(1)]
    # a lead in a field (h_hop not a multiple of 1) goes through the lead modes instead
    field = _strip_in_a_field()[0]
    assert solvers._caroli(field, solvers._slicing(field), energies, [{"B": 0.05}]) is None


@pytest.mark.parametrize("seed", [3, 8])
def test_the_dense_lu_of_small_systems_agrees_with_the_sparse_lu(seed, monkeypatch):
    """Below ``DENSE_ORBITALS`` the direct solve factorizes a dense matrix; both LUs give one S-matrix."""
    import qtransport.tb.solvers as solvers

    fsys = _random_two_orbital_system(seed, field=0.1, magnetization=(0.2, 0.0, 0.3))
    energies = [0.4, 1.3]
    monkeypatch.setattr(solvers, "DENSE_ORBITALS", fsys.n_orbitals)
    dense = [smatrix(fsys, e, method="sparse").s for e in energies]
    monkeypatch.setattr(solvers, "DENSE_ORBITALS", 0)
    sparse = [smatrix(fsys, e, method="sparse").s for e in energies]
    for a, b in zip(dense, sparse, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
        np.testing.assert_allclose(a.conj().T @ a, np.eye(len(a)), atol=1e-10)

