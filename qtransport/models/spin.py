r"""Spin-dependent transport: spin-resolved Landauer formula, GMR and TMR (course chapter 9).

**Spin-resolved conductance.**  When spin is conserved, the two spin
directions are independent channels in parallel, each conducting
``e^2/h`` per unit of transmission:

.. math::

    G = \frac{e^2}{h}\,(T_\uparrow + T_\downarrow), \qquad
    P = \frac{T_\uparrow - T_\downarrow}{T_\uparrow + T_\downarrow} .

**Giant magnetoresistance (two-current model).**  Following Mott, the
majority and minority electrons of a ferromagnet carry current in two
independent channels (no spin flip on the scale of the sample).  A layer
has the resistance ``r`` for electrons whose spin is along its
magnetization and ``R`` for the others.  The layers of a stack are in
series within each spin channel, and the two channels are in parallel.
For two identical layers (a trilayer with a non-magnetic spacer whose own
resistance is neglected),

.. math::

    R_P = \frac{2 r R}{r + R}, \qquad R_{AP} = \frac{r + R}{2}, \qquad
    \mathrm{GMR} = \frac{R_{AP} - R_P}{R_P} = \frac{(R - r)^2}{4 r R} .

**Tunnel magnetoresistance (Julliere).**  Two ferromagnets are separated
by a tunnel barrier.  The model: tunnelling conserves spin, and the
conductance of each spin channel is proportional to the product of the
densities of states of that spin on both sides.  Electrode ``i`` has the
spin-resolved densities of states ``D_s = D_i (1 + s P_i)/2`` (``s = +1``
majority, ``-1`` minority) along its own magnetization, which defines its
polarization ``P_i``.  For magnetizations at an angle ``theta``, a spin
along the first axis has the probability ``cos^2(theta/2)`` to be along the
second, and summing over the four spin combinations gives

.. math::

    G(\theta) = \bar G\,(1 + P_1 P_2 \cos\theta), \qquad
    \mathrm{TMR} = \frac{R_{AP} - R_P}{R_P} = \frac{G_P - G_{AP}}{G_{AP}}
    = \frac{2 P_1 P_2}{1 - P_1 P_2},

with ``bar G = (G_P + G_AP)/2`` the average of the parallel
(``theta = 0``) and antiparallel (``theta = pi``) conductances.

Resistances are in any one unit (ohm in the course); only ratios enter the
magnetoresistances.  Polarizations are dimensionless, in [-1, 1].

References
----------
N. F. Mott, Proc. R. Soc. Lond. A 153, 699 (1936) (two-current model);
M. N. Baibich et al., Phys. Rev. Lett. 61, 2472 (1988) and G. Binasch et
al., Phys. Rev. B 39, 4828 (1989) (GMR); M. Julliere, Phys. Lett. A 54, 225
(1975) (TMR); J. C. Slonczewski, Phys. Rev. B 39, 6995 (1989) (angular
dependence).
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import as_real_array, check_nonnegative, check_positive, unwrap_0d
from qtransport.constants import conductance_quantum

__all__ = [
    "spin_resolved_conductance",
    "current_polarization",
    "two_current_resistance",
    "gmr_trilayer_resistances",
    "giant_magnetoresistance",
    "julliere_tmr",
    "julliere_conductances",
    "tunnel_conductance_angle",
]


def _polarization(value, name):
    arr = as_real_array(value, name)
    if np.any(np.abs(arr) > 1):
        raise ValueError(
            f"`{name}` must lie in [-1, 1] (a spin polarization of the density of states), "
            f"got {arr.tolist()}."
        )
    return arr


def _product_below_one(p1, p2):
    product = p1 * p2
    if np.any(product >= 1):
        raise ValueError(
            "`p1` * `p2` must be < 1: two fully polarized electrodes with parallel majority "
            "spins have no antiparallel conductance, and the TMR is infinite."
        )
    return product


def spin_resolved_conductance(t_up, t_down, *, unit="S"):
    """Landauer conductance ``G = (e^2/h)(T_up + T_down)`` of two spin channels.

    Parameters
    ----------
    t_up, t_down : array_like
        Transmissions of the two spin directions, each summed over the
        orbital channels (>= 0; it may exceed 1 for several channels).
        They broadcast.
    unit : {'S', 'G0', 'e^2/h'}, optional
        Unit of the result (siemens by default).

    Returns
    -------
    float or ndarray
        Conductance in ``unit``.  For ``T_up = T_down = T`` it is ``G0 T``,
        the spin-degenerate Landauer formula.

    References
    ----------
    R. Landauer, IBM J. Res. Dev. 1, 223 (1957); course chapter 9.

    Examples
    --------
    >>> float(spin_resolved_conductance(1.0, 0.5, unit="e^2/h"))
    1.5
    >>> float(spin_resolved_conductance(1.0, 1.0, unit="G0"))
    1.0
    """
    t_up = check_nonnegative(t_up, "t_up", hint="It is a transmission probability.")
    t_down = check_nonnegative(t_down, "t_down", hint="It is a transmission probability.")
    factor = conductance_quantum(1, unit)
    return unwrap_0d(factor * (t_up + t_down))


def current_polarization(t_up, t_down):
    """Spin polarization ``P = (T_up - T_down) / (T_up + T_down)`` of the current.

    Parameters
    ----------
    t_up, t_down : array_like
        Spin-resolved transmissions (>= 0, not both zero).  They broadcast.

    Returns
    -------
    float or ndarray
        ``P`` in [-1, 1]: +1 if only spin-up electrons are transmitted.

    References
    ----------
    Course chapter 9.

    Examples
    --------
    >>> float(current_polarization(0.9, 0.1))
    0.8
    >>> current_polarization([1.0, 0.0], 1.0)
    array([ 0., -1.])
    """
    t_up = check_nonnegative(t_up, "t_up", hint="It is a transmission probability.")
    t_down = check_nonnegative(t_down, "t_down", hint="It is a transmission probability.")
    total = t_up + t_down
    if np.any(total == 0):
        raise ValueError(
            "`t_up` + `t_down` must be > 0: with no transmission at all the current has no "
            "polarization."
        )
    return unwrap_0d((t_up - t_down) / total)


def two_current_resistance(majority, minority, magnetizations):
    """Resistance of a stack of ferromagnetic layers in the two-current model.

    Layer ``k`` has the resistance ``majority[k]`` for electrons with spin
    along its magnetization and ``minority[k]`` for the opposite spin.  With
    magnetizations ``m_k = +1`` (up) or ``-1`` (down), the spin-up and
    spin-down channels have the series resistances

    .. math::

        R_\\uparrow = \\sum_k R_k(+m_k), \\qquad R_\\downarrow = \\sum_k R_k(-m_k),

    with ``R_k(+1) = majority[k]`` and ``R_k(-1) = minority[k]``, and the
    stack has ``R = R_up R_down / (R_up + R_down)``.

    Parameters
    ----------
    majority, minority : array_like, shape (..., N)
        Majority- and minority-spin resistances (> 0) of the ``N`` layers,
        the layers along the last axis.  A non-magnetic layer (spacer)
        has ``majority == minority``.
    magnetizations : array_like of {+1, -1}, shape (..., N)
        Direction of each layer's magnetization.  All three broadcast.

    Returns
    -------
    float or ndarray
        Resistance of the stack (unit of the inputs), with the layer axis
        removed.  Reversing every magnetization leaves it unchanged.

    References
    ----------
    N. F. Mott, Proc. R. Soc. Lond. A 153, 699 (1936); A. Fert and I. A.
    Campbell, Phys. Rev. Lett. 21, 1190 (1968).  Course chapter 9.

    Examples
    --------
    >>> float(two_current_resistance([1.0, 1.0], [3.0, 3.0], [1, 1]))  # 2 * 6 / 8
    1.5
    >>> float(two_current_resistance([1.0, 1.0], [3.0, 3.0], [1, -1]))  # 4 * 4 / 8
    2.0
    """
    r = check_positive(majority, "majority", hint="It is the resistance of a layer.")
    R = check_positive(minority, "minority", hint="It is the resistance of a layer.")
    m = as_real_array(magnetizations, "magnetizations")
    if np.any((m != 1) & (m != -1)):
        raise ValueError(
            f"`magnetizations` must hold +1 (up) or -1 (down) for each layer, got {m.tolist()}."
        )
    try:
        r, R, m = np.broadcast_arrays(r, R, m)
    except ValueError:
        raise ValueError(
            "`majority`, `minority` and `magnetizations` must broadcast together (one entry "
            f"per layer along the last axis), got shapes {np.shape(majority)}, "
            f"{np.shape(minority)} and {np.shape(magnetizations)}."
        ) from None
    if r.ndim == 0:
        raise ValueError(
            "`magnetizations` must list the layers (at least one axis), got a single number."
        )
    up = np.where(m > 0, r, R).sum(axis=-1)
    down = np.where(m > 0, R, r).sum(axis=-1)
    return unwrap_0d(up * down / (up + down))


def gmr_trilayer_resistances(majority, minority):
    """Parallel and antiparallel resistances of a GMR trilayer (two-current model).

    Two identical ferromagnetic layers, each of resistance ``r`` (majority)
    or ``R`` (minority), separated by a spacer whose resistance is
    neglected:

    .. math:: R_P = \\frac{2 r R}{r + R}, \\qquad R_{AP} = \\frac{r + R}{2} .

    Parameters
    ----------
    majority, minority : array_like
        ``r`` and ``R`` (> 0) of one layer.  They broadcast.

    Returns
    -------
    R_P, R_AP : float or ndarray
        Resistances with parallel and antiparallel magnetizations.
        ``R_AP >= R_P``, with equality only for ``r == R``.

    References
    ----------
    M. N. Baibich et al., Phys. Rev. Lett. 61, 2472 (1988); course chapter 9.

    Examples
    --------
    >>> [float(x) for x in gmr_trilayer_resistances(1.0, 3.0)]
    [1.5, 2.0]
    """
    r = check_positive(majority, "majority", hint="It is the resistance of a layer.")
    R = check_positive(minority, "minority", hint="It is the resistance of a layer.")
    return unwrap_0d(2.0 * r * R / (r + R)), unwrap_0d(0.5 * (r + R))


def giant_magnetoresistance(majority, minority):
    """GMR ratio ``(R_AP - R_P) / R_P = (R - r)^2 / (4 r R)`` of a trilayer.

    Parameters
    ----------
    majority, minority : array_like
        ``r`` and ``R`` (> 0) of one ferromagnetic layer; only their ratio
        ``alpha = R / r`` matters: ``GMR = (alpha - 1)^2 / (4 alpha)``.

    Returns
    -------
    float or ndarray
        The dimensionless ratio (>= 0; multiply by 100 for percent).

    References
    ----------
    M. N. Baibich et al., Phys. Rev. Lett. 61, 2472 (1988); G. Binasch et
    al., Phys. Rev. B 39, 4828 (1989).  Course chapter 9.

    Examples
    --------
    >>> float(giant_magnetoresistance(1.0, 3.0))  # 4 / 12
    0.3333333333333333
    """
    r = check_positive(majority, "majority", hint="It is the resistance of a layer.")
    R = check_positive(minority, "minority", hint="It is the resistance of a layer.")
    return unwrap_0d((R - r) ** 2 / (4.0 * r * R))


def julliere_tmr(p1, p2):
    """Julliere's tunnel magnetoresistance ``TMR = 2 P1 P2 / (1 - P1 P2)``.

    Defined as ``(R_AP - R_P) / R_P`` under the model stated in the module
    docstring (spin-conserving tunnelling, conductance proportional to the
    product of the spin-resolved densities of states).

    Parameters
    ----------
    p1, p2 : array_like
        Polarizations of the two electrodes, in [-1, 1], with ``p1 * p2 < 1``.
        They broadcast.

    Returns
    -------
    float or ndarray
        The dimensionless ratio; negative when the polarizations have
        opposite signs.

    References
    ----------
    M. Julliere, Phys. Lett. A 54, 225 (1975); course chapter 9.

    Examples
    --------
    >>> float(julliere_tmr(0.5, 0.5))  # 0.5 / 0.75
    0.6666666666666666
    """
    p1 = _polarization(p1, "p1")
    p2 = _polarization(p2, "p2")
    product = _product_below_one(p1, p2)
    return unwrap_0d(2.0 * product / (1.0 - product))


def julliere_conductances(p1, p2, *, g_average=1.0):
    """Parallel and antiparallel tunnel conductances ``G = bar G (1 +- P1 P2)``.

    Parameters
    ----------
    p1, p2 : array_like
        Electrode polarizations in [-1, 1].
    g_average : array_like, optional
        ``bar G = (G_P + G_AP)/2`` (> 0), the conductance with unpolarized
        electrodes, in any unit (1 by default).  All broadcast.

    Returns
    -------
    G_P, G_AP : float or ndarray
        Conductances (unit of ``g_average``) for parallel and antiparallel
        magnetizations.

    References
    ----------
    M. Julliere, Phys. Lett. A 54, 225 (1975); course chapter 9.

    Examples
    --------
    >>> [float(x) for x in julliere_conductances(0.5, 0.4, g_average=2.0)]
    [2.4, 1.6]
    """
    p1 = _polarization(p1, "p1")
    p2 = _polarization(p2, "p2")
    g = check_positive(g_average, "g_average", hint="It is a conductance.")
    product = p1 * p2
    return unwrap_0d(g * (1.0 + product)), unwrap_0d(g * (1.0 - product))


def tunnel_conductance_angle(theta, *, p1, p2, g_average=1.0):
    """Tunnel conductance for magnetizations at an angle: ``bar G (1 + P1 P2 cos theta)``.

    Parameters
    ----------
    theta : array_like
        Angle between the two magnetizations (radians).
    p1, p2 : array_like
        Electrode polarizations in [-1, 1].
    g_average : array_like, optional
        ``bar G`` (> 0), the mean of the parallel and antiparallel
        conductances.  All broadcast.

    Returns
    -------
    float or ndarray
        ``G(theta)`` in the unit of ``g_average``: ``G_P`` at 0, ``G_AP`` at
        ``pi``, ``bar G`` at ``pi/2``.  The resistance ``1/G`` is not a
        cosine of the angle.

    References
    ----------
    J. C. Slonczewski, Phys. Rev. B 39, 6995 (1989); course chapter 9.

    Examples
    --------
    >>> tunnel_conductance_angle(np.array([0.0, np.pi / 2, np.pi]), p1=0.5, p2=0.4)
    array([1.2, 1. , 0.8])
    """
    theta = as_real_array(theta, "theta")
    p1 = _polarization(p1, "p1")
    p2 = _polarization(p2, "p2")
    g = check_positive(g_average, "g_average", hint="It is a conductance.")
    return unwrap_0d(g * (1.0 + p1 * p2 * np.cos(theta)))
