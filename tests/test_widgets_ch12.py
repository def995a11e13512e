"""The figures of chapter 12 plot what their captions claim.

The generic sweep in ``test_widgets.py`` checks that every figure survives
every control; here the plotted data are compared with closed forms, with
the quadrature route of :mod:`qtransport.models.thermoelectric` and with the
library calls the figures are built from.  The lattice figures are built
from small seeded ensembles so that the tests stay fast.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.constants import G0, e, thermal_energy
from qtransport.models.qpc import saddle_point_transmission
from qtransport.models.resonant import breit_wigner
from qtransport.models.thermoelectric import (
    LORENZ_NUMBER,
    figure_of_merit,
    thermoelectric_coefficients,
)
from qtransport.tb.interference import eigenvalue_density
from qtransport.widgets import ch12

GATES = ch12._QPC_GATES


def test_qpc_fano_is_one_when_pinched_off_and_zero_on_the_plateaus():
    fig = ch12.qpc_fano()
    fig.set(hw_x_mev=0.3)
    data = fig.data
    assert data["F"][0] == pytest.approx(1.0, abs=1e-6)  # 1 meV below the first threshold: tunnelling
    for n in (1, 2, 3):  # plateau centres at E_F - V0 = n meV (thresholds at n - 1/2)
        k = int(np.argmin(np.abs(GATES - n)))
        assert data["G"][k] == pytest.approx(n, abs=1e-3)
        assert data["F"][k] < 1e-3
    half = int(np.argmin(np.abs(GATES - 0.5)))  # first mode half open
    assert data["F"][half] == pytest.approx(0.5, abs=1e-3)


def test_noise_crossover_limits():
    fig = ch12.noise_crossover()
    fig.set(temperature_K=1.0, transmission=0.4, bias_uV=400.0)
    data = fig.data
    kT = float(thermal_energy(1.0))
    zero = int(np.argmin(np.abs(ch12._BIAS_UV)))
    assert data["S_v"][zero] == pytest.approx(data["thermal"], rel=1e-12)
    assert data["thermal"] * 1e-27 == pytest.approx(4 * kT * e * 0.4 * G0, rel=1e-12)
    # At finite bias: the thermal part 2kT sum T^2 (ratio T to 4kTG) plus the shot noise times coth(eV/2kT).
    x = 400e-6 / (2 * kT)
    assert data["S_v"][-1] == pytest.approx(data["shot_v"][-1] / np.tanh(x) + data["thermal"] * 0.4, rel=1e-10)
    # S(T) at 400 uV: the shot noise at low temperature, 4 kT G at high temperature.
    assert data["S_t"][0] == pytest.approx(data["shot"] + 0.4 * data["thermal_t"][0], rel=1e-9)
    # At 20 K, e V / 2kT = 0.12: 4kTG [T + (1 - T) x coth x], within 0.3 % of 4 kT G.
    x_hot = 400e-6 / (2 * float(thermal_energy(ch12._TEMPS_K[-1])))
    hot = data["thermal_t"][-1] * (0.4 + 0.6 * x_hot / np.tanh(x_hot))
    assert data["S_t"][-1] == pytest.approx(hot, rel=1e-10)
    assert data["S_t"][-1] == pytest.approx(data["thermal_t"][-1], rel=3e-3)


@pytest.mark.parametrize(("temperature", "hw_x"), [(0.1, 0.3), (2.0, 0.3), (0.8, 1.5)])
def test_qpc_thermopower_data_equal_the_quadrature_route(temperature, hw_x):
    data = ch12.qpc_thermo_data(temperature, hw_x)
    kT = float(thermal_energy(temperature))
    for k in (30, 75, 140):
        g = GATES[k]

        def transmission(E, g=g):
            return float(saddle_point_transmission(E * 1e3, V0=-g, hw_x=hw_x, hw_y=1.0, n_modes=8).sum())

        ref = thermoelectric_coefficients(transmission, mu=0.0, kT=kT)
        # The trapezoid rule on the figure's grid: relative accuracy about 1e-6 at worst (steps ħω_x / 5).
        assert data["G"][k] == pytest.approx(ref.conductance / G0, rel=1e-5)
        assert data["S"][k] == pytest.approx(ref.seebeck * 1e6, rel=1e-5, abs=1e-6)
        assert data["lorenz"][k] == pytest.approx(ref.lorenz_ratio / LORENZ_NUMBER, rel=1e-5)


def test_qpc_thermopower_peaks_between_plateaus_and_wiedemann_franz_holds_on_them():
    data = ch12.qpc_thermo_data(0.3, 0.5)
    S = data["S"]
    # Between plateaus, minima of S (electron-like, negative) sit at the thresholds E_F - V0 = n + 1/2 meV;
    # below the first plateau |S| keeps growing (activation over the saddle), with no peak.
    inner = (S[1:-1] < S[:-2]) & (S[1:-1] < S[2:]) & (S[1:-1] < -1.0)
    peaks = GATES[1:-1][inner]
    assert np.allclose(peaks, [1.5, 2.5, 3.5, 4.5], atol=0.06)
    assert np.all(np.diff(S[GATES < 0.5]) > 0)
    for n in (1, 2, 3):
        k = int(np.argmin(np.abs(GATES - n)))
        assert abs(S[k]) < 0.5  # µV/K, against peaks of tens of µV/K
        assert data["lorenz"][k] == pytest.approx(1.0, abs=1e-3)
    # Mott: at kT = 26 µeV against steps 0.5 meV wide, close to the full result once the first mode is
    # open (in the pinched-off tail ln T falls by 2 pi kT / ħω_x = 0.33 per kT, not slowly enough).
    open_ = GATES[::6] > 0.6
    assert np.allclose(data["mott"][open_], S[::6][open_], atol=0.05 * np.abs(S[GATES > 0.6]).max())


def test_level_zt_equals_the_quadrature_and_grows_as_the_level_narrows():
    maxima = []
    for width in (2.0, 0.5, 0.1):
        data = ch12.level_data(width, 0.0)
        maxima.append(data["zt"].max())
        for k in (40, 100, 130):
            eps = ch12._LEVELS[k] * 1e-3

            def level(E, eps=eps, width=width):
                return float(breit_wigner(E, level=eps, gamma_left=width / 2e3, gamma_right=width / 2e3))

            ref = figure_of_merit(level, kT=1e-3, points=[eps])
            assert data["zt"][k] == pytest.approx(ref, rel=3e-3)
        centre = int(np.argmin(np.abs(ch12._LEVELS)))
        assert data["zt"][centre] < 1e-8  # level at mu: electrons and holes cancel, S = 0
    assert maxima[0] < maxima[1] < maxima[2]  # Mahan-Sofo
    capped = ch12.level_data(0.1, 1.0)  # a phonon conductance of 2 kappa_0 caps ZT
    assert capped["zt"].max() < 0.2 * maxima[2]
    assert np.allclose(capped["S"], ch12.level_data(0.1, 0.0)["S"], rtol=1e-12)
    assert np.all(np.abs(capped["S"]) < 15)  # units of k_B/e


@pytest.fixture(scope="module")
def small_rings():
    return ch12.ring_data(realizations=4, energies=[2.1, 2.3], fluxes=np.linspace(0, 1, 8, endpoint=False))


def test_ring_figure_shows_one_periodic_even_sample_and_the_ensemble_mean(small_rings):
    fig = ch12.ring_interference(small_rings)
    fig.set(disorder=1.0, rings=3)
    one = fig.data["one"]
    phi = ch12.RING_SAMPLE_FLUXES
    shift = int(round(1.0 / (phi[1] - phi[0])))  # one flux quantum in grid steps
    assert np.allclose(one[shift:], one[:-shift], atol=1e-10)  # period h/e
    assert np.allclose(one, one[::-1], atol=1e-10)  # T(Phi) = T(-Phi)
    ens = small_rings["ensemble"]
    assert np.allclose(fig.data["mean"], ens.transmissions[:3].mean(axis=(0, 1)), rtol=1e-12)


def test_wire_figure_plots_the_library_density_and_fano_factors():
    data = ch12.wire_data(lengths=(30, 60), realizations=6)
    fig = ch12.wire_noise(data)
    fig.set(length=60, field="in a field")
    _, rho = eigenvalue_density(data.eigenvalues[1][1], bins=np.linspace(0, 1, 21))
    assert np.allclose(fig.data["rho"], rho)
    assert np.allclose(fig.data["F"], data.fano.value[:, 1])
    assert np.allclose(fig.data["var"], data.variance[:, 1])
