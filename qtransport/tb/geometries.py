r"""Ready-made geometries of the course, one function each, returning a :class:`~qtransport.tb.System`.

Every function builds the sites, nearest-neighbour hoppings and leads of one
device and sets simple default values (hopping ``-t``, on-site energy at the
band bottom or the band centre as stated); change ``system.onsite`` or add
hoppings before :meth:`~qtransport.tb.System.finalized` to put in a
potential, disorder, spin or pairing.  Lengths are in lattice constants, the
hopping ``t = 1`` sets the energy unit.

* :func:`chain` and :func:`strip`: a chain and a square-lattice strip between
  two leads (on-site ``2t`` and ``4t``: the band bottom at 0); :func:`qpc`: a
  strip with a smooth saddle whose height is the named parameter ``gate``;
* :func:`ring`: a square-lattice ring with a flux tube through its hole
  (Aharonov-Bohm), two leads;
* :func:`zigzag_ribbon` and :func:`armchair_ribbon`: graphene ribbons along
  ``x`` (zigzag edges, ``n_chains`` zigzag chains) and along ``y`` (armchair
  edges, ``n_dimers`` dimer lines), on-site 0 (the Dirac point at ``E = 0``);
* :func:`square_device`, :func:`cross`, :func:`hall_bar` and
  :func:`wire_with_side_probes`: many-terminal
  square-lattice devices in a uniform field, the flux per plaquette being the
  named parameter ``flux`` (flux quanta): the device and its ``x`` leads in
  the Landau gauge ``A = (-B y, 0)``, its ``y`` leads in ``A' = (0, B x)``
  with the gauge change ``theta = -2 pi B x y`` on their interface (the
  conventions of :mod:`qtransport.lattice.devices`, whose terminals they
  reproduce).
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import check_integer, check_positive
from qtransport.tb.builder import Lead, System, check_value
from qtransport.tb.lattice import chain as chain_lattice
from qtransport.tb.lattice import honeycomb, square

__all__ = [
    "chain",
    "strip",
    "ring",
    "zigzag_ribbon",
    "armchair_ribbon",
    "flux_tube_hopping",
    "square_device",
    "cross",
    "hall_bar",
    "wire_with_side_probes",
    "qpc",
]


def _with_potential(onsite, potential, shape, name):
    """The on-site value plus a potential given as an array over the sites (C order) or a function."""
    if potential is None:
        return onsite
    if callable(potential):
        if callable(onsite):
            raise TypeError("give either a function `onsite` or a function `potential`, not both")
        return _shifted(onsite, potential)
    try:
        values = np.asarray(potential, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must be an array of numbers or a function, got {type(potential).__name__}") from None
    if values.shape != shape:
        raise ValueError(f"`{name}` must have the shape {shape} (one value per site), got {values.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"`{name}` must be finite")
    flat = values.ravel()
    if callable(onsite):
        raise TypeError("give either a function `onsite` or an array `potential`, not both")
    return onsite + flat


def _shifted(onsite, potential):
    import inspect

    names = [p.name for p in inspect.signature(potential).parameters.values() if p.kind == p.KEYWORD_ONLY]

    def value(*x, **params):  # receives every parameter and passes on those ``potential`` names
        missing = [n for n in names if n not in params]
        if missing:
            raise ValueError(f"`params` has no value for `{missing[0]}`, which the potential needs")
        return onsite + potential(*x, **{n: params[n] for n in names})

    return value


def chain(length, *, hopping=-1.0, onsite=2.0, potential=None):
    """A chain of ``length`` sites between two semi-infinite chains (band ``2t(1 - cos k)``).

    ``potential``: an array of ``length`` energies added on the sites
    ``x = 0 ... length - 1``, or a function ``V(x, *, params)`` of the
    position and named parameters (a barrier height to sweep as a batch).

    Examples
    --------
    >>> from qtransport.tb import transmission
    >>> fsys = chain(1, potential=[1.0]).finalized()          # one site raised by U = t
    >>> round(float(transmission(fsys, 2.0).transmission[1, 0]), 12)   # v^2/(v^2 + U^2), v = 2t
    0.8
    """
    n = check_integer(length, "length", minimum=1)
    hopping, onsite = check_value(hopping, "hopping"), check_value(onsite, "onsite")
    sys = System(chain_lattice(), shape=lambda x: (x >= 0) & (x < n), start=(0,))
    sys.onsite = _with_potential(onsite, potential, (n,), "potential")
    sys.hopping(hopping)
    sys.attach_lead(Lead((-1,), onsite=onsite, name="left"))
    sys.attach_lead(Lead((1,), onsite=onsite, name="right"))
    return sys


def strip(length, width, *, hopping=-1.0, onsite=4.0, norbs=1, potential=None):
    """A ``length`` x ``width`` square-lattice strip between two leads of the same width.

    ``potential``: an array ``(length, width)`` of energies added on the
    sites ``(x, y)``, or a function ``V(x, y, *, params)``.
    """
    lx = check_integer(length, "length", minimum=1)
    ly = check_integer(width, "width", minimum=1)
    hopping, onsite = check_value(hopping, "hopping"), check_value(onsite, "onsite")
    sys = System(square(norbs=norbs), shape=lambda x, y: (x >= 0) & (x < lx) & (y >= 0) & (y < ly), start=(0, 0))
    if potential is not None and norbs != 1:
        raise ValueError("`potential` is for one orbital per site; with `norbs` > 1 give `onsite` a function")
    sys.onsite = _with_potential(onsite, potential, (lx, ly), "potential")
    sys.hopping(hopping)
    lead_onsite = None if callable(onsite) else onsite  # a function: the system's own, uniform along the lead
    sys.attach_lead(Lead((-1, 0), onsite=lead_onsite, name="left"))
    sys.attach_lead(Lead((1, 0), onsite=lead_onsite, name="right"))
    return sys


def flux_tube_hopping(hopping=-1.0, *, center=(0.0, 0.0), parameter="flux"):
    r"""Nearest-neighbour hopping with the Peierls phases of a thin flux tube at ``center``.

    The gauge puts all of the vector potential on one cut, the ray from the
    tube straight up (``x`` just right of ``center[0]``, ``y > center[1]``):
    a hop that crosses it towards ``-x`` gets the phase :math:`-2\pi\Phi`,
    one towards ``+x`` gets :math:`+2\pi\Phi`, all others none.  Every loop
    around the tube counter-clockwise then picks up :math:`-2\pi\Phi`, the
    sign of :func:`qtransport.tb.peierls`, loops that do not enclose it pick
    up nothing, and leads that stay clear of the cut need no vector potential:
    a flux of one quantum is a gauge transformation, exactly.  The flux
    :math:`\Phi` (flux quanta) is the named parameter ``parameter``.
    """
    hopping = check_value(hopping, "hopping")
    try:
        cx, cy = (float(c) for c in center)
    except (TypeError, ValueError):
        raise TypeError(f"`center` must be a point (x, y), got {center!r}") from None
    if not (np.isfinite(cx) and np.isfinite(cy)):
        raise ValueError(f"`center` must be finite, got {center!r}")
    if not isinstance(parameter, str) or not parameter.isidentifier():
        raise TypeError(f"`parameter` must be the name of the flux parameter (a Python name), got {parameter!r}")
    cut = cx + 1e-6

    def value(x1, y1, x2, y2, **params):
        if parameter not in params:
            raise ValueError(f"`params` has no value for `{parameter}`, the flux through the ring (flux quanta)")
        phi = float(params[parameter])
        t = (cut - x2) / np.where(x1 != x2, x1 - x2, np.inf)
        above = (y2 + t * (y1 - y2)) > cy
        to_left = (x1 < cut) & (x2 >= cut) & above
        to_right = (x2 < cut) & (x1 >= cut) & above
        theta = 2 * np.pi * phi * (to_right.astype(float) - to_left.astype(float))
        return hopping * np.exp(1j * theta)

    return value


def ring(outer_radius, inner_radius, *, lead_width=None, hopping=-1.0, onsite=4.0):
    """A square-lattice ring (annulus) with two leads along ``x`` and a flux tube through its hole.

    The flux (in flux quanta) is the named parameter ``flux``: pass
    ``params={"flux": 0.3}`` to the solvers.  The leads, ``lead_width`` sites
    wide (default: the ring's width), leave the outer edge at ``y = 0`` to
    the left and right.
    """
    r_out = check_positive(outer_radius, "outer_radius")
    r_in = check_positive(inner_radius, "inner_radius")
    if not r_in < r_out - 1:
        raise ValueError(
            f"`inner_radius` must be at least one site smaller than `outer_radius`, got {r_in} and {r_out}"
        )
    w = check_integer(lead_width, "lead_width", minimum=1) if lead_width is not None else max(1, int(r_out - r_in))
    half = (w - 1) / 2

    def shape(x, y):
        r = np.hypot(x, y)
        annulus = (r < r_out) & (r >= r_in)
        arms = (np.abs(y) <= half + 1e-9) & (np.abs(x) >= r_in)
        return annulus | (arms & (np.abs(x) < r_out + 1))

    sys = System(square(), shape=shape, start=(0, -(r_in + r_out) / 2))
    sys.onsite = onsite
    sys.hopping(flux_tube_hopping(hopping))
    across = lambda x, y: np.abs(y) <= half + 1e-9  # noqa: E731
    sys.attach_lead(Lead((-1, 0), shape=across, onsite=onsite, hoppings=[(hopping, 1)], name="left"))
    sys.attach_lead(Lead((1, 0), shape=across, onsite=onsite, hoppings=[(hopping, 1)], name="right"))
    return sys


def zigzag_ribbon(n_chains, length, *, hopping=-1.0, onsite=0.0):
    """A graphene ribbon along ``x`` with zigzag edges: ``n_chains`` zigzag chains, ``length`` unit cells.

    In :func:`~qtransport.tb.honeycomb` (carbon-carbon distance 1) chain ``k``
    is made of the A sites of row ``k`` and the B sites of row ``k - 1``; the
    edge atoms have two neighbours.
    """
    n = check_integer(n_chains, "n_chains", minimum=1)
    cells = check_integer(length, "length", minimum=1)
    period = np.sqrt(3)

    def shape(x, y):
        return (y > -0.75) & (y < 1.5 * (n - 1) + 0.25) & (x > -period / 4 - 1e-9) & (x < cells * period - period / 4)

    sys = System(honeycomb(), shape=shape, start=(0, 0))
    sys.onsite = onsite
    sys.hopping(hopping)
    sys.attach_lead(Lead((-1, 0), name="left"))
    sys.attach_lead(Lead((1, 0), name="right"))
    return sys


def armchair_ribbon(n_dimers, length, *, hopping=-1.0, onsite=0.0):
    """A graphene ribbon along ``y`` with armchair edges: ``n_dimers`` dimer lines, ``length`` unit cells.

    The unit cell along the ribbon is the lattice vector ``2 a2 - a1 = (0, 3)``
    (three carbon-carbon distances); the dimer lines are the columns of sites
    at ``x = m sqrt(3)/2``, ``m = 0 ... n_dimers - 1``.  Metallic when
    ``n_dimers = 3m + 2``.
    """
    n = check_integer(n_dimers, "n_dimers", minimum=2)
    cells = check_integer(length, "length", minimum=1)
    dx = np.sqrt(3) / 2

    def shape(x, y):
        return (x > -dx / 2) & (x < (n - 1) * dx + dx / 2) & (y > -0.25) & (y < 3 * cells - 0.25)

    sys = System(honeycomb(), shape=shape, start=(0, 0))
    sys.onsite = onsite
    sys.hopping(hopping)
    sys.attach_lead(Lead((1, -2), name="bottom"))
    sys.attach_lead(Lead((-1, 2), name="top"))
    return sys


def _landau_x(x, y, flux):
    return (-flux * y, 0 * x)


def _landau_y(x, y, flux):
    return (0 * x, flux * x)


def _gauge_y(x, y, flux):
    return -2 * np.pi * flux * x * y


def square_device(shape, leads, *, start=(0, 0), hopping=-1.0, onsite=4.0):
    """A square-lattice device of any shape with straight leads, in a uniform field (parameter ``flux``).

    Parameters
    ----------
    shape : callable
        ``shape(x, y) -> bool`` of the scattering region (flood-filled from ``start``).
    leads : list of (side, first, width)
        ``side`` one of ``"+x", "-x", "+y", "-y"`` (the direction the lead runs
        to), the first transverse coordinate and the width in sites.
    hopping, onsite : number
        ``-t`` and the on-site energy (``4t``: the band bottom at 0).
    """
    from qtransport.tb.builder import peierls

    if not callable(shape):
        raise TypeError(f"`shape` must be a function shape(x, y) -> bool, got {shape!r}")
    if isinstance(leads, (str, bytes)) or not hasattr(leads, "__iter__"):
        raise TypeError(f"`leads` must be a list of (side, first, width), got {leads!r}")
    leads = list(leads)
    onsite = check_value(onsite, "onsite")
    sys = System(square(), shape=shape, start=start)
    sys.onsite = onsite
    sys.hopping(peierls(hopping, _landau_x))
    for number, spec in enumerate(leads):
        try:
            side, first, width = spec
        except (TypeError, ValueError):
            raise TypeError(f"`leads[{number}]` must be (side, first, width), got {spec!r}") from None
        if isinstance(spec, (str, bytes)):
            raise TypeError(f"`leads[{number}]` must be (side, first, width), got {spec!r}")
        if side not in ("+x", "-x", "+y", "-y"):
            raise ValueError(f"`leads[{number}]` side must be one of '+x', '-x', '+y', '-y', got {side!r}")
        lo = check_integer(first, f"leads[{number}]")
        hi = lo + check_integer(width, f"leads[{number}]", minimum=1)
        sign = 1 if side[0] == "+" else -1
        if side[1] == "x":
            sys.attach_lead(Lead((sign, 0), shape=lambda x, y, lo=lo, hi=hi: (y >= lo) & (y < hi), onsite=onsite,
                                 name=side))
        else:
            sys.attach_lead(Lead((0, sign), shape=lambda x, y, lo=lo, hi=hi: (x >= lo) & (x < hi), onsite=onsite,
                                 hoppings=[(peierls(hopping, _landau_y), 1)], gauge=_gauge_y, name=side))
    return sys


def cross(lx=40, ly=20, arm_width=10):
    """Four-terminal cross: an ``lx`` x ``ly`` body with a lead of width ``arm_width`` on each side.

    Terminals counter-clockwise from the left: 0 = left, 1 = bottom, 2 = right,
    3 = top (as :func:`qtransport.lattice.devices.cross` with ``arm_length=0``).
    """
    lx, ly = check_integer(lx, "lx", minimum=3), check_integer(ly, "ly", minimum=3)
    w = check_integer(arm_width, "arm_width", minimum=1)
    if w > min(lx, ly) - 2:
        raise ValueError(f"`arm_width` = {w} must be at most min(lx, ly) - 2 = {min(lx, ly) - 2}")
    x0, y0 = (lx - w) // 2, (ly - w) // 2
    leads = [("-x", y0, w), ("-y", x0, w), ("+x", y0, w), ("+y", x0, w)]
    return square_device(lambda x, y: (x >= 0) & (x < lx) & (y >= 0) & (y < ly), leads)


def hall_bar(length=60, width=20, *, probe_width=6, n_probes=4):
    """A ``length`` x ``width`` Hall bar with current leads at the ends and side probes.

    Terminals counter-clockwise from the left current lead, as
    :func:`qtransport.lattice.devices.hall_bar`: for four probes 0 = left,
    1 = bottom-left, 2 = bottom-right, 3 = right, 4 = top-right, 5 = top-left.
    """
    length = check_integer(length, "length", minimum=3)
    width = check_integer(width, "width", minimum=1)
    pw = check_integer(probe_width, "probe_width", minimum=1)
    n = check_integer(n_probes, "n_probes")
    if n not in (2, 4):
        raise ValueError(f"`n_probes` must be 2 or 4, got {n}")
    fractions = (1 / 2,) if n == 2 else (1 / 3, 2 / 3)
    starts = [int(round(f * length - pw / 2)) for f in fractions]
    if starts[0] < 1 or starts[-1] + pw > length - 1 or (n == 4 and starts[1] <= starts[0] + pw):
        raise ValueError(f"`probe_width` = {pw} is too wide for a bar of length {length} with {n} side probes")
    leads = [("-x", 0, width), *[("-y", s, pw) for s in starts], ("+x", 0, width),
             *[("+y", s, pw) for s in reversed(starts)]]
    return square_device(lambda x, y: (x >= 0) & (x < length) & (y >= 0) & (y < width), leads)


def wire_with_side_probes(length=40, width=4, *, probe_centers=None, probe_width=2, arm_length=2):
    """A wire along ``x`` with voltage probes on its top side, each coupled through a short arm.

    The wire covers ``0 <= x < length``, ``0 <= y < width``; every probe is
    an arm of ``probe_width`` x ``arm_length`` sites on top of it ending in a
    ``+y`` lead.  The on-site energy of the arm sites is raised by the named
    parameter ``barrier`` (units of ``t``; 0: an open probe, large: a weakly
    coupled, non-invasive one), and the field by ``flux`` (flux quanta per
    plaquette).  Terminals: 0 = left end, 1 = right end, then the probes from
    left to right, as :func:`qtransport.lattice.devices.wire_with_side_probes`.

    Parameters
    ----------
    length, width : int
        Size of the wire (sites).
    probe_centers : sequence of float, optional
        ``x`` positions of the probe centres (default: one probe in the middle).
    probe_width, arm_length : int
        Size of each probe arm (sites).

    Examples
    --------
    >>> fsys = wire_with_side_probes(30, 4, probe_centers=[10, 20]).finalized()
    >>> [lead.lead.name for lead in fsys.leads]
    ['-x', '+x', '+y', '+y']
    """
    length = check_integer(length, "length", minimum=2)
    width = check_integer(width, "width", minimum=1)
    pw = check_integer(probe_width, "probe_width", minimum=1)
    arm = check_integer(arm_length, "arm_length", minimum=1)
    if probe_centers is None:
        centers = [length / 2]
    else:
        try:
            centers = [float(c) for c in probe_centers]
        except (TypeError, ValueError):
            raise TypeError(f"`probe_centers` must be a sequence of numbers, got {probe_centers!r}") from None
        if not centers or not np.all(np.isfinite(centers)):
            raise ValueError(f"`probe_centers` must hold at least one finite position, got {probe_centers!r}")
    starts = [int(round(c - pw / 2)) for c in centers]
    for c, st in zip(centers, starts, strict=True):
        if st < 0 or st + pw > length:
            raise ValueError(f"`probe_centers`: the probe at x = {c:g} sticks out of the wire (0 <= x < {length}); "
                             "move it inwards")
    ordered = sorted(starts)
    if any(b < a + pw for a, b in zip(ordered, ordered[1:], strict=False)):
        raise ValueError(f"`probe_centers`: probes of width {pw} overlap; space them at least {pw} apart")

    def in_arm(x, y):
        hit = np.zeros(np.shape(x), dtype=bool)
        for st in starts:
            hit |= (x >= st) & (x < st + pw) & (y >= width) & (y < width + arm)
        return hit

    def shape(x, y):
        return ((x >= 0) & (x < length) & (y >= 0) & (y < width)) | in_arm(x, y)

    leads = [("-x", 0, width), ("+x", 0, width), *[("+y", st, pw) for st in starts]]
    sys = square_device(shape, leads)

    def onsite(x, y, barrier):
        return 4.0 + barrier * in_arm(x, y)

    sys.onsite = onsite
    return sys


def qpc(length, width, *, taper=None, hbar_omega_y=0.0):
    r"""A quantum point contact: a strip with a smooth saddle, its height the named parameter ``gate``.

    .. math:: V(x, y) = e^{-(x - x_c)^2/2s^2}\left[V_g + \frac{(\hbar\omega_y)^2}{4t}(y - y_c)^2\right]

    with the centre ``(x_c, y_c)`` of the strip and the taper ``s`` (default
    ``length / 8``): the potential of :func:`qtransport.lattice.qpc_potential`.
    Pass ``params={"gate": 0.5}`` to the solvers; a gate sweep needs no rebuild.
    """
    lx = check_integer(length, "length", minimum=1)
    ly = check_integer(width, "width", minimum=1)
    s = lx / 8 if taper is None else float(check_positive(taper, "taper"))
    if isinstance(hbar_omega_y, bool) or not isinstance(hbar_omega_y, (int, float, np.integer, np.floating)):
        raise TypeError(f"`hbar_omega_y` must be a number, got {hbar_omega_y!r}")
    hw = float(hbar_omega_y)
    if not np.isfinite(hw) or hw < 0:
        raise ValueError(f"`hbar_omega_y` must be a finite number >= 0, got {hbar_omega_y!r}")
    xc, yc = (lx - 1) / 2, (ly - 1) / 2

    def onsite(x, y, gate):
        return 4.0 + np.exp(-((x - xc) ** 2) / (2 * s**2)) * (gate + hw**2 / 4 * (y - yc) ** 2)

    sys = strip(lx, ly)
    sys.onsite = onsite
    for lead in sys.leads:
        lead.onsite = 4.0
    return sys
