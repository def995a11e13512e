"""The figures of chapters 5 and 6 show what their captions claim.

``tests/test_widgets.py`` already drives every control of every figure to its
ends.  Here we check, for a few settings each, that what is drawn agrees with
the physics the notebook text reads off it: plotted arrays against
independent closed forms, reciprocity, sum rules and limits.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport import contact_resistance, four_probe_resistance, two_probe_resistance
from qtransport.constants import R_K
from qtransport.widgets import ch05, ch06


def line(fig, axes_index, line_index):
    artist = fig.figure.axes[axes_index].get_lines()[line_index]
    return np.asarray(artist.get_xdata(), float), np.asarray(artist.get_ydata(), float)


# -- chapter 5 -----------------------------------------------------------------------------------
def test_two_and_four_probe_dots_follow_the_four_probe_line_and_the_bars_add_up():
    fig = ch05.two_and_four_probe()
    for spin in (2, 1):
        fig.set(transmission=0.3, spin=spin)
        T_dots, R4_dots = line(fig, 0, 3)
        assert np.allclose(R4_dots * 1e3, four_probe_resistance(T_dots, spin_degeneracy=spin),
                           rtol=1e-5, atol=1e-5 * R_K)  # probes coupled at 1e-6
        assert fig.data["R2_now"] == pytest.approx(fig.data["Rc"] + fig.data["R4_now"], rel=1e-12)
        assert fig.data["Rc"] * 1e3 == pytest.approx(float(contact_resistance(1, spin_degeneracy=spin)))
        assert fig.data["R2_now"] * 1e3 == pytest.approx(float(two_probe_resistance(0.3, spin_degeneracy=spin)))


def test_invasive_probes_reach_the_ideal_values_at_weak_coupling():
    fig = ch05.invasive_probes()
    fig.set(probe="directional", transmission=0.4, phase=1.3)
    assert fig.data["R4"][0] == pytest.approx(1.5, rel=1e-3)  # (1 - T)/T
    assert fig.data["R2"][0] == pytest.approx(2.5, rel=1e-3)  # 1/T
    assert fig.data["R4"][-1] > 1.1 * 1.5  # the strongest coupling is invasive
    fig.set(probe="beam_splitter")
    assert fig.data["R4_avg"][0] == pytest.approx(1.5, rel=1e-3)  # phase-averaged
    phases = []
    for phase in (0.0, 0.8, 1.6):
        fig.set(phase=phase)
        phases.append(fig.data["R4"][0])
    assert np.ptp(phases) > 0.3  # a local probe sees the standing wave


@pytest.fixture(scope="module")
def floating():
    return ch05.floating_probe()


def test_floating_probe_is_reciprocal_and_decouples(floating):
    for flux in (-0.05, 0.0, 0.05):
        floating.set(flux=flux, barrier=1.0)
        d = floating.data
        assert np.allclose(d["forward"], d["backward"], atol=1e-12)
        assert np.all(d["forward"] >= d["direct"] - 1e-12)  # the probe adds a path, never removes one
        assert d["forward"][-1] == pytest.approx(d["bare"], abs=0.01)  # a decoupled probe does nothing
    floating.set(flux=0.0)
    assert np.allclose(floating.data["V_probe"], 0.5, atol=1e-10)  # mirror-symmetric wire
    floating.set(flux=0.05)
    assert np.abs(floating.data["direct"] - floating.data["direct_back"]).max() > 0.1


def test_local_probes_two_probe_resistance_is_insensitive_to_weak_probes():
    data = ch05.local_probes_data(positions=[19, 22], barriers=[8.0], energies=[2.5])
    R2_bare = 1 / data["T_bare"][0]
    assert np.allclose(data["R2"][0, 0], R2_bare, rtol=0.05)
    assert data["R4"][0, 0].min() < 0  # a negative four-terminal resistance


def test_charge_relaxation_is_flat_for_one_channel_only():
    fig = ch05.charge_relaxation()
    for T in (0.01, 0.3, 1.0):
        fig.set(transmission=T, channels=1)
        assert np.allclose(fig.data["Rq_E"] * 1e3, R_K / 2, rtol=1e-12)
        assert np.allclose(fig.data["Rq_T"] * 1e3, R_K / 2, rtol=1e-12)
    fig.set(transmission=0.3, channels=2)
    assert np.ptp(fig.data["Rq_E"]) > 1.0  # kΩ: no longer universal
    assert np.all(fig.data["Rq_E"] * 1e3 <= R_K / 2 * (1 + 1e-12))
    assert np.all(fig.data["Rq_E"] * 1e3 >= R_K / 4 * (1 - 1e-12))


# -- chapter 6 -----------------------------------------------------------------------------------
def test_landau_levels_edge_states_sit_on_opposite_edges():
    fig = ch06.landau_levels()
    for flux in (0.02, -0.02):
        fig.set(flux=flux, energy=0.35)
        v, y = fig.data["velocity"], fig.data["position"]
        assert (v > 0).sum() == (v < 0).sum() == 1
        assert np.sign(y[v > 0][0]) == np.sign(flux)
        assert np.all(np.abs(y) > ch06.STRIP_WIDTH / 2 - 5)  # within a few magnetic lengths of an edge


def test_onsager_cross_panels_agree_and_only_the_field_makes_t_asymmetric():
    fig = ch06.onsager_cross()
    fig.set(flux=0.03, disorder=2.0)
    assert fig.data["onsager"] < 1e-10 and fig.data["asymmetry"] > 0.05
    assert np.allclose(fig.data["T"].sum(axis=0), fig.data["channels"], atol=1e-10)
    fig.set(flux=0.0)
    assert fig.data["asymmetry"] < 1e-10


def test_field_symmetry_reversing_b_and_m_together_is_the_symmetry():
    fig = ch06.field_symmetry()
    fig.set(magnetization=0.0)
    assert np.allclose(fig.data["G"], fig.data["G_mirror"], atol=1e-10)
    assert np.allclose(fig.data["T10"], fig.data["T01_mirror"], atol=1e-10)
    assert np.abs(fig.data["T10"] - fig.data["T01"]).max() > 0.05
    m = ch06.MAGNETIZATION_FLUX
    for sign in (1, -1):
        fig.set(magnetization=sign * m)
        assert np.abs(fig.data["G"] - fig.data["G_mirror"]).max() > 0.05
        assert np.allclose(fig.data["G"], fig.data["G_both"], atol=1e-10)
        assert np.allclose(fig.data["T10"], fig.data["T01_both"], atol=1e-10)


def test_hall_plateaus_are_quantized_and_the_slider_moves_the_marker():
    fluxes = np.array([-0.044, -0.022, 0.0, 0.022, 0.044])
    fig = ch06.hall_plateaus(ch06.hall_sweep(fluxes=fluxes))
    r_xy, r_xx = fig.data["r_xy"], fig.data["r_xx"]
    assert np.allclose(r_xy[[0, 1, 3, 4]], [1.0, 0.5, -0.5, -1.0], atol=1e-6)
    assert np.allclose(r_xx[[0, 1, 3, 4]], 0.0, atol=1e-6)
    fig.set(flux=0.022)
    assert np.allclose(fig.data["marker"], [0.022, r_xy[3], r_xx[3]])


def test_edge_currents_follow_the_edge_set_by_the_field():
    fig = ch06.edge_currents()
    width = ch06.HALL_BAR["width"]
    for flux, rows in ((0.03, slice(width - 6, width)), (-0.03, slice(0, 6))):
        fig.set(flux=flux, energy=0.5)
        magnitude = fig.data["magnitude"][:15]  # the stretch between the source and the first probes
        assert magnitude[:, rows].sum() > 0.95 * magnitude.sum()


def test_thermal_rounding_curve_limits():
    fig = ch06.thermal_rounding()
    fig.set(kT_meV=0.5, delta_meV=2.0, n_filled=2)
    detuning, warm = line(fig, 0, 1)
    assert warm[np.argmin(np.abs(detuning))] == pytest.approx(2.5, abs=1e-12)
    _, cold = line(fig, 0, 0)
    assert set(np.unique(cold)) <= {2.0, 2.5, 3.0}
    assert fig.data["excess_now"] == pytest.approx(1 / (np.exp(4.0) + 1), rel=1e-12)
    fig.set(kT_meV=0.0)
    assert fig.data["excess_now"] == 0.0 and np.array_equal(fig.data["warm"], fig.data["cold"])
