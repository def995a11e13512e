"""Data of the figures of chapter 6: symmetry and magnetic field.

* :func:`landau_levels_data`: bands of a strip in a field and its states at
  the Fermi energy;
* :func:`onsager_cross_data`: the transmission matrix of a disordered
  four-terminal cross at ``B`` and the transpose of the one at ``-B``;
* :func:`field_symmetry_sweep` and :func:`field_symmetry_data`: a
  disordered strip and cross against the field, with and without a
  magnetization (an extra flux), swept once and read at one setting;
* :func:`hall_sweep` and :func:`hall_plateaus_data`: Hall and longitudinal
  resistance of a lattice Hall bar over a field sweep;
* :func:`edge_currents_data`: the current density injected by one contact
  of the Hall bar;
* :func:`thermal_rounding_data`: a quantized step at finite temperature.

Lattice functions use the units of the tight-binding engine (``t = 1``,
``a = 1``, energies in units of ``t``); the field is the flux per plaquette
``phi = B a^2 / (h/e)`` in flux quanta, along ``+z`` for ``phi > 0``
(conventions: :mod:`qtransport.tb.geometries`).
"""

from __future__ import annotations

import functools

import numpy as np

from qtransport.constants import temperature_from_energy
from qtransport.figures._data import FigureData
from qtransport.models.quantum_hall import thermal_step_conductance

__all__ = [
    "landau_levels_data",
    "onsager_cross_data",
    "field_symmetry_sweep",
    "field_symmetry_data",
    "hall_sweep",
    "hall_plateaus_data",
    "edge_currents_data",
    "thermal_rounding_data",
]


def _nearest(grid, value):
    """Index of the point of ``grid`` closest to ``value`` (a setting snapped to a sweep)."""
    return int(np.argmin(np.abs(np.asarray(grid) - value)))


# ---------------------------------------------------------------------------
STRIP_WIDTH = 30


def landau_levels_data(flux, energy, *, width=STRIP_WIDTH, k_points=121, n_bands=10):
    """Bands of a strip in a field, the Landau levels, and the propagating states at one energy.

    The bands ``E_n(k)`` are :func:`qtransport.tb.hall.strip_bands`, the
    Landau levels ``hbar omega_c (n + 1/2)`` use
    :func:`qtransport.tb.hall.cyclotron_energy`, the states at ``energy``
    are :func:`qtransport.tb.hall.edge_states`.

    Parameters
    ----------
    flux : float
        Flux per plaquette, in flux quanta.
    energy : float
        Fermi energy, in units of ``t``.
    width : int, optional
        Sites across the strip.
    k_points : int, optional
        Wave numbers of the bands, on ``[-pi, pi]``.
    n_bands : int, optional
        The lowest bands returned.

    Returns
    -------
    FigureData
        ``k`` ``(k_points,)`` 1/a; ``bands`` ``(k_points, n_bands)`` in
        units of ``t``; ``levels`` ``(n_bands,)`` (empty at zero field);
        ``y`` ``(width,)``: the strip's coordinates; for each state at
        ``energy``: ``k_states``, ``velocity`` (sign: direction along
        ``x``), ``density`` ``(n_states, width)``, ``position`` (mean ``y``);
        ``n_right``: states moving along ``+x``; ``inner``: the smallest
        distance of a state from the middle, in sites.
    """
    from qtransport.tb.hall import cyclotron_energy, edge_states, strip_bands

    k = np.linspace(-np.pi, np.pi, k_points)
    states = edge_states(width, flux, energy)
    position = np.asarray(states.position)
    return FigureData(
        k=k, bands=strip_bands(width, flux, k)[:, :n_bands],
        levels=cyclotron_energy(flux) * (np.arange(n_bands) + 0.5) if flux else np.zeros(0),
        y=np.arange(width) - (width - 1) // 2, k_states=states.k, velocity=states.velocity,
        density=states.density, position=position, n_right=int((np.asarray(states.velocity) > 0).sum()),
        inner=float(np.min(np.abs(position))) if position.size else float(width) / 2,
    )


# ---------------------------------------------------------------------------
#: The cross of :func:`onsager_cross_data`: body 30 x 16, arms 8 wide, energy 0.9 t.
ONSAGER_CROSS = (30, 16, 8)
ONSAGER_ENERGY = 0.9
ONSAGER_SEED = 6


@functools.lru_cache(maxsize=1)
def onsager_device():
    """The disordered cross of :func:`onsager_cross_data`, its site mask and its disorder landscape.

    :func:`qtransport.tb.geometries.cross` with one sample of on-site
    energies uniform in ``[-1/2, 1/2]`` (seed :data:`ONSAGER_SEED`), scaled
    by the named parameter ``disorder``.
    """
    from qtransport.tb import geometries

    lx, ly, arm = ONSAGER_CROSS
    landscape = np.random.default_rng(ONSAGER_SEED).uniform(-1.0, 1.0, size=(lx, ly)) / 2.0

    def scaled(x, y, *, disorder):
        return disorder * landscape[np.rint(x).astype(int), np.rint(y).astype(int)]

    device = geometries.cross(lx, ly, arm, potential=scaled).finalized()
    mask, _ = geometries.site_grid(device)
    return device, mask, landscape


def onsager_cross_data(flux, disorder, *, energy=ONSAGER_ENERGY):
    """``T[i, j](B)`` of a disordered cross and ``T[j, i](-B)``: the Onsager-Casimir relation.

    Both fields are one call of :func:`qtransport.tb.transmission` on the
    cross of :func:`onsager_device`; terminals 0 = left, 1 = bottom,
    2 = right, 3 = top.

    Parameters
    ----------
    flux : float
        Flux per plaquette, in flux quanta.
    disorder : float
        Scale of the disorder sample, in units of ``t``.
    energy : float, optional
        Fermi energy, in units of ``t``.

    Returns
    -------
    FigureData
        ``T`` and ``T_rev`` ``(4, 4)``: ``T(B)`` and ``T(-B)`` transposed;
        ``potential`` (the device's box): the disorder potential, in units
        of ``t``; ``onsager``: ``max |T(B) - T(-B)^T|``; ``asymmetry``:
        ``max |T(B) - T(B)^T|``; ``channels`` ``(4,)``.
    """
    from qtransport.tb import transmission

    device, mask, landscape = onsager_device()
    both = transmission(device, energy, [{"flux": flux, "disorder": disorder},
                                         {"flux": -flux, "disorder": disorder}])
    T, T_rev = both.transmission[0], both.transmission[1].T
    return FigureData(T=T, T_rev=T_rev, potential=np.where(mask, disorder * landscape, 0.0),
                      onsager=float(np.abs(T - T_rev).max()), asymmetry=float(np.abs(T - T.T).max()),
                      channels=both.channels[0])


# ---------------------------------------------------------------------------
FIELD_FLUXES = np.round(np.arange(-0.03, 0.03 + 1e-9, 0.001), 6)
MAGNETIZATION_FLUX = 0.01
FIELD_ENERGY = 0.9
#: Disordered two-terminal strip (30 x 8) and four-terminal cross (24 x 12, arms 6) of
#: :func:`field_symmetry_sweep`, with their seeds.
FIELD_STRIP = {"length": 30, "width": 8, "disorder": 1.5, "seed": 3}
FIELD_CROSS = {"lx": 24, "ly": 12, "arm_width": 6, "disorder": 1.5, "seed": 4}


def field_symmetry_sweep(*, fluxes=FIELD_FLUXES, magnetization=MAGNETIZATION_FLUX, energy=FIELD_ENERGY,
                         progress=None):
    """Transmissions of the strip and the cross against the total flux through them.

    The total flux is the applied one plus ``-magnetization``, ``0`` or
    ``+magnetization``; the grid of fluxes must contain the magnetization
    shift (the three grids are taken from one sweep).  The strip and the
    cross (:func:`qtransport.tb.geometries.wire_with_side_probes` without
    probes and :func:`qtransport.tb.geometries.cross`) carry one disorder
    sample each, drawn once; every field is a parameter set of one batch of
    :func:`qtransport.tb.transmission`.

    Returns
    -------
    FigureData
        ``total``: the total fluxes swept; ``strip``: two-terminal
        ``T[1, 0]`` of the strip; ``cross``: ``(n, 4, 4)`` transmission
        matrices of the cross; ``fluxes``, ``magnetization``, ``shift`` (the
        magnetization in flux steps), ``energy``.
    """
    from qtransport.tb import geometries, transmission

    fluxes = np.asarray(fluxes, float)
    step = fluxes[1] - fluxes[0]
    shift = int(round(magnetization / step))
    if not np.isclose(shift * step, magnetization):
        raise ValueError(f"`magnetization` = {magnetization} must be a multiple of the flux step {step}.")
    total = fluxes[0] + step * np.arange(-shift, len(fluxes) + shift)
    wire = geometries.wire_with_side_probes(FIELD_STRIP["length"], FIELD_STRIP["width"], probe_centers=[],
                                            disorder=FIELD_STRIP["disorder"],
                                            rng=np.random.default_rng(FIELD_STRIP["seed"])).finalized()
    geometry = {k: FIELD_CROSS[k] for k in ("lx", "ly", "arm_width")}
    sample = geometries.cross(**geometry, disorder=FIELD_CROSS["disorder"],
                              rng=np.random.default_rng(FIELD_CROSS["seed"])).finalized()
    batch = [{"flux": float(flux)} for flux in total]
    n = len(total)

    def report(offset):
        return None if progress is None else (lambda done, _: progress(offset + done, 2 * n))

    strip = transmission(wire, energy, batch, progress=report(0)).transmission[:, 1, 0]
    crossing = transmission(sample, energy, batch, progress=report(n)).transmission
    return FigureData(total=total, strip=strip, cross=crossing, fluxes=fluxes, magnetization=magnetization,
                      shift=shift, energy=energy)


def field_symmetry_data(flux, magnetization, *, sweep):
    """The strip's ``G`` and the cross's ``T_10``, ``T_01`` at one magnetization, and their mirrors.

    Read from ``sweep`` (:func:`field_symmetry_sweep`): the applied-field
    grid shifted by the sign of ``magnetization``; "mirror" is the applied
    field reversed, "both" the applied field and the magnetization reversed.

    Parameters
    ----------
    flux : float
        Applied flux per plaquette to mark (snapped to the grid).
    magnetization : float
        Its sign selects ``-phi_M``, 0 or ``+phi_M``.
    sweep : FigureData
        From :func:`field_symmetry_sweep`.

    Returns
    -------
    FigureData
        ``i``: index of ``flux``; against ``sweep.fluxes``: ``G``,
        ``G_mirror``, ``G_both`` (units of ``2e^2/h``), ``T10``, ``T01``,
        ``T01_mirror``, ``T01_both``.
    """
    fluxes, shift = sweep["fluxes"], sweep["shift"]
    n = len(fluxes)

    def window(values, sign):
        start = shift + sign * shift
        return values[start:start + n]

    m = int(np.sign(magnetization))
    strip, strip_rev = window(sweep["strip"], m), window(sweep["strip"], -m)
    cross, cross_rev = window(sweep["cross"], m), window(sweep["cross"], -m)
    return FigureData(
        i=_nearest(fluxes, flux), G=strip, G_mirror=strip[::-1], G_both=strip_rev[::-1],
        T10=cross[:, 1, 0], T01=cross[:, 0, 1], T01_mirror=cross[:, 0, 1][::-1], T01_both=cross_rev[:, 0, 1][::-1],
    )


# ---------------------------------------------------------------------------
#: Fluxes of the Hall-bar sweep: a grid of step 0.002 that includes zero.
HALL_FLUXES = np.round(np.arange(-0.07, 0.0701, 0.002), 6)
HALL_ENERGY = 0.5
#: The Hall bar of :func:`hall_sweep` and :func:`edge_currents_data` (sites).
HALL_BAR = {"length": 60, "width": 20, "probe_width": 6}


def hall_sweep(*, fluxes=HALL_FLUXES, energy=HALL_ENERGY, progress=None):
    """Hall and longitudinal resistance of the course Hall bar over a field sweep.

    :func:`qtransport.tb.hall.hall_bar_sweep` with the bar :data:`HALL_BAR`.

    Returns
    -------
    tuple of (ndarray, HallResistances)
        The fluxes and the resistances (units of ``h/e^2``).
    """
    from qtransport.tb.hall import hall_bar_sweep

    fluxes = np.asarray(fluxes, float)
    return fluxes, hall_bar_sweep(fluxes, energy, **HALL_BAR, progress=progress)


def hall_plateaus_data(flux, *, sweep):
    """``R_xy`` and ``R_xx`` of the Hall bar over the sweep, and their values at one flux.

    Parameters
    ----------
    flux : float
        Flux per plaquette to mark (snapped to the sweep).
    sweep : tuple
        From :func:`hall_sweep`.

    Returns
    -------
    FigureData
        ``i``: index of ``flux``; ``r_xy``, ``r_xx`` (units of ``h/e^2``);
        ``nu``: channels of the current leads at ``flux``; ``marker``:
        ``(flux, R_xy, R_xx)`` there.
    """
    fluxes, res = sweep
    r_xy, r_xx, nu = np.asarray(res.r_xy), np.asarray(res.r_xx), np.asarray(res.nu)
    i = _nearest(fluxes, flux)
    return FigureData(i=i, r_xy=r_xy, r_xx=r_xx, nu=int(nu[i]), marker=np.array([fluxes[i], r_xy[i], r_xx[i]]))


@functools.lru_cache(maxsize=1)
def hall_bar_device():
    """The finalized Hall bar :data:`HALL_BAR` of :func:`qtransport.tb.geometries.hall_bar`."""
    from qtransport.tb import geometries

    return geometries.hall_bar(HALL_BAR["length"], HALL_BAR["width"], probe_width=HALL_BAR["probe_width"]).finalized()


def edge_currents_data(flux, energy):
    """Current density on the Hall bar of the electrons injected by contact 0.

    :func:`qtransport.tb.hall.site_current_density` on :func:`hall_bar_device`,
    laid on the bar's box by :func:`qtransport.tb.geometries.site_grid`.

    Parameters
    ----------
    flux : float
        Flux per plaquette, in flux quanta.
    energy : float
        Fermi energy, in units of ``t``.

    Returns
    -------
    FigureData
        ``jx``, ``jy``, ``magnitude`` ``(length, width)``: the current
        density (units of ``e/h`` per unit energy); ``nu``: channels of the
        current leads.
    """
    from qtransport.tb import geometries
    from qtransport.tb.hall import site_current_density

    device = hall_bar_device()
    j, nu = site_current_density(device, energy, 0, {"flux": flux})
    grid, _ = geometries.site_grid(device, j, fill=0.0)  # (length, width, 2): the bar's own box
    jx, jy = grid[..., 0], grid[..., 1]
    return FigureData(jx=jx, jy=jy, magnitude=np.hypot(jx, jy), nu=nu)


# ---------------------------------------------------------------------------
def thermal_rounding_data(kT_meV, delta_meV, n_filled, *, points=481, temperatures=200):
    """A quantized step ``G = (e^2/h)(N + f(E_F + Delta))`` rounded by temperature.

    :func:`qtransport.thermal_step_conductance` (spin-resolved channels)
    across the opening of channel ``N + 1``, at zero and at the chosen
    temperature, and the excess ``G/(e^2/h) - N`` a distance ``Delta`` below
    the threshold against ``1/k_BT``.

    Parameters
    ----------
    kT_meV : float
        Thermal energy, in meV (>= 0).
    delta_meV : float
        Distance of the Fermi energy below the threshold, in meV.
    n_filled : int
        Channels below the Fermi energy.
    points : int, optional
        Detunings ``E_F - E_{N+1}`` on ``[-6, 6]`` meV.
    temperatures : int, optional
        Values of ``1/k_BT`` on ``[0.1, 10]`` 1/meV.

    Returns
    -------
    FigureData
        ``detuning`` ``(points,)`` meV; ``cold``, ``warm`` ``(points,)`` in
        units of ``e^2/h``; ``inverse_kT`` ``(temperatures,)`` 1/meV and
        ``excess`` ``(temperatures,)``; ``excess_now`` at ``kT_meV``;
        ``kelvin``: the temperature in K.

    Examples
    --------
    >>> data = thermal_rounding_data(0.5, 2.0, 2)
    >>> bool(abs(data.excess_now - 1 / (1 + float(np.exp(4.0)))) < 1e-12)  # f(E_F + Delta)
    True
    """
    detuning = np.linspace(-6.0, 6.0, points)  # E_F - E_{N+1} (meV)
    inverse_kT = np.linspace(0.1, 10.0, temperatures)  # 1/meV
    step = {"unit": "e^2/h"}
    return FigureData(
        detuning=detuning, inverse_kT=inverse_kT,
        cold=thermal_step_conductance(n_filled, delta=-detuning, kT=0.0, **step),
        warm=thermal_step_conductance(n_filled, delta=-detuning, kT=kT_meV, **step),
        excess=thermal_step_conductance(n_filled, delta=delta_meV, kT=1.0 / inverse_kT, **step) - n_filled,
        excess_now=float(thermal_step_conductance(n_filled, delta=delta_meV, kT=kT_meV, **step)) - n_filled,
        kelvin=float(temperature_from_energy(kT_meV * 1e-3)),
    )
