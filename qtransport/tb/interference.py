r"""Interference on the lattice: Aharonov-Bohm rings, conductance fluctuations, shot noise of wires.

This module computes the lattice physics of chapter 12 on top of the public
API of :mod:`qtransport.tb`.  Its transmissions are the engine's
(:func:`qtransport.tb.transmission` and :func:`qtransport.tb.smatrix`), by the
Caroli formula of Green's functions,

.. math::

    T = \operatorname{Tr}\big[\Gamma_1\, G_{10}\, \Gamma_0\, G_{10}^\dagger\big],
    \qquad G = (E - H - \Sigma_0 - \Sigma_1)^{-1},
    \qquad \Gamma_p = i(\Sigma_p - \Sigma_p^\dagger),

evaluated by recursive Green's functions over the slices of the system, and
the transmission eigenvalues, the eigenvalues of :math:`t^\dagger t`, from the
same sweep.  Disorder ensembles change only the diagonal of :math:`H`, and
flux sweeps of a ring only its hoppings, while the leads stay the same: a
whole ensemble is handed to the engine as one batch of parameter sets, which
solves the leads once and sweeps every realization at once; that is what
makes ensembles of a few thousand samples affordable.  The tests compare
these results with the engine's other route, the sparse direct solve of the
whole system with mode matching (``method="sparse"``).

Physics
-------
* :func:`ring_flux_sweep`: the transmission of a (disordered) square-lattice
  ring against the flux :math:`\Phi` through its hole, for one sample or an
  ensemble.  Each sample is periodic with period :math:`h/e` and, with two
  terminals, even in :math:`\Phi` (phase rigidity, Onsager-Büttiker); the
  :math:`h/e` harmonic has a random sign from sample to sample and averages
  away, while the :math:`h/2e` harmonic of time-reversed paths around the
  ring (Altshuler-Aronov-Spivak) has a fixed sign and survives.
  :func:`flux_harmonics` measures the harmonics.
* :func:`wire_ensemble`: transmission eigenvalues of disordered strips
  (Anderson model); :func:`ensemble_fano_factor` turns them into the Fano
  factor with a jackknife error bar (1/3 for a diffusive wire),
  :func:`eigenvalue_density` into the density of eigenvalues (the bimodal
  Dorokhov density :math:`1/(2T\sqrt{1 - T})` per unit mean conductance).
* :func:`conductance_fluctuations`: the variance of ``T`` over the ensemble
  against the wire length, with and without a field (universal values
  ``2/15`` and ``1/15`` per spin for a long quasi-one-dimensional wire).

Units: energies in units of the hopping ``t`` (on-site ``4t``, the band
bottom at ``E = 0``), lengths in lattice constants, fluxes in flux quanta
``h/e``, transmissions per spin (``G = g_s (e^2/h) T``).

References
----------
M. Büttiker, Y. Imry, R. Landauer and S. Pinhas, Phys. Rev. B 31, 6207
(1985); R. A. Webb et al., Phys. Rev. Lett. 54, 2696 (1985); B. L. Altshuler,
A. G. Aronov and B. Z. Spivak, JETP Lett. 33, 94 (1981); D. Yu. Sharvin and
Yu. V. Sharvin, JETP Lett. 34, 272 (1981); P. A. Lee and A. D. Stone, Phys.
Rev. Lett. 55, 1622 (1985); O. N. Dorokhov, Solid State Commun. 51, 381
(1984); C. W. J. Beenakker and M. Büttiker, Phys. Rev. B 46, 1889 (1992).
Course chapter 12.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qtransport._validation import (
    as_real_array,
    check_count,
    check_elements,
    check_flag,
    check_integer,
    check_positive,
    check_progress,
    check_rng,
    check_scalar,
    check_sites,
    check_size,
)
from qtransport.tb.builder import FiniteSystem, Lead, System
from qtransport.tb.geometries import MAX_SITES, ring
from qtransport.tb.lattice import square
from qtransport.tb.solvers import smatrix, transmission

__all__ = [
    "UCF_VARIANCE",
    "disordered_wire",
    "disordered_ring",
    "green_transmission",
    "RingSweep",
    "ring_flux_sweep",
    "FluxHarmonics",
    "flux_harmonics",
    "WireEnsemble",
    "wire_ensemble",
    "FanoEstimate",
    "ensemble_fano_factor",
    "eigenvalue_density",
    "ConductanceFluctuations",
    "conductance_fluctuations",
]

#: Universal variance of ``T = sum T_n`` (per spin) of a long diffusive
#: quasi-one-dimensional wire: ``2/15`` with time-reversal symmetry
#: (orthogonal ensemble), ``1/15`` when a field breaks it (unitary ensemble).
UCF_VARIANCE: dict = {"orthogonal": 2.0 / 15.0, "unitary": 1.0 / 15.0}

_ONSITE = 4.0
_HOPPING = -1.0


# --------------------------------------------------------------------------- checks


def _wire_size(length, width, names=("length", "width")):
    """``length`` and ``width`` of a wire, checked, and refused before building if it cannot fit."""
    lx = check_integer(length, names[0], minimum=1)
    ly = check_integer(width, names[1], minimum=1)
    check_sites({names[0]: lx, names[1]: ly}, lx * ly, maximum=MAX_SITES)
    return lx, ly


def _check_draws(realizations, n_sites, copies=2):
    """Refuse ``realizations`` whose disorder draws, one energy per site each, cannot fit in memory."""
    check_elements((realizations, n_sites), "realizations", value=realizations, copies=copies,
                   what="the disorder of every realization")


def _scalar(value, name, check=as_real_array, **kw):
    arr = check(value, name, **kw)
    if arr.ndim != 0:
        raise TypeError(f"`{name}` must be a single number, got an array of shape {arr.shape}")
    return float(arr)


def _grid(values, name):
    arr = as_real_array(values, name)
    if arr.ndim > 1:
        raise ValueError(f"`{name}` must be a number or a 1-d array of numbers, got shape {arr.shape}")
    arr = np.atleast_1d(arr)
    if not arr.size:
        raise ValueError(f"`{name}` is empty: give at least one value")
    return arr


# --------------------------------------------------------------------------- systems


def _disordered_onsite(x, y, *, sites, disorder):
    return _ONSITE + disorder[sites]


def disordered_wire(length, width):
    """A ``length`` x ``width`` square-lattice wire with Anderson disorder, in a uniform field.

    The named parameters of the returned system are ``disorder`` (one on-site
    energy per site, in ``t``, e.g. from :func:`qtransport.tb.anderson_disorder`)
    and ``flux`` (flux quanta per plaquette, Landau gauge ``A = (-B y, 0)`` in
    the wire and in its two clean leads, as in
    :func:`qtransport.tb.geometries.square_device`).

    Parameters
    ----------
    length, width : int
        Size in lattice constants (>= 1).

    Returns
    -------
    System
        On-site ``4t + disorder``, hopping ``-t``; leads along ``-x`` and ``+x``
        (on-site ``4t``, no disorder).
    """
    lx, ly = _wire_size(length, width)
    sys = System(square(), shape=lambda x, y: (x >= 0) & (x < lx) & (y >= 0) & (y < ly), start=(0, 0))
    sys.onsite = _disordered_onsite
    sys.hopping(_landau_hopping)
    across = lambda x, y: (y >= 0) & (y < ly)  # noqa: E731
    sys.attach_lead(Lead((-1, 0), shape=across, onsite=_ONSITE, name="-x"))
    sys.attach_lead(Lead((1, 0), shape=across, onsite=_ONSITE, name="+x"))
    return sys


def _landau_hopping(x1, y1, x2, y2, *, flux):
    r"""``-t`` with the Peierls phase of ``A = (-B y, 0)``, ``B = flux``, on the bond from ``(x2, y2)`` to ``(x1, y1)``.

    :math:`\theta = -2\pi\int A\cdot dl = 2\pi B\,\bar y\,(x_1 - x_2)` with :math:`\bar y` the bond's
    mean height: the value of :func:`qtransport.tb.peierls` for this gauge (whose Simpson rule is exact
    for it), written with ``flux`` in the signature, so that the engine sees that the leads depend on the
    flux alone and solves them once for a whole disorder ensemble.
    """
    return _HOPPING * np.exp(1j * np.pi * flux * (y1 + y2) * (x1 - x2))


def disordered_ring(outer_radius, inner_radius, *, lead_width=None):
    """The Aharonov-Bohm ring of :func:`qtransport.tb.geometries.ring` with Anderson disorder.

    Named parameters: ``flux`` (flux quanta through the hole) and
    ``disorder`` (one on-site energy per site, in ``t``).  The leads are clean.

    Parameters
    ----------
    outer_radius, inner_radius : float
        Radii in lattice constants (``inner_radius`` at least one site smaller).
    lead_width : int, optional
        Width of the two leads (default: the ring's width).

    Returns
    -------
    System
    """
    sys = ring(outer_radius, inner_radius, lead_width=lead_width, hopping=_HOPPING, onsite=_ONSITE)
    sys.onsite = _disordered_onsite
    return sys


# --------------------------------------------------------------------------- transmissions of ensembles


def _disorder_sets(fsys, disorder):
    if disorder is None:
        return np.zeros((1, fsys.n_sites)), False
    d = as_real_array(disorder, "disorder")
    if d.ndim not in (1, 2) or d.shape[-1] != fsys.n_sites:
        raise ValueError(
            f"`disorder` must hold one on-site energy per site, shape ({fsys.n_sites},) or (realizations, "
            f"{fsys.n_sites}), got shape {d.shape}"
        )
    return np.atleast_2d(d), d.ndim == 2


def green_transmission(fsys, energies, params=None, *, disorder=None, eigenvalues=False):
    r"""Two-terminal transmission by the Caroli formula, for many disorder realizations at once.

    .. math::

        T(E) = \operatorname{Tr}\big[\Gamma_1 G_{10} \Gamma_0 G_{10}^\dagger\big].

    The system must have two leads and an on-site value that asks for the
    named parameter ``disorder`` as ``disorder[sites]`` (as in
    :func:`disordered_wire` and :func:`disordered_ring`); ``params`` gives all
    other named parameters (``flux``).  The realizations are one batch of
    parameter sets for the engine (:func:`qtransport.tb.transmission`, and
    :func:`qtransport.tb.smatrix` for the eigenvalues), whose recursive
    Green's functions solve the leads once and sweep all realizations and
    energies together.

    Parameters
    ----------
    fsys : FiniteSystem
        A finalized two-lead system with one orbital per site.
    energies : float or 1-d array_like
        Energies (units of ``t``), inside the leads' bands.
    params : dict, optional
        Named parameters other than ``disorder``.
    disorder : array_like, shape (n_sites,) or (R, n_sites), optional
        On-site energies of one or ``R`` realizations (default: none).
    eigenvalues : bool, optional
        Return the transmission eigenvalues instead of their sum.

    Returns
    -------
    ndarray
        ``T``, shape ``(NE,)`` or ``(R, NE)`` (with a 2-d ``disorder``); with
        ``eigenvalues=True`` a trailing axis of length ``N`` (the open
        channels of lead 0, which must be the same at all ``energies``),
        ascending.  Per spin,
        dimensionless.

    Examples
    --------
    A clean wire of width 3 at ``E = 1t`` has one open channel:

    >>> fsys = disordered_wire(5, 3).finalized()
    >>> round(float(green_transmission(fsys, 1.0, {"flux": 0.0})[0]), 10)
    1.0
    """
    if not isinstance(fsys, FiniteSystem):
        raise TypeError(f"`fsys` must be a finalized system (System.finalized()), got {type(fsys).__name__}")
    if len(fsys.leads) != 2:
        raise ValueError(f"`fsys` must have exactly two leads, got {len(fsys.leads)}")
    if fsys.n_orbitals != fsys.n_sites:
        raise ValueError("`fsys` must have one orbital per site (the disorder is one energy per site)")
    grid = _grid(energies, "energies")
    if params is not None and not isinstance(params, dict):
        raise TypeError(f"`params` must be a dict of parameter values, got {type(params).__name__}")
    params = dict(params or {})
    if "disorder" in params:
        raise ValueError("`params` must not hold `disorder`: give the on-site energies as `disorder=`")
    eigenvalues = check_flag(eigenvalues, "eigenvalues")
    sets, many = _disorder_sets(fsys, disorder)
    if eigenvalues:
        out = _eigenvalues(fsys, grid, params, sets)
    else:
        out, _ = _sums(fsys, grid, params, sets)
    return out if many else out[0]


def _batch(params, sets):
    return [{**params, "disorder": d} for d in sets]


def _sums(fsys, grid, params, sets, progress=None):
    """``T`` of every realization at every energy, shape (R, NE), and the open channels of lead 0, shape (NE,)."""
    result = transmission(fsys, grid, _batch(params, sets), progress=progress)
    return result.transmission[..., 1, 0], np.asarray(result.channels[0, :, 0], dtype=int)


def _eigenvalues(fsys, grid, params, sets):
    """Transmission eigenvalues of every realization at every energy, shape (R, NE, N), ascending, in [0, 1]."""
    rows = [[s.transmission_eigenvalues(1, 0) for s in smatrix(fsys, float(energy), _batch(params, sets))]
            for energy in grid]
    counts = sorted({ev.size for row in rows for ev in row})
    if len(counts) > 1:
        raise ValueError(
            f"`energies` span different numbers of open channels ({counts}); "
            "ask for eigenvalues at energies with one channel count"
        )
    out = np.empty((sets.shape[0], grid.size, counts[0]))
    for i, row in enumerate(rows):
        for r, ev in enumerate(row):
            out[r, i] = np.clip(ev, 0.0, 1.0)
    return out


# --------------------------------------------------------------------------- Aharonov-Bohm ring


#: Parameter sets (fluxes times realizations) handed to the engine at once by :func:`ring_flux_sweep`.
RING_BATCH = 64


class RingSweep(NamedTuple):
    """Transmissions of rings against the flux through the hole.

    Attributes
    ----------
    fluxes : ndarray, shape (NF,)
        ``Phi / (h/e)``.
    energies : ndarray, shape (NE,)
        Energies (units of ``t``).
    transmissions : ndarray, shape (R, NE, NF)
        ``T`` per spin for each realization, energy and flux.
    open_channels : ndarray of int, shape (NE,)
        Open channels of each lead.
    disorder : float
        Anderson disorder strength ``W`` (units of ``t``).
    """

    fluxes: np.ndarray
    energies: np.ndarray
    transmissions: np.ndarray
    open_channels: np.ndarray
    disorder: float

    @property
    def mean(self):
        """``<T>(Phi)`` over realizations and energies, shape (NF,)."""
        return self.transmissions.mean(axis=(0, 1))

    @property
    def standard_error(self):
        """Standard error of :attr:`mean` over the ``R * NE`` samples, shape (NF,).

        Raises
        ------
        ValueError
            For a single sample (one ring at one energy): its spread, and so
            an error bar, cannot be estimated.
        """
        samples = self.transmissions.reshape(-1, self.fluxes.size)
        if samples.shape[0] < 2:
            raise ValueError(
                "a sweep of one ring at one energy has no spread to estimate an error from: use "
                "`realizations` >= 2 or several `energies` in ring_flux_sweep"
            )
        return samples.std(axis=0, ddof=1) / np.sqrt(samples.shape[0])


def ring_flux_sweep(fluxes, *, energies, disorder=0.0, realizations=1, rng=None, outer_radius=10.0,
                    inner_radius=6.0, lead_width=4, progress=None):
    r"""Transmission of square-lattice Aharonov-Bohm rings against the flux through the hole.

    Every realization has its own Anderson disorder (on-site energies uniform
    in ``[-W/2, W/2]``); the same disorder is used at every flux and energy,
    so that each row is the magnetofingerprint of one ring.

    Parameters
    ----------
    fluxes : array_like, shape (NF,)
        Flux through the hole, in flux quanta ``h/e``.
    energies : float or array_like, shape (NE,)
        Fermi energies (units of ``t``; band bottom at 0).  Averaging over
        energies spaced by more than the Thouless energy adds independent
        samples to the ensemble.
    disorder : float, optional
        ``W`` >= 0 (units of ``t``).
    realizations : int, optional
        Number of rings ``R`` (>= 1).
    rng : numpy.random.Generator
        Source of the disorder; needed when ``disorder > 0``.
    outer_radius, inner_radius : float, optional
        Radii of the ring (lattice constants).
    lead_width : int or None, optional
        Width of both leads (sites; None: the width of the ring's arm,
        ``outer_radius - inner_radius``).
    progress : callable, optional
        ``progress(done, total)`` with the number of fluxes done, after each
        batch of fluxes (about ``RING_BATCH / realizations`` of them).

    Returns
    -------
    RingSweep

    Examples
    --------
    A clean ring: the transmission repeats after one flux quantum.

    >>> s = ring_flux_sweep([0.2, 1.2], energies=1.0)
    >>> bool(abs(s.transmissions[0, 0, 0] - s.transmissions[0, 0, 1]) < 1e-10)
    True
    """
    phi = _grid(fluxes, "fluxes")
    grid = _grid(energies, "energies")
    w = check_scalar(disorder, "disorder", nonnegative=True, hint="It is an energy width (units of t).")
    n_real = check_count(realizations, "realizations", minimum=1)
    progress = check_progress(progress)
    rng = check_rng(rng, allow_none=w == 0)  # needed when there is disorder to draw
    fsys = disordered_ring(outer_radius, inner_radius, lead_width=lead_width).finalized()
    _check_draws(n_real, fsys.n_sites + grid.size * phi.size)
    if w > 0:
        sets = w * (rng.random((n_real, fsys.n_sites)) - 0.5)
    else:
        sets = np.zeros((n_real, fsys.n_sites))
    # Several fluxes with all their realizations make one batch of parameter sets for the engine, about
    # RING_BATCH of them: its recursive Green's functions sweep a batch at once, and the leads (clear of
    # the flux tube's cut) are the same for all.
    out = np.empty((n_real, grid.size, phi.size))
    per_call = max(1, -(-RING_BATCH // n_real))
    for first in range(0, phi.size, per_call):
        chunk = phi[first : first + per_call]
        batch = [{"flux": float(f), "disorder": d} for f in chunk for d in sets]
        result = transmission(fsys, grid, batch)
        t = result.transmission[..., 1, 0].reshape(chunk.size, n_real, grid.size)
        out[:, :, first : first + chunk.size] = np.moveaxis(t, 0, -1)
        channels = np.asarray(result.channels[0, :, 0], dtype=int)
        if progress is not None:
            progress(first + chunk.size, phi.size)
    return RingSweep(phi, grid, out, channels, w)


class FluxHarmonics(NamedTuple):
    """Fourier content of a flux-periodic signal, ``a0 + sum_k [c_k cos(2 pi k Phi) + s_k sin(2 pi k Phi)]``.

    Attributes
    ----------
    mean : float or ndarray
        ``a0``.
    cos, sin : ndarray, shape (..., K)
        ``c_k`` and ``s_k`` for ``k = 1 .. K`` (``k = 1``: period ``h/e``;
        ``k = 2``: period ``h/2e``).
    """

    mean: float | np.ndarray
    cos: np.ndarray
    sin: np.ndarray


def flux_harmonics(fluxes, values, *, orders=2):
    r"""Least-squares harmonics of ``values(Phi)`` with periods ``h/(k e)``, ``k = 1 .. orders``.

    Parameters
    ----------
    fluxes : array_like, shape (NF,)
        Fluxes in flux quanta; together they should cover at least one period
        with ``NF > 2 orders + 1`` distinct points.
    values : array_like, shape (..., NF)
        The signal (e.g. ``T(Phi)``); leading axes are independent signals.
    orders : int, optional
        Highest harmonic ``K`` (>= 1).

    Returns
    -------
    FluxHarmonics
        On a uniform grid over whole periods this is the discrete Fourier
        series; elsewhere a least-squares fit.

    Examples
    --------
    >>> phi = np.linspace(0, 1, 12, endpoint=False)
    >>> h = flux_harmonics(phi, 1 + 0.3 * np.cos(4 * np.pi * phi))
    >>> np.round(h.cos, 12).tolist(), round(float(h.mean), 12)
    ([0.0, 0.3], 1.0)
    """
    phi = _grid(fluxes, "fluxes")
    y = as_real_array(values, "values")
    k = check_integer(orders, "orders", minimum=1)
    if y.ndim == 0 or y.shape[-1] != phi.size:
        raise ValueError(
            f"`values` (shape {y.shape}) must have one value per flux of `fluxes` ({phi.size}) on its last axis"
        )
    if np.unique(phi).size < 2 * k + 1:
        raise ValueError(
            f"`fluxes` has {np.unique(phi).size} distinct values; {2 * k + 1} are needed for `orders` = {k}"
        )
    cols = [np.ones_like(phi)]
    for m in range(1, k + 1):
        cols += [np.cos(2 * np.pi * m * phi), np.sin(2 * np.pi * m * phi)]
    basis = np.stack(cols, axis=1)
    coef, *_ = np.linalg.lstsq(basis, y.reshape(-1, phi.size).T, rcond=None)
    coef = coef.T.reshape(y.shape[:-1] + (2 * k + 1,))
    mean = coef[..., 0]
    return FluxHarmonics(mean[()] if np.ndim(mean) == 0 else mean, coef[..., 1::2], coef[..., 2::2])


# --------------------------------------------------------------------------- disordered wires, shot noise


class WireEnsemble(NamedTuple):
    """Transmission eigenvalues of an ensemble of disordered wires.

    Attributes
    ----------
    eigenvalues : ndarray, shape (R, N)
        The ``N`` transmission eigenvalues of each wire, ascending.
    open_channels : int
        ``N``, open channels of the clean leads.
    length, width : int
        Wire size (lattice constants).
    energy, disorder, flux : float
        Fermi energy and Anderson disorder ``W`` (units of ``t``), flux per
        plaquette (flux quanta).
    """

    eigenvalues: np.ndarray
    open_channels: int
    length: int
    width: int
    energy: float
    disorder: float
    flux: float

    @property
    def conductances(self):
        """``T = sum_n T_n`` of each wire (per spin), shape (R,)."""
        return self.eigenvalues.sum(axis=-1)

    @property
    def mean_free_path(self):
        r"""Mean free path from ``<T> = N l / (L + l)``: ``l = L <T> / (N - <T>)`` (lattice constants).

        The length entering here is the transport mean free path in the
        convention of :func:`qtransport.ohmic_transmission` (weak-localization
        corrections of order one included, so it is an estimate).

        Raises
        ------
        ValueError
            If the wires transmit every channel (``<T> = N`` to rounding): no
            scattering is seen, and the mean free path is beyond what the
            ensemble can tell.
        """
        g = float(self.conductances.mean())
        if not self.open_channels - g > 1e-12 * self.open_channels:
            raise ValueError(
                f"the wires transmit all {self.open_channels} channels (<T> = {g:.12g}): no scattering, so no "
                "mean free path can be read off; use longer wires or a stronger `disorder` in wire_ensemble"
            )
        return self.length * g / (self.open_channels - g)


def wire_ensemble(length, width, *, energy, disorder, realizations, rng, flux=0.0, progress=None):
    r"""Transmission eigenvalues of ``R`` disordered square-lattice wires (Anderson model).

    Parameters
    ----------
    length, width : int
        Wire size in lattice constants.
    energy : float
        Fermi energy (units of ``t``), inside the band of the leads.
    disorder : float
        ``W`` > 0: on-site energies uniform in ``[-W/2, W/2]`` (units of ``t``).
    realizations : int
        ``R`` >= 1.
    rng : numpy.random.Generator
    flux : float, optional
        Flux per plaquette (flux quanta), Landau gauge of :func:`disordered_wire`.
    progress : callable, optional
        ``progress(done, total)``, called once at the end.

    Returns
    -------
    WireEnsemble

    Examples
    --------
    >>> ens = wire_ensemble(20, 10, energy=1.0, disorder=1.0, realizations=3,
    ...                     rng=np.random.default_rng(0))
    >>> ens.eigenvalues.shape, bool(np.all((ens.eigenvalues >= 0) & (ens.eigenvalues <= 1)))
    ((3, 3), True)
    """
    e = _scalar(energy, "energy")
    w = _scalar(disorder, "disorder", check_positive, hint="Use the clean wire's N channels for W = 0.")
    f = _scalar(flux, "flux")
    n_real = check_count(realizations, "realizations", minimum=1)
    rng = check_rng(rng)
    progress = check_progress(progress)
    lx, ly = _wire_size(length, width)
    _check_draws(n_real, lx * ly)
    fsys = disordered_wire(lx, ly).finalized()
    sets = w * (rng.random((n_real, fsys.n_sites)) - 0.5)
    ev = green_transmission(fsys, e, {"flux": f}, disorder=sets, eigenvalues=True)[:, 0, :]
    if ev.shape[-1] == 0:
        raise ValueError(f"`energy` = {e} t is below the first channel of a wire of width {width}")
    if progress is not None:
        progress(1, 1)
    return WireEnsemble(ev, int(ev.shape[-1]), int(length), int(width), e, w, f)


class FanoEstimate(NamedTuple):
    """An ensemble Fano factor with its statistical error.

    Attributes
    ----------
    value : float
        ``F = sum T_n (1 - T_n) / sum T_n`` over all channels of all samples.
    error : float
        One standard error (jackknife over samples).
    """

    value: float
    error: float


def _eigenvalue_array(eigenvalues):
    ev = as_real_array(eigenvalues, "eigenvalues")
    if ev.ndim != 2 or ev.shape[0] < 2 or ev.shape[1] < 1:
        raise ValueError(
            f"`eigenvalues` must have shape (samples >= 2, channels >= 1), got shape {ev.shape}"
        )
    if np.any(ev < -1e-12) or np.any(ev > 1 + 1e-12):
        raise ValueError("`eigenvalues` must lie in [0, 1]: they are transmission probabilities")
    return np.clip(ev, 0.0, 1.0)


def ensemble_fano_factor(eigenvalues):
    r"""Fano factor of an ensemble, ``<sum T_n (1 - T_n)> / <sum T_n>``, with a jackknife error.

    The ratio of the ensemble-averaged shot noise to the ensemble-averaged
    current (not the average of the ratios).

    Parameters
    ----------
    eigenvalues : array_like, shape (R, N)
        Transmission eigenvalues of ``R >= 2`` samples.

    Returns
    -------
    FanoEstimate

    Examples
    --------
    >>> est = ensemble_fano_factor([[0.5, 1.0], [0.5, 0.0]])
    >>> round(est.value, 12)  # (0.25 + 0.25) / (1.5 + 0.5)
    0.25
    """
    ev = _eigenvalue_array(eigenvalues)
    noise = np.sum(ev * (1.0 - ev), axis=1)
    current = np.sum(ev, axis=1)
    total_i = current.sum()
    if total_i <= 0:
        raise ValueError("`eigenvalues` are all zero: no current, no Fano factor")
    value = float(noise.sum() / total_i)
    r = ev.shape[0]
    leave = (noise.sum() - noise) / np.where(total_i - current > 0, total_i - current, np.inf)
    error = float(np.sqrt((r - 1) / r * np.sum((leave - leave.mean()) ** 2)))
    return FanoEstimate(value, error)


def eigenvalue_density(eigenvalues, *, bins=20):
    r"""Histogram of transmission eigenvalues per unit mean conductance.

    ``rho(T) = (counts / bin width) / (R <g>)`` with ``<g> = <sum_n T_n>``, so
    that ``int T rho(T) dT = 1``: the normalization of
    :func:`qtransport.models.noise.transmission_density` (``'diffusive'``),
    which it approaches for a long diffusive wire, whatever its length.

    Parameters
    ----------
    eigenvalues : array_like, shape (R, N)
        Transmission eigenvalues in [0, 1].
    bins : int or array_like, optional
        Number of equal bins on [0, 1], or the bin edges.

    Returns
    -------
    edges : ndarray, shape (B + 1,)
    density : ndarray, shape (B,)
        ``rho`` in each bin (dimensionless).

    Examples
    --------
    >>> edges, rho = eigenvalue_density([[0.1, 0.9], [0.9, 0.9]], bins=2)
    >>> rho.tolist()  # <g> = 1.4; per bin width 0.5
    [0.7142857142857143, 2.142857142857143]
    """
    ev = _eigenvalue_array(eigenvalues)
    if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
        edges = np.linspace(0.0, 1.0, check_size(bins, "bins", minimum=1, copies=4, what="the histogram") + 1)
    else:
        edges = _grid(bins, "bins")
        if edges.size < 2 or np.any(np.diff(edges) <= 0):
            raise ValueError("`bins` must be an int >= 1 or increasing bin edges")
    counts, _ = np.histogram(ev.ravel(), bins=edges)
    g = float(ev.sum(axis=1).mean())
    if g <= 0:
        raise ValueError("`eigenvalues` are all zero: the density per unit conductance is undefined")
    return edges, counts / np.diff(edges) / (ev.shape[0] * g)


# --------------------------------------------------------------------------- conductance fluctuations


class ConductanceFluctuations(NamedTuple):
    """Sample-to-sample fluctuations of the transmission of disordered wires.

    Attributes
    ----------
    lengths : ndarray of int, shape (NL,)
    fluxes : ndarray, shape (NF,)
        Flux per plaquette (flux quanta).
    eigenvalues : list of ndarray
        One array per flux, shape (NL, R, N_f): the transmission eigenvalues
        of every wire (the same disorder at every flux; ``N_f`` the open
        channels of the leads in that field).
    width : int
    energy, disorder : float
    """

    lengths: np.ndarray
    fluxes: np.ndarray
    eigenvalues: list
    width: int
    energy: float
    disorder: float

    @property
    def conductances(self):
        """``T = sum_n T_n`` per spin of each wire, shape (NL, NF, R)."""
        return np.stack([ev.sum(axis=-1) for ev in self.eigenvalues], axis=1)

    @property
    def open_channels(self):
        """Open channels of the leads at each flux, shape (NF,)."""
        return np.array([ev.shape[-1] for ev in self.eigenvalues])

    @property
    def mean(self):
        """``<T>``, shape (NL, NF)."""
        return self.conductances.mean(axis=-1)

    @property
    def variance(self):
        """``var T`` (per spin, units of ``(e^2/h)^2``), shape (NL, NF)."""
        return self.conductances.var(axis=-1, ddof=1)

    @property
    def variance_error(self):
        r"""Standard error of :attr:`variance`, ``sqrt((m4 - (R - 3)/(R - 1) var^2) / R)``, shape (NL, NF)."""
        g = self.conductances
        r = g.shape[-1]
        dev = g - g.mean(axis=-1, keepdims=True)
        m4 = np.mean(dev**4, axis=-1)
        var = g.var(axis=-1, ddof=1)
        return np.sqrt(np.maximum(m4 - (r - 3) / (r - 1) * var**2, 0.0) / r)

    @property
    def fano(self):
        """Ensemble Fano factors and their jackknife errors, two arrays of shape (NL, NF)."""
        value = np.empty((self.lengths.size, self.fluxes.size))
        error = np.empty_like(value)
        for j, ev in enumerate(self.eigenvalues):
            for i in range(self.lengths.size):
                value[i, j], error[i, j] = ensemble_fano_factor(ev[i])
        return FanoEstimate(value, error)


def conductance_fluctuations(lengths, width, *, energy, disorder, fluxes=(0.0,), realizations, rng,
                             progress=None):
    r"""Transmission eigenvalues of disordered wires of several lengths, with and without a field.

    Parameters
    ----------
    lengths : array_like of int, shape (NL,)
        Wire lengths (lattice constants).
    width : int
        Wire width (lattice constants).
    energy, disorder : float
        Fermi energy and Anderson disorder ``W`` > 0 (units of ``t``).
    fluxes : array_like, shape (NF,), optional
        Flux per plaquette (flux quanta); ``0`` keeps time-reversal symmetry.
        Time reversal is broken once the flux through the wire, ``phi L W``,
        is several flux quanta.
    realizations : int
        Wires per length (>= 2).
    rng : numpy.random.Generator
    progress : callable, optional
        ``progress(done, total)`` after each length.

    Returns
    -------
    ConductanceFluctuations

    Examples
    --------
    >>> res = conductance_fluctuations([10, 20], 8, energy=1.0, disorder=1.0, realizations=4,
    ...                                rng=np.random.default_rng(0))
    >>> res.conductances.shape
    (2, 1, 4)
    """
    ls = _grid(lengths, "lengths")
    if np.any(ls != np.round(ls)) or np.any(ls < 1):
        raise ValueError(f"`lengths` must be whole numbers >= 1, got {lengths!r}")
    ls = ls.astype(int)
    fl = _grid(fluxes, "fluxes")
    e = _scalar(energy, "energy")
    w = _scalar(disorder, "disorder", check_positive)
    n_real = check_count(realizations, "realizations", minimum=2)
    rng = check_rng(rng)
    progress = check_progress(progress)
    longest, width = _wire_size(int(ls.max()), width, names=("lengths", "width"))
    _check_draws(n_real, longest * width)
    per_flux = [[] for _ in fl]
    for i, length in enumerate(ls):
        fsys = disordered_wire(int(length), width).finalized()
        sets = w * (rng.random((n_real, fsys.n_sites)) - 0.5)
        for j, f in enumerate(fl):
            ev = green_transmission(fsys, e, {"flux": float(f)}, disorder=sets, eigenvalues=True)[:, 0, :]
            if ev.shape[-1] == 0:
                raise ValueError(f"`energy` = {e} t is below the first channel of a wire of width {width}")
            per_flux[j].append(ev)
        if progress is not None:
            progress(i + 1, ls.size)
    return ConductanceFluctuations(ls, fl, [np.stack(v) for v in per_flux], width, e, w)
