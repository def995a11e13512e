"""Multi-terminal lattice devices: geometry, Peierls phases, gauge, sum rules, Onsager, currents."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.lattice.devices import (
    Lead,
    cross,
    current_density,
    device_bond_currents,
    device_ldos,
    hall_bar,
    lead_channels,
    lead_unit_cell,
    make_device,
    scattering_matrix,
    transmission_matrix,
    wire_with_side_probes,
)

ROTATED_SIDE = {"+x": "+y", "+y": "-x", "-x": "-y", "-y": "+x"}


def open_modes(energy, width):
    """Closed form: modes of a hard-wall strip open for eps_n < E < eps_n + 4."""
    eps = 2 * (1 - np.cos(np.arange(1, width + 1) * np.pi / (width + 1)))
    return int(np.sum((eps < energy) & (energy < eps + 4)))


def disordered_cross(flux, seed=1, lx=14, ly=10, arm=4, strength=1.5):
    """A small cross with a fixed random potential (an array, so that it can be rotated)."""
    rng = np.random.default_rng(seed)
    potential = rng.uniform(-strength / 2, strength / 2, size=(lx, ly))
    return cross(lx, ly, arm, flux=flux, potential=potential), potential


def rotate(device, potential):
    """The same device turned by +90 degrees about z: (x, y) -> (ny - 1 - y, x)."""
    ny = device.mask.shape[1]
    assert device.origin == (0, 0)
    leads = []
    for lead in device.leads:
        if lead.axis == 0:  # rows y -> columns x' = ny - 1 - y
            start = ny - lead.start - lead.width
        else:  # columns x -> rows y' = x
            start = lead.start
        leads.append(Lead(ROTATED_SIDE[lead.side], start, lead.width))
    return make_device(device.mask.T[::-1], leads, flux=device.flux, potential=potential.T[::-1])


# -- geometry and Hamiltonian ------------------------------------------------------------------


def test_cross_and_hall_bar_geometry():
    dev = cross(40, 20, 10, arm_length=3)
    assert dev.n_sites == 40 * 20 + 2 * 3 * 10 * 2
    assert [lead.side for lead in dev.leads] == ["-x", "-y", "+x", "+y"]
    left = dev.positions[dev.interfaces[0]]
    assert np.all(left[:, 0] == -3) and list(left[:, 1]) == list(range(5, 15))
    bar = hall_bar(60, 20, probe_width=6, n_probes=2)
    assert [lead.side for lead in bar.leads] == ["-x", "-y", "+x", "+y"]
    wire = wire_with_side_probes(30, 4, probe_centers=[10, 20], arm_length=2, barrier=3.0)
    arm_sites = wire.positions[:, 1] >= 4
    assert np.allclose(wire.onsite[arm_sites], 7.0) and np.allclose(wire.onsite[~arm_sites], 4.0)


def test_hamiltonian_is_hermitian_with_flux_per_plaquette():
    flux = 0.137
    dev = cross(9, 7, 3, flux=flux, arm_length=2)
    h = dev.hamiltonian.toarray()
    assert np.allclose(h, h.conj().T, atol=0)
    index = {tuple(p): i for i, p in enumerate(dev.positions)}
    n_plaquettes = 0
    for x, y in index:
        loop = [(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1), (x, y)]
        if all(site in index for site in loop):
            sites = [index[s] for s in loop]
            product = np.prod([h[b, a] for a, b in zip(sites[:-1], sites[1:], strict=True)])
            assert np.isclose(product, np.exp(-2j * np.pi * flux), atol=1e-13)  # -e Phi / hbar
            n_plaquettes += 1
    assert n_plaquettes > 40


@pytest.mark.parametrize("side", ["+x", "-x", "+y", "-y"])
def test_lead_cell_continues_the_device_in_its_own_gauge(side):
    """The lead's h_hop equals the device's last hop, once moved to the lead's gauge."""
    flux = 0.21
    origin = (2, -4) if side[1] == "x" else (-3, 5)
    lead = Lead(side, origin[1 if side[1] == "x" else 0] + 1, 3)
    dev = make_device(np.ones((6, 5), bool), [lead], origin=origin, flux=flux)
    h = dev.hamiltonian.toarray()
    edge = dev.interfaces[0]
    step = np.array([1, 0] if lead.axis == 0 else [0, 1]) * lead.direction
    inner = [np.flatnonzero((dev.positions == p - step).all(1))[0] for p in dev.positions[edge]]
    xy = dev.positions
    chi = flux * xy[:, 0] * xy[:, 1] if lead.axis == 1 else np.zeros(len(xy))
    u = np.exp(-2j * np.pi * chi)  # H' = U H U^dagger
    hop_in_lead_gauge = u[edge][:, None] * h[np.ix_(edge, inner)] * u[inner].conj()[None, :]
    _, h_hop = lead_unit_cell(lead, flux)
    assert np.allclose(hop_in_lead_gauge, h_hop, atol=1e-13)


def test_lead_geometry_errors_are_explained():
    mask = np.ones((6, 4), bool)
    with pytest.raises(ValueError, match="outside the device box"):
        make_device(mask, [Lead("+x", 2, 4)])
    step = np.zeros((8, 4), bool)
    step[:6] = True
    step[6:, 3] = True  # row 3 reaches past the edge of rows 0-2, right next to the lead
    with pytest.raises(ValueError, match="would touch the device"):
        make_device(step, [Lead("+x", 0, 3)])
    ragged = mask.copy()
    ragged[5, 0] = False
    with pytest.raises(ValueError, match="straight edge"):
        make_device(ragged, [Lead("+x", 0, 4)])
    with pytest.raises(ValueError, match="overlap or touch"):
        make_device(mask, [Lead("+x", 0, 2), Lead("+x", 2, 2)])  # side by side
    with pytest.raises(ValueError, match="`rng` is required"):
        make_device(mask, [Lead("+x", 0, 4)], disorder=1.0)
    with pytest.raises(ValueError, match="`side`"):
        Lead("x", 0, 3)
    with pytest.raises(ValueError, match="`width`"):
        Lead("+x", 0, 0)
    with pytest.raises(TypeError, match="`leads\\[0\\]`"):
        make_device(mask, ["+x"])
    with pytest.raises(ValueError, match="`potential`"):
        make_device(mask, [], potential=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="`lead`"):
        device_bond_currents(make_device(mask, [Lead("+x", 0, 4)]), 1.0, lead=1)


def test_disorder_is_reproducible_and_bounded():
    mask = np.ones((10, 10), bool)
    one = make_device(mask, [], disorder=2.0, rng=np.random.default_rng(5))
    two = make_device(mask, [], disorder=2.0, rng=np.random.default_rng(5))
    assert np.array_equal(one.onsite, two.onsite)
    assert np.all(np.abs(one.onsite - 4.0) <= 1.0) and np.std(one.onsite) > 0.4


# -- transmissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("energy", [0.3, 0.9, 1.7, 3.3, 5.2])
def test_clean_strip_transmits_its_open_modes(energy):
    width = 6
    dev = make_device(np.ones((7, width), bool), [Lead("-x", 0, width), Lead("+x", 0, width)])
    res = transmission_matrix(dev, energy)
    n = open_modes(energy, width)
    assert list(res.channels) == [n, n]
    assert np.allclose(res.transmission, [[0, n], [n, 0]], atol=1e-10)


@pytest.mark.parametrize("axis", [0, 1])
def test_clean_strip_in_a_field_is_reflectionless_along_x_and_y(axis):
    """Along y the leads are joined through the gauge transformation: a wrong sign reflects."""
    width, flux, energy = 8, 0.06, 1.3
    mask = np.ones((10, width), bool) if axis == 0 else np.ones((width, 10), bool)
    sides = ("-x", "+x") if axis == 0 else ("-y", "+y")
    origin = (3, -2)
    dev = make_device(mask, [Lead(s, origin[1 - axis], width) for s in sides], flux=flux,
                      origin=origin)
    res = transmission_matrix(dev, energy)
    n = res.channels[0]
    assert n >= 2
    assert np.allclose(res.transmission, [[0, n], [n, 0]], atol=1e-10)


@pytest.mark.parametrize("flux", [0.0, 0.04])
def test_sum_rules_rows_and_columns_give_channel_numbers(flux):
    rng = np.random.default_rng(3)
    bar = hall_bar(24, 10, probe_width=4, flux=flux, disorder=2.0, rng=rng)
    res = transmission_matrix(bar, 1.1)
    t, n = res.transmission, res.channels
    assert np.all(n > 0)
    assert np.allclose(t.sum(axis=0), n, atol=1e-10)  # columns: where electrons from j go
    assert np.allclose(t.sum(axis=1), n, atol=1e-10)  # rows: no current at equal voltages
    assert np.all(t > -1e-12) and np.all(np.diag(t) <= n + 1e-12)


@pytest.mark.parametrize("course_cross", [False, True], ids=["disordered-14x10", "clean-40x20"])
def test_onsager_reciprocity_on_a_cross_in_a_field(course_cross):
    flux, energy = (0.03, 0.5) if course_cross else (0.05, 0.8)
    if course_cross:  # the chapter 6 example: 40 x 20 body, 10-wide arms
        forward, backward = cross(40, 20, 10, flux=flux), cross(40, 20, 10, flux=-flux)
    else:
        forward, backward = disordered_cross(flux)[0], disordered_cross(-flux)[0]
    t_b = transmission_matrix(forward, energy).transmission
    t_minus_b = transmission_matrix(backward, energy).transmission
    assert np.allclose(t_b, t_minus_b.T, atol=1e-10)
    # not vacuous: at fixed field the matrix is far from symmetric
    assert np.max(np.abs(t_b - t_b.T)) > 0.3


def test_two_terminal_transmission_is_even_in_field():
    rng = np.random.default_rng(7)
    potential = rng.uniform(-1, 1, size=(12, 6))
    leads = [Lead("-x", 0, 6), Lead("+x", 0, 6)]
    t = [transmission_matrix(make_device(np.ones((12, 6), bool), leads, flux=f,
                                         potential=potential), 1.3).transmission for f in (0.07, -0.07)]
    assert np.isclose(t[0][1, 0], t[1][1, 0], atol=1e-10)
    assert np.isclose(t[0][1, 0], t[0][0, 1], atol=1e-10)


def test_rotating_the_device_by_90_degrees_changes_nothing():
    """x leads become y leads: only the gauge transformation of the self-energy joins them."""
    dev, potential = disordered_cross(0.05, seed=4, lx=12, ly=8, arm=4)
    t = transmission_matrix(dev, 0.7).transmission
    t_rotated = transmission_matrix(rotate(dev, potential), 0.7).transmission
    assert np.max(np.abs(t - t.T)) > 0.3
    assert np.allclose(t, t_rotated, atol=1e-10)


def test_translating_the_device_is_a_gauge_change():
    mask = np.ones((12, 8), bool)
    mask[4:8, :3] = False
    leads = [Lead("-x", 3, 5), Lead("+y", 2, 4), Lead("+x", 0, 8)]
    t = [transmission_matrix(make_device(mask, leads_at(leads, o), origin=o, flux=0.08), 1.0)
         .transmission for o in [(0, 0), (5, -11)]]
    assert np.allclose(t[0], t[1], atol=1e-10)


def leads_at(leads, origin):
    return [Lead(lead.side, lead.start + origin[1 - lead.axis], lead.width) for lead in leads]


def test_edge_states_go_clockwise_for_positive_flux():
    """A wide cross between Landau levels: each terminal feeds its clockwise neighbour.

    Field along +z, electrons: counter-clockwise cyclotron orbits, so the skipping orbits
    run clockwise around the sample; terminals are numbered counter-clockwise.
    """
    flux, energy = 0.03, 0.5  # between the 1st (0.19) and 2nd (0.57) Landau level
    res = transmission_matrix(cross(30, 30, 14, flux=flux), energy)
    assert list(res.channels) == [1, 1, 1, 1]
    previous_terminal = np.roll(np.eye(4), -1, axis=0)  # T[j - 1, j] = 1
    assert np.allclose(res.transmission, previous_terminal, atol=1e-6)
    reversed_ = transmission_matrix(cross(30, 30, 14, flux=-flux), energy).transmission
    assert np.allclose(reversed_, previous_terminal.T, atol=1e-6)


def test_fisher_lee_smatrix_is_unitary_and_agrees_with_caroli():
    """Two routes: Tr[Gamma G Gamma G^+] and |S_ij|^2 from the lead modes."""
    dev, _ = disordered_cross(0.05, seed=6)
    for energy in (0.4, 1.3):
        s = scattering_matrix(dev, energy)
        assert np.allclose(s.matrix.conj().T @ s.matrix, np.eye(len(s.matrix)), atol=1e-10)
        t = transmission_matrix(dev, energy).transmission
        from_s = [[np.sum(np.abs(block) ** 2) for block in row] for row in s.blocks]
        assert np.allclose(t, from_s, atol=1e-10)


def test_lead_channels_match_closed_form_without_field():
    dev = cross(20, 16, 7)
    for energy in (0.2, 0.6, 1.4, 2.5):
        assert list(lead_channels(dev, energy)) == [open_modes(energy, 7)] * 4


def test_energy_must_be_a_number():
    dev = cross(8, 8, 3)
    with pytest.raises(TypeError, match="`energy`"):
        transmission_matrix(dev, "1")
    with pytest.raises(ValueError, match="`energy`"):
        transmission_matrix(dev, np.nan)


# -- currents and density of states -----------------------------------------------------------


def test_bond_currents_are_conserved_and_reach_the_leads():
    dev, _ = disordered_cross(0.05, seed=2)
    energy, injector = 0.8, 1
    res = device_bond_currents(dev, energy, injector)
    n = dev.n_sites
    a, b = dev.bonds[:, 0], dev.bonds[:, 1]
    inflow = np.bincount(b, res.current, n) - np.bincount(a, res.current, n)
    interior = np.ones(n, bool)
    interior[np.concatenate(dev.interfaces)] = False
    assert np.max(np.abs(inflow[interior])) < 1e-10
    t = transmission_matrix(dev, energy)
    expected = t.transmission[:, injector].copy()
    expected[injector] = -(t.channels[injector] - t.transmission[injector, injector])
    assert np.allclose(res.into_leads, expected, atol=1e-10)


def test_current_density_through_a_cross_section():
    width = 5
    dev = make_device(np.ones((9, width), bool), [Lead("-x", 0, width), Lead("+x", 0, width)],
                      flux=0.05)
    jx, jy = current_density(dev, 1.2, lead=0)
    n = transmission_matrix(dev, 1.2).channels[0]
    assert np.allclose(jx.sum(axis=1), n, atol=1e-10)  # every column carries the full current
    assert np.allclose(jy.sum(axis=1), 0, atol=1e-10)


def test_ldos_equals_minus_imaginary_part_of_the_dense_green_function():
    from qtransport.lattice.devices import _lead_data

    dev, _ = disordered_cross(0.05, lx=8, ly=6, arm=2)
    energy = 0.9
    h = dev.hamiltonian.toarray()
    for sites, lead in zip(dev.interfaces, _lead_data(dev, energy), strict=True):
        h[np.ix_(sites, sites)] += lead.sigma
    g = np.linalg.inv(energy * np.eye(dev.n_sites) - h)
    assert np.allclose(device_ldos(dev, energy), -np.diag(g).imag / np.pi, atol=1e-10)


def test_ldos_of_a_chain_is_the_one_dimensional_density_of_states():
    dev = make_device(np.ones((5, 1), bool), [Lead("-x", 0, 1), Lead("+x", 0, 1)])
    for energy in (2.5, 4.0, 5.1):  # band 2 < E < 6, E = 4 - 2 cos k
        k = np.arccos((4 - energy) / 2)
        assert np.allclose(device_ldos(dev, energy), 1 / (2 * np.pi * np.sin(k)), atol=1e-12)


def test_lead_self_energies_agree_with_decimation():
    """The device takes Sigma from the lead modes; Sancho-Rubio decimation is another route."""
    from qtransport.lattice.devices import _lead_data
    from qtransport.lattice.leads import lead_self_energy

    dev = cross(12, 10, 4, flux=0.07)
    for lead, data in zip(dev.leads, _lead_data(dev, 0.9), strict=True):
        h_cell, h_hop = lead_unit_cell(lead, dev.flux)
        decimated = lead_self_energy(h_cell, h_hop, 0.9, eta=1e-9, method="decimation")
        u = data.phases  # to the device gauge: U^dagger Sigma U
        assert np.allclose(data.sigma, u.conj()[:, None] * decimated * u[None, :], atol=1e-6)


def test_closed_leads_carry_nothing():
    leads = [Lead("-x", 0, 4), Lead("+x", 0, 4), Lead("+y", 2, 3, potential=5.0)]
    dev = make_device(np.ones((8, 4), bool), leads, flux=0.05)
    res = transmission_matrix(dev, 1.0)
    assert res.channels[2] == 0 and res.channels[0] > 0
    assert np.all(res.transmission[2] == 0) and np.all(res.transmission[:, 2] == 0)
    assert np.allclose(res.transmission.sum(axis=0), res.channels, atol=1e-10)
    below = transmission_matrix(dev, -0.5)  # below the band bottom
    assert list(below.channels) == [0, 0, 0] and np.all(below.transmission == 0)


@pytest.mark.parametrize("flux", [0.0, 0.06])
def test_two_terminal_device_agrees_with_recursive_greens_functions(flux):
    """The sparse multi-terminal solver and the RGF two-terminal solver, on one disordered strip.

    The same strip is also built along y (rotated): its x leads become y leads.
    """
    from qtransport.lattice import strip
    from qtransport.lattice import transmission as rgf_transmission

    length, width = 15, 6
    potential = np.random.default_rng(8).uniform(-1.5, 1.5, size=(length, width))
    energies = [0.4, 1.1, 2.3]
    expected = rgf_transmission(strip(length, width, potential=potential, flux=flux), energies)
    leads = [Lead("-x", 0, width), Lead("+x", 0, width)]
    dev = make_device(np.ones((length, width), bool), leads, flux=flux, potential=potential)
    along_x = [transmission_matrix(dev, e).transmission[1, 0] for e in energies]
    along_y = [transmission_matrix(rotate(dev, potential), e).transmission[1, 0] for e in energies]
    assert np.allclose(along_x, expected, atol=1e-10)
    assert np.allclose(along_y, expected, atol=1e-10)
    assert np.ptp(expected) > 0.3  # energies with different numbers of channels


def test_bond_currents_agree_with_the_two_terminal_scattering_states():
    """Bond currents from G Gamma G^+ (sparse solver) and from RGF scattering states."""
    from qtransport.lattice import bond_currents as rgf_bond_currents
    from qtransport.lattice import strip

    length, width, flux, energy = 12, 5, 0.05, 1.2
    potential = np.random.default_rng(9).uniform(-1, 1, size=(length, width))
    leads = [Lead("-x", 0, width), Lead("+x", 0, width)]
    dev = make_device(np.ones((length, width), bool), leads, flux=flux, potential=potential)
    for lead in (0, 1):
        mine = device_bond_currents(dev, energy, lead).current
        theirs = rgf_bond_currents(strip(length, width, potential=potential, flux=flux), energy,
                                   lead=lead)
        a, b = dev.positions[dev.bonds[:, 0]], dev.positions[dev.bonds[:, 1]]
        along_x = b[:, 0] > a[:, 0]
        jx = np.zeros((length - 1, width))
        jx[a[along_x, 0], a[along_x, 1]] = mine[along_x]
        jy = np.zeros((length, width - 1))
        jy[a[~along_x, 0], a[~along_x, 1]] = mine[~along_x]
        assert np.allclose(jx, theirs.x[1:-1], atol=1e-10)
        assert np.allclose(jy, theirs.y, atol=1e-10)
        assert np.max(np.abs(jy)) > 0.05  # the field and the disorder bend the flow


def test_side_probe_coupling_is_tuned_by_the_barrier():
    """An open probe takes a good share of the current; behind a high barrier it decouples."""
    energy = 1.5  # one channel in the wire (width 3) and in the probe (width 2)
    width = 3
    n = open_modes(energy, width)
    open_probe = transmission_matrix(wire_with_side_probes(20, width, probe_width=2), energy)
    closed = transmission_matrix(wire_with_side_probes(20, width, probe_width=2, barrier=30.0),
                                 energy)
    assert open_probe.transmission[2, 0] > 0.1
    assert closed.transmission[2, 0] < 1e-6
    assert np.isclose(closed.transmission[1, 0], n, atol=1e-3)  # the stub still scatters a little
    for res in (open_probe, closed):
        assert np.allclose(res.transmission.sum(axis=0), res.channels, atol=1e-10)


def test_lead_thresholds_give_the_limiting_transmissions():
    """Exactly at a subband bottom of the leads that mode is closed, for every lead at once.

    The cross's four leads are 6 wide: at E = eps_n of that width, n - 1 channels are open, the
    sum rules hold, and T[i, j] is the limit from below (within sqrt(1e-10) = 1e-5).
    """
    from qtransport.lattice.leads import strip_transverse_modes

    device = cross(12, 10, 6)
    eps, _ = strip_transverse_modes(6)
    for n, energy in enumerate(eps[:3]):
        t, channels = transmission_matrix(device, energy)
        assert list(channels) == [n] * 4 == list(lead_channels(device, energy))
        assert np.abs(t.sum(axis=0) - n).max() < 1e-10 and np.abs(t.sum(axis=1) - n).max() < 1e-10
        below = transmission_matrix(device, energy - 1e-10).transmission
        assert np.abs(t - below).max() < 1e-4
    strip6 = make_device(np.ones((5, 6), bool), [Lead("-x", 0, 6), Lead("+x", 0, 6)])
    t, _ = transmission_matrix(strip6, eps[2])
    assert np.abs(t - [[0, 2], [2, 0]]).max() < 1e-12
    chain_device = make_device(np.ones((5, 1), bool), [Lead("-x", 0, 1), Lead("+x", 0, 1)])
    assert np.array_equal(transmission_matrix(chain_device, 2.0).transmission, np.zeros((2, 2)))
    assert np.array_equal(device_ldos(chain_device, 2.0), np.zeros(5))  # no scattering state


def test_wave_functions_at_a_lead_threshold_exist_unless_a_state_decouples():
    """Currents and LDOS at a threshold are the limit when E - H - Sigma is regular there.

    E = 1 is the first threshold of 2-wide leads (eps_1 = 2 - 2 cos(pi/3)): the side probe of
    this wire sits on it.  A clean strip at its own threshold has the threshold mode as a state
    that couples to no open channel, and refuses.
    """
    from qtransport.lattice.leads import strip_transverse_modes

    wire = wire_with_side_probes(8, 3, probe_width=2)
    assert lead_channels(wire, 1.0)[2] == 0
    at = device_bond_currents(wire, 1.0, 0)
    below = device_bond_currents(wire, 1.0 - 1e-10, 0)
    assert np.abs(at.current - below.current).max() < 1e-3  # ~ sqrt(1e-10)
    assert np.abs(at.into_leads - below.into_leads).max() < 1e-3
    assert np.abs(device_ldos(wire, 1.0) - device_ldos(wire, 1.0 - 1e-10)).max() < 1e-3
    eps, _ = strip_transverse_modes(6)
    strip6 = make_device(np.ones((5, 6), bool), [Lead("-x", 0, 6), Lead("+x", 0, 6)])
    for call in (lambda: device_ldos(strip6, eps[2]), lambda: current_density(strip6, eps[2], 0),
                 lambda: device_bond_currents(strip6, eps[1], 1)):
        with pytest.raises(ValueError, match=r"`energy` = .* threshold of lead 0.*shift it"):
            call()


def test_an_exactly_singular_factorisation_is_regularized(monkeypatch):
    """If the sparse LU meets an exactly singular matrix (a state coupled to no open channel),
    the solve is repeated at E + 1e-14 i: transmissions change by round-off only."""
    import scipy.sparse.linalg as spla

    from qtransport.lattice import devices as devices_module

    device = cross(12, 8, 4, flux=0.05)
    exact = transmission_matrix(device, 0.8).transmission
    calls = []
    splu = spla.splu

    def singular_once(matrix, **kwargs):
        calls.append(matrix.diagonal().imag.max())
        if len(calls) == 1:
            raise RuntimeError("Factor is exactly singular")
        return splu(matrix, **kwargs)

    monkeypatch.setattr(devices_module.spla, "splu", singular_once)
    regularized = transmission_matrix(device, 0.8).transmission
    assert len(calls) == 2 and calls[1] - calls[0] > 0.5e-14  # the retry carries i eta
    assert np.abs(regularized - exact).max() < 1e-12


# -- a local magnetization: non-uniform flux ----------------------------------------------------


def magnet(x0, x1, y0, y1, strength, background=0.0):
    """Flux per plaquette: ``background`` plus ``strength`` on the plaquettes x0 <= x < x1, y0 <= y < y1."""
    def flux(x, y):
        inside = (x >= x0) & (x < x1) & (y >= y0) & (y < y1)
        return background + strength * inside
    return flux


def plaquette_phases(device):
    """Hopping phases summed counter-clockwise around every plaquette, from the Hamiltonian alone.

    Returns {(x, y): phase in (-pi, pi]} for each plaquette with lower-left corner (x, y) whose
    four corners are sites; ``H[b, a] = -exp(i theta_{a -> b})``.
    """
    h = device.hamiltonian.toarray()
    index = {tuple(p): i for i, p in enumerate(device.positions)}
    phases = {}
    for x, y in index:
        loop = [(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1), (x, y)]
        if all(site in index for site in loop):
            sites = [index[s] for s in loop]
            product = np.prod([-h[b, a] for a, b in zip(sites[:-1], sites[1:], strict=True)])
            assert abs(abs(product) - 1) < 1e-13
            phases[x, y] = np.angle(product)
    return phases


def wrapped(phase):
    return (phase + np.pi) % (2 * np.pi) - np.pi


@pytest.mark.parametrize("builder", ["cross", "hall_bar", "make_device"])
def test_flux_pattern_gives_each_plaquette_its_own_flux(builder):
    """With flux(x, y) the phases around plaquette (x, y) add up to -2 pi flux(x, y).

    The magnet covers the centre of the device, also where leads attach above and below it (the
    cross's vertical arms), so the extra flux cannot be given by the Landau gauge of the leads.
    """
    if builder == "cross":
        flux = magnet(3, 9, 2, 7, 0.11, background=0.02)
        device = cross(12, 9, 4, arm_length=2, flux=flux, lead_flux=0.02)
        uniform = cross(12, 9, 4, arm_length=2, flux=0.02)
    elif builder == "hall_bar":
        flux = magnet(10, 20, 3, 7, -0.07, background=0.03)
        device = hall_bar(30, 10, probe_width=3, flux=flux, lead_flux=0.03)
        uniform = hall_bar(30, 10, probe_width=3, flux=0.03)
    else:
        mask = np.ones((9, 8), bool)
        mask[3:5, 3:5] = False  # a hole: loops around it enclose its four plaquettes' flux
        flux = magnet(-1, 4, 1, 9, 0.23)
        leads = [Lead("-x", 2, 4), Lead("+y", 0, 3), Lead("-y", 4, 3)]
        device = make_device(mask, leads, origin=(-2, 1), flux=flux)
        uniform = make_device(mask, leads, origin=(-2, 1))
    phases = plaquette_phases(device)
    assert len(phases) > 30
    for (x, y), phase in phases.items():
        assert abs(wrapped(phase + 2 * np.pi * flux(x, y))) < 1e-12, (x, y)
    # the plaquettes between a lead and the device keep the lead's flux: the hops joining two
    # interface sites of a lead are those of the lead's own (uniform) gauge
    assert np.array_equal(device.bonds, uniform.bonds)
    for sites in device.interfaces:
        along_interface = np.isin(device.bonds, sites).all(axis=1)
        assert along_interface.sum() == len(sites) - 1
        assert np.array_equal(device.hoppings[along_interface], uniform.hoppings[along_interface])
    assert device.flux == (0.02 if builder == "cross" else 0.03 if builder == "hall_bar" else 0.0)
    if builder == "make_device":  # around the hole: the flux of the 3 x 3 plaquettes inside
        h = device.hamiltonian.toarray()
        index = {tuple(p): i for i, p in enumerate(device.positions)}
        ring = [(0, 3), (1, 3), (2, 3), (3, 3), (3, 4), (3, 5), (3, 6), (2, 6), (1, 6), (0, 6),
                (0, 5), (0, 4), (0, 3)]
        product = np.prod([-h[index[b], index[a]] for a, b in zip(ring[:-1], ring[1:], strict=True)])
        enclosed = sum(flux(x, y) for x in range(0, 3) for y in range(3, 6))
        assert abs(wrapped(np.angle(product) + 2 * np.pi * enclosed)) < 1e-12


def test_uniform_flux_is_unchanged_bit_for_bit():
    """A number, or a constant function with the same lead flux, gives the same Hamiltonian."""
    number = cross(14, 10, 4, flux=0.037)
    function = cross(14, 10, 4, flux=lambda x, y: np.full(np.shape(x), 0.037), lead_flux=0.037)
    assert np.array_equal(number.hoppings, function.hoppings)
    assert (number.hamiltonian != function.hamiltonian).nnz == 0
    assert number.flux == function.flux == 0.037
    assert np.array_equal(number.plaquette_flux, np.full((13, 9), 0.037))
    # the hoppings of the uniform case are the Landau-gauge ones of the module docstring
    a, b = number.bonds[:, 0], number.bonds[:, 1]
    horizontal = number.positions[b, 0] != number.positions[a, 0]
    y = number.positions[a, 1]
    assert np.array_equal(number.hoppings, np.where(horizontal, -np.exp(2j * np.pi * 0.037 * y), -1))


def test_a_magnetized_region_breaks_reciprocity_without_applied_field():
    """Onsager with a magnetization M: T_ij(B, M) = T_ji(-B, -M), and T_ij(0, M) != T_ji(0, M).

    A disordered four-terminal cross with a magnet (0.08 flux quanta per plaquette) over its
    centre: without an applied field the leads are field-free, yet reciprocity T_ij = T_ji fails;
    reversing the magnetization (and the field) restores it as Onsager-Casimir requires.
    """
    rng = np.random.default_rng(3)
    potential = rng.uniform(-0.75, 0.75, size=(14, 10))
    energy = 0.8
    for applied in (0.0, 0.04):
        t = {}
        for sign in (1, -1):
            device = cross(14, 10, 4, flux=magnet(4, 10, 2, 8, sign * 0.08, sign * applied),
                           lead_flux=sign * applied, potential=potential)
            res = transmission_matrix(device, energy)
            assert np.abs(res.transmission.sum(0) - res.channels).max() < 1e-10
            t[sign] = res.transmission
        assert np.abs(t[1] - t[-1].T).max() < 1e-10
        assert np.abs(t[1] - t[1].T).max() > 0.01  # reciprocity broken, also at B = 0


def test_flux_pattern_errors_are_explained():
    with pytest.raises(ValueError, match="`flux`"):
        cross(10, 8, 4, flux=lambda x, y: np.ones((2, 2)))
    with pytest.raises(ValueError, match="`flux`"):
        cross(10, 8, 4, flux=lambda x, y: np.nan * x)
    with pytest.raises(ValueError, match="`lead_flux`"):
        cross(10, 8, 4, lead_flux=[0.1, 0.2])
