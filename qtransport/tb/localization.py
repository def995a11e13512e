r"""Disordered wires: ensembles of transmissions, localization length, mean free path.

The Anderson model (on-site energies uniform in ``[-w/2, w/2]``) in a chain
or a strip, between clean leads.  The wires are the ready-made
:func:`qtransport.tb.geometries.chain` and :func:`~qtransport.tb.geometries.strip`
(in a field: the hopping with the Peierls phase of
:func:`qtransport.tb.peierls` in the Landau gauge ``A = (-B y, 0)``); the
slice Hamiltonian, the hopping between slices and the self-energies of the
leads are read off their lead cells.  Ensembles are computed with the
"growing wire" of :func:`qtransport.lattice.rgf.rgf_transmission`: one
recursive sweep over the longest wire gives the transmission after every
requested number of slices, so the wire of length ``L1 < L2`` is the first
``L1`` slices of the wire of length ``L2`` (as in a transfer-matrix
calculation).  Values at different lengths of one realization are therefore
correlated; error bars below take this into account by treating each
realization (its whole curve ``T(L)``) as one independent sample.

Two regimes (Beenakker, Rev. Mod. Phys. 69, 731 (1997)):

* Ohmic/diffusive, ``l << L << xi``: the ensemble average follows Ohm's law
  with the contact resistance, :math:`\langle T\rangle = N l / (L + l)`,
  i.e. :math:`N/\langle T\rangle = 1 + L/l` (``l`` the mean free path, as
  defined by this formula).
* Localized, ``L >> xi``: :math:`\langle\ln T\rangle = -2L/\xi + c`, with a
  broad, nearly normal distribution of ``ln T`` (log-normal ``T``) of
  variance :math:`\approx -2\langle\ln T\rangle` in 1D.  In a wire of ``N``
  channels without field :math:`\xi \approx (N + 1)\, l`.

In 1D, weak disorder, away from the band centre and edges (Thouless 1979;
band :math:`E = 2t(1 - \cos k)`)

.. math:: \xi = \frac{24\,(4t^2 - (E - 2t)^2)}{w^2} = \frac{96\, t^2 \sin^2 k}{w^2}.

The fits need information: at least two realizations (for an error bar)
and wires whose transmission does decay; a clean ensemble, a single wire,
or transmissions that are zero or not finite are refused with a
``ValueError`` that says which.

References
----------
D. J. Thouless, Phys. Rev. Lett. 39, 1167 (1977): localization length of a
wire of ``N`` channels, ``xi ~ N l``.  D. J. Thouless, in *Ill-Condensed
Matter* (Les Houches 1978), North-Holland (1979): the 1D formula above.  A. MacKinnon and B. Kramer, Z. Phys. B
53, 1 (1983).  C. W. J. Beenakker, Rev. Mod. Phys. 69, 731 (1997).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_count,
    check_elements,
    check_positive,
    check_progress,
    check_rng,
    check_scalar,
    check_size,
)
from qtransport.lattice._parallel import split_map
from qtransport.lattice.leads import lead_open_channels, lead_self_energy
from qtransport.lattice.rgf import rgf_transmission
from qtransport.tb import geometries
from qtransport.tb.builder import anderson_disorder, peierls

__all__ = [
    "thouless_localization_length",
    "LengthEnsemble",
    "transmission_ensemble",
    "LocalizationFit",
    "localization_length",
    "MeanFreePath",
    "mean_free_path",
    "LnTDistribution",
    "ln_transmission_distribution",
    "MagnetoTransmission",
    "magnetotransmission",
]

#: A decay of ``<ln T>`` (or a rise of ``N/<T>``) over the whole range of
#: lengths smaller than this is round-off: the wires are clean.
_NO_DECAY = 1e-9


def thouless_localization_length(energy, disorder, *, t=1.0):
    r"""Thouless's weak-disorder localization length of the 1D Anderson chain.

    .. math:: \xi = 24\,(4t^2 - (E - 2t)^2) / w^2

    (band ``0 < E < 4t`` centred at ``2t``; ``<ln T> = -2L/xi``).  Valid for
    ``w << t`` away from the band edges and the band centre (where the
    perturbation series has anomalies, Kappus & Wegner 1981).

    Parameters
    ----------
    energy : array_like
        Energies inside the band (units of ``t``).
    disorder : float
        Disorder strength ``w`` (> 0), uniform distribution ``[-w/2, w/2]``.
    t : float, optional
        Hopping.

    Returns
    -------
    ndarray
        ``xi`` in lattice constants.

    Examples
    --------
    >>> float(thouless_localization_length(1.0, 1.0))
    72.0
    """
    energy = as_real_array(energy, "energy")
    w = check_positive(disorder, "disorder")
    t = check_scalar(t, "t", positive=True)
    if np.any((energy <= 0) | (energy >= 4 * t)):
        raise ValueError(f"`energy` must lie inside the band (0, {4 * t}), got {energy}.")
    return 24 * (4 * t**2 - (energy - 2 * t) ** 2) / w**2


class LengthEnsemble(NamedTuple):
    """Transmissions of disordered wires of several lengths.

    Attributes
    ----------
    lengths : ndarray, shape (NL,)
        Wire lengths ``L`` (slices).
    transmissions : ndarray, shape (R, NL)
        ``T`` of realization ``r`` cut at length ``lengths[i]``.
    open_channels : int
        ``N`` of the clean leads at this energy.
    energy, disorder, flux : float
        Parameters of the ensemble.
    width : int or None
        Strip width, ``None`` for the chain.
    """

    lengths: np.ndarray
    transmissions: np.ndarray
    open_channels: int
    energy: float
    disorder: float
    flux: float
    width: int | None


def _field_hopping(t):
    """Hopping ``-t`` with the Peierls phase of the flux per plaquette ``flux``, gauge ``A = (-B y, 0)``."""
    return peierls(-t, lambda x, y, *, flux: (-flux * y, 0 * x))


class _Wire(NamedTuple):
    """One slice of a clean wire, from the engine: what the growing-wire sweep needs."""

    fsys: object  # the finalized one-slice wire (its sites: one slice, in the order of the slices)
    h_slice: np.ndarray  # (W, W)
    hopping: np.ndarray  # (W,): the diagonal of H[x+1, x]
    leads: tuple  # (h_cell, h_hop) of the left and right leads


def _wire(width, flux, t):
    """The chain or the strip (in a field) of :mod:`qtransport.tb.geometries`, one slice long."""
    if width is None:
        fsys = geometries.chain(1, hopping=-t, onsite=2 * t).finalized()
        params = {}
    else:
        fsys = geometries.strip(1, width, hopping=_field_hopping(t), onsite=4 * t).finalized()
        params = {"flux": float(flux)}
    leads = tuple(fsys.leads[p].hamiltonian(params) for p in (0, 1))
    h_cell, h_hop = leads[1]
    hopping = np.diagonal(h_hop).copy()
    if np.any(h_hop - np.diag(hopping)):  # pragma: no cover - the nearest-neighbour wires above
        raise ValueError("the growing-wire sweep needs slices coupled site by site (a diagonal hopping)")
    return _Wire(fsys, np.array(h_cell), hopping, leads)


def _disorder(wire, shape, strength, rng):
    """Anderson disorder of shape ``(R, L, W)``, drawn as ``R * L`` slices of the wire (C order)."""
    realizations, length, width = shape
    values = anderson_disorder(wire.fsys, strength, rng, realizations=realizations * length)
    return values.reshape(realizations, length, width)


def _self_energies(wire, energies):
    return tuple(lead_self_energy(h_cell, h_hop, energies) for h_cell, h_hop in wire.leads)


def _check_ensemble(ensemble):
    if not isinstance(ensemble, LengthEnsemble):
        raise TypeError(
            "`ensemble` must be the LengthEnsemble returned by transmission_ensemble, got "
            f"{type(ensemble).__name__}."
        )
    try:
        tr = np.asarray(ensemble.transmissions, dtype=float)
        lengths = np.asarray(ensemble.lengths, dtype=float)
    except (TypeError, ValueError):
        raise TypeError("`ensemble` must hold numbers: its `transmissions` and `lengths` are not numeric.") from None
    if tr.ndim != 2 or lengths.ndim != 1 or tr.shape[1] != lengths.size:
        raise ValueError(
            "`ensemble` is inconsistent: `transmissions` must have the shape (realizations, len(lengths)), got "
            f"{tr.shape} for {lengths.size} lengths."
        )
    if not np.all(np.isfinite(tr)):
        raise ValueError(
            "`ensemble` holds transmissions that are NaN or infinite: recompute it (they are not physical)."
        )
    if not np.all(np.isfinite(lengths)):
        raise ValueError("`ensemble` holds lengths that are NaN or infinite.")
    return tr, lengths


def transmission_ensemble(lengths, *, energy, disorder, realizations, rng, width=None, flux=0.0,
                          t=1.0, chunk=None, progress=None):
    """Transmissions of ``realizations`` disordered wires at several lengths.

    Parameters
    ----------
    lengths : sequence of int
        Wire lengths (slices, >= 1), increasing or not.
    energy : float
        Fermi energy (units of ``t``).
    disorder : float
        Anderson disorder ``w`` (>= 0).
    realizations : int
        Number of independent wires ``R``.
    rng : numpy.random.Generator
        Source of the disorder.
    width : int, optional
        Strip width; ``None`` (default) for the 1D chain (on-site ``2t``).
    flux : float, optional
        Flux per plaquette (strips only, flux quanta), Landau gauge
        ``A = (-B y, 0)`` (see :func:`qtransport.tb.peierls`).
    t : float, optional
        Hopping.
    chunk : int, optional
        Realizations per RGF sweep (bounds the memory); default keeps each
        stack of matrices under about 16 MB.
    progress : callable, optional
        ``progress(done, total)``, called after each chunk of realizations.

    Returns
    -------
    LengthEnsemble
        Transmissions (dimensionless, per spin) of every realization at every length.

    Examples
    --------
    >>> ens = transmission_ensemble([10, 20], energy=1.0, disorder=1.0, realizations=5,
    ...                             rng=np.random.default_rng(0))
    >>> ens.transmissions.shape, ens.open_channels
    ((5, 2), 1)
    """
    if isinstance(lengths, (str, bytes)) or lengths is None:
        raise TypeError(f"`lengths` must be a list of wire lengths such as [10, 20, 40], got {lengths!r}.")
    raw = np.atleast_1d(np.asarray(lengths, dtype=object))
    if raw.ndim != 1:
        raise ValueError(f"`lengths` must be a flat list of wire lengths, got an array of shape {raw.shape}.")
    lengths = np.array([check_count(int(n) if isinstance(n, np.integer) else n, "lengths", minimum=1)
                        for n in raw], dtype=int)
    if lengths.size == 0:
        raise ValueError("`lengths` is empty: give at least one wire length, e.g. [10, 20, 40].")
    energy = check_scalar(energy, "energy")
    disorder = check_scalar(disorder, "disorder", nonnegative=True)
    realizations = check_count(realizations, "realizations", minimum=1)
    t = check_scalar(t, "t", positive=True)
    flux = check_scalar(flux, "flux")
    if width is not None:
        width = check_size(width, "width", power=2, itemsize=16, copies=8, what="the slice matrices")
    elif flux != 0:
        raise ValueError("`flux` needs a strip: pass `width` (a chain encloses no flux).")
    check_rng(rng)
    progress = check_progress(progress)
    longest = int(lengths.max())
    w = 1 if width is None else width
    if chunk is None:
        chunk = max(1, int(1e6 // (w * w)))
    chunk = check_count(chunk, "chunk", minimum=1)
    chunk = min(chunk, realizations)
    check_elements((realizations, lengths.size), "realizations", value=realizations, what="the transmissions")
    # one chunk at a time: its disorder (chunk, L, W) and its stacks of slice matrices (chunk, W, W)
    check_elements((chunk * longest * w + 8 * chunk * w * w,), "lengths` and `width", value=(longest, w),
                   what="the disorder and the Green's functions of the longest wire")
    wire = _wire(width, flux, t)
    sigma_l, sigma_r = _self_energies(wire, np.array([energy]))
    n_open = int(lead_open_channels(*wire.leads[1], energy))
    out = np.empty((realizations, lengths.size))
    starts = range(0, realizations, chunk)
    for i, start in enumerate(starts):
        size = min(chunk, realizations - start)
        pot = _disorder(wire, (size, longest, w), disorder, rng)

        def sweep(part, pot=pot):
            return rgf_transmission([energy], wire.h_slice, wire.hopping, pot[part],
                                    sigma_l, sigma_r, lengths=lengths)[:, 0, :]

        out[start : start + size] = np.concatenate(split_map(sweep, size, min_chunk=8))
        if progress is not None:
            progress(i + 1, len(starts))
    return LengthEnsemble(lengths, out, n_open, energy, disorder, flux, width)


def _ln_t(tr):
    if np.any(tr <= 0):
        raise ValueError(
            "`ensemble` holds transmissions that are 0 (underflow, or no open channel): use shorter wires, "
            "weaker disorder or an energy inside the band."
        )
    return np.log(tr)


def _line_weights(x):
    """Rows ``c`` such that ``c @ y`` are the intercept and slope of the least-squares line."""
    design = np.stack([np.ones_like(x, dtype=float), x.astype(float)], axis=-1)
    return np.linalg.pinv(design)


class LocalizationFit(NamedTuple):
    """Fit of ``<ln T> = c - 2 L / xi`` (see :func:`localization_length`).

    Attributes
    ----------
    xi, xi_error : float
        Localization length and its standard error (lattice constants).
    slope, slope_error, intercept : float
        The fitted line ``<ln T> = intercept + slope * L`` (slope per lattice constant).
    mean_ln_t, sem_ln_t : ndarray, shape (NL,)
        ``<ln T>`` at each length and its standard error.
    variance_ln_t : ndarray, shape (NL,)
        ``var(ln T)`` at each length.
    """

    xi: float
    xi_error: float
    slope: float
    slope_error: float
    intercept: float
    mean_ln_t: np.ndarray
    sem_ln_t: np.ndarray
    variance_ln_t: np.ndarray


def localization_length(ensemble):
    r"""Localization length from the decay of ``<ln T>`` with length.

    Fits :math:`\langle\ln T\rangle = c + s L` by least squares and returns
    :math:`\xi = -2/s`.  The fit is linear in the data, so the slope is the
    average over realizations of the slope ``s_r`` of each realization's own
    curve ``ln T_r(L)``; its standard error is ``std(s_r) / sqrt(R)``, which
    accounts for the correlation between lengths of the growing wire.  The
    error of ``xi`` follows as :math:`2\sigma_s / s^2`.  Use lengths well
    beyond ``xi`` (localized regime).

    Parameters
    ----------
    ensemble : LengthEnsemble
        From :func:`transmission_ensemble`: at least two realizations, two
        different lengths, positive finite transmissions that decay with length.

    Returns
    -------
    LocalizationFit

    Raises
    ------
    ValueError
        For a single realization (no error bar), a single length, zero or
        non-finite transmissions, or wires whose ``<ln T>`` does not decrease
        (clean or not localized: there is no ``xi`` to report).

    Examples
    --------
    >>> ens = transmission_ensemble([100, 200, 300], energy=1.0, disorder=2.0,
    ...                             realizations=200, rng=np.random.default_rng(1))
    >>> fit = localization_length(ens)
    >>> bool(abs(fit.xi - 18) < 4 * fit.xi_error + 2)     # Thouless: 24 * 3 / 4 = 18
    True
    """
    tr, lengths = _check_ensemble(ensemble)
    if np.unique(lengths).size < 2:
        raise ValueError("`ensemble` needs at least two different lengths to fit a slope.")
    r = tr.shape[0]
    if r < 2:
        raise ValueError(
            "`ensemble` holds a single realization: the fit needs at least two to give xi an error bar "
            "(the slope of one wire is not its ensemble average)."
        )
    ln_t = _ln_t(tr)
    coef = _line_weights(lengths)
    per_real = ln_t @ coef.T  # (R, 2): intercept and slope of each realization
    intercept, slope = per_real.mean(axis=0)
    slope_err = per_real[:, 1].std(ddof=1) / np.sqrt(r)
    if -slope * np.ptp(lengths) < _NO_DECAY:
        raise ValueError(
            "`ensemble`: <ln T> does not decrease with length: the wires are clean or not localized, there is "
            "no localization length to fit (use longer wires or stronger disorder)."
        )
    xi = -2.0 / slope
    return LocalizationFit(
        float(xi), float(2 * slope_err / slope**2), float(slope), float(slope_err),
        float(intercept), ln_t.mean(axis=0), ln_t.std(axis=0, ddof=1) / np.sqrt(r), ln_t.var(axis=0, ddof=1),
    )


class MeanFreePath(NamedTuple):
    """Fit of ``N / <T> = a + L / l`` (see :func:`mean_free_path`).

    Attributes
    ----------
    mean_free_path, error : float
        ``l`` (lattice constants) and its jackknife standard error.
    intercept, intercept_error : float
        ``a`` (1 if the Ohmic formula holds down to ``L = 0``).
    mean_t : ndarray, shape (NL,)
        ``<T>`` at each length.
    """

    mean_free_path: float
    error: float
    intercept: float
    intercept_error: float
    mean_t: np.ndarray


def mean_free_path(ensemble):
    r"""Mean free path from the Ohmic regime :math:`\langle T\rangle = N l/(L + l)`.

    Series addition of the contact resistance and of an Ohmic wire gives
    :math:`N/\langle T\rangle = 1 + L/l`; a least-squares line
    :math:`N/\langle T\rangle = a + L/l` through the ensemble averages gives
    ``l`` (and ``a``, close to 1 when the formula holds).  Use lengths in the
    diffusive regime ``L << xi`` (for the chain, ``L`` well below ``l`` itself,
    since ``xi = 2 l`` in 1D).  Errors by the delete-one jackknife over
    realizations (``1/<T>`` is not linear in the data).

    Parameters
    ----------
    ensemble : LengthEnsemble
        At least two lengths and two realizations, finite transmissions whose
        average is positive at every length.

    Returns
    -------
    MeanFreePath

    Raises
    ------
    ValueError
        For one realization or one length, an average transmission of zero
        or non-finite values, or an ``N/<T>`` that does not grow with ``L``
        (clean wires: no mean free path to report).

    Examples
    --------
    >>> ens = transmission_ensemble([5, 10, 15, 20], energy=1.0, disorder=1.0,
    ...                             realizations=400, rng=np.random.default_rng(2))
    >>> res = mean_free_path(ens)
    >>> bool(20 < res.mean_free_path < 50)    # 1D: l = xi / 2 = 36
    True
    """
    tr, lengths = _check_ensemble(ensemble)
    r = tr.shape[0]
    if r < 2 or np.unique(lengths).size < 2:
        raise ValueError("`ensemble` needs at least two realizations and two different lengths.")
    n = max(ensemble.open_channels, 1)
    coef = _line_weights(lengths)
    total = tr.sum(axis=0)
    loo_mean = (total - tr) / (r - 1)  # leave-one-out means, (R, NL)
    if np.any(total <= 0) or np.any(loo_mean <= 0):
        raise ValueError(
            "`ensemble` has an average transmission of 0 at some length (or 0 once one wire is left out): "
            "N/<T> is infinite there; use shorter wires or an energy with open channels."
        )

    def fit(mean_t):
        return (n / mean_t) @ coef.T  # (..., 2): intercept, 1/l

    full = fit(total / r)
    loo = fit(loo_mean)
    err = np.sqrt((r - 1) / r * np.sum((loo - loo.mean(axis=0)) ** 2, axis=0))
    inv_l, inv_l_err = full[1], err[1]
    if inv_l * np.ptp(lengths) < _NO_DECAY * n:
        raise ValueError(
            "`ensemble`: N/<T> does not grow with L: the wires are clean or there is no Ohmic regime in these "
            "lengths, so there is no mean free path to fit."
        )
    return MeanFreePath(float(1 / inv_l), float(inv_l_err / inv_l**2), float(full[0]),
                        float(err[0]), total / r)


class LnTDistribution(NamedTuple):
    """Histogram of ``ln T`` with its mean and variance.

    Attributes
    ----------
    edges : ndarray, shape (bins + 1,)
        Bin edges of ``ln T``.
    density : ndarray, shape (bins,)
        Probability density (integrates to 1).
    mean, variance : float
        Sample mean and variance of ``ln T``.
    """

    edges: np.ndarray
    density: np.ndarray
    mean: float
    variance: float

    def normal(self, x):
        """The normal density with the same mean and variance (the log-normal law of ``T``)."""
        return np.exp(-((x - self.mean) ** 2) / (2 * self.variance)) / np.sqrt(2 * np.pi * self.variance)


def ln_transmission_distribution(transmissions, *, bins=30):
    """Distribution of ``ln T`` over an ensemble (deep in the localized regime: nearly normal).

    Parameters
    ----------
    transmissions : array_like
        Positive transmissions (any shape; flattened), at least two different values.
    bins : int, optional
        Number of histogram bins.

    Returns
    -------
    LnTDistribution

    Examples
    --------
    >>> d = ln_transmission_distribution(np.exp(np.random.default_rng(0).normal(-5, 2, 5000)))
    >>> round(d.mean, 1), round(d.variance, 1)
    (-5.0, 4.0)
    """
    tr = as_real_array(transmissions, "transmissions").ravel()
    if tr.size < 2 or np.any(tr <= 0):
        raise ValueError("`transmissions` must hold at least two positive values.")
    bins = check_size(bins, "bins", minimum=1, copies=2, what="the histogram")
    ln_t = np.log(tr)
    variance = float(ln_t.var(ddof=1))
    if not variance > 0:
        raise ValueError("`transmissions` are all equal: ln T has no distribution to draw (clean wires?).")
    density, edges = np.histogram(ln_t, bins=bins, density=True)
    return LnTDistribution(edges, density, float(ln_t.mean()), variance)


class MagnetoTransmission(NamedTuple):
    """Ensemble-averaged transmission against field (see :func:`magnetotransmission`).

    Attributes
    ----------
    fluxes : ndarray, shape (NF,)
        Flux per plaquette (flux quanta).
    mean_t, sem_t : ndarray, shape (NF,)
        ``<T>`` and its standard error.
    change, sem_change : ndarray, shape (NF,)
        ``<T(B) - T(B_0)>`` (first flux as reference) and its standard error,
        much smaller than ``sem_t`` because each realization is used at every flux.
    transmissions : ndarray, shape (R, NF)
        All values.
    """

    fluxes: np.ndarray
    mean_t: np.ndarray
    sem_t: np.ndarray
    change: np.ndarray
    sem_change: np.ndarray
    transmissions: np.ndarray


def magnetotransmission(length, width, fluxes, *, energy, disorder, realizations, rng, t=1.0,
                        progress=None):
    r"""Weak localization: ``<T>`` of disordered strips in a small perpendicular field.

    The strips are spinless, without spin-orbit coupling; with strong
    spin-orbit coupling the correction changes sign (weak antilocalization,
    :func:`qtransport.tb.spintronics.magnetoconductance_ensemble`).

    Without field, pairs of time-reversed paths interfere constructively in
    backscattering and reduce ``<T>`` (by about 1/3 in a long diffusive wire);
    a flux of order one flux quantum through the area explored by those paths
    breaks the symmetry and ``<T>`` rises.  The same ``realizations`` are used
    at every flux.

    Parameters
    ----------
    length, width : int
        Strip size.
    fluxes : array_like, shape (NF,)
        Fluxes per plaquette (flux quanta); weak localization shows up at
        ``phi ~ 1 / (length * width)``.
    energy, disorder, rng, t
        As in :func:`transmission_ensemble`.
    realizations : int
        Number of wires, at least two (the standard errors need them).
    progress : callable, optional
        ``progress(done, total)`` after each flux.

    Returns
    -------
    MagnetoTransmission
        Transmissions (dimensionless, per spin).

    Examples
    --------
    >>> res = magnetotransmission(20, 6, [0.0, 0.02], energy=1.0, disorder=1.5,
    ...                           realizations=20, rng=np.random.default_rng(0))
    >>> res.mean_t.shape
    (2,)
    """
    length = check_count(length, "length", minimum=1)
    width = check_size(width, "width", power=2, itemsize=16, copies=8, what="the slice matrices")
    fluxes = as_real_array(fluxes, "fluxes").ravel()
    if fluxes.size == 0:
        raise ValueError("`fluxes` is empty: give at least one flux per plaquette, e.g. [0.0, 0.01].")
    realizations = check_count(realizations, "realizations", minimum=1)
    if realizations < 2:
        raise ValueError("`realizations` must be at least 2: the standard errors of the average need two wires.")
    disorder = check_scalar(disorder, "disorder", nonnegative=True)
    energy = np.array([check_scalar(energy, "energy")])
    t = check_scalar(t, "t", positive=True)
    check_rng(rng)
    progress = check_progress(progress)
    # the disorder of all wires, and one stack of slice matrices per wire
    check_elements((realizations * (length * width + 8 * width * width),), "realizations`, `length` and `width",
                   value=(realizations, length, width), what="the disorder and the Green's functions")
    pot = _disorder(_wire(width, 0.0, t), (realizations, length, width), disorder, rng)
    out = np.empty((realizations, fluxes.size))
    for i, phi in enumerate(fluxes):
        wire = _wire(width, phi, t)
        sigma_l, sigma_r = _self_energies(wire, energy)

        def sweep(part, wire=wire, sigma_l=sigma_l, sigma_r=sigma_r):
            return rgf_transmission(energy, wire.h_slice, wire.hopping, pot[part], sigma_l, sigma_r)[:, 0]

        out[:, i] = np.concatenate(split_map(sweep, realizations, min_chunk=8))
        if progress is not None:
            progress(i + 1, fluxes.size)
    r = realizations
    sem = out.std(axis=0, ddof=1) / np.sqrt(r)
    diff = out - out[:, :1]
    sem_diff = diff.std(axis=0, ddof=1) / np.sqrt(r)
    return MagnetoTransmission(fluxes, out.mean(axis=0), sem, diff.mean(axis=0), sem_diff, out)
