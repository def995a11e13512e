"""Data of the chapter-12 figures against noise, thermoelectric and interference closed forms."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from qtransport.constants import e, k_B
from qtransport.figures import ch12
from qtransport.tb.interference import conductance_fluctuations


def test_qpc_fano_is_one_when_pinched_off_and_zero_on_the_plateaus():
    data = ch12.qpc_fano_data(0.1, points=61, modes_shown=ch12.QPC_MODES)
    assert data.gate[0] == -1.0 and data.gate[-1] == 5.0
    assert data.G[0] < 1e-6 and np.isclose(data.F[0], 1.0, atol=1e-6)
    for n in (1, 2, 3):
        k = int(np.argmin(np.abs(data.gate - n)))
        assert np.isclose(data.G[k], n, atol=1e-6) and data.F[k] < 1e-6
    # the single-mode contributions add up to the Fano factor
    assert np.allclose(data.modes.sum(axis=0), data.F)


def test_noise_crossover_limits():
    data = ch12.noise_crossover_data(0.02, 400.0, 0.3, bias_points=41, temperature_points=31)
    zero = int(np.argmin(np.abs(data.bias)))
    assert np.isclose(data.S_v[zero], data.thermal, rtol=1e-9)  # Johnson-Nyquist 4 kT G at V = 0
    assert np.isclose(data.S_v[-1], data.shot_v[-1], rtol=0.01)  # eV >> kT: shot noise 2 e I F
    assert np.allclose(data.S_v, data.S_v[::-1])
    assert np.isclose(data.F, 0.7) and np.isclose(data.shot, data.shot_v[-1])
    assert np.all(data.S_t >= data.thermal_t * (1 - 1e-12))
    assert np.allclose(np.diff(np.log(data.thermal_t)), np.diff(np.log(data.temperature)))  # 4 kT G ~ T
    open_channel = ch12.noise_crossover_data(0.5, 200.0, 1.0, bias_points=41, temperature_points=31)
    assert open_channel.F == 0.0 and np.allclose(open_channel.shot_v, 0.0)


def test_qpc_thermopower_vanishes_and_obeys_wiedemann_franz_on_the_plateaus():
    data = ch12.qpc_thermopower_data(0.3, 0.5, points=121, mott_every=4)
    for n in (1, 2):
        k = int(np.argmin(np.abs(data.gate - n)))
        assert abs(data.S[k]) < 0.5 and np.isclose(data.lorenz[k], 1.0, atol=1e-3)
    assert np.allclose(data.mott_gate, data.gate[::4])
    open_ = data.mott_gate > 0.6
    assert np.allclose(data.mott[open_], data.S[::4][open_], atol=0.05 * np.abs(data.S).max())
    assert np.isclose(data.peaks[0], -2 * np.log(2) * k_B / e * 1e6)


def test_level_zt_symmetries():
    data = ch12.level_zt_data(0.5, 0.0, levels=np.linspace(-6.0, 6.0, 13))
    # electrons against holes, up to the sampling of the energy grid (not symmetric about the level)
    assert np.allclose(data.S, -data.S[::-1], rtol=1e-3, atol=1e-5)
    assert np.allclose(data.G, data.G[::-1], atol=1e-5) and np.allclose(data.zt, data.zt[::-1], rtol=1e-3)
    assert data.zt[6] < 1e-8 and data.best != 6
    capped = ch12.level_zt_data(0.5, 1.0, levels=np.linspace(-6.0, 6.0, 13))
    assert np.all(capped.zt[data.zt > 0] < data.zt[data.zt > 0])
    assert np.allclose(capped.S, data.S)


def test_ring_harmonics_of_an_exact_two_harmonic_ensemble():
    phi = np.linspace(0.0, 1.0, 8, endpoint=False)
    shape = 0.4 + 0.05 * np.cos(2 * np.pi * phi) - 0.02 * np.cos(4 * np.pi * phi)
    ensemble = SimpleNamespace(fluxes=phi, energies=np.array([2.1, 2.3]),
                               transmissions=np.broadcast_to(shape, (3, 2, 8)).copy())
    sample = SimpleNamespace(fluxes=np.linspace(-1, 1, 9), transmissions=np.ones((1, 1, 9)))
    data = ch12.ring_interference_data(0.0, 10, data={"samples": {0.0: sample}, "ensemble": ensemble}, fit_points=9)
    assert data.rings == 3 and data.energies == 2
    assert np.allclose(data.c, [0.05, -0.02]) and np.allclose(data.c_err, 0.0)
    assert np.allclose(data.sem, 0.0) and np.allclose(data.mean, shape)
    expected = 0.4 + 0.05 * np.cos(2 * np.pi * data.fine) - 0.02 * np.cos(4 * np.pi * data.fine)
    assert np.allclose(data.fit, expected) and np.isclose(data.typical_c1, 0.05)


def test_wire_eigenvalue_density_is_normalized_per_unit_conductance():
    wires = conductance_fluctuations((10, 20), 8, energy=2.0, disorder=1.5, fluxes=(0.0, 0.008), realizations=6,
                                     rng=np.random.default_rng(1))
    data = ch12.wire_noise_data(18, "in a field", data=wires, bins=20, points=50)
    assert data.L == 20 and np.isclose(data.g, wires.mean[1, 1])
    assert np.isclose(np.sum(data.rho * data.centres * np.diff(data.edges)), 1.0, rtol=0.02)  # sum T_n = g
    assert np.allclose(data.dorokhov, 1 / (2 * data.t_fine * np.sqrt(1 - data.t_fine)))
    assert np.allclose(data.var, wires.variance[:, 1]) and np.allclose(data.F, wires.fano.value[:, 1])
    with pytest.raises(ValueError, match="`field`"):
        ch12.wire_noise_data(20, "strong field", data=wires)


def test_ring_data_single_rings_are_periodic_and_even_in_the_flux():
    seen = []
    data = ch12.ring_data(realizations=2, energies=[2.2], fluxes=np.array([0.0, 0.25, 0.5, 0.75]),
                          progress=lambda d, t: seen.append(d / t))
    phi = ch12.RING_SAMPLE_FLUXES
    shift = int(round(1.0 / (phi[1] - phi[0])))
    assert sorted(data["samples"]) == list(ch12.RING_DISORDERS)
    for sample in data["samples"].values():
        one = sample.transmissions[0, 0]
        assert np.allclose(one[shift:], one[:-shift], atol=1e-10)  # period h/e
        assert np.allclose(one, one[::-1], atol=1e-10)  # two terminals: T(Phi) = T(-Phi)
    ens = np.asarray(data["ensemble"].transmissions)
    assert ens.shape == (2, 1, 4)
    assert np.allclose(ens[:, :, 1], ens[:, :, 3], atol=1e-10)  # T(1/4) = T(-1/4) = T(3/4)
    assert seen and seen[-1] == 1.0


def test_wire_data_has_the_open_channels_of_the_strip():
    data = ch12.wire_data(lengths=(10,), realizations=3)
    n = np.arange(1, ch12.WIRE_WIDTH + 1)
    # transverse mode n is open at E = 2 t while 2 - 2 cos(n pi / (W + 1)) < E
    assert np.all(np.asarray(data.open_channels) == np.count_nonzero(2 - 2 * np.cos(n * np.pi / 21) < 2.0))
    assert np.all((data.mean > 0) & (data.mean <= data.open_channels[0]))
    assert np.all((data.fano.value > 0) & (data.fano.value < 1))
