"""Devices with voltage probes (qtransport.models.probes): the four-probe formula, dephasing.

The probes are checked against closed forms: weakly coupled directional
probes measure ``(h/2e^2)(1 - T)/T``; the double barrier with a probe is
Fabry-Perot at zero coupling and Ohmic (the phase average) at full coupling;
and the probes float (no current) whatever the phases.
"""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.constants import R0
from qtransport.models.probes import (
    MAX_COUPLING,
    PROBE_CHANNELS,
    double_barrier_probe_transmissions,
    double_barrier_with_probe,
    wire_with_two_probes,
)
from qtransport.multiterminal import (
    check_sum_rules,
    conductance_matrix,
    currents_from_voltages,
    four_probe_resistance,
    four_terminal_resistance,
    probe_voltages,
    two_probe_resistance,
    two_terminal_resistance,
)
from qtransport.smatrix import (
    beam_splitter_smatrix,
    directional_probe_smatrix,
    fabry_perot_average,
    fabry_perot_transmission,
)


def fabry_perot(T1, T2, phi):
    """Closed form of two barriers with round-trip phase phi (real reflection amplitudes)."""
    R1, R2 = 1 - T1, 1 - T2
    return T1 * T2 / (1 + R1 * R2 - 2 * np.sqrt(R1 * R2) * np.cos(phi))


def ohmic(T1, T2):
    return T1 * T2 / (T1 + T2 - T1 * T2)


@pytest.mark.parametrize("T", [0.05, 0.3, 0.75, 0.99])
def test_four_probe_formula_from_weakly_coupled_directional_probes(T):
    eps = 1e-7
    phases = np.linspace(0, 2 * np.pi, 5)
    Tm = wire_with_two_probes(T, coupling=eps, phases=(phases[:, None], phases[None, :]))
    check_sum_rules(Tm, [1, 2, 2, 1])
    G = conductance_matrix(Tm)
    R4 = four_terminal_resistance(G, 0, 3, 1, 2)
    assert np.allclose(R4, four_probe_resistance(T), rtol=1e-5)  # corrections are O(eps)
    assert np.allclose(two_terminal_resistance(G, 0, 3), two_probe_resistance(T), rtol=1e-5)
    # Invasive probes (finite coupling) measure a different resistance.
    G_strong = conductance_matrix(wire_with_two_probes(T, coupling=0.3))
    assert four_terminal_resistance(G_strong, 0, 3, 1, 2) - four_probe_resistance(T) > 0.1 * R0


@pytest.mark.parametrize("T", [0.2, 0.6])
def test_four_probe_formula_from_phase_averaged_beam_splitter_probes(T):
    eps = 1e-7
    th = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    Tm = wire_with_two_probes(
        T, coupling=eps, phases=(th[:, None], th[None, :]), probe="beam_splitter"
    )
    G = conductance_matrix(Tm)
    coherent = four_terminal_resistance(G, 0, 3, 1, 2)
    # A coherent probe sees the interference pattern: the reading swings with the phases ...
    assert coherent.max() - coherent.min() > 0.5 * R0
    assert coherent.min() < 0
    # ... and averaging the transmissions over the probe positions gives the formula.
    G_avg = conductance_matrix(Tm.mean(axis=(0, 1)))
    assert four_terminal_resistance(G_avg, 0, 3, 1, 2) == pytest.approx(
        four_probe_resistance(T), rel=1e-5
    )


@pytest.mark.parametrize("probe", ["directional", "beam_splitter"])
def test_dephasing_probe_at_zero_coupling_is_coherent(probe):
    phi = np.linspace(0, 2 * np.pi, 33)
    for T1, T2 in [(0.3, 0.5), (0.2, 0.2), (0.9, 0.05)]:
        value = double_barrier_with_probe(T1, T2, phi, 0.0, probe=probe)
        assert np.allclose(value, fabry_perot(T1, T2, phi), rtol=1e-12)
        assert np.allclose(value, fabry_perot_transmission(T1, T2, phi), rtol=1e-12)


def test_directional_probe_at_full_coupling_is_ohmic_for_every_phase():
    phi = np.linspace(0, 2 * np.pi, 17)
    for T1, T2 in [(0.3, 0.5), (0.2, 0.2), (0.9, 0.05), (1.0, 0.4)]:
        value = double_barrier_with_probe(T1, T2, phi, 1.0)
        assert np.allclose(value, ohmic(T1, T2), rtol=1e-12)
        assert np.allclose(value, fabry_perot_average(T1, T2), rtol=1e-12)


def test_directional_probe_keeps_the_phase_average_and_flattens_resonances():
    phi = np.linspace(0, 2 * np.pi, 256, endpoint=False)  # trapezoid: spectral for periodic
    coupling = np.linspace(0, 1, 11)
    T1, T2 = 0.3, 0.5
    values = double_barrier_with_probe(T1, T2, phi[:, None], coupling[None, :])
    assert values.shape == (256, 11)
    assert np.allclose(values.mean(axis=0), ohmic(T1, T2), rtol=1e-10)
    # The peak-to-valley contrast shrinks monotonically to zero.
    contrast = values.max(axis=0) - values.min(axis=0)
    assert np.all(np.diff(contrast) < 0) and contrast[-1] < 1e-12


def test_beam_splitter_probe_cannot_dephase_fully():
    phi = np.linspace(0, 2 * np.pi, 256, endpoint=False)
    T1, T2 = 0.3, 0.5
    values = double_barrier_with_probe(
        T1, T2, phi[:, None], [0.0, 0.25, 0.5], probe="beam_splitter"
    )
    assert values.mean(axis=0)[0] == pytest.approx(ohmic(T1, T2), rel=1e-10)
    assert np.all(np.diff(values.mean(axis=0)) < 0)  # it adds resistance
    assert np.ptp(values[:, -1]) > 0.5  # still strongly phase dependent at its strongest


@pytest.mark.parametrize("probe", ["directional", "beam_splitter"])
def test_dephasing_device_obeys_sum_rules_and_probes_float(probe):
    phi, eps = np.linspace(0, 6, 7), 0.3
    T = double_barrier_probe_transmissions(0.4, 0.7, phi, eps, probe=probe)
    M = T.shape[-1]
    check_sum_rules(T, np.ones(M))
    G = conductance_matrix(T)
    Vp = probe_voltages(G, list(range(2, M)), np.array([1.0, 0.0]))
    V = np.concatenate([np.broadcast_to([1.0, 0.0], (7, 2)), Vp], axis=-1)
    assert np.allclose(currents_from_voltages(G, V)[:, 2:], 0, atol=1e-15)
    assert np.all((Vp > 0) & (Vp < 1))


@pytest.mark.parametrize("probe", ["directional", "beam_splitter"])
def test_the_channel_counts_given_are_those_of_the_device(probe):
    # the rows of T sum to the channel numbers (unitarity), at every coupling up to the largest
    T = wire_with_two_probes(0.4, coupling=np.linspace(0.0, MAX_COUPLING[probe], 5), phases=(0.3, 1.1),
                             probe=probe)
    check_sum_rules(T, PROBE_CHANNELS[probe])
    assert np.allclose(T.sum(axis=-1), PROBE_CHANNELS[probe])
    # one channel per lead; a probe has the ports of its junction beyond the two of the wire
    junction = (directional_probe_smatrix if probe == "directional" else beam_splitter_smatrix)(0.3)
    assert PROBE_CHANNELS[probe] == (1, junction.shape[-1] - 2, junction.shape[-1] - 2, 1)
    with pytest.raises(ValueError, match="`coupling`"):
        wire_with_two_probes(0.4, coupling=MAX_COUPLING[probe] + 0.01, probe=probe)
