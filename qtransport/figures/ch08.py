"""Data of the figures of chapter 8: localization.

* :func:`ohmic_wire_data`: resistance and conductance of an incoherent wire
  against its length.
* :func:`disordered_chain_data`: ``<ln T>`` of disordered chains against
  length and the distribution of ``ln T`` at one length.
* :func:`localization_vs_channels_data`: Ohmic and localized regimes of
  disordered strips and ``xi`` against ``(N + 1) l``.
* :func:`weak_localization_data`: the ensemble-averaged transmission of
  disordered strips in a small field.

The lattice figures take ensembles computed beforehand
(:func:`qtransport.tb.localization.transmission_ensemble`,
:func:`~qtransport.tb.localization.magnetotransmission`); lengths are in
lattice constants, energies in units of the hopping ``t``.
"""

from __future__ import annotations

import numpy as np

from qtransport import incoherent_series, ohmic_conductance, ohmic_resistance, ohmic_transmission
from qtransport.constants import R0
from qtransport.figures._data import FigureData
from qtransport.figures._grid import nearest_index, stage_progress
from qtransport.tb.localization import (
    ln_transmission_distribution,
    localization_length,
    magnetotransmission,
    mean_free_path,
    thouless_localization_length,
    transmission_ensemble,
)

__all__ = [
    "chain_ensembles",
    "strip_ensembles",
    "field_ensemble",
    "ohmic_wire_data",
    "disordered_chain_data",
    "strip_fits",
    "localization_vs_channels_data",
    "weak_localization_data",
]

#: Spacing of the scatterers drawn as dots in the Ohmic-wire figure (µm).
SCATTERER_SPACING = 0.5
#: The localization fit of the strips uses lengths from this value on (sites);
#: the mean-free-path fit uses lengths below a quarter of the fitted xi.
LOCALIZED_FROM = 100
#: Flux (flux quanta through the wire) at which the weak-localization rise is reported.
REPORT_FLUX = 2.0

#: Fermi energy of every lattice figure (units of t): k = pi/3 in the chain,
#: away from the band centre and the band edges.
ENERGY = 1.0
CHAIN_DISORDERS = (1.0, 1.5, 2.0)
CHAIN_LENGTHS = np.arange(10, 461, 10)
#: Strip widths with 1, 2, 3 and 4 open channels at E = 1 t (each well away
#: from a channel threshold).
STRIP_WIDTHS = (3, 6, 9, 12)
STRIP_DISORDER = 2.0
STRIP_LENGTHS = np.unique(np.round(np.geomspace(2, 330, 36)).astype(int))
FIELD_LENGTH, FIELD_WIDTH, FIELD_DISORDER = 60, 9, 2.0
#: Total fluxes through the wire (flux quanta) of the weak-localization figure.
FIELD_FLUXES = np.linspace(0.0, 4.0, 9)


def _subset(ensemble, mask=None, realizations=None):
    """The ensemble restricted to some lengths and/or to its first realizations."""
    tr = ensemble.transmissions
    lengths = ensemble.lengths
    if mask is not None:
        tr, lengths = tr[:, mask], lengths[mask]
    if realizations is not None:
        tr = tr[:realizations]
    return ensemble._replace(lengths=lengths, transmissions=tr)


def _mean_and_error(values, axis=0):
    """Mean of ``values`` along ``axis`` and its standard error."""
    values = np.asarray(values)
    n = values.shape[axis]
    return values.mean(axis=axis), values.std(axis=axis, ddof=1) / np.sqrt(n)


# ---------------------------------------------------------------------------
# ensembles of the lattice figures (seeded, so every build shows the same wires)
# ---------------------------------------------------------------------------


def chain_ensembles(*, disorders=CHAIN_DISORDERS, lengths=CHAIN_LENGTHS, realizations=2000, seed=8,
                    progress=None):
    """Transmissions of disordered chains at ``E = 1 t``, one ensemble per disorder.

    The ensembles are :func:`qtransport.tb.localization.transmission_ensemble`
    of chains (width 1), drawn one after the other from one generator seeded
    with ``seed``.

    Parameters
    ----------
    disorders : sequence of float, optional
        Disorder strengths ``w`` (units of t).
    lengths : array_like of int, optional
        Chain lengths (sites).
    realizations : int, optional
        Chains per disorder.
    seed : int, optional
        Seed of the random generator.
    progress : callable, optional
        ``progress(done, total)``, the running total over all disorders.

    Returns
    -------
    dict of float to LengthEnsemble
        ``{w: transmission_ensemble(lengths, energy=1, disorder=w, ...)}``.
    """
    rng = np.random.default_rng(seed)
    stages = stage_progress(progress, len(disorders))
    return {
        float(w): transmission_ensemble(lengths, energy=ENERGY, disorder=w, realizations=realizations, rng=rng,
                                        progress=stage)
        for w, stage in zip(disorders, stages, strict=True)
    }


def strip_ensembles(*, widths=STRIP_WIDTHS, disorder=STRIP_DISORDER, lengths=STRIP_LENGTHS,
                    realizations=200, seed=9, progress=None):
    """Transmissions of disordered strips at ``E = 1 t``, one ensemble per width.

    Parameters
    ----------
    widths : sequence of int, optional
        Strip widths (sites).
    disorder : float, optional
        Disorder strength ``w`` (units of t).
    lengths : array_like of int, optional
        Strip lengths (sites).
    realizations : int, optional
        Strips per width.
    seed : int, optional
        Seed of the random generator, shared by the widths in turn.
    progress : callable, optional
        ``progress(done, total)``, the running total over all widths.

    Returns
    -------
    dict of int to LengthEnsemble
    """
    rng = np.random.default_rng(seed)
    stages = stage_progress(progress, len(widths))
    return {
        int(W): transmission_ensemble(lengths, energy=ENERGY, disorder=disorder, realizations=realizations, rng=rng,
                                      width=W, progress=stage)
        for W, stage in zip(widths, stages, strict=True)
    }


def field_ensemble(*, length=FIELD_LENGTH, width=FIELD_WIDTH, disorder=FIELD_DISORDER,
                   fluxes=FIELD_FLUXES, realizations=400, seed=10, progress=None):
    """Transmissions of disordered strips against the total flux through them.

    ``fluxes`` are total fluxes ``Phi / Phi_0`` through the ``length x width``
    wire; :func:`qtransport.tb.localization.magnetotransmission` takes the
    flux per plaquette, ``Phi / (Phi_0 L W)``.

    Parameters
    ----------
    length, width : int, optional
        Size of the strips (sites).
    disorder : float, optional
        Disorder strength ``w`` (units of t).
    fluxes : array_like, optional
        Total fluxes through the wire (flux quanta).
    realizations : int, optional
        Strips, each followed through the whole field sweep.
    seed : int, optional
        Seed of the random generator.
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    MagnetoTransmission
    """
    return magnetotransmission(
        length, width, np.asarray(fluxes) / (length * width), energy=ENERGY, disorder=disorder,
        realizations=realizations, rng=np.random.default_rng(seed), progress=progress,
    )


# ---------------------------------------------------------------------------
# 1. Ohm's law from incoherent scatterers
# ---------------------------------------------------------------------------


def ohmic_wire_data(mean_free_path_um, channels, *, points=401, max_length_um=10.0):
    """Resistance of a wire of incoherent scatterers: contacts plus a part linear in ``L``.

    ``R(L) = (h/2Ne^2)(1 + L/l)`` (:func:`qtransport.ohmic_resistance`), the
    same from scatterers every :data:`SCATTERER_SPACING`, each transmitting
    ``l/(l + a)`` (:func:`qtransport.ohmic_transmission`) and combined by
    :func:`qtransport.incoherent_series`, the conductance
    (:func:`qtransport.ohmic_conductance`) and the Drude conductance of the
    wire alone, ``1/(R(L) - R(0))``.

    Parameters
    ----------
    mean_free_path_um : float
        Mean free path ``l`` (µm).
    channels : int
        Number of channels ``N``.
    points : int, optional
        Lengths from 0 to ``max_length_um`` (µm).

    Returns
    -------
    FigureData
        ``L`` (points,) length (µm); ``R`` resistance (kΩ); ``L_dots``,
        ``R_dots`` scatterer counts times the spacing (µm) and their series
        resistance (kΩ); ``contact`` ``h/2Ne^2`` (kΩ); ``G`` (points,)
        conductance (G0); ``L_drude`` = ``L[1:]`` and ``drude`` (G0).

    Examples
    --------
    >>> data = ohmic_wire_data(1.0, 2, points=11)
    >>> round(float(data.G[0]), 12), round(float(data.G[-1]), 12)  # N l / (L + l)
    (2.0, 0.181818181818)
    """
    ell, N = mean_free_path_um, channels
    L_um = np.linspace(0.0, max_length_um, points)
    n_max = int(round(L_um[-1] / SCATTERER_SPACING))
    n_scatterers = np.arange(n_max + 1)
    occupied = np.arange(n_max)[None, :] < n_scatterers[:, None]  # row n: n scatterers
    T_one = ohmic_transmission(SCATTERER_SPACING, ell)
    # Unused slots are perfect scatterers (T = 1), which add no resistance.
    T_dots = incoherent_series(np.where(occupied, T_one, 1.0))
    contact = float(ohmic_resistance(0.0, ell, N))
    return FigureData(
        L=L_um, R=ohmic_resistance(L_um, ell, N) / 1e3,
        L_dots=n_scatterers * SCATTERER_SPACING, R_dots=contact / T_dots / 1e3,
        contact=contact / 1e3, G=ohmic_conductance(L_um, ell, N, unit="G0"),
        L_drude=L_um[1:], drude=R0 / (ohmic_resistance(L_um[1:], ell, N) - contact),
    )


# ---------------------------------------------------------------------------
# 2. the disordered chain: <ln T> and the distribution of ln T
# ---------------------------------------------------------------------------


def disordered_chain_data(disorder, length, histogram, *, ensembles, bins=40, curve_points=200):
    """``<ln T>`` of disordered chains against length and the histogram of ``ln T`` or ``T``.

    The localization length is fitted to ``<ln T> = c - 2L/xi`` over
    ``L >= xi_Thouless`` (:func:`~qtransport.tb.localization.localization_length`),
    with Thouless's weak-disorder ``xi_Th ~ 1/w^2``
    (:func:`~qtransport.tb.localization.thouless_localization_length`) for
    comparison; the histogram and its normal law come from
    :func:`~qtransport.tb.localization.ln_transmission_distribution`.

    Parameters
    ----------
    disorder : float
        Disorder strength ``w`` (units of ``t``), a key of ``ensembles``.
    length : float
        Chain length (sites) of the histogram; the nearest length of the ensemble is used.
    histogram : {"ln T", "T"}
        Histogram of ``ln T`` with its normal law, or of ``T``.
    ensembles : dict of float to LengthEnsemble
        One ensemble of chains per disorder, all with the same lengths.
    bins, curve_points : int, optional
        Histogram bins and points of the normal law.

    Returns
    -------
    FigureData
        ``lengths`` (M,) (sites); ``mean``, ``sem``, ``ln_mean`` (M,)
        ``<ln T>``, its standard error and ``ln <T>``; ``fit_line``,
        ``thouless`` (M,) ``c - 2L/xi`` and ``-2L/xi_Th``; ``xi``,
        ``xi_error``, ``xi_th`` (sites); ``L`` the histogram length;
        ``edges`` (bins + 1,), ``density`` (bins,); ``x``, ``curve`` the normal
        law (empty-valued for ``"T"``); ``ln_mean_T``, ``mean_ln``, ``var_ln``,
        ``typical = exp<ln T>``, ``average = <T>`` at that length.
    """
    if histogram not in ("ln T", "T"):
        raise ValueError(f"`histogram` must be 'ln T' or 'T', got {histogram!r}.")
    ens = ensembles[disorder]
    lengths = np.asarray(ens.lengths)
    xi_th = float(thouless_localization_length(ens.energy, disorder))
    fit = localization_length(_subset(ens, lengths >= min(xi_th, lengths[-2])))
    ln_t = np.log(ens.transmissions)
    mean, sem = _mean_and_error(ln_t)
    i = nearest_index(lengths, length)
    column = ens.transmissions[:, i]
    if histogram == "ln T":
        dist = ln_transmission_distribution(column, bins=bins)
        edges, density = dist.edges, dist.density
        x = np.linspace(edges[0], edges[-1], curve_points)
        curve = dist.normal(x)
        mean_ln, var_ln = dist.mean, dist.variance
    else:
        density, edges = np.histogram(column, bins=bins, range=(0.0, 1.0), density=True)
        x, curve = np.array([0.0, 1.0]), np.zeros(2)
        mean_ln, var_ln = float(np.log(column).mean()), float(np.log(column).var(ddof=1))
    return FigureData(
        lengths=lengths, mean=mean, sem=sem, ln_mean=np.log(ens.transmissions.mean(axis=0)),
        fit_line=fit.intercept + fit.slope * lengths, thouless=-2 * lengths / xi_th,
        xi=fit.xi, xi_error=fit.xi_error, xi_th=xi_th, L=float(lengths[i]),
        edges=edges, density=density, x=x, curve=curve, ln_mean_T=float(np.log(column.mean())),
        mean_ln=mean_ln, var_ln=var_ln, typical=float(np.exp(mean_ln)), average=float(column.mean()),
    )


# ---------------------------------------------------------------------------
# 3. strips: Ohmic and localized regimes, xi against the number of channels
# ---------------------------------------------------------------------------


def strip_fits(ensemble, realizations=None):
    """Localization length and mean free path of one ensemble of strips.

    ``xi`` from ``<ln T> = c - 2L/xi`` over ``L >= LOCALIZED_FROM``
    (:func:`~qtransport.tb.localization.localization_length`), then ``l``
    from ``N/<T> = a + L/l`` over ``L <= xi/4``
    (:func:`~qtransport.tb.localization.mean_free_path`), both from the
    first ``realizations`` wires (all by default).

    Returns
    -------
    loc, mfp
        The two fit results of the library.
    """
    lengths = ensemble.lengths
    start = min(LOCALIZED_FROM, lengths[-3])
    loc = localization_length(_subset(ensemble, lengths >= start, realizations))
    ohmic = lengths <= max(loc.xi / 4, lengths[2])
    mfp = mean_free_path(_subset(ensemble, ohmic, realizations))
    return loc, mfp


def localization_vs_channels_data(view, realizations, *, ensembles):
    """Ohmic and localized regimes of strips of several widths, and ``xi`` against ``(N + 1) l``.

    For each width: ``N/<T>`` with the Ohmic line ``a + L/l`` (view
    ``"N/<T>"``) or ``<ln T>`` with ``c - 2L/xi`` (view ``"<ln T>"``), from
    :func:`strip_fits` over the first ``realizations`` wires.  The error of
    ``N/<T>`` is ``N dT / <T>^2``.

    Parameters
    ----------
    view : {"N/<T>", "<ln T>"}
        Which curves.
    realizations : int
        Wires averaged (at most those of the smallest ensemble).
    ensembles : dict of int to LengthEnsemble
        One ensemble per strip width, with the same lengths.

    Returns
    -------
    FigureData
        ``N`` (K,) open channels; ``curves``, ``bands``, ``lines`` (K, M) the
        curve, its standard error and the fitted line per width; ``xi``,
        ``xi_err``, ``nl`` = ``(N + 1) l``, ``nl_err`` (sites), ``a``, ``ell``
        (K,) the fit parameters; ``realizations`` the wires used.
    """
    if view not in ("N/<T>", "<ln T>"):
        raise ValueError(f"`view` must be 'N/<T>' or '<ln T>', got {view!r}.")
    widths = sorted(ensembles)
    n_total = min(ens.transmissions.shape[0] for ens in ensembles.values())
    r = int(min(realizations, n_total))
    out = {"curves": [], "bands": [], "lines": [], "xi": [], "xi_err": [], "nl": [], "nl_err": [],
           "a": [], "ell": []}
    channels = []
    for W in widths:
        ens = ensembles[W]
        N = ens.open_channels
        channels.append(N)
        lengths = np.asarray(ens.lengths)
        loc, mfp = strip_fits(ens, r)
        tr = ens.transmissions[:r]
        if view == "N/<T>":
            mean_t = tr.mean(axis=0)
            # error of N/<T> from that of <T>: d(N/T) = N dT / T^2
            curve, band = N / mean_t, N * tr.std(axis=0, ddof=1) / np.sqrt(r) / mean_t**2
            line = mfp.intercept + lengths / mfp.mean_free_path
        else:
            curve, band = _mean_and_error(np.log(tr))
            line = loc.intercept + loc.slope * lengths
        for key, value in (("curves", curve), ("bands", band), ("lines", line), ("xi", loc.xi),
                           ("xi_err", loc.xi_error), ("nl", (N + 1) * mfp.mean_free_path),
                           ("nl_err", (N + 1) * mfp.error), ("a", mfp.intercept), ("ell", mfp.mean_free_path)):
            out[key].append(value)
    return FigureData(N=np.asarray(channels, dtype=float), realizations=r,
                      **{k: np.asarray(v, dtype=float) for k, v in out.items()})


# ---------------------------------------------------------------------------
# 4. weak localization
# ---------------------------------------------------------------------------


def weak_localization_data(realizations, view, *, result, length, width, singles=5):
    """Ensemble-averaged transmission of disordered strips against the flux through them.

    Each wire is followed through the field sweep of ``result``
    (:func:`~qtransport.tb.localization.magnetotransmission`), so the change
    ``<T(Phi) - T(0)>`` has a much smaller error than ``<T>``.

    Parameters
    ----------
    realizations : int
        Wires averaged (at most those of ``result``).
    view : {"change", "average"}
        ``<T(Phi)> - <T(0)>`` or ``<T(Phi)>``.
    result : MagnetoTransmission
        Transmissions (realizations, fluxes) against the flux per plaquette.
    length, width : int
        Size of the strips, to express the field as the total flux ``Phi/Phi_0``.
    singles : int, optional
        Number of single wires shown.

    Returns
    -------
    FigureData
        ``phi`` (F,) total flux (flux quanta); ``mean``, ``sem`` (F,)
        (units of ``G0``); ``singles`` (singles, F) ``T(Phi) - T(0)`` of single
        wires; ``realizations`` used; ``at`` index of the flux nearest
        :data:`REPORT_FLUX`.
    """
    if view not in ("change", "average"):
        raise ValueError(f"`view` must be 'change' or 'average', got {view!r}.")
    phi = np.asarray(result.fluxes) * length * width
    tr = np.asarray(result.transmissions)
    r = int(min(realizations, tr.shape[0]))
    sample = tr[:r] - tr[:r, :1] if view == "change" else tr[:r]
    mean, sem = _mean_and_error(sample)
    return FigureData(
        phi=phi, mean=mean, sem=sem, singles=tr[:singles] - tr[:singles, :1], realizations=r,
        at=nearest_index(phi, REPORT_FLUX),
    )
