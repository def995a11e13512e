"""The figures of chapters 7 and 8 plot what their captions claim.

The generic sweep in ``test_widgets.py`` checks that every figure survives
every control; here the plotted data are compared with the statements the
chapters make about them.  The lattice figures are built from small seeded
ensembles so that the tests stay fast.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.tb.localization import magnetotransmission, transmission_ensemble
from qtransport.widgets import ch07, ch08


def test_blockade_peak_height_falls_as_one_over_T_and_dots_sit_on_the_master_equation():
    fig = ch07.blockade_peak()
    fig.set(gamma_ueV=0.2, kT_ueV=10.0)
    data = fig.data
    # Sequential regime kT >> Gamma: height * kT is constant along the sweep.
    warm = data["kT"] > 20 * 0.2
    product = data["seq_heights"][warm] * data["kT"][warm]
    assert np.allclose(product, product[0], rtol=1e-10)
    # The cosh^-2 dots lie on the master-equation curve.
    on_curve = np.interp(np.linspace(-100, 100, 41), data["delta"], data["seq"])
    assert np.allclose(data["closed"], on_curve, rtol=1e-9, atol=1e-15)
    # The coherent peak never exceeds the unitary limit e^2/h (symmetric barriers).
    assert np.all(data["coh_heights"] <= 1.0 + 1e-12)
    fig.set(gamma_ueV=10.0)
    assert fig.data["coh_heights"][0] > 0.99  # kT = 0.1 µeV << Gamma = 10 µeV: saturated


def test_coulomb_diamonds_blockade_inside_and_peaks_at_half_integer_gate_charge():
    fig = ch07.coulomb_diamonds()
    fig.set(kT_ueV=5.0, quantity="current")
    period = 2 * ch07.DIAMOND_CHARGING_ENERGY / ch07.DIAMOND_LEVER_ARM / ch07.MEV  # mV
    gates = np.linspace(-0.25, 2.25, 101) * period
    biases = np.linspace(-3.0, 3.0, 81)  # mV
    column = fig.data["z"][:, np.argmin(np.abs(gates - period))]  # n_g = 1, current in nA
    small_bias = np.abs(biases) < 1.5  # well inside the diamond (half height 2 mV)
    assert np.max(np.abs(column[small_bias])) < 1e-6 * np.max(np.abs(fig.data["z"]))
    cut, n_g = fig.data["cut"], fig.data["n_g"]
    interior = (cut[1:-1] > cut[:-2]) & (cut[1:-1] > cut[2:])
    assert np.allclose(n_g[1:-1][interior], [0.5, 1.5], atol=0.01)


@pytest.mark.parametrize("g", [0.3, 0.6])
def test_luttinger_wire_dc_is_fixed_and_abrupt_contacts_oscillate_down_to_the_floor(g):
    fig = ch07.luttinger_wire()
    fig.set(g=g, length_um=5.0, contacts="abrupt")
    data = fig.data
    assert np.allclose(data["dc"], 1.0, rtol=1e-14)
    assert np.isclose(data["abs"][0], 1.0, rtol=1e-14)
    assert np.isclose(data["floor"], 2 * g / (1 + g * g), rtol=1e-12)
    assert data["abs"].min() >= data["floor"] - 1e-12
    assert data["abs"].min() < data["floor"] + 1e-3  # the grid reaches the quarter-wave points
    abrupt = data["abs"].copy()
    fig.set(contacts="smooth")
    smooth = fig.data["abs"]
    assert np.isclose(smooth[0], 1.0, rtol=1e-12)  # DC unchanged by the contacts
    high = slice(len(smooth) // 2, None)  # wavelengths shorter than the 1 µm ramps
    assert smooth[high].min() > abrupt[high].min() + 0.05


def test_ohmic_wire_scatterers_follow_the_line_and_G_saturates_at_N():
    fig = ch08.ohmic_wire()
    fig.set(mean_free_path_um=0.4, channels=3)
    data = fig.data
    L = np.linspace(0.0, 10.0, 401)
    dots_L = np.arange(len(data["R_dots"])) * ch08.SCATTERER_SPACING
    assert np.allclose(data["R_dots"], np.interp(dots_L, L, data["R"]), rtol=1e-9)
    assert np.isclose(data["G"][0], 3.0, rtol=1e-14)
    assert np.isclose(data["R"][0], data["contact"], rtol=1e-14)
    slope = np.diff(data["R"]) / np.diff(L)
    assert np.allclose(slope, slope[0], rtol=1e-9)  # linear in L


@pytest.fixture(scope="module")
def small_chains():
    rng = np.random.default_rng(1)
    lengths = np.arange(20, 201, 20)
    return {w: transmission_ensemble(lengths, energy=1.0, disorder=w, realizations=200, rng=rng)
            for w in (1.5, 2.0)}


def test_disordered_chain_from_given_ensembles(small_chains):
    fig = ch08.disordered_chain(small_chains)
    fig.set(disorder=2.0, length=200)
    data = fig.data
    assert np.allclose(data["thouless"], -2 * np.arange(20, 201, 20) / 18.0)
    # <ln T> of the plotted points is the mean of the logarithms of the given ensemble.
    assert np.allclose(data["mean"], np.log(small_chains[2.0].transmissions).mean(axis=0))
    assert data["ln_mean_T"] > data["mean_ln"]  # the average is carried by rare transparent wires
    assert abs(np.sum(data["density"] * np.diff(data["edges"])) - 1) < 1e-12


def test_localization_vs_channels_and_weak_localization_from_given_data():
    rng = np.random.default_rng(2)
    lengths = np.array([2, 4, 6, 8, 12, 110, 130, 150])
    strips = {W: transmission_ensemble(lengths, energy=1.0, disorder=2.5, realizations=40, rng=rng, width=W)
              for W in (3, 6)}
    fig = ch08.localization_vs_channels(strips)
    assert list(fig.data["N"]) == [1, 2]
    assert fig.data["xi"][1] > fig.data["xi"][0]
    field = magnetotransmission(20, 6, [0.0, 0.01, 0.02], energy=1.0, disorder=1.5, realizations=30,
                                rng=np.random.default_rng(3))
    wl = ch08.weak_localization(field, length=20, width=6)
    wl.set(realizations=10)
    assert np.allclose(wl.data["mean"], (field.transmissions[:10] - field.transmissions[:10, :1]).mean(axis=0))
