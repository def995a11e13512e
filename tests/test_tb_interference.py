"""Interference on the lattice (chapter 12) against an independent solver, closed forms and invariants.

* two routes: the Caroli formula of :func:`green_transmission` (recursive
  Green's functions over the slices, a whole ensemble as one batch) against
  the sparse solve of the whole system with mode matching,
  :func:`qtransport.tb.smatrix` with ``method="sparse"`` (transmission
  eigenvalues of disordered wires with and without a field, rings with flux,
  a clean wire exactly at a channel threshold);
* closed forms: the channel count of a clean strip (all eigenvalues 1);
  Fourier coefficients of known signals; the Fano factor and density of
  eigenvalues drawn from the Dorokhov distribution (``T = 1/cosh^2 x`` with
  ``x`` uniform), against :mod:`qtransport.models.noise`;
* invariants: the ring's period ``h/e`` and its phase rigidity
  ``T(Phi) = T(-Phi)``, exact in every disordered sample;
* seeded ensembles with stated statistical tolerances: the ``h/2e``
  (Altshuler-Aronov-Spivak) harmonic of the ensemble average has the sign of
  weak localization and survives while the ``h/e`` harmonic averages away;
  the Fano factor of a diffusive wire is close to 1/3; conductance
  fluctuations are of order ``2/15`` and halve in a field.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.models.noise import distribution_fano_factor, fano_factor, transmission_density
from qtransport.tb import anderson_disorder, smatrix
from qtransport.tb.interference import (
    UCF_VARIANCE,
    FanoEstimate,
    WireEnsemble,
    conductance_fluctuations,
    disordered_ring,
    disordered_wire,
    eigenvalue_density,
    ensemble_fano_factor,
    flux_harmonics,
    green_transmission,
    ring_flux_sweep,
    wire_ensemble,
)

# --------------------------------------------------------------------------- two routes


@pytest.mark.parametrize("flux", [0.0, 0.013])
@pytest.mark.parametrize("energy", [1.0, 2.3])
def test_green_route_equals_the_smatrix_eigenvalues_of_disordered_wires(flux, energy):
    fsys = disordered_wire(25, 9).finalized()
    d = anderson_disorder(fsys, 2.0, np.random.default_rng(4), realizations=3)
    ours = green_transmission(fsys, energy, {"flux": flux}, disorder=d, eigenvalues=True)
    sums = green_transmission(fsys, energy, {"flux": flux}, disorder=d)
    for r in range(3):
        s = smatrix(fsys, energy, {"flux": flux, "disorder": d[r]}, method="sparse")
        ref = s.transmission_eigenvalues(1, 0)
        assert ours.shape[-1] == s.open_channels(0)
        assert np.allclose(ours[r, 0], ref, atol=1e-10)
        assert np.isclose(sums[r, 0], s.transmission(1, 0), atol=1e-10)


def test_green_route_equals_the_smatrix_for_a_disordered_ring_with_flux():
    fsys = disordered_ring(9, 5, lead_width=3).finalized()
    d = anderson_disorder(fsys, 1.5, np.random.default_rng(5))
    for phi in (0.0, 0.17, 0.5):
        ours = green_transmission(fsys, [1.2, 2.1], {"flux": phi}, disorder=d)
        for i, energy in enumerate((1.2, 2.1)):
            ref = smatrix(fsys, energy, {"flux": phi, "disorder": d}, method="sparse").transmission(1, 0)
            assert np.isclose(ours[i], ref, atol=1e-10)


def test_clean_wire_transmits_every_open_channel_of_the_closed_form_count():
    width = 7
    fsys = disordered_wire(12, width).finalized()
    for energy in (0.5, 1.7, 3.1):
        # Transverse levels 2t(1 - cos(pi n / (W + 1))): a channel is open above its level.
        expected = int(np.sum(2 - 2 * np.cos(np.pi * np.arange(1, width + 1) / (width + 1)) < energy))
        ev = green_transmission(fsys, energy, {"flux": 0.0}, eigenvalues=True)[0]
        assert ev.size == expected
        assert np.allclose(ev, 1.0, atol=1e-10)


# --------------------------------------------------------------------------- the ring


@pytest.fixture(scope="module")
def rough_rings():
    fluxes = np.array([-1.3, -0.3, 0.0, 0.3, 0.7, 1.3])
    return ring_flux_sweep(fluxes, energies=[1.1, 2.2], disorder=1.5, realizations=3,
                           rng=np.random.default_rng(6))


def test_every_disordered_ring_has_period_h_over_e_and_phase_rigidity(rough_rings):
    t = rough_rings.transmissions  # fluxes -1.3, -0.3, 0, 0.3, 0.7, 1.3
    assert np.allclose(t[..., 0], t[..., 4], atol=1e-10)  # -1.3 = 0.7 - 2
    assert np.allclose(t[..., 1], t[..., 4], atol=1e-10)  # -0.3 = 0.7 - 1
    assert np.allclose(t[..., 3], t[..., 5], atol=1e-10)  # 0.3 = 1.3 - 1
    assert np.allclose(t[..., 1], t[..., 3], atol=1e-10)  # T(-Phi) = T(Phi), two terminals
    # ... and the flux does change the transmission: the identities are not trivial.
    assert np.max(np.abs(t[..., 2] - t[..., 3])) > 0.05


def test_ensemble_average_keeps_the_h_over_2e_harmonic_of_weak_localization():
    fluxes = np.linspace(0.0, 1.0, 10, endpoint=False)
    sweep = ring_flux_sweep(fluxes, energies=np.linspace(2.05, 2.45, 6), disorder=1.0, realizations=16,
                            rng=np.random.default_rng(7))
    per_sample = flux_harmonics(fluxes, sweep.transmissions)
    c1, c2 = per_sample.cos[..., 0].ravel(), per_sample.cos[..., 1].ravel()
    # h/2e: the same sign in (almost) every sample, negative (a minimum of <T> at Phi = 0).
    assert c2.mean() < -4 * c2.std(ddof=1) / np.sqrt(c2.size)
    # h/e: random sign, so its average is much smaller than its typical size.
    assert abs(c1.mean()) < 0.3 * np.sqrt(np.mean(c1**2))
    mean = flux_harmonics(fluxes, sweep.mean)
    assert np.isclose(mean.cos[1], c2.mean(), atol=1e-12)  # linear: harmonics of the mean
    assert abs(mean.cos[1]) > abs(mean.cos[0])


def test_flux_harmonics_recovers_known_coefficients_on_any_grid():
    rng = np.random.default_rng(8)
    phi = np.sort(rng.uniform(-0.7, 0.9, 25))  # not uniform, not one period
    signal = 0.4 + 0.1 * np.cos(2 * np.pi * phi) - 0.05 * np.sin(2 * np.pi * phi) + 0.02 * np.cos(4 * np.pi * phi)
    h = flux_harmonics(phi, np.stack([signal, 2 * signal]))
    assert np.allclose(h.mean, [0.4, 0.8], atol=1e-12)
    assert np.allclose(h.cos[0], [0.1, 0.02], atol=1e-12)
    assert np.allclose(h.sin[0], [-0.05, 0.0], atol=1e-12)
    assert h.cos.shape == (2, 2)


# --------------------------------------------------------------------------- Fano factor, Dorokhov density


def _dorokhov_sample(n, x_max, seed):
    """Eigenvalues of a diffusive wire: T = 1/cosh^2(x), x uniform (Dorokhov, Mello-Pereyra-Kumar)."""
    x = np.random.default_rng(seed).uniform(0.0, x_max, size=(n, 50))
    return 1.0 / np.cosh(x) ** 2


def test_ensemble_fano_factor_of_dorokhov_eigenvalues_is_one_third():
    ev = _dorokhov_sample(400, 15.0, 9)
    est = ensemble_fano_factor(ev)
    assert isinstance(est, FanoEstimate)
    assert est.value == pytest.approx(float(fano_factor(ev.ravel())), rel=1e-12)  # pooled channels
    assert abs(est.value - distribution_fano_factor("diffusive")) < 3 * est.error + 2e-3
    # The jackknife error against the spread of the estimate over independent samples.
    spread = np.std([ensemble_fano_factor(_dorokhov_sample(400, 15.0, s)).value for s in range(10, 30)])
    assert 0.6 < est.error / spread < 1.6


def test_jackknife_error_is_the_leave_one_out_formula():
    ev = np.random.default_rng(11).uniform(0, 1, size=(7, 3))
    est = ensemble_fano_factor(ev)
    leave = np.array([fano_factor(np.delete(ev, i, axis=0).ravel()) for i in range(7)])
    assert est.error == pytest.approx(np.sqrt(6 / 7 * np.sum((leave - leave.mean()) ** 2)), rel=1e-12)


def test_eigenvalue_density_approaches_the_dorokhov_form_and_is_normalized():
    ev = _dorokhov_sample(2000, 12.0, 12)
    edges, rho = eigenvalue_density(ev, bins=np.linspace(0.05, 0.95, 10))
    centre = 0.5 * (edges[1:] + edges[:-1])
    # Bin averages of 1/(2 T sqrt(1 - T)) against the histogram: within the sampling noise (~3 %).
    fine = np.linspace(0.05, 0.95, 9001)
    exact = np.array([transmission_density(fine[(fine >= a) & (fine <= b)], kind="diffusive").mean()
                      for a, b in zip(edges[:-1], edges[1:], strict=True)])
    assert np.allclose(rho, exact, rtol=0.06)
    assert centre.size == 9
    full_edges, full = eigenvalue_density(ev, bins=1000)
    mids = 0.5 * (full_edges[1:] + full_edges[:-1])
    assert np.sum(full * np.diff(full_edges) * mids) == pytest.approx(1.0, abs=0.02)  # int T rho dT = 1


@pytest.fixture(scope="module")
def wires():
    return conductance_fluctuations([30, 60], 20, energy=2.0, disorder=1.5, fluxes=[0.0, 0.008],
                                    realizations=100, rng=np.random.default_rng(13))


def test_lattice_wire_fano_factor_is_near_one_third_not_zero_or_one(wires):
    fano = wires.fano
    n = wires.open_channels
    assert list(n) == [10, 10]
    # L = 60: about 2.5 mean free paths, g ~ 3, well short of localization (xi ~ 250).
    value, error = fano.value[1], fano.error[1]
    assert np.all(np.abs(value - 1 / 3) < 3 * error + 0.03)
    # The same numbers through the public single-ensemble function.
    assert fano.value[1, 1] == pytest.approx(ensemble_fano_factor(wires.eigenvalues[1][1]).value, rel=1e-12)


def test_conductance_fluctuations_are_universal_and_halve_in_a_field(wires):
    var, err = wires.variance, wires.variance_error
    mean = wires.mean
    assert mean[0, 0] > 1.4 * mean[1, 0]  # the mean conductance changes with length ...
    # ... the fluctuations do not: at L = 60 (diffusive, g ~ 3) the universal values 2/15 without
    # field and 1/15 with one (per spin), within three standard errors of 100 wires (about 12 %).
    assert abs(var[1, 0] - UCF_VARIANCE["orthogonal"]) < 3 * err[1, 0]
    assert abs(var[1, 1] - UCF_VARIANCE["unitary"]) < 3 * err[1, 1]
    assert np.all(var[:, 0] > var[:, 1])  # a field always reduces them (same wires)
    # The statistics are those of the plotted conductances, T = sum of the eigenvalues.
    g = np.stack([ev.sum(axis=-1) for ev in wires.eigenvalues], axis=1)
    assert np.allclose(var, np.var(g, axis=-1, ddof=1), rtol=1e-12)
    dev = g - g.mean(axis=-1, keepdims=True)
    m4, r = np.mean(dev**4, axis=-1), g.shape[-1]
    assert np.allclose(err, np.sqrt((m4 - (r - 3) / (r - 1) * var**2) / r), rtol=1e-12)


def test_wire_ensemble_matches_the_fluctuation_sweep_and_its_mean_free_path():
    rng = np.random.default_rng(14)
    ens = wire_ensemble(20, 8, energy=1.0, disorder=1.0, realizations=4, rng=rng)
    assert isinstance(ens, WireEnsemble)
    fsys = disordered_wire(20, 8).finalized()
    again = 1.0 * (np.random.default_rng(14).random((4, fsys.n_sites)) - 0.5)
    ref = green_transmission(fsys, 1.0, {"flux": 0.0}, disorder=again, eigenvalues=True)[:, 0]
    assert np.allclose(ens.eigenvalues, ref, atol=1e-12)
    g = ens.conductances.mean()
    ell = ens.mean_free_path
    assert ens.open_channels * ell / (ens.length + ell) == pytest.approx(g, rel=1e-12)  # <T> = N l/(L + l)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: disordered_wire(0, 5), ValueError, "`length`"),
        (lambda: disordered_wire(5, 2.5), TypeError, "`width`"),
        (lambda: green_transmission("sys", 1.0), TypeError, "`fsys`"),
        (lambda: green_transmission(disordered_wire(3, 3).finalized(), np.nan, {"flux": 0.0}), ValueError,
         "`energies`"),
        (lambda: green_transmission(disordered_wire(3, 3).finalized(), 1.0, {"flux": 0.0}, disorder=[1.0]),
         ValueError, "`disorder`"),
        (lambda: green_transmission(disordered_wire(3, 3).finalized(), 1.0, {"flux": 0.0, "disorder": 0}),
         ValueError, "`disorder`"),
        (lambda: green_transmission(disordered_wire(3, 3).finalized(), 1.0, [0.0]), TypeError, "`params`"),
        (lambda: green_transmission(disordered_wire(3, 5).finalized(), [0.5, 2.0], {"flux": 0.0},
                                    eigenvalues=True), ValueError, "`energies`"),
        (lambda: ring_flux_sweep([0.0], energies=1.0, disorder=-1.0), ValueError, "`disorder`"),
        (lambda: ring_flux_sweep([0.0], energies=1.0, disorder=1.0), TypeError, "`rng`"),
        (lambda: ring_flux_sweep([], energies=1.0), ValueError, "`fluxes`"),
        (lambda: ring_flux_sweep([0.0], energies=1.0, realizations=0), ValueError, "`realizations`"),
        (lambda: ring_flux_sweep([0.0], energies=1.0, progress=3), TypeError, "`progress`"),
        (lambda: flux_harmonics([0.0, 0.5], [1.0, 2.0]), ValueError, "`fluxes`"),
        (lambda: flux_harmonics(np.linspace(0, 1, 8), np.ones(7)), ValueError, "`values`"),
        (lambda: flux_harmonics(np.linspace(0, 1, 8), np.ones(8), orders=0), ValueError, "`orders`"),
        (lambda: wire_ensemble(10, 5, energy=1.0, disorder=0.0, realizations=2, rng=np.random.default_rng(0)),
         ValueError, "`disorder`"),
        (lambda: wire_ensemble(10, 5, energy=1.0, disorder=1.0, realizations=2, rng=0), TypeError, "`rng`"),
        (lambda: wire_ensemble(10, 5, energy=[1.0, 2.0], disorder=1.0, realizations=2,
                               rng=np.random.default_rng(0)), TypeError, "`energy`"),
        (lambda: wire_ensemble(10, 5, energy=0.1, disorder=1.0, realizations=2, rng=np.random.default_rng(0)),
         ValueError, "`energy`"),
        (lambda: ensemble_fano_factor([[0.5, 0.2]]), ValueError, "`eigenvalues`"),
        (lambda: ensemble_fano_factor([[0.5, 1.2], [0.1, 0.1]]), ValueError, "`eigenvalues`"),
        (lambda: ensemble_fano_factor([[0.0], [0.0]]), ValueError, "`eigenvalues`"),
        (lambda: eigenvalue_density([[0.5], [0.2]], bins=0), ValueError, "`bins`"),
        (lambda: eigenvalue_density([[0.5], [0.2]], bins=[0.5, 0.1]), ValueError, "`bins`"),
        (lambda: conductance_fluctuations([10.5], 5, energy=1.0, disorder=1.0, realizations=2,
                                          rng=np.random.default_rng(0)), ValueError, "`lengths`"),
        (lambda: conductance_fluctuations([10], 5, energy=1.0, disorder=1.0, realizations=1,
                                          rng=np.random.default_rng(0)), ValueError, "`realizations`"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_green_route_at_a_channel_threshold_counts_the_closing_mode_as_closed():
    # Width 9 at E = 2t: the fifth transverse level 2t(1 - cos(5 pi / 10)) is exactly 2t.  A clean wire
    # transmits its open channels, four of them, as the sparse solve of the whole system says.
    fsys = disordered_wire(25, 9).finalized()
    t = green_transmission(fsys, [1.9, 2.0, 2.1], {"flux": 0.0})
    assert np.allclose(t, [4.0, 4.0, 5.0], atol=1e-9)
    ref = smatrix(fsys, 2.0, {"flux": 0.0, "disorder": np.zeros(fsys.n_sites)}, method="sparse")
    assert ref.transmission(1, 0) == pytest.approx(4.0, abs=1e-9)


def test_ring_sweep_reports_progress_by_flux_and_batches_do_not_change_the_result():
    seen = []
    fluxes = np.linspace(0.0, 1.0, 11)
    kw = dict(energies=[1.3, 2.2], disorder=1.0, realizations=7, outer_radius=7.0, inner_radius=4.0, lead_width=2)
    sweep = ring_flux_sweep(fluxes, rng=np.random.default_rng(2), progress=lambda d, n: seen.append((d, n)), **kw)
    assert seen[-1] == (11, 11) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    fsys = disordered_ring(7.0, 4.0, lead_width=2).finalized()
    sets = 1.0 * (np.random.default_rng(2).random((7, fsys.n_sites)) - 0.5)
    for j in (0, 4, 10):  # one flux at a time, against the batched sweep
        alone = green_transmission(fsys, [1.3, 2.2], {"flux": float(fluxes[j])}, disorder=sets)
        assert np.allclose(sweep.transmissions[:, :, j], alone, atol=1e-12)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: wire_ensemble(10, 5, energy=1.0, disorder=1.0, realizations=10**12, rng=np.random.default_rng(0)),
         ValueError, r"`realizations` = 1000000000000 would need about .* available"),
        (lambda: wire_ensemble(10**7, 5, energy=1.0, disorder=1.0, realizations=2, rng=np.random.default_rng(0)),
         ValueError, r"`length` = 10000000 makes a tight-binding system of about 5e\+07 sites"),
        (lambda: conductance_fluctuations([4], 10**12, energy=1.0, disorder=1.0, realizations=2,
                                          rng=np.random.default_rng(0)), ValueError, "`width` = 1000000000000 makes"),
        (lambda: ring_flux_sweep([0.0], energies=1.0, realizations=10**12), ValueError, "`realizations` = "),
        (lambda: ring_flux_sweep([0.0], energies=1.0, disorder=True, rng=np.random.default_rng(0)), TypeError,
         "`disorder` must be a single number, got the bool"),
        (lambda: eigenvalue_density([[0.5, 0.2], [0.9, 0.1]], bins=10**12), ValueError, "`bins` = 1000000000000"),
        (lambda: flux_harmonics(np.linspace(0, 1, 7), np.ones(8)), ValueError,
         r"`values` \(shape \(8,\)\) must have one value per flux of `fluxes` \(7\)"),
        (lambda: green_transmission(disordered_wire(3, 3).finalized(), 1.0, {"flux": 0.0}, eigenvalues=1),
         TypeError, "`eigenvalues` must be True or False"),
    ],
)
def test_sizes_flags_and_shapes_are_refused_with_their_names(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_estimates_without_information_say_so():
    one = ring_flux_sweep([0.0, 0.5], energies=1.0)
    with pytest.raises(ValueError, match="one ring at one energy has no spread"):
        _ = one.standard_error
    two = ring_flux_sweep([0.0, 0.5], energies=[1.0, 1.4])
    assert np.all(np.isfinite(two.standard_error))
    ballistic = WireEnsemble(np.ones((3, 2)), 2, 10, 5, 1.0, 1e-9, 0.0)
    with pytest.raises(ValueError, match="transmit all 2 channels"):
        _ = ballistic.mean_free_path
    assert WireEnsemble(np.full((3, 2), 0.5), 2, 10, 5, 1.0, 1.0, 0.0).mean_free_path == pytest.approx(10.0)
