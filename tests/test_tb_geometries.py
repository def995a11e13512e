"""Ready-made geometries: graphene ribbons against the closed-form subbands, the Aharonov-Bohm ring."""

from __future__ import annotations

import re

import numpy as np
import pytest
from _dense import dense_strip_transmission

from qtransport.lattice.leads import strip_open_channels
from qtransport.models import dirac
from qtransport.tb import geometries as G
from qtransport.tb import smatrix, transmission


@pytest.mark.parametrize("n", [3, 4, 5, 6, 9])
def test_zigzag_ribbon_channels_match_the_closed_form(n):
    fsys = G.zigzag_ribbon(n, 3).finalized()
    for E in (0.05, 0.3, 0.9, 1.5, 2.4):
        expected = dirac.zigzag_open_channels(E, n_chains=n, hopping=1.0)
        assert transmission(fsys, E).transmission[1, 0] == pytest.approx(expected, abs=1e-9)


def test_zigzag_edges_have_two_neighbours():
    fsys = G.zigzag_ribbon(4, 3).finalized()
    h = fsys.hamiltonian(sparse=False)
    coordination = np.count_nonzero(np.abs(h - np.diag(np.diag(h))) > 0, axis=1)
    lowest, highest = fsys.positions[:, 1].min(), fsys.positions[:, 1].max()
    edge = np.isclose(fsys.positions[:, 1], lowest) | np.isclose(fsys.positions[:, 1], highest)
    inner_x = (fsys.positions[:, 0] > fsys.positions[:, 0].min() + 1) & (fsys.positions[:, 0] < fsys.positions[:, 0].max() - 1)
    assert np.all(coordination[edge & inner_x] == 2)
    assert np.all(coordination[~edge & inner_x] == 3)


@pytest.mark.parametrize("n", [4, 5, 6, 7, 8, 11])
def test_armchair_ribbon_channels_and_metallicity_match_the_closed_form(n):
    fsys = G.armchair_ribbon(n, 2).finalized()
    for E in (0.02, 0.5, 1.2, 2.1):
        expected = dirac.armchair_open_channels(E, n_dimers=n, hopping=1.0)
        assert transmission(fsys, E).transmission[1, 0] == pytest.approx(expected, abs=1e-9)
    # at the Dirac point only the metallic ribbons (n = 3m + 2) conduct
    conducts = transmission(fsys, 0.01).transmission[1, 0] > 0.5
    assert conducts == dirac.armchair_is_metallic(n)


def test_strip_and_chain_defaults():
    fsys = G.strip(5, 4).finalized()
    for E in (0.5, 2.0, 3.9):
        assert transmission(fsys, E).transmission[1, 0] == pytest.approx(float(strip_open_channels(E, 4)), abs=1e-10)
    assert transmission(G.chain(4).finalized(), 1.0).transmission[1, 0] == pytest.approx(1.0, abs=1e-12)


def test_aharonov_bohm_ring():
    fsys = G.ring(8, 4).finalized()
    t = {phi: transmission(fsys, 1.0, {"flux": phi}).transmission[1, 0] for phi in (0.0, 0.2, 1.2, -0.2, 0.5)}
    assert t[1.2] == pytest.approx(t[0.2], abs=1e-12)  # period h/e
    assert t[-0.2] == pytest.approx(t[0.2], abs=1e-12)  # two-terminal phase rigidity
    assert abs(t[0.2] - t[0.0]) > 0.05  # the flux matters
    assert t[0.5] < 1e-15  # the mirror-symmetric ring blocks at half a flux quantum


def test_the_flux_tube_phase_around_the_hole():
    fsys = G.ring(6, 3).finalized()
    phi = 0.37
    h = fsys.hamiltonian({"flux": phi}, sparse=False)
    index = {tuple(np.round(p).astype(int)): i for i, p in enumerate(fsys.positions)}
    # a loop of sites counter-clockwise around the hole at radius 4 (square path)
    path = [(x, -4) for x in range(-4, 4)] + [(4, y) for y in range(-4, 4)]
    path += [(x, 4) for x in range(4, -4, -1)] + [(-4, y) for y in range(4, -4, -1)]
    product = 1.0 + 0j
    for a, b in zip(path, path[1:] + path[:1], strict=True):
        product *= -h[index[b], index[a]]  # hopping -t e^{i theta}
    assert np.angle(product) == pytest.approx(np.angle(np.exp(-2j * np.pi * phi)), abs=1e-12)
    s = smatrix(fsys, 1.0, {"flux": phi})
    assert np.allclose(s.s.conj().T @ s.s, np.eye(len(s.s)), atol=1e-10)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: G.strip(0, 3), ValueError, "`length`"),
        (lambda: G.strip(3, 2.5), TypeError, "`width`"),
        (lambda: G.ring(5, 4.5), ValueError, "`inner_radius`"),
        (lambda: G.ring(-1, 2), ValueError, "`outer_radius`"),
        (lambda: G.zigzag_ribbon(0, 3), ValueError, "`n_chains`"),
        (lambda: G.armchair_ribbon(1, 3), ValueError, "`n_dimers`"),
        (lambda: transmission(G.ring(6, 3).finalized(), 1.0), ValueError, "`params` has no value for `flux`"),
    ],
)
def test_bad_geometry_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def _terminals(fsys):
    """(side, first, last transverse coordinate, coordinate along) of every lead's interface cell."""
    out = []
    for fl in fsys.leads:
        side = fl.lead.name
        xy = np.rint(fsys.positions[fl.interface]).astype(int)
        across, along = (xy[:, 1], xy[:, 0]) if side[1] == "x" else (xy[:, 0], xy[:, 1])
        assert len(set(along)) == 1 and sorted(across) == list(range(across.min(), across.max() + 1))
        out.append((side, int(across.min()), int(across.max()), int(along[0])))
    return out


def test_hall_bar_cross_and_wire_terminals_are_numbered_counter_clockwise():
    """The terminal layout the chapters and the Hall resistances rely on (probes at L/3 and 2L/3)."""
    assert _terminals(G.hall_bar(60, 20, probe_width=6).finalized()) == [
        ("-x", 0, 19, 0), ("-y", 17, 22, 0), ("-y", 37, 42, 0), ("+x", 0, 19, 59), ("+y", 37, 42, 19),
        ("+y", 17, 22, 19)]
    assert _terminals(G.hall_bar(20, 8, probe_width=3, n_probes=2).finalized()) == [
        ("-x", 0, 7, 0), ("-y", 8, 10, 0), ("+x", 0, 7, 19), ("+y", 8, 10, 7)]
    assert _terminals(G.cross(12, 10, 4, arm_length=2).finalized()) == [
        ("-x", 3, 6, -2), ("-y", 4, 7, -2), ("+x", 3, 6, 13), ("+y", 4, 7, 11)]
    wire = G.wire_with_side_probes(24, 4, probe_centers=[7, 16], probe_width=3, arm_length=2).finalized()
    assert _terminals(wire) == [("-x", 0, 3, 0), ("+x", 0, 3, 23), ("+y", 6, 8, 5), ("+y", 14, 16, 5)]
    with pytest.raises(ValueError, match="`probe_centers`: the probe at x = 23"):
        G.wire_with_side_probes(24, 4, probe_centers=[23], probe_width=3)
    with pytest.raises(ValueError, match="overlap"):
        G.wire_with_side_probes(24, 4, probe_centers=[7, 8], probe_width=3)


def test_bad_device_input():
    with pytest.raises(ValueError, match="side must be one of"):
        G.square_device(lambda x, y: (x >= 0) & (x < 3) & (y >= 0) & (y < 3), [("up", 0, 2)])
    with pytest.raises(TypeError, match=r"`leads\[0\]`"):
        G.square_device(lambda x, y: (x >= 0) & (x < 3) & (y >= 0) & (y < 3), [("+x", 0)])
    with pytest.raises(ValueError, match="`n_probes`"):
        G.hall_bar(30, 10, n_probes=3)
    with pytest.raises(ValueError, match="`arm_width`"):
        G.cross(5, 5, 4)


def test_qpc_is_the_saddle_of_its_docstring():
    L, W, s, hw = 41, 10, 5.0, 0.4
    fsys = G.qpc(L, W, taper=s, hbar_omega_y=hw).finalized()
    energies = np.array([0.3, 0.9])
    x, y = np.meshgrid(np.arange(L), np.arange(W), indexing="ij")
    xc, yc = (L - 1) / 2, (W - 1) / 2
    for gate in (-0.2, 0.1, 0.6):
        saddle = np.exp(-((x - xc) ** 2) / (2 * s**2)) * (gate + hw**2 / 4 * (y - yc) ** 2)
        ref = [dense_strip_transmission(saddle, E) for E in energies]
        got = transmission(fsys, energies, {"gate": gate}).transmission[:, 1, 0]
        assert np.allclose(got, ref, atol=1e-10)
    with pytest.raises(ValueError, match="`hbar_omega_y`"):
        G.qpc(10, 4, hbar_omega_y=-1.0)
    with pytest.raises(ValueError, match="`params` has no value for `gate`"):
        transmission(fsys, 0.3)


def _dense_chain(pot, energies):
    """A chain (on-site 2 + pot) is a strip of width 1 (on-site 4 + pot) at the energy E + 2."""
    return [dense_strip_transmission(np.asarray(pot, dtype=float)[:, None], E + 2.0) for E in energies]


def test_chain_and_strip_potentials_match_green_functions_built_by_hand():
    rng = np.random.default_rng(7)
    pot = rng.uniform(-1, 1, 6)
    energies = np.array([0.4, 1.7, 3.1])
    got = transmission(G.chain(6, potential=pot).finalized(), energies).transmission[:, 1, 0]
    assert np.allclose(got, _dense_chain(pot, energies), atol=1e-12)
    strip_pot = rng.uniform(-1, 1, (7, 3))
    ref = [dense_strip_transmission(strip_pot, E) for E in energies]
    got = transmission(G.strip(7, 3, potential=strip_pot).finalized(), energies).transmission[:, 1, 0]
    assert np.allclose(got, ref, atol=1e-12)
    # a potential with a named parameter, swept as a batch
    profile = np.array([0.0, 1.0, 0.5, 1.0, 0.0])
    fsys = G.chain(5, potential=lambda x, *, U: U * profile[x.astype(int)]).finalized()
    heights = [0.2, 0.9, 1.6]
    batch = transmission(fsys, energies, [{"U": u} for u in heights]).transmission[..., 1, 0]
    for u, row in zip(heights, batch, strict=True):
        assert np.allclose(row, _dense_chain(u * profile, energies), atol=1e-12)
    with pytest.raises(ValueError, match="`params` has no value for `U`"):
        transmission(fsys, 1.0)
    with pytest.raises(ValueError, match=r"`potential` must have the shape \(6,\)"):
        G.chain(6, potential=[1.0, 2.0])
    with pytest.raises(ValueError, match="`potential` must be finite"):
        G.strip(2, 2, potential=[[1.0, np.nan], [0.0, 0.0]])


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: G.strip(3, 10**12), "width"),
        (lambda: G.strip(10**7, 2), "length"),
        (lambda: G.strip(3, 2, norbs=10**12), "norbs"),
        (lambda: G.chain(10**12), "length"),
        (lambda: G.ring(1e7, 3.0), "outer_radius"),
        (lambda: G.ring(6.0, 3.0, lead_width=10**12), "lead_width"),
        (lambda: G.zigzag_ribbon(10**6, 10**6), "n_chains"),
        (lambda: G.armchair_ribbon(3, 10**12), "length"),
        (lambda: G.qpc(10**12, 4), "length"),
        (lambda: G.hall_bar(10**6, 10**6), "length"),
    ],
)
def test_a_device_too_large_is_refused_before_a_site_is_built(call, name):
    import time

    start = time.process_time()
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    if name == "norbs":  # few sites, but each with too many orbitals
        assert re.match(r"`norbs` = 1000000000000 would need about .* PiB for building a device of "
                        r"about 6 sites, but this machine has .* of memory available", message), message
    else:
        assert re.match(rf"`{name}` = .* makes a device of about .* sites, more than the 4,000,000 "
                        r"the builder takes \(about .* of memory, with .* available\)", message), message
    assert time.process_time() - start < 0.5  # refused at once, not after flooding the shape


def test_values_are_real_numbers_matrices_or_functions():
    for make in (lambda **kw: G.strip(3, 2, **kw), lambda **kw: G.ring(6, 3, **kw),
                 lambda **kw: G.zigzag_ribbon(3, 2, **kw), lambda **kw: G.armchair_ribbon(3, 2, **kw)):
        for name in ("hopping", "onsite"):
            with pytest.raises(TypeError, match=f"`{name}` must be real"):
                make(**{name: 1.0 + 0.5j})
            with pytest.raises(ValueError, match=f"`{name}`"):
                make(**{name: np.nan})
            with pytest.raises(TypeError, match=f"`{name}`"):
                make(**{name: None})
    # a complex matrix is a value in its own right (spin-orbit hopping), checked Hermitian by the builder
    soc = -np.eye(2) - 0.3j * np.array([[0, -1j], [1j, 0]])
    fsys = G.strip(4, 1, norbs=2, hopping=soc, onsite=4.0 * np.eye(2)).finalized()
    assert transmission(fsys, 4.0).transmission[1, 0] == pytest.approx(2.0, abs=1e-10)  # a clean wire, two spins
    with pytest.raises(TypeError, match="`center` must be real"):
        G.flux_tube_hopping(center=(0.0, 1j))
    with pytest.raises(TypeError, match="`outer_radius` must be a single number, got the bool"):
        G.ring(True, 0.5)
    with pytest.raises(ValueError, match="`taper` must be a single number"):
        G.qpc(10, 4, taper=[1.0, 2.0])
