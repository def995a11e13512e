r"""Helical edge channels of a quantum spin Hall insulator in multi-terminal devices (chapter 10).

A two-dimensional topological insulator (HgTe quantum wells, Roth et al.
2009) conducts only along its edges, through one pair of counter-propagating
channels of opposite spin.  Time-reversal symmetry forbids elastic
backscattering within a pair, so each edge segment between two contacts is
a perfect channel in each direction.  With ``M`` contacts around the sample,
numbered in order along its perimeter, the transmission matrix is

.. math:: T_{i+1, i} = T_{i, i+1} = 1 \quad (\text{indices mod } M),

all other entries zero (the electrons entering a contact are absorbed and
re-emitted: a metallic contact is a dephasing probe that mixes the spins).
Büttiker's formula (:mod:`qtransport.multiterminal`, spin resolved) then
makes every segment a resistor ``h/e^2``, and the contacts nodes of a
ring.  Between two contacts with ``n_1`` and ``n_2`` other contacts on the
two paths around the ring, the two paths of ``n_1 + 1`` and ``n_2 + 1``
segments are in parallel:

.. math::

    R_{2T} = \frac{h}{e^2}\,\frac{(n_1 + 1)(n_2 + 1)}{n_1 + n_2 + 2} .

The current splits in inverse proportion to the path lengths and the
potential drops by the same step on every segment of one path.  This gives
the non-local resistances that revealed the edge transport:

* H-bar, four contacts ``1, 2, 3, 4`` in order around the perimeter (1 and 4
  neighbours on one side of the bar, 2 and 3 on the other), current from 1 to
  4: ``R_14,14 = 3h/(4e^2)`` and ``R_14,23 = h/(4e^2)``;
* Hall bar, six contacts in order (1 and 4 the ends, 2, 3 on one side and
  5, 6 on the other): ``R_14,14 = 3h/(2e^2)`` and ``R_14,23 = h/(2e^2)``;
* a bar with only two contacts: ``T = 2`` (one channel on each edge), so
  ``R = h/(2e^2)``.

The functions use Python's 0-based terminal indices: the paper's contact
``k`` is index ``k - 1`` (``R_14,23`` is ``four_terminal_resistance(G, 0, 3,
1, 2)``).

References
----------
M. König et al., Science 318, 766 (2007); A. Roth, C. Brüne, H. Buhmann,
L. W. Molenkamp, J. Maciejko, X.-L. Qi and S.-C. Zhang, "Nonlocal transport
in the quantum spin Hall state", Science 325, 294 (2009); M. Büttiker,
Science 325, 278 (2009).
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import check_choice, check_integer, check_size
from qtransport.constants import R_K
from qtransport.multiterminal import (
    _terminal_list,
    conductance_matrix,
    eliminate_floating_probes,
    four_terminal_resistance,
)

__all__ = [
    "helical_edge_transmissions",
    "helical_conductance_matrix",
    "helical_four_terminal_resistance",
    "helical_ring_resistance",
]


def helical_edge_transmissions(n_terminals):
    """Transmission matrix of ideal helical edges with ``M`` contacts around the sample.

    Parameters
    ----------
    n_terminals : int
        Number ``M`` >= 2 of contacts, numbered in order along the perimeter.

    Returns
    -------
    ndarray, shape (M, M)
        ``T[i, j]`` from ``j`` into ``i``: 1 between neighbours in both
        directions, 0 elsewhere (no reflection).  For ``M = 2`` the two
        edges join the same pair of contacts and ``T[1, 0] = T[0, 1] = 2``.
        Rows and columns sum to 2, the channels of a contact (use
        ``spin_degeneracy=1`` with :func:`qtransport.multiterminal.conductance_matrix`).

    References
    ----------
    A. Roth et al., Science 325, 294 (2009); course chapter 10.

    Examples
    --------
    >>> helical_edge_transmissions(4)
    array([[0., 1., 0., 1.],
           [1., 0., 1., 0.],
           [0., 1., 0., 1.],
           [1., 0., 1., 0.]])
    >>> helical_edge_transmissions(2)
    array([[0., 2.],
           [2., 0.]])
    """
    M = check_size(n_terminals, "n_terminals", minimum=2, power=2, copies=4,
                   what="the transmission matrix")
    eye = np.eye(M)
    return np.roll(eye, 1, axis=0) + np.roll(eye, -1, axis=0)


def helical_conductance_matrix(n_terminals, *, floating=(), unit="S"):
    """Conductance matrix of a quantum spin Hall device, with some contacts floating.

    Builds :func:`helical_edge_transmissions`, turns it into the
    (spin-resolved) conductance matrix and eliminates the floating contacts
    with :func:`qtransport.multiterminal.eliminate_floating_probes`.  A
    floating contact draws no net current but still absorbs and re-emits
    the edge electrons: it adds ``h/e^2`` to the path it sits on.

    Parameters
    ----------
    n_terminals : int
        Number ``M`` >= 2 of contacts around the perimeter.
    floating : sequence of int, optional
        Indices (0-based) of the floating contacts; at least two contacts
        must remain.
    unit : {'S', 'G0', 'e^2/h'}, optional
        Unit of the result (siemens by default).

    Returns
    -------
    ndarray, shape (M - P, M - P)
        Conductance matrix of the remaining contacts, in increasing index
        order.

    References
    ----------
    A. Roth et al., Science 325, 294 (2009); M. Büttiker, Phys. Rev. Lett.
    57, 1761 (1986).  Course chapter 10.

    Examples
    --------
    Contacts 0 and 3 of an H-bar, with 1 and 2 floating: paths of 1 and 3
    segments in parallel conduct ``1 + 1/3`` in ``e^2/h``:

    >>> 3 * helical_conductance_matrix(4, floating=[1, 2], unit="e^2/h")
    array([[ 4., -4.],
           [-4.,  4.]])
    """
    T = helical_edge_transmissions(n_terminals)
    M = T.shape[-1]
    G = conductance_matrix(T, np.full(M, 2), spin_degeneracy=1, unit=unit)
    floating = _terminal_list(floating, "floating", M)
    if not floating:
        return G
    return eliminate_floating_probes(G, floating)


def helical_four_terminal_resistance(n_terminals, i, j, k, l, *, unit="S"):  # noqa: E741
    """Four-terminal resistance ``R_ij,kl`` of helical edges with ``M`` contacts.

    The current enters at ``i`` and leaves at ``j``; all other contacts
    float; the voltage is measured between ``k`` and ``l``
    (:func:`qtransport.multiterminal.four_terminal_resistance` of the
    conductance matrix of :func:`helical_conductance_matrix`).

    Parameters
    ----------
    n_terminals : int
        Number ``M`` >= 2 of contacts around the perimeter.
    i, j, k, l : int
        Contact indices (0-based), ``i != j``.
    unit : {'S', 'G0', 'e^2/h'}, optional
        Unit of the conductance; the result is in its inverse (ohm by
        default, ``h/e^2`` for ``'e^2/h'``).

    Returns
    -------
    float
        ``R_ij,kl``.

    References
    ----------
    A. Roth et al., Science 325, 294 (2009); course chapter 10.

    Examples
    --------
    The H-bar of Roth et al. (contacts 1..4 are indices 0..3), in ``h/e^2``:

    >>> round(float(helical_four_terminal_resistance(4, 0, 3, 0, 3, unit="e^2/h")), 12)
    0.75
    >>> round(float(helical_four_terminal_resistance(4, 0, 3, 1, 2, unit="e^2/h")), 12)
    0.25
    """
    G = helical_conductance_matrix(n_terminals, unit=unit)
    return float(four_terminal_resistance(G, i, j, k, l))


def helical_ring_resistance(n_between_1, n_between_2, *, unit="ohm"):
    """Two-terminal resistance of helical edges: ``(h/e^2)(n1 + 1)(n2 + 1)/(n1 + n2 + 2)``.

    Parameters
    ----------
    n_between_1, n_between_2 : int
        Numbers (>= 0) of floating contacts on the two paths around the
        sample between the source and the drain.
    unit : {'ohm', 'h/e^2'}, optional
        Unit of the result.

    Returns
    -------
    float
        The resistance: ``n1 + 1`` and ``n2 + 1`` segments of ``h/e^2`` in
        series on each path, the two paths in parallel.

    References
    ----------
    A. Roth et al., Science 325, 294 (2009); course chapter 10.

    Examples
    --------
    >>> helical_ring_resistance(0, 2, unit="h/e^2")  # the H-bar, R_14,14
    0.75
    >>> helical_ring_resistance(2, 2, unit="h/e^2")  # the six-terminal Hall bar
    1.5
    >>> helical_ring_resistance(0, 0, unit="h/e^2")  # two contacts: T = 2
    0.5
    """
    n1 = check_integer(n_between_1, "n_between_1", minimum=0)
    n2 = check_integer(n_between_2, "n_between_2", minimum=0)
    check_choice(unit, "unit", ("ohm", "h/e^2"))
    value = (n1 + 1) * (n2 + 1) / (n1 + n2 + 2)
    return value * R_K if unit == "ohm" else value
