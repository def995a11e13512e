r"""Coulomb blockade: sequential tunnelling through a small island (chapter 7).

A small conducting island (a quantum dot or a metallic grain) is coupled by
two tunnel junctions to a left and a right lead and capacitively to a gate.
When the tunnel resistances exceed :math:`h/e^2` the charge :math:`N e` on the
island is a good quantum number; when in addition the tunnelling broadening is
small against the temperature, :math:`\Gamma \ll k_B T` (no coherences between
charge states), electrons pass one at a time: the *orthodox*
(sequential-tunnelling) picture, a classical master equation for the
probability :math:`p_N` of each charge state.

Conventions (used by every function of this module)
---------------------------------------------------
Parameters
    An :class:`Island` holds everything that describes the island and its
    junctions; the functions take it first, then the gate and bias voltages,
    and the temperature ``kT`` as a keyword.
Units
    Energies (``charging_energy``, ``kT``, ``levels``, ``gamma_left``,
    ``gamma_right``) in eV; ``gate`` and ``bias`` in volts; resistances in ohm;
    currents in ampere; conductances in siemens.  Because energies are in eV,
    the energy :math:`e V` of a voltage ``V`` in volts is the same number.
Charging energy
    The electrostatic energy of :math:`N` excess electrons is

    .. math:: E(N) = E_C (N - n_x)^2, \qquad E_C = \frac{e^2}{2 C_\Sigma},

    with :math:`C_\Sigma = C_L + C_R + C_g` the total capacitance of the
    island.  The induced charge :math:`n_x` (in units of :math:`e`) is set by
    the gate and, for unequal junction capacitances, by the bias:

    .. math:: n_x = n_g - \frac{\kappa\, e V}{2 E_C}, \qquad
              n_g = \frac{C_g V_g}{e} = \frac{\alpha\, e V_g}{2 E_C},

    where :math:`\alpha = C_g / C_\Sigma` is the gate lever arm
    (``lever_arm``) and
    :math:`\kappa = (C_L - C_R) / (2 C_\Sigma) = (1 - \alpha)(2r - 1)/2`
    with :math:`r = C_L / (C_L + C_R)` (from ``capacitance_ratio``
    :math:`= C_L / C_R`).  The gate period is :math:`\Delta V_g = e / C_g =
    2 E_C / (\alpha e)`.
Addition energies
    Adding the :math:`N`-th electron costs the electrochemical potential

    .. math:: \mu(N) = E(N) - E(N-1) + \varepsilon_N
              = E_C (2N - 1) - \alpha e V_g + \kappa e V + \varepsilon_N,

    where :math:`\varepsilon_N` is the orbital energy of that electron
    (``levels``; zero for a metallic island and by default).
Bias
    Symmetric: :math:`\mu_L = +eV/2`, :math:`\mu_R = -eV/2` (the Fermi level
    at zero bias is the zero of energy).  The current ``I`` is positive when
    electrons flow from left to right, which is the direction they take for
    :math:`V > 0`; so :math:`I V \ge 0` and :math:`G = dI/dV > 0`, as for the
    Landauer formula of chapter 1.

Tunnelling rates
----------------
An electron tunnelling from lead :math:`a` onto the island (charge
:math:`N \to N + 1`) gains the energy :math:`\Delta = \mu_a - \mu(N + 1)`;
tunnelling back out gains :math:`-\Delta`.

``model="metallic"`` (dense spectrum, Beenakker 1991; Averin & Likharev)
    .. math:: \Gamma_a(\Delta) = \frac{1}{e^2 R_a}
              \frac{\Delta}{1 - e^{-\Delta / k_BT}}
              \;\xrightarrow{k_BT \to 0}\; \frac{\max(\Delta, 0)}{e^2 R_a}.

``model="single_level"`` (spin-less, one orbital per added electron)
    .. math:: \Gamma_a^{+} = \frac{\Gamma_a}{\hbar} f\!\left(\mu(N+1) - \mu_a\right),
              \qquad
              \Gamma_a^{-} = \frac{\Gamma_a}{\hbar}
              \left[1 - f\!\left(\mu(N+1) - \mu_a\right)\right],

    with ``gamma_left``/``gamma_right`` the tunnel couplings
    :math:`\Gamma_a` as energies (:math:`\hbar` times the rate, the same
    :math:`\Gamma_a` as in the Breit-Wigner formula of chapter 2) and
    :math:`f` the Fermi function.  Only ground-state-to-ground-state
    transitions are kept: the :math:`N`-th electron always enters orbital
    :math:`\varepsilon_N` (no excited-state lines in the diamonds).

Stationary state
----------------
The charge changes by one at a time, so the master equation is a
birth-death chain.  Its stationary solution is, in closed form (the
matrix-tree theorem for a chain),

.. math:: p_N \propto \prod_{k<N} \Gamma^{+}(k) \prod_{k>N} \Gamma^{-}(k),
          \qquad \frac{p_{N+1}}{p_N} = \frac{\Gamma^{+}(N)}{\Gamma^{-}(N+1)},

with :math:`\Gamma^{\pm} = \Gamma^{\pm}_L + \Gamma^{\pm}_R`.  It is evaluated
in logarithms (no overflow at low temperature, exact zeros at ``kT = 0``) on a
window of charge states wide enough that the states left out have relative
probability below :math:`e^{-40}`.

References
----------
C. W. J. Beenakker, "Theory of Coulomb-blockade oscillations in the
conductance of a quantum dot", Phys. Rev. B 44, 1646 (1991).
L. P. Kouwenhoven, C. M. Marcus, P. L. McEuen, S. Tarucha, R. M. Westervelt
and N. S. Wingreen, "Electron transport in quantum dots", in *Mesoscopic
Electron Transport* (Kluwer, 1997).
D. V. Averin and K. K. Likharev, in *Mesoscopic Phenomena in Solids*
(Elsevier, 1991).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np
from scipy import constants
from scipy.special import logsumexp

from qtransport._validation import (
    as_real_array,
    broadcast_named,
    check_choice,
    check_integer,
    check_nonnegative,
    check_positive,
    check_scalar,
    unwrap_0d,
)
from qtransport.constants import e2_h
from qtransport.distributions import thermal_window

__all__ = [
    "Island",
    "SequentialTunneling",
    "DiamondMap",
    "gate_charge",
    "sequential_tunneling",
    "sequential_current",
    "sequential_conductance",
    "coulomb_diamond_map",
    "single_level_peak",
]

_E = constants.e
_HBAR = constants.hbar

# States whose probability is below exp(-_CUT) relative to the most likely
# one are left out of the master equation.
_CUT = 40.0
_MODELS = ("single_level", "metallic")


class SequentialTunneling(NamedTuple):
    """Stationary state of the sequential-tunnelling master equation.

    Attributes
    ----------
    current : ndarray
        Current ``I`` (A), the broadcast shape of ``gate``, ``bias`` and ``kT``
        (equal to ``current_left``).
    current_left : ndarray
        Electron flow from the left lead onto the island times ``e`` (A).
    current_right : ndarray
        Electron flow from the island into the right lead times ``e`` (A).
        Equal to ``current_left`` in the stationary state.
    charge_states : ndarray of int
        Shape ``(..., n)``: the excess charges ``N`` kept for each point.
    probabilities : ndarray
        Shape ``(..., n)``: stationary probabilities ``p_N`` of those states.
    mean_charge : ndarray
        Average excess charge ``<N>`` (units of ``e``).
    """

    current: np.ndarray
    current_left: np.ndarray
    current_right: np.ndarray
    charge_states: np.ndarray
    probabilities: np.ndarray
    mean_charge: np.ndarray


class DiamondMap(NamedTuple):
    """Current and differential conductance on a gate x bias grid.

    Attributes
    ----------
    gate : ndarray, shape (n_gate,)
        Gate voltages (V).
    bias : ndarray, shape (n_bias,)
        Bias voltages (V).
    current : ndarray, shape (n_bias, n_gate)
        Current (A); rows follow ``bias``, columns ``gate``, so that
        ``pcolormesh(gate, bias, current)`` draws the map.
    conductance : ndarray, shape (n_bias, n_gate)
        Differential conductance ``dI/dV`` (S) along the bias axis.
    """

    gate: np.ndarray
    bias: np.ndarray
    current: np.ndarray
    conductance: np.ndarray


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------


def _checked_island(
    *,
    model,
    charging_energy,
    gamma_left,
    gamma_right,
    resistance_left,
    resistance_right,
    levels,
    lever_arm,
    capacitance_ratio,
    n_states,
):
    check_choice(model, "model", _MODELS)
    p = {"model": model}
    p["charging_energy"] = check_scalar(
        charging_energy,
        "charging_energy",
        positive=True,
        hint="E_C = e^2 / (2 C_total) in eV is positive; a very large C gives a small E_C, never 0.",
    )
    p["lever_arm"] = check_scalar(lever_arm, "lever_arm", positive=True)
    if p["lever_arm"] > 1:
        raise ValueError(f"`lever_arm` = C_g / C_total must lie in (0, 1], got {p['lever_arm']!r}.")
    p["capacitance_ratio"] = check_scalar(
        capacitance_ratio,
        "capacitance_ratio",
        positive=True,
        hint="It is C_L / C_R, a ratio of two capacitances.",
    )

    if model == "single_level":
        for name, value in (
            ("resistance_left", resistance_left),
            ("resistance_right", resistance_right),
        ):
            if value is not None:
                raise ValueError(
                    f"`{name}` belongs to model='metallic'; model='single_level' takes "
                    "`gamma_left` and `gamma_right` (tunnel couplings in eV)."
                )
        for name, value in (("gamma_left", gamma_left), ("gamma_right", gamma_right)):
            if value is None:
                raise TypeError(
                    f"`{name}` is required for model='single_level' (tunnel coupling in eV, "
                    "hbar times the tunnelling rate)."
                )
        hint = "A coupling is hbar times a rate; use a small positive number for a weak junction."
        p["gamma_left"] = check_scalar(gamma_left, "gamma_left", positive=True, hint=hint)
        p["gamma_right"] = check_scalar(gamma_right, "gamma_right", positive=True, hint=hint)
    else:
        for name, value in (("gamma_left", gamma_left), ("gamma_right", gamma_right)):
            if value is not None:
                raise ValueError(
                    f"`{name}` belongs to model='single_level'; model='metallic' takes "
                    "`resistance_left` and `resistance_right` (tunnel resistances in ohm)."
                )
        if levels is not None:
            raise ValueError(
                "`levels` belongs to model='single_level'; a metallic island has a dense "
                "spectrum. Leave `levels=None`."
            )
        for name, value in (
            ("resistance_left", resistance_left),
            ("resistance_right", resistance_right),
        ):
            if value is None:
                raise TypeError(
                    f"`{name}` is required for model='metallic' (tunnel resistance in ohm)."
                )
        hint = "A tunnel resistance is positive; the orthodox theory needs R >> h/e^2 = 25.8 kOhm."
        p["resistance_left"] = check_scalar(resistance_left, "resistance_left", positive=True, hint=hint)
        p["resistance_right"] = check_scalar(resistance_right, "resistance_right", positive=True, hint=hint)

    if levels is not None:
        lv = as_real_array(levels, "levels")
        if lv.ndim != 1 or lv.size < 1:
            raise ValueError(
                f"`levels` must be a 1-D array of orbital energies (eV), got shape {lv.shape}."
            )
        if n_states is not None:
            raise ValueError(
                "`n_states` and `levels` exclude each other: with `levels` the charge states "
                "are 0 .. len(levels)."
            )
        p["levels"] = np.sort(lv)
        p["levels"].setflags(write=False)
    else:
        p["levels"] = None
    p["n_states"] = None if n_states is None else check_integer(n_states, "n_states", minimum=2)
    return p


@dataclass(frozen=True, eq=False)
class Island:
    r"""A Coulomb island and its two tunnel junctions, checked once.

    Every parameter of the sequential-tunnelling functions but the gate, the
    bias and the temperature: :func:`sequential_tunneling`,
    :func:`sequential_current`, :func:`sequential_conductance` and
    :func:`coulomb_diamond_map` take one of these first.  Frozen: a changed
    island is a new one (:func:`dataclasses.replace`).

    Parameters
    ----------
    charging_energy : float
        :math:`E_C = e^2/2C_\Sigma` (eV), > 0.
    model : {'single_level', 'metallic'}, optional
        Tunnelling rates: a quantum dot with one spin-less orbital per added
        electron (couplings ``gamma_left``, ``gamma_right``), or a metallic
        island with a dense spectrum (tunnel resistances ``resistance_left``,
        ``resistance_right``).
    gamma_left, gamma_right : float, optional
        ``single_level`` only, and required there: tunnel couplings
        :math:`\Gamma_{L,R}` (eV), :math:`\hbar` times the bare tunnelling
        rates.
    resistance_left, resistance_right : float, optional
        ``metallic`` only, and required there: tunnel resistances
        :math:`R_{L,R}` (ohm).
    levels : array_like, optional
        ``single_level`` only: orbital energies :math:`\varepsilon_1 \le
        \varepsilon_2 \le \dots` (eV, kept sorted) of a dot that holds at most
        ``len(levels)`` electrons (charge states ``0 .. len(levels)``).  With
        ``None`` every orbital energy is zero and the charge is unbounded.
    lever_arm : float, optional
        :math:`\alpha = C_g / C_\Sigma` in (0, 1].  With the default ``1`` the
        gate voltage is the shift of the island's energy in eV.
    capacitance_ratio : float, optional
        :math:`C_L / C_R` (> 0; default 1: symmetric junctions and symmetric
        diamonds).  Matters only when ``lever_arm < 1``.
    n_states : int, optional
        Fixed number (>= 2) of charge states kept around the gate-induced
        charge instead of the automatic window (which keeps every state with
        relative probability above :math:`e^{-40}`).

    Examples
    --------
    >>> dot = Island(2e-3, gamma_left=1e-6, gamma_right=2e-6)
    >>> dot.model, round(dot.rate_right / dot.rate_left, 12)
    ('single_level', 2.0)
    >>> Island(2e-3, model="metallic", gamma_left=1e-6)
    Traceback (most recent call last):
    ...
    ValueError: `gamma_left` belongs to model='single_level'; model='metallic' takes `resistance_left` and `resistance_right` (tunnel resistances in ohm).
    """

    charging_energy: float
    model: str = "single_level"
    gamma_left: float | None = None
    gamma_right: float | None = None
    resistance_left: float | None = None
    resistance_right: float | None = None
    levels: np.ndarray | None = None
    lever_arm: float = 1.0
    capacitance_ratio: float = 1.0
    n_states: int | None = None

    def __post_init__(self):
        checked = _checked_island(**{f.name: getattr(self, f.name) for f in fields(self)})
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    @property
    def kappa(self) -> float:
        """How the bias shifts the island's potential: ``(1 - alpha)(2 r - 1)/2``, ``r = C_L/(C_L + C_R)``."""
        r = self.capacitance_ratio / (1.0 + self.capacitance_ratio)
        return (1.0 - self.lever_arm) * (2.0 * r - 1.0) / 2.0

    @property
    def rate_left(self) -> float:
        """Tunnelling rate through the left junction of the single-level model (1/s): ``Gamma e / hbar``."""
        return self.gamma_left * _E / _HBAR

    @property
    def rate_right(self) -> float:
        """Tunnelling rate through the right junction of the single-level model (1/s)."""
        return self.gamma_right * _E / _HBAR


def _check_island(island):
    """``island`` itself if it is an :class:`Island`, else a TypeError that says how to make one."""
    if not isinstance(island, Island):
        raise TypeError(
            f"`island` must be an Island, got {type(island).__name__}; build one with, e.g., "
            "Island(charging_energy=1e-3, gamma_left=1e-6, gamma_right=1e-6) "
            "(from qtransport.models.coulomb)."
        )
    return island


# ---------------------------------------------------------------------------
# rates in logarithms
# ---------------------------------------------------------------------------


def _log_fermi(de, kT):
    """log f(de) with f the Fermi function at kT (kT = 0 exact)."""
    out = np.where(de < 0, 0.0, np.where(de > 0, -np.inf, np.log(0.5)))
    warm = kT > 0
    if np.any(warm):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            x = de / np.where(warm, kT, 1.0)
        out = np.where(warm, -np.logaddexp(0.0, x), out)
    return out


def _log_bose_like(gain, kT):
    """log of gain / (1 - exp(-gain/kT)), the metallic rate times e^2 R (eV).

    Tends to log(max(gain, 0)) as kT -> 0 (exactly that at kT = 0).
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        cold = np.where(gain > 0, np.log(np.abs(gain)), -np.inf)
        safe_kT = np.where(kT > 0, kT, 1.0)
        x = gain / safe_kT
        ax = np.abs(x)
        # x > 0: log g - log(1 - e^-x);  x < 0: log|g| - |x| - log(1 - e^-|x|).
        # Written with log|g| rather than log kT + log|x| so that a tiny kT,
        # where g/kT overflows to infinity, still gives the kT -> 0 limit.
        body = np.log(np.abs(gain)) - np.log(-np.expm1(-ax)) - np.where(x < 0, ax, 0.0)
        warm = np.where(x == 0, np.log(safe_kT), body)
    return np.where(kT > 0, warm, cold)


def _charge_window(p, n_x, mu_min, mu_max, kT):
    """Charge states kept for each point, shape (..., n)."""
    if p.levels is not None:
        n = p.levels.size + 1
        return np.broadcast_to(np.arange(n), n_x.shape + (n,))
    Ec = p.charging_energy
    if p.n_states is not None:
        n = p.n_states
        start = np.round(n_x).astype(int) - (n - 1) // 2
        return start[..., None] + np.arange(n)
    # p_N / p_N* <= exp(-E_C [(N - c)^2 - (N* - c)^2] / kT) with c the minimum of
    # E(N) - N mu_a for the lead with the largest (upwards) or smallest
    # (downwards) electrochemical potential: keep |N - c| <= s.
    s = np.sqrt(_CUT * kT / Ec + 0.25) + 1.0
    lo = np.floor(n_x + mu_min / (2 * Ec) - s).astype(int)
    hi = np.ceil(n_x + mu_max / (2 * Ec) + s).astype(int)
    n = max(int(np.max(hi - lo)) + 1, 2) if lo.size else 2
    return lo[..., None] + np.arange(n)


def _edges(p, gate, bias, kT):
    """Charge states and log rates on every edge N -> N + 1 of the chain."""
    Ec, alpha, kappa = p.charging_energy, p.lever_arm, p.kappa
    mu_L, mu_R = bias / 2.0, -bias / 2.0
    n_x = (alpha * gate - kappa * bias) / (2.0 * Ec)
    states = _charge_window(p, n_x, np.minimum(mu_L, mu_R), np.maximum(mu_L, mu_R), kT)
    upper = states[..., 1:]  # the charge N + 1 reached on each edge
    mu = Ec * (2 * upper - 1 - 2 * n_x[..., None])  # addition energy mu(N + 1)
    if p.levels is not None:
        mu = mu + p.levels[upper - 1]
    kTe = kT[..., None]
    logs = {}
    for lead, mu_a in (("L", mu_L), ("R", mu_R)):
        de = mu - mu_a[..., None]
        if p.model == "single_level":
            base = np.log(p.rate_left if lead == "L" else p.rate_right)
            logs[lead + "+"] = base + _log_fermi(de, kTe)
            logs[lead + "-"] = base + _log_fermi(-de, kTe)
        else:
            base = -np.log(_E * (p.resistance_left if lead == "L" else p.resistance_right))  # rate = gain / (e R)
            logs[lead + "+"] = base + _log_bose_like(-de, kTe)
            logs[lead + "-"] = base + _log_bose_like(de, kTe)
    return states, mu, logs


def _stationary(logs):
    """log p_N from the tree formula, shape (..., n)."""
    lp = np.logaddexp(logs["L+"], logs["R+"])
    lm = np.logaddexp(logs["L-"], logs["R-"])
    # An edge frozen in both directions (metallic island at kT = 0, exactly at
    # a degeneracy point and zero bias) is the kT -> 0 limit of
    # Gamma+/Gamma- = exp(0) = 1: give both directions the same weight.
    frozen = np.isneginf(lp) & np.isneginf(lm)
    # Every tree has one rate per edge, so a common shift of all log rates
    # cancels on normalising; shifting by the largest keeps the sums small.
    finite = np.where(np.isfinite(lp), lp, -np.inf)
    shift = np.maximum(
        np.max(finite, axis=-1), np.max(np.where(np.isfinite(lm), lm, -np.inf), axis=-1)
    )
    shift = np.where(np.isfinite(shift), shift, 0.0)[..., None]
    lp = np.where(frozen, 0.0, lp - shift)
    lm = np.where(frozen, 0.0, lm - shift)
    zeros = np.zeros(lp.shape[:-1] + (1,))
    up = np.concatenate([zeros, np.cumsum(lp, axis=-1)], axis=-1)
    down = np.concatenate([np.cumsum(lm[..., ::-1], axis=-1)[..., ::-1], zeros], axis=-1)
    logw = up + down
    return logw - logsumexp(logw, axis=-1, keepdims=True)


def _solve(gate, bias, kT, p):
    states, mu, logs = _edges(p, gate, bias, kT)
    logp = _stationary(logs)
    prob = np.exp(logp)
    rates = {k: np.exp(v) for k, v in logs.items()}
    lower, upper = prob[..., :-1], prob[..., 1:]
    flow_L = np.sum(lower * rates["L+"] - upper * rates["L-"], axis=-1)
    flow_R = np.sum(upper * rates["R-"] - lower * rates["R+"], axis=-1)
    return SequentialTunneling(
        current=_E * flow_L,
        current_left=_E * flow_L,
        current_right=_E * flow_R,
        charge_states=states,
        probabilities=prob,
        mean_charge=np.sum(states * prob, axis=-1),
    )


def _prepare(island, gate, bias, kT):
    """The checked island, the broadcast (gate, bias, kT), and whether all three were scalars."""
    p = _check_island(island)
    gate = as_real_array(gate, "gate")
    bias = as_real_array(bias, "bias")
    kT = check_nonnegative(kT, "kT", hint=_KT_HINT)
    scalar = gate.ndim == bias.ndim == kT.ndim == 0
    gate, bias, kT = broadcast_named(
        {"gate": gate, "bias": bias, "kT": kT},
        hint="give arrays of matching shapes (for a map, use a column and a row, or `coulomb_diamond_map`).",
    )
    return p, gate, bias, kT, scalar


def _unwrap(result, scalar):
    if not scalar:
        return result
    return SequentialTunneling(*(unwrap_0d(v) for v in result))


_KT_HINT = "Temperature is absolute: use kT = 0 for the zero-temperature limit."


def gate_charge(gate, *, charging_energy, lever_arm=1.0):
    r"""Gate-induced charge :math:`n_g = C_g V_g / e = \alpha e V_g / (2 E_C)`.

    Parameters
    ----------
    gate : array_like
        Gate voltage :math:`V_g` (V).
    charging_energy : float
        :math:`E_C = e^2 / 2C_\Sigma` (eV).
    lever_arm : float, optional
        :math:`\alpha = C_g / C_\Sigma` in (0, 1].

    Returns
    -------
    ndarray
        :math:`n_g` (units of the electron charge); charge degeneracy points
        (conductance peaks) sit at half-integer :math:`n_g`.

    Examples
    --------
    >>> float(gate_charge(0.005, charging_energy=0.002, lever_arm=0.4))
    0.5
    """
    gate = as_real_array(gate, "gate")
    Ec = check_scalar(charging_energy, "charging_energy", positive=True)
    alpha = check_scalar(lever_arm, "lever_arm", positive=True)
    return alpha * gate / (2.0 * Ec)


def sequential_tunneling(island, gate, bias=0.0, *, kT):
    r"""Solve the sequential-tunnelling master equation of a Coulomb island.

    The stationary probabilities :math:`p_N` of the charge states follow from
    the birth-death chain (module docstring)

    .. math:: p_{N+1}\, \Gamma^{-}(N+1) = p_N\, \Gamma^{+}(N),

    and the current through each junction is

    .. math:: I = e \sum_N \left[p_N \Gamma_L^{+}(N) - p_{N+1} \Gamma_L^{-}(N+1)\right]
                = e \sum_N \left[p_{N+1} \Gamma_R^{-}(N+1) - p_N \Gamma_R^{+}(N)\right].

    Parameters
    ----------
    island : Island
        The island and its junctions (charging energy, model, couplings or
        resistances, levels, lever arm, capacitance ratio, charge window).
    gate : array_like
        Gate voltage :math:`V_g` (V).  Broadcasts with ``bias`` and ``kT``.
    bias : array_like, optional
        Bias :math:`V` (V), :math:`\mu_L - \mu_R = eV`, applied symmetrically.
    kT : array_like
        Thermal energy (eV), >= 0; ``0`` is the exact zero-temperature limit.

    Returns
    -------
    SequentialTunneling
        Named tuple ``(current, current_left, current_right, charge_states,
        probabilities, mean_charge)``; currents in A.

    Raises
    ------
    ValueError, TypeError
        On negative ``kT``, NaN, shapes that do not broadcast, or an
        ``island`` that is not an :class:`Island` (the island checks its own
        parameters when it is made).

    Notes
    -----
    Valid for weak tunnelling: :math:`\Gamma \ll k_BT` (single level) or
    :math:`R_{L,R} \gg h/e^2` (metallic); cotunnelling and level broadening
    are left out.  See Beenakker, Phys. Rev. B 44, 1646 (1991).

    Examples
    --------
    Deep in the blockade at zero temperature the island keeps its charge and
    no current flows:

    >>> dot = Island(charging_energy=0.002, gamma_left=1e-6, gamma_right=1e-6)
    >>> r = sequential_tunneling(dot, 0.0, 0.001, kT=0.0)
    >>> float(r.current), float(r.mean_charge)
    (0.0, 0.0)
    """
    p, gate, bias, kT, scalar = _prepare(island, gate, bias, kT)
    return _unwrap(_solve(gate, bias, kT, p), scalar)


def sequential_current(island, gate, bias, *, kT):
    r"""Sequential-tunnelling current ``I(V_g, V)`` through a Coulomb island (A).

    The current of :func:`sequential_tunneling`; all parameters are the same.
    ``gate``, ``bias`` and ``kT`` broadcast, so a column of gates and a row
    of biases give a whole map in one call.  In the stationary state
    :math:`P_N` of the rate equations the current through the left junction is

    .. math:: I = e \sum_N P_N \left[\Gamma^{L}_{N\to N+1} - \Gamma^{L}_{N\to N-1}\right],

    the same as through the right one.

    Parameters
    ----------
    island : Island
        The island and its junctions.
    gate : array_like
        Gate voltage :math:`V_g` (V).
    bias : array_like
        Bias :math:`V` (V), :math:`\mu_L - \mu_R = eV`.
    kT : array_like
        Thermal energy (eV), >= 0.

    Returns
    -------
    ndarray
        Current (A), positive when electrons flow from left to right
        (:math:`V > 0`).  Broadcast shape of ``gate``, ``bias`` and ``kT``.

    References
    ----------
    C. W. J. Beenakker, Phys. Rev. B 44, 1646 (1991); course chapter 7.

    Examples
    --------
    A single level on resonance, far beyond the thermal window: each
    electron passes at the series rate, :math:`I = (e/\hbar)\,
    \Gamma_L\Gamma_R/(\Gamma_L + \Gamma_R)`:

    >>> dot = Island(charging_energy=1.0, gamma_left=1e-6, gamma_right=1e-6, levels=[-1.0])
    >>> I = sequential_current(dot, 0.0, 0.5, kT=0.001)
    >>> round(float(I) / (constants.e / constants.hbar * 0.5e-6 * constants.e), 12)
    1.0
    """
    return sequential_tunneling(island, gate, bias, kT=kT).current


def _linear_conductance(gate, kT, p):
    """Exact linear response of the chain at zero bias (S)."""
    zero = np.zeros_like(gate)
    states, mu, logs = _edges(p, gate, zero, kT)
    logp = _stationary(logs)[..., :-1]
    warm = kT > 0
    out = np.zeros(gate.shape)
    if np.any(warm):
        # G = (e^2 / kT) sum_N p_N G_L+ G_R+ / (G_L+ + G_R+), kT in J = e * kT[eV].
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            term = logp + logs["L+"] + logs["R+"] - np.logaddexp(logs["L+"], logs["R+"])
            g = _E * np.sum(np.exp(term), axis=-1) / np.where(warm, kT, 1.0)
        out = np.where(warm, g, out)
    if np.any(~warm):
        if p.model == "single_level":
            raise ValueError(
                "`kT` must be > 0 for the linear conductance of model='single_level': "
                "sequential tunnelling needs kT >> Gamma, and at kT = 0 the peak is a "
                "delta function. Use a small positive kT."
            )
        # Metallic island, kT -> 0: p_N * Gamma(0) / kT = p_N / (e^2 R) on an edge
        # exactly at degeneracy (mu = 0), zero elsewhere.
        at_degeneracy = np.sum(np.where(mu == 0, np.exp(logp), 0.0), axis=-1)
        out = np.where(warm, out, at_degeneracy / (p.resistance_left + p.resistance_right))
    return out


def sequential_conductance(island, gate, *, kT, bias=0.0):
    r"""Conductance ``dI/dV`` of a Coulomb island (S).

    At zero bias this is the exact linear response of the master equation
    (no numerical derivative): every edge :math:`N \leftrightarrow N+1` of the
    chain acts as its two junctions in series,

    .. math:: G = \frac{e^2}{k_BT} \sum_N P_N\,
              \frac{\Gamma_L^{+}(N)\,\Gamma_R^{+}(N)}{\Gamma_L^{+}(N) + \Gamma_R^{+}(N)},

    with :math:`P_N` the equilibrium (Gibbs) probabilities and the rates at
    zero bias.  For one level this gives :func:`single_level_peak`; for a
    metallic island it tends to :math:`1/(R_L + R_R)` at
    :math:`k_BT \gg E_C` and peaks at :math:`1/[2(R_L + R_R)]` for
    :math:`k_BT \ll E_C`.  At nonzero ``bias`` the derivative is a symmetric
    difference of :func:`sequential_current` with step
    :math:`\delta V = 10^{-4} k_BT/e` (:math:`10^{-6} E_C/e` at ``kT = 0``),
    relative error about :math:`(\delta V\, e/k_BT)^2 \approx 10^{-8}`.

    Parameters
    ----------
    island : Island
        The island and its junctions.  The linear response does not depend on
        its ``capacitance_ratio``.
    gate : array_like
        Gate voltage (V).  Broadcasts with ``bias`` and ``kT``.
    kT : array_like
        Thermal energy (eV), >= 0.
    bias : array_like, optional
        Bias (V) at which ``dI/dV`` is taken; default 0 (linear response).

    Returns
    -------
    ndarray
        Conductance (S).

    Raises
    ------
    ValueError
        Also for ``kT = 0`` in the single-level model at zero bias, where the
        peak is a delta function.

    Examples
    --------
    A metallic island at high temperature conducts like its two junctions in
    series:

    >>> grain = Island(charging_energy=1e-4, model="metallic",
    ...                resistance_left=1e5, resistance_right=1e5)
    >>> G = sequential_conductance(grain, 0.0, kT=0.1)
    >>> round(float(G) * 2e5, 3)
    1.0
    """
    p, gate, bias, kT, scalar = _prepare(island, gate, bias, kT)
    out = np.empty(gate.shape)
    linear = bias == 0
    if np.any(linear):
        out[linear] = _linear_conductance(gate[linear], kT[linear], p)
    if np.any(~linear):
        g, v, t = gate[~linear], bias[~linear], kT[~linear]
        step = np.where(t > 0, 1e-4 * t, 1e-6 * p.charging_energy)
        up = _solve(g, v + step, t, p).current
        down = _solve(g, v - step, t, p).current
        out[~linear] = (up - down) / (2 * step)
    return out[()] if scalar else out


def coulomb_diamond_map(island, gates, biases, *, kT):
    r"""Current and ``dI/dV`` on a gate x bias grid: the Coulomb diamonds.

    Inside a diamond a charge state :math:`N` is stable,
    :math:`\mu(N) < \mu_{L}, \mu_R < \mu(N+1)`, and at :math:`k_BT \to 0`
    no current flows.  With symmetric junctions the diamond around
    :math:`n_g = N` is :math:`|eV| < 2E_C\,(1 - 2|n_g - N|)`: its half-height
    is :math:`e V = 2E_C = e^2/C_\Sigma` (for any ``capacitance_ratio``) and
    its width the gate period :math:`e/C_g`.

    Parameters
    ----------
    island : Island
        The island and its junctions.
    gates : array_like, shape (n_gate,)
        Gate voltages (V).
    biases : array_like, shape (n_bias,)
        Bias voltages (V), strictly increasing, at least 2.
    kT : float
        Thermal energy (eV), >= 0; a single number here.

    Returns
    -------
    DiamondMap
        ``(gate, bias, current, conductance)``; maps of shape
        ``(n_bias, n_gate)`` in A and S.  The conductance is the derivative
        of the current along the bias grid (second-order finite differences,
        :func:`numpy.gradient`), so a line sharper than the grid spacing shows
        up with the weight it has between neighbouring grid points.

    Examples
    --------
    >>> dot = Island(charging_energy=0.002, gamma_left=1e-6, gamma_right=1e-6)
    >>> m = coulomb_diamond_map(dot, [0.0, 0.002], [-0.001, 0.0, 0.001], kT=0.0)
    >>> m.current.shape
    (3, 2)
    >>> bool(np.all(m.current[:, 0] == 0))  # blockaded at n_g = 0
    True
    """
    _check_island(island)
    gates = as_real_array(gates, "gates")
    biases = as_real_array(biases, "biases")
    if gates.ndim != 1:
        raise ValueError(f"`gates` must be a 1-D array of gate voltages, got shape {gates.shape}.")
    if biases.ndim != 1 or biases.size < 2 or np.any(np.diff(biases) <= 0):
        raise ValueError(
            "`biases` must be a strictly increasing 1-D array of at least 2 bias voltages "
            f"(shape given: {biases.shape})."
        )
    kT = check_scalar(kT, "kT", hint="A map takes one temperature.")
    current = sequential_current(island, gates[None, :], biases[:, None], kT=kT)
    conductance = np.gradient(current, biases, axis=0)
    return DiamondMap(gates, biases, current, conductance)


def single_level_peak(delta, *, gamma_left, gamma_right, kT):
    r"""Sequential-tunnelling conductance peak of one spin-less level (S).

    .. math:: G(\delta) = \frac{e^2}{h}\, \frac{\pi}{2}\,
              \frac{\Gamma_L \Gamma_R}{\Gamma_L + \Gamma_R}\,
              \frac{1}{k_BT}\, \cosh^{-2}\!\left(\frac{\delta}{2k_BT}\right),

    valid for :math:`\Gamma_{L,R} \ll k_BT \ll E_C` (Beenakker 1991).  The
    height falls as :math:`1/T`, the full width at half maximum is
    :math:`4\,\mathrm{arccosh}(\sqrt 2)\, k_BT \approx 3.525\, k_BT`, and the
    area :math:`\int G\, d\delta = 2\pi (e^2/h)\, \Gamma_L\Gamma_R/(\Gamma_L
    + \Gamma_R)` does not depend on temperature.  It equals the
    Breit-Wigner conductance of chapter 2 averaged over the thermal window:
    when :math:`\Gamma \ll k_BT` the Lorentzian acts as
    :math:`2\pi\,\Gamma_L\Gamma_R/\Gamma\;\delta(E - \varepsilon)`.

    Parameters
    ----------
    delta : array_like
        Level position relative to the Fermi level, :math:`\mu(N) - E_F`
        (eV).
    gamma_left, gamma_right : float or array_like
        Tunnel couplings :math:`\Gamma_{L,R}` (eV, :math:`\hbar` times the
        rates), > 0.
    kT : array_like
        Thermal energy (eV), > 0.  Broadcasts with ``delta``.

    Returns
    -------
    ndarray
        Conductance (S), spin-less (one :math:`e^2/h`).

    Examples
    --------
    >>> G = single_level_peak(0.0, gamma_left=1e-6, gamma_right=1e-6, kT=1e-3)
    >>> round(float(G / (constants.e**2 / constants.h)), 10)
    0.0007853982
    """
    delta = as_real_array(delta, "delta")
    gl = check_positive(gamma_left, "gamma_left")
    gr = check_positive(gamma_right, "gamma_right")
    kT = check_positive(
        kT, "kT", hint="At kT = 0 the sequential peak is a delta function; use kT > 0."
    )
    try:
        np.broadcast_shapes(delta.shape, gl.shape, gr.shape, kT.shape)
    except ValueError:
        raise ValueError(
            f"The shapes of `delta` {delta.shape}, `gamma_left` {gl.shape}, `gamma_right` "
            f"{gr.shape} and `kT` {kT.shape} do not broadcast together."
        ) from None
    # 1/(kT cosh^2(delta/2kT)) is four times the thermal window -df/dE at delta
    out = e2_h * (np.pi / 2) * (gl * gr / (gl + gr)) * 4 * thermal_window(delta, 0.0, kT)
    return unwrap_0d(out)
