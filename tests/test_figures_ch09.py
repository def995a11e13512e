"""Data of the chapter-9 figures against closed forms, the lattice and reciprocity."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from qtransport.figures import ch09
from qtransport.tb.spintronics import datta_das_transmission, helical_conductance_scan


def test_weak_spin_valve_follows_julliere_and_a_normal_electrode_has_no_angle_dependence():
    data = ch09.spin_valve_data(0.5, 0.4, 0.05)
    assert np.allclose(data.lattice_ratio, 1 + 0.5 * 0.4 * np.cos(data.angles), atol=2e-3)
    assert np.isclose(data.tmr_julliere, 2 * 0.2 / (1 - 0.2))
    assert np.isclose(data.tmr, data.tmr_julliere, rtol=2e-2)
    normal = ch09.spin_valve_data(0.0, 0.6, 0.3, points=11)
    assert np.allclose(normal.lattice, normal.lattice[0], rtol=1e-10)
    assert np.isclose(normal.h[0], 0.0, atol=1e-12)


def test_magnetoresistance_closed_forms_and_contact_dilution():
    data = ch09.magnetoresistance_data(0.5, 0.3, 4.0, 1e-12, points=20, ratio_points=30)
    assert np.allclose(data.tmr_equal, 2 * data.p**2 / (1 - data.p**2))
    assert np.allclose(data.tmr_p1, 2 * 0.3 * data.p / (1 - 0.3 * data.p))
    assert np.allclose(data.gmr, (data.ratio - 1) ** 2 / (4 * data.ratio))
    # without a contact the two-current network gives the trilayer closed form
    assert np.allclose(data.gmr_contact, data.gmr, rtol=1e-9)
    assert np.isclose(data.gmr_here, data.gmr_bare) and np.isclose(data.gmr_bare, 9 / 16)
    diluted = ch09.magnetoresistance_data(0.5, 0.3, 4.0, 2.0, points=20, ratio_points=30)
    assert np.all(diluted.gmr_contact[1:] < diluted.gmr[1:]) and diluted.gmr_here < diluted.gmr_bare


def test_datta_das_lattice_fermi_points_are_split_by_the_closed_form_dk():
    alphas = np.array([0.0, 0.2, 0.4])
    table = datta_das_transmission(alphas, length=10, energy=ch09.DD_ENERGY)
    data = ch09.datta_das_data(10, 0.21, table=table, alphas=alphas, points=1441)
    assert data.alpha == 0.2 and data.i == 1
    assert data.k_cross.size == 2
    assert np.isclose(data.k_cross[1] - data.k_cross[0], data.dk, rtol=1e-3)
    assert np.all(data.same + data.flip <= 1 + 1e-12)
    assert np.isclose(data.same[0], 1.0) and np.isclose(data.precession[0], 1.0)
    # no spin-orbit coupling: both spins cross E = 1 t at the same k
    clean = ch09.datta_das_data(10, 0.0, table=table, alphas=alphas, points=1441)
    assert np.isclose(clean.k_cross[0], clean.k_cross[-1])


def test_helical_wire_lattice_transmission_counts_the_right_movers():
    energies = np.array([-0.05, 0.05, 0.5])
    scan = helical_conductance_scan(energies, alphas=(0.6,), zeemans=(0.0, 0.2))
    gapped = ch09.helical_wire_data(0.6, 0.2, 0.0, scan=scan, energies=energies, alphas=(0.6,),
                                    zeemans=(0.0, 0.2), points=101, count_points=3)
    assert np.allclose(gapped.T, [1.0, 1.0, 2.0], atol=1e-6)  # half step for |E| < E_z
    assert np.allclose(gapped.fine, [-0.05, 0.225, 0.5])
    assert np.allclose(gapped.count, [1.0, 2.0, 2.0])  # one right mover for |E| < E_z = 0.2 t
    assert np.isclose(gapped.T_here, 1.0, atol=1e-6)
    plain = ch09.helical_wire_data(0.6, 0.0, 0.5, scan=scan, energies=energies, alphas=(0.6,),
                                   zeemans=(0.0, 0.2), points=101, count_points=3)
    assert np.allclose(plain.T, 2.0, atol=1e-6)
    assert plain.bands.shape == (101, 2)


def _onsager_scan(rng, n_exchange=3, n_flux=5):
    """Random transmissions that obey T_ij(B, M) = T_ji(-B, -M) on grids symmetric about zero."""
    a = rng.random((n_exchange, n_flux, 4, 4))
    return a + np.swapaxes(a[::-1, ::-1], -1, -2)


def test_reciprocity_selects_the_reversed_field_and_magnetization():
    rng = np.random.default_rng(7)
    fluxes, exchanges = np.linspace(-0.02, 0.02, 5), (-1.0, 0.0, 1.0)
    scan = _onsager_scan(rng)
    data = ch09.reciprocity_data((2, 0), 1.0, 0.011, scan=scan, fluxes=fluxes, exchanges=exchanges)
    assert np.allclose(data.forward, data.reverse) and data.onsager < 1e-14
    assert np.isclose(data.b, 0.01) and data.asym.shape == (len(ch09.CROSS_PAIRS),)
    assert not np.allclose(data.forward, data.swapped)
    broken = ch09.reciprocity_data((2, 0), 1.0, 0.0, scan=rng.random((3, 5, 4, 4)), fluxes=fluxes,
                                   exchanges=exchanges)
    assert broken.onsager > 0.1


def test_antilocalization_average_over_energies_then_strips():
    rng = np.random.default_rng(8)
    tr = rng.random((2, 6, 4, 3))  # (alphas, strips, fluxes, energies)
    result = SimpleNamespace(transmissions=tr, fluxes=[0.0, 1.0, 2.0, 3.0], alphas=[0.0, 0.4])
    data = ch09.antilocalization_data(100, 0.4, result=result, singles=2)
    assert data.realizations == 6 and data.energies == 3
    assert np.all(data.mean[:, 0] == 0.0)
    # the order of the averages does not matter for the mean
    direct = tr.mean(axis=(1, 3)) - tr[:, :, :1].mean(axis=(1, 3))
    assert np.allclose(data.mean, direct)
    assert data.singles.shape == (2, 4)
    assert np.allclose(data.singles, (tr[1, :2] - tr[1, :2, :1]).mean(axis=-1))
    with pytest.raises(ValueError):
        ch09.antilocalization_data(4, 0.3, result=result)


def test_datta_das_scan_follows_the_closed_form_precession():
    from qtransport.tb.spintronics import datta_das_closed_form

    seen = []
    alphas = np.array([0.0, 0.15, 0.3])
    table = ch09.datta_das_scan(lengths=(6, 12), alphas=alphas, progress=lambda d, t: seen.append(d / t))
    assert sorted(table) == [6, 12]
    for length, t in table.items():
        same, flip = datta_das_closed_form(alphas, length=length, energy=ch09.DD_ENERGY)
        assert np.allclose(t[:, 1, 1], same, atol=1e-10) and np.allclose(t[:, 0, 1], flip, atol=1e-10)
    assert np.allclose(table[6][0], np.eye(2), atol=1e-12)  # no spin-orbit: a perfect chain, no flip
    assert np.all(np.diff(seen) > 0) and seen[-1] == 1.0


def test_helical_data_has_the_half_step_in_the_zeeman_gap():
    scan = ch09.helical_data(energies=np.array([-0.1, 0.05, 1.0]), alphas=(0.6,), zeemans=(0.0, 0.3))
    assert scan.shape == (1, 2, 3)
    assert np.allclose(scan[0, 0], 2.0, atol=1e-9)  # no field: two spin channels
    assert np.allclose(scan[0, 1], [1.0, 1.0, 2.0], atol=1e-9)  # |E| < E_z: one helical channel


def test_reciprocity_scan_obeys_onsager_with_field_and_magnetization_reversed():
    fluxes, exchanges = np.array([-0.01, 0.0, 0.01]), (-1.0, 0.0, 1.0)
    scan = ch09.reciprocity_scan(fluxes=fluxes, exchanges=exchanges)
    assert scan.shape == (3, 3, 4, 4)
    # T_ij(B, M) = T_ji(-B, -M): reversed grids, transposed terminals
    assert np.allclose(scan, np.swapaxes(scan[::-1, ::-1], -1, -2), atol=1e-10)
    assert np.allclose(scan[1, 1], scan[1, 1].T, atol=1e-10)  # B = M = 0
    assert np.max(np.abs(scan[2, 1] - scan[2, 1].T)) > 1e-3  # M alone breaks T_ij = T_ji


def test_antilocalization_scan_changes_start_at_zero_flux():
    result = ch09.antilocalization_scan(realizations=2, seed=1)
    tr = np.asarray(result.transmissions)
    assert tr.shape == (len(ch09.WAL_ALPHAS), 2, len(ch09.WAL_FLUXES), len(ch09.WAL_ENERGIES))
    assert np.allclose(result.change[:, 0], 0.0)
    assert np.all(tr >= 0) and np.all(tr <= 2 * ch09.WAL_WIDTH)  # at most two spins per transverse mode
