"""Energy integrals of the Landauer formulas: adaptive Gauss-Kronrod and sampled grids.

The one integrator behind :func:`qtransport.landauer_current` and
:func:`qtransport.landauer_conductance` (and every model that integrates a
transmission over a thermal window).  Two routes:

* a transmission given as a function ``T(E)``: adaptive 21-point
  Gauss-Kronrod on ``[mu - 40 kT, mu + 40 kT]`` (bias window included), split
  at the Fermi levels, ``8 kT`` on each side of them and any ``points`` given,
  all bias points and temperatures at once (:func:`adaptive_integral`);
* a transmission given as samples on an increasing grid: a fourth-order
  product rule, the window integrated exactly against the local cubic
  interpolant of the samples (:class:`Grid`).

The windows are the occupation difference ``f_L - f_R`` (current) and the
thermal window ``-df/dE`` (conductance), from :mod:`qtransport._thermal`.
The public functions check their arguments; here only what they cannot
check beforehand is: the values a callable returns and the samples of a grid.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.integrate import IntegrationWarning

from qtransport._thermal import minus_dfde, occupation, occupation_difference
from qtransport._validation import as_real_array, check_probability


class EnergyGridWarning(UserWarning):
    """The energy grid of sampled transmissions is too coarse for ``kT``, or too short.

    Issued by :func:`landauer_current` and :func:`landauer_conductance` when
    the grid spacing near a Fermi level exceeds that reservoir's ``kT``, or
    when the thermal window reaches beyond the grid while ``T`` is non-zero
    at that end of the grid.
    """


# --- Integration windows ---------------------------------------------------------------------

#: Thermal tails are cut this many kT beyond the electrochemical potentials
#: (callable route): the neglected weight is below exp(-40) = 4e-18.
CUTOFF = 40.0
#: A sampled grid should reach this far beyond (exp(-20) = 2e-9 of weight left out).
COVER = 20.0
#: Where the spacing of a sampled grid is checked against kT.
SPACING_REACH = 10.0
#: Spacing/kT above which EnergyGridWarning fires.  Four-point Gauss-Legendre on
#: every grid interval integrates the thermal window to 2e-10 at h = kT and to
#: 2e-6 at h = 2 kT.
MAX_SPACING = 1.0
#: Extra breakpoints of the adaptive route, this many kT on each side of mu.
SHOULDER = 8.0


class CurrentWindow:
    """f_L - f_R for a set of bias points ("owners"), parameters as flat arrays."""

    def __init__(self, mu_L, mu_R, kT_L, kT_R):
        self.mu_L, self.mu_R, self.kT_L, self.kT_R = mu_L, mu_R, kT_L, kT_R

    def __len__(self):
        return self.mu_L.size

    def __call__(self, E, idx):
        shape = (-1,) + (1,) * (E.ndim - 1)
        mu_L, mu_R, kT_L, kT_R = (
            x[idx].reshape(shape) for x in (self.mu_L, self.mu_R, self.kT_L, self.kT_R)
        )
        same = (kT_L == kT_R) & (kT_L > 0)
        if np.all(same):
            return occupation_difference(E, mu_L, mu_R, kT_L)
        out = occupation(E, mu_L, kT_L) - occupation(E, mu_R, kT_R)
        if np.any(same):
            kT = np.where(same, kT_L, 1.0)
            out = np.where(same, occupation_difference(E, mu_L, mu_R, kT), out)
        return out

    def support(self, cutoff):
        lo = np.minimum(self.mu_L - cutoff * self.kT_L, self.mu_R - cutoff * self.kT_R)
        hi = np.maximum(self.mu_L + cutoff * self.kT_L, self.mu_R + cutoff * self.kT_R)
        return lo, hi

    def fermi_levels(self):
        """(mu, kT) pairs of both reservoirs, shape (n, 2) each."""
        return np.stack([self.mu_L, self.mu_R], -1), np.stack([self.kT_L, self.kT_R], -1)


class ConductanceWindow:
    """-df/dE for a set of (mu, kT > 0) points, times ``(E - mu)^power`` (0, 1 or 2).

    ``power = 0`` is the window of the linear conductance; ``power = 1, 2`` give
    the moments of the thermoelectric integrals ``L_n = int (E - mu)^n T (-df/dE) dE``.
    """

    def __init__(self, mu, kT, power=0):
        self.mu, self.kT, self.power = mu, kT, power

    def __len__(self):
        return self.mu.size

    def __call__(self, E, idx):
        shape = (-1,) + (1,) * (E.ndim - 1)
        mu = self.mu[idx].reshape(shape)
        out = minus_dfde(E, mu, self.kT[idx].reshape(shape))
        if self.power:
            out = out * (E - mu) ** self.power
        return out

    def support(self, cutoff):
        return self.mu - cutoff * self.kT, self.mu + cutoff * self.kT

    def fermi_levels(self):
        return self.mu[:, None], self.kT[:, None]


# --- Transmission given as a function: adaptive Gauss-Kronrod ---------------------------------

# Gauss-Kronrod 21-point nodes on [-1, 1] and weights; the 10-point Gauss rule uses
# the nodes of odd index.  Values from QUADPACK (Piessens et al., 1983), routine QK21.
_GK_X = np.array(
    [
        0.995657163025808080735527280689003,
        0.973906528517171720077964012084452,
        0.930157491355708226001207180059508,
        0.865063366688984510732096688423493,
        0.780817726586416897063717578345042,
        0.679409568299024406234327365114874,
        0.562757134668604683339000099272694,
        0.433395394129247190799265943165784,
        0.294392862701460198131126603103866,
        0.148874338981631210884826001129720,
        0.0,
    ]
)
_GK_X = np.concatenate([_GK_X, -_GK_X[-2::-1]])
_GK_W = np.array(
    [
        0.011694638867371874278064396062192,
        0.032558162307964727478818972459390,
        0.054755896574351996031381300244580,
        0.075039674810919952767043140916190,
        0.093125454583697605535065465083366,
        0.109387158802297641899210590325805,
        0.123491976262065851077958109831074,
        0.134709217311473325928054001771707,
        0.142775938577060080797094273138717,
        0.147739104901338491374841515972068,
        0.149445554002916905664936468389821,
    ]
)
_GK_W = np.concatenate([_GK_W, _GK_W[-2::-1]])
_G_W = np.array(
    [
        0.066671344308688137593568809893332,
        0.149451349150580593145776339657697,
        0.219086362515982043995534934228163,
        0.269266719309996355091226921569469,
        0.295524224714752870173892994651338,
    ]
)
_G_W = np.concatenate([_G_W, _G_W[::-1]])
_EPS = np.finfo(float).eps


def evaluate_transmission(func, E, n_channels):
    """Call the user's T(E) on an array and check what comes back."""
    try:
        values = func(E)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            "`transmission` must accept a numpy array of energies and return an array of the "
            f"same shape; calling it on an array raised {type(exc).__name__}: {exc}. Write it "
            "with numpy functions (np.exp, np.where, ...) or wrap it in numpy.vectorize."
        ) from exc
    values = np.asarray(values)
    if values.dtype == object or values.dtype.kind not in "biufc":
        raise TypeError(f"`transmission` must return numbers, got dtype {values.dtype}.")
    if values.dtype.kind == "c":
        if np.any(values.imag != 0):
            raise TypeError("`transmission` returned complex values; it must return |t|^2 (real).")
        values = values.real
    if values.shape != E.shape:
        try:
            values = np.broadcast_to(values, E.shape)
        except ValueError:
            raise ValueError(
                f"`transmission` returned shape {values.shape} for energies of shape {E.shape}; "
                "it must return one value per energy."
            ) from None
    values = values.astype(float, copy=False)
    bad = ~np.isfinite(values)
    if np.any(bad):
        raise ValueError(
            f"`transmission` returned a non-finite value (T = {float(values[bad].flat[0])}) at "
            f"E = {float(E[bad].flat[0]):.6g} eV."
        )
    upper = np.inf if n_channels is None else n_channels
    outside = (values < -1e-12) | (values > upper + 1e-12)
    if np.any(outside):
        limit = "[0, inf)" if n_channels is None else f"[0, {n_channels}] (`n_channels`)"
        raise ValueError(
            f"`transmission` returned T = {float(values[outside].flat[0]):.6g} at "
            f"E = {float(E[outside].flat[0]):.6g} eV, outside {limit}. A transmission is a "
            "probability summed over channels."
        )
    return np.clip(values, 0.0, upper)


def _gauss_kronrod(func, window, a, b, owner, reference, n_channels):
    """QK21 on each interval [a, b] of its owner: (estimate, error, integral of |f|).

    Interval ends are measured from the owner's ``reference`` energy (its mu), so
    that the window sees exact offsets such as +-eV/2; T gets absolute energies.
    """
    if a.size == 0:  # nothing to integrate (zero bias at kT = 0): T is not called
        return np.zeros(0), np.zeros(0), np.zeros(0)
    half = 0.5 * (b - a)
    centre = 0.5 * (a + b)
    x = centre[:, None] + half[:, None] * _GK_X
    E = x + reference[owner][:, None]
    f = evaluate_transmission(func, E.ravel(), n_channels).reshape(E.shape) * window(x, owner)
    resk = f @ _GK_W
    resg = f[:, 1::2] @ _G_W
    estimate = resk * half
    resabs = (np.abs(f) @ _GK_W) * half
    resasc = (np.abs(f - 0.5 * resk[:, None]) @ _GK_W) * half
    err = np.abs(resk - resg) * half
    # QUADPACK's calibration of the raw Gauss-Kronrod difference.
    scale = np.where(resasc > 0, resasc, 1.0)
    calibrated = resasc * np.minimum(1.0, (200.0 * err / scale) ** 1.5)
    err = np.where((resasc > 0) & (err > 0), calibrated, err)
    err = np.maximum(err, 50.0 * _EPS * resabs)
    return estimate, err, resabs


def _initial_intervals(cuts, lo, hi):
    """Intervals between the sorted cut points (n, P), clipped to [lo, hi], each halved."""
    cuts = np.sort(np.clip(cuts, lo[:, None], hi[:, None]), axis=1)
    a, b = cuts[:, :-1], cuts[:, 1:]
    keep = b > a
    owner = np.broadcast_to(np.arange(cuts.shape[0])[:, None], a.shape)[keep]
    a, b = a[keep], b[keep]
    mid = 0.5 * (a + b)
    return np.concatenate([a, mid]), np.concatenate([mid, b]), np.concatenate([owner, owner])


def adaptive_integral(func, window, reference, points, *, n_channels, rtol, max_intervals=400_000):
    """Globally adaptive QK21 for all owners at once; T is called once per round.

    ``window`` is written in energies relative to each owner's ``reference``.
    """
    n = len(window)
    cuts, lo, hi = _callable_cuts(window, points, reference)
    a, b, owner = _initial_intervals(cuts, lo, hi)
    est, err, l1 = _gauss_kronrod(func, window, a, b, owner, reference, n_channels)
    for _ in range(200):
        total_err = np.bincount(owner, err, minlength=n)
        tol = rtol * np.bincount(owner, l1, minlength=n)
        unconverged = total_err > tol
        if not np.any(unconverged):
            break
        count = np.bincount(owner, minlength=n)
        split = unconverged[owner] & (err > tol[owner] / np.maximum(count[owner], 1))
        mid = 0.5 * (a + b)
        split &= (mid > a) & (mid < b)  # intervals at the resolution of floats stay
        if not np.any(split) or a.size + np.count_nonzero(split) > max_intervals:
            break
        sa, sb, so, sm = a[split], b[split], owner[split], mid[split]
        na = np.concatenate([sa, sm])
        nb = np.concatenate([sm, sb])
        no = np.concatenate([so, so])
        nest, nerr, nl1 = _gauss_kronrod(func, window, na, nb, no, reference, n_channels)
        keep = ~split
        a = np.concatenate([a[keep], na])
        b = np.concatenate([b[keep], nb])
        owner = np.concatenate([owner[keep], no])
        est = np.concatenate([est[keep], nest])
        err = np.concatenate([err[keep], nerr])
        l1 = np.concatenate([l1[keep], nl1])
    total = np.bincount(owner, est, minlength=n)
    total_err = np.bincount(owner, err, minlength=n)
    scale = np.bincount(owner, l1, minlength=n)
    missed = total_err > rtol * scale
    if np.any(missed):
        worst = np.max(total_err[missed] / np.where(scale[missed] > 0, scale[missed], 1.0))
        warnings.warn(
            f"The adaptive integration over energy reached its limit with a relative error "
            f"estimate of {worst:.1e} (target {rtol:.0e}). If T(E) has sharp features, list "
            "their energies in `points`.",
            IntegrationWarning,
            stacklevel=3,
        )
    return total


def _callable_cuts(window, points, reference):
    """Cut points of the adaptive route: support ends, Fermi levels and their shoulders,
    and the user's ``points`` (absolute energies, shifted to the owners' frames)."""
    lo, hi = window.support(CUTOFF)
    mus, kTs = window.fermi_levels()
    cols = [lo[:, None], hi[:, None], mus, mus - SHOULDER * kTs, mus + SHOULDER * kTs]
    if points.size:
        cols.append(points[None, :] - reference[:, None])
    return np.concatenate(cols, axis=1), lo, hi


# --- Transmission given as samples: product rule on the grid ----------------------------------

_GL_X, _GL_W = np.polynomial.legendre.leggauss(4)


def _local_cubic(E, T, interval, x):
    """Four-point Lagrange interpolation of the samples, at points x inside grid intervals.

    ``interval`` (n,) are grid-interval indices and ``x`` (n, ...) points inside them.
    The stencil is the two samples on each side (shifted inwards at the ends).
    """
    p = min(4, E.size)
    start = np.clip(interval - (p // 2 - 1), 0, E.size - p)
    idx = start[:, None] + np.arange(p)
    nodes, coef = E[idx], T[idx]
    # Newton divided differences on each stencil, then Horner's scheme at x.
    for level in range(1, p):
        coef[:, level:] = (coef[:, level:] - coef[:, level - 1 : -1]) / (
            nodes[:, level:] - nodes[:, :-level]
        )
    shape = (x.shape[0],) + (1,) * (x.ndim - 1)
    out = np.broadcast_to(coef[:, p - 1].reshape(shape), x.shape)
    for k in range(p - 2, -1, -1):
        out = coef[:, k].reshape(shape) + (x - nodes[:, k].reshape(shape)) * out
    return out


class Grid:
    """Validated sample grid with its piecewise-cubic interpolant."""

    def __init__(self, transmission, energies, n_channels):
        if energies is None:
            raise TypeError(
                "`energies` is required when `transmission` is an array of samples: pass the "
                "increasing energy grid (eV) on which T was computed, or pass a callable T(E)."
            )
        E = as_real_array(energies, "energies")
        upper = np.inf if n_channels is None else n_channels
        T = check_probability(transmission, "transmission", upper=upper)
        if E.ndim != 1:
            raise ValueError(f"`energies` must be one-dimensional, got shape {E.shape}.")
        if T.shape != E.shape:
            raise ValueError(
                f"`transmission` has shape {T.shape} but `energies` has shape {E.shape}; give "
                "one transmission sample per energy."
            )
        if E.size < 2:
            raise ValueError(f"`energies` needs at least 2 points, got {E.size}.")
        if np.any(np.diff(E) <= 0):
            raise ValueError(
                "`energies` must be strictly increasing (no repeats); sort it with "
                "order = np.argsort(energies) and reorder `transmission` the same way."
            )
        self.E, self.T, self.upper = E, T, upper
        self.h = np.diff(E)
        self.uniform = E.size >= 4 and np.ptp(self.h) <= 1e-9 * np.mean(self.h)

    def interpolate(self, interval, x):
        return np.clip(_local_cubic(self.E, self.T, interval, x), 0.0, self.upper)

    def at_gauss_nodes(self, intervals, nodes):
        """The interpolant at the Gauss-Legendre nodes of whole grid intervals.

        On a uniform grid the four-point Lagrange weights of those nodes are the
        same for every interior interval, so this is one small matrix product.
        """
        if not self.uniform:
            return self.interpolate(intervals, nodes)
        u = 0.5 * (1.0 + _GL_X)  # node positions in units of h from the left sample
        M = self.E.size
        start = np.clip(intervals - 1, 0, M - 4)
        values = self.T[start[:, None] + np.arange(4)]
        out = np.empty(nodes.shape)
        for offset in (-1, 0, -2):  # stencil start relative to the interval: inside, first, last
            rows = (start - intervals) == offset
            if np.any(rows):
                pos = offset + np.arange(4.0)
                basis = np.ones((4, u.size))
                for j in range(4):
                    for k in range(4):
                        if k != j:
                            basis[j] *= (u - pos[k]) / (pos[j] - pos[k])
                out[rows] = values[rows] @ basis
        return np.clip(out, 0.0, self.upper)

    def locate(self, x):
        """Index of the grid interval containing each x (clipped to valid intervals)."""
        return np.clip(np.searchsorted(self.E, x, side="right") - 1, 0, self.E.size - 2)

    # Warnings ------------------------------------------------------------------------------
    def check_window(self, window):
        E = self.E
        problems = []
        lo, hi = window.support(COVER)
        if np.any(lo < E[0]) and self.T[0] > 0:
            problems.append(
                f"the thermal window reaches down to {np.min(lo):.4g} eV, below the grid start "
                f"{E[0]:.4g} eV, where T = {self.T[0]:.3g} (T is taken as 0 outside the grid)"
            )
        if np.any(hi > E[-1]) and self.T[-1] > 0:
            problems.append(
                f"the thermal window reaches up to {np.max(hi):.4g} eV, above the grid end "
                f"{E[-1]:.4g} eV, where T = {self.T[-1]:.3g} (T is taken as 0 outside the grid)"
            )
        mus, kTs = window.fermi_levels()
        mus, kTs = mus[kTs > 0], kTs[kTs > 0]
        if mus.size:
            reach = SPACING_REACH * kTs
            ratio = self.widest(mus - reach, mus + reach) / kTs
            if np.any(ratio > MAX_SPACING):
                k = int(np.argmax(ratio))
                problems.append(
                    f"the grid spacing within {SPACING_REACH:g} kT of a Fermi level reaches "
                    f"{ratio[k] * kTs[k]:.3g} eV, {ratio[k]:.3g} times kT = {kTs[k]:.3g} eV, so "
                    "T(E) is not sampled finely enough to show structure on the thermal scale "
                    "(refine the grid there, or pass T as a callable)"
                )
        if problems:
            warnings.warn(
                "Energy grid of the sampled transmission: " + "; ".join(problems) + ".",
                EnergyGridWarning,
                stacklevel=3,
            )

    # Integral of the interpolant times a window ----------------------------------------------
    def widest(self, lo, hi):
        """Largest grid spacing among the intervals overlapping each [lo, hi] (0 if none)."""
        E, M = self.E, self.E.size
        a = self.locate(lo)
        b = np.maximum(np.clip(np.searchsorted(E, hi, side="left"), 0, M - 1), a + 1)
        padded = np.append(self.h, 0.0)
        out = np.maximum.reduceat(padded, np.stack([a, b], axis=1).ravel())[::2]
        return np.where((hi > E[0]) & (lo < E[-1]), out, 0.0)

    def _cuts(self, window):
        """Cut points (n, C), NaN-padded: zero-temperature Fermi edges, and a comb of
        spacing kT across +-40 kT around every Fermi level the grid is too coarse for."""
        mus, kTs = window.fermi_levels()
        cols = [np.where(kTs == 0, mus, np.nan)]
        warm = kTs > 0
        coarse = np.zeros_like(warm)
        if np.any(warm):
            reach = CUTOFF * kTs[warm]
            coarse[warm] = self.widest(mus[warm] - reach, mus[warm] + reach) > kTs[warm]
        if np.any(coarse):
            k = np.arange(-CUTOFF, CUTOFF + 1)
            comb = mus[..., None] + k * kTs[..., None]
            comb = np.where(coarse[..., None], comb, np.nan)
            cols.append(comb.reshape(comb.shape[0], -1))
        return np.concatenate(cols, axis=1)

    def integrate(self, window):
        """Integral of T(E) * window(E) over the grid, for every owner of the window.

        Four-point Gauss-Legendre on each grid interval, shared by all owners; then,
        owner by owner, the intervals holding cut points (see ``_cuts``) are redone
        piece by piece between the cuts.
        """
        E, n = self.E, len(window)
        out = np.zeros(n)
        lo, hi = window.support(CUTOFF)
        if np.max(hi) <= E[0] or np.min(lo) >= E[-1]:
            return out
        first = self.locate(np.min(lo))
        last = np.clip(np.searchsorted(E, np.max(hi), side="right"), first + 1, E.size - 1)
        intervals = np.arange(first, last)
        half = 0.5 * self.h[intervals]
        nodes = (0.5 * (E[intervals] + E[intervals + 1]))[:, None] + half[:, None] * _GL_X
        weighted = self.at_gauss_nodes(intervals, nodes) * (half[:, None] * _GL_W)
        chunk = max(1, 2_000_000 // nodes.size)
        for start in range(0, n, chunk):
            idx = np.arange(start, min(n, start + chunk))
            out[idx] = np.einsum("okm,km->o", window(nodes[None], idx), weighted)
        cuts = self._cuts(window)
        inside = np.isfinite(cuts) & (cuts > E[0]) & (cuts < E[-1])
        if np.any(inside):
            self._redo_cut_intervals(window, cuts, inside, intervals, nodes, weighted, out)
        return out

    def _redo_cut_intervals(self, window, cuts, inside, intervals, nodes, weighted, out):
        E, n = self.E, out.size
        owner, col = np.nonzero(inside)
        x = cuts[owner, col]
        cell = self.locate(x)
        order = np.lexsort((x, cell, owner))
        owner, x, cell = owner[order], x[order], cell[order]
        starts = np.ones(x.size, dtype=bool)
        starts[1:] = (owner[1:] != owner[:-1]) | (cell[1:] != cell[:-1])
        ends = np.append(starts[1:], True)
        previous = np.where(starts, E[cell], np.concatenate([[0.0], x[:-1]]))
        # Pieces [previous cut or E_i, cut] and, after the last cut, [cut, E_i+1].
        a = np.concatenate([previous, x[ends]])
        b = np.concatenate([x, E[cell[ends] + 1]])
        piece_owner = np.concatenate([owner, owner[ends]])
        piece_cell = np.concatenate([cell, cell[ends]])
        half = 0.5 * (b - a)
        X = (0.5 * (a + b))[:, None] + half[:, None] * _GL_X
        values = window(X, piece_owner) * self.interpolate(piece_cell, X)
        added = np.sum(values * (half[:, None] * _GL_W), axis=1)
        # Remove what the shared rule had counted on those intervals.
        group_owner, row = owner[starts], cell[starts] - intervals[0]
        removed = np.sum(window(nodes[row], group_owner) * weighted[row], axis=1)
        out += np.bincount(piece_owner, added, minlength=n)
        out -= np.bincount(group_owner, removed, minlength=n)

    def at(self, energies):
        """The interpolant at arbitrary energies (0 outside the grid)."""
        x = np.asarray(energies, dtype=float)
        flat = x.ravel()
        values = self.interpolate(self.locate(flat), flat[:, None])[:, 0]
        values = np.where((flat < self.E[0]) | (flat > self.E[-1]), 0.0, values)
        return values.reshape(x.shape)
