r"""Ready-made geometries of the course, one function each, returning a :class:`~qtransport.tb.System`.

Every function builds the sites, nearest-neighbour hoppings and leads of one
device and sets simple default values (hopping ``-t``, on-site energy at the
band bottom or the band centre as stated); change ``system.onsite`` or add
hoppings before :meth:`~qtransport.tb.System.finalized` to put in a
potential, disorder, spin or pairing.  Lengths are in lattice constants, the
hopping ``t = 1`` sets the energy unit.  A ``hopping`` or ``onsite`` given as
one number must be real; a matrix (several orbitals per site) may be complex,
and either may be a function of the coordinates.  Sizes are checked before a
site is built: a system of more than :data:`MAX_SITES` sites, or one whose
construction would not fit in the memory available, is refused.

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
  with the gauge change ``theta = -2 pi B x y`` on their interface.  The
  phases add up to ``-2 pi B`` around every plaquette traversed
  counter-clockwise (:func:`qtransport.tb.peierls`): for ``flux > 0`` (field
  along ``+z``) electrons orbit counter-clockwise and edge states run
  clockwise around a sample.  Terminals are numbered counter-clockwise.
  :func:`cross`, :func:`hall_bar` and
  :func:`wire_with_side_probes` take a ``potential`` (a number, an array over
  their bounding box, or a function of the position and of named
  parameters) and Anderson ``disorder`` drawn once, at build time, from an
  explicit ``rng``: one fixed sample, the same at every field;
* :func:`site_grid`: values over the sites of a square-lattice system
  placed on its bounding box, for maps of potentials and currents.
"""

from __future__ import annotations

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_integer,
    check_rng,
    check_scalar,
    check_sites,
)
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
    "site_grid",
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


def _keyword_names(func):
    import inspect

    return [p.name for p in inspect.signature(func).parameters.values() if p.kind == p.KEYWORD_ONLY]


MAX_SITES = 4_000_000
"""The most sites a ready-made system may have (its bounding box for the devices): more than a solver can take."""


def _check_size(sizes, extra=None, *, n_sites=None, norbs=1):
    """Refuse a system beyond :data:`MAX_SITES` or the memory, before any site is built.

    ``sizes``: ``{name: size}`` whose product is the number of sites (unless
    ``n_sites`` estimates it); the message names the largest.  ``extra``:
    further lengths ``{name: size}`` (arms) that must each stay below the
    limit themselves.
    """
    for name, size in (extra or {}).items():
        if size > MAX_SITES:
            raise ValueError(f"`{name}` = {size} is more than the {MAX_SITES:,} sites the builder takes; "
                             f"pass a smaller `{name}`")
    if n_sites is None:
        n_sites = 1
        for size in sizes.values():
            n_sites *= size
    return check_sites(sizes, n_sites, norbs=norbs, maximum=MAX_SITES, what="a device")


def _value(value, name):
    """An on-site or hopping value: a real number, a matrix (complex allowed) or a function.

    A single number stands for ``t`` or an on-site energy and must be real
    (an imaginary part of a number would make the on-site term non-Hermitian
    or be a mere gauge of the hopping); matrices may be complex, the builder
    checks that they are Hermitian where they must be.
    """
    value = check_value(value, name)
    if not callable(value) and np.ndim(value) == 0:
        return check_scalar(value, name, hint="A complex phase goes into a matrix or a function.")
    return value


def _box_mask(shape, box, origin):
    """The sites of ``shape`` on the integer box ``origin + [0, box)`` (C order = the order of the sites)."""
    x, y = np.meshgrid(np.arange(box[0]) + origin[0], np.arange(box[1]) + origin[1], indexing="ij")
    return np.asarray(shape(x, y), dtype=bool)


def _box_potential(potential, disorder, rng, mask, origin):
    r"""The on-site terms of a square-lattice device: a potential plus a fixed disorder sample.

    Returns ``None`` (nothing to add) or a function ``V(x, y, **params)``.
    ``potential`` is a number, an array of the box's shape (values off the
    sites are ignored) or a function ``V(x, y, *, params)``; ``disorder`` the
    width ``W`` of on-site energies uniform in ``[-W/2, W/2]``, drawn from
    ``rng`` once, one per site in the order of the sites (``x`` major).
    """
    disorder = check_scalar(disorder, "disorder", nonnegative=True, hint="It is an energy width (units of t).")
    check_rng(rng, allow_none=True)
    grid = None
    if disorder > 0:
        if rng is None:
            raise ValueError("`rng` is required when `disorder` > 0: pass rng=numpy.random.default_rng(seed) "
                             "so that the sample is reproducible")
        grid = np.zeros(mask.shape)
        grid[mask] = rng.uniform(-disorder / 2, disorder / 2, size=int(mask.sum()))
    func = None
    if callable(potential):
        func = potential
    elif potential is not None:
        if isinstance(potential, (str, bytes, bool)):
            raise TypeError(f"`potential` must be a number, an array or a function V(x, y), got {potential!r}")
        try:
            values = np.asarray(potential, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"`potential` must be a number, an array or a function V(x, y), "
                            f"got {type(potential).__name__}") from None
        if values.ndim and values.shape != mask.shape:
            raise ValueError(f"`potential` must be a number or an array of the shape {mask.shape} of the device's box "
                             f"(x from {origin[0]}, y from {origin[1]}), got shape {values.shape}")
        if not np.all(np.isfinite(values)):
            raise ValueError("`potential` must be finite")
        if values.ndim or values != 0:
            grid = np.broadcast_to(values, mask.shape) + (0.0 if grid is None else grid)
    if grid is None and func is None:
        return None
    names = _keyword_names(func) if func is not None else []

    def value(x, y, **params):
        total = 0.0
        if grid is not None:
            total = grid[np.rint(x).astype(int) - origin[0], np.rint(y).astype(int) - origin[1]]
        if func is not None:
            missing = [n for n in names if n not in params]
            if missing:
                raise ValueError(f"`params` has no value for `{missing[0]}`, which the potential needs")
            total = total + func(x, y, **{n: params[n] for n in names})
        return total

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
    _check_size({"length": n})
    hopping, onsite = _value(hopping, "hopping"), _value(onsite, "onsite")
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
    lattice = square(norbs=norbs)
    _check_size({"length": lx, "width": ly, "norbs": lattice.norbs[0]}, n_sites=lx * ly, norbs=lattice.norbs[0])
    hopping, onsite = _value(hopping, "hopping"), _value(onsite, "onsite")
    sys = System(lattice, shape=lambda x, y: (x >= 0) & (x < lx) & (y >= 0) & (y < ly), start=(0, 0))
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
    hopping = _value(hopping, "hopping")
    point = as_real_array(center, "center")
    if point.shape != (2,):
        raise ValueError(f"`center` must be a point (x, y) of two finite numbers, got {center!r}")
    cx, cy = (float(c) for c in point)
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
    r_out = check_scalar(outer_radius, "outer_radius", positive=True)
    r_in = check_scalar(inner_radius, "inner_radius", positive=True)
    if not r_in < r_out - 1:
        raise ValueError(
            f"`inner_radius` must be at least one site smaller than `outer_radius`, got {r_in} and {r_out}"
        )
    w = check_integer(lead_width, "lead_width", minimum=1) if lead_width is not None else max(1, int(r_out - r_in))
    # the annulus within its bounding disc, plus the two arms out to the leads
    _check_size({"outer_radius": r_out, "lead_width": w}, n_sites=np.pi * (r_out + 1) ** 2 + 2 * w * (r_out - r_in + 2))
    hopping, onsite = _value(hopping, "hopping"), _value(onsite, "onsite")
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
    _check_size({"n_chains": n, "length": cells}, n_sites=2 * n * cells)
    hopping, onsite = _value(hopping, "hopping"), _value(onsite, "onsite")
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
    _check_size({"n_dimers": n, "length": cells}, n_sites=2 * n * cells)
    hopping, onsite = _value(hopping, "hopping"), _value(onsite, "onsite")
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
    hopping, onsite = _value(hopping, "hopping"), _value(onsite, "onsite")
    point = as_real_array(start, "start")
    if point.shape != (2,):
        raise ValueError(f"`start` must be a point (x, y) of two finite numbers inside the shape, got {start!r}")
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


def _with_terms(sys, terms):
    """Add on-site terms (functions ``V(x, y, **params)``, or None) to the system's number ``sys.onsite``."""
    terms = [t for t in terms if t is not None]
    if not terms:
        return sys
    base = sys.onsite

    def onsite(x, y, **params):
        total = base
        for term in terms:
            total = total + term(x, y, **params)
        return total

    sys.onsite = onsite
    return sys


def cross(lx=40, ly=20, arm_width=10, *, arm_length=0, potential=None, disorder=0.0, rng=None):
    """Four-terminal cross: an ``lx`` x ``ly`` body with an arm of width ``arm_width`` on each side.

    The arms are centred on the sides of the body and continue into
    semi-infinite leads of the same width.  Terminals counter-clockwise from
    the left: 0 = left, 1 = bottom, 2 = right, 3 = top.  The body covers
    ``0 <= x < lx``, ``0 <= y < ly``; the field is the named parameter
    ``flux`` (flux quanta per plaquette).

    Parameters
    ----------
    lx, ly : int
        Size of the body (sites).
    arm_width : int
        Width of the arms and leads (sites), at most ``min(lx, ly) - 2``.
    arm_length : int
        Length of the arms between the body and the leads (0: the leads
        attach to the body).
    potential : float, ndarray or callable, optional
        On-site potential (units of ``t``): a number, an array over the box
        ``(lx + 2 arm_length, ly + 2 arm_length)`` whose corner is
        ``(-arm_length, -arm_length)``, or a function ``V(x, y, *, params)``
        of the position and named parameters.
    disorder : float
        Anderson disorder ``W`` (units of ``t``): on-site energies uniform in
        ``[-W/2, W/2]``, drawn once from ``rng``, one per site (``x`` major).
    rng : numpy.random.Generator, optional
        Needed when ``disorder > 0``.

    Examples
    --------
    >>> fsys = cross(12, 10, 4).finalized()
    >>> fsys.n_sites, [lead.lead.name for lead in fsys.leads]
    (120, ['-x', '-y', '+x', '+y'])
    """
    lx, ly = check_integer(lx, "lx", minimum=3), check_integer(ly, "ly", minimum=3)
    w = check_integer(arm_width, "arm_width", minimum=1)
    arm = check_integer(arm_length, "arm_length", minimum=0)
    if w > min(lx, ly) - 2:
        raise ValueError(f"`arm_width` = {w} must be at most min(lx, ly) - 2 = {min(lx, ly) - 2}")
    _check_size({"lx": lx + 2 * arm, "ly": ly + 2 * arm}, {"lx": lx, "ly": ly, "arm_length": arm})
    x0, y0 = (lx - w) // 2, (ly - w) // 2

    def shape(x, y):
        body = (x >= 0) & (x < lx) & (y >= 0) & (y < ly)
        arms_x = (y >= y0) & (y < y0 + w) & (x >= -arm) & (x < lx + arm)
        arms_y = (x >= x0) & (x < x0 + w) & (y >= -arm) & (y < ly + arm)
        return body | arms_x | arms_y

    leads = [("-x", y0, w), ("-y", x0, w), ("+x", y0, w), ("+y", x0, w)]
    mask = _box_mask(shape, (lx + 2 * arm, ly + 2 * arm), (-arm, -arm))
    terms = _box_potential(potential, disorder, rng, mask, (-arm, -arm))
    return _with_terms(square_device(shape, leads), [terms])


def hall_bar(length=60, width=20, *, probe_width=6, n_probes=4, potential=None, disorder=0.0, rng=None):
    """A ``length`` x ``width`` Hall bar with current leads at the ends and side probes.

    Terminals counter-clockwise from the left current lead: for four probes 0 = left,
    1 = bottom-left, 2 = bottom-right, 3 = right, 4 = top-right, 5 = top-left
    (probes centred at ``length / 3`` and ``2 length / 3``); for two,
    0 = left, 1 = bottom, 2 = right, 3 = top.  The field is the named
    parameter ``flux``.

    Parameters
    ----------
    length, width : int
        Size of the bar (sites): ``0 <= x < length``, ``0 <= y < width``.
    probe_width : int
        Width of the side probes (sites).
    n_probes : {2, 4}
    potential, disorder, rng
        As in :func:`cross`; a ``potential`` array has the shape ``(length, width)``.

    Examples
    --------
    >>> fsys = hall_bar(30, 10, probe_width=4).finalized()
    >>> [lead.lead.name for lead in fsys.leads]
    ['-x', '-y', '-y', '+x', '+y', '+y']
    """
    length = check_integer(length, "length", minimum=3)
    width = check_integer(width, "width", minimum=1)
    pw = check_integer(probe_width, "probe_width", minimum=1)
    n = check_integer(n_probes, "n_probes")
    if n not in (2, 4):
        raise ValueError(f"`n_probes` must be 2 or 4, got {n}")
    _check_size({"length": length, "width": width})
    fractions = (1 / 2,) if n == 2 else (1 / 3, 2 / 3)
    starts = [int(round(f * length - pw / 2)) for f in fractions]
    if starts[0] < 1 or starts[-1] + pw > length - 1 or (n == 4 and starts[1] <= starts[0] + pw):
        raise ValueError(f"`probe_width` = {pw} is too wide for a bar of length {length} with {n} side probes")
    leads = [("-x", 0, width), *[("-y", s, pw) for s in starts], ("+x", 0, width),
             *[("+y", s, pw) for s in reversed(starts)]]

    def shape(x, y):
        return (x >= 0) & (x < length) & (y >= 0) & (y < width)

    terms = _box_potential(potential, disorder, rng, _box_mask(shape, (length, width), (0, 0)), (0, 0))
    return _with_terms(square_device(shape, leads), [terms])


def wire_with_side_probes(length=40, width=4, *, probe_centers=None, probe_width=2, arm_length=2, potential=None,
                          disorder=0.0, rng=None):
    """A wire along ``x`` with voltage probes on its top side, each coupled through a short arm.

    The wire covers ``0 <= x < length``, ``0 <= y < width``; every probe is
    an arm of ``probe_width`` x ``arm_length`` sites on top of it ending in a
    ``+y`` lead.  The on-site energy of the arm sites is raised by the named
    parameter ``barrier`` (units of ``t``; 0: an open probe, large: a weakly
    coupled, non-invasive one), and the field by ``flux`` (flux quanta per
    plaquette).  Terminals: 0 = left end, 1 = right end, then the probes from
    left to right.
    With ``probe_centers=[]`` it is a plain two-terminal strip (no
    ``barrier`` parameter then).

    Parameters
    ----------
    length, width : int
        Size of the wire (sites).
    probe_centers : sequence of float, optional
        ``x`` positions of the probe centres (default: one probe in the
        middle; an empty list: no probe).
    probe_width, arm_length : int
        Size of each probe arm (sites).
    potential, disorder, rng
        As in :func:`cross`; a ``potential`` array covers the box
        ``(length, width + arm_length)``.

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
    _check_size({"length": length, "width": width + arm}, {"width": width, "arm_length": arm})
    if probe_centers is None:
        centers = [length / 2]
    else:
        if isinstance(probe_centers, (str, bytes)) or not hasattr(probe_centers, "__iter__"):
            raise TypeError(f"`probe_centers` must be a sequence of numbers, got {probe_centers!r}")
        try:
            values = np.asarray(list(probe_centers))
            if values.dtype.kind not in "iuf":
                raise TypeError
            centers = [float(c) for c in values.ravel()] if values.ndim == 1 else None
        except (TypeError, ValueError, OverflowError):
            raise TypeError(f"`probe_centers` must be a sequence of real numbers, got {probe_centers!r}") from None
        if centers is None:
            raise ValueError(f"`probe_centers` must be a flat sequence of positions, got {probe_centers!r}")
        if not np.all(np.isfinite(centers)):
            raise ValueError(f"`probe_centers` must be finite positions, got {probe_centers!r}")
    starts = [int(round(c - pw / 2)) for c in centers]
    for c, st in zip(centers, starts, strict=True):
        if st < 0 or st + pw > length:
            raise ValueError(f"`probe_centers`: the probe at x = {c:g}, `probe_width` = {pw}, sticks out of the wire "
                             f"(0 <= x < {length}); move it inwards or make it narrower")
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
    terms = _box_potential(potential, disorder, rng, _box_mask(shape, (length, width + arm), (0, 0)), (0, 0))
    if not starts:
        return _with_terms(sys, [terms])

    def onsite(x, y, **params):
        if "barrier" not in params:
            raise ValueError("`params` has no value for `barrier`, the potential of the probe arms (units of t)")
        total = 4.0 + params["barrier"] * in_arm(x, y)
        return total if terms is None else total + terms(x, y, **params)

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
    s = lx / 8 if taper is None else check_scalar(taper, "taper", positive=True)
    hw = check_scalar(hbar_omega_y, "hbar_omega_y", nonnegative=True)
    xc, yc = (lx - 1) / 2, (ly - 1) / 2

    def onsite(x, y, gate):
        return 4.0 + np.exp(-((x - xc) ** 2) / (2 * s**2)) * (gate + hw**2 / 4 * (y - yc) ** 2)

    sys = strip(lx, ly)
    sys.onsite = onsite
    for lead in sys.leads:
        lead.onsite = 4.0
    return sys


def site_grid(fsys, values=None, *, fill=0.0):
    """Values over the sites of a square-lattice system, placed on its bounding box.

    Parameters
    ----------
    fsys : FiniteSystem
        A finalized system on a square lattice (one site per integer point).
    values : array_like of real numbers, shape (n_sites, ...), optional
        One finite value (or one row of values) per site, in the order of the
        sites; default: True on every site (the mask of the system).
    fill : float
        The value off the sites (finite).

    Returns
    -------
    grid : ndarray, shape (nx, ny, ...)
        ``grid[x - x0, y - y0]`` the value of the site at ``(x, y)``, with the
        corner ``(x0, y0)`` the smallest coordinates of the sites.
    origin : tuple of int
        ``(x0, y0)``.

    Examples
    --------
    >>> grid, origin = site_grid(hall_bar(12, 4, probe_width=2).finalized())
    >>> grid.shape, origin, bool(grid.all())
    ((12, 4), (0, 0), True)
    """
    from qtransport.tb.builder import FiniteSystem

    if not isinstance(fsys, FiniteSystem):
        raise TypeError(f"`fsys` must be a finalized system (System.finalized()), got {type(fsys).__name__}")
    xy = np.rint(fsys.positions).astype(int)
    if xy.shape[1] != 2 or not np.allclose(fsys.positions, xy, atol=1e-9):
        raise ValueError("`fsys` must be a system on the square lattice (sites at integer points of the plane)")
    if values is None:
        values, fill = np.ones(fsys.n_sites, dtype=bool), False
    else:
        values = as_real_array(values, "values")
        if isinstance(fill, bool) or not isinstance(fill, (int, float, np.integer, np.floating)):
            raise TypeError(f"`fill` must be a real number, got {fill!r}")
        fill = float(fill)
        if not np.isfinite(fill):
            raise ValueError(f"`fill` must be finite, got {fill!r}")
    if values.shape[:1] != (fsys.n_sites,):
        raise ValueError(f"`values` must have one entry per site ({fsys.n_sites}), got shape {values.shape}")
    origin = xy.min(axis=0)
    size = xy.max(axis=0) - origin + 1
    grid = np.full(tuple(size) + values.shape[1:], fill, dtype=np.result_type(values, np.asarray(fill)))
    grid[xy[:, 0] - origin[0], xy[:, 1] - origin[1]] = values
    return grid, (int(origin[0]), int(origin[1]))
