"""Data of the figures of chapter 7: interactions.

* :func:`blockade_peak_data`: a sequential-tunnelling conductance peak of one
  level against coherent resonant tunnelling through the same level.
* :func:`diamond_island`, :func:`diamond_grid` and :func:`coulomb_diamonds_data`: current or
  ``dI/dV`` of a Coulomb island in the gate-bias plane and the zero-bias
  Coulomb oscillations.
* :func:`wire_profile` and :func:`luttinger_wire_data`: AC and DC conductance
  of a Luttinger wire between Fermi-liquid leads.

Arguments are in the units of the figure controls (µeV, meV, mV, µm, GHz);
the library works in eV, V, m and Hz.
"""

from __future__ import annotations

import numpy as np

from qtransport import (
    Island,
    breit_wigner_conductance,
    coulomb_diamond_map,
    gate_charge,
    luttinger_ac_conductance,
    luttinger_ac_conductance_transfer_matrix,
    luttinger_dc_conductance,
    plasmon_reflection,
    plasmon_velocity,
    sequential_conductance,
    single_level_peak,
)
from qtransport.constants import R_K
from qtransport.figures._data import FigureData

__all__ = [
    "blockade_peak_data",
    "diamond_grid",
    "diamond_island",
    "coulomb_diamonds_data",
    "wire_profile",
    "luttinger_wire_data",
]

UEV = 1e-6  # eV per µeV
MEV = 1e-3  # eV per meV (and V per mV)

#: Charging energy of the dot in the peak figure (eV).  It only sets how far
#: away the neighbouring peaks are; with one orbital the dot holds 0 or 1 electron.
PEAK_CHARGING_ENERGY = 1.0 * MEV

#: Island of the diamond figure: charging energy (eV), gate lever arm, tunnel
#: couplings of the quantum dot (eV), tunnel resistances of the metallic island (ohm).
DIAMOND_CHARGING_ENERGY = 1.0 * MEV
DIAMOND_LEVER_ARM = 0.5
DIAMOND_GAMMA = 1.0 * UEV
DIAMOND_RESISTANCE = 1.0e6

#: Fermi velocity of leads and wire (m/s), of the order of a GaAs wire.
FERMI_VELOCITY = 2.0e5
#: Length of each contact region over which g changes in the smooth case (m).
RAMP_LENGTH = 1.0e-6
RAMP_SEGMENTS = 24


# ---------------------------------------------------------------------------
# 1. one Coulomb-blockade peak against a coherent resonance
# ---------------------------------------------------------------------------


def _sequential_peak(delta, kT, half):
    """Sequential-tunnelling conductance (e^2/h) of one spin-less level at ``delta`` (eV)."""
    # One orbital at 0 and lever arm 1: the level sits at mu(1) = E_C - e V_g,
    # so the gate voltage V_g = E_C - delta puts it at delta.
    dot = Island(charging_energy=PEAK_CHARGING_ENERGY, gamma_left=half, gamma_right=half, levels=[0.0])
    return R_K * sequential_conductance(dot, PEAK_CHARGING_ENERGY - delta, kT=kT)


def _coherent_peak(delta, kT, half):
    """Breit-Wigner conductance (e^2/h) of the same level, thermally averaged."""
    return breit_wigner_conductance(
        0.0, level=delta, gamma_left=half, gamma_right=half, kT=kT, spin_degeneracy=1, unit="e^2/h",
    )


def blockade_peak_data(kT_ueV, gamma_ueV, *, points=801, dots=41, sweep_points=61):
    """Line shapes and heights of one conductance peak, sequential against coherent.

    A spin-less level with ``Gamma_L = Gamma_R = Gamma/2`` is swept through
    the Fermi level.  The sequential conductance comes from the master
    equation (:func:`qtransport.sequential_conductance`), the dots from its
    closed form ``G = (e^2/h) (pi Gamma_L Gamma_R / (2 Gamma kT)) cosh^-2(delta/2kT)``
    (:func:`qtransport.single_level_peak`), the coherent curves from
    :func:`qtransport.breit_wigner_conductance` at ``kT`` and at zero temperature.

    Parameters
    ----------
    kT_ueV : float
        Thermal energy ``k_BT`` (µeV).
    gamma_ueV : float
        Total coupling ``Gamma = Gamma_L + Gamma_R`` (µeV).
    points, dots : int, optional
        Points of the level-position grid of the curves and of the closed form,
        both over -100 to 100 µeV.
    sweep_points : int, optional
        Points of the temperature sweep, log-spaced over 0.1 to 100 µeV.

    Returns
    -------
    FigureData
        ``delta`` (points,) level position (µeV); ``seq``, ``coh``, ``cold``
        (points,) sequential, coherent and zero-temperature coherent
        conductance (e^2/h); ``dots_delta``, ``closed`` (dots,) the closed
        form; ``seq_peak``, ``coh_peak`` float, heights at ``delta = 0``
        (e^2/h); ``kT`` (sweep_points,) (µeV) with ``seq_heights``,
        ``coh_heights`` (e^2/h).

    Examples
    --------
    >>> data = blockade_peak_data(10.0, 0.2, points=5, dots=3, sweep_points=4)
    >>> round(data.seq_peak * 10.0 / (0.2 * np.pi / 8), 6)  # pi Gamma / (8 kT)
    1.0
    """
    delta_ueV = np.linspace(-100.0, 100.0, points)
    dots_ueV = np.linspace(-100.0, 100.0, dots)
    kT_sweep_ueV = np.logspace(-1, 2, sweep_points)
    kT, half = kT_ueV * UEV, 0.5 * gamma_ueV * UEV
    delta = delta_ueV * UEV
    kTs = kT_sweep_ueV * UEV
    return FigureData(
        delta=delta_ueV,
        seq=_sequential_peak(delta, kT, half),
        dots_delta=dots_ueV,
        closed=R_K * single_level_peak(dots_ueV * UEV, gamma_left=half, gamma_right=half, kT=kT),
        coh=_coherent_peak(delta, kT, half),
        cold=_coherent_peak(delta, 0.0, half),
        seq_peak=float(_sequential_peak(0.0, kT, half)),
        coh_peak=float(_coherent_peak(0.0, kT, half)),
        kT=kT_sweep_ueV,
        seq_heights=_sequential_peak(0.0 * kTs, kTs, half),
        coh_heights=_coherent_peak(0.0 * kTs, kTs, half),
    )


# ---------------------------------------------------------------------------
# 2. Coulomb diamonds
# ---------------------------------------------------------------------------


def diamond_island(model, capacitance_ratio=1.0):
    """The :class:`qtransport.Island` of the diamond figure: ``"single_level"`` or ``"metallic"``."""
    if model == "single_level":
        junctions = {"gamma_left": DIAMOND_GAMMA / 2, "gamma_right": DIAMOND_GAMMA / 2}
    elif model == "metallic":
        junctions = {"resistance_left": DIAMOND_RESISTANCE, "resistance_right": DIAMOND_RESISTANCE}
    else:
        raise ValueError(f"`model` must be 'single_level' or 'metallic', got {model!r}.")
    return Island(
        DIAMOND_CHARGING_ENERGY, model=model, lever_arm=DIAMOND_LEVER_ARM,
        capacitance_ratio=capacitance_ratio, **junctions,
    )


def diamond_grid(*, gate_points=101, bias_points=81):
    """Gate voltages and biases (V) of the diamond map: 2.5 gate periods, ±3 E_C/e.

    The gate period is ``e/C_g = 2 E_C / (e alpha)`` with the lever arm ``alpha``.

    Returns
    -------
    gates : ndarray, shape (gate_points,)
        Gate voltages (V), from -0.25 to 2.25 periods.
    biases : ndarray, shape (bias_points,)
        Bias voltages (V).
    """
    period = 2 * DIAMOND_CHARGING_ENERGY / DIAMOND_LEVER_ARM
    gates = np.linspace(-0.25 * period, 2.25 * period, gate_points)
    biases = np.linspace(-3.0 * DIAMOND_CHARGING_ENERGY, 3.0 * DIAMOND_CHARGING_ENERGY, bias_points)
    return gates, biases


def coulomb_diamonds_data(kT_ueV, asymmetry, model, quantity, *, gate_points=101, bias_points=81,
                          cut_points=301):
    """Current or ``dI/dV`` in the gate-bias plane and the zero-bias Coulomb oscillations.

    The map is :func:`qtransport.coulomb_diamond_map` (sequential-tunnelling
    master equation) of :func:`diamond_island`; the cut is the exact linear
    response :func:`qtransport.sequential_conductance` of the same island,
    which does not depend on the capacitance ratio, and the gate charge is
    :func:`qtransport.gate_charge`.

    Parameters
    ----------
    kT_ueV : float
        Thermal energy (µeV).
    asymmetry : float
        Capacitance ratio ``C_L/C_R``.
    model : {"single_level", "metallic"}
        A quantum dot with one spin-less level per electron or a metallic island.
    quantity : {"conductance", "current"}
        What the map holds.
    gate_points, bias_points : int, optional
        Grid of the map (see :func:`diamond_grid`).
    cut_points : int, optional
        Gate points of the zero-bias cut.

    Returns
    -------
    FigureData
        ``gate``, ``bias`` (mV) the map axes; ``z`` (bias_points, gate_points)
        current (nA) or ``dI/dV`` (µS); ``cut_gate`` (cut_points,) (mV),
        ``cut`` zero-bias conductance (µS), ``n_g`` gate charge ``C_g V_g / e``.
    """
    if quantity not in ("conductance", "current"):
        raise ValueError(f"`quantity` must be 'conductance' or 'current', got {quantity!r}.")
    gates, biases = diamond_grid(gate_points=gate_points, bias_points=bias_points)
    cut_gates = np.linspace(gates[0], gates[-1], cut_points)
    kT = kT_ueV * UEV
    m = coulomb_diamond_map(diamond_island(model, asymmetry), gates, biases, kT=kT)
    z = m.current / 1e-9 if quantity == "current" else m.conductance / 1e-6
    return FigureData(
        gate=gates / MEV, bias=biases / MEV, z=z,
        cut_gate=cut_gates / MEV,
        cut=sequential_conductance(diamond_island(model), cut_gates, kT=kT) / 1e-6,
        n_g=gate_charge(cut_gates, charging_energy=DIAMOND_CHARGING_ENERGY, lever_arm=DIAMOND_LEVER_ARM),
    )


# ---------------------------------------------------------------------------
# 3. Luttinger wire between Fermi-liquid leads
# ---------------------------------------------------------------------------


def wire_profile(g, length, contacts):
    """Segments ``(g_j, L_j)`` of the wire: one abrupt step, or linear ramps of ``g`` from 1.

    Parameters
    ----------
    g : float
        Interaction parameter in the wire.
    length : float
        Length of the wire (m), without the ramps.
    contacts : {"abrupt", "smooth"}
        Smooth contacts ramp ``g`` over :data:`RAMP_LENGTH` in :data:`RAMP_SEGMENTS` steps.

    Returns
    -------
    gs, lengths : ndarray
        Interaction parameter and length (m) of each segment.
    """
    if contacts == "abrupt":
        return np.array([g]), np.array([length])
    if contacts != "smooth":
        raise ValueError(f"`contacts` must be 'abrupt' or 'smooth', got {contacts!r}.")
    steps = (np.arange(RAMP_SEGMENTS) + 0.5) / RAMP_SEGMENTS
    ramp = 1.0 + (g - 1.0) * steps
    dx = RAMP_LENGTH / RAMP_SEGMENTS
    gs = np.concatenate([ramp, [g], ramp[::-1]])
    ls = np.concatenate([np.full(RAMP_SEGMENTS, dx), [length], np.full(RAMP_SEGMENTS, dx)])
    return gs, ls


def luttinger_wire_data(g, length_um, contacts, *, points=1601, f_max_GHz=200.0, g_points=91):
    """AC conductance of a Luttinger wire and its DC value against ``g``.

    Abrupt contacts use :func:`qtransport.luttinger_ac_conductance`, smooth
    ones :func:`qtransport.luttinger_ac_conductance_transfer_matrix` over
    :func:`wire_profile`.  The floor of the oscillation is ``|G|`` of the
    abrupt wire at the quarter-wave frequency ``u/4L``, ``2g/(1+g^2) e^2/h``,
    with the plasmon velocity ``u = v_F/g`` (:func:`qtransport.plasmon_velocity`).

    Parameters
    ----------
    g : float
        Interaction parameter.
    length_um : float
        Wire length (µm).
    contacts : {"abrupt", "smooth"}
        Contact profile.
    points : int, optional
        Frequencies from 0 to ``f_max_GHz`` (GHz).
    g_points : int, optional
        Points of the DC sweep over ``g`` from 0.1 to 1.

    Returns
    -------
    FigureData
        ``f`` (points,) frequency (GHz); ``abs`` ``|G(f)|`` (e^2/h);
        ``g_sweep`` (g_points,) and ``dc`` DC conductance (e^2/h); ``dc_now``,
        ``floor`` (e^2/h), ``gamma`` plasmon reflection ``(1-g)/(1+g)`` and
        ``period_GHz`` ``u/2L`` (GHz), floats.
    """
    freqs_GHz = np.linspace(0.0, f_max_GHz, points)
    freqs = freqs_GHz * 1e9
    g_sweep = np.linspace(0.1, 1.0, g_points)
    length = length_um * 1e-6
    if contacts == "abrupt":
        G = luttinger_ac_conductance(freqs, g=g, length=length, velocity=FERMI_VELOCITY)
    else:
        gs, ls = wire_profile(g, length, contacts)
        G = luttinger_ac_conductance_transfer_matrix(freqs, g=gs, lengths=ls, velocity=FERMI_VELOCITY)
    u = plasmon_velocity(g, velocity=FERMI_VELOCITY)
    floor = np.abs(luttinger_ac_conductance(u / (4 * length), g=g, length=length, velocity=FERMI_VELOCITY))
    return FigureData(
        f=freqs_GHz, abs=np.abs(G) * R_K,
        g_sweep=g_sweep, dc=luttinger_dc_conductance(g_sweep) * R_K,
        dc_now=float(luttinger_dc_conductance(g) * R_K),
        floor=float(floor * R_K), gamma=float(plasmon_reflection(g)),
        period_GHz=float(u / (2 * length) / 1e9),
    )
