"""Data of the chapter-8 figures against closed forms, sum rules and the ensembles themselves."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.constants import R0
from qtransport.figures import ch08
from qtransport.tb.localization import magnetotransmission, transmission_ensemble


def test_ohmic_wire_is_contacts_plus_a_linear_part_and_scatterers_agree():
    ell, N = 0.4, 3
    data = ch08.ohmic_wire_data(ell, N, points=101)
    contact = R0 / N / 1e3  # h/2Ne^2 in kΩ, with R0 = h/2e^2
    assert np.isclose(data.contact, contact, rtol=1e-12)
    assert np.allclose(data.R, contact * (1 + data.L / ell), rtol=1e-12)
    # scatterers every 0.5 µm added incoherently land on the line
    assert np.allclose(data.L_dots, np.arange(21) * 0.5)
    assert np.allclose(data.R_dots, contact * (1 + data.L_dots / ell), rtol=1e-9)
    assert np.allclose(data.G, N * ell / (data.L + ell), rtol=1e-12)
    assert np.allclose(data.drude, N * ell / data.L_drude, rtol=1e-9)


@pytest.fixture(scope="module")
def chains():
    rng = np.random.default_rng(4)
    lengths = np.arange(20, 161, 20)
    return {w: transmission_ensemble(lengths, energy=1.0, disorder=w, realizations=120, rng=rng)
            for w in (1.5, 2.0)}


@pytest.mark.parametrize("histogram", ["ln T", "T"])
def test_disordered_chain_statistics_of_the_ensemble(chains, histogram):
    data = ch08.disordered_chain_data(2.0, 95, histogram, ensembles=chains, bins=20)
    tr = chains[2.0].transmissions
    assert data.L == 100.0  # the nearest length of the ensemble
    assert np.allclose(data.mean, np.log(tr).mean(axis=0))
    assert np.allclose(data.sem * np.sqrt(tr.shape[0]), np.log(tr).std(axis=0, ddof=1))
    assert np.allclose(data.ln_mean, np.log(tr.mean(axis=0)))
    assert np.all(data.ln_mean >= data.mean)  # Jensen: ln<T> >= <ln T>
    assert data.typical <= data.average
    assert np.isclose(np.sum(data.density * np.diff(data.edges)), 1.0, rtol=1e-12)
    slope = np.diff(data.fit_line) / np.diff(data.lengths)
    assert np.allclose(slope, -2 / data.xi, rtol=1e-9)
    assert np.isclose(data.mean_ln, np.log(tr[:, 4]).mean(), rtol=1e-12)


def test_disordered_chain_rejects_an_unknown_histogram(chains):
    with pytest.raises(ValueError, match="`histogram`"):
        ch08.disordered_chain_data(2.0, 100, "log T", ensembles=chains)


@pytest.fixture(scope="module")
def strips():
    rng = np.random.default_rng(5)
    lengths = np.array([2, 4, 6, 8, 12, 110, 130, 150])
    return {W: transmission_ensemble(lengths, energy=1.0, disorder=2.5, realizations=30, rng=rng, width=W)
            for W in (3, 6)}


def test_localization_vs_channels_curves_are_the_ensemble_means(strips):
    ohmic = ch08.localization_vs_channels_data("N/<T>", 1000, ensembles=strips)
    assert ohmic.realizations == 30  # clipped to the ensemble
    assert list(ohmic.N) == [1.0, 2.0]
    lengths = strips[3].lengths
    for i, W in enumerate((3, 6)):
        tr = strips[W].transmissions
        assert np.allclose(ohmic.curves[i] * tr.mean(axis=0), ohmic.N[i])
        assert np.allclose(np.diff(ohmic.lines[i]) / np.diff(lengths), 1 / ohmic.ell[i])
    assert np.allclose(ohmic.nl, (ohmic.N + 1) * ohmic.ell)
    localized = ch08.localization_vs_channels_data("<ln T>", 20, ensembles=strips)
    assert localized.realizations == 20
    assert np.allclose(localized.curves[1], np.log(strips[6].transmissions[:20]).mean(axis=0))
    assert np.allclose(np.diff(localized.lines[0]) / np.diff(lengths), -2 / localized.xi[0])


def test_weak_localization_change_starts_at_zero_and_differs_from_the_average_by_T0():
    field = magnetotransmission(16, 6, [0.0, 0.01, 0.02], energy=1.0, disorder=1.5, realizations=12,
                                rng=np.random.default_rng(6))
    change = ch08.weak_localization_data(10, "change", result=field, length=16, width=6, singles=3)
    average = ch08.weak_localization_data(10, "average", result=field, length=16, width=6)
    assert np.allclose(change.phi, [0.0, 0.96, 1.92])
    assert change.mean[0] == 0.0 and change.sem[0] == 0.0
    t0 = field.transmissions[:10, 0].mean()
    assert np.allclose(average.mean - change.mean, t0)
    assert change.singles.shape == (3, 3) and np.all(change.singles[:, 0] == 0.0)
    assert change.at == 2  # nearest to Phi = 2 Phi_0


def _recorder():
    """A progress callback that keeps the fractions it is given."""
    seen = []
    return seen, lambda done, total: seen.append(done / total)


def test_chain_ensembles_fall_at_thouless_rate_and_report_progress_once():
    seen, progress = _recorder()
    w = 2.0
    ensembles = ch08.chain_ensembles(disorders=(1.0, w), lengths=np.array([100, 200]), realizations=300, seed=3,
                                     progress=progress)
    assert sorted(ensembles) == [1.0, w]
    # <ln T> falls by 2 L / xi with Thouless's xi = 24 (4t^2 - E^2) / w^2 = 18 sites at E = 1 t, w = 2 t
    ln_t = np.log(ensembles[w].transmissions).mean(axis=0)
    assert (ln_t[0] - ln_t[1]) / 100 == pytest.approx(2 * w**2 / 72, rel=0.15)
    assert np.log(ensembles[1.0].transmissions).mean() > ln_t.mean()  # weaker disorder, longer xi
    assert np.all(np.diff(seen) >= 0) and seen[-1] == 1.0 and seen[0] <= 0.5  # one rise over both disorders


def test_strip_ensembles_have_the_open_channels_of_the_square_lattice():
    ensembles = ch08.strip_ensembles(widths=(3, 6, 9), lengths=np.array([2, 4]), realizations=4)
    for W, ens in ensembles.items():
        # a transverse mode n is open at E = 1 t while 2 - 2 cos(n pi / (W + 1)) < E
        n = np.arange(1, W + 1)
        assert ens.open_channels == np.count_nonzero(2 - 2 * np.cos(n * np.pi / (W + 1)) < ch08.ENERGY)
        assert np.all((ens.transmissions > 0) & (ens.transmissions <= ens.open_channels + 1e-12))


def test_field_ensemble_is_even_in_the_field_wire_by_wire():
    result = ch08.field_ensemble(length=10, width=4, fluxes=(-1.0, 0.0, 1.0), realizations=5)
    assert np.allclose(np.asarray(result.fluxes) * 10 * 4, [-1.0, 0.0, 1.0])  # total flux per plaquette
    tr = np.asarray(result.transmissions)
    assert np.allclose(tr[:, 0], tr[:, 2], atol=1e-10)  # two terminals: T(Phi) = T(-Phi) (Onsager)
    assert not np.allclose(tr[:, 0], tr[:, 1], atol=1e-6)
