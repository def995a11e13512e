"""Bad input across the public library: every input gets a clear answer.

Two sweeps.

The generic sweep finds every public function and class of ``qtransport``
(every module but ``qtransport.grading`` and ``qtransport.widgets``, as
exported at run time), takes its one valid call from ``VALID`` and replaces
one parameter at a time -- defaulted ones included -- by hostile values:
``None``, text, NaN, +-infinity, complex where a real number is meant, bools,
empty, ragged and wrongly shaped arrays, huge sizes and integers beyond 64
bits (which values depends on the parameter's valid value, see
``_hostile_values``).  Each call runs in a child process with a limit on its
address space (``RLIMIT_AS``), a small pool of them serving the whole sweep.
A call passes when it either

* raises ``ValueError`` or ``TypeError`` whose message names the parameter in
  backticks (`` `name` `` or an element such as `` `probes[0]` ``), or
* returns, with every number in the result finite unless the function's
  docstring promises infinities or NaN;

and some values must be refused (text, ``None``, NaN, infinity, complex for a
real number, a bool as a count, anything but a bool as a flag).  Any other
error type, a crash or a memory blow-up of the child, a hang, or an
undocumented NaN fails.

The second sweep lists physically wrong inputs (negative temperatures,
out-of-range transmissions, non-unitary S, broken sum rules, wrong shapes)
with the message expected for each.

To add a public function: add one entry to ``VALID`` (keyed by
``module.name``); ``test_every_public_function_is_in_the_sweep`` fails until
it is there.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import numbers
import os
import pickle
import pkgutil
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest


class _Missing(Exception):
    """A module or function named in the tables does not exist (any more)."""


class _LazyModule:
    """A module alias resolved at use, so that a table survives a module that went away."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        if attr.startswith("__"):  # introspection (pytest, inspect) is not a use
            raise AttributeError(attr)
        try:
            module = importlib.import_module(self._name)
        except ModuleNotFoundError as exc:
            raise _Missing(f"module {self._name} does not exist") from exc
        try:
            return getattr(module, attr)
        except AttributeError:
            raise _Missing(f"{self._name}.{attr} does not exist") from None


lat = _LazyModule("qtransport.lattice")
TB = _LazyModule("qtransport.tb")
C = _LazyModule("qtransport.constants")
D = _LazyModule("qtransport.distributions")
L = _LazyModule("qtransport.landauer")
MT = _LazyModule("qtransport.multiterminal")
SM = _LazyModule("qtransport.smatrix")
CAP = _LazyModule("qtransport.models.capacitor")
CB = _LazyModule("qtransport.models.coulomb")
DIR = _LazyModule("qtransport.models.dirac")
HEL = _LazyModule("qtransport.models.helical")
LL = _LazyModule("qtransport.models.luttinger")
NOI = _LazyModule("qtransport.models.noise")
OH = _LazyModule("qtransport.models.ohmic")
QPC = _LazyModule("qtransport.models.qpc")
QH = _LazyModule("qtransport.models.quantum_hall")
RES = _LazyModule("qtransport.models.resonant")
SPN = _LazyModule("qtransport.models.spin")
SC = _LazyModule("qtransport.models.superconductor")
TE = _LazyModule("qtransport.models.thermoelectric")
AND = _LazyModule("qtransport.tb.andreev")
GEO = _LazyModule("qtransport.tb.geometries")
INT = _LazyModule("qtransport.tb.interference")
SPT = _LazyModule("qtransport.tb.spintronics")
TOP = _LazyModule("qtransport.tb.topological")
TBL = _LazyModule("qtransport.tb.lattice")
TBB = _LazyModule("qtransport.tb.builder")
TBLOC = _LazyModule("qtransport.tb.localization")
TBHALL = _LazyModule("qtransport.tb.hall")


def _unitary(n, seed):
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n)))
    return q * (np.diag(r) / np.abs(np.diag(r)))


S2, S2B, S4 = _unitary(2, 0), _unitary(2, 1), _unitary(4, 2)
T3 = np.array([[0.2, 0.3, 0.5], [0.5, 0.2, 0.3], [0.3, 0.5, 0.2]])  # rows and columns sum to 1
CHAIN_CELL = {"h_cell": np.array([[2.0]]), "h_hop": np.array([[-1.0]]), "energy": 1.0}
DOT = {"charging_energy": 1e-3, "gamma_left": 1e-7, "gamma_right": 1e-7}  # the keywords of an Island
LEVEL = {"level": 0.0, "gamma_left": 0.01, "gamma_right": 0.02}
SADDLE = {"V0": 0.0, "hw_x": 1e-3, "hw_y": 2e-3}
BAR = {"length": 40, "width": 16, "probe_width": 5}
KITAEV = {"t": 1.0, "delta": 0.5, "mu": 0.3}
E12 = np.linspace(-0.05, 0.05, 2001)
NS_PARAMS = {"mu": 2.0, "delta": 0.01, "barrier": 0.0, "disorder": 0.0}


def flat(E):
    return 0.5 + 0 * E


def ramp(E):
    return 0.5 + 0.1 * np.tanh(E / 0.01)


# Objects built by the library itself, built once per process and only when used.
@functools.cache
def G3():
    return MT.conductance_matrix(T3, [1, 1, 1])


@functools.cache
def G4():
    return MT.conductance_matrix(MT.transmissions_from_smatrix(S4, [1, 1, 1, 1]), [1, 1, 1, 1])


@functools.cache
def G6():
    return MT.conductance_matrix(QH.hall_bar_transmissions(2), [2] * 6, spin_degeneracy=1)


@functools.cache
def SPIN_CROSS():
    return SPT.magnetized_cross(6, 2)


@functools.cache
def TB_WIRE():
    return GEO.strip(3, 2).finalized()


@functools.cache
def WIRE12():
    return INT.disordered_wire(4, 3).finalized()


@functools.cache
def QWZ_SMALL():
    return TOP.qwz_ribbon(4, 2).finalized()


@functools.cache
def NS_SMALL():
    return AND.ns_junction(1, 1)


@functools.cache
def TB_ENSEMBLE():
    return TBLOC.transmission_ensemble([2, 4], energy=1.0, disorder=1.0, realizations=3,
                                       rng=np.random.default_rng(0))


@functools.cache
def RGF_INPUTS():
    """A clean strip of width 3 and length 5 as plain arrays (on-site 4t, hopping -t)."""
    leads = importlib.import_module("qtransport.lattice.leads")
    h_slice, _ = leads.strip_lead_hamiltonian(3)
    sigma = leads.strip_self_energy([1.0, 2.0], 3)
    return {"energies": [1.0, 2.0], "h_slice": h_slice.real, "hopping": -np.ones(3),
            "potential": np.zeros((5, 3)), "sigma_left": sigma, "sigma_right": sigma}


# One valid call of every public function and class, keyed by ``module.name``:
# a function returning the keyword arguments (built lazily, in the child).
VALID = {
    "qtransport.models.spin.spin_resolved_conductance": lambda: {"t_up": 0.8, "t_down": 0.3},
    "qtransport.models.spin.current_polarization": lambda: {"t_up": 0.8, "t_down": 0.3},
    "qtransport.models.spin.two_current_resistance": lambda: {"majority": [1.0, 1.0], "minority": [3.0, 3.0], "magnetizations": [1, -1]},
    "qtransport.models.spin.gmr_trilayer_resistances": lambda: {"majority": 1.0, "minority": 3.0},
    "qtransport.models.spin.giant_magnetoresistance": lambda: {"majority": 1.0, "minority": 3.0},
    "qtransport.models.spin.julliere_tmr": lambda: {"p1": 0.4, "p2": 0.5},
    "qtransport.models.spin.julliere_conductances": lambda: {"p1": 0.4, "p2": 0.5},
    "qtransport.models.spin.tunnel_conductance_angle": lambda: {"theta": 0.3, "p1": 0.4, "p2": 0.5},
    "qtransport.models.dirac.fermi_velocity": lambda: {"hopping": 2.8, "bond_length": 1.42e-10},
    "qtransport.models.dirac.dirac_barrier_transmission": lambda: {"phi": 0.3, "energy": 1.0, "height": 3.0, "width": 2.0},
    "qtransport.models.dirac.armchair_transverse_phases": lambda: {"n_dimers": 5},
    "qtransport.models.dirac.armchair_is_metallic": lambda: {"n_dimers": 5},
    "qtransport.models.dirac.armchair_bands": lambda: {"k": 0.3, "n_dimers": 5},
    "qtransport.models.dirac.armchair_subband_edges": lambda: {"n_dimers": 5},
    "qtransport.models.dirac.armchair_open_channels": lambda: {"energy": 1.0, "n_dimers": 5},
    "qtransport.models.dirac.zigzag_transverse_phases": lambda: {"k": 2.0, "n_chains": 5},
    "qtransport.models.dirac.zigzag_bands": lambda: {"k": 2.0, "n_chains": 5},
    "qtransport.models.dirac.zigzag_subband_edges": lambda: {"n_chains": 5},
    "qtransport.models.dirac.zigzag_open_channels": lambda: {"energy": 1.0, "n_chains": 5},
    "qtransport.models.helical.helical_edge_transmissions": lambda: {"n_terminals": 4},
    "qtransport.models.helical.helical_conductance_matrix": lambda: {"n_terminals": 4},
    "qtransport.models.helical.helical_four_terminal_resistance": lambda: {"n_terminals": 4, "i": 0, "j": 3, "k": 1, "l": 2},
    "qtransport.models.helical.helical_ring_resistance": lambda: {"n_between_1": 0, "n_between_2": 2},
    "qtransport.models.superconductor.btk_coefficients": lambda: {"energy": 0.5, "delta": 1.0, "Z": 0.5},
    "qtransport.models.superconductor.btk_normal_transmission": lambda: {"Z": 0.5},
    "qtransport.models.superconductor.btk_conductance": lambda: {"bias": 0.5, "delta": 1.0, "Z": 0.5, "kT": 0.1},
    "qtransport.models.superconductor.bcs_density_of_states": lambda: {"energy": 1.5, "delta": 1.0},
    "qtransport.models.superconductor.beenakker_conductance": lambda: {"transmissions": [0.5, 0.9]},
    "qtransport.models.superconductor.kitaev_hamiltonian": lambda: {"n_sites": 6, **KITAEV},
    "qtransport.models.superconductor.kitaev_spectrum": lambda: {"n_sites": 6, **KITAEV},
    "qtransport.models.superconductor.kitaev_bulk_spectrum": lambda: {"k": 0.3, **KITAEV},
    "qtransport.models.superconductor.kitaev_is_topological": lambda: KITAEV,
    "qtransport.models.superconductor.kitaev_end_modes": lambda: {"n_sites": 6, **KITAEV},
    "qtransport.models.noise.fano_factor": lambda: {"transmissions": [0.5, 0.9]},
    "qtransport.models.noise.shot_noise": lambda: {"bias": 1e-3, "transmissions": [0.5, 0.9]},
    "qtransport.models.noise.johnson_nyquist_noise": lambda: {"conductance": 1e-4, "kT": 1e-3},
    "qtransport.models.noise.two_terminal_noise": lambda: {"bias": 1e-3, "transmissions": [0.5, 0.9], "kT": 1e-3},
    "qtransport.models.noise.transmission_density": lambda: {"transmission": 0.5, "kind": "diffusive"},
    "qtransport.models.noise.distribution_fano_factor": lambda: {"kind": "cavity"},
    "qtransport.models.thermoelectric.landauer_integrals": lambda: {"transmission": ramp, "kT": 1e-3},
    "qtransport.models.thermoelectric.thermoelectric_coefficients": lambda: {"transmission": ramp, "kT": 1e-3},
    "qtransport.models.thermoelectric.seebeck_coefficient": lambda: {"transmission": ramp, "kT": 1e-3},
    "qtransport.models.thermoelectric.electronic_heat_conductance": lambda: {"transmission": ramp, "kT": 1e-3},
    "qtransport.models.thermoelectric.figure_of_merit": lambda: {"transmission": ramp, "kT": 1e-3, "phonon_conductance": 1e-12},
    "qtransport.models.thermoelectric.thermal_conductance_quantum": lambda: {"kT": 1e-3},
    "qtransport.models.thermoelectric.mott_seebeck": lambda: {"transmission": ramp, "kT": 1e-3},
    "qtransport.constants.thermal_energy": lambda: {"temperature": 1.0},
    "qtransport.constants.temperature_from_energy": lambda: {"kT": 1e-3},
    "qtransport.constants.convert_energy": lambda: {"value": 1.0, "from_unit": "eV", "to_unit": "meV"},
    "qtransport.distributions.fermi": lambda: {"energy": 0.1, "mu": 0.0, "kT": 0.01},
    "qtransport.distributions.thermal_window": lambda: {"energy": 0.1, "mu": 0.0, "kT": 0.01},
    "qtransport.landauer.landauer_current": lambda: {"transmission": flat, "bias": 0.01, "kT": 0.001},
    "qtransport.landauer.landauer_conductance": lambda: {"transmission": flat, "mu": 0.0, "kT": 0.001},
    "qtransport.landauer.iv_curve": lambda: {"transmission": flat, "biases": [0.01, 0.02]},
    "qtransport.smatrix.smatrix_blocks": lambda: {"S": S2, "n_left": 1},
    "qtransport.smatrix.smatrix_from_blocks": lambda: {"r": S2[:1, :1], "t_prime": S2[:1, 1:], "t": S2[1:, :1], "r_prime": S2[1:, 1:]},
    "qtransport.smatrix.is_unitary": lambda: {"S": S2},
    "qtransport.smatrix.check_unitary": lambda: {"S": S2},
    "qtransport.smatrix.smatrix_transmission": lambda: {"S": S2, "n_left": 1},
    "qtransport.smatrix.smatrix_transmission_eigenvalues": lambda: {"S": S4, "n_left": 2},
    "qtransport.smatrix.star_product": lambda: {"S1": S2, "S2": S2B, "n_left_1": 1},
    "qtransport.smatrix.barrier_smatrix": lambda: {"transmission": 0.5},
    "qtransport.smatrix.free_propagation": lambda: {"phase": 0.3},
    "qtransport.smatrix.fabry_perot_transmission": lambda: {"T1": 0.5, "T2": 0.4, "phi": 0.3},
    "qtransport.smatrix.fabry_perot_average": lambda: {"T1": 0.5, "T2": 0.4},
    "qtransport.multiterminal.check_sum_rules": lambda: {"T": T3, "channels": [1, 1, 1]},
    "qtransport.multiterminal.transmissions_from_smatrix": lambda: {"S": S4, "channels": [1, 1, 1, 1]},
    "qtransport.multiterminal.conductance_matrix": lambda: {"T": T3, "channels": [1, 1, 1]},
    "qtransport.multiterminal.currents_from_voltages": lambda: {"G": G3(), "voltages": [1.0, 0.0, 0.5]},
    "qtransport.multiterminal.voltages_from_currents": lambda: {"G": G3(), "currents": [1e-6, -1e-6, 0.0]},
    "qtransport.multiterminal.eliminate_floating_probes": lambda: {"G": G3(), "probes": [2]},
    "qtransport.multiterminal.probe_voltages": lambda: {"G": G3(), "probes": [2], "voltages": [1.0, 0.0]},
    "qtransport.multiterminal.effective_transmission": lambda: {"T": T3, "source": 0, "drain": 1, "probes": [2], "channels": [1, 1, 1]},
    "qtransport.multiterminal.two_terminal_resistance": lambda: {"G": G3(), "i": 0, "j": 1},
    "qtransport.multiterminal.four_terminal_resistance": lambda: {"G": G4(), "i": 0, "j": 1, "k": 2, "l": 3},
    "qtransport.multiterminal.hall_resistance": lambda: {"G": G6()},
    "qtransport.multiterminal.longitudinal_resistance": lambda: {"G": G6()},
    "qtransport.multiterminal.contact_resistance": lambda: {"n_channels": 2},
    "qtransport.multiterminal.two_probe_resistance": lambda: {"T": 0.5},
    "qtransport.multiterminal.four_probe_resistance": lambda: {"T": 0.5},
    # the S-matrix networks (smatrix) and the probe devices (models.probes)
    "qtransport.smatrix.network_smatrix": lambda: {"components": [SM.barrier_smatrix(0.5), SM.barrier_smatrix(0.3)], "connections": [(1, 2)]},
    "qtransport.smatrix.beam_splitter_smatrix": lambda: {"coupling": 0.3},
    "qtransport.smatrix.directional_probe_smatrix": lambda: {"coupling": 0.3},
    "qtransport.models.probes.double_barrier_probe_transmissions": lambda: {"T1": 0.5, "T2": 0.5, "phi": 0.3, "coupling": 0.2},
    "qtransport.models.probes.double_barrier_with_probe": lambda: {"T1": 0.5, "T2": 0.5, "phi": 0.3, "coupling": 0.2},
    "qtransport.models.probes.wire_with_two_probes": lambda: {"transmission": 0.5, "coupling": 0.2},
    "qtransport.constants.conductance_quantum": lambda: {"spin_degeneracy": 2, "unit": "S"},
    "qtransport.models.coulomb.Island": lambda: {"charging_energy": 2e-3, "gamma_left": 1e-6, "gamma_right": 2e-6},
    "qtransport.models.capacitor.charge_relaxation_resistance": lambda: {"phase_derivatives": [1.0, 2.0]},
    "qtransport.models.capacitor.charge_relaxation_resistance_from_smatrix": lambda: {"smatrix": S2, "smatrix_derivative": 1j * np.diag([2.0, 1.0]) @ S2},
    "qtransport.models.capacitor.cavity_reflection_amplitude": lambda: {"energy": 0.1, "transmission": 0.5, "level_spacing": 1.0},
    "qtransport.models.capacitor.cavity_phase_derivative": lambda: {"energy": 0.1, "transmission": 0.5, "level_spacing": 1.0},
    "qtransport.models.capacitor.cavity_charge_relaxation_resistance": lambda: {"energy": 0.1, "transmissions": [0.5], "level_spacing": 1.0},
    "qtransport.models.capacitor.electrochemical_capacitance": lambda: {"geometric_capacitance": 1e-15, "density_of_states": 1e17},
    "qtransport.models.coulomb.gate_charge": lambda: {"gate": 0.1, "charging_energy": 1e-3},
    "qtransport.models.coulomb.sequential_tunneling": lambda: {"island": CB.Island(**DOT), "gate": 0.1,
                                                               "bias": 1e-4, "kT": 1e-5},
    "qtransport.models.coulomb.sequential_current": lambda: {"island": CB.Island(**DOT), "gate": 0.1,
                                                             "bias": 1e-4, "kT": 1e-5},
    "qtransport.models.coulomb.sequential_conductance": lambda: {"island": CB.Island(**DOT), "gate": 0.1,
                                                                 "kT": 1e-5},
    "qtransport.models.coulomb.coulomb_diamond_map": lambda: {"island": CB.Island(**DOT), "gates": [0.0, 0.1],
                                                              "biases": [0.0, 1e-4], "kT": 1e-5},
    "qtransport.models.coulomb.single_level_peak": lambda: {"delta": 0.0, "gamma_left": 1e-7, "gamma_right": 1e-7, "kT": 1e-5},
    "qtransport.models.luttinger.luttinger_dc_conductance": lambda: {"g": 0.5},
    "qtransport.models.luttinger.plasmon_reflection": lambda: {"g": 0.5},
    "qtransport.models.luttinger.plasmon_velocity": lambda: {"g": 0.5, "velocity": 1e5},
    "qtransport.models.luttinger.luttinger_ac_conductance": lambda: {"frequency": 1e9, "g": 0.5, "length": 1e-6, "velocity": 1e5},
    "qtransport.models.luttinger.luttinger_ac_conductance_transfer_matrix": lambda: {"frequency": 1e9, "g": [0.5, 0.3], "lengths": [1e-6, 1e-6], "velocity": 1e5},
    "qtransport.models.ohmic.incoherent_series": lambda: {"transmissions": [0.5, 0.4]},
    "qtransport.models.ohmic.ohmic_transmission": lambda: {"length": 1.0, "mean_free_path": 0.5},
    "qtransport.models.ohmic.ohmic_conductance": lambda: {"length": 1.0, "mean_free_path": 0.5, "n_channels": 2},
    "qtransport.models.ohmic.ohmic_resistance": lambda: {"length": 1.0, "mean_free_path": 0.5, "n_channels": 2},
    "qtransport.models.qpc.saddle_point_transmission": lambda: {"energy": 0.01, **SADDLE},
    "qtransport.models.qpc.saddle_point_conductance": lambda: {"energy": 0.01, **SADDLE},
    "qtransport.models.quantum_hall.hall_plateau_resistance": lambda: {"nu": 2},
    "qtransport.models.quantum_hall.thermal_step_conductance": lambda: {"n_filled": 1, "delta": 0.01, "kT": 0.001},
    "qtransport.models.quantum_hall.hall_bar_transmissions": lambda: {"nu": 2},
    "qtransport.models.resonant.single_level_greens_function": lambda: {"energy": 0.1, **LEVEL},
    "qtransport.models.resonant.breit_wigner": lambda: {"energy": 0.1, **LEVEL},
    "qtransport.models.resonant.breit_wigner_conductance": lambda: {"mu": 0.1, "kT": 0.001, **LEVEL},
    "qtransport.lattice.leads.chain_self_energy": lambda: {"energy": 1.0},
    "qtransport.lattice.leads.strip_transverse_modes": lambda: {"width": 3},
    "qtransport.lattice.leads.strip_self_energy": lambda: {"energy": 1.0, "width": 3},
    "qtransport.lattice.leads.strip_open_channels": lambda: {"energy": 1.0, "width": 3},
    "qtransport.lattice.leads.strip_lead_hamiltonian": lambda: {"width": 3},
    "qtransport.lattice.leads.lead_self_energy": lambda: CHAIN_CELL,
    "qtransport.lattice.leads.lead_modes": lambda: CHAIN_CELL,
    "qtransport.lattice.leads.lead_open_channels": lambda: CHAIN_CELL,
    "qtransport.tb.spintronics.spin_along": lambda: {"theta": 0.3, "phi": 0.1},
    "qtransport.tb.spintronics.surface_polarization": lambda: {"energy": 1.0, "exchange": 0.4},
    "qtransport.tb.spintronics.exchange_for_polarization": lambda: {"polarization": 0.3, "energy": 1.0},
    "qtransport.tb.spintronics.golden_rule_valve_transmission": lambda: {"theta": 0.3, "energy": 1.0, "exchange_left": 0.4, "exchange_right": 0.2,
                                          "coupling": 0.1},
    "qtransport.tb.spintronics.tunnel_valve": lambda: {"exchange_left": 0.4, "exchange_right": 0.2, "coupling": 0.5},
    "qtransport.tb.spintronics.valve_transmission": lambda: {"theta": 0.3, "energy": 1.0, "exchange_left": 0.4, "exchange_right": 0.2,
                              "coupling": 0.5},
    "qtransport.tb.spintronics.layer_valve": lambda: {"exchange": 1.0, "layer_sites": 2, "spacer_sites": 3, "antiparallel": True},
    "qtransport.tb.spintronics.layer_transmissions": lambda: {"energy": 1.0, "exchange": 1.0, "layer_sites": 2},
    "qtransport.tb.spintronics.phase_averaged_valve": lambda: {"exchange": 1.0, "layer_sites": 1, "energy": 1.4, "first_spacer": 2},
    "qtransport.tb.spintronics.rashba_wavenumber_difference": lambda: {"alpha": 0.3, "t": 1.0},
    "qtransport.tb.spintronics.rashba_chain": lambda: {"length": 5, "lead_axis": "x", "lead_exchange": 0.2},
    "qtransport.tb.spintronics.datta_das_transmission": lambda: {"alphas": [0.1], "length": 5, "energy": 1.0, "lead_exchange": 0.0},
    "qtransport.tb.spintronics.datta_das_closed_form": lambda: {"alpha": 0.2, "length": 5, "energy": 1.0},
    "qtransport.tb.spintronics.rashba_zeeman_bands": lambda: {"k": 0.3, "alpha": 0.3, "zeeman": 0.2},
    "qtransport.tb.spintronics.right_movers": lambda: {"energy": 0.1, "alpha": 0.3, "zeeman": 0.2, "samples": 101},
    "qtransport.tb.spintronics.rashba_zeeman_wire": lambda: {"length": 2},
    "qtransport.tb.spintronics.helical_conductance_scan": lambda: {"energies": [0.1], "alphas": [0.3], "zeemans": [0.2]},
    "qtransport.tb.spintronics.magnetized_cross": lambda: {"size": 6, "arm_width": 2},
    "qtransport.tb.spintronics.cross_transmissions": lambda: {"fsys": SPIN_CROSS(), "energy": 1.0, "flux": 0.01, "exchange": 0.3, "alpha": 0.2},
    "qtransport.tb.spintronics.reciprocity_scan": lambda: {"fsys": SPIN_CROSS(), "fluxes": [0.01], "exchanges": [0.3], "energy": 1.0, "alpha": 0.2},
    "qtransport.tb.spintronics.rashba_strip": lambda: {"length": 3, "width": 2},
    "qtransport.tb.spintronics.magnetoconductance_ensemble": lambda: {"length": 3, "width": 2, "fluxes": [0.0, 1.0], "alphas": [0.0], "disorder": 1.0,
                                       "energies": [1.0], "realizations": 2, "rng": np.random.default_rng(0)},
    "qtransport.tb.topological.dirac_points": lambda: {},
    "qtransport.tb.topological.graphene_model": lambda: {"hopping": 1.0},
    "qtransport.tb.topological.qwz_model": lambda: {"mass": 1.0},
    "qtransport.tb.topological.bhz_model": lambda: {"mass": 1.0, "zeeman": 0.1},
    "qtransport.tb.topological.bloch_hamiltonian": lambda: {"model": TOP.qwz_model(mass=1.0), "k": [0.1, 0.2]},
    "qtransport.tb.topological.bulk_bands": lambda: {"model": TOP.qwz_model(mass=1.0), "k": [0.1, 0.2]},
    "qtransport.tb.topological.graphene_bands": lambda: {"k": [0.1, 0.2], "hopping": 1.0},
    "qtransport.tb.topological.chern_number": lambda: {"model": TOP.qwz_model(mass=1.0), "occupied": 1, "n_k": 8},
    "qtransport.tb.topological.hybrid_wannier_centres": lambda: {"model": TOP.qwz_model(mass=1.0), "ky": [0.0, 1.0], "occupied": 1, "n_k": 8},
    "qtransport.tb.topological.ribbon_bands": lambda: {"kind": "zigzag", "width": 4, "momenta": [0.0, 1.0], "flux": 0.0},
    "qtransport.tb.topological.ribbon_open_channels": lambda: {"kind": "zigzag", "width": 4, "energies": [0.1], "flux": 0.0, "n_k": 201},
    "qtransport.tb.topological.graphene_landau_levels": lambda: {"n": 1, "flux": 0.02, "hopping": 1.0},
    "qtransport.tb.topological.half_integer_plateau": lambda: {"energy": 0.3, "flux": 0.02, "hopping": 1.0},
    "qtransport.tb.topological.zigzag_ribbon_in_field": lambda: {"n_chains": 4, "length": 2},
    "qtransport.tb.topological.klein_system": lambda: {"length": 4, "barrier_start": 3.0, "barrier_width": 3.0, "hopping": 1.0},
    "qtransport.tb.topological.klein_transmission": lambda: {"phi": 0.2, "energy": 0.1, "height": 0.3, "width": 6.0, "hopping": 1.0},
    "qtransport.tb.topological.qwz_ribbon": lambda: {"width": 4, "length": 2},
    "qtransport.tb.topological.bhz_ribbon": lambda: {"width": 4, "length": 2},
    "qtransport.tb.topological.bhz_hbar": lambda: {"arm_width": 3, "length": 10, "height": 8, "notch": 2},
    "qtransport.tb.topological.clean_params": lambda: {"fsys": QWZ_SMALL(), "mass": 1.0, "zeeman": 0.0},
    "qtransport.tb.topological.disorder_ensemble": lambda: {"fsys": QWZ_SMALL(), "energy": 0.2, "strengths": [1.0], "mass": 1.0, "realizations": 1,
                             "rng": np.random.default_rng(0), "zeeman": 0.0, "spin_orbit": 0.0, "lead_out": 1,
                             "lead_in": 0},
    "qtransport.tb.topological.disorder_scan": lambda: {"fsys": QWZ_SMALL(), "energy": 0.2, "strengths": [1.0], "mass": 1.0, "realizations": 1,
                         "rng": np.random.default_rng(0), "zeeman": 0.0, "spin_orbit": 0.0},
    "qtransport.tb.topological.edge_density": lambda: {"fsys": QWZ_SMALL(), "energy": 0.2, "params": TOP.clean_params(QWZ_SMALL(), mass=1.0), "lead": 0},
    "qtransport.tb.topological.nonlocal_resistances": lambda: {"transmissions": HEL.helical_edge_transmissions(4)},
    "qtransport.models.superconductor.btk_conductance_curve": lambda: {"bias": [0.0, 0.5], "delta": 1.0, "Z": 0.5, "kT": 0.1},
    "qtransport.tb.andreev.ns_junction": lambda: {"width": 2, "normal_length": 2, "superconductor": True},
    "qtransport.tb.andreev.andreev_conductance": lambda: {"fsys": NS_SMALL(), "energies": [0.001, 0.002], "params": NS_PARAMS},
    "qtransport.tb.andreev.andreev_conductance_map": lambda: {"fsys": NS_SMALL(), "energies": [0.001], "name": "barrier", "values": [0.0, 1.0],
                                   "params": NS_PARAMS},
    "qtransport.tb.andreev.barrier_strength": lambda: {"barrier": 1.0, "mu": 2.0, "width": 1},
    "qtransport.tb.andreev.btk_lattice_conductance": lambda: {"energies": [0.0, 0.005], "mu": 2.0, "delta": 0.01, "barrier": 1.0, "width": 1},
    "qtransport.tb.andreev.beenakker_samples": lambda: {"width": 2, "normal_length": 2, "mu": 2.0, "delta": 0.01, "disorder": 1.0,
                             "rng": np.random.default_rng(0), "realizations": 1, "barrier": 0.0},
    "qtransport.tb.andreev.kitaev_chain": lambda: {"n_sites": 4},
    "qtransport.tb.andreev.kitaev_lattice_spectrum": lambda: {"n_sites": 4, "mus": [0.0, 1.0], "t": 1.0, "delta": 0.5},
    "qtransport.tb.andreev.kitaev_majoranas": lambda: {"n_sites": 6, "t": 1.0, "delta": 0.5, "mu": 0.5},
    "qtransport.tb.andreev.kitaev_junction": lambda: {"normal_length": 2, "barrier_sites": 1},
    "qtransport.tb.andreev.kitaev_bulk_gap": lambda: {"mu": 0.5, "t": 1.0, "delta": 0.5, "momenta": 11},
    "qtransport.tb.andreev.majorana_wire": lambda: {"length": 4, "barrier_sites": 1},
    "qtransport.tb.andreev.majorana_critical_zeeman": lambda: {"delta": 0.1, "mu": 0.05},
    "qtransport.tb.andreev.majorana_wire_bands": lambda: {"momenta": [0.0, 0.5], "mu": 0.0, "zeeman": 0.2, "delta": 0.1, "alpha": 0.5},
    "qtransport.tb.lattice.chain": lambda: {"a": 1.0, "norbs": 1},
    "qtransport.tb.lattice.square": lambda: {"a": 1.0, "norbs": 2},
    "qtransport.tb.lattice.triangular": lambda: {"a": 1.0, "norbs": 1},
    "qtransport.tb.lattice.honeycomb": lambda: {"a": 1.0, "norbs": 1},
    "qtransport.tb.lattice.cubic": lambda: {"a": 1.0, "norbs": 1},
    "qtransport.tb.builder.peierls": lambda: {"hopping": -1.0, "vector_potential": lambda x, y: (0 * x, x)},
    "qtransport.tb.builder.anderson_disorder": lambda: {"fsys": TB_WIRE(), "strength": 1.0, "rng": np.random.default_rng(0), "realizations": 2},
    "qtransport.tb.solvers.smatrix": lambda: {"fsys": TB_WIRE(), "energy": 1.0, "params": None, "method": "auto"},
    "qtransport.tb.solvers.transmission": lambda: {"fsys": TB_WIRE(), "energies": [0.5, 1.0], "params": None, "method": "auto"},
    "qtransport.tb.solvers.wave_functions": lambda: {"fsys": TB_WIRE(), "energy": 1.0, "lead": 0},
    "qtransport.tb.solvers.bond_currents": lambda: {"fsys": TB_WIRE(), "energy": 1.0, "lead": 0},
    "qtransport.tb.solvers.current_density": lambda: {"fsys": TB_WIRE(), "energy": 1.0, "lead": 0},
    "qtransport.tb.solvers.transmission_eigenvalues": lambda: {"fsys": TB_WIRE(), "energy": 1.0, "lead_out": 1, "lead_in": 0},
    "qtransport.tb.solvers.ldos": lambda: {"fsys": TB_WIRE(), "energy": 1.0, "eta": 0.0},
    "qtransport.tb.solvers.lead_bands": lambda: {"fsys": TB_WIRE(), "lead": 0, "momenta": [0.0, 1.0]},
    "qtransport.tb.geometries.chain": lambda: {"length": 3, "hopping": -1.0, "onsite": 2.0},
    "qtransport.tb.geometries.strip": lambda: {"length": 3, "width": 2, "hopping": -1.0, "onsite": 4.0},
    "qtransport.tb.geometries.ring": lambda: {"outer_radius": 6, "inner_radius": 3},
    "qtransport.tb.geometries.zigzag_ribbon": lambda: {"n_chains": 3, "length": 2},
    "qtransport.tb.geometries.armchair_ribbon": lambda: {"n_dimers": 3, "length": 2},
    "qtransport.tb.geometries.flux_tube_hopping": lambda: {"hopping": -1.0, "center": (0.0, 0.0)},
    "qtransport.tb.geometries.square_device": lambda: {"shape": lambda x, y: (x >= 0) & (x < 3) & (y >= 0) & (y < 3), "leads": [("+x", 0, 2)]},
    "qtransport.tb.geometries.cross": lambda: {"lx": 8, "ly": 6, "arm_width": 2},
    "qtransport.tb.geometries.hall_bar": lambda: {"length": 20, "width": 6, "probe_width": 3, "n_probes": 4},
    "qtransport.tb.geometries.wire_with_side_probes": lambda: {"length": 12, "width": 3, "probe_centers": [6.0], "probe_width": 2, "arm_length": 1},
    "qtransport.tb.geometries.qpc": lambda: {"length": 6, "width": 4, "taper": 2.0, "hbar_omega_y": 0.3},
    "qtransport.models.thermoelectric.sampled_thermoelectric_coefficients": lambda: {"energies": E12, "transmissions": 0.5 + 0 * E12, "kT": 1e-3},
    "qtransport.models.thermoelectric.sampled_figure_of_merit": lambda: {"energies": E12, "transmissions": 0.5 + 0.1 * np.tanh(E12 / 0.01), "kT": 1e-3,
                                  "phonon_conductance": 1e-12},
    "qtransport.models.thermoelectric.sampled_mott_seebeck": lambda: {"energies": E12, "transmissions": 0.5 + 0.1 * np.tanh(E12 / 0.01), "kT": 1e-3},
    "qtransport.tb.interference.disordered_wire": lambda: {"length": 4, "width": 3},
    "qtransport.tb.interference.disordered_ring": lambda: {"outer_radius": 6.0, "inner_radius": 3.0, "lead_width": 2},
    "qtransport.tb.interference.green_transmission": lambda: {"fsys": WIRE12(), "energies": 1.0, "params": {"flux": 0.0}},
    "qtransport.tb.interference.ring_flux_sweep": lambda: {"fluxes": [0.0, 0.3], "energies": 1.0, "outer_radius": 6.0, "inner_radius": 3.0,
                           "lead_width": 2},
    "qtransport.tb.interference.flux_harmonics": lambda: {"fluxes": np.linspace(0, 1, 8, endpoint=False), "values": np.ones(8)},
    "qtransport.tb.interference.wire_ensemble": lambda: {"length": 4, "width": 3, "energy": 1.0, "disorder": 1.0, "realizations": 2,
                         "rng": np.random.default_rng(0)},
    "qtransport.tb.interference.ensemble_fano_factor": lambda: {"eigenvalues": [[0.5, 0.2], [0.9, 0.1]]},
    "qtransport.tb.interference.eigenvalue_density": lambda: {"eigenvalues": [[0.5, 0.2], [0.9, 0.1]], "bins": 4},
    "qtransport.tb.interference.conductance_fluctuations": lambda: {"lengths": [4], "width": 3, "energy": 1.0, "disorder": 1.0, "realizations": 2,
                                    "rng": np.random.default_rng(0)},
    # recursive Green's functions on plain arrays
    "qtransport.lattice.rgf.broadening": lambda: {"sigma": RGF_INPUTS()["sigma_left"]},
    "qtransport.lattice.rgf.rgf_connected_self_energies": lambda: dict(RGF_INPUTS()),
    "qtransport.lattice.rgf.rgf_corner_blocks": lambda: dict(RGF_INPUTS()),
    "qtransport.lattice.rgf.rgf_diagonal": lambda: dict(RGF_INPUTS()),
    "qtransport.lattice.rgf.rgf_transmission": lambda: {**RGF_INPUTS(), "lengths": None},
    "qtransport.notebook.setup": lambda: {"precision": 4},
    "qtransport.tb.geometries.site_grid": lambda: {"fsys": TB_WIRE(), "values": np.ones(6), "fill": 0.0},
    # quantum Hall and localization on the general engine
    "qtransport.tb.hall.cyclotron_energy": lambda: {"flux": 0.05},
    "qtransport.tb.hall.magnetic_length": lambda: {"flux": 0.05},
    "qtransport.tb.hall.strip_hamiltonian": lambda: {"width": 4, "flux": 0.05, "k": 0.3},
    "qtransport.tb.hall.strip_bands": lambda: {"width": 4, "flux": 0.05, "k": 0.3},
    "qtransport.tb.hall.edge_states": lambda: {"width": 8, "flux": 0.05, "energy": 0.4},
    "qtransport.tb.hall.hall_bar_resistances": lambda: {"flux": 0.03, "energy": 0.35, **BAR},
    "qtransport.tb.hall.hall_bar_sweep": lambda: {"fluxes": [0.03], "energy": 0.35, **BAR},
    "qtransport.tb.hall.site_current_density": lambda: {"fsys": TB_WIRE(), "energy": 1.0, "lead": 0},
    "qtransport.tb.localization.thouless_localization_length": lambda: {"energy": 1.0, "disorder": 1.0},
    "qtransport.tb.localization.transmission_ensemble": lambda: {
        "lengths": [2, 4], "energy": 1.0, "disorder": 1.0, "realizations": 3, "rng": np.random.default_rng(0)},
    "qtransport.tb.localization.ln_transmission_distribution": lambda: {"transmissions": [0.1, 0.2, 0.3]},
    "qtransport.tb.localization.magnetotransmission": lambda: {
        "length": 6, "width": 3, "fluxes": [0.0, 0.02], "energy": 1.0, "disorder": 1.0, "realizations": 3,
        "rng": np.random.default_rng(0)},
    "qtransport.tb.localization.localization_length": lambda: {"ensemble": TB_ENSEMBLE()},
    "qtransport.tb.localization.mean_free_path": lambda: {"ensemble": TB_ENSEMBLE()},
    # classes users construct
    "qtransport.tb.lattice.Lattice": lambda: {"vectors": [[1.0, 0.0], [0.0, 1.0]], "basis": [[0.0, 0.0]], "norbs": 1,
                                              "name": "square"},
    "qtransport.tb.builder.System": lambda: {"lattice": TB.square(), "shape": lambda x, y: (x >= 0) & (x < 3),
                                             "start": (0.0, 0.0), "onsite": 4.0},
    "qtransport.tb.builder.Lead": lambda: {"direction": (1, 0), "name": "right"},
    # fits handed an ensemble
}

# Classes of results or of built systems: made by the library, not by the user.
NOT_BUILT_BY_USERS = {
    "qtransport.tb.builder.FiniteSystem",  # System.finalized()
    "qtransport.tb.builder.FiniteLead",  # System.finalized()
}

# (function, parameter) pairs for which None is a documented, valid choice
# (besides parameters whose default is None, which are exempt anyway).
NONE_IS_VALID = {
    ("qtransport.tb.lattice.Lattice", "basis"),
    ("qtransport.tb.interference.ring_flux_sweep", "lead_width"),  # None: the width of the ring's arm
}

# Parameters that take complex values although the valid call gives real ones.
COMPLEX_IS_VALID = {
    ("qtransport.lattice.leads.lead_self_energy", "h_hop"),
    ("qtransport.lattice.leads.lead_modes", "h_hop"),
    ("qtransport.lattice.leads.lead_open_channels", "h_hop"),
    # the hoppings between RGF slices carry the Peierls phases of a magnetic field
    ("qtransport.lattice.rgf.rgf_transmission", "hopping"),
    ("qtransport.lattice.rgf.rgf_corner_blocks", "hopping"),
    ("qtransport.lattice.rgf.rgf_connected_self_energies", "hopping"),
    ("qtransport.lattice.rgf.rgf_diagonal", "hopping"),
}

# Parameters whose text is a free label (any string is valid).
FREE_TEXT = {
    ("qtransport.smatrix.check_unitary", "name"),
    ("qtransport.tb.lattice.Lattice", "name"),
    ("qtransport.tb.builder.Lead", "name"),
    ("qtransport.tb.geometries.flux_tube_hopping", "parameter"),  # the name of the flux parameter: any Python name
}


def _returns_nan(x, *args, **kwargs):
    """A transmission function gone wrong: NaN of the shape of its argument."""
    return np.full(np.shape(x), np.nan)


def _not_callable_but_close():
    return 3


# Extra hostile values for particular parameters: {(key, parameter): {label: (make, must_refuse)}}.
# ``make`` runs in the child.  Ensembles handed back to fits are the main use.
def _nan_transmissions():
    ens = TB_ENSEMBLE()
    t = np.array(ens.transmissions, dtype=float)
    t[0, 0] = np.nan
    return ens._replace(transmissions=t)


_TB_ENSEMBLE_CASES = {
    "clean": (lambda: TBLOC.transmission_ensemble([2, 4], energy=1.0, disorder=0.0, realizations=3,
                                                  rng=np.random.default_rng(0)), True),
    "one_realization": (lambda: TBLOC.transmission_ensemble([2, 4], energy=1.0, disorder=1.0, realizations=1,
                                                            rng=np.random.default_rng(0)), False),
    "zero_T": (lambda: TB_ENSEMBLE()._replace(transmissions=np.zeros_like(TB_ENSEMBLE().transmissions)), True),
    "nan_T": (_nan_transmissions, True),
}

EXTRA_HOSTILE = {
    ("qtransport.tb.localization.localization_length", "ensemble"): _TB_ENSEMBLE_CASES,
    ("qtransport.tb.localization.mean_free_path", "ensemble"): _TB_ENSEMBLE_CASES,
    ("qtransport.lattice.leads.lead_self_energy", "energy"): {
        # an energy equal to an eigenvalue of h_cell (a band centre: the decimation's singular point)
        "eigenvalue_of_h_cell": (lambda: 2.0, False),
    },
}

# Known failures, expected to fail until they are fixed: an entry that passes again fails the
# test, so that the table only shrinks.  Key: (function, parameter, hostile value); value: what
# goes wrong (as the sweep found it).  Empty: every public function answers every input.
KNOWN_ENGINE_FAILURES = {}

# --------------------------------------------------------------------------- the sweep

EXCLUDED_PACKAGES = ("qtransport.grading", "qtransport.widgets", "qtransport.figures")  # figures: control values, checked by the library they call
HUGE = 10**12  # a size no machine holds
BEYOND_64_BITS = 2**70
CPU_LIMIT = 1.0  # seconds of CPU time for one call (the valid calls take at most 0.07 s, but those below)
SLOW_CALLS = {"qtransport.tb.spintronics.phase_averaged_valve": 3.0}  # about 0.7 s for the valid call
CALL_TIMEOUT = 30.0  # seconds of wall time, for a child stuck where the CPU limit cannot interrupt it
MEMORY_HEADROOM = 3 * 2**30  # address space granted to a child beyond what it has after imports


def _is_namedtuple_class(obj):
    return isinstance(obj, type) and issubclass(obj, tuple) and hasattr(obj, "_fields")


def public_callables():
    """``{module.name: object}`` for every public function and user-built class, as exported now."""
    import qtransport

    found = {}
    modules = [qtransport]
    for info in pkgutil.walk_packages(qtransport.__path__, "qtransport."):
        parts = info.name.split(".")
        if info.name.startswith(EXCLUDED_PACKAGES) or any(p.startswith("_") for p in parts):
            continue
        modules.append(importlib.import_module(info.name))
    for module in modules:
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr, None)
            if obj is None or not callable(obj) or _is_namedtuple_class(obj):
                continue
            if isinstance(obj, type) and issubclass(obj, BaseException):  # warnings and errors
                continue
            key = f"{obj.__module__}.{obj.__qualname__}"
            if key.startswith(EXCLUDED_PACKAGES) or key in NOT_BUILT_BY_USERS:
                continue
            found[key] = obj
    return found


def _parameters(obj):
    return [
        p for p in inspect.signature(obj).parameters.values()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and not p.name.startswith("_")
    ]


def _kind(value):
    """What sort of parameter a valid value stands for."""
    if isinstance(value, (bool, np.bool_)):
        return "flag"
    if isinstance(value, (numbers.Integral, np.integer)):
        return "count"
    if isinstance(value, (numbers.Real, np.floating)):
        return "real"
    if isinstance(value, (numbers.Complex, np.complexfloating)):
        return "complex"
    if isinstance(value, str):
        return "choice"
    if isinstance(value, np.random.Generator):
        return "rng"
    if value is None:
        return "none"
    if inspect.isfunction(value) or inspect.isbuiltin(value) or isinstance(value, functools.partial):
        return "callable"
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            arr = np.asarray(value)
        except ValueError:
            return "object"
        if arr.dtype.kind in "biuf":
            return "real_array" if arr.dtype.kind in "uif" or arr.size == 0 else "object"
        if arr.dtype.kind == "c":
            return "complex_array"
    return "object"


def _nan_inside(base):
    arr = np.array(base, dtype=float) if np.size(base) else np.zeros(1)
    arr.flat[0] = np.nan
    return arr


def _shorter(base):
    arr = np.asarray(base)
    return arr[:-1] if arr.ndim and len(arr) > 1 else np.concatenate([arr.ravel(), arr.ravel()])


# label -> (make(base), must_refuse), per kind.  ``make`` runs in the child.
_GENERIC = {
    "None": (lambda base: None, True),
    "text": (lambda base: "abc", True),
    "texts": (lambda base: ["a", "b"], True),
    "nan": (lambda base: np.nan, True),
    "inf": (lambda base: np.inf, True),
}
_BY_KIND = {
    "real": {
        "-inf": (lambda base: -np.inf, True),
        "complex": (lambda base: base + 1j, True),
        "true": (lambda base: True, False),
        "zero": (lambda base: 0.0, False),
        "empty": (lambda base: np.array([]), False),
        "ragged": (lambda base: [[base, base], [base]], True),
        "three": (lambda base: np.full(3, base), False),
        "beyond_64_bits": (lambda base: BEYOND_64_BITS, False),
    },
    "complex": {
        "-inf": (lambda base: -np.inf, True),
        "zero": (lambda base: 0.0, False),
        "empty": (lambda base: np.array([]), False),
        "ragged": (lambda base: [[base, base], [base]], True),
    },
    "count": {
        "true": (lambda base: True, True),
        "false": (lambda base: False, True),
        "beyond_64_bits": (lambda base: BEYOND_64_BITS, False),
        "huge": (lambda base: HUGE, False),
        "negative": (lambda base: -1, False),
        "fraction": (lambda base: base + 0.5, False),
        "array": (lambda base: np.array([base, base]), False),
        "complex": (lambda base: base + 1j, True),
    },
    "flag": {
        "array": (lambda base: np.array([True, False]), True),
        "one": (lambda base: 1, True),
        "float": (lambda base: 1.0, True),
    },
    "choice": {
        "number": (lambda base: 3, True),
        "unknown": (lambda base: base + "_nonsense", True),
    },
    "callable": {
        "number": (lambda base: 3, True),
        "returns_nan": (lambda base: _returns_nan, False),
    },
    "rng": {
        "number_list": (lambda base: [1.0, 2.0], True),
    },
    "none": {
        "true": (lambda base: True, False),
        "number": (lambda base: 3, False),
        "array": (lambda base: np.array([1.0, 2.0]), False),
    },
    "object": {
        "number": (lambda base: 3, True),
        "plain_object": (lambda base: object(), True),
    },
    "real_array": {
        "empty": (lambda base: np.array([]), False),
        "ragged": (lambda base: [[1.0, 2.0], [3.0]], False),  # a list of arrays may be valid
        "nan_inside": (lambda base: _nan_inside(base), True),
        "complex": (lambda base: (np.asarray(base) if np.size(base) else np.zeros(1)) + 1j, True),
        "one_shorter": (lambda base: _shorter(base), False),
        "extra_axis": (lambda base: np.asarray(base)[..., None] * np.ones(2), False),
        "zeros": (lambda base: np.zeros(np.shape(base)), False),
    },
    "complex_array": {
        "empty": (lambda base: np.array([]), False),
        "ragged": (lambda base: [[1.0, 2.0], [3.0]], True),
        "one_shorter": (lambda base: _shorter(base), False),
        "extra_axis": (lambda base: np.asarray(base)[..., None] * np.ones(2), False),
    },
}


def _hostile_values(key, name, base, default_is_none):
    """``{label: (make, must_refuse)}`` for one parameter whose valid value is ``base``."""
    cases = dict(_GENERIC)
    if default_is_none or (key, name) in NONE_IS_VALID:
        del cases["None"]
    cases.update(_BY_KIND.get(_kind(base), {}))
    if (key, name) in FREE_TEXT:
        cases = {label: (make, must and label not in ("text", "unknown")) for label, (make, must) in cases.items()}
    if (key, name) in COMPLEX_IS_VALID:
        cases = {label: (make, must and label != "complex") for label, (make, must) in cases.items()}
    cases.update(EXTRA_HOSTILE.get((key, name), {}))
    return cases


def _base_values(key, obj, kwargs):
    """``{parameter: (valid value, default is None)}``; a required parameter missing from VALID is an error."""
    out = {}
    for p in _parameters(obj):
        if p.name in kwargs:
            out[p.name] = (kwargs[p.name], p.default is None)
        elif p.default is not p.empty:
            out[p.name] = (p.default, p.default is None)
        else:
            raise KeyError(f"VALID[{key!r}] lacks the required parameter {p.name!r}")
    return out


_NONFINITE_DOC = re.compile(r"\b(inf|nan|infinity|infinite|np\.inf|numpy\.inf)\b", re.IGNORECASE)


def _promises_nonfinite(obj):
    doc = re.sub(r"semi-infinite", "", inspect.getdoc(obj) or "", flags=re.IGNORECASE)
    return bool(_NONFINITE_DOC.search(doc))


def _nonfinite(value, depth=0):
    """A description of the first non-finite number in a result, or None."""
    if depth > 3:
        return None
    if isinstance(value, (bool, np.bool_, numbers.Integral, np.integer)):
        return None
    if isinstance(value, (numbers.Number, np.number)):
        return None if np.isfinite(value) else repr(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and not np.all(np.isfinite(value)):
            return f"an array with {np.count_nonzero(~np.isfinite(value))} non-finite entries"
        if value.dtype == object and value.size < 1000:
            return next((r for r in map(lambda v: _nonfinite(v, depth + 1), value.flat) if r), None)
        return None
    if isinstance(value, dict):
        return next((r for r in (_nonfinite(v, depth + 1) for v in value.values()) if r), None)
    if isinstance(value, (list, tuple)):
        return next((r for r in (_nonfinite(v, depth + 1) for v in value[:1000]) if r), None)
    fields = getattr(value, "__dataclass_fields__", None)
    if fields:
        return next((r for r in (_nonfinite(getattr(value, f, None), depth + 1) for f in fields) if r), None)
    return None


def _names_parameter(message, name):
    return re.search(rf"`{re.escape(name)}([\[.][^`]*)?`", message) is not None


def _spin():
    while True:
        pass


def _crash():
    os.kill(os.getpid(), signal.SIGSEGV)


# Calls that check the pool itself: a crash, a hang, and an allocation that only the memory
# limit of the child refuses (this machine would grant it).
POOL_CHECKS = {
    "pool.crash": _crash,
    "pool.hang": _spin,
    "pool.memory": lambda: bytearray(MEMORY_HEADROOM + 2**30),
}


def _run_case(key, name, label):
    """Run one call in this process; a small dict describes what happened."""
    if key in POOL_CHECKS:
        _OBJECTS[key] = POOL_CHECKS[key]
    try:
        obj = public_callables()[key] if key not in _OBJECTS else _OBJECTS[key]
        _OBJECTS[key] = obj
        kwargs = {} if key in POOL_CHECKS else VALID[key]()
        bases = _base_values(key, obj, kwargs)
    except _Missing as exc:
        return {"status": "missing", "message": str(exc)}
    if label == "valid":
        call = kwargs
    else:
        base, default_is_none = bases[name]
        make, _ = _hostile_values(key, name, base, default_is_none)[label]
        call = {**kwargs, name: make(base) if make.__code__.co_argcount else make()}
    limit = SLOW_CALLS.get(key, CPU_LIMIT)
    previous = signal.signal(signal.SIGPROF, _out_of_time)
    signal.setitimer(signal.ITIMER_PROF, limit)
    try:
        with np.errstate(all="ignore"):
            out = obj(**call)
    except _Hang:
        return {"status": "hang", "message": f"no answer within {limit:g} s of CPU time"}
    except _Missing as exc:
        return {"status": "missing", "message": str(exc)}
    except BaseException as exc:  # noqa: BLE001 - every escape is reported
        return {"status": "raised", "type": type(exc).__name__, "message": str(exc)[:500],
                "value_or_type": isinstance(exc, (ValueError, TypeError))}
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    bad = None if _promises_nonfinite(obj) else _nonfinite(out)
    return {"status": "ok", "nonfinite": bad}


_OBJECTS = {}


class _Hang(BaseException):
    """Raised in the child when a call has used up its CPU time."""


def _out_of_time(signum, frame):
    raise _Hang
_LOG = open(os.environ['QTRANSPORT_SWEEP_LOG'], 'a') if os.environ.get('QTRANSPORT_SWEEP_LOG') else None


def _judge(result, name, must_refuse):
    """None if the outcome is acceptable, else what is wrong with it."""
    status = result["status"]
    if status == "ok":
        if must_refuse:
            return "accepted without a word"
        if result["nonfinite"]:
            return f"returned {result['nonfinite']} (the docstring promises no NaN or infinity)"
        return None
    if status == "raised":
        if not result["value_or_type"]:
            return f"{result['type']} escapes: {result['message'][:120]}"
        if not _names_parameter(result["message"], name):
            return f"{result['type']} does not name `{name}`: {result['message'][:120]}"
        return None
    return f"{status}: {result.get('message', '')[:160]}"


# --------------------------------------------------------------------------- child processes


def _child_loop(task_r, answer_w):
    """The forked child: set the memory limit, then answer calls until the pipe closes."""
    import resource

    with open("/proc/self/status") as fh:
        vm = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (vm + MEMORY_HEADROOM, resource.RLIM_INFINITY))
    inp, out = os.fdopen(task_r, "rb"), os.fdopen(answer_w, "wb")
    while True:
        try:
            task = pickle.load(inp)
        except EOFError:
            os._exit(0)
        try:
            answer = _run_case(*task)
        except MemoryError:
            answer = {"status": "raised", "type": "MemoryError", "message": "memory limit of the child reached",
                      "value_or_type": False}
        except Exception as exc:  # noqa: BLE001 - a fault of the sweep itself, reported as such
            answer = {"status": "sweep-error", "message": f"{type(exc).__name__}: {exc}"[:300]}
        pickle.dump(answer, out)
        out.flush()


def _fork_child():
    task_r, task_w = os.pipe()
    answer_r, answer_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(task_w)
        os.close(answer_r)
        try:
            _child_loop(task_r, answer_w)
        finally:
            os._exit(0)
    os.close(task_r)
    os.close(answer_w)
    return pid, os.fdopen(task_w, "wb"), os.fdopen(answer_r, "rb")


def _worker_main():
    """Serve calls read as pickles from stdin through a forked child; answer on the original stdout.

    This process imports everything once and builds the fixtures; each call
    runs in a child forked from it, under a memory limit, and a child that
    crashes or hangs is replaced by a fresh fork in a few milliseconds.
    """
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # stray prints must not break the protocol
    for key in public_callables():
        if key in VALID:
            try:
                VALID[key]()  # the fixtures, built once before forking
            except Exception:  # noqa: BLE001, S112 - a broken entry is reported by its own calls
                continue
    inp = sys.stdin.buffer
    child = None
    while True:
        try:
            task = pickle.load(inp)
        except EOFError:
            break
        if child is None:
            child = _fork_child()
        pid, task_w, answer_r = child
        try:
            pickle.dump(task, task_w)
            task_w.flush()
            ready = selectors.DefaultSelector()
            ready.register(answer_r, selectors.EVENT_READ)
            answered = ready.select(timeout=CALL_TIMEOUT)
            ready.close()
            answer = pickle.load(answer_r) if answered else None
        except (EOFError, BrokenPipeError, pickle.UnpicklingError):
            answered, answer = True, None
        if answer is None:
            if not answered:
                os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            task_w.close()
            answer_r.close()
            child = None
            if not answered:
                answer = {"status": "hang", "message": f"no answer within {CALL_TIMEOUT:.0f} s"}
            elif os.WIFSIGNALED(status):
                answer = {"status": "crash",
                          "message": f"the child died of signal {signal.Signals(os.WTERMSIG(status)).name}"}
            else:
                answer = {"status": "crash", "message": f"the child exited with status {os.WEXITSTATUS(status)}"}
        pickle.dump(answer, out)
        out.flush()
    if child is not None:
        os.kill(child[0], signal.SIGKILL)
        os.waitpid(child[0], 0)


class _Worker:
    def __init__(self):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        )
        self.task = None
        self.started = None

    def send(self, task):
        self.task, self.started = task, time.monotonic()
        pickle.dump(task, self.proc.stdin)
        self.proc.stdin.flush()

    def stop(self, grace=10.0):
        """Let the worker end its child and exit (its input is closed); kill it after ``grace`` s."""
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def run_sweep(tasks, n_workers=2):
    """Run every ``(key, parameter, label)`` in a pool of child processes; ``{task: result}``.

    With ``QTRANSPORT_SWEEP_LOG=file`` set, every result is appended to that file as it arrives.
    """
    results, queue = {}, list(reversed(tasks))
    workers = [_Worker() for _ in range(n_workers)]
    sel = selectors.DefaultSelector()
    for w in workers:
        sel.register(w.proc.stdout, selectors.EVENT_READ, w)
    try:
        def feed(w):
            if queue:
                w.send(queue.pop())

        for w in workers:
            feed(w)
        while any(w.task is not None for w in workers):
            for sk, _ in sel.select(timeout=1.0):
                w = sk.data
                try:
                    results[w.task] = pickle.load(w.proc.stdout)
                    results[w.task]["seconds"] = time.monotonic() - w.started
                    if _LOG:
                        print(w.task, results[w.task], file=_LOG, flush=True)
                    w.task = None
                    feed(w)
                except EOFError:
                    w.proc.wait()
                    results[w.task] = {"status": "crash",
                                       "message": f"the child died (exit status {w.proc.returncode})"}
                    sel.unregister(w.proc.stdout)
                    workers.remove(w)
                    fresh = _Worker()
                    workers.append(fresh)
                    sel.register(fresh.proc.stdout, selectors.EVENT_READ, fresh)
                    feed(fresh)
            now = time.monotonic()
            for w in list(workers):
                if w.task is not None and now - w.started > CALL_TIMEOUT + 60:  # the worker itself is stuck
                    results[w.task] = {"status": "hang", "message": "the worker is stuck"}
                    if _LOG:
                        print(w.task, results[w.task], file=_LOG, flush=True)
                    sel.unregister(w.proc.stdout)
                    w.stop(grace=0)
                    workers.remove(w)
                    fresh = _Worker()
                    workers.append(fresh)
                    sel.register(fresh.proc.stdout, selectors.EVENT_READ, fresh)
                    feed(fresh)
    finally:
        for w in workers:
            w.proc.stdin.close()
            w.stop()
    return results


def sweep_cases():
    """``{key: [(parameter, label, must_refuse), ...]}`` for every public callable that has a VALID entry."""
    cases = {}
    for key, obj in public_callables().items():
        if key not in VALID:
            continue
        try:
            bases = _base_values(key, obj, VALID[key]())
        except _Missing:  # its valid call needs something gone: reported as a skip
            cases[key] = [(None, "valid", False)]
            continue
        rows = [(None, "valid", False)]
        for name, (base, default_is_none) in bases.items():
            for label, (_, must_refuse) in _hostile_values(key, name, base, default_is_none).items():
                rows.append((name, label, must_refuse))
        cases[key] = rows
    return cases


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    _worker_main()
    sys.exit(0)


# --------------------------------------------------------------------------- the tests

CASES = sweep_cases() if __name__ != "__main__" else {}


@pytest.fixture(scope="module")
def sweep(request):
    """Run the calls of every selected function at once, in the pool of children."""
    selected = {item.callspec.params["key"] for item in request.session.items
                if getattr(item, "originalname", None) == "test_every_input_gets_a_clear_answer" and hasattr(item, "callspec")}
    tasks = [(key, name, label) for key, rows in CASES.items() if key in selected for name, label, _ in rows]
    start = time.monotonic()
    results = run_sweep(tasks)
    results["seconds"] = time.monotonic() - start
    results["calls"] = len(tasks)
    return results


def test_the_pool_reports_crashes_hangs_and_memory_blow_ups():
    results = run_sweep([(key, None, "valid") for key in POOL_CHECKS])
    assert results[("pool.crash", None, "valid")]["status"] == "crash"
    assert "SIGSEGV" in results[("pool.crash", None, "valid")]["message"]
    assert results[("pool.hang", None, "valid")]["status"] == "hang"
    memory = results[("pool.memory", None, "valid")]
    assert memory["status"] == "raised" and memory["type"] == "MemoryError", memory
    assert _judge(memory, "n", False).startswith("MemoryError escapes")


def test_every_public_function_is_in_the_sweep():
    missing = sorted(set(public_callables()) - set(VALID))
    assert not missing, f"add a valid call of these to VALID: {missing}"


def test_the_sweep_stays_within_its_time_budget(sweep):
    # About 60-100 s for the whole table on 2 idle cores; far more means calls that hang
    # without being cut off, or a pool that no longer runs in parallel.
    assert sweep["seconds"] < 20 + 0.05 * sweep["calls"], (sweep["seconds"], sweep["calls"])


@pytest.mark.parametrize("key", sorted(CASES))
def test_every_input_gets_a_clear_answer(sweep, key):
    failures = {}
    for name, label, must_refuse in CASES[key]:
        result = sweep[(key, name, label)]
        if result["status"] == "missing":
            pytest.skip(result["message"])
        if label == "valid":
            problem = None if result["status"] == "ok" else f"the valid call fails: {result}"
            problem = problem or (result["nonfinite"] and f"the valid call returns {result['nonfinite']}")
        else:
            problem = _judge(result, name, must_refuse)
        if problem:
            failures[(key, name, label)] = problem
    known = {k: v for k, v in KNOWN_ENGINE_FAILURES.items() if k[0] == key}
    unexpected = {k: v for k, v in failures.items() if k not in known}
    fixed = sorted(k for k in known if k not in failures)
    report = [f"{k[1]}={k[2]}: {v}" for k, v in unexpected.items()]
    report += [f"{k[1]}={k[2]} passes now: remove it from KNOWN_ENGINE_FAILURES" for k in fixed]
    assert not report, "\n".join(report)
    if failures:
        pytest.xfail("; ".join(f"{k[1]}={k[2]}: {known[k]}" for k in failures))


NOT_UNITARY = np.array([[0.6, 0.8], [0.8, 0.6]])  # real, symmetric: S^dagger S != 1

PHYSICS_CASES = [
    # temperatures, energies, units
    (lambda: D.fermi(0.0, kT=-0.01), ValueError, "`kT` must be >= 0"),
    (lambda: D.fermi(0.0, kT=np.inf), ValueError, "`kT` contains infinity"),
    (lambda: C.thermal_energy(-4.2), ValueError, "`temperature` must be >= 0"),
    (lambda: L.landauer_conductance(flat, kT=-1e-3), ValueError, "`kT` must be >= 0"),
    (lambda: CB.sequential_conductance(CB.Island(**DOT), 0.1, kT=-1e-5), ValueError, "`kT` must be >= 0"),
    (lambda: QH.thermal_step_conductance(1, delta=0.01, kT=-0.001), ValueError, "`kT`"),
    # transmissions out of range
    (lambda: SM.barrier_smatrix(1.5), ValueError, "`transmission` must lie in"),
    (lambda: SM.fabry_perot_transmission(1.2, 0.3, 0.0), ValueError, "`T1` must lie in"),
    (lambda: OH.incoherent_series([0.5, 1.2]), ValueError, "`transmissions` must lie in"),
    (lambda: MT.two_probe_resistance(-0.1), ValueError, "`T`"),
    (lambda: QH.hall_bar_transmissions(2, reflected=2.5), ValueError, "`reflected` must lie in"),
    (lambda: CAP.cavity_phase_derivative(0.1, transmission=0.0, level_spacing=1.0), ValueError,
     "`transmission` must lie in"),
    (lambda: CAP.cavity_charge_relaxation_resistance(0.1, transmissions=[0.5, 1.5], level_spacing=1.0),
     ValueError, "`transmissions` must lie in"),
    (lambda: CAP.cavity_charge_relaxation_resistance(0.1, transmissions=[], level_spacing=1.0),
     ValueError, "`transmissions` is empty"),
    (lambda: L.landauer_current(lambda E: 1.5 + 0 * E, 0.1, n_channels=1), ValueError, "outside"),
    # non-unitary scattering matrices
    (lambda: SM.smatrix_transmission(NOT_UNITARY, 1), ValueError, "`S` is not unitary"),
    (lambda: SM.star_product(NOT_UNITARY, S2, 1), ValueError, "`S1` is not unitary"),
    (lambda: MT.transmissions_from_smatrix(np.ones((4, 4)), [1, 1, 1, 1]), ValueError,
     "`S` is not unitary"),
    (lambda: CAP.charge_relaxation_resistance_from_smatrix(NOT_UNITARY, np.eye(2)), ValueError,
     "`smatrix` is not unitary"),
    # sum rules and shapes
    (lambda: MT.conductance_matrix(T3 * 0.9, [1, 1, 1]), ValueError, "of `T` sums to"),
    (lambda: MT.check_sum_rules(T3, [1, 2, 1]), ValueError, "`channels"),
    (lambda: MT.conductance_matrix(np.full((2, 3), 0.3), [1, 1]), ValueError, "`T` must be a square"),
    (lambda: MT.conductance_matrix(T3, [[1, 1, 1], [1, 1, 1]]), ValueError, "`channels` of shape"),
    (lambda: MT.currents_from_voltages(G3(), [1.0, 0.0]), ValueError, "`voltages`"),
    (lambda: SM.smatrix_transmission(S2, 3), ValueError, "`n_left`"),
    (lambda: SM.smatrix_blocks(np.ones((2, 3)), 1), ValueError, "`S`"),
    (lambda: lat.lead_self_energy(np.ones((2, 3)), np.ones((2, 2)), 1.0), ValueError, "`h_cell`"),
    (lambda: TB.smatrix(TB_WIRE(), [1.0, 2.0]), ValueError, "`energy` must be a single number"),
    (lambda: LL.luttinger_ac_conductance_transfer_matrix(1e9, g=[0.5, 0.3], lengths=[1e-6],
                                                          velocity=1e5), ValueError, "`g` and `lengths`"),
    (lambda: TBB.anderson_disorder((3, "a"), 1.0, rng=np.random.default_rng(0)), TypeError, "`fsys`"),
    (lambda: TBB.anderson_disorder(TB_WIRE(), [1.0, 2.0], rng=np.random.default_rng(0)), ValueError,
     "`strength` must be a single number"),
    (lambda: TBLOC.transmission_ensemble([], energy=1.0, disorder=1.0, realizations=3,
                                         rng=np.random.default_rng(0)), ValueError, "`lengths` is empty"),
    (lambda: TBLOC.transmission_ensemble([2], energy=[1.0, 2.0], disorder=1.0, realizations=3,
                                         rng=np.random.default_rng(0)), ValueError,
     "`energy` must be a single number"),
    # wrong objects
    (lambda: TB.transmission("device", 1.0), TypeError, "`fsys` must be a finalized system"),
    (lambda: TBB.System(TBL.square(), shape=lambda p: True, leads=None), TypeError, "`leads` must be a list"),
    (lambda: GEO.hall_bar(n_probes=np.array([2, 4])), TypeError, "`n_probes` must be an integer"),
    (lambda: TBLOC.localization_length("ensemble"), TypeError, "`ensemble` must be the LengthEnsemble"),
    (lambda: TBLOC.mean_free_path(TB_ENSEMBLE().transmissions), TypeError, "`ensemble` must be the"),
    # parameters outside their physical range
    (lambda: RES.breit_wigner(0.1, level=0.0, gamma_left=-0.01, gamma_right=0.01), ValueError,
     "`gamma_left` must be >= 0"),
    (lambda: QPC.saddle_point_transmission(0.01, V0=0.0, hw_x=0.0, hw_y=2e-3), ValueError,
     "`hw_x` must be > 0"),
    (lambda: OH.ohmic_transmission(1.0, 0.0), ValueError, "`mean_free_path` must be > 0"),
    (lambda: LL.plasmon_reflection(-0.5), ValueError, "`g` must be > 0"),
    (lambda: QH.hall_plateau_resistance(0), ValueError, "`nu` must be > 0"),
    (lambda: CB.Island(**{**DOT, "charging_energy": 0.0}), ValueError,
     "`charging_energy` must be > 0"),
    (lambda: CAP.electrochemical_capacitance(-1e-15, 1e17), ValueError,
     "`geometric_capacitance` must be > 0"),
    (lambda: MT.contact_resistance(0), ValueError, "`n_channels`"),
    (lambda: GEO.strip(5, 0), ValueError, "`width` must be >= 1"),
    (lambda: lat.chain_self_energy(1.0, eta=-1.0), ValueError, "`eta` must be >= 0"),
    (lambda: TBLOC.thouless_localization_length(5.0, disorder=1.0), ValueError, "`energy` must lie"),
    (lambda: TBHALL.hall_bar_resistances(0.03, -1.0, **BAR), ValueError, "`energy`.*no open channel"),
]


@pytest.mark.parametrize(("call", "error", "match"), PHYSICS_CASES)
def test_physically_wrong_input_is_refused_with_a_clear_message(call, error, match):
    try:
        call()
    except _Missing as exc:
        pytest.skip(str(exc))
    except Exception:  # noqa: BLE001 - checked again below, with its message
        pass
    with pytest.raises(error, match=match):
        call()
