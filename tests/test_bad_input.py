"""Bad input across the public library: a clear ValueError/TypeError naming the parameter.

Two sweeps.  The generic one takes a valid call of every public function and
replaces one argument at a time by ``None``, a string, a list of strings, NaN
or infinity: each must be refused with a ``ValueError`` or ``TypeError`` whose
message names that argument in backticks (or one of its elements, as in
`` `probes[0]` ``) -- never a numpy traceback, an ``AttributeError`` or a
silent NaN.  The second sweep lists physically wrong inputs (negative
temperatures, out-of-range transmissions, non-unitary S, broken sum rules,
wrong shapes) with the message expected for each.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import qtransport.lattice as lat
import qtransport.tb as TB
from qtransport import constants as C
from qtransport import distributions as D
from qtransport import landauer as L
from qtransport import multiterminal as MT
from qtransport import smatrix as SM
from qtransport.models import capacitor as CAP
from qtransport.models import coulomb as CB
from qtransport.models import dirac as DIR
from qtransport.models import helical as HEL
from qtransport.models import luttinger as LL
from qtransport.models import noise as NOI
from qtransport.models import ohmic as OH
from qtransport.models import qpc as QPC
from qtransport.models import quantum_hall as QH
from qtransport.models import resonant as RES
from qtransport.models import spin as SPN
from qtransport.models import superconductor as SC
from qtransport.models import thermoelectric as TE
from qtransport.tb import andreev as AND
from qtransport.tb import geometries as GEO
from qtransport.tb import interference as INT
from qtransport.tb import spintronics as SPT
from qtransport.tb import topological as TOP


def _unitary(n, seed):
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n)))
    return q * (np.diag(r) / np.abs(np.diag(r)))


S2, S2B, S4 = _unitary(2, 0), _unitary(2, 1), _unitary(4, 2)
T3 = np.array([[0.2, 0.3, 0.5], [0.5, 0.2, 0.3], [0.3, 0.5, 0.2]])  # rows and columns sum to 1
G3 = MT.conductance_matrix(T3, [1, 1, 1])
G4 = MT.conductance_matrix(MT.transmissions_from_smatrix(S4, [1, 1, 1, 1]), [1, 1, 1, 1])
CHAIN_CELL = {"h_cell": np.array([[2.0]]), "h_hop": np.array([[-1.0]]), "energy": 1.0}
WIRE = lat.strip(5, 3)
DEVICE = lat.wire_with_side_probes(8, 3, probe_width=2)
DOT = {"charging_energy": 1e-3, "kT": 1e-5, "gamma_left": 1e-7, "gamma_right": 1e-7}
LEVEL = {"level": 0.0, "gamma_left": 0.01, "gamma_right": 0.02}
SADDLE = {"V0": 0.0, "hw_x": 1e-3, "hw_y": 2e-3}
BAR = {"length": 40, "width": 16, "probe_width": 5}
G6 = MT.conductance_matrix(QH.hall_bar_transmissions(2), [2] * 6, spin_degeneracy=1)


def flat(E):
    return 0.5 + 0 * E


def ramp(E):
    return 0.5 + 0.1 * np.tanh(E / 0.01)


KITAEV = {"t": 1.0, "delta": 0.5, "mu": 0.3}
SPIN_CROSS = SPT.magnetized_cross(6, 2)
TB_WIRE = GEO.strip(3, 2).finalized()
E12 = np.linspace(-0.05, 0.05, 2001)
WIRE12 = INT.disordered_wire(4, 3).finalized()
QWZ_SMALL = TOP.qwz_ribbon(4, 2).finalized()
NS_SMALL = AND.ns_junction(1, 1)
NS_PARAMS = {"mu": 2.0, "delta": 0.01, "barrier": 0.0, "disorder": 0.0}


# One valid call of every public function: (function, keyword arguments).
VALID = [
    (SPN.spin_resolved_conductance, {"t_up": 0.8, "t_down": 0.3}),
    (SPN.current_polarization, {"t_up": 0.8, "t_down": 0.3}),
    (SPN.two_current_resistance, {"majority": [1.0, 1.0], "minority": [3.0, 3.0], "magnetizations": [1, -1]}),
    (SPN.gmr_trilayer_resistances, {"majority": 1.0, "minority": 3.0}),
    (SPN.giant_magnetoresistance, {"majority": 1.0, "minority": 3.0}),
    (SPN.julliere_tmr, {"p1": 0.4, "p2": 0.5}),
    (SPN.julliere_conductances, {"p1": 0.4, "p2": 0.5}),
    (SPN.tunnel_conductance_angle, {"theta": 0.3, "p1": 0.4, "p2": 0.5}),
    (DIR.fermi_velocity, {"hopping": 2.8, "bond_length": 1.42e-10}),
    (DIR.dirac_barrier_transmission, {"phi": 0.3, "energy": 1.0, "height": 3.0, "width": 2.0}),
    (DIR.armchair_transverse_phases, {"n_dimers": 5}),
    (DIR.armchair_is_metallic, {"n_dimers": 5}),
    (DIR.armchair_bands, {"k": 0.3, "n_dimers": 5}),
    (DIR.armchair_subband_edges, {"n_dimers": 5}),
    (DIR.armchair_open_channels, {"energy": 1.0, "n_dimers": 5}),
    (DIR.zigzag_transverse_phases, {"k": 2.0, "n_chains": 5}),
    (DIR.zigzag_bands, {"k": 2.0, "n_chains": 5}),
    (DIR.zigzag_subband_edges, {"n_chains": 5}),
    (DIR.zigzag_open_channels, {"energy": 1.0, "n_chains": 5}),
    (HEL.helical_edge_transmissions, {"n_terminals": 4}),
    (HEL.helical_conductance_matrix, {"n_terminals": 4}),
    (HEL.helical_four_terminal_resistance, {"n_terminals": 4, "i": 0, "j": 3, "k": 1, "l": 2}),
    (HEL.helical_ring_resistance, {"n_between_1": 0, "n_between_2": 2}),
    (SC.btk_coefficients, {"energy": 0.5, "delta": 1.0, "Z": 0.5}),
    (SC.btk_normal_transmission, {"Z": 0.5}),
    (SC.btk_conductance, {"bias": 0.5, "delta": 1.0, "Z": 0.5, "kT": 0.1}),
    (SC.bcs_density_of_states, {"energy": 1.5, "delta": 1.0}),
    (SC.beenakker_conductance, {"transmissions": [0.5, 0.9]}),
    (SC.kitaev_hamiltonian, {"n_sites": 6, **KITAEV}),
    (SC.kitaev_spectrum, {"n_sites": 6, **KITAEV}),
    (SC.kitaev_bulk_spectrum, {"k": 0.3, **KITAEV}),
    (SC.kitaev_is_topological, KITAEV),
    (SC.kitaev_end_modes, {"n_sites": 6, **KITAEV}),
    (NOI.fano_factor, {"transmissions": [0.5, 0.9]}),
    (NOI.shot_noise, {"bias": 1e-3, "transmissions": [0.5, 0.9]}),
    (NOI.johnson_nyquist_noise, {"conductance": 1e-4, "kT": 1e-3}),
    (NOI.two_terminal_noise, {"bias": 1e-3, "transmissions": [0.5, 0.9], "kT": 1e-3}),
    (NOI.transmission_density, {"transmission": 0.5, "kind": "diffusive"}),
    (NOI.distribution_fano_factor, {"kind": "cavity"}),
    (TE.landauer_integrals, {"transmission": ramp, "kT": 1e-3}),
    (TE.thermoelectric_coefficients, {"transmission": ramp, "kT": 1e-3}),
    (TE.seebeck_coefficient, {"transmission": ramp, "kT": 1e-3}),
    (TE.electronic_heat_conductance, {"transmission": ramp, "kT": 1e-3}),
    (TE.figure_of_merit, {"transmission": ramp, "kT": 1e-3, "phonon_conductance": 1e-12}),
    (TE.thermal_conductance_quantum, {"kT": 1e-3}),
    (TE.mott_seebeck, {"transmission": ramp, "kT": 1e-3}),
    (C.thermal_energy, {"temperature": 1.0}),
    (C.temperature_from_energy, {"kT": 1e-3}),
    (C.convert_energy, {"value": 1.0, "from_unit": "eV", "to_unit": "meV"}),
    (D.fermi, {"energy": 0.1, "mu": 0.0, "kT": 0.01}),
    (D.thermal_window, {"energy": 0.1, "mu": 0.0, "kT": 0.01}),
    (L.landauer_current, {"transmission": flat, "bias": 0.01, "kT": 0.001}),
    (L.landauer_conductance, {"transmission": flat, "mu": 0.0, "kT": 0.001}),
    (L.iv_curve, {"transmission": flat, "biases": [0.01, 0.02]}),
    (SM.smatrix_blocks, {"S": S2, "n_left": 1}),
    (SM.smatrix_from_blocks,
     {"r": S2[:1, :1], "t_prime": S2[:1, 1:], "t": S2[1:, :1], "r_prime": S2[1:, 1:]}),
    (SM.is_unitary, {"S": S2}),
    (SM.check_unitary, {"S": S2}),
    (SM.transmission, {"S": S2, "n_left": 1}),
    (SM.transmission_eigenvalues, {"S": S4, "n_left": 2}),
    (SM.star_product, {"S1": S2, "S2": S2B, "n_left_1": 1}),
    (SM.barrier_smatrix, {"transmission": 0.5}),
    (SM.free_propagation, {"phase": 0.3}),
    (SM.fabry_perot_transmission, {"T1": 0.5, "T2": 0.4, "phi": 0.3}),
    (SM.fabry_perot_average, {"T1": 0.5, "T2": 0.4}),
    (MT.check_sum_rules, {"T": T3, "channels": [1, 1, 1]}),
    (MT.transmissions_from_smatrix, {"S": S4, "channels": [1, 1, 1, 1]}),
    (MT.conductance_matrix, {"T": T3, "channels": [1, 1, 1]}),
    (MT.currents_from_voltages, {"G": G3, "voltages": [1.0, 0.0, 0.5]}),
    (MT.voltages_from_currents, {"G": G3, "currents": [1e-6, -1e-6, 0.0]}),
    (MT.eliminate_floating_probes, {"G": G3, "probes": [2]}),
    (MT.probe_voltages, {"G": G3, "probes": [2], "voltages": [1.0, 0.0]}),
    (MT.effective_transmission,
     {"T": T3, "source": 0, "drain": 1, "probes": [2], "channels": [1, 1, 1]}),
    (MT.two_terminal_resistance, {"G": G3, "i": 0, "j": 1}),
    (MT.four_terminal_resistance, {"G": G4, "i": 0, "j": 1, "k": 2, "l": 3}),
    (MT.hall_resistance, {"G": G6}),
    (MT.longitudinal_resistance, {"G": G6}),
    (MT.contact_resistance, {"n_channels": 2}),
    (MT.two_probe_resistance, {"T": 0.5}),
    (MT.four_probe_resistance, {"T": 0.5}),
    (MT.network_smatrix,
     {"components": [SM.barrier_smatrix(0.5), SM.barrier_smatrix(0.3)], "connections": [(1, 2)]}),
    (MT.beam_splitter_smatrix, {"coupling": 0.3}),
    (MT.directional_probe_smatrix, {"coupling": 0.3}),
    (MT.double_barrier_probe_transmissions, {"T1": 0.5, "T2": 0.5, "phi": 0.3, "coupling": 0.2}),
    (MT.double_barrier_with_probe, {"T1": 0.5, "T2": 0.5, "phi": 0.3, "coupling": 0.2}),
    (MT.wire_with_two_probes, {"transmission": 0.5, "coupling": 0.2}),
    (CAP.charge_relaxation_resistance, {"phase_derivatives": [1.0, 2.0]}),
    (CAP.charge_relaxation_resistance_from_smatrix,
     {"smatrix": S2, "smatrix_derivative": 1j * np.diag([2.0, 1.0]) @ S2}),
    (CAP.cavity_reflection_amplitude, {"energy": 0.1, "transmission": 0.5, "level_spacing": 1.0}),
    (CAP.cavity_phase_derivative, {"energy": 0.1, "transmission": 0.5, "level_spacing": 1.0}),
    (CAP.cavity_charge_relaxation_resistance,
     {"energy": 0.1, "transmissions": [0.5], "level_spacing": 1.0}),
    (CAP.electrochemical_capacitance, {"geometric_capacitance": 1e-15, "density_of_states": 1e17}),
    (CB.gate_charge, {"gate": 0.1, "charging_energy": 1e-3}),
    (CB.sequential_tunneling, {"gate": 0.1, "bias": 1e-4, **DOT}),
    (CB.sequential_current, {"gate": 0.1, "bias": 1e-4, **DOT}),
    (CB.sequential_conductance, {"gate": 0.1, **DOT}),
    (CB.coulomb_diamond_map, {"gates": [0.0, 0.1], "biases": [0.0, 1e-4], **DOT}),
    (CB.single_level_peak, {"delta": 0.0, "gamma_left": 1e-7, "gamma_right": 1e-7, "kT": 1e-5}),
    (LL.luttinger_dc_conductance, {"g": 0.5}),
    (LL.plasmon_reflection, {"g": 0.5}),
    (LL.plasmon_velocity, {"g": 0.5, "velocity": 1e5}),
    (LL.luttinger_ac_conductance, {"frequency": 1e9, "g": 0.5, "length": 1e-6, "velocity": 1e5}),
    (LL.luttinger_ac_conductance_transfer_matrix,
     {"frequency": 1e9, "g": [0.5, 0.3], "lengths": [1e-6, 1e-6], "velocity": 1e5}),
    (OH.incoherent_series, {"transmissions": [0.5, 0.4]}),
    (OH.ohmic_transmission, {"length": 1.0, "mean_free_path": 0.5}),
    (OH.ohmic_conductance, {"length": 1.0, "mean_free_path": 0.5, "n_channels": 2}),
    (OH.ohmic_resistance, {"length": 1.0, "mean_free_path": 0.5, "n_channels": 2}),
    (QPC.saddle_point_transmission, {"energy": 0.01, **SADDLE}),
    (QPC.saddle_point_conductance, {"energy": 0.01, **SADDLE}),
    (QH.hall_plateau_resistance, {"nu": 2}),
    (QH.thermal_step_conductance, {"n_filled": 1, "delta": 0.01, "kT": 0.001}),
    (QH.hall_bar_transmissions, {"nu": 2}),
    (RES.single_level_greens_function, {"energy": 0.1, **LEVEL}),
    (RES.breit_wigner, {"energy": 0.1, **LEVEL}),
    (RES.breit_wigner_conductance, {"mu": 0.1, "kT": 0.001, **LEVEL}),
    (lat.chain_self_energy, {"energy": 1.0}),
    (lat.strip_transverse_modes, {"width": 3}),
    (lat.strip_self_energy, {"energy": 1.0, "width": 3}),
    (lat.strip_open_channels, {"energy": 1.0, "width": 3}),
    (lat.strip_lead_hamiltonian, {"width": 3}),
    (lat.lead_self_energy, CHAIN_CELL),
    (lat.lead_modes, CHAIN_CELL),
    (lat.lead_open_channels, CHAIN_CELL),
    (lat.strip, {"length": 5, "width": 3}),
    (lat.chain, {"length": 5}),
    (lat.anderson_disorder, {"shape": (3, 2), "strength": 1.0, "rng": np.random.default_rng(0)}),
    (lat.qpc_potential, {"length": 10, "width": 5, "gate": 1.0}),
    (lat.constriction_potential, {"length": 10, "width": 5, "opening": 3, "constriction_length": 4}),
    (lat.transmission, {"system": WIRE, "energies": [1.0, 2.0]}),
    (lat.smatrix, {"system": WIRE, "energy": 1.0}),
    (lat.ldos, {"system": WIRE, "energy": 1.0}),
    (lat.scattering_states, {"system": WIRE, "energy": 1.0}),
    (lat.bond_currents, {"system": WIRE, "energy": 1.0}),
    (lat.thouless_localization_length, {"energy": 1.0, "disorder": 1.0}),
    (lat.transmission_ensemble,
     {"lengths": [2, 4], "energy": 1.0, "disorder": 1.0, "realizations": 3,
      "rng": np.random.default_rng(0)}),
    (lat.ln_transmission_distribution, {"transmissions": [0.1, 0.2, 0.3]}),
    (lat.magnetotransmission,
     {"length": 6, "width": 3, "fluxes": [0.0, 0.02], "energy": 1.0, "disorder": 1.0,
      "realizations": 3, "rng": np.random.default_rng(0)}),
    (lat.make_device,
     {"shape": np.ones((6, 3), bool), "leads": [lat.Lead("-x", 0, 3), lat.Lead("+x", 0, 3)]}),
    (lat.hall_bar, {"length": 20, "width": 6, "probe_width": 2, "n_probes": 4}),
    (lat.cross, {"lx": 8, "ly": 6, "arm_width": 2}),
    (lat.wire_with_side_probes, {"length": 8, "width": 3, "probe_width": 2}),
    (lat.lead_unit_cell, {"lead": lat.Lead("-x", 0, 3), "flux": 0.05}),
    (lat.lead_channels, {"device": DEVICE, "energy": 1.0}),
    (lat.transmission_matrix, {"device": DEVICE, "energy": 1.0}),
    (lat.scattering_matrix, {"device": DEVICE, "energy": 1.0}),
    (lat.device_bond_currents, {"device": DEVICE, "energy": 1.0, "lead": 0}),
    (lat.current_density, {"device": DEVICE, "energy": 1.0, "lead": 0}),
    (lat.device_ldos, {"device": DEVICE, "energy": 1.0}),
    (lat.cyclotron_energy, {"flux": 0.05}),
    (lat.magnetic_length, {"flux": 0.05}),
    (lat.strip_hamiltonian, {"width": 4, "flux": 0.05, "k": 0.3}),
    (lat.strip_bands, {"width": 4, "flux": 0.05, "k": 0.3}),
    (lat.edge_states, {"width": 8, "flux": 0.05, "energy": 0.4}),
    (lat.hall_bar_resistances, {"flux": 0.03, "energy": 0.35, **BAR}),
    (lat.hall_bar_sweep, {"fluxes": [0.03], "energy": 0.35, **BAR}),
    # chapter 9: spin on the lattice
    (SPT.spin_along, {"theta": 0.3, "phi": 0.1}),
    (SPT.surface_polarization, {"energy": 1.0, "exchange": 0.4}),
    (SPT.exchange_for_polarization, {"polarization": 0.3, "energy": 1.0}),
    (SPT.golden_rule_valve_transmission, {"theta": 0.3, "energy": 1.0, "exchange_left": 0.4, "exchange_right": 0.2,
                                          "coupling": 0.1}),
    (SPT.tunnel_valve, {"exchange_left": 0.4, "exchange_right": 0.2, "coupling": 0.5}),
    (SPT.valve_transmission, {"theta": 0.3, "energy": 1.0, "exchange_left": 0.4, "exchange_right": 0.2,
                              "coupling": 0.5}),
    (SPT.layer_valve, {"exchange": 1.0, "layer_sites": 2, "spacer_sites": 3, "antiparallel": True}),
    (SPT.layer_transmissions, {"energy": 1.0, "exchange": 1.0, "layer_sites": 2}),
    (SPT.phase_averaged_valve, {"exchange": 1.0, "layer_sites": 1, "energy": 1.4, "first_spacer": 2}),
    (SPT.rashba_wavenumber_difference, {"alpha": 0.3, "t": 1.0}),
    (SPT.rashba_chain, {"length": 5, "lead_axis": "x", "lead_exchange": 0.2}),
    (SPT.datta_das_transmission, {"alphas": [0.1], "length": 5, "energy": 1.0, "lead_exchange": 0.0}),
    (SPT.datta_das_closed_form, {"alpha": 0.2, "length": 5, "energy": 1.0}),
    (SPT.rashba_zeeman_bands, {"k": 0.3, "alpha": 0.3, "zeeman": 0.2}),
    (SPT.right_movers, {"energy": 0.1, "alpha": 0.3, "zeeman": 0.2, "samples": 101}),
    (SPT.rashba_zeeman_wire, {"length": 2}),
    (SPT.helical_conductance_scan, {"energies": [0.1], "alphas": [0.3], "zeemans": [0.2]}),
    (SPT.magnetized_cross, {"size": 6, "arm_width": 2}),
    (SPT.cross_transmissions, {"fsys": SPIN_CROSS, "energy": 1.0, "flux": 0.01, "exchange": 0.3, "alpha": 0.2}),
    (SPT.reciprocity_scan, {"fsys": SPIN_CROSS, "fluxes": [0.01], "exchanges": [0.3], "energy": 1.0, "alpha": 0.2}),
    (SPT.rashba_strip, {"length": 3, "width": 2}),
    (SPT.magnetoconductance_ensemble, {"length": 3, "width": 2, "fluxes": [0.0, 1.0], "alphas": [0.0], "disorder": 1.0,
                                       "energies": [1.0], "realizations": 2, "rng": np.random.default_rng(0)}),
    # chapter 10: graphene and topological edges on the lattice
    (TOP.dirac_points, {}),
    (TOP.graphene_model, {"hopping": 1.0}),
    (TOP.qwz_model, {"mass": 1.0}),
    (TOP.bhz_model, {"mass": 1.0, "zeeman": 0.1}),
    (TOP.bloch_hamiltonian, {"model": TOP.qwz_model(mass=1.0), "k": [0.1, 0.2]}),
    (TOP.bulk_bands, {"model": TOP.qwz_model(mass=1.0), "k": [0.1, 0.2]}),
    (TOP.graphene_bands, {"k": [0.1, 0.2], "hopping": 1.0}),
    (TOP.chern_number, {"model": TOP.qwz_model(mass=1.0), "occupied": 1, "n_k": 8}),
    (TOP.hybrid_wannier_centres, {"model": TOP.qwz_model(mass=1.0), "ky": [0.0, 1.0], "occupied": 1, "n_k": 8}),
    (TOP.ribbon_bands, {"kind": "zigzag", "width": 4, "momenta": [0.0, 1.0], "flux": 0.0}),
    (TOP.ribbon_open_channels, {"kind": "zigzag", "width": 4, "energies": [0.1], "flux": 0.0, "n_k": 201}),
    (TOP.graphene_landau_levels, {"n": 1, "flux": 0.02, "hopping": 1.0}),
    (TOP.half_integer_plateau, {"energy": 0.3, "flux": 0.02, "hopping": 1.0}),
    (TOP.zigzag_ribbon_in_field, {"n_chains": 4, "length": 2}),
    (TOP.klein_system, {"length": 4, "barrier_start": 3.0, "barrier_width": 3.0, "hopping": 1.0}),
    (TOP.klein_transmission, {"phi": 0.2, "energy": 0.1, "height": 0.3, "width": 6.0, "hopping": 1.0}),
    (TOP.qwz_ribbon, {"width": 4, "length": 2}),
    (TOP.bhz_ribbon, {"width": 4, "length": 2}),
    (TOP.bhz_hbar, {"arm_width": 3, "length": 10, "height": 8, "notch": 2}),
    (TOP.clean_params, {"fsys": QWZ_SMALL, "mass": 1.0, "zeeman": 0.0}),
    (TOP.disorder_ensemble, {"fsys": QWZ_SMALL, "energy": 0.2, "strengths": [1.0], "mass": 1.0, "realizations": 1,
                             "rng": np.random.default_rng(0), "zeeman": 0.0, "spin_orbit": 0.0, "lead_out": 1,
                             "lead_in": 0}),
    (TOP.disorder_scan, {"fsys": QWZ_SMALL, "energy": 0.2, "strengths": [1.0], "mass": 1.0, "realizations": 1,
                         "rng": np.random.default_rng(0), "zeeman": 0.0, "spin_orbit": 0.0}),
    (TOP.edge_density, {"fsys": QWZ_SMALL, "energy": 0.2, "params": TOP.clean_params(QWZ_SMALL, mass=1.0), "lead": 0}),
    (TOP.nonlocal_resistances, {"transmissions": HEL.helical_edge_transmissions(4)}),
    # chapter 11: superconducting interfaces on the lattice
    (SC.btk_conductance_curve, {"bias": [0.0, 0.5], "delta": 1.0, "Z": 0.5, "kT": 0.1}),
    (AND.ns_junction, {"width": 2, "normal_length": 2, "superconductor": True}),
    (AND.andreev_conductance, {"fsys": NS_SMALL, "energies": [0.001, 0.002], "params": NS_PARAMS}),
    (AND.andreev_conductance_map, {"fsys": NS_SMALL, "energies": [0.001], "name": "barrier", "values": [0.0, 1.0],
                                   "params": NS_PARAMS}),
    (AND.barrier_strength, {"barrier": 1.0, "mu": 2.0, "width": 1}),
    (AND.btk_lattice_conductance, {"energies": [0.0, 0.005], "mu": 2.0, "delta": 0.01, "barrier": 1.0, "width": 1}),
    (AND.beenakker_samples, {"width": 2, "normal_length": 2, "mu": 2.0, "delta": 0.01, "disorder": 1.0,
                             "rng": np.random.default_rng(0), "realizations": 1, "barrier": 0.0}),
    (AND.kitaev_chain, {"n_sites": 4}),
    (AND.kitaev_lattice_spectrum, {"n_sites": 4, "mus": [0.0, 1.0], "t": 1.0, "delta": 0.5}),
    (AND.kitaev_majoranas, {"n_sites": 6, "t": 1.0, "delta": 0.5, "mu": 0.5}),
    (AND.kitaev_junction, {"normal_length": 2, "barrier_sites": 1}),
    (AND.kitaev_bulk_gap, {"mu": 0.5, "t": 1.0, "delta": 0.5, "momenta": 11}),
    (AND.majorana_wire, {"length": 4, "barrier_sites": 1}),
    (AND.majorana_critical_zeeman, {"delta": 0.1, "mu": 0.05}),
    (AND.majorana_wire_bands, {"momenta": [0.0, 0.5], "mu": 0.0, "zeeman": 0.2, "delta": 0.1, "alpha": 0.5}),
    # the general tight-binding engine
    (TB.chain, {"a": 1.0, "norbs": 1}),
    (TB.square, {"a": 1.0, "norbs": 2}),
    (TB.triangular, {"a": 1.0, "norbs": 1}),
    (TB.honeycomb, {"a": 1.0, "norbs": 1}),
    (TB.cubic, {"a": 1.0, "norbs": 1}),
    (TB.peierls, {"hopping": -1.0, "vector_potential": lambda x, y: (0 * x, x)}),
    (TB.anderson_disorder, {"fsys": TB_WIRE, "strength": 1.0, "rng": np.random.default_rng(0), "realizations": 2}),
    (TB.smatrix, {"fsys": TB_WIRE, "energy": 1.0, "params": None, "method": "auto"}),
    (TB.transmission, {"fsys": TB_WIRE, "energies": [0.5, 1.0], "params": None, "method": "auto"}),
    (TB.wave_functions, {"fsys": TB_WIRE, "energy": 1.0, "lead": 0}),
    (TB.bond_currents, {"fsys": TB_WIRE, "energy": 1.0, "lead": 0}),
    (TB.current_density, {"fsys": TB_WIRE, "energy": 1.0, "lead": 0}),
    (TB.transmission_eigenvalues, {"fsys": TB_WIRE, "energy": 1.0, "lead_out": 1, "lead_in": 0}),
    (TB.ldos, {"fsys": TB_WIRE, "energy": 1.0, "eta": 0.0}),
    (TB.lead_bands, {"fsys": TB_WIRE, "lead": 0, "momenta": [0.0, 1.0]}),
    (GEO.chain, {"length": 3, "hopping": -1.0, "onsite": 2.0}),
    (GEO.strip, {"length": 3, "width": 2, "hopping": -1.0, "onsite": 4.0}),
    (GEO.ring, {"outer_radius": 6, "inner_radius": 3}),
    (GEO.zigzag_ribbon, {"n_chains": 3, "length": 2}),
    (GEO.armchair_ribbon, {"n_dimers": 3, "length": 2}),
    (GEO.flux_tube_hopping, {"hopping": -1.0, "center": (0.0, 0.0)}),  # `parameter` may be any name
    (GEO.square_device, {"shape": lambda x, y: (x >= 0) & (x < 3) & (y >= 0) & (y < 3), "leads": [("+x", 0, 2)]}),
    (GEO.cross, {"lx": 8, "ly": 6, "arm_width": 2}),
    (GEO.hall_bar, {"length": 20, "width": 6, "probe_width": 3, "n_probes": 4}),
    (GEO.wire_with_side_probes, {"length": 12, "width": 3, "probe_centers": [6.0], "probe_width": 2, "arm_length": 1}),
    (GEO.qpc, {"length": 6, "width": 4, "taper": 2.0, "hbar_omega_y": 0.3}),
    # chapter 12: noise, heat and interference
    (TE.sampled_thermoelectric_coefficients, {"energies": E12, "transmissions": 0.5 + 0 * E12, "kT": 1e-3}),
    (TE.sampled_figure_of_merit, {"energies": E12, "transmissions": 0.5 + 0.1 * np.tanh(E12 / 0.01), "kT": 1e-3,
                                  "phonon_conductance": 1e-12}),
    (TE.sampled_mott_seebeck, {"energies": E12, "transmissions": 0.5 + 0.1 * np.tanh(E12 / 0.01), "kT": 1e-3}),
    (INT.disordered_wire, {"length": 4, "width": 3}),
    (INT.disordered_ring, {"outer_radius": 6.0, "inner_radius": 3.0, "lead_width": 2}),
    (INT.green_transmission, {"fsys": WIRE12, "energies": 1.0, "params": {"flux": 0.0}}),
    (INT.ring_flux_sweep, {"fluxes": [0.0, 0.3], "energies": 1.0, "outer_radius": 6.0, "inner_radius": 3.0,
                           "lead_width": 2}),
    (INT.flux_harmonics, {"fluxes": np.linspace(0, 1, 8, endpoint=False), "values": np.ones(8)}),
    (INT.wire_ensemble, {"length": 4, "width": 3, "energy": 1.0, "disorder": 1.0, "realizations": 2,
                         "rng": np.random.default_rng(0)}),
    (INT.ensemble_fano_factor, {"eigenvalues": [[0.5, 0.2], [0.9, 0.1]]}),
    (INT.eigenvalue_density, {"eigenvalues": [[0.5, 0.2], [0.9, 0.1]], "bins": 4}),
    (INT.conductance_fluctuations, {"lengths": [4], "width": 3, "energy": 1.0, "disorder": 1.0, "realizations": 2,
                                    "rng": np.random.default_rng(0)}),
]

GENERIC_BAD = {"None": None, "text": "abc", "texts": ["a", "b"], "nan": np.nan, "inf": np.inf}
# Arguments for which None is a documented, valid choice.
NONE_IS_VALID = {
    ("green_transmission", "params"),
    ("disordered_ring", "lead_width"),
    ("ring_flux_sweep", "lead_width"),
    ("anderson_disorder", "realizations"),
    ("smatrix", "params"),
    ("transmission", "params"),
    ("qpc", "taper"),
    ("wire_with_side_probes", "probe_centers"),
    ("majorana_wire", "length"),
    ("landauer_integrals", "points"),
    ("thermoelectric_coefficients", "points"),
    ("seebeck_coefficient", "points"),
    ("electronic_heat_conductance", "points"),
    ("figure_of_merit", "points"),
    ("mott_seebeck", "step"),
    ("conductance_matrix", "channels"),
    ("effective_transmission", "probes"),
    ("effective_transmission", "channels"),
}

GENERIC_CASES = [
    pytest.param(func, kwargs, name, bad, id=f"{func.__name__}-{name}-{label}")
    for func, kwargs in VALID
    for name in kwargs
    for label, bad in GENERIC_BAD.items()
    if not (bad is None and (func.__name__, name) in NONE_IS_VALID)
]


def test_every_public_function_is_in_the_sweep():
    import qtransport

    swept = {func.__name__ for func, _ in VALID}
    public = {
        name
        for module in (qtransport, lat, TB, GEO, SPT, TOP, AND, INT)
        for name in module.__all__
        if callable(getattr(module, name)) and not isinstance(getattr(module, name), type)
    }
    # Already-built result objects, not user input, are their only argument:
    exempt = {"localization_length", "mean_free_path"}
    assert public - exempt <= swept, sorted(public - exempt - swept)


@pytest.mark.parametrize(("func", "kwargs", "name", "bad"), GENERIC_CASES)
def test_generic_bad_values_are_refused_naming_the_argument(func, kwargs, name, bad):
    with pytest.raises((ValueError, TypeError)) as info:
        func(**{**kwargs, name: bad})
    assert re.search(rf"`{name}(\[\d+\])?`", str(info.value)), str(info.value)


def test_the_valid_calls_are_valid():
    for func, kwargs in VALID:
        out = func(**kwargs)
        for value in out if isinstance(out, tuple) else (out,):
            if isinstance(value, (np.ndarray, float, complex)):
                assert np.all(np.isfinite(value)), func.__name__


ensemble = lat.transmission_ensemble([2, 4], energy=1.0, disorder=1.0, realizations=3,
                                     rng=np.random.default_rng(0))
NOT_UNITARY = np.array([[0.6, 0.8], [0.8, 0.6]])  # real, symmetric: S^dagger S != 1

PHYSICS_CASES = [
    # temperatures, energies, units
    (lambda: D.fermi(0.0, kT=-0.01), ValueError, "`kT` must be >= 0"),
    (lambda: D.fermi(0.0, kT=np.inf), ValueError, "`kT` contains infinity"),
    (lambda: C.thermal_energy(-4.2), ValueError, "`temperature` must be >= 0"),
    (lambda: L.landauer_conductance(flat, kT=-1e-3), ValueError, "`kT` must be >= 0"),
    (lambda: CB.sequential_conductance(0.1, **{**DOT, "kT": -1e-5}), ValueError, "`kT` must be >= 0"),
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
    (lambda: SM.transmission(NOT_UNITARY, 1), ValueError, "`S` is not unitary"),
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
    (lambda: MT.currents_from_voltages(G3, [1.0, 0.0]), ValueError, "`voltages`"),
    (lambda: SM.transmission(S2, 3), ValueError, "`n_left`"),
    (lambda: SM.smatrix_blocks(np.ones((2, 3)), 1), ValueError, "`S`"),
    (lambda: lat.lead_self_energy(np.ones((2, 3)), np.ones((2, 2)), 1.0), ValueError, "`h_cell`"),
    (lambda: lat.smatrix(WIRE, [1.0, 2.0]), ValueError, "`energy` must be a single number"),
    (lambda: LL.luttinger_ac_conductance_transfer_matrix(1e9, g=[0.5, 0.3], lengths=[1e-6],
                                                          velocity=1e5), ValueError, "`g` and `lengths`"),
    (lambda: lat.anderson_disorder((3, "a"), 1.0, rng=np.random.default_rng(0)), TypeError, "`shape`"),
    (lambda: lat.anderson_disorder((3, 2), [1.0, 2.0], rng=np.random.default_rng(0)), ValueError,
     "`strength` must be a single number"),
    (lambda: lat.transmission_ensemble([], energy=1.0, disorder=1.0, realizations=3,
                                       rng=np.random.default_rng(0)), ValueError, "`lengths` is empty"),
    (lambda: lat.transmission_ensemble([2], energy=[1.0, 2.0], disorder=1.0, realizations=3,
                                       rng=np.random.default_rng(0)), ValueError,
     "`energy` must be a single number"),
    # wrong objects
    (lambda: lat.transmission_matrix("device", 1.0), TypeError, "`device` must be a Device"),
    (lambda: lat.make_device(np.ones((6, 3), bool), None), TypeError, "`leads` must be a list"),
    (lambda: lat.hall_bar(n_probes=np.array([2, 4])), TypeError, "`n_probes` must be an integer"),
    (lambda: lat.localization_length("ensemble"), TypeError, "`ensemble` must be the LengthEnsemble"),
    (lambda: lat.mean_free_path(ensemble.transmissions), TypeError, "`ensemble` must be the"),
    # parameters outside their physical range
    (lambda: RES.breit_wigner(0.1, level=0.0, gamma_left=-0.01, gamma_right=0.01), ValueError,
     "`gamma_left` must be >= 0"),
    (lambda: QPC.saddle_point_transmission(0.01, V0=0.0, hw_x=0.0, hw_y=2e-3), ValueError,
     "`hw_x` must be > 0"),
    (lambda: OH.ohmic_transmission(1.0, 0.0), ValueError, "`mean_free_path` must be > 0"),
    (lambda: LL.plasmon_reflection(-0.5), ValueError, "`g` must be > 0"),
    (lambda: QH.hall_plateau_resistance(0), ValueError, "`nu` must be > 0"),
    (lambda: CB.sequential_conductance(0.1, **{**DOT, "charging_energy": 0.0}), ValueError,
     "`charging_energy` must be > 0"),
    (lambda: CAP.electrochemical_capacitance(-1e-15, 1e17), ValueError,
     "`geometric_capacitance` must be > 0"),
    (lambda: MT.contact_resistance(0), ValueError, "`n_channels`"),
    (lambda: lat.strip(5, 0), ValueError, "`width` must be >= 1"),
    (lambda: lat.chain_self_energy(1.0, eta=-1.0), ValueError, "`eta` must be >= 0"),
    (lambda: lat.thouless_localization_length(5.0, disorder=1.0), ValueError, "`energy` must lie"),
    (lambda: lat.hall_bar_resistances(0.03, -1.0, **BAR), ValueError, "`energy`.*no open channel"),
]


@pytest.mark.parametrize(("call", "error", "match"), PHYSICS_CASES)
def test_physically_wrong_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()
