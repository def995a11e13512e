r"""Disordered wires: ensembles of transmissions, localization length, mean free path.

The Anderson model (on-site energies uniform in ``[-w/2, w/2]``) in a chain
or a strip, between clean leads.  Ensembles are computed with the "growing
wire" of :func:`~qtransport.lattice.rgf.rgf_transmission`: one recursive
sweep over the longest wire gives the transmission after every requested
number of slices, so the wire of length ``L1 < L2`` is the first ``L1``
slices of the wire of length ``L2`` (as in a transfer-matrix calculation).
Values at different lengths of one realization are therefore correlated;
error bars below take this into account by treating each realization (its
whole curve ``T(L)``) as one independent sample.

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
    check_integer,
    check_nonnegative,
    check_positive,
)
from qtransport.lattice._parallel import split_map
from qtransport.lattice.leads import lead_open_channels
from qtransport.lattice.rgf import rgf_transmission
from qtransport.lattice.systems import anderson_disorder, chain, strip

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
    t = float(check_positive(t, "t"))
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


def _wire(width, length, flux, t):
    return chain(length, t=t) if width is None else strip(length, width, flux=flux, t=t)


def _check_ensemble(ensemble):
    if not isinstance(ensemble, LengthEnsemble):
        raise TypeError(
            "`ensemble` must be the LengthEnsemble returned by transmission_ensemble, got "
            f"{type(ensemble).__name__}."
        )
    return ensemble


def _single(arr, name):
    """``arr`` (already validated) as a float, refusing arrays."""
    if arr.ndim != 0:
        raise ValueError(f"`{name}` must be a single number, got an array of shape {arr.shape}.")
    return float(arr)


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
        Flux per plaquette (strips only), Landau gauge of
        :mod:`~qtransport.lattice.systems`.
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

    Examples
    --------
    >>> ens = transmission_ensemble([10, 20], energy=1.0, disorder=1.0, realizations=5,
    ...                             rng=np.random.default_rng(0))
    >>> ens.transmissions.shape, ens.open_channels
    ((5, 2), 1)
    """
    lengths = np.array([check_integer(int(n) if isinstance(n, np.integer) else n, "lengths", minimum=1)
                        for n in np.atleast_1d(lengths)])
    if lengths.size == 0:
        raise ValueError("`lengths` is empty: give at least one wire length, e.g. [10, 20, 40].")
    energy = _single(as_real_array(energy, "energy"), "energy")
    disorder = _single(check_nonnegative(disorder, "disorder"), "disorder")
    realizations = check_integer(realizations, "realizations", minimum=1)
    if width is not None:
        width = check_integer(width, "width", minimum=1)
    elif flux != 0:
        raise ValueError("`flux` needs a strip: pass `width` (a chain encloses no flux).")
    longest = int(lengths.max())
    wire = _wire(width, longest, flux, t)
    w = wire.width
    if chunk is None:
        chunk = max(1, int(1e6 // (w * w)))
    chunk = check_integer(chunk, "chunk", minimum=1)
    sigma_l, sigma_r = wire.self_energies(np.array([energy]))
    n_open = int(lead_open_channels(*wire.lead(1), energy))
    out = np.empty((realizations, lengths.size))
    starts = range(0, realizations, chunk)
    for i, start in enumerate(starts):
        size = min(chunk, realizations - start)
        pot = anderson_disorder((size, longest, w), disorder, rng=rng)

        def sweep(part, pot=pot):
            return rgf_transmission([energy], wire.slice_hamiltonian, wire.hopping, pot[part],
                                    sigma_l, sigma_r, lengths=lengths)[:, 0, :]

        out[start : start + size] = np.concatenate(split_map(sweep, size, min_chunk=8))
        if progress is not None:
            progress(i + 1, len(starts))
    return LengthEnsemble(lengths, out, n_open, energy, disorder, float(flux), width)


def _ln_t(ensemble):
    tr = np.asarray(ensemble.transmissions)
    if np.any(tr <= 0):
        raise ValueError(
            "some transmissions are 0 (underflow, or no open channel): use shorter wires, "
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
        The fitted line ``<ln T> = intercept + slope * L``.
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
        From :func:`transmission_ensemble` (at least two lengths).

    Returns
    -------
    LocalizationFit

    Examples
    --------
    >>> ens = transmission_ensemble([100, 200, 300], energy=1.0, disorder=2.0,
    ...                             realizations=200, rng=np.random.default_rng(1))
    >>> fit = localization_length(ens)
    >>> bool(abs(fit.xi - 18) < 4 * fit.xi_error + 2)     # Thouless: 24 * 3 / 4 = 18
    True
    """
    ensemble = _check_ensemble(ensemble)
    ln_t = _ln_t(ensemble)
    lengths = np.asarray(ensemble.lengths)
    if np.unique(lengths).size < 2:
        raise ValueError("`ensemble` needs at least two different lengths to fit a slope.")
    r = ln_t.shape[0]
    coef = _line_weights(lengths)
    per_real = ln_t @ coef.T  # (R, 2): intercept and slope of each realization
    intercept, slope = per_real.mean(axis=0)
    slope_err = per_real[:, 1].std(ddof=1) / np.sqrt(r) if r > 1 else np.inf
    if slope >= 0:
        raise ValueError(
            "<ln T> does not decrease with length: the wires are not localized "
            "(use longer wires or stronger disorder)."
        )
    xi = -2.0 / slope
    return LocalizationFit(
        float(xi), float(2 * slope_err / slope**2), float(slope), float(slope_err),
        float(intercept), ln_t.mean(axis=0),
        ln_t.std(axis=0, ddof=1) / np.sqrt(r) if r > 1 else np.full(lengths.size, np.inf),
        ln_t.var(axis=0, ddof=1) if r > 1 else np.full(lengths.size, np.nan),
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
        At least two lengths and two realizations.

    Returns
    -------
    MeanFreePath

    Examples
    --------
    >>> ens = transmission_ensemble([5, 10, 15, 20], energy=1.0, disorder=1.0,
    ...                             realizations=400, rng=np.random.default_rng(2))
    >>> res = mean_free_path(ens)
    >>> bool(20 < res.mean_free_path < 50)    # 1D: l = xi / 2 = 36
    True
    """
    ensemble = _check_ensemble(ensemble)
    tr = np.asarray(ensemble.transmissions)
    lengths = np.asarray(ensemble.lengths)
    r = tr.shape[0]
    if r < 2 or np.unique(lengths).size < 2:
        raise ValueError("`ensemble` needs at least two realizations and two different lengths.")
    n = max(ensemble.open_channels, 1)
    coef = _line_weights(lengths)

    def fit(mean_t):
        return (n / mean_t) @ coef.T  # (..., 2): intercept, 1/l

    total = tr.sum(axis=0)
    full = fit(total / r)
    loo = fit((total - tr) / (r - 1))  # leave-one-out means, (R, 2)
    err = np.sqrt((r - 1) / r * np.sum((loo - loo.mean(axis=0)) ** 2, axis=0))
    inv_l, inv_l_err = full[1], err[1]
    if inv_l <= 0:
        raise ValueError("N/<T> does not grow with L: no Ohmic regime in these lengths.")
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
        Positive transmissions (any shape; flattened).
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
    bins = check_integer(bins, "bins", minimum=1)
    ln_t = np.log(tr)
    density, edges = np.histogram(ln_t, bins=bins, density=True)
    return LnTDistribution(edges, density, float(ln_t.mean()), float(ln_t.var(ddof=1)))


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
    energy, disorder, realizations, rng, t
        As in :func:`transmission_ensemble`.
    progress : callable, optional
        ``progress(done, total)`` after each flux.

    Returns
    -------
    MagnetoTransmission

    Examples
    --------
    >>> res = magnetotransmission(20, 6, [0.0, 0.02], energy=1.0, disorder=1.5,
    ...                           realizations=20, rng=np.random.default_rng(0))
    >>> res.mean_t.shape
    (2,)
    """
    length = check_integer(length, "length", minimum=1)
    width = check_integer(width, "width", minimum=1)
    fluxes = as_real_array(fluxes, "fluxes").ravel()
    realizations = check_integer(realizations, "realizations", minimum=1)
    pot = anderson_disorder((realizations, length, width), check_nonnegative(disorder, "disorder"),
                            rng=rng)
    energy = np.array([float(as_real_array(energy, "energy"))])
    out = np.empty((realizations, fluxes.size))
    for i, phi in enumerate(fluxes):
        wire = strip(length, width, flux=phi, t=t)
        sigma_l, sigma_r = wire.self_energies(energy)

        def sweep(part, wire=wire, sigma_l=sigma_l, sigma_r=sigma_r):
            return rgf_transmission(energy, wire.slice_hamiltonian, wire.hopping, pot[part],
                                    sigma_l, sigma_r)[:, 0]

        out[:, i] = np.concatenate(split_map(sweep, realizations, min_chunk=8))
        if progress is not None:
            progress(i + 1, fluxes.size)
    r = realizations
    sem = out.std(axis=0, ddof=1) / np.sqrt(r) if r > 1 else np.full(fluxes.size, np.inf)
    diff = out - out[:, :1]
    sem_diff = diff.std(axis=0, ddof=1) / np.sqrt(r) if r > 1 else np.full(fluxes.size, np.inf)
    return MagnetoTransmission(fluxes, out.mean(axis=0), sem, diff.mean(axis=0), sem_diff, out)
