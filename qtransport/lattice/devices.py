r"""Multi-terminal tight-binding devices on the square lattice, in a magnetic field.

The module has three layers with one direction of dependency:

1. **Description.** :class:`Lead` (a semi-infinite clean strip attached along
   ``+x``, ``-x``, ``+y`` or ``-y``) and :class:`Device` (sites, on-site
   energies, Peierls hoppings, leads), built by :func:`make_device` or by the
   course geometries :func:`hall_bar`, :func:`cross` and
   :func:`wire_with_side_probes`.
2. **Lead algorithms.** The surface self-energy and the mode count of a lead
   come from :mod:`qtransport.lattice.leads`, which works on plain arrays
   ``(h_cell, h_hop)`` and knows nothing about devices.
3. **Solvers.** :func:`transmission_matrix` (all ``T[i, j]`` from one sparse LU
   factorisation), :func:`device_bond_currents`, :func:`current_density` and
   :func:`device_ldos`.

Model
-----
Square lattice, lattice constant ``a = 1``, hopping ``t = 1``; energies are in
units of ``t``.  Site ``(x, y)`` has the on-site energy ``4 + V(x, y)`` (plus
disorder), so the clean band is ``E = 4 - 2 cos kx - 2 cos ky`` with its
bottom at 0, and nearest neighbours are coupled by

.. math:: H_{ij} = -t\, e^{i\theta_{ij}}, \qquad
          \theta_{ij} = -\frac{2\pi}{\Phi_0}\int_{r_j}^{r_i} \mathbf A\cdot d\mathbf l ,

the Peierls phase an electron (charge ``-e``, :math:`\Phi_0 = h/e`) picks up
on hopping from ``j`` to ``i``.

Field, gauge and sign
---------------------
The field is uniform, along ``+z`` for ``flux > 0``, and given as ``flux``,
the flux :math:`\phi = B a^2/\Phi_0` through one plaquette in flux quanta (the
convention of :func:`qtransport.lattice.leads.strip_lead_hamiltonian`).  The
phases add up to :math:`-2\pi\phi` around every plaquette traversed
counter-clockwise (``x`` to the right, ``y`` up): the Aharonov-Bohm phase
:math:`-e\Phi/\hbar`.  Electrons then orbit counter-clockwise in the bulk and
the edge states run **clockwise** around a sample (along ``-x`` on the bottom
edge), which the tests check.

The device and the leads along ``x`` use the Landau gauge
:math:`\mathbf A = (-By, 0)`: a hop from ``(x, y)`` to ``(x + 1, y)`` has
:math:`\theta = +2\pi\phi y`, vertical hops have none, and a strip along ``x``
is translation invariant.  A strip along ``y`` is translation invariant only
in the other Landau gauge :math:`\mathbf A' = (0, Bx) = \mathbf A + \nabla\chi`
with :math:`\chi = Bxy`: there the hop ``(x, y) -> (x, y + 1)`` has
:math:`\theta' = -2\pi\phi x` and horizontal hops have none.  From the
definition of :math:`\theta`,

.. math:: \theta'_{ij} = \theta_{ij} - 2\pi\phi\,(x_i y_i - x_j y_j)
          \quad\Longrightarrow\quad H' = U H U^\dagger, \qquad
          U = \mathrm{diag}\left(e^{-2\pi i \phi x y}\right).

Green's functions and self-energies transform in the same way, so the
self-energy of a ``y`` lead, computed in :math:`\mathbf A'` where the lead is
periodic, enters the device as :math:`\Sigma = U^\dagger \Sigma' U`, with
``U`` taken at the absolute coordinates of the interface sites.
Transmissions do not depend on the gauge: a device rotated by 90 degrees
(``x`` leads become ``y`` leads) or shifted (``origin``) gives the same
``T[i, j]``, which the tests check.

A non-uniform field (a local magnetization: ``flux`` a function ``flux(x,
y)`` of the plaquette's lower-left corner, see :func:`make_device`) keeps
the leads in a uniform ``lead_flux``, since a lead must be translation
invariant.  The extra flux of each plaquette of the device is a flux line
(Dirac string) that leaves the device without crossing a lead: its vector
potential adds a phase only to the device bonds it crosses.  Reversing the
field and the magnetization together conjugates the Hamiltonian, so
``T[i, j](B, M) = T[j, i](-B, -M)``; with ``M`` alone, reciprocity
``T[i, j] = T[j, i]`` fails even at ``B = 0`` (course chapter 6).

References
----------
M. Büttiker, Phys. Rev. Lett. 57, 1761 (1986) and IBM J. Res. Dev. 32, 317
(1988): multi-terminal formula and its symmetries.  S. Datta, *Electronic
Transport in Mesoscopic Systems* (Cambridge, 1995), ch. 3: Green's functions,
self-energies, :math:`T = \mathrm{Tr}[\Gamma G \Gamma G^\dagger]`.  H. U.
Baranger and A. D. Stone, Phys. Rev. B 40, 8169 (1989): current densities.
D. R. Hofstadter, Phys. Rev. B 14, 2239 (1976): Peierls phases on a lattice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import breadth_first_order

from qtransport._validation import (
    as_real_array,
    check_choice,
    check_integer,
    check_nonnegative,
)
from qtransport.lattice._parallel import single_threaded_blas
from qtransport.lattice.leads import lead_modes, lead_open_channels, strip_lead_hamiltonian
from qtransport.lattice.rgf import _SINGULAR_ETA, _unique_states

__all__ = [
    "SIDES",
    "Lead",
    "Device",
    "make_device",
    "hall_bar",
    "cross",
    "wire_with_side_probes",
    "lead_unit_cell",
    "lead_channels",
    "TransmissionMatrix",
    "transmission_matrix",
    "ScatteringMatrix",
    "scattering_matrix",
    "DeviceBondCurrents",
    "device_bond_currents",
    "current_density",
    "device_ldos",
]

SIDES = ("+x", "-x", "+y", "-y")
"""Where a lead can be attached: it extends to infinity in that direction."""


# --------------------------------------------------------------------------
# Description layer
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Lead:
    """A clean semi-infinite strip attached to one straight edge of a device.

    Parameters
    ----------
    side : {"+x", "-x", "+y", "-y"}
        Direction in which the lead extends to infinity.
    start : int
        First transverse coordinate of the strip (``y`` for ``"+x"`` and
        ``"-x"``, ``x`` for ``"+y"`` and ``"-y"``), in lattice units.
    width : int
        Number of sites across the strip.
    potential : float
        Constant on-site shift inside the lead (units of ``t``); default 0,
        i.e. on-site energy 4.

    Notes
    -----
    The lead occupies the transverse coordinates ``start ... start + width - 1``
    and continues the device's outermost site in each of them; those sites are
    the lead's *interface sites*.  The lead is in the same field as the device.

    Examples
    --------
    >>> Lead("+x", 0, 10)
    Lead(side='+x', start=0, width=10, potential=0.0)
    """

    side: str
    start: int
    width: int
    potential: float = 0.0

    def __post_init__(self):
        check_choice(self.side, "side", SIDES)
        object.__setattr__(self, "start", check_integer(self.start, "start"))
        object.__setattr__(self, "width", check_integer(self.width, "width", minimum=1))
        object.__setattr__(self, "potential", _scalar(self.potential, "potential"))

    @property
    def axis(self):
        """0 for a lead along ``x``, 1 for a lead along ``y``."""
        return 0 if self.side[1] == "x" else 1

    @property
    def direction(self):
        """+1 if the lead extends towards larger coordinates, -1 otherwise."""
        return 1 if self.side[0] == "+" else -1

    @property
    def transverse(self):
        """Transverse coordinates of the strip, shape ``(width,)``."""
        return np.arange(self.start, self.start + self.width)


@dataclass(frozen=True, eq=False)
class Device:
    """A finite piece of square lattice with semi-infinite leads; build it with :func:`make_device`.

    Attributes
    ----------
    mask : ndarray of bool, shape (nx, ny)
        ``mask[ix, iy]`` is True where there is a site at
        ``(x, y) = (origin[0] + ix, origin[1] + iy)``.
    origin : tuple of int
        Coordinates of ``mask[0, 0]``.
    flux : float
        Flux per plaquette of the leads, in flux quanta (gauge and sign:
        module docstring); the device's own when it is uniform.
    positions : ndarray of int, shape (N, 2)
        ``(x, y)`` of every site, in the order of ``numpy.nonzero(mask)``.
    onsite : ndarray, shape (N,)
        On-site energies (units of ``t``): 4 + potential + disorder.
    leads : tuple of Lead
        The terminals, numbered by their position in this tuple.
    interfaces : tuple of ndarray of int
        For each lead, the indices of its interface sites, ordered by
        increasing transverse coordinate.
    bonds : ndarray of int, shape (n_bonds, 2)
        Nearest-neighbour pairs ``(a, b)`` with ``b`` to the right of or
        above ``a``.
    hoppings : ndarray of complex, shape (n_bonds,)
        ``H[b, a]`` for each bond (the hop from ``a`` to ``b``).
    hamiltonian : scipy.sparse.csr_matrix, shape (N, N)
        The device Hamiltonian in the gauge ``A = (-B y, 0)`` (plus the flux
        lines of a non-uniform flux, see :func:`make_device`).
    plaquette_flux : ndarray, shape (nx - 1, ny - 1)
        Flux through the plaquette whose lower-left corner is
        ``origin + (ix, iy)``, in flux quanta.
    """

    mask: np.ndarray
    origin: tuple
    flux: float
    positions: np.ndarray
    onsite: np.ndarray
    leads: tuple
    interfaces: tuple
    bonds: np.ndarray
    hoppings: np.ndarray
    hamiltonian: sp.csr_matrix
    plaquette_flux: np.ndarray

    @property
    def n_sites(self):
        """Number of sites of the scattering region."""
        return len(self.positions)

    @property
    def n_leads(self):
        """Number of terminals."""
        return len(self.leads)

    def site_grid(self, values, fill=0.0):
        """Place one value per site on the ``(nx, ny)`` grid of ``mask`` (``fill`` elsewhere)."""
        values = np.asarray(values)
        grid = np.full(self.mask.shape + values.shape[1:], fill, dtype=values.dtype)
        grid[self.mask] = values
        return grid


def make_device(
    shape,
    leads,
    *,
    box=None,
    origin=(0, 0),
    flux=0.0,
    lead_flux=None,
    potential=0.0,
    disorder=0.0,
    rng=None,
):
    r"""Build a :class:`Device`: sites, on-site energies, Peierls hoppings and leads.

    .. math:: H = \sum_i (4 + V_i + w_i)\,|i\rangle\langle i|
              - \sum_{\langle ij\rangle} e^{i\theta_{ij}}\,|i\rangle\langle j|,
              \qquad \theta_{(x+1, y) \leftarrow (x, y)} = 2\pi\phi y,

    vertical hops real (Landau gauge ``A = (-B y, 0)``, see the module
    docstring), disorder ``w_i`` uniform in ``[-disorder/2, disorder/2]``.

    A non-uniform field (a local magnetization, a flux tube) is a function
    ``flux(x, y)``: the flux through the plaquette with corners ``(x, y)``,
    ``(x + 1, y)``, ``(x + 1, y + 1)``, ``(x, y + 1)``, i.e. whose lower-left
    corner is ``(x, y)``.  The leads must stay translation invariant, so they
    carry a uniform ``lead_flux`` (by default ``flux`` itself when it is a
    number, and 0 when it is a function), as do the plaquettes between a lead
    and the device.  The phases are then the Landau-gauge ones of
    ``lead_flux`` plus, for the extra flux
    :math:`\delta\phi = \phi(x, y) - \phi_\mathrm{lead}` of each plaquette, a
    flux line to outside the device that avoids the leads (a Dirac string):
    every hopping phase is the line integral of a vector potential, and the
    phases around plaquette ``(x, y)`` add up to :math:`-2\pi\phi(x, y)`,
    the sign convention of the uniform case.  Loops around holes of the
    device enclose the flux of the plaquettes inside them.

    Parameters
    ----------
    shape : ndarray of bool, shape (nx, ny), or callable
        Either the site mask (``shape[ix, iy]`` for the site at
        ``origin + (ix, iy)``), or a function ``shape(x, y) -> bool array``
        called with integer coordinate arrays on the ``box``.
    leads : sequence of Lead
        The terminals; terminal ``i`` is ``leads[i]``.
    box : tuple of int (nx, ny), optional
        Size of the bounding box; needed when ``shape`` is a function.
    origin : tuple of int
        Coordinates of the first site of the box (``mask[0, 0]``).
    flux : float or callable
        Flux per plaquette in flux quanta, :math:`\phi = B a^2 / \Phi_0`: a
        number (uniform), or a function ``flux(x, y)`` called with the
        integer coordinate arrays of the lower-left corners of the plaquettes
        of the box, shape ``(nx - 1, ny - 1)``.
    lead_flux : float, optional
        Uniform flux per plaquette of the leads; default ``flux`` if it is a
        number, else 0.
    potential : float, ndarray of shape (nx, ny), or callable
        On-site potential ``V`` (units of ``t``): a number, an array over the
        box, or a function ``V(x, y)`` of coordinate arrays.
    disorder : float
        Anderson disorder strength ``w`` (units of ``t``), device sites only.
    rng : numpy.random.Generator, optional
        Source of the disorder; required when ``disorder > 0``.

    Returns
    -------
    Device

    Raises
    ------
    ValueError
        If a lead does not sit on a straight edge of the device, or would
        touch the device or another lead anywhere but at its interface.

    Examples
    --------
    A 10 x 4 strip with leads on both ends:

    >>> dev = make_device(np.ones((10, 4), bool), [Lead("-x", 0, 4), Lead("+x", 0, 4)])
    >>> dev.n_sites, dev.n_leads, [len(i) for i in dev.interfaces]
    (40, 2, [4, 4])

    A magnetized region in the middle (3 x 2 plaquettes), field-free leads:

    >>> def magnet(x, y):
    ...     return np.where((abs(x - 4) < 2) & (y >= 1) & (y < 3), 0.05, 0.0)
    >>> dev = make_device(np.ones((10, 4), bool), [Lead("-x", 0, 4), Lead("+x", 0, 4)], flux=magnet)
    >>> dev.flux, float(dev.plaquette_flux.sum())
    (0.0, 0.3)
    """
    origin = _check_origin(origin)
    if not callable(flux):
        flux = _scalar(flux, "flux")
    if lead_flux is None:
        lead_flux = 0.0 if callable(flux) else flux
    lead_flux = _scalar(lead_flux, "lead_flux")
    mask = _site_mask(shape, box, origin)
    leads = _check_leads(leads)
    plaquette_flux = _plaquette_flux(flux, mask, origin)
    positions = np.argwhere(mask) + np.asarray(origin)
    onsite = 4.0 + _potential_values(potential, mask, positions)
    onsite = onsite + _disorder_values(disorder, rng, len(positions))
    index = np.full(mask.shape, -1)
    index[mask] = np.arange(len(positions))
    bonds, hoppings = _bonds(mask, index, positions, lead_flux)
    interfaces = tuple(_interface_sites(lead, mask, origin, index) for lead in leads)
    _check_contacts(leads, interfaces, positions)
    if callable(flux) or flux != lead_flux:  # the uniform case keeps the Landau gauge alone
        hoppings = hoppings * np.exp(1j * _pattern_phases(mask, origin, leads, interfaces, positions,
                                                          bonds, plaquette_flux - lead_flux))
    hamiltonian = _assemble(onsite, bonds, hoppings)
    return Device(mask, origin, lead_flux, positions, onsite, leads, interfaces, bonds, hoppings,
                  hamiltonian, plaquette_flux)


def _scalar(value, name):
    arr = as_real_array(value, name)
    if arr.ndim != 0:
        raise ValueError(f"`{name}` must be a single number, got an array of shape {arr.shape}.")
    return float(arr)


def _check_origin(origin):
    try:
        ox, oy = origin
    except (TypeError, ValueError):
        raise TypeError(f"`origin` must be a pair of integers (x0, y0), got {origin!r}.") from None
    return (check_integer(ox, "origin[0]"), check_integer(oy, "origin[1]"))


def _site_mask(shape, box, origin):
    if callable(shape):
        if box is None:
            raise ValueError("`box` is needed when `shape` is a function: pass box=(nx, ny).")
        nx, ny = (check_integer(n, "box", minimum=1) for n in box)
        x, y = np.meshgrid(np.arange(nx) + origin[0], np.arange(ny) + origin[1], indexing="ij")
        mask = np.broadcast_to(np.asarray(shape(x, y)), (nx, ny))
    else:
        mask = np.asarray(shape)
        if mask.ndim != 2:
            raise ValueError(
                f"`shape` must be a 2D boolean mask (nx, ny) or a function, got shape {mask.shape}."
            )
    if mask.dtype != bool:
        raise TypeError(f"`shape` must give booleans (site or no site), got dtype {mask.dtype}.")
    if not mask.any():
        raise ValueError("`shape` selects no site: the device would be empty.")
    return np.array(mask, dtype=bool)


def _check_leads(leads):
    if isinstance(leads, (str, bytes, Lead)) or not hasattr(leads, "__iter__"):
        raise TypeError(
            "`leads` must be a list of Lead objects, e.g. [Lead('-x', 0, 10), Lead('+x', 0, 10)]; "
            f"got {leads!r}."
        )
    leads = tuple(leads)
    for i, lead in enumerate(leads):
        if not isinstance(lead, Lead):
            raise TypeError(f"`leads[{i}]` must be a Lead, e.g. Lead('+x', 0, 10); got {lead!r}.")
    return leads


def _potential_values(potential, mask, positions):
    if callable(potential):
        values = potential(positions[:, 0], positions[:, 1])
        values = np.broadcast_to(as_real_array(values, "potential(x, y)"), (len(positions),))
        return np.array(values, dtype=float)
    values = as_real_array(potential, "potential")
    if values.ndim == 0:
        return np.full(len(positions), float(values))
    if values.shape != mask.shape:
        raise ValueError(
            f"`potential` must be a number, a function V(x, y) or an array of the box shape "
            f"{mask.shape}; got shape {values.shape}."
        )
    return values[mask]


def _disorder_values(disorder, rng, n_sites):
    strength = float(check_nonnegative(disorder, "disorder"))
    if strength == 0:
        return np.zeros(n_sites)
    if rng is None:
        raise ValueError(
            "`rng` is required when `disorder` > 0: pass rng=numpy.random.default_rng(seed) "
            "so that the disorder is reproducible."
        )
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"`rng` must be a numpy.random.Generator, got {type(rng).__name__}.")
    return rng.uniform(-strength / 2, strength / 2, size=n_sites)


def _bonds(mask, index, positions, flux):
    """Nearest-neighbour bonds ``a -> b`` (b right of or above a) and ``H[b, a]``."""
    horizontal = mask[:-1, :] & mask[1:, :]
    vertical = mask[:, :-1] & mask[:, 1:]
    a_h, b_h = index[:-1, :][horizontal], index[1:, :][horizontal]
    a_v, b_v = index[:, :-1][vertical], index[:, 1:][vertical]
    hop_h = -np.exp(2j * np.pi * flux * positions[a_h, 1])
    hop_v = -np.ones(len(a_v), dtype=complex)
    bonds = np.concatenate([np.stack([a_h, b_h], 1), np.stack([a_v, b_v], 1)]).reshape(-1, 2)
    return bonds, np.concatenate([hop_h, hop_v])


def _plaquette_flux(flux, mask, origin):
    """Flux per plaquette on the box, shape (nx - 1, ny - 1): ``flux(x, y)`` at lower-left corners."""
    nx, ny = mask.shape
    x, y = np.meshgrid(np.arange(max(nx - 1, 0)) + origin[0], np.arange(max(ny - 1, 0)) + origin[1],
                       indexing="ij")
    if not callable(flux):
        return np.full(x.shape, float(flux))
    values = as_real_array(flux(x, y), "flux")
    try:
        values = np.broadcast_to(values, x.shape)
    except ValueError:
        raise ValueError(
            f"`flux` must return one flux per plaquette: called with coordinate arrays of shape "
            f"{x.shape} it returned shape {values.shape}; use numpy operations on x and y."
        ) from None
    return np.array(values, dtype=float)


def _pattern_phases(mask, origin, leads, interfaces, positions, bonds, extra):
    r"""Extra hopping phases (n_bonds,) giving plaquette ``(ix, iy)`` the additional flux ``extra[ix, iy]``.

    The extra flux of each plaquette is carried to infinity by a Dirac
    string, a path on the dual lattice: every bond the string crosses gets
    the phase :math:`\mp 2\pi\,\delta\phi`, so that the phases around the
    plaquette gain :math:`-2\pi\,\delta\phi` and those around every other
    plaquette nothing.  This is the line integral of the vector potential
    :math:`\delta\mathbf A` of a flux line along the string.  The strings are
    the shortest paths (breadth-first search) from each plaquette to the
    outside of the box that cross no bond of a lead (nor of its coupling to
    the device): the leads keep their own uniform gauge and stay translation
    invariant, and the plaquettes between a lead and the device keep the
    lead's flux.  Paths through empty space cross no bond at all, so loops
    around holes of the device enclose the flux of the plaquettes inside.
    """
    nx, ny = mask.shape
    # sites of the box with a margin of one: 0 empty, 1 device, 2 lead (the leads' first cells)
    state = np.zeros((nx + 2, ny + 2), dtype=np.int8)
    state[1:-1, 1:-1] = mask
    gx, gy = np.meshgrid(np.arange(nx + 2) + origin[0] - 1, np.arange(ny + 2) + origin[1] - 1,
                         indexing="ij")
    for lead, sites in zip(leads, interfaces, strict=True):
        (x0, x1), (y0, y1) = _lead_box(lead, positions[sites[0], lead.axis])
        state[(gx >= x0) & (gx <= x1) & (gy >= y0) & (gy <= y1)] = 2
    site_index = np.full((nx + 2, ny + 2), -1)
    site_index[1:-1, 1:-1][mask] = np.arange(mask.sum())
    bond_of = {(int(a), int(b)): k for k, (a, b) in enumerate(bonds)}

    def crossing(s, t):
        """(allowed, bond index or -1) for the lattice bond between grid sites s and t."""
        if not (state[s] and state[t]):
            return True, -1  # no bond: the string passes through empty space
        if state[s] == 2 or state[t] == 2:
            return False, -1  # a bond of a lead or of its coupling: never crossed
        return True, bond_of[site_index[s], site_index[t]]

    # dual lattice: plaquette (i, j) has the grid corners (i, j) ... (i + 1, j + 1); node n = outside
    shape = (nx + 1, ny + 1)
    n = shape[0] * shape[1]
    # for each node, its four sides: (neighbour node, bond endpoints, orientation in the node's
    # counter-clockwise loop; bonds are stored left -> right and bottom -> top)
    sides = {}
    edges = []
    for i in range(shape[0]):
        for j in range(shape[1]):
            node = i * shape[1] + j
            around = [((i, j - 1), ((i, j), (i + 1, j)), 1),  # bottom
                      ((i + 1, j), ((i + 1, j), (i + 1, j + 1)), 1),  # right
                      ((i, j + 1), ((i, j + 1), (i + 1, j + 1)), -1),  # top
                      ((i - 1, j), ((i, j), (i, j + 1)), -1)]  # left
            for (ni, nj), (s, t), sign in around:
                inside = 0 <= ni < shape[0] and 0 <= nj < shape[1]
                other = ni * shape[1] + nj if inside else n
                allowed, bond = crossing(s, t)
                if allowed and (inside or (node, n) not in sides):
                    sides[node, other] = (bond, sign)
                    edges.append((node, other))
    rows, cols = np.array(edges, dtype=int).reshape(-1, 2).T
    graph = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n + 1, n + 1))
    order, parent = breadth_first_order(graph, n, directed=False, return_predecessors=True)
    delta = np.zeros(n + 1)
    delta[:n].reshape(shape)[1:nx, 1:ny] = extra
    reached = np.zeros(n + 1, dtype=bool)
    reached[order] = True
    if np.any(delta[~reached] != 0):  # pragma: no cover - leads cannot enclose the box
        raise ValueError("`flux`: some plaquettes with a flux different from `lead_flux` are "
                         "enclosed by leads; change the flux pattern there.")
    carried = delta.copy()
    phases = np.zeros(len(bonds))
    for node in order[::-1]:
        if node == n:
            continue
        up = parent[node]
        carried[up] += carried[node]
        bond, sign = sides[node, up]
        if bond >= 0 and carried[node] != 0:
            phases[bond] -= 2 * np.pi * carried[node] * sign
    return phases


def _assemble(onsite, bonds, hoppings):
    n = len(onsite)
    rows = np.concatenate([np.arange(n), bonds[:, 1], bonds[:, 0]])
    cols = np.concatenate([np.arange(n), bonds[:, 0], bonds[:, 1]])
    data = np.concatenate([onsite.astype(complex), hoppings, hoppings.conj()])
    return sp.csr_matrix((data, (rows, cols)), shape=(n, n))


def _interface_sites(lead, mask, origin, index):
    """Indices of the outermost device sites in the lead's rows (or columns)."""
    along, trans = lead.axis, 1 - lead.axis
    t_idx = lead.transverse - origin[trans]
    if t_idx[0] < 0 or t_idx[-1] >= mask.shape[trans]:
        raise ValueError(
            f"Lead {lead.side} at {'xy'[trans]} = {lead.start}..{lead.start + lead.width - 1} "
            f"lies outside the device box; move `start` or widen the device."
        )
    lines = mask[:, t_idx] if along == 0 else mask[t_idx, :].T  # (n_along, width)
    if not lines.any(axis=0).all():
        raise ValueError(f"Lead {lead.side}: some of its rows/columns have no device site.")
    first = np.argmax(lines, axis=0)
    last = lines.shape[0] - 1 - np.argmax(lines[::-1], axis=0)
    edge = last if lead.direction > 0 else first
    if np.any(edge != edge[0]):
        raise ValueError(
            f"Lead {lead.side} at {lead.start}..{lead.start + lead.width - 1} must attach to a "
            f"straight edge of the device, but the outermost sites are at different positions."
        )
    return index[edge[0], t_idx] if along == 0 else index[t_idx, edge[0]]


def _lead_box(lead, edge):
    """Region occupied by the lead: ((x_min, x_max), (y_min, y_max)), possibly infinite."""
    along = (edge + 1, np.inf) if lead.direction > 0 else (-np.inf, edge - 1)
    across = (lead.start, lead.start + lead.width - 1)
    return (along, across) if lead.axis == 0 else (across, along)


def _touching(box, x, y):
    """Points inside ``box`` or next to it (nearest-neighbour, not diagonal)."""
    (x0, x1), (y0, y1) = box
    near_x = (x >= x0 - 1) & (x <= x1 + 1) & (y >= y0) & (y <= y1)
    near_y = (x >= x0) & (x <= x1) & (y >= y0 - 1) & (y <= y1 + 1)
    return near_x | near_y


def _boxes_touch(box1, box2):
    """Two lead regions overlap or are nearest neighbours somewhere."""

    def overlap(i1, i2):
        return i1[0] <= i2[1] and i2[0] <= i1[1]

    def grow(i):
        return (i[0] - 1, i[1] + 1)

    (x1, y1), (x2, y2) = box1, box2
    return (overlap(grow(x1), x2) and overlap(y1, y2)) or (overlap(x1, x2) and overlap(grow(y1), y2))


def _check_contacts(leads, interfaces, positions):
    boxes = []
    for p, (lead, sites) in enumerate(zip(leads, interfaces, strict=True)):
        edge = positions[sites[0], lead.axis]
        box = _lead_box(lead, edge)
        touching = _touching(box, positions[:, 0], positions[:, 1])
        touching[sites] = False
        if touching.any():
            x, y = positions[np.argmax(touching)]
            raise ValueError(
                f"Lead {p} ({lead.side}) would touch the device at ({x}, {y}), away from its "
                f"interface; make the lead narrower or move it."
            )
        boxes.append(box)
    for p in range(len(leads)):
        for q in range(p):
            if _boxes_touch(boxes[p], boxes[q]):
                raise ValueError(f"Leads {q} and {p} overlap or touch; separate them.")


# --------------------------------------------------------------------------
# Course geometries
# --------------------------------------------------------------------------


def cross(lx=40, ly=20, arm_width=10, *, arm_length=0, flux=0.0, lead_flux=None, potential=0.0,
          disorder=0.0, rng=None):
    """Four-terminal cross: an ``lx`` x ``ly`` body with a ``arm_width``-wide arm on each side.

    The arms are centred on the sides of the body; each continues into a
    semi-infinite lead of the same width.  Terminals are numbered
    counter-clockwise starting on the left: 0 = left (``-x``), 1 = bottom
    (``-y``), 2 = right (``+x``), 3 = top (``+y``).  The body occupies
    ``0 <= x < lx``, ``0 <= y < ly``.

    Parameters
    ----------
    lx, ly : int
        Size of the body (sites).
    arm_width : int
        Width of the four arms and leads (sites); at most ``min(lx, ly) - 2``.
    arm_length : int
        Length of the finite arms between body and leads (0: the leads are
        attached to the body directly).
    flux, lead_flux, potential, disorder, rng
        As in :func:`make_device` (``potential`` arrays cover the whole box,
        arms included; ``flux`` may be a function ``flux(x, y)``).

    Returns
    -------
    Device

    Examples
    --------
    >>> dev = cross(40, 20, 10)
    >>> dev.n_sites, [lead.side for lead in dev.leads]
    (800, ['-x', '-y', '+x', '+y'])
    """
    lx, ly = check_integer(lx, "lx", minimum=3), check_integer(ly, "ly", minimum=3)
    w = check_integer(arm_width, "arm_width", minimum=1)
    arm = check_integer(arm_length, "arm_length", minimum=0)
    if w > min(lx, ly) - 2:
        raise ValueError(f"`arm_width` = {w} must be at most min(lx, ly) - 2 = {min(lx, ly) - 2} "
                         f"so that neighbouring leads do not touch.")
    x0, y0 = (lx - w) // 2, (ly - w) // 2

    def shape(x, y):
        body = (x >= 0) & (x < lx) & (y >= 0) & (y < ly)
        horizontal_arms = (y >= y0) & (y < y0 + w)
        vertical_arms = (x >= x0) & (x < x0 + w)
        return body | horizontal_arms | vertical_arms

    leads = [Lead("-x", y0, w), Lead("-y", x0, w), Lead("+x", y0, w), Lead("+y", x0, w)]
    return make_device(shape, leads, box=(lx + 2 * arm, ly + 2 * arm), origin=(-arm, -arm),
                       flux=flux, lead_flux=lead_flux, potential=potential, disorder=disorder,
                       rng=rng)


def hall_bar(length=60, width=20, *, probe_width=6, n_probes=4, flux=0.0, lead_flux=None,
             potential=0.0, disorder=0.0, rng=None):
    """Hall bar: a ``length`` x ``width`` bar, current leads at both ends, side probes.

    The current leads cover the full width of the ends.  The side probes are
    leads of width ``probe_width`` attached to the bottom (``-y``) and top
    (``+y``) edges.  Terminals are numbered counter-clockwise, starting at the
    left current lead:

    * ``n_probes = 2``: 0 = left, 1 = bottom, 2 = right, 3 = top; the probes are
      centred at ``x = length / 2``.
    * ``n_probes = 4``: 0 = left, 1 = bottom-left, 2 = bottom-right, 3 = right,
      4 = top-right, 5 = top-left; the probes are centred at ``x = length / 3``
      and ``2 length / 3``.

    With this numbering the longitudinal voltage is measured between 1 and 2
    and the Hall voltage between 5 and 1 (or 3 and 1 for two probes), with
    the current driven from 0 to 3 (or 0 to 2): see
    :func:`qtransport.lattice.hall.hall_bar_resistances`.

    Parameters
    ----------
    length, width : int
        Size of the bar (sites); it occupies ``0 <= x < length``, ``0 <= y < width``.
    probe_width : int
        Width of the side probes (sites).
    n_probes : {2, 4}
        Number of side probes.
    flux, lead_flux, potential, disorder, rng
        As in :func:`make_device` (``flux`` may be a function ``flux(x, y)``).

    Returns
    -------
    Device

    Examples
    --------
    >>> bar = hall_bar(60, 20, probe_width=6)
    >>> [(lead.side, lead.start) for lead in bar.leads]
    [('-x', 0), ('-y', 17), ('-y', 37), ('+x', 0), ('+y', 37), ('+y', 17)]
    """
    length = check_integer(length, "length", minimum=3)
    width = check_integer(width, "width", minimum=1)
    pw = check_integer(probe_width, "probe_width", minimum=1)
    check_choice(check_integer(n_probes, "n_probes"), "n_probes", (2, 4))
    fractions = (1 / 2,) if n_probes == 2 else (1 / 3, 2 / 3)
    starts = [int(round(f * length - pw / 2)) for f in fractions]
    if starts[0] < 1 or starts[-1] + pw > length - 1 or (n_probes == 4 and starts[1] <= starts[0] + pw):
        raise ValueError(f"`probe_width` = {pw} is too wide for a bar of length {length} with "
                         f"{n_probes} side probes; make the bar longer or the probes narrower.")
    bottom = [Lead("-y", s, pw) for s in starts]
    top = [Lead("+y", s, pw) for s in reversed(starts)]
    leads = [Lead("-x", 0, width), *bottom, Lead("+x", 0, width), *top]
    return make_device(np.ones((length, width), bool), leads, flux=flux, lead_flux=lead_flux,
                       potential=potential, disorder=disorder, rng=rng)


def wire_with_side_probes(length=40, width=4, *, probe_centers=None, probe_width=2,
                          arm_length=2, barrier=0.0, flux=0.0, lead_flux=None, potential=0.0,
                          disorder=0.0, rng=None):
    """A wire along ``x`` with voltage probes on its top side, coupled through short arms.

    The wire occupies ``0 <= x < length``, ``0 <= y < width``; each probe is an
    arm of ``probe_width`` x ``arm_length`` sites on top of the wire, ending in
    a ``+y`` lead.  A potential ``barrier`` on the arm sites tunes how strongly
    the probe couples to the wire (0: open, large: weakly coupled,
    non-invasive).  Terminals: 0 = left end, 1 = right end, then the probes
    2, 3, ... from left to right.

    Parameters
    ----------
    length, width : int
        Size of the wire (sites).
    probe_centers : sequence of float, optional
        ``x`` positions of the probe centres (default: one probe in the middle).
    probe_width, arm_length : int
        Size of each probe arm (sites); ``arm_length`` >= 1.
    barrier : float
        Potential on the arm sites (units of ``t``).
    flux, lead_flux, potential, disorder, rng
        As in :func:`make_device`; ``potential`` arrays cover the box
        ``(length, width + arm_length)``.

    Returns
    -------
    Device

    Examples
    --------
    >>> dev = wire_with_side_probes(30, 4, probe_centers=[10, 20])
    >>> [(lead.side, lead.start) for lead in dev.leads]
    [('-x', 0), ('+x', 0), ('+y', 9), ('+y', 19)]
    """
    length = check_integer(length, "length", minimum=2)
    width = check_integer(width, "width", minimum=1)
    pw = check_integer(probe_width, "probe_width", minimum=1)
    arm = check_integer(arm_length, "arm_length", minimum=1)
    barrier = _scalar(barrier, "barrier")
    centers = [length / 2] if probe_centers is None else list(probe_centers)
    starts = [int(round(float(c) - pw / 2)) for c in centers]
    mask = np.zeros((length, width + arm), bool)
    mask[:, :width] = True
    for s in starts:
        if s < 0 or s + pw > length:
            raise ValueError(f"`probe_centers`: the probe at {s + pw / 2} sticks out of the wire "
                             f"(0 <= x < {length}); move it inwards.")
        mask[s:s + pw, width:] = True
    arms = np.zeros_like(mask)
    arms[:, width:] = mask[:, width:]

    def total_potential(x, y):
        base = _potential_values(potential, mask, np.stack([x, y], 1))
        return base + barrier * arms[x, y]

    leads = [Lead("-x", 0, width), Lead("+x", 0, width)] + [Lead("+y", s, pw) for s in starts]
    return make_device(mask, leads, flux=flux, lead_flux=lead_flux, potential=total_potential,
                       disorder=disorder, rng=rng)


# --------------------------------------------------------------------------
# Leads: unit cells in their own gauge, self-energies in the device gauge
# --------------------------------------------------------------------------


def lead_unit_cell(lead, flux):
    r"""Unit cell of a lead in the Landau gauge in which it is translation invariant.

    A lead along ``x`` uses :math:`\mathbf A = (-By, 0)`, a lead along ``y``
    uses :math:`\mathbf A' = (0, Bx)` (module docstring).  Cells are numbered
    outwards from the device, the device's interface sites being cell ``-1``;
    ``h_hop = H[j+1, j]`` points away from the device, the convention of
    :mod:`qtransport.lattice.leads`.  The basis of a cell is ordered by
    increasing transverse coordinate ``s``, which is absolute (the phases
    depend on it):

    .. math:: h_\mathrm{cell} = (4 + V)\,\mathbb 1 - (\text{hops across}),
              \qquad h_\mathrm{hop} = -\mathrm{diag}\left(e^{i d\,\theta_s}\right),

    with :math:`\theta_s = +2\pi\phi s` for a lead along ``x`` (``s = y``),
    :math:`\theta_s = -2\pi\phi s` for a lead along ``y`` (``s = x``), and
    ``d = +1`` (``-1``) for a lead towards larger (smaller) coordinates.  So a
    ``y`` lead has the cell of an ``x`` strip with ``x`` in place of ``y`` and
    ``-flux`` in place of ``flux``, and both come from
    :func:`~qtransport.lattice.leads.strip_lead_hamiltonian`.

    Parameters
    ----------
    lead : Lead
    flux : float
        Flux per plaquette (flux quanta).

    Returns
    -------
    h_cell : ndarray, shape (width, width)
        Hamiltonian of one cell (units of ``t``).
    h_hop : ndarray, shape (width, width)
        Hopping from a cell to the next one further from the device, ``H[j+1, j]``.

    Examples
    --------
    >>> h_cell, h_hop = lead_unit_cell(Lead("+x", 0, 3), flux=0.0)
    >>> h_cell.real
    array([[ 4., -1.,  0.],
           [-1.,  4., -1.],
           [ 0., -1.,  4.]])
    >>> np.diag(h_hop).real
    array([-1., -1., -1.])
    """
    if not isinstance(lead, Lead):
        raise TypeError(f"`lead` must be a Lead, e.g. Lead('+x', 0, 10); got {lead!r}.")
    flux = _scalar(flux, "flux")
    field = flux if lead.axis == 0 else -flux
    h_cell, h_hop = strip_lead_hamiltonian(lead.width, flux=field, y_offset=lead.start)
    h_cell = h_cell + lead.potential * np.eye(lead.width)
    return h_cell, (h_hop if lead.direction > 0 else h_hop.conj().T)


def _gauge_phases(lead, flux, positions):
    """Diagonal of ``U = exp(-2 pi i phi x y)`` at the interface sites of a ``y`` lead (1 for ``x`` leads)."""
    if lead.axis == 0:
        return np.ones(len(positions), dtype=complex)
    return np.exp(-2j * np.pi * flux * positions[:, 0] * positions[:, 1])


class _LeadData(NamedTuple):
    """One lead at one energy."""

    sigma: np.ndarray  # (w, w) self-energy on the interface sites, device gauge
    gamma: np.ndarray  # (w, w) broadening i (Sigma - Sigma^dagger), device gauge
    coupling: np.ndarray  # (w, N) W with W W^dagger = Gamma, one column per open channel
    phases: np.ndarray  # (w,) diagonal of U: psi_lead_gauge = U psi_device_gauge
    modes: object  # leads.LeadModes, lead gauge


def _lead_data(device, energy):
    """Self-energy (moved to the device gauge), broadening and modes of every lead."""
    data = []
    for lead, sites in zip(device.leads, device.interfaces, strict=True):
        h_cell, h_hop = lead_unit_cell(lead, device.flux)
        modes = lead_modes(h_cell, h_hop, energy)
        sigma_lead = modes.self_energy(h_hop)  # = lead_self_energy(h_cell, h_hop, energy)
        u = _gauge_phases(lead, device.flux, device.positions[sites])
        sigma = u.conj()[:, None] * sigma_lead * u[None, :]  # U^dagger Sigma' U
        gamma = 1j * (sigma - sigma.conj().T)
        data.append(_LeadData(sigma, gamma, _coupling(gamma, modes.open_channels), u, modes))
    return data


def _coupling(gamma, n_open):
    r"""``W`` (w x N) with :math:`W W^\dagger = \Gamma`: Gamma has one nonzero eigenvalue per open channel."""
    values, vectors = np.linalg.eigh(gamma)
    keep = slice(len(values) - n_open, None)
    return vectors[:, keep] * np.sqrt(np.clip(values[keep], 0.0, None))


# --------------------------------------------------------------------------
# Solvers
# --------------------------------------------------------------------------


class _Solution(NamedTuple):
    """The states ``G W_p`` fed by the open channels of every lead."""

    columns: np.ndarray  # (N, sum_p N_p): G W_p for all leads, side by side
    sites: list  # interface site indices of each lead
    channels: list  # slices of the columns, one per lead
    leads: list  # _LeadData per lead


def _solve(device, energy, *, eta=0.0, exact=False):
    r"""One sparse LU factorisation of :math:`E - H - \sum_p \Sigma_p`, solved for :math:`G W_p`.

    Everything observable at energy ``E`` needs ``G`` only through
    :math:`G\,\Gamma_p` and :math:`\Gamma_p = W_p W_p^\dagger` has rank ``N_p``
    (open channels), so one right-hand side per open channel suffices.
    ``eta`` is added to the energy of the device (not of the leads) as
    ``i eta``.  An exactly singular matrix (a state coupled to no open
    channel) is solved at ``E + 1e-14 i`` instead (see
    :func:`qtransport.lattice.rgf._regularized`), or, with ``exact``, raises
    ``numpy.linalg.LinAlgError``.
    """
    with single_threaded_blas():  # small dense matrices: see qtransport.lattice._parallel
        return _solve_limited(device, energy, eta, exact)


def _solve_limited(device, energy, eta, exact):
    leads = _lead_data(device, energy)
    rows = np.concatenate([np.repeat(s, len(s)) for s in device.interfaces])
    cols = np.concatenate([np.tile(s, len(s)) for s in device.interfaces])
    sigma = sp.csc_matrix((np.concatenate([d.sigma.ravel() for d in leads]), (rows, cols)),
                          shape=device.hamiltonian.shape)
    offsets = np.cumsum([0] + [d.coupling.shape[1] for d in leads])
    channels = [slice(offsets[p], offsets[p + 1]) for p in range(device.n_leads)]
    rhs = np.zeros((device.n_sites, offsets[-1]), dtype=complex)
    for sites, block, d in zip(device.interfaces, channels, leads, strict=True):
        rhs[sites, block] = d.coupling
    if offsets[-1] == 0:  # no open channel anywhere
        return _Solution(rhs, list(device.interfaces), channels, leads)
    base = (device.hamiltonian + sigma).tocsc()
    identity = sp.identity(device.n_sites, format="csc")
    try:
        lu = spla.splu((energy + 1j * eta) * identity - base, permc_spec="MMD_AT_PLUS_A")
    except RuntimeError:  # "exactly singular": see qtransport.lattice.rgf._regularized
        if exact:
            raise np.linalg.LinAlgError("E - H - Sigma is exactly singular") from None
        lu = spla.splu((energy + 1j * (eta + _SINGULAR_ETA)) * identity - base,
                       permc_spec="MMD_AT_PLUS_A")
    return _Solution(lu.solve(rhs), list(device.interfaces), channels, leads)


def _check_energy(energy):
    return _scalar(energy, "energy")


def _check_device(device):
    if not isinstance(device, Device):
        raise TypeError(
            f"`device` must be a Device built by make_device (or cross, hall_bar, "
            f"wire_with_side_probes), got {type(device).__name__}."
        )
    return device


class TransmissionMatrix(NamedTuple):
    """All transmissions of a device at one energy (input of ``multiterminal.conductance_matrix``).

    Attributes
    ----------
    transmission : ndarray, shape (n, n)
        ``transmission[i, j]``: probability (summed over channels) from
        terminal ``j`` into terminal ``i``; reflections on the diagonal.
    channels : ndarray of int, shape (n,)
        Number of open channels of each terminal.
    """

    transmission: np.ndarray
    channels: np.ndarray


def transmission_matrix(device, energy):
    r"""Transmission probabilities between all terminals, from one sparse solve.

    With :math:`G = (E - H - \sum_p \Sigma_p)^{-1}` and
    :math:`\Gamma_p = i(\Sigma_p - \Sigma_p^\dagger)` on the interface sites,

    .. math:: T_{ij} = \mathrm{Tr}\left[\Gamma_i G_{ij} \Gamma_j G_{ij}^\dagger\right]
              \quad (i \neq j)

    (Datta sec. 3.5; Büttiker 1986).  The diagonal is the total reflection
    :math:`T_{jj} = \sum_{mn} |r^{(j)}_{nm}|^2` from the Fisher-Lee
    reflection matrix of :func:`scattering_matrix`, which uses the lead modes
    and the same Green's function, so that the sum rules
    :math:`\sum_i T_{ij} = \sum_i T_{ji} = N_j` test unitarity rather than
    hold by construction.

    Cost: one sparse LU factorisation of :math:`E - H - \sum_p \Sigma_p`
    (``scipy.sparse.linalg.splu``) and one solve with one right-hand side per
    open channel: :math:`\Gamma_p = W_p W_p^\dagger` has rank :math:`N_p`, so
    :math:`T_{ij} = \| W_i^\dagger G_{ij} W_j \|^2` needs only the columns
    :math:`G W_j`.

    Parameters
    ----------
    device : Device
    energy : float
        Fermi energy (units of ``t``).  Exactly at a mode threshold of a
        lead (within about ``1e-12 t``) its mode of zero velocity is closed:
        ``channels`` does not count it and ``T`` is the limit of the other
        channels' transmissions (see "Mode thresholds" in
        :mod:`qtransport.lattice.leads`).

    Returns
    -------
    TransmissionMatrix
        ``transmission`` (n, n) (dimensionless) and ``channels`` (n,).
        ``T[i, j](flux) = T[j, i](-flux)`` (Onsager).  Pass both to
        :func:`qtransport.multiterminal.conductance_matrix`.

    Examples
    --------
    A clean strip transmits each of its open modes perfectly:

    >>> dev = make_device(np.ones((8, 5), bool), [Lead("-x", 0, 5), Lead("+x", 0, 5)])
    >>> res = transmission_matrix(dev, 1.5)
    >>> res.channels
    array([2, 2])
    >>> np.round(res.transmission, 10) + 0.0
    array([[0., 2.],
           [2., 0.]])
    """
    device = _check_device(device)
    energy = _check_energy(energy)
    n = device.n_leads
    transmission = np.empty((n, n))
    with single_threaded_blas():  # small dense matrices: see qtransport.lattice._parallel
        solution = _solve(device, energy)
        smatrix = _scattering_matrix(solution)
        for i, (sites_i, lead_i) in enumerate(zip(solution.sites, solution.leads, strict=True)):
            # W_i^dagger G_ij W_j for all j at once; T_ij = its squared norm (Caroli)
            amplitudes = lead_i.coupling.conj().T @ solution.columns[sites_i]
            for j, block in enumerate(solution.channels):
                if i == j:
                    transmission[i, j] = np.sum(np.abs(smatrix.blocks[i][j]) ** 2)
                else:
                    transmission[i, j] = np.sum(np.abs(amplitudes[:, block]) ** 2)
    return TransmissionMatrix(transmission, smatrix.channels)


class ScatteringMatrix(NamedTuple):
    """Scattering matrix of a device at one energy, in the unit-current lead modes.

    Attributes
    ----------
    matrix : ndarray, shape (M, M)
        The full S-matrix, ``M = sum(channels)``, terminal blocks in lead order.
    channels : ndarray of int, shape (n,)
        Number of open channels of each terminal.
    blocks : list of list of ndarray
        ``blocks[i][j]`` (``channels[i]`` x ``channels[j]``): amplitudes from the
        modes of lead ``j`` into those of lead ``i`` (a view into ``matrix``).
    """

    matrix: np.ndarray
    channels: np.ndarray
    blocks: list


def scattering_matrix(device, energy):
    r"""Scattering matrix from the Green's function and the lead modes (Fisher-Lee).

    An electron coming in from lead ``p`` in mode :math:`\varphi_m` (Bloch
    factor :math:`\lambda_m`, unit current) drives the device through the
    source :math:`(h^\dagger - \Sigma_p \lambda_m^{-1})\varphi_m
    = i\lambda_m^{-1}\Gamma_p\varphi_m` on the interface sites of lead ``p``
    (the second form because :math:`\Sigma_p^\dagger\varphi_m = \lambda_m
    h^\dagger\varphi_m` for an incoming mode).  The wave
    :math:`\psi = G\,\mathrm{source}` leaves through lead ``q`` as the outgoing
    wave :math:`F_q(\psi_{s_q} - \delta_{qp}\lambda_m^{-1}\varphi_m)` on the
    first lead cell (:math:`F = \Phi\Lambda\Phi^{-1}` moves outgoing waves one
    cell on), whose components on the unit-current outgoing modes are the
    column ``m`` of :math:`S_{qp}`.  See Fisher & Lee, Phys. Rev. B 23, 6851
    (1981), and Datta sec. 3.5.

    Parameters
    ----------
    device : Device
    energy : float
        Energy (units of ``t``); at a mode threshold of a lead its mode of
        zero velocity is closed, as in :func:`transmission_matrix`.

    Returns
    -------
    ScatteringMatrix
        Unitary to round-off: :math:`S^\dagger S = 1`.

    Examples
    --------
    >>> dev = cross(12, 8, 4, flux=0.05)
    >>> s = scattering_matrix(dev, 0.8).matrix
    >>> bool(np.allclose(s.conj().T @ s, np.eye(len(s))))
    True
    """
    device = _check_device(device)
    energy = _check_energy(energy)
    with single_threaded_blas():  # small dense matrices: see qtransport.lattice._parallel
        return _scattering_matrix(_solve(device, energy))


def _scattering_matrix(solution):
    # The source of incoming mode m is (h^dagger - Sigma / lambda_m) phi_m = (i / lambda_m) Gamma phi_m
    # (because Sigma^dagger phi_m = lambda_m h^dagger phi_m for an incoming mode), so the
    # scattering states are the columns G W_p combined with i W_p^dagger phi_m / lambda_m.
    leads = solution.leads
    channels = np.array([d.modes.open_channels for d in leads], dtype=int)
    mode_offsets = np.cumsum(np.concatenate([[0], channels]))
    modes = [slice(mode_offsets[p], mode_offsets[p + 1]) for p in range(len(leads))]
    combination = np.zeros((solution.columns.shape[1], mode_offsets[-1]), dtype=complex)
    for d, block, mode_block in zip(leads, solution.channels, modes, strict=True):
        incoming = d.phases.conj()[:, None] * d.modes.incoming  # to the device gauge
        combination[block, mode_block] = 1j * (d.coupling.conj().T @ incoming) / d.modes.lambda_in
    matrix = np.empty((mode_offsets[-1], mode_offsets[-1]), dtype=complex)
    for q, (d, sites) in enumerate(zip(leads, solution.sites, strict=True)):
        x = d.phases[:, None] * (solution.columns[sites] @ combination)  # gauge of lead q
        x[:, modes[q]] -= d.modes.incoming / d.modes.lambda_in
        amplitudes = d.modes.lambda_basis[:, None] * np.linalg.solve(d.modes.basis, x)
        matrix[modes[q]] = amplitudes[: channels[q]]
    blocks = [[matrix[a, b] for b in modes] for a in modes]
    return ScatteringMatrix(matrix, channels, blocks)


def lead_channels(device, energy):
    """Number of open channels of each lead of a device.

    Counted from the propagating modes of each lead
    (:func:`~qtransport.lattice.leads.lead_open_channels`): ``N_i`` is the
    number of bands of lead ``i`` crossing ``energy`` with velocity away from
    the device.  They are the column and row sums of the full transmission
    matrix, ``sum_i T[i, j] = N_j``.

    Parameters
    ----------
    device : Device
        The device, from :func:`make_device` or one of its builders.
    energy : float
        Energy (units of ``t``).

    Returns
    -------
    ndarray of int, shape (n_leads,)
        The channel numbers ``N_i`` of the sum rules.

    Examples
    --------
    >>> lead_channels(cross(40, 20, 10), 0.5)
    array([2, 2, 2, 2])
    """
    device = _check_device(device)
    energy = _check_energy(energy)
    counts = [lead_open_channels(*lead_unit_cell(lead, device.flux), energy)
              for lead in device.leads]
    return np.array(counts, dtype=int)


class DeviceBondCurrents(NamedTuple):
    """Currents carried by the scattering states injected from one lead.

    Attributes
    ----------
    current : ndarray, shape (n_bonds,)
        Current through each bond ``device.bonds[k] = (a, b)``, positive from
        ``a`` to ``b`` (units of ``e/h`` per unit energy, i.e. per ``t``).
    into_leads : ndarray, shape (n_leads,)
        Net current from the device into each lead; equals ``T[i, lead]`` for
        ``i != lead`` and ``-(N - T[lead, lead])`` for the injecting lead.
    """

    current: np.ndarray
    into_leads: np.ndarray


def device_bond_currents(device, energy, lead):
    r"""Bond currents of the electrons injected from one lead at one energy.

    The states coming in from lead ``p`` fill the spectral function
    :math:`A_p = G \Gamma_p G^\dagger` (Datta sec. 3.5); the current from site
    ``a`` to its neighbour ``b`` is

    .. math:: j_{a \to b} = 2\,\mathrm{Im}\left[H_{ba} (A_p)_{ab}\right]

    in units of ``e/h`` per unit energy, so that the current flowing into lead
    ``i`` is :math:`T_{ip}` (Baranger & Stone 1989).  The current is conserved
    at every site that is not an interface site.

    Parameters
    ----------
    device : Device
    energy : float
        Energy (units of ``t``).  At a mode threshold of a lead the
        result is the limit from both sides when ``E - H - Sigma`` is
        regular; if a state there couples to no open channel (a clean wire
        at its own threshold) the wave functions are not unique and a
        ``ValueError`` names ``energy``.
    lead : int
        Index of the injecting terminal.

    Returns
    -------
    DeviceBondCurrents

    Examples
    --------
    >>> dev = make_device(np.ones((6, 3), bool), [Lead("-x", 0, 3), Lead("+x", 0, 3)])
    >>> res = device_bond_currents(dev, 1.0, lead=0)
    >>> np.round(res.into_leads, 10) + 0.0
    array([-1.,  1.])
    """
    device = _check_device(device)
    energy = _check_energy(energy)
    lead = _check_lead_index(lead, device)
    solution = _state_solution(device, energy)
    psi = _injected_states(device, energy, lead, solution)
    a, b = device.bonds[:, 0], device.bonds[:, 1]
    current = 2 * np.imag(device.hoppings * np.sum(psi[a] * psi[b].conj(), axis=1))
    inflow = np.bincount(b, current, device.n_sites) - np.bincount(a, current, device.n_sites)
    into_leads = np.array([inflow[sites].sum() for sites in device.interfaces])
    return DeviceBondCurrents(current, into_leads)


def _check_lead_index(lead, device):
    lead = check_integer(lead, "lead", minimum=0)
    if lead >= device.n_leads:
        raise ValueError(f"`lead` = {lead} but the device has only {device.n_leads} leads "
                         f"(0 ... {device.n_leads - 1}).")
    return lead


def _state_solution(device, energy):
    """``_solve`` for wave functions: at a lead threshold only if they are unique there."""
    solutions = []

    def compute(e):
        solutions.append(_solve(device, energy, eta=float(np.imag(e)), exact=True))
        return solutions[-1].columns

    def where():
        leads = solutions[0].leads if solutions else _lead_data(device, energy)
        return next((f"of lead {p}" for p, d in enumerate(leads) if d.modes.thresholds), None)

    _unique_states(compute, energy, 1.0, where)
    return solutions[0]


def _injected_states(device, energy, lead, solution=None):
    r"""Columns :math:`\Psi = G W_p`, so that :math:`A_p = G \Gamma_p G^\dagger = \Psi \Psi^\dagger`."""
    solution = _solve(device, energy) if solution is None else solution
    return solution.columns[:, solution.channels[lead]]


def current_density(device, energy, lead):
    """Current density on the sites of the device, for electrons injected from one lead.

    Each site gets the average of the bond currents on its two horizontal
    (``jx``) and two vertical (``jy``) bonds; a bond that leads into a lead
    carries the current that leaves the device there.

    Parameters
    ----------
    device : Device
    energy : float
        Energy (units of ``t``).  At a mode threshold of a lead the
        result is the limit from both sides when ``E - H - Sigma`` is
        regular; if a state there couples to no open channel (a clean wire
        at its own threshold) the wave functions are not unique and a
        ``ValueError`` names ``energy``.
    lead : int
        Index of the injecting terminal.

    Returns
    -------
    jx, jy : ndarray, shape (nx, ny)
        Current density on the grid of ``device.mask`` (zero where there is no
        site), units of ``e/h`` per unit energy.

    Examples
    --------
    >>> dev = make_device(np.ones((6, 3), bool), [Lead("-x", 0, 3), Lead("+x", 0, 3)])
    >>> jx, jy = current_density(dev, 1.0, lead=0)
    >>> np.round(jx.sum(axis=1), 10) + 0.0    # one channel crosses every column
    array([1., 1., 1., 1., 1., 1.])
    """
    result = device_bond_currents(device, energy, lead)
    a, b = device.bonds[:, 0], device.bonds[:, 1]
    horizontal = device.positions[b, 0] != device.positions[a, 0]
    n = device.n_sites
    inflow = (np.bincount(b, result.current, n) - np.bincount(a, result.current, n))
    j = np.zeros((2, n))
    for axis, on_axis in enumerate((horizontal, ~horizontal)):
        j[axis] += np.bincount(a[on_axis], result.current[on_axis], n)
        j[axis] += np.bincount(b[on_axis], result.current[on_axis], n)
    for lead_p, sites in zip(device.leads, device.interfaces, strict=True):
        j[lead_p.axis, sites] += lead_p.direction * inflow[sites]
    return device.site_grid(j[0] / 2), device.site_grid(j[1] / 2)


def device_ldos(device, energy):
    r"""Local density of states of the scattering states at one energy.

    .. math:: \rho_i(E) = \frac{1}{2\pi} \sum_p (G \Gamma_p G^\dagger)_{ii}
              = -\frac{1}{\pi}\,\mathrm{Im}\, G_{ii}

    (the two agree because :math:`G - G^\dagger = -i G \Gamma G^\dagger`; bound
    states exactly at ``energy`` are not included).  Costs the same single solve
    as :func:`transmission_matrix`.

    Parameters
    ----------
    device : Device
    energy : float
        Energy (units of ``t``).  At a mode threshold of a lead the
        result is the limit from both sides when ``E - H - Sigma`` is
        regular; if a state there couples to no open channel (a clean wire
        at its own threshold) the wave functions are not unique and a
        ``ValueError`` names ``energy``.

    Returns
    -------
    ndarray, shape (N,)
        States per unit energy (``1/t``) per site, in the order of
        ``device.positions`` (use ``device.site_grid`` for a map).

    Examples
    --------
    >>> dev = make_device(np.ones((5, 1), bool), [Lead("-x", 0, 1), Lead("+x", 0, 1)])
    >>> np.round(device_ldos(dev, 4.0), 6)    # chain at its band centre: 1 / (2 pi t)
    array([0.159155, 0.159155, 0.159155, 0.159155, 0.159155])
    """
    device = _check_device(device)
    energy = _check_energy(energy)
    solution = _state_solution(device, energy)
    total = np.zeros(device.n_sites)
    for lead in range(device.n_leads):
        psi = _injected_states(device, energy, lead, solution)
        total += np.sum(np.abs(psi) ** 2, axis=1)
    return total / (2 * np.pi)
