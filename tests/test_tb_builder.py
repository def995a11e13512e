"""The engine's front checks what it is given: when a system or lead is built, and at the array level.

``System``, ``Lead``, ``peierls`` and ``anderson_disorder`` of
:mod:`qtransport.tb.builder`, the entry checks of :mod:`qtransport.tb.solvers`
and the one shared check of the arguments of :mod:`qtransport.lattice.rgf`.
Every message names the parameter in backticks.
"""

from __future__ import annotations

import numpy as np
import pytest

import qtransport._validation as validation
from qtransport import tb
from qtransport.lattice import rgf
from qtransport.lattice.leads import strip_lead_hamiltonian, strip_open_channels, strip_self_energy
from qtransport.tb.builder import Lead, System, anderson_disorder, peierls
from qtransport.tb.lattice import HoppingKind

SZ = np.diag([1.0, -1.0])


def box(x, y):
    return (x >= 0) & (x < 3) & (y >= 0) & (y < 2)


def wire():
    sys = System(tb.square(), shape=box, start=(0, 0), onsite=4.0)
    sys.hopping(-1.0)
    sys.attach_lead(Lead((-1, 0)))
    sys.attach_lead(Lead((1, 0)))
    return sys


# --------------------------------------------------------------------------- System and Lead, when built


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"lattice": "square"}, TypeError, "`lattice` must be a qtransport.tb.Lattice"),
    ({"lattice": None}, TypeError, "`lattice` must be a qtransport.tb.Lattice"),
    ({"shape": 3}, TypeError, "`shape` must be a function shape"),
    ({"shape": "box"}, TypeError, "`shape` must be a function shape"),
    ({"start": None}, TypeError, "`start`"),
    ({"start": (np.nan, 0.0)}, ValueError, "`start` contains NaN"),
    ({"start": (0.0, 1j)}, TypeError, "`start` must be real"),
    ({"start": (0.0, 0.0, 0.0)}, ValueError, "`start` must be a point with 2 coordinates"),
    ({"onsite": "abc"}, TypeError, "`onsite` must be a number, a matrix or a function"),
    ({"onsite": None}, TypeError, "`onsite` must be a number, a matrix or a function"),
    ({"onsite": np.inf}, ValueError, "`onsite` must be finite"),
    ({"onsite": 4.0 + 1j}, ValueError, "`onsite` = .* is complex, but an on-site energy is real"),
    ({"onsite": [[4.0, 4.0], [4.0]]}, TypeError, "`onsite`"),
    ({"hoppings": None}, TypeError, "`hoppings` must be a list of"),
    ({"hoppings": [-1.0]}, TypeError, r"`hoppings\[0\]` must be a pair"),
    ({"hoppings": [(-1.0, True)]}, TypeError, r"`hoppings\[0\]\[1\]` must be an integer"),
    ({"hoppings": [(-1.0, 0)]}, ValueError, r"`hoppings\[0\]\[1\]` must be >= 1"),
    ({"hoppings": [("t", 1)]}, TypeError, r"`hoppings\[0\]` must be a number"),
    ({"hoppings": [(-1.0, (0, 0, (1, 0)))]}, TypeError, r"`hoppings\[0\]` .* HoppingKind"),
    ({"leads": None}, TypeError, "`leads` must be a list of qtransport.tb.Lead"),
    ({"leads": [(-1, 0)]}, TypeError, r"`leads\[0\]` must be a qtransport.tb.Lead"),
    ({"sites": "abc"}, TypeError, "`sites` must be a sequence"),
    ({"sites": [0, 1]}, TypeError, r"`sites` must list \(sublattice, tag\) pairs"),
    ({"sites": [(0, (0.5, 0))]}, TypeError, r"`sites` must list \(sublattice, tag\) pairs of whole numbers"),
    ({"sites": [(0, (0, 0, 0))]}, TypeError, "`sites` must list"),
    ({"sites": [(1, (0, 0))]}, ValueError, "`sites` names sublattice 1, but the lattice has 1"),
    ({"sites": []}, ValueError, "`sites` is empty"),
])
def test_a_system_with_a_bad_value_is_refused_when_it_is_built(kwargs, error, match):
    valid = {"lattice": tb.square(), "shape": box, "start": (0, 0), "onsite": 4.0}
    with pytest.raises(error, match=match):
        System(**{**valid, **kwargs})


def test_values_assigned_later_are_checked_when_they_are_assigned():
    sys = System(tb.square(), shape=box, start=(0, 0))
    for attr, value, match in [("onsite", "abc", "`onsite`"), ("shape", 3, "`shape`"),
                               ("lattice", object(), "`lattice`"), ("leads", 3, "`leads`")]:
        with pytest.raises(TypeError, match=match):
            setattr(sys, attr, value)
    with pytest.raises(ValueError, match="`onsite` must be finite"):
        sys.onsite = np.nan
    with pytest.raises(TypeError, match="`value`"):
        sys.hopping("t")
    with pytest.raises(TypeError, match="`n` must be an integer"):
        sys.hopping(-1.0, True)
    with pytest.raises(TypeError, match="`kind` must be a HoppingKind"):
        sys.hopping(-1.0, kind=3)
    lead = Lead((1, 0))
    with pytest.raises(ValueError, match="`direction`"):
        lead.direction = (0, 0)
    with pytest.raises(TypeError, match="`name` must be text"):
        lead.name = None


def test_entries_added_to_the_lists_later_are_checked_when_the_system_is_finalized():
    sys = wire()
    sys.leads.append("right")
    with pytest.raises(TypeError, match=r"`leads\[2\]` must be a qtransport.tb.Lead"):
        sys.finalized()
    sys = wire()
    sys.hoppings.append((np.nan, 1))
    with pytest.raises(ValueError, match=r"`hoppings\[1\]` must be finite"):
        sys.finalized()
    sys = wire()
    sys.leads[0].hoppings = [(-1.0, 1)]
    sys.leads[0].hoppings.append(("t", 1))
    with pytest.raises(TypeError, match=r"`leads\[0\].hoppings\[1\]`"):
        sys.finalized()


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"direction": None}, TypeError, "`direction`"),
    ({"direction": "x"}, TypeError, "`direction`"),
    ({"direction": (0, 0)}, ValueError, "`direction` must be a nonzero integer lattice vector"),
    ({"direction": (0.5, 0)}, ValueError, "`direction` must be a nonzero integer lattice vector"),
    ({"direction": (np.nan, 0)}, ValueError, "`direction` contains NaN"),
    ({"direction": (1j, 0)}, TypeError, "`direction` must be real"),
    ({"shape": "box"}, TypeError, "`shape` must be a function"),
    ({"gauge": 3.0}, TypeError, "`gauge` must be a function"),
    ({"onsite": "abc"}, TypeError, "`onsite`"),
    ({"onsite": 2.0 + 1j}, ValueError, "`onsite` = .* is complex"),
    ({"hoppings": "abc"}, TypeError, "`hoppings` must be a list"),
    ({"hoppings": [(np.inf, 1)]}, ValueError, r"`hoppings\[0\]` must be finite"),
    ({"conservation": "sz"}, TypeError, "`conservation` must be a Hermitian matrix"),
    ({"conservation": [1.0, -1.0]}, ValueError, "`conservation` must be a square matrix"),
    ({"conservation": [[1.0, 1.0], [0.0, -1.0]]}, ValueError, "`conservation` must be Hermitian"),
    ({"conservation": np.full((2, 2), np.nan)}, ValueError, "`conservation` contains NaN"),
    ({"name": 3}, TypeError, "`name` must be text"),
    ({"name": ["a", "b"]}, TypeError, "`name` must be text"),
])
def test_a_lead_with_a_bad_value_is_refused_when_it_is_built(kwargs, error, match):
    with pytest.raises(error, match=match):
        Lead(**{"direction": (1, 0), **kwargs})


def test_the_values_the_engine_builds_with_are_accepted():
    """Functions, real numbers, complex Hermitian matrices, per-site arrays, kinds, listed sites."""
    sys = System(tb.square(norbs=2), shape=box, start=[(0, 0), (2.0, 1.0)], onsite=lambda x, y: 4.0 * np.eye(2))
    sys.onsite = np.array([[4.0, 0.5j], [-0.5j, 4.0]])  # complex, Hermitian
    sys.hopping(-np.eye(2), kind=(0, 0, (1, 0)))
    sys.hopping(0.5 * (SZ + 1j * np.array([[0, 1], [1, 0]])), kind=HoppingKind(0, 0, (0, 1)))
    sys.attach_lead(Lead((-1, 0), conservation=SZ, name="left"))
    sys.attach_lead(Lead(np.array([1, 0]), onsite=4.0 * np.eye(2), hoppings=[(-np.eye(2), HoppingKind(0, 0, (1, 0))),
                                                                                (-np.eye(2), HoppingKind(0, 0, (0, 1)))]))
    sys.finalized()
    listed = System(tb.chain(), sites=[(0, (0,)), (0, (1,)), (0, (2,))], onsite=np.array([2.0, 2.5, 2.0]))
    listed.hopping(-1.0)
    assert listed.finalized().n_sites == 3
    assert peierls(-np.eye(2) * (1 + 1j), lambda x, y: (0 * x, x)) is not None  # a complex matrix: fine


def test_peierls_refuses_a_complex_number_and_a_vector_potential_that_is_not_a_function():
    with pytest.raises(ValueError, match="`hopping` = .* is complex, but a hopping given as a number is real"):
        peierls(-1.0 + 1j, lambda x, y: (0 * x, x))
    with pytest.raises(TypeError, match="`vector_potential` must be a function"):
        peierls(-1.0, "A")


def test_anderson_disorder_guards_its_size_and_checks_strength_and_rng():
    fsys = wire().finalized()
    with pytest.raises(ValueError, match=r"`realizations` = 1000000000000 would need about .* available"):
        anderson_disorder(fsys, 1.0, np.random.default_rng(0), realizations=10**12)
    with pytest.raises(TypeError, match="`realizations` must be an integer"):
        anderson_disorder(fsys, 1.0, np.random.default_rng(0), realizations=True)
    with pytest.raises(TypeError, match="`strength`"):
        anderson_disorder(fsys, 2**70, np.random.default_rng(0))
    with pytest.raises(ValueError, match="`strength` must be >= 0"):
        anderson_disorder(fsys, -1.0, np.random.default_rng(0))
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        anderson_disorder(fsys, 1.0, 0)
    values = anderson_disorder(fsys, 2.0, np.random.default_rng(3), realizations=4)
    assert values.shape == (4, fsys.n_sites) and np.all(np.abs(values) <= 1.0)


# --------------------------------------------------------------------------- solvers at their entry


def test_the_solvers_check_energies_progress_params_and_eta():
    fsys = wire().finalized()
    with pytest.raises(TypeError, match="`progress` must be a function progress"):
        tb.transmission(fsys, [0.5, 1.0], progress="yes")
    with pytest.raises(TypeError, match="`energies` must be real"):
        tb.transmission(fsys, [0.5 + 1j])
    with pytest.raises(TypeError, match="`energies`"):
        tb.transmission(fsys, True)
    with pytest.raises(TypeError, match="`params` must be a dict"):
        tb.lead_bands(fsys, 0, [0.0, 1.0], params=np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="`momenta` must be real"):
        tb.lead_bands(fsys, 0, [0.0 + 1j])
    with pytest.raises(TypeError, match="`eta`"):
        tb.ldos(fsys, 1.0, eta=2**70)
    with pytest.raises(ValueError, match="`eta` must be >= 0"):
        tb.ldos(fsys, 1.0, eta=-0.1)
    seen = []
    # a clean strip of width 2: subbands 4 - 2 cos(k_y) +- 2 with k_y = pi/3, 2pi/3, so 1 and 2 open channels
    t = tb.transmission(fsys, [2.0, 3.5], progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and np.allclose(t.transmission[:, 1, 0], [1.0, 2.0], atol=1e-10)


# --------------------------------------------------------------------------- lattice.rgf: one check at the entry


def strip_inputs(width=3, length=5, energies=(1.0, 2.0)):
    h_slice, _ = strip_lead_hamiltonian(width)
    sigma = strip_self_energy(list(energies), width)
    return {"energies": list(energies), "h_slice": h_slice.real, "hopping": -np.ones(width),
            "potential": np.zeros((length, width)), "sigma_left": sigma, "sigma_right": sigma}


RGF_FUNCTIONS = [rgf.rgf_transmission, rgf.rgf_corner_blocks, rgf.rgf_connected_self_energies, rgf.rgf_diagonal]


@pytest.mark.parametrize("func", RGF_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("change", "error", "match"), [
    ({"energies": [1.0 + 1j, 2.0]}, TypeError, "`energies` must be real"),
    ({"energies": 1.0}, ValueError, "`energies` must be a 1-d array"),
    ({"energies": [np.nan, 2.0]}, ValueError, "`energies` contains NaN"),
    ({"energies": [1.0]}, ValueError, r"`sigma_left` must have shape \(..., Ne, W, W\) with Ne = 1 .*`energies`"),
    ({"h_slice": np.ones((3, 2))}, ValueError, "`h_slice` must be a square matrix"),
    ({"h_slice": np.triu(np.ones((3, 3)))}, ValueError, "`h_slice` is not Hermitian"),
    ({"h_slice": None}, TypeError, "`h_slice`"),
    ({"hopping": -np.ones(2)}, ValueError, r"`hopping` must have shape \(..., W\) with W = 3 .*`h_slice`"),
    ({"hopping": "abc"}, TypeError, "`hopping`"),
    ({"potential": np.zeros((5, 3)) + 1j}, TypeError, "`potential` must be real"),
    ({"potential": np.zeros(3)}, ValueError, r"`potential` must have shape \(..., L, W\)"),
    ({"potential": np.zeros((0, 3))}, ValueError, "`potential` has no slices"),
    ({"potential": np.full((5, 3), np.inf)}, ValueError, "`potential` contains infinity"),
    ({"sigma_right": None}, TypeError, "`sigma_right`"),
    ({"sigma_right": np.zeros((2, 3, 2))}, ValueError, "`sigma_right` must be a square matrix"),
    ({"potential": np.zeros((4, 5, 3)), "hopping": -np.ones((2, 3))}, ValueError,
     r"the leading \(batch\) axes of `hopping` \(2,\), `potential` \(4,\), .* do not broadcast"),
])
def test_the_rgf_functions_check_their_common_arguments_at_the_entry(func, change, error, match):
    with pytest.raises(error, match=match):
        func(**{**strip_inputs(), **change})


def test_rgf_transmission_checks_lengths_and_progress():
    inputs = strip_inputs()
    with pytest.raises(ValueError, match=r"`lengths` must lie in 1 ... 5"):
        rgf.rgf_transmission(**inputs, lengths=[2, 6])
    with pytest.raises(TypeError, match=r"`lengths\[0\]` must be an integer"):
        rgf.rgf_transmission(**inputs, lengths=[True])
    with pytest.raises(TypeError, match="`lengths` must be a sequence"):
        rgf.rgf_transmission(**inputs, lengths="abc")
    with pytest.raises(TypeError, match="`progress` must be a function progress"):
        rgf.rgf_transmission(**inputs, progress="yes")
    grown = rgf.rgf_transmission(**inputs, lengths=np.array([5, 2]))
    clean = strip_open_channels(np.array(inputs["energies"]), 3)  # a clean strip: T = N at every length
    assert np.allclose(grown[:, 0], rgf.rgf_transmission(**inputs)) and np.allclose(grown, clean[:, None])


def test_broadening_checks_sigma():
    with pytest.raises(ValueError, match="`sigma` must be a square matrix"):
        rgf.broadening(np.zeros(3))
    with pytest.raises(TypeError, match="`sigma`"):
        rgf.broadening("abc")
    with pytest.raises(ValueError, match="`sigma` contains NaN"):
        rgf.broadening(np.full((2, 2), np.nan))


def test_the_rgf_stacks_are_guarded_against_the_memory_available(monkeypatch):
    inputs = strip_inputs(width=40, length=3, energies=np.linspace(0.5, 1.5, 50))
    monkeypatch.setattr(validation, "available_memory", lambda: 2**20)  # a machine with 1 MiB left
    for func in RGF_FUNCTIONS:
        with pytest.raises(ValueError, match=r"`potential` and `energies` would need about .* MiB .* 1.0 MiB"):
            func(**inputs)


def test_complex_inputs_without_imaginary_part_give_the_same_numbers_as_real_ones():
    inputs = strip_inputs()
    inputs["potential"] = np.random.default_rng(1).uniform(-1, 1, (5, 3))
    as_complex = {**inputs, "h_slice": inputs["h_slice"] + 0j, "hopping": inputs["hopping"] + 0j}
    for func in RGF_FUNCTIONS:
        a, b = func(**inputs), func(**as_complex)
        for x, y in zip(a if isinstance(a, tuple) else (a,), b if isinstance(b, tuple) else (b,), strict=True):
            assert np.array_equal(x, y)
