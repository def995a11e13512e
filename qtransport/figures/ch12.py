"""Data of the figures of chapter 12: noise, heat and interference.

* :func:`qpc_fano_data`: conductance and zero-temperature Fano factor of a
  saddle-point constriction against its gate.
* :func:`noise_crossover_data`: noise of one channel from Johnson-Nyquist
  to shot noise, against bias and temperature.
* :func:`qpc_thermopower_data`: conductance, Seebeck coefficient and Lorenz
  ratio of the same constriction against its gate.
* :func:`level_zt_data`: figure of merit of a resonant level against its position.
* :func:`ring_interference_data`: an Aharonov-Bohm ring, one sample and the
  ensemble average.
* :func:`wire_noise_data`: disordered wires: eigenvalue density, Fano factor
  and conductance fluctuations.

The lattice figures select from ensembles computed beforehand (the ``data``
arguments) by :func:`ring_data` and :func:`wire_data`.
"""

from __future__ import annotations

import numpy as np

from qtransport.constants import G0, e, k_B, thermal_energy
from qtransport.figures._data import FigureData
from qtransport.figures._grid import nearest_index
from qtransport.models.noise import (
    fano_factor,
    johnson_nyquist_noise,
    shot_noise,
    transmission_density,
    two_terminal_noise,
)
from qtransport.models.qpc import saddle_point_transmission
from qtransport.models.resonant import breit_wigner
from qtransport.models.thermoelectric import (
    LORENZ_NUMBER,
    sampled_figure_of_merit,
    sampled_mott_seebeck,
    sampled_thermoelectric_coefficients,
    thermal_conductance_quantum,
)
from qtransport.tb.interference import (
    conductance_fluctuations,
    eigenvalue_density,
    flux_harmonics,
    ring_flux_sweep,
)

__all__ = [
    "ring_data",
    "wire_data",
    "qpc_fano_data",
    "noise_crossover_data",
    "qpc_thermopower_data",
    "level_zt_data",
    "ring_interference_data",
    "wire_noise_data",
]

#: Transverse subband spacing of the constriction in the QPC figures (meV).
QPC_HW_Y_MEV = 1.0
#: Modes of the saddle included (enough for the gate range shown).
QPC_MODES = 8
#: Gate axis of the QPC figures: how far the Fermi energy lies above the saddle, E_F - V0 (meV).
QPC_GATES = np.linspace(-1.0, 5.0, 241)
#: Bias (µV) and temperature (K) axes of the noise figure.
BIAS_UV = np.linspace(-400.0, 400.0, 401)
TEMPS_K = np.geomspace(0.01, 20.0, 300)
#: Level positions of the ZT figure, (eps - mu) / kT.
LEVELS = np.linspace(-10.0, 10.0, 161)
#: Units of the noise figure (A^2/Hz).
NOISE_UNIT = 1e-27


def _qpc_gates(points):
    """The gate axis ``E_F - V0`` (meV) with ``points`` points from -1 to 5 meV."""
    return np.linspace(-1.0, 5.0, points)


def _qpc_transmissions(energy_mev, hw_x_mev):
    """Mode transmissions of the saddle with its top at 0 (energies in meV)."""
    return saddle_point_transmission(energy_mev, V0=0.0, hw_x=hw_x_mev, hw_y=QPC_HW_Y_MEV, n_modes=QPC_MODES)


# ---------------------------------------------------------------------------
# 1. Fano factor of a QPC
# ---------------------------------------------------------------------------


def qpc_fano_data(hw_x_mev, *, points=241, modes_shown=4):
    """Conductance and Fano factor ``F = sum T_n (1 - T_n) / sum T_n`` of a saddle against its gate.

    Mode transmissions from :func:`qtransport.models.qpc.saddle_point_transmission`
    (``hbar omega_y`` = :data:`QPC_HW_Y_MEV`), the Fano factor from
    :func:`qtransport.models.noise.fano_factor`, at zero temperature.

    Parameters
    ----------
    hw_x_mev : float
        Curvature ``hbar omega_x`` of the saddle (meV).
    points : int, optional
        Gate values ``E_F - V0`` from -1 to 5 meV.
    modes_shown : int, optional
        Modes whose contributions ``T_n (1 - T_n) / sum T`` are returned.

    Returns
    -------
    FigureData
        ``gate`` (points,) (meV); ``G`` (points,) (units of ``G0 = 2e^2/h``);
        ``F`` (points,); ``modes`` (modes_shown, points).
    """
    x = _qpc_gates(points)
    T = _qpc_transmissions(x, hw_x_mev)  # E_F - V0 on the axis: the saddle top at 0
    total = T.sum(axis=-1)
    return FigureData(gate=x, G=total, F=fano_factor(T), modes=(T * (1 - T) / total[:, None]).T[:modes_shown])


# ---------------------------------------------------------------------------
# 2. thermal to shot noise
# ---------------------------------------------------------------------------


def noise_crossover_data(temperature_K, bias_uV, transmission, *, bias_points=401, temperature_points=300):
    """Noise of one spin-degenerate channel against bias and temperature.

    ``S`` is :func:`qtransport.models.noise.two_terminal_noise` for an
    energy-independent transmission, with its limits ``4 kT G``
    (:func:`~qtransport.models.noise.johnson_nyquist_noise`) and
    ``2 e |I| F`` (:func:`~qtransport.models.noise.shot_noise`), ``F = 1 - T``.

    Parameters
    ----------
    temperature_K : float
        Temperature (K).
    bias_uV : float
        Bias of the temperature sweep (µV).
    transmission : float
        Transmission of the channel.
    bias_points, temperature_points : int, optional
        Biases from -400 to 400 µV and temperatures log-spaced from 0.01 to 20 K.

    Returns
    -------
    FigureData
        ``bias`` (bias_points,) (µV), ``S_v``, ``shot_v``; ``temperature``
        (temperature_points,) (K), ``S_t``, ``thermal_t``; ``thermal``,
        ``shot`` floats; all noise in units of :data:`NOISE_UNIT`;
        ``kT_ueV`` (µeV), ``F`` Fano factor.
    """
    bias = np.linspace(-400.0, 400.0, bias_points)
    temperatures = np.geomspace(0.01, 20.0, temperature_points)
    kT = float(thermal_energy(temperature_K))
    G = G0 * transmission
    kTs = thermal_energy(temperatures)
    v = bias * 1e-6
    return FigureData(
        bias=bias, S_v=two_terminal_noise(v, transmissions=transmission, kT=kT) / NOISE_UNIT,
        shot_v=shot_noise(v, transmissions=transmission) / NOISE_UNIT,
        thermal=float(johnson_nyquist_noise(G, kT=kT)) / NOISE_UNIT,
        temperature=temperatures,
        S_t=two_terminal_noise(bias_uV * 1e-6, transmissions=transmission, kT=kTs) / NOISE_UNIT,
        thermal_t=johnson_nyquist_noise(G, kT=kTs) / NOISE_UNIT,
        shot=float(shot_noise(bias_uV * 1e-6, transmissions=transmission)) / NOISE_UNIT,
        kT_ueV=kT * 1e6, F=1.0 - transmission,
    )


# ---------------------------------------------------------------------------
# 3. thermopower of a QPC
# ---------------------------------------------------------------------------


def _qpc_grid(kT_mev, hw_x_mev):
    """Energies (meV) about the Fermi energy at 0: mu +- 31 kT, steps resolving kT and the steps of T(E)."""
    step = min(kT_mev / 2.5, hw_x_mev / 5.0)
    half = int(np.ceil(31.0 * kT_mev / step))
    return step * np.arange(-half, half + 1)


def qpc_thermopower_data(temperature_K, hw_x_mev, *, points=241, mott_every=6, plateaus=5):
    """Thermoelectric coefficients of the saddle against the gate.

    The transmission depends on ``E - V0`` only: with the Fermi energy at 0
    on a common grid, row ``k`` holds ``T(E + g_k)`` for the gate value
    ``g_k = E_F - V0``, and one call of
    :func:`qtransport.models.thermoelectric.sampled_thermoelectric_coefficients`
    computes the whole sweep; Mott's formula is
    :func:`~qtransport.models.thermoelectric.sampled_mott_seebeck`.

    Parameters
    ----------
    temperature_K : float
        Temperature (K).
    hw_x_mev : float
        Curvature of the saddle (meV).
    points : int, optional
        Gate values from -1 to 5 meV.
    mott_every : int, optional
        Mott's formula at every ``mott_every``-th gate value.
    plateaus : int, optional
        Number of reference peak heights ``-(k_B/e) ln 2 / (N + 1/2)``.

    Returns
    -------
    FigureData
        ``gate`` (points,) (meV); ``G`` (units of ``G0``), ``S`` (µV/K),
        ``lorenz`` (``kappa / (G T)`` over the Sommerfeld value); ``mott_gate``,
        ``mott`` (µV/K); ``peaks`` (plateaus,) (µV/K).
    """
    gates = _qpc_gates(points)
    kT_mev = float(thermal_energy(temperature_K)) * 1e3
    grid = _qpc_grid(kT_mev, hw_x_mev)
    T = _qpc_transmissions(grid[None, :] + gates[:, None], hw_x_mev).sum(axis=-1)
    c = sampled_thermoelectric_coefficients(grid * 1e-3, T, mu=0.0, kT=kT_mev * 1e-3)
    mott = sampled_mott_seebeck(grid * 1e-3, T[::mott_every], mu=0.0, kT=kT_mev * 1e-3)
    return FigureData(
        gate=gates, G=c.conductance / G0, S=c.seebeck * 1e6, lorenz=c.lorenz_ratio / LORENZ_NUMBER,
        mott_gate=gates[::mott_every], mott=mott * 1e6,
        peaks=-np.log(2) / (np.arange(plateaus) + 0.5) * (k_B / e * 1e6),
    )


# ---------------------------------------------------------------------------
# 4. ZT of a resonant level
# ---------------------------------------------------------------------------


def _level_grid(width):
    """Energies (units of kT) about a level at 0: dense within a few widths of it, steps <= kT/2.5 everywhere."""
    a = width / 10.0
    u_max = np.arcsinh(min(45.0, 40.0 * width) / a)
    dense = a * np.sinh(np.arange(-u_max, u_max + 0.025, 0.05))
    coarse = np.linspace(-45.0, 45.0, 226)
    return np.union1d(dense[np.abs(dense) < 45.0], coarse)


def level_zt_data(width, phonon, *, levels=LEVELS):
    """ZT, Seebeck coefficient and conductance of a symmetric Breit-Wigner level against its position.

    The level (:func:`qtransport.models.resonant.breit_wigner`) stays at 0
    and the Fermi energy moves; ``ZT`` from
    :func:`qtransport.models.thermoelectric.sampled_figure_of_merit` with a
    phonon heat conductance, ``S`` and ``G`` from
    :func:`~qtransport.models.thermoelectric.sampled_thermoelectric_coefficients`.

    Parameters
    ----------
    width : float
        Full width ``Gamma`` of the level in units of ``kT`` (``Gamma_L = Gamma_R``).
    phonon : float
        Phonon heat conductance in units of ``g_s kappa_0``, ``kappa_0 = pi^2 k_B^2 T / 3h``.
    levels : array_like, optional
        Level positions ``(eps - mu)/kT``.

    Returns
    -------
    FigureData
        ``x`` (L,) level positions; ``zt``, ``S`` (units of ``k_B/e``),
        ``G`` (units of ``G0``) (L,); ``best`` index of the largest ``ZT``.
    """
    kT = 1e-3  # eV; every result depends on energies only through ratios to kT
    levels = np.asarray(levels, dtype=float)
    x = _level_grid(width)
    T = breit_wigner(x, level=0.0, gamma_left=width / 2, gamma_right=width / 2)
    mu = -levels * kT  # the level at 0, the Fermi energy moved instead
    kappa_ph = phonon * 2 * thermal_conductance_quantum(kT)
    zt = sampled_figure_of_merit(x * kT, T, mu=mu, kT=kT, phonon_conductance=kappa_ph)
    c = sampled_thermoelectric_coefficients(x * kT, T, mu=mu, kT=kT)
    return FigureData(x=levels, zt=zt, S=c.seebeck / (k_B / e), G=c.conductance / G0, best=int(np.argmax(zt)))


# ---------------------------------------------------------------------------
# 5. Aharonov-Bohm ring
# ---------------------------------------------------------------------------


def _mean_and_error(values, axis=0):
    """Mean along ``axis`` and its standard error (zero for a single value)."""
    n = values.shape[axis]
    mean = values.mean(axis=axis)
    error = values.std(axis=axis, ddof=1) / np.sqrt(n) if n > 1 else 0 * mean
    return mean, error


def ring_interference_data(disorder, rings, *, data, fit_points=201):
    """One Aharonov-Bohm ring against disorder and the ensemble average with its flux harmonics.

    The harmonics ``<T> = a0 + c1 cos 2 pi Phi + c2 cos 4 pi Phi`` are
    :func:`qtransport.tb.interference.flux_harmonics` of the average over
    the first ``rings`` rings and all energies; the errors of ``<T>`` are
    taken after each sample's own flux average is removed, those of ``c1``,
    ``c2`` from the harmonics of the single samples.

    Parameters
    ----------
    disorder : float
        Disorder of the single ring, a key of ``data["samples"]``.
    rings : int
        Rings averaged (at most those of the ensemble).
    data : dict
        ``"samples"`` (disorder -> RingSweep) and ``"ensemble"`` (RingSweep,
        transmissions (R, E, F)).
    fit_points : int, optional
        Fluxes of the fitted curve over one period.

    Returns
    -------
    FigureData
        ``phi_one`` (F1,), ``one`` (F1,) the single ring; ``phi`` (F,),
        ``mean``, ``sem`` (F,); ``fine`` (fit_points,), ``fit``; ``c`` (2,),
        ``c_err`` (2,) the ``h/e`` and ``h/2e`` amplitudes; ``typical_c1``
        r.m.s. ``c1`` of single samples; ``rings`` used, ``energies`` count.
    """
    sample, ens = data["samples"][disorder], data["ensemble"]
    phi = np.asarray(ens.fluxes)
    r = int(min(rings, ens.transmissions.shape[0]))
    t = ens.transmissions[:r].reshape(-1, phi.size)
    mean = t.mean(axis=0)
    _, sem = _mean_and_error(t - t.mean(axis=1, keepdims=True))
    h = flux_harmonics(phi, mean)
    c = flux_harmonics(phi, ens.transmissions[:r]).cos.reshape(-1, 2)
    _, c_err = _mean_and_error(c)
    fine = np.linspace(0.0, 1.0, fit_points)
    return FigureData(
        phi_one=np.asarray(sample.fluxes), one=sample.transmissions[0, 0], phi=phi, mean=mean, sem=sem,
        fine=fine, fit=h.mean + h.cos[0] * np.cos(2 * np.pi * fine) + h.cos[1] * np.cos(4 * np.pi * fine),
        c=h.cos, c_err=c_err, typical_c1=float(np.sqrt(np.mean(c[:, 0] ** 2))), rings=r,
        energies=int(np.size(ens.energies)),
    )


# ---------------------------------------------------------------------------
# 6. disordered wires: eigenvalues, Fano factor, fluctuations
# ---------------------------------------------------------------------------

#: Field index of the wire ensembles by name.
WIRE_FIELDS = {"no field": 0, "in a field": 1}


def wire_noise_data(length, field, *, data, bins=20, points=300):
    """Transmission-eigenvalue density of disordered wires, their Fano factor and ``var T``.

    The density per unit mean conductance is
    :func:`qtransport.tb.interference.eigenvalue_density`, against Dorokhov's
    ``1/(2 T sqrt(1 - T))`` (:func:`qtransport.models.noise.transmission_density`).

    Parameters
    ----------
    length : int
        Wire length (sites); the nearest length of ``data`` is used.
    field : {"no field", "in a field"}
        Which ensemble.
    data : ConductanceFluctuations
        From :func:`qtransport.tb.interference.conductance_fluctuations` at fluxes ``(0, B)``.
    bins, points : int, optional
        Histogram bins over [0, 1] and points of Dorokhov's density.

    Returns
    -------
    FigureData
        ``edges`` (bins + 1,), ``centres``, ``rho`` (bins,); ``t_fine``,
        ``dorokhov`` (points,); ``lengths`` (L,), ``F``, ``F_err``, ``var``,
        ``var_err`` (L,); ``L`` the length used; ``g`` its mean transmission.
    """
    if field not in WIRE_FIELDS:
        raise ValueError(f"`field` must be one of {list(WIRE_FIELDS)}, got {field!r}.")
    lengths = np.asarray(data.lengths)
    i, j = nearest_index(lengths, length), WIRE_FIELDS[field]
    edges = np.linspace(0.0, 1.0, bins + 1)
    _, rho = eigenvalue_density(data.eigenvalues[j][i], bins=edges)
    t_fine = np.linspace(0.02, 0.995, points)
    return FigureData(
        edges=edges, centres=0.5 * (edges[1:] + edges[:-1]), rho=rho, t_fine=t_fine,
        dorokhov=transmission_density(t_fine, kind="diffusive"), lengths=lengths,
        F=data.fano.value[:, j], F_err=data.fano.error[:, j], var=data.variance[:, j],
        var_err=data.variance_error[:, j], L=int(lengths[i]), g=float(data.mean[i, j]),
    )


# ---------------------------------------------------------------------------
# lattice ensembles of the figures (seeded)
# ---------------------------------------------------------------------------

#: The ring of the course: radii 10 and 6, leads 4 sites wide, energies with two open channels.
RING = {"outer_radius": 10.0, "inner_radius": 6.0, "lead_width": 4}
RING_ENERGY = 2.2
RING_DISORDERS = (0.0, 0.5, 1.0, 2.0)
RING_SAMPLE_FLUXES = np.linspace(-1.5, 1.5, 97)
RING_ENSEMBLE_FLUXES = np.linspace(0.0, 1.0, 16, endpoint=False)
RING_ENSEMBLE_ENERGIES = np.linspace(2.05, 2.45, 6)
RING_ENSEMBLE_DISORDER = 1.0


def ring_data(*, realizations=16, energies=RING_ENSEMBLE_ENERGIES, fluxes=RING_ENSEMBLE_FLUXES, seed=12,
              progress=None):
    """Single rings against disorder and an ensemble of rings, for :func:`ring_interference_data`.

    Both are :func:`qtransport.tb.interference.ring_flux_sweep` of the ring
    :data:`RING` (radii in lattice constants, lead width in sites).

    Parameters
    ----------
    realizations : int, optional
        Rings of the ensemble.
    energies : array_like, optional
        Energies of the ensemble (units of t).
    fluxes : array_like, optional
        Fluxes through the hole of the ensemble (flux quanta ``h/e``).
    seed : int, optional
        Seed of the single rings; the ensemble uses ``seed + 1``.
    progress : callable, optional
        ``progress(done, total)`` of the ensemble (the single rings are quick).

    Returns
    -------
    dict
        ``"samples"``: ``{W: RingSweep}`` of one ring (the same random numbers
        scaled by ``W``) at :data:`RING_ENERGY` over :data:`RING_SAMPLE_FLUXES`;
        ``"ensemble"``: a :class:`~qtransport.tb.interference.RingSweep` of
        ``realizations`` rings at ``energies``, disorder :data:`RING_ENSEMBLE_DISORDER`.
    """
    samples = {}
    for w in RING_DISORDERS:
        samples[float(w)] = ring_flux_sweep(RING_SAMPLE_FLUXES, energies=RING_ENERGY, disorder=w, realizations=1,
                                            rng=np.random.default_rng(seed), **RING)
    ensemble = ring_flux_sweep(fluxes, energies=energies, disorder=RING_ENSEMBLE_DISORDER, realizations=realizations,
                               rng=np.random.default_rng(seed + 1), progress=progress, **RING)
    return {"samples": samples, "ensemble": ensemble}


WIRE_WIDTH, WIRE_ENERGY, WIRE_DISORDER = 20, 2.0, 1.5
WIRE_LENGTHS = (30, 60, 90)
#: Flux per plaquette of the wires "in a field": 4.8 to 14 flux quanta through the wires.
WIRE_FLUX = 0.008


def wire_data(*, lengths=WIRE_LENGTHS, realizations=60, seed=13, progress=None):
    """Disordered wires with and without a field, for :func:`wire_noise_data`.

    Parameters
    ----------
    lengths : sequence of int, optional
        Wire lengths (sites).
    realizations : int, optional
        Wires per length and field.
    seed : int, optional
        Seed of the random generator.
    progress : callable, optional
        ``progress(done, total)``.

    Returns
    -------
    ConductanceFluctuations
        From :func:`qtransport.tb.interference.conductance_fluctuations` at
        width :data:`WIRE_WIDTH`, ``E =`` :data:`WIRE_ENERGY`, ``W =``
        :data:`WIRE_DISORDER`, fluxes ``(0, WIRE_FLUX)``.
    """
    return conductance_fluctuations(lengths, WIRE_WIDTH, energy=WIRE_ENERGY, disorder=WIRE_DISORDER,
                                    fluxes=(0.0, WIRE_FLUX), realizations=realizations,
                                    rng=np.random.default_rng(seed), progress=progress)
