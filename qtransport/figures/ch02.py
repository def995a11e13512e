"""Data of the figures of chapter 2: scattering matrix, self-energy, Caroli and Fisher-Lee, Breit-Wigner.

* :func:`barrier_chain_data`: a rectangular barrier on a tight-binding
  chain, ``|t|^2`` and ``|r|^2`` of the Fisher-Lee S-matrix against its height;
* :func:`self_energy_data`: the self-energy of a semi-infinite chain across
  its band;
* :func:`two_routes_data`: Caroli and Fisher-Lee transmissions of a
  disordered strip, with its transmission eigenvalues;
* :func:`breit_wigner_level_data`: the spectral function and Breit-Wigner
  transmission of one level.

Lattice functions work in the units of the tight-binding engine
(:mod:`qtransport.tb`): hopping ``t = 1``, lattice constant ``a = 1``,
energies in units of ``t``, chain band ``E = 2t(1 - cos k)`` from 0 to
``4t``.  The resonant level is in meV.
"""

from __future__ import annotations

import functools

import numpy as np

from qtransport.figures._data import FigureData
from qtransport.lattice.leads import chain_self_energy, strip_open_channels
from qtransport.models.resonant import breit_wigner, single_level_greens_function
from qtransport.tb import geometries, smatrix, transmission

__all__ = ["barrier_chain_data", "self_energy_data", "two_routes_data", "breit_wigner_level_data"]

MEV = 1e-3  # eV per meV


def barrier_chain_data(height, energy, width, *, sites_shown=40, heights=161):
    """``|t|^2`` and ``|r|^2`` of a rectangular barrier on a chain, against the barrier height.

    The chain has ``sites_shown`` sites; the barrier, ``width`` sites of
    potential ``height`` in its middle.  Its S-matrix is Fisher-Lee's,
    :func:`qtransport.tb.smatrix`, solved for all heights of the sweep as one
    batch of parameter sets.

    Parameters
    ----------
    height : float
        Barrier height ``V``, in units of ``t``.
    energy : float
        Electron energy, in units of ``t`` (inside the band ``(0, 4t)``).
    width : int
        Barrier width, in sites (``1 <= width <= sites_shown``).
    sites_shown : int, optional
        Sites of the chain.
    heights : int, optional
        Heights of the sweep, on ``[-3t, 5t]``.

    Returns
    -------
    FigureData
        ``x`` ``(sites_shown,)``: the sites; ``V`` ``(sites_shown,)``: the
        potential, in units of ``t``; ``heights`` ``(heights,)``; ``T`` and
        ``R`` ``(heights,)``: ``|t|^2`` and ``|r|^2``; ``T_now`` and
        ``R_now``: the same at ``height``.

    Examples
    --------
    >>> data = barrier_chain_data(0.0, 1.0, 6)
    >>> round(float(data.T_now), 12), round(float(data.R_now), 12)
    (1.0, 0.0)
    """
    x = np.arange(sites_shown)
    start = (sites_shown - width) // 2
    shape = np.where((x >= start) & (x < start + width), 1.0, 0.0)
    fsys = geometries.chain(sites_shown, potential=lambda x, *, height: height * shape[x.astype(int)]).finalized()
    sweep = np.linspace(-3.0, 5.0, heights)
    S = np.array([res.s for res in smatrix(fsys, energy, [{"height": h} for h in sweep])])
    chosen = smatrix(fsys, energy, {"height": height}).s
    return FigureData(
        x=x, V=height * shape, heights=sweep, T=np.abs(S[:, 1, 0]) ** 2, R=np.abs(S[:, 0, 0]) ** 2,
        T_now=np.abs(chosen[1, 0]) ** 2, R_now=np.abs(chosen[0, 0]) ** 2,
    )


def self_energy_data(energy, t, *, points=1101):
    """``Sigma(E) = -t exp(ik)`` of a semi-infinite chain, and its broadening at one energy.

    From :func:`qtransport.lattice.leads.chain_self_energy`; the broadening is
    ``Gamma = i (Sigma - Sigma^*) = -2 Im Sigma``.

    Parameters
    ----------
    energy : float
        The marked energy, in units of the reference hopping.
    t : float
        Hopping of the chain (> 0), same unit.
    points : int, optional
        Energies of the curve, on ``[-2, 9]``.

    Returns
    -------
    FigureData
        ``E`` ``(points,)``; ``sigma`` ``(points,)`` complex; ``now``:
        ``Sigma(energy)``, complex; ``gamma``: ``-2 Im Sigma(energy)``.

    Examples
    --------
    >>> round(self_energy_data(2.0, 1.0).gamma, 12)  # band centre: Gamma = 2t
    2.0
    """
    energies = np.linspace(-2.0, 9.0, points)
    now = chain_self_energy(energy, t=t)
    return FigureData(E=energies, sigma=chain_self_energy(energies, t=t), now=now,
                      gamma=-2.0 * float(np.imag(now)))


@functools.lru_cache(maxsize=1)  # the last sample: a new energy reuses its curve
def _disordered_strip(disorder, length, width, seed, points):
    """A strip with Anderson disorder uniform in ``[-w/2, w/2]`` from ``seed``, and its ``T(E)``."""
    rng = np.random.default_rng(seed)
    fsys = geometries.strip(length, width, potential=disorder * (rng.random((length, width)) - 0.5)).finalized()
    energies = np.linspace(0.01, 7.99, points)
    T = transmission(fsys, energies).transmission[:, 1, 0]
    energies.flags.writeable = T.flags.writeable = False
    return fsys, energies, T


def two_routes_data(energy, disorder, length, seed, *, width=4, points=300):
    """Caroli and Fisher-Lee transmissions of a disordered strip, and its eigenchannels.

    The strip (:func:`qtransport.tb.geometries.strip`, ``width`` sites wide,
    ``length`` slices) carries Anderson disorder of strength ``disorder``
    drawn with ``numpy.random.default_rng(seed)``.  ``T(E)`` across the band
    is :func:`qtransport.tb.transmission` (Caroli's formula); at ``energy``
    the S-matrix :func:`qtransport.tb.smatrix` (Fisher-Lee, from the lead
    modes) gives ``Tr t^dagger t``, the transmission eigenvalues and the
    unitarity error ``max |S^dagger S - 1|``.  The leads' open channels are
    :func:`qtransport.lattice.leads.strip_open_channels`.

    Parameters
    ----------
    energy : float
        Energy of the eigenchannels, in units of ``t``.
    disorder : float
        Disorder strength ``w``, in units of ``t`` (>= 0).
    length : int
        Slices of the strip.
    seed : int
        Seed of the disorder sample.
    width : int, optional
        Sites across the strip.
    points : int, optional
        Energies of the curve, on ``[0.01, 7.99]``.

    Returns
    -------
    FigureData
        ``E``, ``T`` and ``channels`` ``(points,)``: energies, Caroli
        transmission, open channels; ``tau`` ``(open channels,)``:
        transmission eigenvalues at ``energy``; ``T_fl``: Fisher-Lee
        ``Tr t^dagger t``; ``T_caroli_now``: Caroli's at ``energy``;
        ``unitarity``: ``max |S^dagger S - 1|``.
    """
    fsys, energies, T = _disordered_strip(disorder, length, width, seed, points)
    result = smatrix(fsys, energy, method="sparse")
    n_left = result.open_channels(0)
    tau = result.transmission_eigenvalues(1, 0) if n_left else np.zeros(0)
    unitarity = np.abs(result.s.conj().T @ result.s - np.eye(result.s.shape[-1])).max() if n_left else 0.0
    return FigureData(
        E=energies, T=T,
        channels=strip_open_channels(energies, width), tau=tau, T_fl=result.transmission(1, 0),
        T_caroli_now=float(transmission(fsys, [energy]).transmission[0, 1, 0]), unitarity=unitarity,
    )


def breit_wigner_level_data(gamma_left_meV, gamma_right_meV, level_meV, *, points=1001, half_width_meV=10.0):
    """Spectral function ``A(E) = -2 Im G^r`` and Breit-Wigner transmission of one level.

    ``G^r`` is :func:`qtransport.single_level_greens_function`, a Lorentzian
    of full width ``Gamma = Gamma_L + Gamma_R``; ``T`` is
    :func:`qtransport.breit_wigner`, peak ``4 Gamma_L Gamma_R / Gamma^2`` at
    the level.

    Parameters
    ----------
    gamma_left_meV, gamma_right_meV : float
        Widths to the two leads, in meV (> 0).
    level_meV : float
        Energy of the level, in meV.
    points : int, optional
        Energies of the curves.
    half_width_meV : float, optional
        They span ``[-half_width_meV, half_width_meV]``.

    Returns
    -------
    FigureData
        ``E`` ``(points,)`` meV; ``A`` ``(points,)`` 1/meV; ``T``
        ``(points,)``; ``peak``: ``T`` at the level; ``gamma``: ``Gamma`` in meV.

    Examples
    --------
    >>> round(float(breit_wigner_level_data(1.0, 3.0, 0.0).peak), 12)  # 4 * 3 / 16
    0.75
    """
    energies_meV = np.linspace(-half_width_meV, half_width_meV, points)
    options = {"level": level_meV * MEV, "gamma_left": gamma_left_meV * MEV, "gamma_right": gamma_right_meV * MEV}
    G = single_level_greens_function(energies_meV * MEV, **options)
    return FigureData(
        E=energies_meV, A=-2 * G.imag * MEV, T=breit_wigner(energies_meV * MEV, **options),
        peak=breit_wigner(level_meV * MEV, **options), gamma=gamma_left_meV + gamma_right_meV,
    )
