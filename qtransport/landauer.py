r"""Landauer current and conductance of a two-terminal conductor.

Two reservoirs, left (L) and right (R), feed a coherent scatterer of total
transmission ``T(E)``.  The net current is

.. math::

    I = \frac{g_s e}{h} \int T(E)\,[f_L(E) - f_R(E)]\, dE,
    \qquad f_\alpha(E) = \frac{1}{e^{(E - \mu_\alpha)/k_BT_\alpha} + 1},

and its linear-response limit is the conductance

.. math::

    G = \frac{g_s e^2}{h} \int T(E) \left(-\frac{\partial f}{\partial E}\right) dE
    \;\xrightarrow{k_BT \to 0}\; \frac{g_s e^2}{h}\, T(\mu).

Units and conventions
---------------------
* Energies, ``mu`` and ``kT`` in eV, ``bias`` in volts, current in amperes,
  conductance in siemens.  :mod:`qtransport.constants` converts kelvin to eV.
* The bias is applied symmetrically: ``mu_L = mu + e V / 2`` and
  ``mu_R = mu - e V / 2`` (so ``mu_L - mu_R = e V``).  A positive bias drives
  electrons from left to right and gives a positive current: ``I`` has the
  sign of ``V`` whenever ``T`` does not depend on energy, and ``G = I / V``.
* ``spin_degeneracy`` ``g_s`` (default 2) multiplies everything: with
  ``g_s = 2`` one perfect channel conducts ``G0 = 2 e^2 / h``.
* ``kT = 0`` is exact: the occupations are steps, the current is the integral
  of ``T`` over ``[mu_R, mu_L]`` and the conductance is ``g_s e^2/h T(mu)``.

The transmission is given either as a function or as samples:

* a callable ``T(E)`` taking an array of energies (eV) and returning an array
  of the same shape (a constant may be returned as a scalar); the integral is
  then computed adaptively to a relative accuracy of about ``1e-10``;
* an array of samples on an increasing grid ``energies``; the integral is
  then a fourth-order product rule on the grid (see :func:`landauer_current`).

Reference: chapter 1 of the course; S. Datta, *Electronic Transport in
Mesoscopic Systems* (Cambridge, 1995), ch. 2; Y. Imry and R. Landauer,
Rev. Mod. Phys. 71, S306 (1999).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from scipy.integrate import IntegrationWarning
from scipy.special import expit

from qtransport._validation import (
    as_real_array,
    check_integer,
    check_nonnegative,
    check_probability,
    check_scalar,
)
from qtransport.constants import G0

__all__ = [
    "landauer_current",
    "landauer_conductance",
    "iv_curve",
    "EnergyGridWarning",
]


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
_CUTOFF = 40.0
#: A sampled grid should reach this far beyond (exp(-20) = 2e-9 of weight left out).
_COVER = 20.0
#: Where the spacing of a sampled grid is checked against kT.
_SPACING_REACH = 10.0
#: Spacing/kT above which EnergyGridWarning fires.  Four-point Gauss-Legendre on
#: every grid interval integrates the thermal window to 2e-10 at h = kT and to
#: 2e-6 at h = 2 kT.
_MAX_SPACING = 1.0
#: Extra breakpoints of the adaptive route, this many kT on each side of mu.
_SHOULDER = 8.0


def _occupation(E, mu, kT):
    """Fermi-Dirac occupation, broadcasting; kT may be 0 (exact step)."""
    d = E - mu
    warm = kT > 0
    if np.all(warm):
        return expit(-d / kT)
    cold = np.where(d < 0, 1.0, np.where(d > 0, 0.0, 0.5))
    if not np.any(warm):
        return cold
    with np.errstate(divide="ignore", invalid="ignore"):
        hot = expit(-d / np.where(warm, kT, 1.0))
    return np.where(warm, hot, cold)


def _occupation_difference(E, mu_L, mu_R, kT):
    """f(E; mu_L, kT) - f(E; mu_R, kT) without cancellation, for kT > 0.

    With x = |E - mu|/kT, mu = (mu_L + mu_R)/2 and b = (mu_L - mu_R)/2kT the difference
    is sinh(b) / (cosh(x) + cosh(b)).  Numerator and denominator are scaled by
    exp(-max(x, |b|)); every exponential left has a non-positive argument, so nothing
    overflows, and at small bias no digits are lost (the plain difference of two
    occupations would lose them).  Two exponentials per energy.
    """
    x = np.abs(E - 0.5 * (mu_L + mu_R)) / kT
    b = 0.5 * (mu_L - mu_R) / kT
    ab = np.abs(b)
    g = np.exp(-np.abs(x - ab))
    p = np.exp(-2.0 * np.minimum(x, ab))
    sh = -np.expm1(-2.0 * ab)  # 1 - exp(-2|b|), per bias point
    outside = x >= ab  # beyond the bias window: the scale is exp(-x)
    num = np.where(outside, g, 1.0) * sh
    den = np.where(outside, 1.0 + g * (1.0 + p + g * p), 1.0 + g * (1.0 + p) + np.exp(-2.0 * ab))
    return np.sign(b) * num / den


def _minus_dfde(E, mu, kT):
    """Thermal window -df/dE for kT > 0, written so that it never overflows."""
    x = np.exp(-np.abs(E - mu) / kT)
    return x / (kT * (1.0 + x) ** 2)


class _CurrentWindow:
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
            return _occupation_difference(E, mu_L, mu_R, kT_L)
        out = _occupation(E, mu_L, kT_L) - _occupation(E, mu_R, kT_R)
        if np.any(same):
            kT = np.where(same, kT_L, 1.0)
            out = np.where(same, _occupation_difference(E, mu_L, mu_R, kT), out)
        return out

    def support(self, cutoff):
        lo = np.minimum(self.mu_L - cutoff * self.kT_L, self.mu_R - cutoff * self.kT_R)
        hi = np.maximum(self.mu_L + cutoff * self.kT_L, self.mu_R + cutoff * self.kT_R)
        return lo, hi

    def fermi_levels(self):
        """(mu, kT) pairs of both reservoirs, shape (n, 2) each."""
        return np.stack([self.mu_L, self.mu_R], -1), np.stack([self.kT_L, self.kT_R], -1)


class _ConductanceWindow:
    """-df/dE for a set of (mu, kT > 0) points."""

    def __init__(self, mu, kT):
        self.mu, self.kT = mu, kT

    def __len__(self):
        return self.mu.size

    def __call__(self, E, idx):
        shape = (-1,) + (1,) * (E.ndim - 1)
        return _minus_dfde(E, self.mu[idx].reshape(shape), self.kT[idx].reshape(shape))

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


def _evaluate_transmission(func, E, n_channels):
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
    f = _evaluate_transmission(func, E.ravel(), n_channels).reshape(E.shape) * window(x, owner)
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


def _adaptive_integral(func, window, reference, points, *, n_channels, rtol, max_intervals=400_000):
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
    lo, hi = window.support(_CUTOFF)
    mus, kTs = window.fermi_levels()
    cols = [lo[:, None], hi[:, None], mus, mus - _SHOULDER * kTs, mus + _SHOULDER * kTs]
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


class _Grid:
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
        lo, hi = window.support(_COVER)
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
            reach = _SPACING_REACH * kTs
            ratio = self.widest(mus - reach, mus + reach) / kTs
            if np.any(ratio > _MAX_SPACING):
                k = int(np.argmax(ratio))
                problems.append(
                    f"the grid spacing within {_SPACING_REACH:g} kT of a Fermi level reaches "
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
            reach = _CUTOFF * kTs[warm]
            coarse[warm] = self.widest(mus[warm] - reach, mus[warm] + reach) > kTs[warm]
        if np.any(coarse):
            k = np.arange(-_CUTOFF, _CUTOFF + 1)
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
        lo, hi = window.support(_CUTOFF)
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


# --- Shared input handling -----------------------------------------------------------------


def _spin(spin_degeneracy):
    return check_integer(spin_degeneracy, "spin_degeneracy", minimum=1)


def _n_channels(n_channels):
    if n_channels is None:
        return None
    return check_scalar(n_channels, "n_channels", positive=True)


def _rtol(rtol):
    value = check_scalar(rtol, "rtol")
    if not 1e-14 <= value <= 1e-2:
        raise ValueError(
            f"`rtol` must lie in [1e-14, 1e-2], got {rtol!r}: double precision cannot do better "
            "than about 1e-14, and above 1e-2 the answer would not be worth having."
        )
    return value


def _points(points):
    if points is None:
        return np.empty(0)
    pts = as_real_array(points, "points").ravel()
    return pts


def _kind(transmission, energies):
    if callable(transmission):
        if energies is not None:
            raise ValueError(
                "`energies` is only used with sampled transmissions; with a callable T(E) the "
                "integration chooses its own energies. Drop `energies`, or pass T sampled on it."
            )
        return "callable"
    if isinstance(transmission, (str, bytes, dict)) or transmission is None:
        raise TypeError(
            "`transmission` must be a callable T(E) or an array of samples on `energies`, got "
            f"{type(transmission).__name__}."
        )
    if np.ndim(transmission) == 0:
        raise TypeError(
            "`transmission` must be a callable T(E) or an array of samples on `energies`, got "
            f"the single number {transmission!r}. For an energy-independent T use "
            f"`lambda E: {transmission!r}`."
        )
    return "samples"


def landauer_current(
    transmission: Callable | np.ndarray,
    bias,
    *,
    mu=0.0,
    kT=0.0,
    kT_left=None,
    kT_right=None,
    energies=None,
    spin_degeneracy=2,
    n_channels=None,
    points=None,
    rtol=1e-10,
):
    r"""Current through a two-terminal conductor at finite bias and temperature.

    .. math::

        I = \frac{g_s e}{h} \int T(E)\,[f_L(E) - f_R(E)]\,dE,
        \qquad \mu_{L,R} = \mu \pm eV/2.

    Parameters
    ----------
    transmission : callable or array_like
        Either ``T(E)``, a function of an array of energies (eV) returning an
        array of the same shape, or samples of ``T`` on ``energies``, shape
        ``(M,)``.  Values must lie in ``[0, n_channels]``.
    bias : array_like
        Bias ``V`` in volts.  Any shape; broadcasts with ``mu`` and the
        temperatures, and the result has the broadcast shape.
    mu : array_like, optional
        Equilibrium electrochemical potential in eV (the Fermi energy).
    kT : array_like, optional
        Thermal energy ``k_B T`` in eV of both reservoirs (>= 0).
    kT_left, kT_right : array_like, optional
        Separate thermal energies of the left and right reservoirs; each
        defaults to ``kT``.  A temperature difference drives a
        thermoelectric current even at zero bias.
    energies : array_like, optional
        Strictly increasing grid (eV), shape ``(M,)``, when ``transmission``
        holds samples.  ``T`` is taken as zero outside the grid.
    spin_degeneracy : int, optional
        ``g_s``: 2 for spin-degenerate channels, 1 for spin-resolved ones.
    n_channels : float, optional
        Number of channels bounding ``T``; when given, ``T > n_channels``
        is refused and the interpolant of sampled data is capped there.
    points : array_like, optional
        Energies (eV) where a callable ``T(E)`` has sharp features
        (resonances narrower than the window, steps, band edges); the
        adaptive integration splits there.  Ignored for samples.
    rtol : float, optional
        Relative error target of the adaptive integration (callables).

    Returns
    -------
    float or ndarray
        Current in amperes, shape of the broadcast inputs.  Positive when
        electrons flow from left to right (the sign of ``V`` for an
        energy-independent ``T``).

    Warns
    -----
    EnergyGridWarning
        Sampled ``T`` only: the grid spacing within 10 kT of a Fermi level
        exceeds that reservoir's ``kT``, or the window (20 kT beyond the
        Fermi levels) leaves the grid at an end where ``T`` is not zero.
    scipy.integrate.IntegrationWarning
        Callable ``T`` only: the adaptive integration did not reach ``rtol``.

    Raises
    ------
    ValueError
        Negative or NaN temperature, bias or mu; ``T`` outside
        ``[0, n_channels]`` (samples or values returned by the callable);
        samples and ``energies`` of different shapes; energies not strictly
        increasing.
    TypeError
        ``transmission`` neither callable nor an array, a callable that
        cannot take arrays, non-numeric inputs, a non-integer spin degeneracy.

    Notes
    -----
    *Callable T(E).*  For each bias the integrand is restricted to
    ``[min mu_a - 40 kT_a, max mu_a + 40 kT_a]`` (the tails beyond weigh less
    than ``exp(-40) = 4e-18``; at ``kT = 0`` this is exactly
    ``[mu_R, mu_L]``), cut at both Fermi levels, at ``mu_a +- 8 kT_a`` and at
    ``points``, and integrated by globally adaptive 21-point Gauss-Kronrod
    bisection (the QUADPACK QK21 rule and error estimate) until the error
    estimate is below ``rtol`` times ``int |T (f_L - f_R)| dE``.  All biases
    are refined together and ``T`` is called once per refinement round on
    all new nodes.  Splitting at the Fermi levels makes ``kT = 0`` steps
    exact; the QK21 estimate is conservative, so smooth ``T(E)`` comes out
    to about ``1e-12`` relative (``1e-8`` is guaranteed by the tests).

    *Sampled T(E).*  Between samples ``T`` is the cubic through the four
    nearest samples (error ``O(h^4)`` in the spacing ``h``; it is cut at 0
    and at ``n_channels`` where it would overshoot next to a sharp step).
    This piecewise cubic times ``f_L - f_R`` is integrated by 4-point
    Gauss-Legendre on every grid interval, which resolves the thermal window
    to ``2e-10`` while ``h <= kT``.  Grid intervals holding a
    zero-temperature Fermi edge are split at it, so ``kT = 0`` is exact for
    the interpolant; near a Fermi level whose ``kT`` is below the spacing,
    the intervals are cut in steps of ``kT`` over ``+-40 kT``, so the result
    stays the integral of the interpolant (and tends continuously to the
    ``kT = 0`` value) however fine the window.  What no rule can supply is
    structure of ``T(E)`` between the samples: hence the warning when
    ``h > kT``.  The edges of the window are taken ``40 kT`` beyond the
    Fermi levels; ``T = 0`` outside the grid.

    References
    ----------
    R. Landauer, IBM J. Res. Dev. 1, 223 (1957); M. Büttiker, Phys. Rev. B
    38, 9375 (1988); course chapter 1.

    Examples
    --------
    One perfect channel at zero temperature carries ``G0 V``:

    >>> from qtransport.constants import G0
    >>> I = landauer_current(lambda E: 1.0, 1e-3)
    >>> round(float(I / (G0 * 1e-3)), 12)
    1.0

    A resonant level (Breit-Wigner, ``Gamma_L = Gamma_R = 10 meV`` at
    50 meV) on an array of biases: once the level sits inside the bias
    window the current saturates towards ``(g_s e^2/h) * 2 pi Gamma_L
    Gamma_R / Gamma = 2.434 uA``:

    >>> level = lambda E: 1e-4 / ((E - 0.05) ** 2 + 1e-4)
    >>> I = landauer_current(level, [0.0, 0.05, 0.2, 2.0], kT=0.0025, points=[0.05])
    >>> (I * 1e6).round(3)  # microamperes
    array([0.   , 0.2  , 2.228, 2.419])
    """
    kind = _kind(transmission, energies)
    bias = as_real_array(bias, "bias")
    mu = as_real_array(mu, "mu")
    hint = "Temperatures are absolute; use 0 for the ground state."
    kT = check_nonnegative(kT, "kT", hint=hint)
    kT_L = kT if kT_left is None else check_nonnegative(kT_left, "kT_left", hint=hint)
    kT_R = kT if kT_right is None else check_nonnegative(kT_right, "kT_right", hint=hint)
    g_s = _spin(spin_degeneracy)
    n_channels = _n_channels(n_channels)
    rtol = _rtol(rtol)
    try:
        shape = np.broadcast_shapes(bias.shape, mu.shape, kT_L.shape, kT_R.shape)
    except ValueError:
        raise ValueError(
            f"`bias` {bias.shape}, `mu` {mu.shape} and the temperatures "
            f"{kT_L.shape}, {kT_R.shape} do not broadcast to a common shape."
        ) from None
    flat = [np.broadcast_to(x, shape).ravel().astype(float) for x in (bias, mu, kT_L, kT_R)]
    bias_f, mu_f, kTL_f, kTR_f = flat
    if kind == "callable":
        window = _CurrentWindow(0.5 * bias_f, -0.5 * bias_f, kTL_f, kTR_f)
        integral = _adaptive_integral(
            transmission, window, mu_f, _points(points), n_channels=n_channels, rtol=rtol
        )
    else:
        window = _CurrentWindow(mu_f + 0.5 * bias_f, mu_f - 0.5 * bias_f, kTL_f, kTR_f)
        grid = _Grid(transmission, energies, n_channels)
        grid.check_window(window)
        integral = grid.integrate(window)
    current = (g_s * G0 / 2.0) * integral.reshape(shape)
    return current[()] if current.ndim == 0 else current


def iv_curve(transmission, biases, **options):
    """Current-voltage characteristic: :func:`landauer_current` over an array of biases.

    Parameters
    ----------
    transmission : callable or array_like
        As in :func:`landauer_current`.
    biases : array_like
        Bias voltages (V), typically ``np.linspace(-V, V, n)``.
    **options
        Keyword options of :func:`landauer_current` (``mu``, ``kT``,
        ``kT_left``, ``kT_right``, ``energies``, ``spin_degeneracy``, ...).

    Returns
    -------
    ndarray
        Currents in amperes, same shape as ``biases``.

    References
    ----------
    R. Landauer, IBM J. Res. Dev. 1, 223 (1957); S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 2; course chapter 1.

    Examples
    --------
    A single channel of transmission 1/2 is an Ohmic resistor of ``2 R0``:

    >>> from qtransport.constants import G0
    >>> V = np.array([-2e-3, 0.0, 2e-3])
    >>> I = iv_curve(lambda E: 0.5, V, kT=0.01)
    >>> np.allclose(I, 0.5 * G0 * V, rtol=1e-12, atol=0)
    True
    """
    biases = as_real_array(biases, "biases")
    return np.asarray(landauer_current(transmission, biases, **options), dtype=float)


def landauer_conductance(
    transmission: Callable | np.ndarray,
    *,
    mu=0.0,
    kT=0.0,
    energies=None,
    spin_degeneracy=2,
    n_channels=None,
    points=None,
    rtol=1e-10,
):
    r"""Linear-response conductance: the transmission averaged over the thermal window.

    .. math::

        G = \frac{g_s e^2}{h} \int T(E) \left(-\frac{\partial f}{\partial E}\right) dE,
        \qquad -\frac{\partial f}{\partial E} = \frac{1}{4 k_BT \cosh^2[(E-\mu)/2k_BT]},

    which is ``dI/dV`` at zero bias.  At ``kT = 0`` the window is a delta
    function and ``G = (g_s e^2/h) T(mu)`` exactly.

    Parameters
    ----------
    transmission : callable or array_like
        ``T(E)`` as a function of energy (eV), or samples on ``energies``.
    mu : array_like, optional
        Electrochemical potential (Fermi energy) in eV.  Any shape; a sweep
        gives a conductance curve.  Broadcasts with ``kT``.
    kT : array_like, optional
        Thermal energy ``k_B T`` in eV (>= 0).
    energies : array_like, optional
        Strictly increasing grid (eV) of the samples.  ``T`` is zero outside.
    spin_degeneracy : int, optional
        ``g_s`` (default 2).
    n_channels : float, optional
        Upper bound of ``T`` (number of channels), checked when given.
    points : array_like, optional
        Energies of sharp features of a callable ``T`` (see
        :func:`landauer_current`).
    rtol : float, optional
        Relative error target of the adaptive integration (callables).

    Returns
    -------
    float or ndarray
        Conductance in siemens, broadcast shape of ``mu`` and ``kT``.
        Divide by :data:`qtransport.constants.G0` for units of ``2e^2/h``.

    Warns
    -----
    EnergyGridWarning
        Sampled ``T``: spacing above ``kT`` near ``mu``, or the window
        (``mu +- 20 kT``) leaving the grid where ``T`` is not zero.

    Raises
    ------
    ValueError, TypeError
        As in :func:`landauer_current`.

    Notes
    -----
    Same integration methods as :func:`landauer_current`, with the window
    ``-df/dE`` cut at ``mu +- 40 kT`` and split at ``mu`` and ``mu +- 8 kT``.
    For samples at ``kT = 0``, ``T(mu)`` is the four-point cubic interpolant.

    References
    ----------
    R. Landauer, IBM J. Res. Dev. 1, 223 (1957); S. Datta, *Electronic Transport in Mesoscopic Systems* (Cambridge, 1995),
    ch. 2; course chapter 1.

    Examples
    --------
    Three open channels, at zero temperature, in units of ``G0``:

    >>> from qtransport.constants import G0
    >>> float(landauer_conductance(lambda E: 3.0, mu=0.1) / G0)
    3.0

    A step of ``T`` seen through the thermal window: at ``mu`` on the step
    half of the window transmits:

    >>> step = lambda E: np.where(E > 0.0, 1.0, 0.0)
    >>> G = landauer_conductance(step, mu=[-0.05, 0.0, 0.05], kT=0.01, points=[0.0])
    >>> (G / G0).round(6)
    array([0.006693, 0.5     , 0.993307])
    """
    kind = _kind(transmission, energies)
    mu = as_real_array(mu, "mu")
    kT = check_nonnegative(kT, "kT", hint="Temperatures are absolute; use 0 for the ground state.")
    g_s = _spin(spin_degeneracy)
    n_channels = _n_channels(n_channels)
    rtol = _rtol(rtol)
    try:
        shape = np.broadcast_shapes(mu.shape, kT.shape)
    except ValueError:
        raise ValueError(
            f"`mu` {mu.shape} and `kT` {kT.shape} do not broadcast together."
        ) from None
    mu_f = np.broadcast_to(mu, shape).ravel().astype(float)
    kT_f = np.broadcast_to(kT, shape).ravel().astype(float)
    out = np.zeros(mu_f.size)
    cold, warm = kT_f == 0, kT_f > 0
    if kind == "callable":
        if np.any(cold):
            out[cold] = _evaluate_transmission(transmission, mu_f[cold], n_channels)
        if np.any(warm):
            window = _ConductanceWindow(np.zeros(np.count_nonzero(warm)), kT_f[warm])
            out[warm] = _adaptive_integral(
                transmission, window, mu_f[warm], _points(points), n_channels=n_channels, rtol=rtol
            )
    else:
        grid = _Grid(transmission, energies, n_channels)
        window = _ConductanceWindow(mu_f, kT_f)
        grid.check_window(window)
        if np.any(cold):
            out[cold] = grid.at(mu_f[cold])
        if np.any(warm):
            out[warm] = grid.integrate(_ConductanceWindow(mu_f[warm], kT_f[warm]))
    conductance = (g_s * G0 / 2.0) * out.reshape(shape)
    return conductance[()] if conductance.ndim == 0 else conductance
