r"""Current noise of a two-terminal conductor: thermal noise and shot noise (chapter 12).

The current through a phase-coherent conductor with transmission eigenvalues
:math:`T_n` fluctuates for two reasons: the reservoirs are at a finite
temperature (each occupation :math:`f` fluctuates by :math:`f(1 - f)`), and
an electron that is sent in is either transmitted or reflected (a binomial
choice with variance :math:`T_n(1 - T_n)`).  For energy-independent
transmissions the zero-frequency noise power is

.. math::

    S = \frac{2 g_s e^2}{h} \sum_n \int dE\,
        \Big\{ T_n \big[f_L(1 - f_L) + f_R(1 - f_R)\big]
             + T_n (1 - T_n) (f_L - f_R)^2 \Big\}.

With :math:`\int f(1 - f)\,dE = k_BT` and
:math:`\int (f_L - f_R)^2\, dE = eV\coth(eV/2k_BT) - 2k_BT` this is

.. math::

    S = \frac{2 g_s e^2}{h} \Big[ 2 k_BT \sum_n T_n^2
        + eV \coth\!\Big(\frac{eV}{2k_BT}\Big) \sum_n T_n (1 - T_n) \Big].

Its two limits are the Johnson-Nyquist noise :math:`S = 4 k_BT\,G`
(:math:`V \to 0`, with :math:`G = (g_s e^2/h)\sum_n T_n`) and the shot noise
:math:`S = 2 e |I| F` (:math:`k_BT \to 0`, with :math:`I = G V`) with the Fano
factor

.. math:: F = \frac{\sum_n T_n (1 - T_n)}{\sum_n T_n}.

A tunnel barrier (all :math:`T_n \ll 1`) has :math:`F = 1`, the Poisson value
of uncorrelated electrons (Schottky); open channels (:math:`T_n = 1`) are
noiseless.  Averaged over the transmission distribution of a diffusive wire
(bimodal, :math:`\rho(T) \propto 1/(T\sqrt{1 - T})`) :math:`F = 1/3`; for a
chaotic cavity with two equal contacts of many channels
(:math:`\rho(T) = 1/(\pi\sqrt{T(1 - T)})`) :math:`F = 1/4`.

Units and conventions
---------------------
* ``S`` is the one-sided spectral density of the current fluctuations, in
  A^2/Hz: ``S = 2 int <dI(t) dI(0)> dt`` (the convention in which a Poisson
  process gives ``S = 2 e |I|``).  Some texts quote half of it.
* ``g_s`` (``spin_degeneracy``, default 2) multiplies every conductance and
  noise; the transmissions ``T_n`` are per spin.  With ``g_s = 2`` the
  prefactor ``2 g_s e^2/h`` is ``4 e^2/h = 2 G0``.
* ``kT`` in eV, ``bias`` in volts (``e V`` in eV is the same number), the
  bias applied symmetrically, ``mu_L - mu_R = e V``, as in
  :mod:`qtransport.landauer`; conductance in siemens, current in amperes.
* The ``T_n`` are taken as constant over the transport window, from a few
  ``kT`` below ``mu_R`` to a few ``kT`` above ``mu_L``.

References
----------
Ya. M. Blanter and M. Büttiker, Phys. Rep. 336, 1 (2000);
M. Büttiker, Phys. Rev. B 46, 12485 (1992); C. W. J. Beenakker and
M. Büttiker, Phys. Rev. B 46, 1889 (1992); R. A. Jalabert, J.-L. Pichard and
C. W. J. Beenakker, Europhys. Lett. 27, 255 (1994).  Course chapter 12.
"""

from __future__ import annotations

import numpy as np
from scipy import integrate

from qtransport._validation import (
    as_real_array,
    check_choice,
    check_nonnegative,
    check_probability,
    check_spin_degeneracy,
    unwrap_0d,
)
from qtransport.constants import e, h

__all__ = [
    "fano_factor",
    "shot_noise",
    "johnson_nyquist_noise",
    "two_terminal_noise",
    "transmission_density",
    "distribution_fano_factor",
    "DISTRIBUTIONS",
]

#: Named distributions of transmission eigenvalues known to :func:`transmission_density`.
DISTRIBUTIONS: tuple[str, ...] = ("diffusive", "cavity")


def _transmissions(transmissions):
    T = np.atleast_1d(check_probability(transmissions, "transmissions"))
    if T.shape[-1] == 0:
        raise ValueError("`transmissions` is empty: give the transmission of at least one channel.")
    return T


def fano_factor(transmissions):
    r"""Fano factor ``F = sum T_n (1 - T_n) / sum T_n`` of a set of channels.

    Parameters
    ----------
    transmissions : array_like
        Transmission eigenvalues ``T_n`` in [0, 1]; the sums run over the last
        axis (a scalar is one channel).  At least one must be non-zero.

    Returns
    -------
    float or ndarray
        ``F`` in [0, 1]: the shot noise in units of the Poisson value
        ``2 e |I|``.

    References
    ----------
    Ya. M. Blanter and M. Büttiker, Phys. Rep. 336, 1 (2000).
    Course chapter 12.

    Examples
    --------
    >>> float(fano_factor([1.0, 1.0, 0.5]))  # only the half-open channel is noisy
    0.1
    >>> round(float(fano_factor(1e-6)), 6)  # a tunnel barrier: Poisson noise
    1.0
    """
    T = _transmissions(transmissions)
    total = T.sum(axis=-1)
    if np.any(total == 0):
        raise ValueError(
            "`transmissions` are all zero (for at least one set): no current flows and the Fano "
            "factor, noise over current, is undefined."
        )
    return unwrap_0d(np.sum(T * (1.0 - T), axis=-1) / total)


def shot_noise(bias, *, transmissions, spin_degeneracy=2):
    r"""Zero-temperature shot noise ``S = 2 e |I| F`` in A^2/Hz.

    .. math::

        S = \frac{2 g_s e^3 |V|}{h} \sum_n T_n (1 - T_n) = 2 e |I|\, F,
        \qquad I = \frac{g_s e^2}{h} V \sum_n T_n .

    Parameters
    ----------
    bias : array_like
        Voltage ``V`` in volts (any sign).
    transmissions : array_like
        Transmission eigenvalues ``T_n`` per spin, summed over the last axis.
    spin_degeneracy : int, optional
        ``g_s`` (default 2).

    Returns
    -------
    float or ndarray
        ``S`` in A^2/Hz, broadcast shape of ``bias`` and of ``transmissions``
        without its last axis.

    References
    ----------
    Ya. M. Blanter and M. Büttiker, Phys. Rep. 336, 1 (2000).
    Course chapter 12.

    Examples
    --------
    One half-open spin-degenerate channel at 1 mV: ``I = G0/2 * 1 mV`` and
    ``F = 1/2``, so ``S = e I``:

    >>> from qtransport.constants import G0, e
    >>> S = shot_noise(1e-3, transmissions=0.5)
    >>> round(float(S / (e * G0 / 2 * 1e-3)), 12)
    1.0
    """
    bias = as_real_array(bias, "bias")
    T = _transmissions(transmissions)
    g_s = check_spin_degeneracy(spin_degeneracy)
    noise = np.sum(T * (1.0 - T), axis=-1)
    return unwrap_0d(2.0 * g_s * e**3 / h * np.abs(bias) * noise)


def johnson_nyquist_noise(conductance, *, kT):
    r"""Equilibrium (thermal) noise ``S = 4 k_B T G`` in A^2/Hz.

    Parameters
    ----------
    conductance : array_like
        Conductance ``G`` >= 0 in siemens.
    kT : array_like
        Thermal energy ``k_B T`` >= 0 in eV (converted to joules here).  All
        inputs broadcast.

    Returns
    -------
    float or ndarray
        ``S = 4 kT G`` in A^2/Hz (one-sided).

    References
    ----------
    J. B. Johnson, Phys. Rev. 32, 97 (1928); H. Nyquist, Phys. Rev. 32, 110
    (1928).  Course chapter 12.

    Examples
    --------
    A 1 kOhm resistor at room temperature (``kT = 25.85 meV``), about
    ``(4 nV/sqrt(Hz))^2 / (1 kOhm)^2``:

    >>> from qtransport.constants import thermal_energy
    >>> S = johnson_nyquist_noise(1e-3, kT=thermal_energy(300.0))
    >>> round(float(np.sqrt(S) * 1e3 * 1e9), 3)  # voltage noise in nV/sqrt(Hz)
    4.07
    """
    G = check_nonnegative(conductance, "conductance", hint="A passive conductor has G >= 0.")
    kT = check_nonnegative(
        kT, "kT", hint="Temperature is absolute: use kT = 0 for the ground state."
    )
    return unwrap_0d(4.0 * (kT * e) * G)


def _ev_coth(ev, kT):
    """e V coth(e V / 2kT) in eV, finite at V = 0 (-> 2 kT) and at kT = 0 (-> |eV|)."""
    ev, kT = np.broadcast_arrays(np.abs(ev), kT)
    out = np.array(ev, dtype=float)  # kT = 0: |eV|
    warm = kT > 0
    if np.any(warm):
        x = ev[warm] / (2.0 * kT[warm])
        # x coth x, equal to 1 at x = 0; tanh saturates cleanly for large x.
        with np.errstate(invalid="ignore", divide="ignore"):
            xcoth = np.where(x > 0, x / np.tanh(x), 1.0)
        out[warm] = 2.0 * kT[warm] * xcoth
    return out


def two_terminal_noise(bias, *, transmissions, kT, spin_degeneracy=2):
    r"""Noise at bias ``V`` and temperature ``T`` (energy-independent transmissions).

    .. math::

        S = \frac{2 g_s e^2}{h} \Big[ 2 k_BT \sum_n T_n^2
            + eV \coth\!\Big(\frac{eV}{2k_BT}\Big) \sum_n T_n (1 - T_n) \Big],

    the crossover from Johnson-Nyquist noise ``4 kT G`` (``|eV| << kT``) to
    shot noise ``2 e |I| F`` (``|eV| >> kT``).

    Parameters
    ----------
    bias : array_like
        Voltage ``V`` in volts.
    transmissions : array_like
        Transmission eigenvalues ``T_n`` per spin, summed over the last axis.
    kT : array_like
        Thermal energy ``k_B T`` >= 0 in eV (the same in both reservoirs).
        Broadcasts with ``bias`` (and with ``transmissions`` without its last
        axis).
    spin_degeneracy : int, optional
        ``g_s`` (default 2).

    Returns
    -------
    float or ndarray
        ``S`` in A^2/Hz (one-sided).

    Notes
    -----
    ``e V coth(e V / 2kT)`` is evaluated as ``2 kT x coth x`` with
    ``x = e V / 2kT``, so that ``V = 0`` and ``kT = 0`` are both exact.

    References
    ----------
    Ya. M. Blanter and M. Büttiker, Phys. Rep. 336, 1 (2000).  Course
    chapter 12.

    Examples
    --------
    One half-open channel: at zero bias the thermal noise ``4 kT G``, at
    ``e V = 10 kT`` the shot noise plus a thermal part ``2 kT sum T_n^2``
    (here ``(2 + 10 coth 5) / 10 = 1.2002`` times the shot noise):

    >>> from qtransport.constants import G0
    >>> kT = 1e-4
    >>> S0 = two_terminal_noise(0.0, transmissions=0.5, kT=kT)
    >>> round(float(S0 / (4 * kT * 1.602176634e-19 * G0 / 2)), 12)  # 4 kT G
    1.0
    >>> S = two_terminal_noise(10 * kT, transmissions=0.5, kT=kT)
    >>> round(float(S / shot_noise(10 * kT, transmissions=0.5)), 4)
    1.2002
    """
    bias = as_real_array(bias, "bias")
    T = _transmissions(transmissions)
    kT = check_nonnegative(
        kT, "kT", hint="Temperature is absolute: use kT = 0 for the ground state."
    )
    g_s = check_spin_degeneracy(spin_degeneracy)
    sum_t2 = np.sum(T**2, axis=-1)
    sum_partition = np.sum(T * (1.0 - T), axis=-1)
    bracket = 2.0 * kT * sum_t2 + _ev_coth(bias, kT) * sum_partition  # eV
    return unwrap_0d(2.0 * g_s * e**2 / h * e * bracket)


def transmission_density(transmission, *, kind):
    r"""Density ``rho(T)`` of transmission eigenvalues of a standard ensemble.

    ``'diffusive'``
        Diffusive wire much longer than the mean free path (bimodal
        distribution of Dorokhov and of Mello, Pereyra and Kumar):
        ``rho(T) = 1 / (2 T sqrt(1 - T))``, normalized per unit of mean
        dimensionless conductance, ``int T rho dT = 1``.  It cannot be
        normalized to a number of channels: the weight at ``T -> 0`` (closed
        channels) diverges, and is cut off at ``T ~ exp(-2L/l)`` in a real wire.
    ``'cavity'``
        Chaotic cavity with two equal contacts of many channels each:
        ``rho(T) = 1 / (pi sqrt(T (1 - T)))``, normalized to one channel,
        ``int rho dT = 1``.

    Parameters
    ----------
    transmission : array_like
        Values of ``T`` in (0, 1); both densities diverge (integrably) at the ends.
    kind : {'diffusive', 'cavity'}
        The ensemble.

    Returns
    -------
    float or ndarray
        ``rho(T)``; ``inf`` at an end point where it diverges.

    References
    ----------
    O. N. Dorokhov, Solid State Commun. 51, 381 (1984); P. A. Mello,
    P. Pereyra and N. Kumar, Ann. Phys. 181, 290 (1988); R. A. Jalabert,
    J.-L. Pichard and C. W. J. Beenakker, Europhys. Lett. 27, 255 (1994);
    Ya. M. Blanter and M. Büttiker, Phys. Rep. 336, 1 (2000).
    Course chapter 12.

    Examples
    --------
    >>> transmission_density([0.25, 0.5], kind="cavity").round(6)
    array([0.735105, 0.63662 ])
    """
    check_choice(kind, "kind", DISTRIBUTIONS)
    T = check_probability(transmission, "transmission")
    with np.errstate(divide="ignore"):
        if kind == "diffusive":
            out = 0.5 / (T * np.sqrt(1.0 - T))
        else:
            out = 1.0 / (np.pi * np.sqrt(T * (1.0 - T)))
    return unwrap_0d(out)


# rho(T) * T = T^alpha (1 - T)^beta * smooth(T) for each named distribution.
_SINGULAR_PARTS = {
    "diffusive": (0.0, -0.5, lambda T: 0.5),
    "cavity": (0.5, -0.5, lambda T: 1.0 / np.pi),
}


def distribution_fano_factor(kind):
    r"""Fano factor averaged over a distribution of transmissions.

    .. math::

        F = \frac{\int_0^1 \rho(T)\, T (1 - T)\, dT}{\int_0^1 \rho(T)\, T\, dT},

    the limit of :func:`fano_factor` for many channels drawn from ``rho``.

    Parameters
    ----------
    kind : {'diffusive', 'cavity'}
        The ensemble of :func:`transmission_density`.

    Returns
    -------
    float
        ``F``: 1/3 for the diffusive wire, 1/4 for the symmetric chaotic cavity.

    Notes
    -----
    The densities diverge at ``T = 0`` and ``T = 1`` like powers of ``T`` and
    ``1 - T``.  Writing ``rho(T) T = T^a (1 - T)^b g(T)`` with a smooth
    ``g`` (``a = 0, b = -1/2`` for the wire, ``a = 1/2, b = -1/2`` for the
    cavity), both integrals are done by :func:`scipy.integrate.quad` with the
    algebraic weight ``weight='alg', wvar=(a, b)``, a Gauss rule built for
    exactly these end-point singularities.

    References
    ----------
    C. W. J. Beenakker and M. Büttiker, Phys. Rev. B 46, 1889 (1992);
    R. A. Jalabert, J.-L. Pichard and C. W. J. Beenakker, Europhys. Lett. 27,
    255 (1994).  Course chapter 12.

    Examples
    --------
    >>> round(distribution_fano_factor("diffusive"), 12)
    0.333333333333
    >>> round(distribution_fano_factor("cavity"), 12)
    0.25
    """
    check_choice(kind, "kind", DISTRIBUTIONS)
    alpha, beta, smooth = _SINGULAR_PARTS[kind]
    options = {"weight": "alg", "wvar": (alpha, beta), "epsabs": 1e-14, "epsrel": 1e-12}
    conductance, _ = integrate.quad(smooth, 0.0, 1.0, **options)
    noise, _ = integrate.quad(lambda T: smooth(T) * (1.0 - T), 0.0, 1.0, **options)
    return float(noise / conductance)
