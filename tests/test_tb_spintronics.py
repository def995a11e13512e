"""Lattice models with spin (chapter 9) against closed forms, independent routes and symmetries.

* spin valve: the lattice tunnel junction tends to Fermi's golden rule, hence to Julliere's
  angular law and TMR with the surface-density-of-states polarizations, with an error of order
  ``tau^2``; a perfect contact between identical unmagnetized chains transmits 2;
* two-current model: collinear layers conserve spin exactly, and the phase-averaged lattice
  valve equals :func:`qtransport.models.spin.two_current_resistance` built from the single-layer
  transmissions (a separate lattice calculation) plus the contact resistance;
* Rashba chain: the lead bands give ``k_+ - k_- = 2 arctan(alpha/t)`` at every energy, and the
  spin-resolved Datta-Das transmissions equal the gauge argument's ``T_0 cos^2(delta L)`` with
  ``T_0`` from a scalar transfer matrix;
* Rashba-Zeeman wire: lead bands against the closed form, ``T(E)`` against a count of the
  right-moving states, the half step ``2 -> 1`` in the helical gap;
* reciprocity: ``T_ij(B, M) = T_ji(-B, -M)`` to round-off, ``T_ij(0, M) != T_ji(0, M)`` clearly;
* antilocalization: the sign of the ensemble-averaged magnetoconductance flips with spin-orbit
  coupling (seeded ensemble, three standard errors).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from qtransport.models.spin import julliere_tmr, tunnel_conductance_angle, two_current_resistance
from qtransport.tb import lead_bands, smatrix, transmission
from qtransport.tb import spintronics as sp


def test_spin_matrices_and_axis():
    n = sp.spin_along(0.7, 0.3)
    assert np.allclose(n @ n, np.eye(2), atol=1e-14)
    assert np.allclose(np.linalg.eigvalsh(n), [-1, 1], atol=1e-14)
    assert np.allclose(sp.SIGMA_X @ sp.SIGMA_Y, 1j * sp.SIGMA_Z)
    assert np.allclose(sp.spin_along(0.0), sp.SIGMA_Z)


def test_surface_polarization_and_its_inverse():
    assert sp.surface_polarization(1.0, 0.0) == 0.0
    assert sp.surface_polarization(0.5, 0.8) == 1.0  # minority band starts at h = 0.8 > E
    hs = np.linspace(0.05, 0.95, 7)
    ps = [sp.surface_polarization(1.0, h) for h in hs]
    assert np.all(np.diff(ps) > 0)
    for h, p in zip(hs, ps, strict=True):
        assert sp.exchange_for_polarization(p, 1.0) == pytest.approx(h, abs=1e-10)
    # From the lattice: the surface density of states -Im g / pi of each spin of a semi-infinite chain.
    from qtransport.lattice.leads import lead_modes

    def surface_dos(shift):
        modes = lead_modes(np.array([[2.0 + shift]]), np.array([[-1.0]]), 1.0)
        g = np.linalg.inv(1.0 - 2.0 - shift - modes.self_energy(np.array([[-1.0]])))
        return -g[0, 0].imag / np.pi

    up, down = surface_dos(-0.4), surface_dos(0.4)
    assert sp.surface_polarization(1.0, 0.4) == pytest.approx((up - down) / (up + down), rel=1e-10)


@pytest.mark.parametrize(("h1", "h2"), [(0.6, 0.4), (0.3, 0.9)])
def test_tunnel_valve_tends_to_julliere(h1, h2):
    theta = np.linspace(0, np.pi, 7)
    errors = []
    for tau in (0.1, 0.03):
        lattice = sp.valve_transmission(theta, energy=1.0, exchange_left=h1, exchange_right=h2, coupling=tau)
        golden = sp.golden_rule_valve_transmission(theta, energy=1.0, exchange_left=h1, exchange_right=h2,
                                                   coupling=tau)
        errors.append(np.max(np.abs(lattice / golden - 1)))
        assert errors[-1] < 2 * tau**2  # next order of the tunnelling expansion
    assert errors[1] < errors[0] / 5  # it is the tau^2 correction
    p1, p2 = sp.surface_polarization(1.0, h1), sp.surface_polarization(1.0, h2)
    golden = sp.golden_rule_valve_transmission(theta, energy=1.0, exchange_left=h1, exchange_right=h2, coupling=0.1)
    mean = 0.5 * (golden[0] + golden[-1])
    assert np.allclose(golden, tunnel_conductance_angle(theta, p1=p1, p2=p2, g_average=mean), rtol=1e-12)
    g_p, g_ap = sp.valve_transmission([0.0, np.pi], energy=1.0, exchange_left=h1, exchange_right=h2,
                                      coupling=0.01)
    assert g_p / g_ap - 1 == pytest.approx(julliere_tmr(p1, p2), rel=1e-3)


def test_valve_spin_resolved_and_ballistic_limits():
    fsys = sp.tunnel_valve(exchange_left=0.0, exchange_right=0.0, coupling=1.0)
    s = smatrix(fsys, 1.0, {"theta": 0.7})
    assert np.allclose(s.s.conj().T @ s.s, np.eye(s.s.shape[0]), atol=1e-12)
    assert s.transmission(1, 0) == pytest.approx(2.0, abs=1e-12)
    # Half metal on the left (E below its minority band), right electrode reversed: nothing passes.
    t = sp.valve_transmission([0.0, np.pi], energy=0.5, exchange_left=0.8, exchange_right=0.8, coupling=1.0)
    assert t[1] < 1e-12 < t[0] <= 1.0 + 1e-12
    # G(theta) falls monotonically from parallel to antiparallel, and is even in theta.
    theta = np.linspace(0, np.pi, 9)
    g = sp.valve_transmission(theta, energy=1.0, exchange_left=0.5, exchange_right=0.5)
    assert np.all(np.diff(g) < 0)
    assert np.allclose(sp.valve_transmission(-theta, energy=1.0, exchange_left=0.5, exchange_right=0.5), g,
                       rtol=1e-12)


def test_phase_averaged_layers_follow_the_two_current_model():
    result = sp.phase_averaged_valve(exchange=1.6, layer_sites=2)
    assert result.spin_flip < 1e-20  # collinear magnetizations conserve spin
    t_maj, t_min = sp.layer_transmissions(energy=sp.VALVE_ENERGY, exchange=1.6, layer_sites=2)
    r, R = (1 - t_maj) / t_maj, (1 - t_min) / t_min  # four-probe resistances, units h/e^2
    assert R > 2 * r  # the minority spin tunnels through the layer
    # the contact resistance h/e^2 of each spin channel is a spin-independent layer
    expected_p = two_current_resistance([1.0, r, r], [1.0, R, R], [1, 1, 1])
    expected_ap = two_current_resistance([1.0, r, r], [1.0, R, R], [1, 1, -1])
    assert 1 / result.parallel.sum() == pytest.approx(expected_p, rel=1e-3)
    assert 1 / result.antiparallel.sum() == pytest.approx(expected_ap, rel=1e-3)
    assert result.antiparallel[0] == pytest.approx(result.antiparallel[1], rel=1e-10)  # by symmetry
    # Without phase averaging a single spacer is off: coherence matters.
    fsys = sp.layer_valve(exchange=1.6, layer_sites=2, spacer_sites=4, antiparallel=False)
    s = smatrix(fsys, sp.VALVE_ENERGY)
    single = s.transmission((1, 1), (0, 1)) + s.transmission((1, 0), (0, 0))
    assert abs(1 / single - expected_p) > 1e-2


def test_rashba_bands_give_the_precession_wavenumber():
    fsys = sp.rashba_chain(4)
    for alpha in (0.1, 0.4, 1.0):
        k = np.linspace(-np.pi, np.pi, 4001)
        bands = lead_bands(fsys, 0, k, {"alpha": 0.0})  # the normal leads
        assert np.allclose(bands[:, 0], 2 - 2 * np.cos(k), atol=1e-12)
        wire = sp.rashba_zeeman_wire()
        bands = lead_bands(wire, 0, k, {"alpha": alpha, "zeeman": 0.0})
        for energy in (0.5, 1.3, 2.6):
            # right movers: crossings with positive slope, located by interpolation
            crossings = []
            for b in bands.T:
                up = np.flatnonzero((b[:-1] < energy) & (b[1:] >= energy))
                crossings += [k[i] + (energy - b[i]) / (b[i + 1] - b[i]) * (k[i + 1] - k[i]) for i in up]
            assert len(crossings) == 2
            diff = abs(crossings[1] - crossings[0])
            assert diff == pytest.approx(sp.rashba_wavenumber_difference(alpha), abs=1e-5)


@pytest.mark.parametrize("length", [7, 25])
def test_datta_das_lattice_against_the_gauge_argument(length):
    alphas = np.linspace(0.0, 0.8, 9)
    lattice = sp.datta_das_transmission(alphas, length=length, energy=1.0)
    same, flip = sp.datta_das_closed_form(alphas, length=length, energy=1.0)
    assert np.allclose(lattice[:, 1, 1], same, atol=1e-10)
    assert np.allclose(lattice[:, 0, 1], flip, atol=1e-10)
    assert np.allclose(lattice[:, 0, 0], same, atol=1e-10)
    # small alpha: nearly no reflection, the precession angle is (k+ - k-) L
    small = alphas[1]
    angle = sp.rashba_wavenumber_difference(small) * length
    assert lattice[1, 1, 1] == pytest.approx(np.cos(angle / 2) ** 2, abs=1e-3)
    # ferromagnetic leads along x: the signal survives, with a reduced contrast
    ferro = sp.datta_das_transmission(alphas, length=length, energy=1.0, lead_exchange=0.4)
    assert np.all(ferro.sum(axis=1).sum(axis=1) <= 2 + 1e-10)


def test_rashba_zeeman_bands_and_the_half_step():
    k = np.linspace(-np.pi, np.pi, 101)
    wire = sp.rashba_zeeman_wire()
    for alpha, ez in ((0.3, 0.2), (0.6, 0.4), (0.0, 0.3)):
        params = {"alpha": alpha, "zeeman": ez}
        assert np.allclose(lead_bands(wire, 0, k, params), sp.rashba_zeeman_bands(k, alpha=alpha, zeeman=ez),
                           atol=1e-12)
        energies = np.array([-0.05, 0.05, 0.15, 0.7, 1.5, 3.0]) * (1 if alpha else 1) + 0.013
        T = transmission(wire, energies, params).transmission[:, 1, 0]
        assert np.allclose(T, sp.right_movers(energies, alpha=alpha, zeeman=ez), atol=1e-10)
    # inside the helical gap |E| < E_z a single channel: e^2/h, half of the 2 e^2/h just above
    T = transmission(wire, [0.0, 0.5], {"alpha": 0.5, "zeeman": 0.2}).transmission[:, 1, 0]
    assert np.allclose(T, [1.0, 2.0], atol=1e-10)


def test_helical_scan_counts_right_movers():
    energies = np.linspace(-0.7, 1.2, 20) + 0.0071  # off the band edges of the grid below
    scan = sp.helical_conductance_scan(energies, alphas=[0.3, 0.7], zeemans=[0.0, 0.25])
    for i, a in enumerate([0.3, 0.7]):
        for j, z in enumerate([0.0, 0.25]):
            assert np.allclose(scan[i, j], sp.right_movers(energies, alpha=a, zeeman=z), atol=1e-10)
    assert np.any(np.isclose(scan[0, 1], 1.0)) and not np.any(np.isclose(scan[0, 0], 1.0))


def test_reciprocity_scan_pairs_b_m_with_minus_b_minus_m():
    fsys = sp.magnetized_cross(8, 2)
    fluxes, exchanges = np.array([-0.03, 0.0, 0.03]), np.array([-0.8, 0.0, 0.8])
    scan = sp.reciprocity_scan(fsys, fluxes, exchanges, energy=1.0, alpha=0.4)
    assert np.allclose(scan, np.swapaxes(scan[::-1, ::-1], -1, -2), atol=1e-10)


def test_reciprocity_with_spin_on_a_magnetized_cross():
    fsys = sp.magnetized_cross(10, 4)
    kw = {"energy": 1.0, "alpha": 0.3}
    forward = sp.cross_transmissions(fsys, flux=0.02, exchange=1.0, **kw).transmission
    reverse = sp.cross_transmissions(fsys, flux=-0.02, exchange=-1.0, **kw).transmission
    assert np.allclose(forward, reverse.T, atol=1e-10)
    fixed_m = sp.cross_transmissions(fsys, flux=0.0, exchange=1.0, **kw).transmission
    assert np.max(np.abs(fixed_m - fixed_m.T)) > 0.05  # non-reciprocal at B = 0
    # without the magnetization, B = 0 is time-reversal symmetric again
    plain = sp.cross_transmissions(fsys, flux=0.0, exchange=0.0, **kw).transmission
    assert np.allclose(plain, plain.T, atol=1e-10)
    # and without spin-orbit coupling the exchange field alone cannot break reciprocity
    no_soc = sp.cross_transmissions(fsys, flux=0.0, exchange=1.0, energy=1.0, alpha=0.0).transmission
    assert np.allclose(no_soc, no_soc.T, atol=1e-10)
    # sum rules: rows and columns add up to the open channels
    channels = sp.cross_transmissions(fsys, flux=0.02, exchange=0.5, **kw).channels
    assert np.allclose(forward.sum(axis=0), channels, atol=1e-10)
    assert np.allclose(forward.sum(axis=1), channels, atol=1e-10)


def test_antilocalization_sign_flip():
    # Seeded: 20 strips of 30 x 8 sites, 10 energies each, three flux quanta through the strip.
    result = sp.magnetoconductance_ensemble(
        30, 8, [0.0, 3.0], alphas=[0.0, 0.4], disorder=2.0, energies=np.linspace(0.8, 1.6, 10),
        realizations=20, rng=np.random.default_rng(4),
    )
    assert result.transmissions.shape == (2, 20, 2, 10)
    (_, rise), (_, drop) = result.change
    (_, rise_err), (_, drop_err) = result.sem_change
    assert rise > 3 * rise_err  # weak localization: the field raises G
    assert drop < -3 * drop_err  # antilocalization: the field lowers G
    assert np.all(result.change[:, 0] == 0)


FSYS = sp.magnetized_cross(6, 2)
VALID = [
    (sp.spin_along, {"theta": 0.3, "phi": 0.1}),
    (sp.surface_polarization, {"energy": 1.0, "exchange": 0.4}),
    (sp.exchange_for_polarization, {"polarization": 0.3, "energy": 1.0}),
    (sp.golden_rule_valve_transmission, {"theta": 0.3, "energy": 1.0, "exchange_left": 0.4,
                                         "exchange_right": 0.2, "coupling": 0.1}),
    (sp.tunnel_valve, {"exchange_left": 0.4, "exchange_right": 0.2, "coupling": 0.5}),
    (sp.valve_transmission, {"theta": 0.3, "energy": 1.0, "exchange_left": 0.4, "exchange_right": 0.2,
                             "coupling": 0.5}),
    (sp.layer_valve, {"exchange": 1.0, "layer_sites": 2, "spacer_sites": 3, "antiparallel": True}),
    (sp.layer_transmissions, {"energy": 1.0, "exchange": 1.0, "layer_sites": 2}),
    (sp.phase_averaged_valve, {"exchange": 1.0, "layer_sites": 1, "energy": 1.4, "first_spacer": 2}),
    (sp.rashba_wavenumber_difference, {"alpha": 0.3, "t": 1.0}),
    (sp.rashba_chain, {"length": 5, "lead_axis": "x", "lead_exchange": 0.2}),
    (sp.datta_das_transmission, {"alphas": [0.1], "length": 5, "energy": 1.0, "lead_exchange": 0.0}),
    (sp.datta_das_closed_form, {"alpha": 0.2, "length": 5, "energy": 1.0}),
    (sp.rashba_zeeman_bands, {"k": 0.3, "alpha": 0.3, "zeeman": 0.2}),
    (sp.right_movers, {"energy": 0.1, "alpha": 0.3, "zeeman": 0.2, "samples": 101}),
    (sp.rashba_zeeman_wire, {"length": 2}),
    (sp.helical_conductance_scan, {"energies": [0.1], "alphas": [0.3], "zeemans": [0.2]}),
    (sp.magnetized_cross, {"size": 6, "arm_width": 2}),
    (sp.reciprocity_scan, {"fsys": FSYS, "fluxes": [0.01], "exchanges": [0.3], "energy": 1.0, "alpha": 0.2}),
    (sp.cross_transmissions, {"fsys": FSYS, "energy": 1.0, "flux": 0.01, "exchange": 0.3, "alpha": 0.2}),
    (sp.rashba_strip, {"length": 3, "width": 2}),
    (sp.magnetoconductance_ensemble, {"length": 3, "width": 2, "fluxes": [0.0, 1.0], "alphas": [0.0],
                                      "disorder": 1.0, "energies": [1.0], "realizations": 2,
                                      "rng": np.random.default_rng(0)}),
]
BAD = {"None": None, "text": "abc", "texts": ["a", "b"], "nan": np.nan, "inf": np.inf}


def test_every_public_function_has_a_valid_call():
    public = {n for n in sp.__all__ if callable(getattr(sp, n)) and not isinstance(getattr(sp, n), type)}
    assert public == {f.__name__ for f, _ in VALID}
    for func, kwargs in VALID:
        func(**kwargs)


@pytest.mark.parametrize(
    ("func", "kwargs", "name", "bad"),
    [pytest.param(f, kw, n, b, id=f"{f.__name__}-{n}-{label}") for f, kw in VALID for n in kw
     for label, b in BAD.items()],
)
def test_bad_values_are_refused_naming_the_argument(func, kwargs, name, bad):
    with pytest.raises((ValueError, TypeError)) as info:
        func(**{**kwargs, name: bad})
    assert re.search(rf"`{name}(\[\d+\])?`", str(info.value)), str(info.value)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: sp.surface_polarization(5.0, 0.2), "`energy`"),
        (lambda: sp.surface_polarization(1.0, -0.2), "`exchange` must be >= 0"),
        (lambda: sp.exchange_for_polarization(1.0, 1.0), "`polarization` must lie in"),
        (lambda: sp.tunnel_valve(exchange_left=0.1, exchange_right=0.1, coupling=0.0), "`coupling` must be > 0"),
        (lambda: sp.rashba_chain(0), "`length` must be >= 1"),
        (lambda: sp.rashba_chain(3, lead_axis="w"), "`lead_axis`"),
        (lambda: sp.magnetized_cross(6, 5), "`arm_width`"),
        (lambda: sp.datta_das_closed_form(0.1, length=4, energy=4.5), "`energy`"),
        (lambda: sp.magnetoconductance_ensemble(3, 2, [], alphas=[0.0], disorder=1.0, energies=[1.0],
                                                realizations=2, rng=np.random.default_rng(0)), "`fluxes`"),
    ],
)
def test_physically_wrong_input_is_refused(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_datta_das_closed_form_at_any_length():
    # an independent route at a length where a loop over the sites would still do: the lattice itself
    alphas = np.array([0.05, 0.3, 0.9])
    length = 600
    lattice = sp.datta_das_transmission(alphas, length=length, energy=2.7)
    same, flip = sp.datta_das_closed_form(alphas, length=length, energy=2.7)
    assert np.allclose(lattice[:, 1, 1], same, atol=1e-10) and np.allclose(lattice[:, 0, 1], flip, atol=1e-10)
    # the length costs nothing, and current is conserved to rounding at every length
    import time

    start = time.process_time()
    for n in (10**6 + 3, 10**12, 2**62):
        same, flip = sp.datta_das_closed_form(np.linspace(-2, 2, 41), length=n, energy=0.01)
        assert np.all(same >= 0) and np.all(flip >= 0) and np.all(same + flip <= 1 + 1e-12)
    assert time.process_time() - start < 0.5
    with pytest.raises(ValueError, match="`length` = 1180591620717411303424 is beyond the 64-bit integers"):
        sp.datta_das_closed_form(0.1, length=2**70, energy=1.0)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: sp.rashba_chain(10**12), "length"),
        (lambda: sp.rashba_strip(10**6, 10), "length"),
        (lambda: sp.magnetized_cross(10**4), "size"),
        (lambda: sp.layer_valve(exchange=1.0, layer_sites=2, spacer_sites=10**12, antiparallel=False), "spacer_sites"),
        (lambda: sp.phase_averaged_valve(exchange=1.0, layer_sites=1, first_spacer=10**12), "first_spacer"),
        (lambda: sp.rashba_zeeman_wire(10**12), "length"),
        (lambda: sp.magnetoconductance_ensemble(3, 2, [0.0, 1.0], alphas=[0.0], disorder=1.0, energies=[1.0],
                                                realizations=10**12, rng=np.random.default_rng(0)), "realizations"),
        (lambda: sp.right_movers(0.1, alpha=0.3, zeeman=0.2, samples=10**12), "samples"),
    ],
)
def test_sizes_that_cannot_fit_are_refused_before_anything_is_built(call, name):
    with pytest.raises(ValueError, match=rf"`{name}` = \d+ (makes|would need) .* available"):
        call()


def test_progress_and_rng_are_checked_before_the_work():
    for call in (lambda p: sp.datta_das_transmission([0.1], length=3, energy=1.0, progress=p),
                 lambda p: sp.helical_conductance_scan([0.1], alphas=[0.3], zeemans=[0.2], progress=p),
                 lambda p: sp.reciprocity_scan(sp.magnetized_cross(6, 2), [0.01], [0.3], energy=1.0, alpha=0.2,
                                               progress=p)):
        with pytest.raises(TypeError, match=r"`progress` must be a function progress\(done, total\) or None"):
            call("abc")
        seen = []
        call(lambda done, total, seen=seen: seen.append((done, total)))
        assert seen[-1][0] == seen[-1][1]
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        sp.magnetoconductance_ensemble(3, 2, [0.0], alphas=[0.0], disorder=1.0, energies=[1.0], realizations=2,
                                       rng=np.random.RandomState(0))


def test_angles_must_be_single_numbers():
    with pytest.raises(ValueError, match=r"`theta` must be a single number, got an array of shape \(2,\)"):
        sp.spin_along([0.1, 0.2])
    with pytest.raises(TypeError, match="`phi` must be a single number, got the bool"):
        sp.spin_along(0.1, True)
