"""The figures of chapters 3 and 4 show what their captions claim.

``tests/test_widgets.py`` drives every control of every figure to its ends.
Here we check, for a few settings each, that what is drawn agrees with the
physics the notebook text reads off it, against independent library calls,
sum rules and limits.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport import fabry_perot_average, fabry_perot_transmission, tb
from qtransport.lattice.leads import strip_transverse_modes
from qtransport.widgets import ch03, ch04


def line_data(fig, axes_index, line_index):
    line = fig.figure.axes[axes_index].get_lines()[line_index]
    return np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)


# -- chapter 3 -----------------------------------------------------------------------------------
@pytest.mark.parametrize("width, energy", [(1, 3.03), (6, 1.03), (9, 1.03), (20, 5.53)])
def test_strip_channels_counts_and_dots_are_the_open_modes(width, energy):
    fig = ch03.strip_channels().set(width=width, energy=energy)
    eps, _ = strip_transverse_modes(width)
    expected = np.flatnonzero((eps < energy) & (energy < eps + 4.0)) + 1  # thresholds of section 3.1
    assert np.array_equal(np.sort(fig.data["open_index"]), expected)
    assert fig.data["N_now"] == expected.size
    k, E = line_data(fig, 1, 20)  # the dots, drawn after the 20 band lines
    assert k.size == 2 * expected.size and np.all(E == energy)
    # each dot lies on a subband: E = eps_n + 2(1 - cos k) for its transverse index n
    n = np.concatenate([fig.data["open_index"]] * 2)
    assert np.allclose(eps[n - 1] + 2.0 * (1.0 - np.cos(k)), energy, atol=1e-9)


def test_saddle_staircase_cold_equals_warm_at_zero_kelvin_and_plateaus_are_integers():
    fig = ch03.saddle_staircase().set(hw_y_meV=3.0, hw_x_meV=0.1, temperature_K=0.0)
    x, warm = line_data(fig, 0, 2)
    _, cold = line_data(fig, 0, 1)
    assert np.array_equal(warm, cold)
    middle = np.abs(x - np.round(x)) < 0.2  # middle of each plateau
    assert np.abs(warm[middle] - np.round(x[middle])).max() < 1e-10
    fig.set(temperature_K=15.0)  # k_BT = 1.29 meV = 0.43 hw_y: the staircase is a ramp
    _, warm = line_data(fig, 0, 2)
    assert np.abs(warm[middle] - np.round(x[middle])).max() > 0.1
    # the mode transmissions add up to the cold conductance
    T_n = np.array([line_data(fig, 1, n)[1] for n in range(6)])
    _, cold = line_data(fig, 0, 1)
    below = x < 5.0  # only modes 0..5 matter there
    assert np.allclose(T_n.sum(axis=0)[below], cold[below], atol=1e-6)


@pytest.fixture(scope="module")
def staircase_figure():
    return ch03.lattice_staircase()


def test_lattice_staircase_cold_curves_are_the_lattice_transmission(staircase_figure):
    staircase_figure.set(taper=3.0, channel_length=12, kT=0.0)
    mu = staircase_figure.data["mu"]
    fsys, params = ch03.qpc_system("abrupt", 12)
    direct = tb.transmission(fsys, mu[::40], params, method="sparse").transmission[:, 1, 0]  # the other solver
    assert np.allclose(staircase_figure.data["abrupt_cold"][::40], direct, atol=1e-10)
    # at kT = 0 the "thermal average" is the transmission at the Fermi energy itself
    assert np.allclose(staircase_figure.data["smooth_warm"], staircase_figure.data["smooth_cold"], atol=1e-12)


def test_lattice_staircase_temperature_preserves_the_area_and_smooths(staircase_figure):
    staircase_figure.set(taper=6.0, channel_length=12, kT=0.0)
    mu, cold = staircase_figure.data["mu"], staircase_figure.data["abrupt_cold"]
    staircase_figure.set(kT=0.03)
    warm = staircase_figure.data["abrupt_warm"]
    inside = (mu > 0.4) & (mu < 1.1)  # the thermal window (+-20 kT) moves the area only near the ends
    step = mu[1] - mu[0]
    assert abs(np.sum(warm[inside]) - np.sum(cold[inside])) * step < 0.02
    assert np.sum(np.abs(np.diff(warm))) < np.sum(np.abs(np.diff(cold)))  # resonances gone


def test_mode_currents_bars_add_up_to_the_transmission_and_the_arrows_carry_it():
    fig = ch03.mode_currents()
    for geometry in ch03.MAP_GEOMETRIES:
        for mode in (1, 3):
            fig.set(geometry=geometry, energy=1.2, mode=mode)
            fsys, params = ch03.qpc_system(*ch03.MAP_GEOMETRIES[geometry])
            T = tb.transmission(fsys, 1.2, params).transmission[1, 0]
            assert abs(fig.data["T_by_n"].sum() - T) < 1e-10
            assert abs(fig.data["T_mode"] - fig.data["T_by_n"][mode - 1]) < 1e-12
            # the site currents of the state carry its transmitted flux through every slice
            assert np.allclose(fig.data["jx"].sum(axis=-1), fig.data["T_mode"], atol=1e-10)


def test_qpc_potentials_are_the_saddle_and_the_hard_wall_channel():
    smooth = ch03.qpc_potential("smooth", 3.0)
    x = np.arange(ch03.QPC_LENGTH)[:, None] - (ch03.QPC_LENGTH - 1) / 2
    y = np.arange(ch03.QPC_WIDTH)[None, :] - (ch03.QPC_WIDTH - 1) / 2
    saddle = np.exp(-(x**2) / (2 * 3.0**2)) * ch03.QPC_HBAR_OMEGA_Y**2 / 4 * y**2  # V_g = 0, t = 1
    assert np.allclose(smooth, saddle, atol=1e-14, rtol=0)
    abrupt = ch03.qpc_potential("abrupt", 6)
    walls = abrupt > 1
    assert walls.sum() == 6 * (ch03.QPC_WIDTH - ch03.CHANNEL_OPENING) and np.all(abrupt[~walls] == 0)
    assert np.all(walls.any(axis=1)[(ch03.QPC_LENGTH - 6) // 2 : (ch03.QPC_LENGTH + 6) // 2])
    with pytest.raises(ValueError, match="`kind`"):
        ch03.qpc_potential("round", 1)
    with pytest.raises(ValueError, match="`size`"):
        ch03.qpc_potential("abrupt", 0)


@pytest.mark.parametrize("kind, size, energy", [("smooth", 6.0, 1.37), ("abrupt", 12, 1.1)])
def test_mode_bond_currents_are_conserved_and_sum_to_the_engines_currents(kind, size, energy):
    fsys, params = ch03.qpc_system(kind, size)
    res = tb.smatrix(fsys, energy, params)
    cur = ch03.mode_bond_currents(fsys, energy, params)
    # each mode's current through every cross-section (lead bonds included) is its transmission
    T_modes = np.sum(np.abs(res.submatrix(1, 0)) ** 2, axis=0)
    assert T_modes.size >= 3
    assert np.allclose(cur.x.sum(axis=-1), T_modes[:, None], atol=1e-10)
    # summed over the modes, the bond currents are those of tb.bond_currents
    total = tb.bond_currents(fsys, energy, 0, params)
    length, width = ch03.QPC_LENGTH, ch03.QPC_WIDTH
    frm, to = fsys.tags[total.bonds[:, 0]], fsys.tags[total.bonds[:, 1]]
    step = to - frm  # one lattice vector, either way along x or y
    sign = step.sum(axis=1)  # +1: towards +x or +y
    low = np.where(sign[:, None] > 0, frm, to)  # the end of the bond nearer the origin
    along_x = step[:, 0] != 0
    assert np.all(np.abs(step).sum(axis=1) == 1) and along_x.any() and (~along_x).any()
    engine = sign * total.current  # current towards +x or +y
    mine_x = cur.x[:, 1:-1].sum(axis=0)[low[along_x, 0], low[along_x, 1]]
    mine_y = cur.y.sum(axis=0)[low[~along_x, 0], low[~along_x, 1]]
    assert np.allclose(mine_x, engine[along_x], atol=1e-10)
    assert np.allclose(mine_y, engine[~along_x], atol=1e-10)
    # the density is that of the engine's scattering states
    psi = tb.wave_functions(fsys, energy, 0, params).psi
    assert np.allclose(np.abs(cur.psi[:, fsys.tags[:, 0], fsys.tags[:, 1]]), np.abs(psi), atol=1e-12)
    jx, jy = cur.at_sites(0)
    assert jx.shape == jy.shape == (length, width)


# -- chapter 4 -----------------------------------------------------------------------------------
@pytest.mark.parametrize("T1, T2", [(0.3, 0.3), (0.02, 0.02), (0.9, 0.05), (1.0, 0.4)])
def test_fabry_perot_quadrature_matches_the_closed_form_and_resistances_add(T1, T2):
    fig = ch04.fabry_perot().set(T1=T1, T2=T2, phase=1.0)
    assert abs(fig.data["quadrature"] - fig.data["closed"]) < 1e-10
    heights = [bar.get_height() for bar in fig.figure.axes[1].patches]
    assert heights[2] == pytest.approx(heights[0] + heights[1], rel=1e-12, abs=1e-15)
    assert heights[4] == pytest.approx(heights[2], rel=1e-9, abs=1e-12)
    assert fig.data["T_now"] == pytest.approx(float(fabry_perot_transmission(T1, T2, 1.0)), abs=1e-15)


def test_resonant_tunneling_cold_is_the_transmission_and_warm_tends_to_the_incoherent_value():
    fig = ch04.resonant_tunneling().set(U1=1.5, U2=1.5, d=16, kT=0.0)
    T = fig.data["G"]
    assert np.array_equal(T, fig.data["T"]) and T.max() > 0.99  # equal barriers: resonances reach 1
    fig.set(kT=0.15)
    mu, G = fig.data["E_G"], fig.data["G"]
    middle = (mu > 1.0) & (mu < 3.0)
    ohm = np.interp(mu, fig.data["E"], fig.data["ohm"])
    assert np.abs(G[middle] - ohm[middle]).max() < 0.02  # the Ohmic curve itself is not smoothed here
    fig.set(kT=0.005)
    assert np.abs(fig.data["G"][middle] - ohm[middle]).max() > 0.3


@pytest.mark.parametrize("model", list(ch04.PROBE_MODELS))
def test_dephasing_probe_limits(model):
    fig = ch04.dephasing_probe().set(T1=0.2, T2=0.5, coupling=0.0, model=model)
    assert np.allclose(fig.data["T"], fig.data["coherent"], atol=1e-12)
    ohm = float(fabry_perot_average(0.2, 0.5))
    assert fig.data["avg"][0] == pytest.approx(ohm, abs=1e-4)  # 96-point rule at coupling 0
    fig.set(coupling=1.0)
    if model.startswith("pure"):
        assert np.allclose(fig.data["T"], ohm, atol=1e-12)
        assert np.allclose(fig.data["avg"], ohm, atol=1e-4)
        assert fig.data["avg_now"] == pytest.approx(ohm, abs=1e-12)
    else:  # the beam splitter never dephases fully and adds resistance
        assert np.ptp(fig.data["T"]) > 0.01
        assert fig.data["avg_now"] < ohm - 0.01
