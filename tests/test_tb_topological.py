"""Graphene and topological insulators on the lattice (qtransport.tb.topological).

Each check sets a lattice calculation against something computed another
way: the closed-form bands of graphene and of its ribbons
(qtransport.models.dirac), the Dirac formula for Klein tunnelling, the
skyrmion number of the QWZ d-vector integrated on a fine grid, Laughlin's
Wannier-centre winding, the transport solver's own mode count, and the ideal
helical-edge network of qtransport.models.helical.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.models import dirac, helical
from qtransport.tb import smatrix, transmission
from qtransport.tb import topological as top

# --------------------------------------------------------------------------- graphene


def test_graphene_bands_closed_form_matches_the_bloch_hamiltonian():
    k = np.random.default_rng(0).normal(scale=3.0, size=(50, 2))
    model = top.graphene_model(hopping=1.3)
    assert np.allclose(top.bulk_bands(model, k), top.graphene_bands(k, hopping=1.3), atol=1e-12)
    # periodic gauge: H(k + G) = H(k)
    b = 2 * np.pi * np.linalg.inv(model.lattice.vectors).T
    assert np.allclose(top.bloch_hamiltonian(model, k + b[0]), top.bloch_hamiltonian(model, k), atol=1e-12)


def test_dirac_cones_at_K_and_K_prime_with_the_fermi_velocity_3ta_over_2hbar():
    model = top.graphene_model()
    from qtransport.constants import e, hbar

    # v_F in lattice units: fermi_velocity(t = 1 eV, a = 1 m) * hbar / (e * 1 m)
    expected = float(dirac.fermi_velocity(1.0, 1.0)) * hbar / e
    assert expected == pytest.approx(1.5, rel=1e-12)
    q = 1e-5
    for K in top.dirac_points():
        assert np.allclose(top.bulk_bands(model, K), 0.0, atol=1e-12)
        for angle in np.linspace(0, 2 * np.pi, 7):
            d = q * np.array([np.cos(angle), np.sin(angle)])
            assert top.bulk_bands(model, K + d)[1] / q == pytest.approx(expected, rel=1e-4)  # isotropic cone
    # the Gamma point is no Dirac point
    assert top.bulk_bands(model, [0.0, 0.0])[1] == pytest.approx(3.0)


@pytest.mark.parametrize("n", [4, 7])
def test_ribbon_bands_match_the_closed_forms(n):
    k = np.linspace(-np.pi, np.pi, 41)
    zz = top.ribbon_bands("zigzag", n, k)
    assert np.allclose(np.sort(np.abs(zz), axis=1)[:, ::2], dirac.zigzag_bands(k, n_chains=n, hopping=1.0),
                       atol=1e-9)
    ac = top.ribbon_bands("armchair", n, k)
    assert np.allclose(np.sort(np.abs(ac), axis=1)[:, ::2], dirac.armchair_bands(k, n_dimers=n, hopping=1.0),
                       atol=1e-9)


def test_zigzag_edge_band_is_flat_between_the_dirac_points():
    n = 10
    k = np.linspace(2 * np.pi / 3 + 0.35, np.pi, 30)
    lowest = np.min(np.abs(top.ribbon_bands("zigzag", n, k)), axis=1)
    assert np.all(lowest < 2e-2)
    assert lowest[-1] < 1e-12  # exactly zero at the zone boundary
    # away from that window the lowest band is far from zero
    assert np.min(np.abs(top.ribbon_bands("zigzag", n, [0.0]))) > 0.5


@pytest.mark.parametrize("n", [4, 5, 6, 7, 8, 9, 10, 11])
def test_armchair_ribbon_metallic_iff_3m_plus_2(n):
    k = np.linspace(-np.pi, np.pi, 2001)
    gap = np.min(np.abs(top.ribbon_bands("armchair", n, k)))
    assert (gap < 1e-9) == dirac.armchair_is_metallic(n) == (n % 3 == 2)
    if n % 3 != 2:
        assert 2 * gap == pytest.approx(2 * dirac.armchair_subband_edges(n, hopping=1.0)[0], rel=1e-9)


def test_ribbon_mode_count_is_the_transmission_of_the_engine():
    energies = np.array([0.07, 0.33, 0.61, 0.83])
    for flux in (0.0, 0.025):
        fsys = top.zigzag_ribbon_in_field(12, 2).finalized()
        t = transmission(fsys, energies, {"flux": flux}).transmission[:, 1, 0]
        assert np.allclose(t, top.ribbon_open_channels("zigzag", 12, energies, flux=flux), atol=1e-8)
    # at zero field also the closed form
    e = np.linspace(0.02, 2.5, 97)
    assert np.array_equal(top.ribbon_open_channels("zigzag", 6, e), dirac.zigzag_open_channels(e, n_chains=6,
                                                                                                hopping=1.0))
    assert np.array_equal(top.ribbon_open_channels("armchair", 9, e),
                          dirac.armchair_open_channels(e, n_dimers=9, hopping=1.0))


def test_half_integer_quantum_hall_sequence_1_3_5_on_a_ribbon():
    flux, n = 0.02, 20
    levels = top.graphene_landau_levels(np.arange(0, 4), flux=flux)
    middles = [levels[1] / 2, (levels[1] + levels[2]) / 2, (levels[2] + levels[3]) / 2]
    fsys = top.zigzag_ribbon_in_field(n, 2).finalized()
    t = transmission(fsys, np.array(middles), {"flux": flux}).transmission[:, 1, 0]
    assert np.allclose(t, [1, 3, 5], atol=1e-8)
    assert np.array_equal(top.half_integer_plateau(np.array(middles), flux=flux), [1, 3, 5])
    # with spin: sigma_xy = 4 (N + 1/2) e^2/h, N = 0, 1, 2
    assert np.allclose(2 * top.half_integer_plateau(np.array(middles), flux=flux), 4 * (np.arange(3) + 0.5))
    # the lattice Landau levels (flat bands of the ribbon) against the Dirac formula
    bulk = np.sort(np.abs(top.ribbon_bands("zigzag", n, [-np.pi / 2], flux=flux)[0]))
    flat = np.unique(np.round(bulk[bulk > 0.05], 6))[:2]
    assert flat[0] == pytest.approx(levels[1], rel=0.03)
    assert flat[1] == pytest.approx(levels[2], rel=0.05)
    assert graphene_sqrt_law(levels)


def graphene_sqrt_law(levels):
    """E_n / E_1 = sqrt(n), the fingerprint of Dirac Landau levels."""
    return np.allclose(levels[1:] / levels[1], np.sqrt(np.arange(1, len(levels))), rtol=1e-12)


def test_landau_levels_scale_as_sqrt_of_field():
    assert top.graphene_landau_levels(2, flux=0.04) == pytest.approx(
        np.sqrt(2) * top.graphene_landau_levels(2, flux=0.02), rel=1e-12
    )
    assert top.graphene_landau_levels(-1, flux=0.02) == -top.graphene_landau_levels(1, flux=0.02)
    assert top.graphene_landau_levels(0, flux=0.02) == 0.0


# --------------------------------------------------------------------------- Klein tunnelling


def test_klein_tunnelling_on_the_lattice_tends_to_the_dirac_formula():
    phi = np.linspace(-1.1, 1.1, 9)
    errors = []
    for scale in (0.5, 0.25):
        energy, height, width = 0.1 * scale, 0.3 * scale, 30 / scale  # p-n-p: E < V0
        lattice = top.klein_transmission(phi, energy=energy, height=height, width=width)
        dirac_t = dirac.dirac_barrier_transmission(phi, energy=energy, height=height, width=width / top.HBAR_VF)
        errors.append(np.max(np.abs(lattice - dirac_t)))
        assert lattice[4] > 0.995  # normal incidence: Klein
    assert errors[1] < 0.04
    assert errors[1] < 0.6 * errors[0]  # lattice corrections fall with the energy


def test_klein_barrier_of_zero_height_is_transparent():
    t = top.klein_transmission([-0.8, 0.0, 0.5], energy=0.05, height=0.0, width=30.0)
    assert np.allclose(t, 1.0, atol=1e-10)


# --------------------------------------------------------------------------- Chern numbers


def skyrmion_number(mass, n=240):
    """(1/4 pi) integral of d.(d_x d x d_y d)/|d|^3 for the QWZ d-vector, on a fine grid (another route)."""
    k = np.arange(n) * 2 * np.pi / n
    kx, ky = np.meshgrid(k, k, indexing="ij")
    d = np.stack([np.sin(kx), np.sin(ky), mass + np.cos(kx) + np.cos(ky)])
    dx = np.stack([np.cos(kx), 0 * kx, -np.sin(kx)])
    dy = np.stack([0 * kx, np.cos(ky), -np.sin(ky)])
    density = np.einsum("i...,i...->...", d, np.cross(dx, dy, axis=0)) / np.linalg.norm(d, axis=0) ** 3
    return density.sum() * (2 * np.pi / n) ** 2 / (4 * np.pi)


@pytest.mark.parametrize("mass", [-3.0, -1.5, -0.5, 0.5, 1.0, 1.9, 2.5])
def test_qwz_chern_number_fhs_equals_the_skyrmion_number(mass):
    c = top.chern_number(top.qwz_model(mass=mass), occupied=1)
    assert c == pytest.approx(skyrmion_number(mass), abs=1e-3)
    expected = 0 if abs(mass) > 2 else -int(np.sign(mass))
    assert c == expected
    # grid independent, once the grid resolves the Berry curvature (which peaks as the gap closes)
    for n_k in ((9, 60) if abs(abs(mass) - 2) > 0.3 else (40, 60)):
        assert top.chern_number(top.qwz_model(mass=mass), occupied=1, n_k=n_k) == c


def test_wannier_centres_wind_by_minus_the_chern_number():
    ky = np.linspace(0, 2 * np.pi, 61)
    for mass in (1.0, -1.0, 3.0):
        model = top.qwz_model(mass=mass)
        centres = top.hybrid_wannier_centres(model, ky, occupied=1)
        assert centres[-1] - centres[0] == pytest.approx(-top.chern_number(model, occupied=1), abs=1e-9)


def test_bhz_has_opposite_spin_chern_numbers_and_time_reversal_symmetry():
    model = top.bhz_model(mass=1.0)
    assert top.chern_number(model, occupied=2) == 0
    k = np.random.default_rng(1).normal(size=(20, 2))
    h = top.bloch_hamiltonian(model, k)
    up, down = h[:, :2, :2], h[:, 2:, 2:]
    qwz = top.bloch_hamiltonian(top.qwz_model(mass=1.0), k)
    assert np.allclose(up, qwz) and np.allclose(down, top.bloch_hamiltonian(top.qwz_model(mass=1.0), -k).conj())
    theta = np.kron(top.SY, top.S0)  # Theta = i s_y K: s_y H(-k)^* s_y = H(k)
    h_minus = top.bloch_hamiltonian(model, -k)
    assert np.allclose(theta @ h_minus.conj() @ theta, h, atol=1e-12)
    magnetic = top.bhz_model(mass=1.0, zeeman=0.2)
    hm, hm_minus = top.bloch_hamiltonian(magnetic, k), top.bloch_hamiltonian(magnetic, -k)
    assert not np.allclose(theta @ hm_minus.conj() @ theta, hm, atol=1e-3)


def test_chern_number_refuses_a_closed_gap():
    with pytest.raises(ValueError, match="gap closes"):
        top.chern_number(top.qwz_model(mass=2.0), occupied=1, n_k=20)
    with pytest.raises(ValueError, match="`occupied`"):
        top.chern_number(top.qwz_model(mass=1.0), occupied=2)


# --------------------------------------------------------------------------- edges and transport


@pytest.mark.parametrize("mass", [1.0, -1.0, 3.0])
def test_qwz_ribbon_transmits_abs_chern_in_the_gap(mass):
    fsys = top.qwz_ribbon(10, 8).finalized()
    c = top.chern_number(top.qwz_model(mass=mass), occupied=1)
    t = transmission(fsys, 0.2, top.clean_params(fsys, mass=mass)).transmission[1, 0]
    assert t == pytest.approx(abs(c), abs=1e-8)


def test_qwz_edge_state_changes_edge_with_the_sign_of_the_chern_number():
    fsys = top.qwz_ribbon(10, 8).finalized()
    y = fsys.positions[:, 1]
    sides = []
    for mass in (1.0, -1.0):
        density = top.edge_density(fsys, 0.2, top.clean_params(fsys, mass=mass))
        low, high = density[y < 3].sum(), density[y > 6].sum()
        assert max(low, high) > 100 * min(low, high)  # on one edge only
        sides.append(low > high)
    assert sides[0] != sides[1]


def test_chern_edge_survives_weak_disorder_and_fails_when_disorder_closes_the_gap():
    fsys = top.qwz_ribbon(10, 20).finalized()
    t = top.disorder_ensemble(fsys, 0.2, [1.0, 2.0, 10.0], mass=1.0, realizations=4, rng=np.random.default_rng(3))
    assert np.allclose(t[:2], 1.0, atol=1e-4)
    assert t[2].mean() < 0.2


def test_disorder_scan_repeats_the_ensemble_and_its_density_is_the_scattering_state():
    fsys = top.qwz_ribbon(8, 10).finalized()
    strengths = [0.0, 3.0, 7.0]
    scan = top.disorder_scan(fsys, 0.2, strengths, mass=1.0, realizations=2, rng=np.random.default_rng(8))
    ens = top.disorder_ensemble(fsys, 0.2, strengths, mass=1.0, realizations=2, rng=np.random.default_rng(8))
    assert np.allclose(scan.transmissions, ens, atol=1e-12)
    # the density of the first sample at W = 0 is that of the clean ribbon
    assert np.all(scan.densities >= 0) and scan.densities.shape == (3, fsys.n_sites)
    clean = top.edge_density(fsys, 0.2, top.clean_params(fsys, mass=1.0))
    assert np.allclose(scan.densities[0], clean, atol=1e-12)
    hbar = top.bhz_hbar(arm_width=3, length=10, height=8, notch=2).finalized()
    many = top.disorder_scan(hbar, 0.1, [0.0], mass=1.0, realizations=1, rng=np.random.default_rng(0))
    assert many.transmissions.shape == (1, 1, 4, 4)


def test_quantum_spin_hall_two_helical_channels_protected_by_time_reversal():
    fsys = top.bhz_ribbon(10, 20).finalized()
    clean = top.clean_params(fsys, mass=1.0)
    s = smatrix(fsys, 0.05, clean)
    assert s.transmission(1, 0) == pytest.approx(2.0, abs=1e-8)
    assert s.transmission((1, 0), (0, 0)) == pytest.approx(1.0, abs=1e-8)  # spin down
    assert s.transmission((1, 1), (0, 1)) == pytest.approx(1.0, abs=1e-8)  # spin up
    # disorder that mixes the spins but keeps time reversal: still T = 2, though the spins are rotated
    rng = np.random.default_rng(5)
    params = {**clean, "disorder": 1.5 * (rng.random(fsys.n_sites) - 0.5),
              "spin_orbit": 1.5 * (rng.random(fsys.n_sites) - 0.5)}
    s = smatrix(fsys, 0.05, params)
    assert s.transmission(1, 0) == pytest.approx(2.0, abs=1e-4)
    # inside, the spin-down electron has acquired a spin-up part, yet nothing is reflected
    from qtransport.tb import wave_functions

    down_in = wave_functions(fsys, 0.05, 0, params).psi[0].reshape(fsys.n_sites, 4)
    assert np.sum(np.abs(down_in[:, :2]) ** 2) > 1e-2 * np.sum(np.abs(down_in) ** 2)
    t = top.disorder_ensemble(fsys, 0.05, [1.0], mass=1.0, realizations=3, rng=rng, spin_orbit=1.0)
    assert np.allclose(t, 2.0, atol=1e-4)
    # a Zeeman field opens a gap in the edge spectrum: transmission falls
    assert transmission(fsys, 0.05, {**clean, "zeeman": 0.3}).transmission[1, 0] < 0.05


def test_hbar_on_the_lattice_is_the_ideal_helical_network():
    fsys = top.bhz_hbar().finalized()
    tm = transmission(fsys, 0.1, top.clean_params(fsys, mass=1.0))
    assert np.array_equal(tm.channels, [2, 2, 2, 2])
    off = ~np.eye(4, dtype=bool)
    assert np.allclose(tm.transmission[off], helical.helical_edge_transmissions(4)[off], atol=1e-4)
    r = top.nonlocal_resistances(tm.transmission)
    assert r["R14,23"] == pytest.approx(helical.helical_four_terminal_resistance(4, 0, 3, 1, 2, unit="e^2/h"),
                                        abs=1e-4)
    assert r["R14,14"] == pytest.approx(0.75, abs=1e-4)
    assert r["R12,43"] == pytest.approx(helical.helical_four_terminal_resistance(4, 0, 1, 3, 2, unit="e^2/h"),
                                        abs=1e-4)
    assert abs(r["R13,24"]) < 1e-4
    # a Zeeman field breaks the helical edges: the non-local resistance leaves h/4e^2
    broken = transmission(fsys, 0.1, top.clean_params(fsys, mass=1.0, zeeman=0.4)).transmission
    assert abs(top.nonlocal_resistances(broken)["R14,23"] - 0.25) > 0.05


def test_nonlocal_resistances_of_the_ideal_network():
    r = top.nonlocal_resistances(helical.helical_edge_transmissions(4))
    assert r["R14,23"] == pytest.approx(0.25, abs=1e-12)
    assert r["R14,14"] == pytest.approx(helical.helical_ring_resistance(0, 2, unit="h/e^2"), abs=1e-12)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: top.qwz_model(mass=np.nan), ValueError, "`mass`"),
        (lambda: top.bhz_model(mass=1.0, zeeman="x"), TypeError, "`zeeman`"),
        (lambda: top.graphene_model(hopping=-1.0), ValueError, "`hopping`"),
        (lambda: top.bloch_hamiltonian("graphene", [0, 0]), TypeError, "`model`"),
        (lambda: top.bulk_bands(top.graphene_model(), [0.0, 0.0, 0.0]), ValueError, "`k`"),
        (lambda: top.chern_number(top.qwz_model(mass=1.0), occupied=1, n_k=2), ValueError, "`n_k`"),
        (lambda: top.hybrid_wannier_centres(top.qwz_model(mass=1.0), [[0.0]], occupied=1), ValueError, "`ky`"),
        (lambda: top.ribbon_bands("chiral", 4, [0.0]), ValueError, "`kind`"),
        (lambda: top.ribbon_bands("armchair", 4, [0.0], flux=0.1), ValueError, "`flux`"),
        (lambda: top.ribbon_open_channels("zigzag", 4.5, [0.1]), TypeError, "`width`"),
        (lambda: top.graphene_landau_levels(1.5, flux=0.02), ValueError, "`n`"),
        (lambda: top.graphene_landau_levels(1, flux=0.0), ValueError, "`flux`"),
        (lambda: top.half_integer_plateau(np.inf, flux=0.02), ValueError, "`energy`"),
        (lambda: top.klein_transmission(1.6, energy=0.1, height=0.3, width=10.0), ValueError, "`phi`"),
        (lambda: top.klein_transmission(0.1, energy=-0.1, height=0.3, width=10.0), ValueError, "`energy`"),
        (lambda: top.klein_system(0, barrier_start=0.0, barrier_width=1.0), ValueError, "`length`"),
        (lambda: top.qwz_ribbon(1, 4), ValueError, "`width`"),
        (lambda: top.bhz_ribbon(4, None), TypeError, "`length`"),
        (lambda: top.bhz_hbar(notch=9), ValueError, "`notch`"),
        (lambda: top.clean_params("fsys", mass=1.0), TypeError, "`fsys`"),
        (lambda: top.edge_density(top.qwz_ribbon(4, 2).finalized(), 0.1, None), TypeError, "`params`"),
        (lambda: top.disorder_ensemble(top.qwz_ribbon(4, 2).finalized(), 0.1, [-1.0], mass=1.0, realizations=2,
                                       rng=np.random.default_rng(0)), ValueError, "`strengths`"),
        (lambda: top.disorder_ensemble(top.qwz_ribbon(4, 2).finalized(), 0.1, [1.0], mass=1.0, realizations=2,
                                       rng=1), TypeError, "`rng`"),
        (lambda: top.nonlocal_resistances(np.ones((3, 3))), ValueError, "`transmissions`"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


GENERIC_BAD = {"None": None, "text": "abc", "texts": ["a", "b"], "nan": np.nan, "inf": np.inf}
QWZ_SMALL = top.qwz_ribbon(4, 2).finalized()
VALID = [
    (top.graphene_model, {"hopping": 1.0}),
    (top.qwz_model, {"mass": 1.0}),
    (top.bhz_model, {"mass": 1.0, "zeeman": 0.1}),
    (top.bloch_hamiltonian, {"model": top.qwz_model(mass=1.0), "k": [0.1, 0.2]}),
    (top.bulk_bands, {"model": top.qwz_model(mass=1.0), "k": [0.1, 0.2]}),
    (top.graphene_bands, {"k": [0.1, 0.2], "hopping": 1.0}),
    (top.chern_number, {"model": top.qwz_model(mass=1.0), "occupied": 1, "n_k": 8}),
    (top.hybrid_wannier_centres, {"model": top.qwz_model(mass=1.0), "ky": [0.0, 1.0], "occupied": 1, "n_k": 8}),
    (top.ribbon_bands, {"kind": "zigzag", "width": 4, "momenta": [0.0, 1.0], "flux": 0.0}),
    (top.ribbon_open_channels, {"kind": "zigzag", "width": 4, "energies": [0.1], "flux": 0.0, "n_k": 201}),
    (top.graphene_landau_levels, {"n": 1, "flux": 0.02, "hopping": 1.0}),
    (top.half_integer_plateau, {"energy": 0.3, "flux": 0.02, "hopping": 1.0}),
    (top.zigzag_ribbon_in_field, {"n_chains": 4, "length": 2}),
    (top.klein_system, {"length": 4, "barrier_start": 3.0, "barrier_width": 3.0, "hopping": 1.0}),
    (top.klein_transmission, {"phi": 0.2, "energy": 0.1, "height": 0.3, "width": 6.0, "hopping": 1.0}),
    (top.qwz_ribbon, {"width": 4, "length": 2}),
    (top.bhz_ribbon, {"width": 4, "length": 2}),
    (top.bhz_hbar, {"arm_width": 3, "length": 10, "height": 8, "notch": 2}),
    (top.clean_params, {"fsys": QWZ_SMALL, "mass": 1.0, "zeeman": 0.0}),
    (top.disorder_ensemble, {"fsys": QWZ_SMALL, "energy": 0.2, "strengths": [1.0], "mass": 1.0,
                             "realizations": 1, "rng": np.random.default_rng(0), "zeeman": 0.0,
                             "spin_orbit": 0.0, "lead_out": 1, "lead_in": 0}),
    (top.disorder_scan, {"fsys": QWZ_SMALL, "energy": 0.2, "strengths": [1.0], "mass": 1.0, "realizations": 1,
                         "rng": np.random.default_rng(0), "zeeman": 0.0, "spin_orbit": 0.0}),
    (top.edge_density, {"fsys": QWZ_SMALL, "energy": 0.2, "params": top.clean_params(QWZ_SMALL, mass=1.0),
                        "lead": 0}),
    (top.nonlocal_resistances, {"transmissions": helical.helical_edge_transmissions(4)}),
]


@pytest.mark.parametrize(
    "func, kwargs, name, bad",
    [pytest.param(f, kw, n, b, id=f"{f.__name__}-{n}-{label}") for f, kw in VALID for n in kw
     for label, b in GENERIC_BAD.items()],
)
def test_generic_bad_values_are_refused(func, kwargs, name, bad):
    import re

    with pytest.raises((ValueError, TypeError)) as info:
        func(**{**kwargs, name: bad})
    assert re.search(rf"`{name}`", str(info.value)), str(info.value)


def test_the_valid_calls_are_valid_and_every_public_function_is_swept():
    for func, kwargs in VALID:
        func(**kwargs)
    public = {name for name in top.__all__ if not isinstance(getattr(top, name), type)} - {"dirac_points"}
    assert public == {func.__name__ for func, _ in VALID}


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: top.ribbon_bands("zigzag", 10**12, [0.0]), ValueError, "`width` = 1000000000000 asks for 4e\\+24 elements"),
        (lambda: top.ribbon_open_channels("armchair", 10**6, [0.1]), ValueError, "`width` = 1000000 would need"),
        (lambda: top.ribbon_open_channels("zigzag", 4, [0.1], n_k=10**12), ValueError, "`n_k` = 1000000000000"),
        (lambda: top.chern_number(top.qwz_model(mass=1.0), occupied=1, n_k=10**6), ValueError, "`n_k` = 1000000"),
        (lambda: top.hybrid_wannier_centres(top.qwz_model(mass=1.0), [0.0], occupied=1, n_k=10**12), ValueError,
         "`n_k` = 1000000000000"),
        (lambda: top.qwz_ribbon(10**6, 10**6), ValueError, "`width` = 1000000 makes a tight-binding system"),
        (lambda: top.bhz_hbar(arm_width=10**12, length=10), ValueError,
         r"`arm_width` = 1000000000000 leaves no bar .* at most \(length - 2\) / 2 = 4"),
        (lambda: top.disorder_ensemble(QWZ_SMALL, 0.2, [1.0], mass=1.0, realizations=10**12,
                                       rng=np.random.default_rng(0)), ValueError, "`realizations` = 1000000000000"),
        (lambda: top.disorder_scan(QWZ_SMALL, 0.2, [1.0], mass=1.0, realizations=2, rng=np.random.default_rng(0),
                                   progress="x"), TypeError, r"`progress` must be a function progress\(done, total\)"),
        (lambda: top.graphene_landau_levels(True, flux=0.02), TypeError, "`n` must be a number, got the bool"),
        (lambda: top.nonlocal_resistances(np.zeros((4, 4))), ValueError,
         "`transmissions` leave a contact .* disconnected from the others"),
    ],
)
def test_sizes_flags_and_disconnected_contacts_are_refused_with_their_names(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_model_parameters_are_single_numbers():
    with pytest.raises(ValueError, match=r"`mass` must be a single number, got an array of shape \(2,\)"):
        top.qwz_model(mass=[1.0, 2.0])
    # The model's Pauli matrices: sigma_x sigma_y = i sigma_z, each squaring to one.
    for s in (top.SX, top.SY, top.SZ):
        assert np.array_equal(s @ s, top.S0)
    assert np.array_equal(top.SX @ top.SY, 1j * top.SZ)
