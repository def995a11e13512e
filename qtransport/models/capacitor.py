r"""Mesoscopic capacitor: charge-relaxation resistance (course chapter 5).

A small cavity (quantum dot) connected to one reservoir through a quantum
point contact forms one plate of a capacitor; a gate is the other.  At low
frequency it behaves as a resistance ``R_q`` in series with the
electrochemical capacitance ``C_mu``.  Büttiker, Thomas and Prêtre found,
for non-interacting electrons,

.. math::

    R_q = \frac{h}{2e^2}\,
          \frac{\operatorname{Tr}\big(\frac{dS^\dagger}{dE}\frac{dS}{dE}\big)}
               {\big|\operatorname{Tr}\big(S^\dagger \frac{dS}{dE}\big)\big|^2}
        = \frac{h}{2e^2}\,\frac{\sum_n (d\phi_n/dE)^2}{\big(\sum_n d\phi_n/dE\big)^2},

where ``S`` is the reflection matrix of the cavity (unitary: everything
comes back) and the second form holds when its eigenvectors do not depend on
energy, ``phi_n`` being its eigenphases.  ``(1/2 pi) dphi_n/dE`` is the
density of states the channel ``n`` feeds into the cavity.

**Spin convention.** The formulas above count *spin-resolved* channels.
For one such channel ``R_q = h/(2e^2)``, half the von Klitzing resistance
``h/e^2`` and independent of the transmission of the contact.  The
functions here take the channels of one spin direction and a
``spin_degeneracy`` ``g_s`` (default 2, as everywhere in the course): every
listed channel then stands for ``g_s`` identical channels in parallel and
``R_q`` is divided by ``g_s``.  Pass ``spin_degeneracy=1`` for spin-resolved
channels (the situation of the experiments, in a magnetic field).

References
----------
M. Büttiker, H. Thomas and A. Prêtre, "Mesoscopic capacitors", Phys. Lett. A
180, 364 (1993); J. Gabelli et al., Science 313, 499 (2006).
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import (
    as_complex_array,
    as_real_array,
    check_positive,
    check_spin_degeneracy,
    unwrap_0d,
)
from qtransport.constants import e, h
from qtransport.smatrix import check_unitary

__all__ = [
    "charge_relaxation_resistance",
    "charge_relaxation_resistance_from_smatrix",
    "cavity_reflection_amplitude",
    "cavity_phase_derivative",
    "cavity_charge_relaxation_resistance",
    "electrochemical_capacitance",
]


def charge_relaxation_resistance(phase_derivatives, *, spin_degeneracy=2):
    """Charge-relaxation resistance from the energy derivatives of the reflection phases.

    .. math::

        R_q = \\frac{h}{2 g_s e^2}\\,
        \\frac{\\sum_n (d\\phi_n/dE)^2}{\\big(\\sum_n d\\phi_n/dE\\big)^2}.

    Parameters
    ----------
    phase_derivatives : array_like, shape (..., n)
        ``dphi_n/dE`` of the ``n`` channels of one spin direction (eigenphases
        of the cavity's reflection matrix), in any inverse energy unit (it
        cancels).  The channel axis trails; a scalar is one channel.  Their
        sum (``2 pi`` times the density of states) must be positive.
    spin_degeneracy : int, optional
        ``g_s``: each channel counted ``g_s`` times (default 2).  Use 1 for
        spin-resolved channels.

    Returns
    -------
    float or ndarray, shape (...)
        ``R_q`` in ohms.  One spin-resolved channel gives ``h/(2e^2)``
        whatever its phase derivative; ``n`` identical channels give
        ``h/(2 n g_s e^2)``.

    Examples
    --------
    >>> from qtransport.constants import R0
    >>> round(float(charge_relaxation_resistance(3.7, spin_degeneracy=1) / R0), 12)
    1.0
    >>> round(float(charge_relaxation_resistance([1.0, 1.0], spin_degeneracy=1) / R0), 12)
    0.5
    """
    g_s = check_spin_degeneracy(spin_degeneracy)
    d = as_real_array(phase_derivatives, "phase_derivatives")
    if d.ndim == 0:
        d = d[None]
    total = d.sum(axis=-1)
    if np.any(total <= 0):
        raise ValueError(
            "The sum of `phase_derivatives` must be > 0: it is 2 pi times the density of "
            f"states of the cavity, got {total.tolist() if total.ndim else float(total)}."
        )
    # The ratio is scale-free: divide by the largest |d| first so that squares cannot overflow.
    scale = np.max(np.abs(d), axis=-1, keepdims=True)
    x = d / scale
    out = h / (2.0 * g_s * e**2) * np.sum(x**2, axis=-1) / np.sum(x, axis=-1) ** 2
    return unwrap_0d(out)


def charge_relaxation_resistance_from_smatrix(smatrix, smatrix_derivative, *, spin_degeneracy=2):
    """Charge-relaxation resistance from the reflection matrix and its energy derivative.

    .. math::

        R_q = \\frac{h}{2 g_s e^2}\\,
        \\frac{\\operatorname{Tr}(S'^\\dagger S')}{|\\operatorname{Tr}(S^\\dagger S')|^2},
        \\qquad S' = \\frac{dS}{dE}.

    Parameters
    ----------
    smatrix : array_like, shape (..., n, n)
        Reflection matrix of the cavity at the Fermi energy, for the
        channels of one spin direction.  It must be unitary (to ``1e-8``):
        a cavity with one contact reflects everything.
    smatrix_derivative : array_like, shape (..., n, n)
        ``dS/dE`` (e.g. a central finite difference), any inverse energy
        unit.
    spin_degeneracy : int, optional
        ``g_s`` (default 2); 1 for spin-resolved channels.

    Returns
    -------
    float or ndarray, shape (...)
        ``R_q`` in ohms.  Equal to :func:`charge_relaxation_resistance` of
        the eigenphase derivatives when the eigenvectors of ``S`` do not
        depend on energy.

    Examples
    --------
    >>> from qtransport.constants import R0
    >>> S = np.diag(np.exp(1j * np.array([0.3, 1.1])))
    >>> dS = 1j * np.diag([2.0, 1.0]) @ S  # dphi/dE = 2 and 1
    >>> round(float(charge_relaxation_resistance_from_smatrix(S, dS, spin_degeneracy=1) / R0), 12)
    0.555555555556
    """
    g_s = check_spin_degeneracy(spin_degeneracy)
    S = as_complex_array(smatrix, "smatrix")
    dS = as_complex_array(smatrix_derivative, "smatrix_derivative")
    for name, arr in (("smatrix", S), ("smatrix_derivative", dS)):
        if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2]:
            raise ValueError(f"`{name}` must have shape (..., n, n), got {arr.shape}.")
    if S.shape[-1] != dS.shape[-1]:
        raise ValueError(
            f"`smatrix` ({S.shape[-1]} channels) and `smatrix_derivative` ({dS.shape[-1]}) differ."
        )
    # A cavity with a single contact reflects everything: S must be unitary.  The
    # tolerance leaves room for matrices computed numerically (e.g. on a lattice).
    check_unitary(S, atol=1e-8, name="smatrix")
    numerator = np.einsum("...ij,...ij->...", dS.conj(), dS).real  # Tr(S'^dagger S')
    trace = np.einsum("...ji,...ji->...", S.conj(), dS)  # Tr(S^dagger S')
    if np.any(np.abs(trace) == 0):
        raise ValueError(
            "Tr(S^dagger dS/dE) is zero: the cavity has no density of states at this energy, "
            "so R_q is undefined."
        )
    out = h / (2.0 * g_s * e**2) * numerator / np.abs(trace) ** 2
    return unwrap_0d(out)


def _cavity(energy, transmission, level_spacing, phase_offset):
    energy = as_real_array(energy, "energy")
    T = as_real_array(transmission, "transmission")
    if np.any(T <= 0) or np.any(T > 1):
        raise ValueError(
            f"`transmission` must lie in (0, 1], got {T.tolist()}: a closed contact (T = 0) "
            "decouples the cavity and leaves its phase undefined."
        )
    spacing = check_positive(level_spacing, "level_spacing", hint="It is the cavity level spacing.")
    offset = as_real_array(phase_offset, "phase_offset")
    theta = 2.0 * np.pi * energy / spacing + offset
    return T, spacing, theta


def cavity_reflection_amplitude(energy, *, transmission, level_spacing, phase_offset=0.0):
    """Reflection amplitude of a single-channel cavity behind a point contact.

    The contact is a symmetric barrier of transmission ``T`` (real
    reflection amplitude ``sqrt(R)``, as
    :func:`qtransport.smatrix.barrier_smatrix`); behind it the cavity
    returns everything with the round-trip phase
    ``theta(E) = 2 pi E / Delta + theta_0`` (levels spaced by ``Delta``).
    Summing the round trips,

    .. math::

        r(E) = \\sqrt{R} - T\\,\\frac{e^{i\\theta}}{1 - \\sqrt{R}\\,e^{i\\theta}}
             = \\frac{\\sqrt{R} - e^{i\\theta}}{1 - \\sqrt{R}\\,e^{i\\theta}},
        \\qquad |r| = 1 .

    Parameters
    ----------
    energy : array_like
        Energy ``E`` (same unit as ``level_spacing``).
    transmission : array_like
        Contact transmission ``T`` in (0, 1].
    level_spacing : array_like
        Level spacing ``Delta`` > 0 of the cavity.
    phase_offset : array_like, optional
        ``theta_0`` (radians): where the levels sit (resonances at
        ``theta = 0 mod 2 pi``).  All inputs broadcast.

    Returns
    -------
    complex or ndarray of complex
        ``r = exp(i phi(E))``, of unit modulus.

    Examples
    --------
    >>> r = cavity_reflection_amplitude([0.0, 0.25], transmission=0.5, level_spacing=1.0)
    >>> np.abs(r).round(12)
    array([1., 1.])
    """
    T, _, theta = _cavity(energy, transmission, level_spacing, phase_offset)
    a = np.sqrt(1.0 - T)
    z = np.exp(1j * theta)
    out = (a - z) / (1.0 - a * z)
    return unwrap_0d(out)


def cavity_phase_derivative(energy, *, transmission, level_spacing, phase_offset=0.0):
    """Energy derivative of the reflection phase of the single-channel cavity.

    .. math::

        \\frac{d\\phi}{dE} = \\frac{2\\pi}{\\Delta}\\,
        \\frac{T}{1 + R - 2\\sqrt{R}\\cos\\theta},

    a series of Lorentzian-like peaks at the cavity levels; ``1/(2 pi)``
    times it is the density of states of the cavity, with mean ``1/Delta``.

    Parameters
    ----------
    energy, transmission, level_spacing, phase_offset :
        As in :func:`cavity_reflection_amplitude`.

    Returns
    -------
    float or ndarray
        ``dphi/dE`` (> 0) in radians per energy unit.

    Examples
    --------
    >>> float(cavity_phase_derivative(0.0, transmission=1.0, level_spacing=2 * np.pi))
    1.0
    """
    T, spacing, theta = _cavity(energy, transmission, level_spacing, phase_offset)
    R = 1.0 - T
    out = 2.0 * np.pi / spacing * T / (1.0 + R - 2.0 * np.sqrt(R) * np.cos(theta))
    return unwrap_0d(out)


def cavity_charge_relaxation_resistance(
    energy, *, transmissions, level_spacing, phase_offsets=0.0, spin_degeneracy=2
):
    """Charge-relaxation resistance of a cavity fed by independent channels.

    Each channel ``n`` has its own contact transmission ``T_n`` and cavity
    levels (:func:`cavity_phase_derivative`); the channels do not mix, so
    the eigenphase form of :func:`charge_relaxation_resistance` applies.
    With one channel ``R_q = h/(2 g_s e^2)`` at every energy and for every
    ``T``; with several, ``R_q`` depends on both, between
    ``h/(2 n g_s e^2)`` and ``h/(2 g_s e^2)``.

    Parameters
    ----------
    energy : array_like
        Fermi energy (shape ``(...)``).
    transmissions : array_like, shape (n,)
        Contact transmission of each channel, in (0, 1].  A scalar is one
        channel.
    level_spacing : array_like
        Level spacing ``Delta`` > 0 (scalar or one per channel).
    phase_offsets : array_like, optional
        ``theta_0`` of each channel (scalar or shape ``(n,)``).
    spin_degeneracy : int, optional
        ``g_s`` (default 2); 1 for spin-resolved channels.

    Returns
    -------
    float or ndarray, shape (...)
        ``R_q`` in ohms.

    Examples
    --------
    >>> from qtransport.constants import R0
    >>> Rq = cavity_charge_relaxation_resistance([0.0, 0.3], transmissions=0.2,
    ...                                          level_spacing=1.0, spin_degeneracy=1)
    >>> (Rq / R0).round(12)
    array([1., 1.])
    """
    energy = as_real_array(energy, "energy")
    T = np.atleast_1d(as_real_array(transmissions, "transmissions"))
    if T.ndim != 1:
        raise ValueError(f"`transmissions` must be a scalar or a 1-d array (n,), got shape {T.shape}.")
    if T.size == 0:
        raise ValueError("`transmissions` is empty: give the transmission of at least one channel.")
    if np.any(T <= 0) or np.any(T > 1):
        raise ValueError(
            f"`transmissions` must lie in (0, 1], got {T.tolist()}: a closed contact (T = 0) "
            "decouples the cavity and leaves its phase undefined."
        )
    offsets = as_real_array(phase_offsets, "phase_offsets")
    spacing = as_real_array(level_spacing, "level_spacing")
    for name, value in (("energy", energy), ("level_spacing", spacing), ("phase_offsets", offsets)):
        if np.size(value) == 0:
            raise ValueError(f"`{name}` is empty: give at least one value.")
    derivative = cavity_phase_derivative(
        energy[..., None],
        transmission=T,
        level_spacing=spacing,
        phase_offset=offsets,
    )
    return charge_relaxation_resistance(derivative, spin_degeneracy=spin_degeneracy)


def electrochemical_capacitance(geometric_capacitance, density_of_states, *, spin_degeneracy=2):
    """Electrochemical capacitance ``C_mu``: geometric and quantum capacitance in series.

    .. math::

        \\frac{1}{C_\\mu} = \\frac{1}{C} + \\frac{1}{e^2 D}, \\qquad D = g_s \\nu,

    with ``nu`` the density of states of one spin direction in the cavity
    (``(1/2 pi) sum_n dphi_n/dE``).  The low-frequency admittance of the
    capacitor is ``-i omega C_mu + omega^2 C_mu^2 R_q``, an RC circuit with
    time constant ``R_q C_mu``.

    Parameters
    ----------
    geometric_capacitance : array_like
        ``C`` > 0 in farads.
    density_of_states : array_like
        ``nu`` > 0 in states per **electronvolt** (one spin direction).
    spin_degeneracy : int, optional
        ``g_s`` (default 2).

    Returns
    -------
    float or ndarray
        ``C_mu`` in farads, below both ``C`` and ``e^2 D``.

    Examples
    --------
    A cavity with 1 state per 0.1 meV per spin and a 1 fF gate:

    >>> round(float(electrochemical_capacitance(1e-15, 1e4)) * 1e15, 4)  # in fF
    0.7621
    """
    C = check_positive(geometric_capacitance, "geometric_capacitance", hint="In farads.")
    nu = check_positive(density_of_states, "density_of_states", hint="In states per eV.")
    g_s = check_spin_degeneracy(spin_degeneracy)
    quantum = e * g_s * nu  # e^2 D with D in 1/J = (states/eV) / (e J/eV)
    out = 1.0 / (1.0 / C + 1.0 / quantum)
    return unwrap_0d(out)
