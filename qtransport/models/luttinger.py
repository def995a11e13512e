r"""Luttinger-liquid wire between Fermi-liquid leads (chapter 7).

Interacting electrons in one dimension form a Luttinger liquid: the
low-energy excitations are charge-density waves (plasmons) rather than
electron-like quasiparticles.  A wire with interaction parameter
:math:`g` (:math:`g < 1` repulsive, :math:`g = 1` free electrons) is attached
to non-interacting leads (:math:`g = 1`).

The model (Maslov & Stone 1995; Safi & Schulz 1995)
---------------------------------------------------
The charge field :math:`\phi(x, t)` (density :math:`\rho = -\partial_x\phi/\pi`,
particle current :math:`j = \partial_t\phi/\pi`) obeys the wave equation of
an inhomogeneous string,

.. math:: \partial_t \left[\frac{\partial_t \phi}{u(x) g(x)}\right]
          = \partial_x \left[\frac{u(x)}{g(x)}\, \partial_x \phi\right],

with :math:`g(x) = 1`, :math:`u = v_F` in the leads and :math:`g(x) = g`,
:math:`u = v_F / g` in the wire (Galilean invariance keeps :math:`u g = v_F`).
Plasmons travel at :math:`u`, and at an interface :math:`\phi` (the current)
and :math:`(u/g)\,\partial_x\phi` (the force on the charge) are continuous.
For a wave :math:`e^{i(kx - \omega t)}` the second quantity is
:math:`(i\omega/g)\,\phi`: :math:`g` plays the role of an impedance, and a
plasmon in medium 1 meeting medium 2 is reflected with current amplitude

.. math:: r_{1\to 2} = \frac{g_2 - g_1}{g_1 + g_2}, \qquad
          t_{1\to 2} = \frac{2 g_2}{g_1 + g_2}.

From inside the wire onto a lead this is
:math:`\gamma = (1 - g)/(1 + g)` (:func:`plasmon_reflection`); the charge
carried back is :math:`-\gamma` times the incident one (Andreev-like
reflection, Safi & Schulz).

Conductance
-----------
An ideal reservoir at potential :math:`V` injects into its
(non-interacting) lead a current wave :math:`(e^2/h) V` per spin-resolved
channel at every frequency well below the Fermi energy.  The AC
conductance here is the current leaving the wire at its right end per unit
AC voltage on the left reservoir, :math:`G(\omega) = (e^2/h)\, t(\omega)`,
with :math:`t` the plasmon transmission amplitude of the whole wire.  The
multiple reflections inside the wire add up to a Fabry-Perot formula whose
:math:`\omega \to 0` limit is :math:`t = 1` for every :math:`g`: the DC
conductance of a clean wire is not renormalised by interactions.

Spin and channels
-----------------
``n_channels`` counts spin-resolved channels, each worth :math:`e^2/h`; a
spin-degenerate single-mode wire is ``n_channels=2`` (:math:`G_0 = 2e^2/h`).
With several channels, ``g`` and the velocity refer to the total-charge mode,
the only one a common voltage excites (for spin-1/2 electrons
:math:`g = g_\rho`); the neutral modes carry no current.

References
----------
D. L. Maslov and M. Stone, "Landauer conductance of Luttinger liquids with
leads", Phys. Rev. B 52, R5539 (1995).
I. Safi and H. J. Schulz, "Transport in an inhomogeneous interacting
one-dimensional system", Phys. Rev. B 52, R17040 (1995).
V. V. Ponomarenko, "Renormalization of the one-dimensional conductance in the
Luttinger-liquid model", Phys. Rev. B 52, R8666 (1995).
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import (
    as_real_array,
    broadcast_named,
    check_integer,
    check_nonnegative,
    check_positive,
    check_scalar,
    unwrap_0d,
)
from qtransport.constants import e2_h

__all__ = [
    "luttinger_dc_conductance",
    "plasmon_reflection",
    "plasmon_velocity",
    "luttinger_ac_conductance",
    "luttinger_ac_conductance_transfer_matrix",
]


_G_HINT = "g > 0: g < 1 for repulsive interactions, g = 1 for free electrons."


def luttinger_dc_conductance(g, *, n_channels=1):
    r"""DC two-terminal conductance of a clean Luttinger wire with Fermi-liquid leads (S).

    .. math:: G_{DC} = n_\mathrm{ch}\, \frac{e^2}{h}, \quad \text{independent of } g.

    The conductance is set by the leads (Maslov & Stone 1995; Safi & Schulz
    1995; Ponomarenko 1995): the :math:`g e^2/h` of an infinite Luttinger
    liquid is not what a two-terminal measurement sees.  It is the
    :math:`\omega \to 0` limit of :func:`luttinger_ac_conductance`.

    Parameters
    ----------
    g : array_like
        Luttinger parameter of the wire (> 0; < 1 repulsive).
    n_channels : int, optional
        Number of spin-resolved channels (2 for one spin-degenerate mode).

    Returns
    -------
    ndarray
        Conductance (S), the shape of ``g``.

    Examples
    --------
    >>> from qtransport import constants
    >>> G = luttinger_dc_conductance([0.3, 1.0], n_channels=2)
    >>> (G / (2 * constants.e**2 / constants.h)).tolist()
    [1.0, 1.0]
    """
    g = check_positive(g, "g", hint=_G_HINT)
    n = check_integer(n_channels, "n_channels", minimum=1)
    return unwrap_0d(np.full(g.shape, n * e2_h))


def plasmon_reflection(g):
    r"""Reflection amplitude of a charge plasmon at a wire-lead interface.

    .. math:: \gamma = \frac{1 - g}{1 + g}.

    This is the current (field :math:`\phi`) amplitude reflected when a
    plasmon travelling in the wire (parameter :math:`g`) meets a
    non-interacting lead (:math:`g = 1`); a plasmon coming from the lead is
    reflected with :math:`-\gamma`.  It follows from the continuity of
    :math:`\phi` and :math:`(u/g)\partial_x\phi` (module docstring).  The
    transmitted fractions are :math:`1 + \gamma = 2/(1 + g)` (wire to lead)
    and :math:`1 - \gamma = 2g/(1 + g)` (lead to wire).

    Parameters
    ----------
    g : array_like
        Luttinger parameter of the wire (> 0).

    Returns
    -------
    ndarray
        :math:`\gamma` (dimensionless), in (-1, 1); positive for repulsion.

    Examples
    --------
    >>> float(plasmon_reflection(0.5))
    0.3333333333333333
    """
    g = check_positive(g, "g", hint=_G_HINT)
    return unwrap_0d((1.0 - g) / (1.0 + g))


def plasmon_velocity(g, *, velocity):
    r"""Plasmon velocity :math:`u = v_F / g` in the wire (m/s).

    Parameters
    ----------
    g : array_like
        Luttinger parameter (> 0).
    velocity : array_like
        Fermi velocity :math:`v_F` (m/s), > 0.

    Returns
    -------
    ndarray
        :math:`u` (m/s).

    Examples
    --------
    >>> float(plasmon_velocity(0.5, velocity=1e5))
    200000.0
    """
    g = check_positive(g, "g", hint=_G_HINT)
    v = check_positive(velocity, "velocity", hint="The Fermi velocity in m/s, e.g. 1e5.")
    g, v = broadcast_named({"g": g, "velocity": v})
    return unwrap_0d(v / g)


def luttinger_ac_conductance(frequency, *, g, length, velocity, n_channels=1):
    r"""AC conductance of a Luttinger wire of length L between Fermi-liquid leads (S).

    With :math:`\theta = \omega L / u = 2\pi f L g / v_F` the plasmon phase
    across the wire and :math:`\gamma = (1 - g)/(1 + g)`, summing the
    multiple reflections at the two interfaces gives

    .. math:: G(\omega) = n_\mathrm{ch} \frac{e^2}{h}\,
              \frac{(1 - \gamma^2)\, e^{i\theta}}{1 - \gamma^2 e^{2i\theta}}
              = n_\mathrm{ch} \frac{e^2}{h}\,
              \frac{1}{\cos\theta - \tfrac{i}{2}\,(g + 1/g) \sin\theta}.

    :math:`G(0) = n_\mathrm{ch} e^2/h` for every :math:`g`; at :math:`g = 1`
    only the delay phase :math:`e^{i\theta}` is left.  :math:`|G|` oscillates
    with period :math:`\Delta f = u/(2L)` (half-wavelength resonances, where
    :math:`|G| = n_\mathrm{ch} e^2/h`) between that value and
    :math:`n_\mathrm{ch} (e^2/h)\, 2g/(1 + g^2)` at quarter-wave frequencies.

    Parameters
    ----------
    frequency : array_like
        Frequency :math:`f = \omega / 2\pi` (Hz); time dependence
        :math:`e^{-i\omega t}`.  Negative :math:`f` gives
        :math:`G(-f) = G(f)^*`.
    g : array_like
        Luttinger parameter of the wire (> 0).
    length : array_like
        Wire length :math:`L` (m), >= 0.
    velocity : array_like
        Fermi velocity :math:`v_F` (m/s) of leads and wire; the plasmon
        velocity in the wire is :math:`u = v_F/g` (:func:`plasmon_velocity`).
    n_channels : int, optional
        Spin-resolved channels (module docstring).  All array arguments
        broadcast together.

    Returns
    -------
    ndarray of complex
        :math:`G(\omega)` (S): current leaving the right end of the wire per
        AC voltage on the left reservoir.

    Notes
    -----
    The response to an AC voltage depends on where the field acts; this is
    the transmission conductance for a voltage applied in the left reservoir
    (Safi & Schulz 1995).  Cross-checked against
    :func:`luttinger_ac_conductance_transfer_matrix`.

    Examples
    --------
    >>> from qtransport import constants
    >>> G0 = constants.e**2 / constants.h
    >>> u = plasmon_velocity(0.5, velocity=1e5)     # 2e5 m/s
    >>> f = np.array([0.0, u / (4 * 1e-6), u / (2 * 1e-6)])  # 0, quarter, half wave
    >>> np.round(np.abs(luttinger_ac_conductance(f, g=0.5, length=1e-6, velocity=1e5)) / G0, 12)
    array([1. , 0.8, 1. ])
    """
    f = as_real_array(frequency, "frequency")
    g = check_positive(g, "g", hint=_G_HINT)
    L = check_nonnegative(length, "length", hint="The wire length in metres.")
    v = check_positive(velocity, "velocity", hint="The Fermi velocity in m/s, e.g. 1e5.")
    n = check_integer(n_channels, "n_channels", minimum=1)
    f, g, L, v = broadcast_named({"frequency": f, "g": g, "length": L, "velocity": v})
    theta = 2.0 * np.pi * f * L * g / v
    t = 1.0 / (np.cos(theta) - 0.5j * (g + 1.0 / g) * np.sin(theta))
    return unwrap_0d(n * e2_h * t)


def luttinger_ac_conductance_transfer_matrix(frequency, *, g, lengths, velocity, n_channels=1):
    r"""AC conductance of a wire with a piecewise-constant :math:`g(x)`, by transfer matrices (S).

    Segment :math:`j` (parameter :math:`g_j`, length :math:`L_j`, plasmon
    velocity :math:`u_j = v_F/g_j`, phase :math:`\theta_j = \omega L_j/u_j`)
    carries the pair :math:`(\phi, F)`, :math:`F = (u/g)\,\partial_x\phi/\omega`,
    both continuous at every interface, across it with

    .. math:: M_j = \begin{pmatrix} \cos\theta_j & g_j \sin\theta_j \\
                    -\sin\theta_j / g_j & \cos\theta_j \end{pmatrix},
              \qquad \det M_j = 1.

    In the leads (:math:`g = 1`) the left state is
    :math:`(1 + r,\; i(1 - r))` and the right one :math:`(t,\; i t)`;
    solving :math:`(t, it)^T = M (1 + r, i(1 - r))^T` with
    :math:`M = M_n \cdots M_1` gives

    .. math:: t = \frac{2}{M_{11} + M_{22} - i (M_{12} - M_{21})},
              \qquad G(\omega) = n_\mathrm{ch} \frac{e^2}{h}\, t.

    One segment reproduces :func:`luttinger_ac_conductance`; many thin
    segments model a smooth :math:`g(x)`, whose adiabatic contacts reflect
    plasmons much less than abrupt ones.

    Parameters
    ----------
    frequency : array_like
        Frequencies (Hz), any shape.
    g : array_like, shape (n_segments,)
        Luttinger parameter of each segment, left to right (> 0).
    lengths : array_like, shape (n_segments,)
        Segment lengths (m), >= 0.
    velocity : float
        Fermi velocity :math:`v_F` (m/s).
    n_channels : int, optional
        Spin-resolved channels.

    Returns
    -------
    ndarray of complex
        :math:`G(\omega)` (S), the shape of ``frequency``.

    Examples
    --------
    Two halves of one wire act as the whole wire:

    >>> f = np.linspace(0, 1e11, 5)
    >>> a = luttinger_ac_conductance_transfer_matrix(f, g=[0.4, 0.4], lengths=[1e-6, 1e-6],
    ...                                              velocity=1e5)
    >>> b = luttinger_ac_conductance(f, g=0.4, length=2e-6, velocity=1e5)
    >>> bool(np.allclose(a, b, rtol=1e-13))
    True
    """
    f = as_real_array(frequency, "frequency")
    g = check_positive(g, "g", hint=_G_HINT)
    L = check_nonnegative(lengths, "lengths", hint="Segment lengths in metres.")
    if g.ndim != 1 or L.ndim != 1 or g.size != L.size or g.size == 0:
        raise ValueError(
            "`g` and `lengths` must be 1-D arrays of the same (nonzero) length, one entry per "
            f"segment; got shapes {g.shape} and {L.shape}."
        )
    v = check_scalar(velocity, "velocity", positive=True, hint="The Fermi velocity in m/s, e.g. 1e5.")
    n = check_integer(n_channels, "n_channels", minimum=1)
    omega = 2.0 * np.pi * f
    a = np.ones(f.shape)
    b = np.zeros(f.shape)
    c = np.zeros(f.shape)
    d = np.ones(f.shape)
    for g_j, L_j in zip(g, L, strict=True):
        theta = omega * L_j * g_j / v
        cos, sin = np.cos(theta), np.sin(theta)
        # [[cos, g sin], [-sin/g, cos]] @ [[a, b], [c, d]]
        a, b, c, d = (
            cos * a + g_j * sin * c,
            cos * b + g_j * sin * d,
            -sin / g_j * a + cos * c,
            -sin / g_j * b + cos * d,
        )
    t = 2.0 / (a + d - 1j * (b - c))
    return unwrap_0d(n * e2_h * t)
