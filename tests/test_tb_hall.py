"""Quantum Hall effect on the engine: Landau levels, edge states, the quantized Hall bar, edge currents."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.lattice.leads import lead_modes, lead_open_channels, lead_self_energy
from qtransport.tb import geometries, transmission
from qtransport.tb.hall import (
    cyclotron_energy,
    edge_states,
    hall_bar_resistances,
    hall_bar_sweep,
    magnetic_length,
    site_current_density,
    strip_bands,
    strip_hamiltonian,
)

# Hall bar used for the plateaus: 40 x 16 sites, probes 5 wide.
BAR = {"length": 40, "width": 16, "probe_width": 5}


def test_strip_bands_without_field_are_the_hard_wall_subbands():
    width = 7
    k = np.linspace(-np.pi, np.pi, 13)
    eps = 2 * (1 - np.cos(np.arange(1, width + 1) * np.pi / (width + 1)))
    expected = np.sort(2 * (1 - np.cos(k))[:, None] + eps[None, :], axis=1)
    assert np.allclose(strip_bands(width, 0.0, k), expected, atol=1e-12)
    assert strip_bands(width, 0.0, k.reshape(13, 1)).shape == (13, 1, width)
    assert np.allclose(strip_bands(width, 0.0, 0.3, potential=0.5), strip_bands(width, 0.0, 0.3) + 0.5, atol=1e-12)


def test_strip_hamiltonian_is_the_landau_gauge_bloch_hamiltonian():
    """H(k)_yy = 4 + V - 2 cos(k - 2 pi phi y), hops -1 across, y from the middle of the strip."""
    width, flux, potential = 6, 0.07, 0.2
    y = np.arange(width) - (width - 1) // 2
    for k in (0.0, 0.9, -2.4):
        expected = np.diag(4 + potential - 2 * np.cos(k - 2 * np.pi * flux * y)).astype(complex)
        expected -= np.eye(width, k=1) + np.eye(width, k=-1)
        assert np.allclose(strip_hamiltonian(width, flux, k, potential=potential), expected, atol=1e-12)


@pytest.mark.parametrize("flux", [0.005, 0.0025])
def test_landau_levels_approach_the_cyclotron_ladder(flux):
    """E_n -> hbar w_c (n + 1/2) = 4 pi phi (n + 1/2) t as phi -> 0.

    The lattice dispersion 4 - 2 cos px - 2 cos py = p^2 - (px^4 + py^4)/12 + ... shifts the
    levels by first-order perturbation theory by -(pi phi)^2 (2n^2 + 2n + 1) / 2: a relative
    error that shrinks like phi.  The strip (150 sites, guiding centre in the middle at k = 0)
    is much wider than the magnetic length (8 sites or less) and narrower than 1/phi.
    """
    n = np.arange(4)
    levels = strip_bands(150, flux, 0.0)[:4]
    ladder = cyclotron_energy(flux) * (n + 0.5)
    first_correction = (np.pi * flux) ** 2 / 2 * (2 * n**2 + 2 * n + 1)
    assert np.all(np.abs(levels / ladder - 1) <= 1.05 * first_correction / ladder)
    assert np.all(np.abs(levels / ladder - 1) < 0.03)


def test_first_lattice_correction_to_the_landau_levels():
    """With the phi^2 shift included the residual is O(phi^3): it drops 4x (relative) when phi halves."""
    n = np.arange(4)
    residuals = []
    for flux in (0.005, 0.0025):
        levels = strip_bands(150, flux, 0.0)[:4]
        ladder = cyclotron_energy(flux) * (n + 0.5)
        shifted = ladder - (np.pi * flux) ** 2 / 2 * (2 * n**2 + 2 * n + 1)
        residuals.append(np.abs(levels - shifted) / ladder)
    assert np.all(residuals[0] < 1e-4)
    assert np.all((residuals[0] / residuals[1] > 3.5) & (residuals[0] / residuals[1] < 4.5))


def test_magnetic_length_and_cyclotron_energy():
    assert np.isclose(magnetic_length(1 / (2 * np.pi)), 1.0)
    assert np.isclose(cyclotron_energy(0.25), np.pi)
    # hbar omega_c = hbar e |B| / m: reversing the field leaves it unchanged.
    assert cyclotron_energy(-0.25) == cyclotron_energy(0.25)
    assert np.array_equal(cyclotron_energy(np.array([-0.01, 0.01])), cyclotron_energy(0.01) * np.ones(2))
    with pytest.raises(ValueError, match="`flux` must be nonzero"):
        magnetic_length(0.0)


@pytest.mark.parametrize(("flux", "energy"), [(0.02, 0.25), (0.02, 0.6), (0.0, 1.3), (0.1, 2.0)])
def test_edge_states_lie_on_the_bands_and_move_with_the_band_slope(flux, energy):
    """The transfer-matrix modes against the band structure E_n(k) of the Bloch Hamiltonian."""
    width = 30
    states = edge_states(width, flux, energy)
    assert len(states.k) > 0
    dk = 1e-6
    for k, v in zip(states.k, states.velocity, strict=True):
        n = np.argmin(np.abs(strip_bands(width, flux, k) - energy))
        assert abs(strip_bands(width, flux, k)[n] - energy) < 1e-10
        bands = strip_bands(width, flux, [k - dk, k + dk])
        assert np.isclose((bands[1, n] - bands[0, n]) / (2 * dk), v, atol=1e-6)
    assert np.allclose(states.density.sum(axis=1), 1.0, atol=1e-12)


def crossings(width, flux, energy, n_k=801):
    """Right- and left-moving crossings of E_n(k) = E, counted on a fine k grid."""
    bands = strip_bands(width, flux, np.linspace(-np.pi, np.pi, n_k)) - energy
    up = (bands[:-1] < 0) & (bands[1:] > 0)
    down = (bands[:-1] > 0) & (bands[1:] < 0)
    return int(up.sum()), int(down.sum())


@pytest.mark.parametrize(("flux", "energy", "nu"), [(0.02, 0.25, 1), (0.02, 0.5, 2), (0.02, 0.75, 3)])
def test_edge_states_are_chiral_and_as_many_as_the_band_crossings(flux, energy, nu):
    """Between Landau levels: nu right-movers on the top edge, nu left-movers on the bottom.

    Two routes count the channels: unit-modulus transfer-matrix eigenvalues (edge_states,
    lead_open_channels of the strip's own cell) and sign changes of E_n(k) - E on a k grid.
    """
    width = 40
    states = edge_states(width, flux, energy)
    right = states.velocity > 0
    assert right.sum() == (~right).sum() == nu
    assert crossings(width, flux, energy) == (nu, nu)
    assert np.all(states.position[right] > width / 4)
    assert np.all(states.position[~right] < -width / 4)
    h0, h1 = strip_hamiltonian(width, flux, 0.0), strip_hamiltonian(width, flux, np.pi / 2)
    h_cell = (h0 + strip_hamiltonian(width, flux, np.pi)) / 2  # H(k) = h + v e^{-ik} + v^+ e^{ik}
    h_hop = (h0 - h_cell + 1j * (h1 - h_cell)) / 2
    assert int(lead_open_channels(h_cell, h_hop, energy)) == nu
    reversed_ = edge_states(width, -flux, energy)  # the field reversed: the edges swap
    assert np.all(reversed_.position[reversed_.velocity > 0] < -width / 4)


@pytest.mark.parametrize(("energy", "nu"), [(0.35, 1), (0.72, 2)])
def test_hall_resistance_is_quantized_on_the_plateaus(energy, nu):
    """R_xy = -h/(nu e^2) and R_xx = 0 on a clean bar (flux 0.03: l_B = 2.3, hbar w_c = 0.38).

    Deviations need tunnelling between the opposite edges, 16 sites = 7 magnetic lengths apart,
    which is exponentially small (~ exp(-(W / l_B)^2 / 2)); what is left is round-off (1e-13).
    The 1e-6 tolerance is the precision of metrological quantum Hall standards; the test fails
    if a single edge channel leaks by more than that.
    """
    res = hall_bar_resistances(0.03, energy, **BAR)
    assert res.nu == nu
    assert abs(res.r_xy * nu + 1) < 1e-6  # electrons, field along +z: lower edge negative
    assert abs(res.r_xx) < 1e-6
    reversed_ = hall_bar_resistances(-0.03, energy, **BAR)
    assert abs(reversed_.r_xy * nu - 1) < 1e-6 and abs(reversed_.r_xx) < 1e-6


def test_onsager_relations_of_the_hall_bar():
    """T_ij(B) = T_ji(-B) on a disordered bar, and so R_kl,mn(B) = R_mn,kl(-B) (Büttiker 1986)."""
    from qtransport import conductance_matrix, four_terminal_resistance

    fsys = geometries.hall_bar(30, 12, probe_width=4, disorder=1.0, rng=np.random.default_rng(8)).finalized()
    for flux, energy in ((0.02, 0.9), (0.045, 0.6)):
        plus = transmission(fsys, energy, {"flux": flux})
        minus = transmission(fsys, energy, {"flux": -flux})
        assert np.allclose(plus.transmission, minus.transmission.T, atol=1e-10)
        assert np.abs(plus.transmission - plus.transmission.T).max() > 0.05  # the field makes T asymmetric
        g_plus = conductance_matrix(*plus, spin_degeneracy=1, unit="e^2/h")
        g_minus = conductance_matrix(*minus, spin_degeneracy=1, unit="e^2/h")
        r = four_terminal_resistance(g_plus, 0, 3, 1, 5)  # the Hall configuration
        swapped = four_terminal_resistance(g_minus, 1, 5, 0, 3)  # roles swapped, field reversed
        assert abs(r - swapped) < 1e-9 * abs(r)
        assert abs(r - four_terminal_resistance(g_minus, 0, 3, 1, 5)) > 0.05 * abs(r)  # reversing B alone is not


def test_plateau_survives_disorder_but_not_between_plateaus():
    """Disorder (w = 0.5, std 0.14 << hbar w_c = 0.63) does not backscatter edge channels.

    In the middle of a disorder-broadened Landau level the bulk conducts, R_xx is large and R_xy
    is not quantized: the quantization tested above is not automatic.
    """
    kwargs = {"length": 40, "width": 20, "probe_width": 6}
    res = hall_bar_resistances(0.05, 0.6, disorder=0.5, rng=np.random.default_rng(0), **kwargs)
    assert res.nu == 1 and abs(res.r_xy + 1) < 1e-6 and abs(res.r_xx) < 1e-6
    between = hall_bar_resistances(0.05, 0.92, disorder=1.0, rng=np.random.default_rng(0), **kwargs)
    assert abs(between.r_xx) > 0.01 and abs(between.r_xy * between.nu + 1) > 0.1


def test_field_sweep_matches_single_points_and_reports_progress():
    calls = []
    fluxes = [0.006, 0.015, 0.03]
    sweep = hall_bar_sweep(fluxes, 0.35, progress=lambda done, total: calls.append((done, total)), **BAR)
    assert calls == [(1, 3), (2, 3), (3, 3)]
    for i, flux in enumerate(fluxes):
        single = hall_bar_resistances(flux, 0.35, **BAR)
        assert np.isclose(sweep.r_xy[i], single.r_xy, atol=1e-12, rtol=0)
        assert np.isclose(sweep.r_xx[i], single.r_xx, atol=1e-12, rtol=0)
        assert sweep.nu[i] == single.nu
    # fewer Landau levels below E_F as the field grows
    assert sweep.nu[0] > sweep.nu[1] > sweep.nu[2] == 1
    empty = hall_bar_sweep([], 0.35, **BAR)
    assert empty.r_xy.shape == (0,) and empty.nu.dtype.kind == "i"


def test_sweep_keeps_one_disorder_realization():
    kwargs = {"length": 30, "width": 12, "probe_width": 4, "disorder": 0.8}
    sweep = hall_bar_sweep([0.04, 0.04], 0.5, rng=np.random.default_rng(2), **kwargs)
    assert sweep.r_xy[0] == sweep.r_xy[1]
    single = hall_bar_resistances(0.04, 0.5, rng=np.random.default_rng(2), **kwargs)
    assert np.isclose(single.r_xy, sweep.r_xy[0], atol=1e-12, rtol=0)
    other = hall_bar_resistances(0.04, 0.5, rng=np.random.default_rng(3), **kwargs)
    assert abs(other.r_xx - single.r_xx) > 1e-6  # the seed matters


def test_input_errors_name_the_parameter():
    with pytest.raises(TypeError, match="`progress`"):
        hall_bar_sweep([0.01], 0.3, progress="yes", **BAR)
    with pytest.raises(ValueError, match="`fluxes`"):
        hall_bar_sweep([[0.01]], 0.3, **BAR)
    with pytest.raises(ValueError, match="`energy`.*no open channel"):
        hall_bar_resistances(0.03, 0.1, **BAR)  # below the lowest Landau level
    with pytest.raises(ValueError, match="`rng` is required"):
        hall_bar_resistances(0.03, 0.35, disorder=0.5, **BAR)
    with pytest.raises(ValueError, match="`potential`"):
        hall_bar_resistances(0.03, 0.35, potential=np.zeros((3, 3)), **BAR)
    with pytest.raises(ValueError, match="`flux`"):
        strip_bands(10, [0.1, 0.2], 0.0)
    with pytest.raises(ValueError, match="`width`"):
        edge_states(0, 0.1, 0.5)
    with pytest.raises(ValueError, match="`width` = 20000 is more than"):
        strip_bands(20_000, 0.1, 0.0)
    with pytest.raises(TypeError, match="`potential` must be a number"):
        hall_bar_resistances(0.03, 0.35, potential=None, **BAR)
    with pytest.raises(ValueError, match="cut off from the others.*`potential`"):
        hall_bar_resistances(0.03, 0.35, potential=1e9, **BAR)  # nothing crosses the bar
    with pytest.raises(TypeError, match="`fsys`"):
        site_current_density("bar", 0.5, 0)


@pytest.mark.parametrize(("flux", "edge"), [(0.03, "top"), (-0.03, "bottom")])
def test_injected_current_follows_one_edge(flux, edge):
    """On the nu = 1 plateau the current from the source runs along one edge (l_B = 2.3 sites)."""
    fsys = geometries.hall_bar(**BAR).finalized()
    j, channels = site_current_density(fsys, 0.35, 0, {"flux": flux})
    grid, origin = geometries.site_grid(fsys, j, fill=0.0)
    assert origin == (0, 0) and channels == 1
    column = grid[5, :, 0]  # between the source and the first pair of probes (x >= 11), bottom to top
    assert np.isclose(column.sum(), 1.0, atol=1e-10)  # one channel, all of it crosses
    assert np.isclose(grid[0, :, 0].sum(), 1.0, atol=1e-10)  # the first column too: the lead bond counts
    outer, inner = (column[::-1], column) if edge == "top" else (column, column[::-1])
    assert outer[:8].sum() > 0.999  # the edge half carries the current ...
    assert np.all(np.abs(inner[:5]) < 1e-6)  # ... and it decays like a Gaussian of width l_B


def test_site_current_density_is_conserved_and_fills_the_leads():
    """In a disordered strip every column carries T; the part inside is tb.current_density's."""
    from qtransport.tb import current_density

    fsys = geometries.wire_with_side_probes(9, 4, probe_centers=[], disorder=1.5,
                                            rng=np.random.default_rng(1)).finalized()
    for flux, energy in ((0.0, 0.8), (0.06, 1.4)):
        params = {"flux": flux}
        t = transmission(fsys, energy, params)
        j, n = site_current_density(fsys, energy, 0, params)
        grid, _ = geometries.site_grid(fsys, j, fill=0.0)
        assert n == t.channels[0]
        assert np.allclose(grid[..., 0].sum(axis=1), t.transmission[1, 0], atol=1e-10)
        inner = current_density(fsys, energy, 0, params)
        x = fsys.positions[:, 0]
        middle = (x > 0) & (x < 8)
        assert np.allclose(j[middle], inner[middle], atol=1e-12)
        assert np.abs(j[~middle] - inner[~middle]).max() > 0.01  # the lead bonds add to the end columns
    clean = geometries.wire_with_side_probes(9, 5, probe_centers=[]).finalized()  # in a field, as a lead
    j, n = site_current_density(clean, 2.0, 0, {"flux": 0.05})
    grid, _ = geometries.site_grid(clean, j, fill=0.0)
    assert n >= 2 and np.allclose(grid[..., 0].sum(axis=1), n, atol=1e-10)  # reflectionless
    assert np.allclose(grid[..., 1].sum(axis=1), 0.0, atol=1e-10)


@pytest.mark.parametrize("flux", [0.0275, -0.0275])
def test_sum_rules_hold_where_a_lead_mode_is_slow(flux):
    """At E = 0.5 the second Landau level of the 20-wide current leads is almost flat.

    Its propagating mode there has the velocity 8e-4 and the lead has eighteen evanescent
    solutions whose eigenvectors are nearly parallel (condition number of the eigenvector
    basis 6e6).  A self-energy built by inverting that basis was off by 1e-11 and broke the
    sum rules by 1e-9, above the 1e-10 tolerance of conductance_matrix, so the Hall bar sweep
    through this field failed.  With an orthonormal basis of the evanescent solutions (Schur
    vectors) the sum rules hold to round-off.
    """
    fsys = geometries.hall_bar(60, 20, probe_width=6).finalized()
    h_cell, h_hop = fsys.leads[0].hamiltonian({"flux": flux})
    modes = lead_modes(h_cell, h_hop, 0.5)
    assert modes.open_channels == 2 and modes.velocities.min() < 1e-3
    sigma = lead_self_energy(h_cell, h_hop, 0.5)
    dyson = h_hop.conj().T @ np.linalg.solve(0.5 * np.eye(20) - h_cell - sigma, h_hop)
    assert np.abs(dyson - sigma).max() < 1e-13
    t, channels = transmission(fsys, 0.5, {"flux": flux})
    assert list(channels) == [2, 1, 1, 2, 1, 1]
    assert np.abs(t.sum(axis=0) - channels).max() < 1e-11
    assert np.abs(t.sum(axis=1) - channels).max() < 1e-11
    sweep = hall_bar_sweep([flux], 0.5, length=60, width=20, probe_width=6)  # raised before
    assert sweep.nu[0] == 2 and np.all(np.isfinite(sweep.r_xy))


def test_the_flux_of_a_strip_is_a_single_number():
    with pytest.raises(ValueError, match=r"`flux` must be a single number, got an array of shape \(2,\)"):
        strip_hamiltonian(4, [0.1, 0.2], 0.0)
    with pytest.raises(TypeError, match="`potential` must be a single number, got the bool"):
        strip_hamiltonian(4, 0.1, 0.0, potential=True)
