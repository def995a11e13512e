"""Many-terminal square-lattice devices on the engine: Peierls phases, gauge, sum rules, Onsager, currents.

The devices are those of :mod:`qtransport.tb.geometries` (``square_device``, ``cross``,
``hall_bar``, ``wire_with_side_probes``), the field the named parameter ``flux``.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.lattice.leads import lead_self_energy, strip_transverse_modes
from qtransport.tb import bond_currents, ldos, smatrix, transmission
from qtransport.tb import geometries as G

ROTATED_SIDE = {"+x": "+y", "+y": "-x", "-x": "-y", "-y": "+x"}


def open_modes(energy, width):
    """Closed form: modes of a hard-wall strip open for eps_n < E < eps_n + 4."""
    eps = 2 * (1 - np.cos(np.arange(1, width + 1) * np.pi / (width + 1)))
    return int(np.sum((eps < energy) & (energy < eps + 4)))


def box(nx, ny, x0=0, y0=0):
    return lambda x, y: (x >= x0) & (x < x0 + nx) & (y >= y0) & (y < y0 + ny)


def random_grid(shape, seed, strength=1.5):
    return np.random.default_rng(seed).uniform(-strength / 2, strength / 2, size=shape)


def on_grid(grid, x0=0, y0=0):
    """A potential function reading ``grid[x - x0, y - y0]``."""
    return lambda x, y: grid[np.rint(x).astype(int) - x0, np.rint(y).astype(int) - y0]


def rotated_cross(lx, ly, arm, potential):
    """The cross turned by +90 degrees about z: (x, y) -> (ly - 1 - y, x); same terminal numbers."""
    x0, y0 = (lx - arm) // 2, (ly - arm) // 2
    leads = []
    for side, start, width in [("-x", y0, arm), ("-y", x0, arm), ("+x", y0, arm), ("+y", x0, arm)]:
        start = ly - start - width if side[1] == "x" else start
        leads.append((ROTATED_SIDE[side], start, width))
    sys = G.square_device(box(ly, lx), leads)
    sys.onsite = lambda x, y: 4.0 + potential[np.rint(y).astype(int), ly - 1 - np.rint(x).astype(int)]
    return sys.finalized()


# -- geometry and Hamiltonian ------------------------------------------------------------------


def test_cross_hall_bar_and_wire_geometry():
    fsys = G.cross(40, 20, 10, arm_length=3).finalized()
    assert fsys.n_sites == 40 * 20 + 2 * 3 * 10 * 2
    assert [fl.lead.name for fl in fsys.leads] == ["-x", "-y", "+x", "+y"]
    left = fsys.positions[fsys.leads[0].interface]
    assert np.all(left[:, 0] == -3) and sorted(left[:, 1]) == list(range(5, 15))
    bar = G.hall_bar(60, 20, probe_width=6, n_probes=2).finalized()
    assert [fl.lead.name for fl in bar.leads] == ["-x", "-y", "+x", "+y"]
    wire = G.wire_with_side_probes(30, 4, probe_centers=[10, 20], arm_length=2).finalized()
    onsite = wire.hamiltonian({"flux": 0.0, "barrier": 3.0}).diagonal().real
    arm_sites = wire.positions[:, 1] >= 4
    assert arm_sites.sum() == 2 * 2 * 2
    assert np.allclose(onsite[arm_sites], 7.0) and np.allclose(onsite[~arm_sites], 4.0)
    plain = G.wire_with_side_probes(30, 4, probe_centers=[]).finalized()
    assert plain.n_sites == 120 and len(plain.leads) == 2


def test_hamiltonian_is_hermitian_with_flux_per_plaquette():
    flux = 0.137
    fsys = G.cross(9, 7, 3, arm_length=2).finalized()
    h = fsys.hamiltonian({"flux": flux}, sparse=False)
    assert np.allclose(h, h.conj().T, atol=0)
    index = {tuple(np.rint(p).astype(int)): i for i, p in enumerate(fsys.positions)}
    n_plaquettes = 0
    for x, y in index:
        loop = [(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1), (x, y)]
        if all(site in index for site in loop):
            sites = [index[s] for s in loop]
            product = np.prod([-h[b, a] for a, b in zip(sites[:-1], sites[1:], strict=True)])
            assert np.isclose(product, np.exp(-2j * np.pi * flux), atol=1e-13)  # -e Phi / hbar
            n_plaquettes += 1
    assert n_plaquettes > 40


def test_potential_and_disorder_of_the_geometries():
    grid = random_grid((16, 14), 0)
    fsys = G.cross(12, 10, 4, arm_length=2, potential=grid).finalized()
    onsite = fsys.hamiltonian({"flux": 0.0}).diagonal().real
    x, y = np.rint(fsys.positions.T).astype(int)
    assert np.allclose(onsite, 4.0 + grid[x + 2, y + 2], atol=0)  # the box's corner is (-2, -2)
    one = G.hall_bar(20, 8, probe_width=3, disorder=2.0, rng=np.random.default_rng(5)).finalized()
    two = G.hall_bar(20, 8, probe_width=3, disorder=2.0, rng=np.random.default_rng(5)).finalized()
    a, b = (f.hamiltonian({"flux": 0.0}).diagonal().real - 4.0 for f in (one, two))
    assert np.array_equal(a, b)
    assert np.all(np.abs(a) <= 1.0) and np.std(a) > 0.4
    # one draw per site, in the order of the sites (x major), from the generator given
    assert np.allclose(a, np.random.default_rng(5).uniform(-1.0, 1.0, size=160), atol=1e-15)
    named = G.wire_with_side_probes(10, 2, probe_centers=[], potential=lambda x, y, *, U: U * (x == 4)).finalized()
    diagonal = named.hamiltonian({"flux": 0.0, "U": 0.7}).diagonal().real
    assert np.allclose(diagonal, 4.0 + 0.7 * (named.positions[:, 0] == 4))


def test_geometry_errors_name_the_parameter():
    with pytest.raises(ValueError, match="`rng` is required"):
        G.cross(10, 8, 4, disorder=1.0)
    with pytest.raises(TypeError, match="`rng`"):
        G.hall_bar(20, 8, probe_width=3, disorder=1.0, rng=3)
    with pytest.raises(ValueError, match="`disorder`"):
        G.cross(10, 8, 4, disorder=-1.0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"`potential` must be a number or an array of the shape \(10, 8\)"):
        G.cross(10, 8, 4, potential=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="`potential` must be finite"):
        G.hall_bar(10, 4, probe_width=2, potential=np.full((10, 4), np.nan))
    with pytest.raises(TypeError, match="`potential`"):
        G.hall_bar(10, 4, probe_width=2, potential="flat")
    with pytest.raises(ValueError, match="`arm_length`"):
        G.cross(10, 8, 4, arm_length=-1)
    with pytest.raises(TypeError, match="`probe_centers`"):
        G.wire_with_side_probes(10, 2, probe_centers=5)
    with pytest.raises(ValueError, match="`params` has no value for `barrier`"):
        transmission(G.wire_with_side_probes(10, 2).finalized(), 1.0, {"flux": 0.0})
    with pytest.raises(ValueError, match="`params` has no value for `U`"):
        transmission(G.cross(10, 8, 4, potential=lambda x, y, *, U: U * x).finalized(), 1.0, {"flux": 0.0})
    with pytest.raises(ValueError, match="`length` = 100000 makes a device of"):
        G.hall_bar(100_000, 100)
    with pytest.raises(ValueError, match="`arm_length` = 10000000 is more than"):
        G.cross(10, 8, 4, arm_length=10_000_000)
    with pytest.raises(ValueError, match="`probe_width` = 30, sticks out"):
        G.wire_with_side_probes(12, 3, probe_centers=[6], probe_width=30)
    with pytest.raises(TypeError, match="`probe_centers` must be a sequence of real numbers"):
        G.wire_with_side_probes(12, 3, probe_centers=[6 + 1j])
    with pytest.raises(TypeError, match="`start`"):
        G.square_device(box(3, 3), [("+x", 0, 3)], start=(1 + 1j, 0))
    with pytest.raises(ValueError, match="`fill` must be finite"):
        G.site_grid(G.cross(10, 8, 4).finalized(), np.zeros(80), fill=np.inf)
    with pytest.raises(TypeError, match="`fsys`"):
        G.site_grid("cross")
    with pytest.raises(ValueError, match="`values`"):
        G.site_grid(G.cross(10, 8, 4).finalized(), np.zeros(3))


# -- transmissions -----------------------------------------------------------------------------


def test_clean_strip_transmits_its_open_modes():
    width = 6
    fsys = G.wire_with_side_probes(7, width, probe_centers=[]).finalized()
    for energy in (0.3, 0.9, 1.7, 3.3, 5.2):
        res = transmission(fsys, energy, {"flux": 0.0}, method="sparse")
        n = open_modes(energy, width)
        assert list(res.channels) == [n, n]
        assert np.allclose(res.transmission, [[0, n], [n, 0]], atol=1e-10)


@pytest.mark.parametrize("axis", [0, 1])
def test_clean_strip_in_a_field_is_reflectionless_along_x_and_y(axis):
    """Along y the leads are joined through the gauge transformation: a wrong sign reflects."""
    width, flux, energy = 8, 0.06, 1.3
    origin = (3, -2)
    shape = box(10, width, *origin) if axis == 0 else box(width, 10, *origin)
    sides = ("-x", "+x") if axis == 0 else ("-y", "+y")
    fsys = G.square_device(shape, [(s, origin[1 - axis], width) for s in sides], start=origin).finalized()
    res = transmission(fsys, energy, {"flux": flux}, method="sparse")
    n = res.channels[0]
    assert n >= 2
    assert np.allclose(res.transmission, [[0, n], [n, 0]], atol=1e-10)


@pytest.mark.parametrize("flux", [0.0, 0.04])
def test_sum_rules_rows_and_columns_give_channel_numbers(flux):
    bar = G.hall_bar(24, 10, probe_width=4, disorder=2.0, rng=np.random.default_rng(3)).finalized()
    res = transmission(bar, 1.1, {"flux": flux})
    t, n = res.transmission, res.channels
    assert np.all(n > 0)
    assert np.allclose(t.sum(axis=0), n, atol=1e-10)  # columns: where electrons from j go
    assert np.allclose(t.sum(axis=1), n, atol=1e-10)  # rows: no current at equal voltages
    assert np.all(t > -1e-12) and np.all(np.diag(t) <= n + 1e-12)


@pytest.mark.parametrize("course_cross", [False, True], ids=["disordered-14x10", "clean-40x20"])
def test_onsager_reciprocity_on_a_cross_in_a_field(course_cross):
    flux, energy = (0.03, 0.5) if course_cross else (0.05, 0.8)
    if course_cross:  # the chapter 6 example: 40 x 20 body, 10-wide arms
        fsys = G.cross(40, 20, 10).finalized()
    else:
        fsys = G.cross(14, 10, 4, potential=random_grid((14, 10), 1)).finalized()
    both = transmission(fsys, energy, [{"flux": flux}, {"flux": -flux}]).transmission
    assert np.allclose(both[0], both[1].T, atol=1e-10)
    # not vacuous: at fixed field the matrix is far from symmetric
    assert np.max(np.abs(both[0] - both[0].T)) > 0.3


def test_two_terminal_transmission_is_even_in_field():
    fsys = G.wire_with_side_probes(12, 6, probe_centers=[], potential=random_grid((12, 8), 7, 2.0)).finalized()
    t = [transmission(fsys, 1.3, {"flux": f}, method="sparse").transmission for f in (0.07, -0.07)]
    assert np.isclose(t[0][1, 0], t[1][1, 0], atol=1e-10)
    assert np.isclose(t[0][1, 0], t[0][0, 1], atol=1e-10)


def test_rotating_the_device_by_90_degrees_changes_nothing():
    """x leads become y leads: only the gauge transformation of the self-energy joins them."""
    lx, ly, arm = 12, 8, 4
    potential = random_grid((lx, ly), 4)
    t = transmission(G.cross(lx, ly, arm, potential=potential).finalized(), 0.7, {"flux": 0.05}).transmission
    t_rotated = transmission(rotated_cross(lx, ly, arm, potential), 0.7, {"flux": 0.05}).transmission
    assert np.max(np.abs(t - t.T)) > 0.3
    assert np.allclose(t, t_rotated, atol=1e-10)


def test_translating_the_device_is_a_gauge_change():
    def notched(x0, y0):
        def shape(x, y):
            return box(12, 8, x0, y0)(x, y) & ~(box(4, 3, x0 + 4, y0)(x, y))
        leads = [("-x", y0 + 3, 5), ("+y", x0 + 2, 4), ("+x", y0, 8)]
        return G.square_device(shape, leads, start=(x0, y0 + 5)).finalized()

    t = [transmission(notched(*o), 1.0, {"flux": 0.08}).transmission for o in [(0, 0), (5, -11)]]
    assert np.allclose(t[0], t[1], atol=1e-10)
    assert np.max(np.abs(t[0] - t[0].T)) > 0.05


def test_edge_states_go_clockwise_for_positive_flux():
    """A wide cross between Landau levels: each terminal feeds its clockwise neighbour.

    Field along +z, electrons: counter-clockwise cyclotron orbits, so the skipping orbits
    run clockwise around the sample; terminals are numbered counter-clockwise.
    """
    flux, energy = 0.03, 0.5  # between the 1st (0.19) and 2nd (0.57) Landau level
    fsys = G.cross(30, 30, 14).finalized()
    res = transmission(fsys, energy, {"flux": flux})
    assert list(res.channels) == [1, 1, 1, 1]
    previous_terminal = np.roll(np.eye(4), -1, axis=0)  # T[j - 1, j] = 1
    assert np.allclose(res.transmission, previous_terminal, atol=1e-6)
    reversed_ = transmission(fsys, energy, {"flux": -flux}).transmission
    assert np.allclose(reversed_, previous_terminal.T, atol=1e-6)


def test_smatrix_is_unitary_and_its_blocks_are_the_transmissions():
    fsys = G.cross(14, 10, 4, potential=random_grid((14, 10), 6)).finalized()
    for energy in (0.4, 1.3):
        s = smatrix(fsys, energy, {"flux": 0.05})
        assert np.allclose(s.s.conj().T @ s.s, np.eye(len(s.s)), atol=1e-10)
        t = transmission(fsys, energy, {"flux": 0.05}).transmission
        assert t[2, 0] == pytest.approx(np.sum(np.abs(s.submatrix(2, 0)) ** 2), abs=1e-12)


def test_lead_channels_match_the_closed_form_without_field():
    fsys = G.cross(20, 16, 7).finalized()
    for energy in (0.2, 0.6, 1.4, 2.5):
        assert list(transmission(fsys, energy, {"flux": 0.0}).channels) == [open_modes(energy, 7)] * 4


@pytest.mark.parametrize("flux", [0.0, 0.06])
def test_sparse_solve_and_recursive_greens_functions_agree_along_x_and_y(flux):
    """The sparse direct solve and the RGF on one disordered strip, also built along y (x leads become y leads)."""
    length, width = 15, 6
    potential = random_grid((length, width), 8, 3.0)
    along_x = G.square_device(box(length, width), [("-x", 0, width), ("+x", 0, width)])
    along_x.onsite = lambda x, y: 4.0 + potential[np.rint(x).astype(int), np.rint(y).astype(int)]
    along_y = G.square_device(box(width, length), [("-y", 0, width), ("+y", 0, width)])  # (x, y) -> (y, x)
    along_y.onsite = lambda x, y: 4.0 + potential[np.rint(y).astype(int), np.rint(x).astype(int)]
    energies = [0.4, 1.1, 2.3]
    rgf = transmission(along_x.finalized(), energies, {"flux": flux}, method="rgf").transmission[:, 1, 0]
    sparse = transmission(along_x.finalized(), energies, {"flux": flux}, method="sparse").transmission[:, 1, 0]
    mirrored = transmission(along_y.finalized(), energies, {"flux": -flux}, method="sparse").transmission[:, 1, 0]
    assert np.allclose(sparse, rgf, atol=1e-10)
    assert np.allclose(mirrored, rgf, atol=1e-10)  # the mirror x <-> y reverses the field
    assert np.ptp(rgf) > 0.3  # energies with different numbers of channels


def test_side_probe_coupling_is_tuned_by_the_barrier():
    """An open probe takes a good share of the current; behind a high barrier it decouples."""
    energy, width = 1.5, 3  # one channel in the wire (width 3) and in the probe (width 2)
    n = open_modes(energy, width)
    fsys = G.wire_with_side_probes(20, width, probe_width=2).finalized()
    batch = [{"flux": 0.0, "barrier": 0.0}, {"flux": 0.0, "barrier": 30.0}]
    open_probe, closed = transmission(fsys, energy, batch).transmission
    assert open_probe[2, 0] > 0.1
    assert closed[2, 0] < 1e-6
    assert np.isclose(closed[1, 0], n, atol=1e-3)  # the stub still scatters a little
    channels = transmission(fsys, energy, {"flux": 0.0, "barrier": 0.0}).channels
    for t in (open_probe, closed):
        assert np.allclose(t.sum(axis=0), channels, atol=1e-10)


def test_lead_thresholds_give_the_limiting_transmissions():
    """Exactly at a subband bottom of the leads that mode is closed, for every lead at once.

    The cross's four leads are 6 wide: at E = eps_n of that width, n - 1 channels are open, the
    sum rules hold, and T[i, j] is the limit from below (within sqrt(1e-10) = 1e-5).
    """
    fsys = G.cross(12, 10, 6).finalized()
    eps, _ = strip_transverse_modes(6)
    for n, energy in enumerate(eps[:3]):
        t, channels = transmission(fsys, energy, {"flux": 0.0})
        assert list(channels) == [n] * 4
        assert np.abs(t.sum(axis=0) - n).max() < 1e-10 and np.abs(t.sum(axis=1) - n).max() < 1e-10
        below = transmission(fsys, energy - 1e-10, {"flux": 0.0}).transmission
        assert np.abs(t - below).max() < 1e-4


# -- currents and density of states -----------------------------------------------------------


def test_bond_currents_are_conserved_and_reach_the_leads():
    fsys = G.cross(14, 10, 4, potential=random_grid((14, 10), 2)).finalized()
    energy, injector, params = 0.8, 1, {"flux": 0.05}
    cur = bond_currents(fsys, energy, injector, params)
    net = cur.into_sites(fsys.n_sites)
    interfaces = np.concatenate([fl.interface for fl in fsys.leads])
    interior = np.ones(fsys.n_sites, bool)
    interior[interfaces] = False
    assert np.max(np.abs(net[interior])) < 1e-10
    t = transmission(fsys, energy, params)
    into_leads = np.array([net[fl.interface].sum() for fl in fsys.leads])  # what flows on into each lead
    expected = t.transmission[:, injector].copy()
    expected[injector] = -(t.channels[injector] - t.transmission[injector, injector])
    assert np.allclose(into_leads, expected, atol=1e-10)


def test_ldos_equals_minus_imaginary_part_of_the_dense_green_function():
    """Self-energies of the x leads (Landau gauge, no gauge change) put into a dense inverse."""
    fsys = G.wire_with_side_probes(8, 4, probe_centers=[], potential=random_grid((8, 6), 3)).finalized()
    energy, params = 0.9, {"flux": 0.05}
    h = fsys.hamiltonian(params, sparse=False)
    for fl in fsys.leads:
        h_cell, h_hop = fl.hamiltonian(params)
        h[np.ix_(fl.orbitals, fl.orbitals)] += lead_self_energy(h_cell, h_hop, energy)
    g = np.linalg.inv(energy * np.eye(fsys.n_sites) - h)
    assert np.allclose(ldos(fsys, energy, params), -np.diag(g).imag / np.pi, atol=1e-10)


def test_ldos_of_a_chain_is_the_one_dimensional_density_of_states():
    fsys = G.wire_with_side_probes(5, 1, probe_centers=[]).finalized()
    for energy in (2.5, 4.0, 5.1):  # band 2 < E < 6, E = 4 - 2 cos k
        k = np.arccos((4 - energy) / 2)
        assert np.allclose(ldos(fsys, energy, {"flux": 0.0}), 1 / (2 * np.pi * np.sin(k)), atol=1e-12)


def test_closed_leads_carry_nothing():
    """A probe lead raised above the band has no open channel: it takes and gives nothing."""
    sys = G.square_device(box(8, 4), [("-x", 0, 4), ("+x", 0, 4), ("+y", 2, 3)])
    sys.leads[2].onsite = 9.0  # band 5 ... 13 in the lead: closed at E = 1
    fsys = sys.finalized()
    res = transmission(fsys, 1.0, {"flux": 0.05})
    assert res.channels[2] == 0 and res.channels[0] > 0
    assert np.all(res.transmission[2] == 0) and np.all(res.transmission[:, 2] == 0)
    assert np.allclose(res.transmission.sum(axis=0), res.channels, atol=1e-10)
    below = transmission(fsys, -0.5, {"flux": 0.05})  # below the band bottom
    assert list(below.channels) == [0, 0, 0] and np.all(below.transmission == 0)


def test_a_clean_strip_exactly_at_a_threshold_transmits_the_modes_below_it():
    eps, _ = strip_transverse_modes(6)
    strip6 = G.wire_with_side_probes(5, 6, probe_centers=[]).finalized()
    t = transmission(strip6, eps[2], {"flux": 0.0}, method="sparse").transmission
    assert np.abs(t - [[0, 2], [2, 0]]).max() < 1e-12


def test_the_rgf_route_exactly_at_a_threshold_agrees_with_the_sparse_solve():
    eps, _ = strip_transverse_modes(6)
    strip6 = G.wire_with_side_probes(5, 6, probe_centers=[]).finalized()
    t = transmission(strip6, eps[2], {"flux": 0.0}, method="rgf").transmission
    assert np.abs(t - [[0, 2], [2, 0]]).max() < 1e-12
    # in a batch, beside energies off the threshold, and through the S-matrix of the mode route
    both = transmission(strip6, [eps[2], eps[2] + 0.3], [{"flux": 0.0}, {"flux": 0.0}], method="rgf")
    assert np.abs(both.transmission[:, 0] - [[0, 2], [2, 0]]).max() < 1e-12
    assert np.array_equal(both.channels[:, 1], [[3, 3], [3, 3]])
    s = smatrix(strip6, eps[2], {"flux": 0.0}, method="rgf")
    assert np.allclose(s.s.conj().T @ s.s, np.eye(len(s.s)), atol=1e-10)
    chain = G.wire_with_side_probes(5, 1, probe_centers=[]).finalized()
    assert np.abs(transmission(chain, 2.0, {"flux": 0.0}).transmission).max() < 1e-12  # the band edge
