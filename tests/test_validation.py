"""The shared input checks of ``qtransport._validation``: one pass for every kind of argument."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from qtransport import _validation as V


@pytest.mark.parametrize("bad", [np.array([True, False]), 1, 0.0, "yes", None])
def test_a_flag_is_a_bool_and_nothing_else(bad):
    with pytest.raises(TypeError, match="`check` must be True or False"):
        V.check_flag(bad, "check")
    assert V.check_flag(np.bool_(True), "check") is True


def test_a_count_is_an_int_within_64_bits():
    assert V.check_count(np.int64(3), "n") == 3
    with pytest.raises(TypeError, match="`n` must be an integer, got True"):
        V.check_count(True, "n")
    with pytest.raises(ValueError, match="`n` = 1180591620717411303424 is beyond the 64-bit"):
        V.check_count(2**70, "n")
    with pytest.raises(ValueError, match="`n` must be <= 5"):
        V.check_count(6, "n", maximum=5)


def test_a_single_number_says_so():
    assert V.check_scalar(np.array([2.5]), "x") == 2.5
    with pytest.raises(ValueError, match=r"`x` must be a single number, got an array of shape \(3,\)"):
        V.check_scalar([1.0, 2.0, 3.0], "x")
    with pytest.raises(ValueError, match="`x` must be a single number, got an array of shape"):
        V.check_scalar([], "x")
    with pytest.raises(TypeError, match="`x` must be a single number, got the bool"):
        V.check_scalar(True, "x")
    with pytest.raises(ValueError, match="`x` must be > 0"):
        V.check_scalar(0.0, "x", positive=True)
    with pytest.raises(ValueError, match="`x` must be >= 0"):
        V.check_scalar(-1.0, "x", nonnegative=True)


@pytest.mark.parametrize(("bad", "error"), [(np.nan, ValueError), (np.inf, ValueError), (0.0, ValueError),
                                            (-1e-10, ValueError), ([1e-10, 1e-9], ValueError), ("tight", TypeError)])
def test_a_tolerance_is_finite_and_positive(bad, error):
    with pytest.raises(error, match="`atol`"):
        V.check_tolerance(bad, "atol")


def test_callables():
    assert V.check_callable(None, "progress") is None
    with pytest.raises(TypeError, match="`progress` must be a function or None, got 'abc'"):
        V.check_callable("abc", "progress")
    with pytest.raises(TypeError, match="`f` must be a function, got 3"):
        V.check_callable(3, "f", allow_none=False)


def test_shapes_that_must_match_are_named_together():
    assert V.check_same_length({"g": [0.5, 0.3], "lengths": [1.0, 2.0]}) == 2
    with pytest.raises(ValueError, match=r"`g` \(2 entries\) and `lengths` \(1 entry\) must have the same length"):
        V.check_same_length({"g": [0.5, 0.3], "lengths": [1.0]})
    assert V.check_broadcast({"a": np.ones(3), "b": 2.0}) == (3,)
    with pytest.raises(ValueError, match=r"`a` of shape \(3,\), `b` of shape \(2,\) do not broadcast"):
        V.check_broadcast({"a": np.ones(3), "b": np.ones(2)})


def test_ragged_input_names_the_parameter():
    with pytest.raises(ValueError, match="`S` is a ragged nesting"):
        V.as_complex_array([[1.0, 2.0], [3.0]], "S")
    with pytest.raises(ValueError, match="`energy` is a ragged nesting"):
        V.as_real_array([[1.0, 2.0], [3.0]], "energy")


def test_bools_are_not_numbers_where_refused():
    for bad in (True, np.array([True]), [True, False]):
        with pytest.raises(TypeError, match="`nu`"):
            V.refuse_bool(bad, "nu")
    assert V.refuse_bool(2, "nu") == 2


def test_sequences():
    assert V.check_sequence((1, 2), "phases") == [1, 2]
    for bad in (0.5, "ab", None):
        with pytest.raises(TypeError, match="`phases` must be a sequence"):
            V.check_sequence(bad, "phases")


def test_the_size_guard_names_parameter_estimate_and_available_memory():
    avail = V.available_memory()
    assert 0 < avail
    with pytest.raises(ValueError) as info:
        V.check_size(10**7, "width", power=2, itemsize=16)  # 1.6e15 bytes
    message = str(info.value)
    assert "`width` = 10000000 would need about 1.4 PiB" in message
    assert "of memory available" in message and "pass a smaller `width`" in message
    with pytest.raises(ValueError, match="`n` = 10000000000 asks for 1e\\+30 elements, beyond what numpy can index"):
        V.check_size(10**10, "n", power=3)
    assert V.check_size(1000, "width", power=2) == 1000


def test_available_memory_follows_the_address_space_limit():
    # In a child whose address space is limited, the guard sees the limit, not the machine.
    code = textwrap.dedent("""
        import resource
        from qtransport import _validation as V
        with open("/proc/self/status") as fh:
            vm = next(int(l.split()[1]) * 1024 for l in fh if l.startswith("VmSize:"))
        resource.setrlimit(resource.RLIMIT_AS, (vm + 2**28, resource.RLIM_INFINITY))
        avail = V.available_memory()
        assert 0 < avail <= 2**28, avail
        try:
            V.check_memory(2**29, "length")
        except ValueError as exc:
            assert "`length` would need about 512.0 MiB" in str(exc), exc
        else:
            raise AssertionError("not refused")
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr


def test_ensembles_for_fits():
    samples = V.check_ensemble([[0.1, 0.2], [0.3, 0.4]], "transmissions")
    assert samples.shape == (2, 2)
    with pytest.raises(ValueError, match="`transmissions` holds a single one of its realizations"):
        V.check_ensemble([[0.1], [0.2]], "transmissions")
    with pytest.raises(ValueError, match="`transmissions` contains NaN or infinity"):
        V.check_ensemble([0.1, np.nan], "transmissions")
    with pytest.raises(ValueError, match="`transmissions` contains values <= 0"):
        V.check_ensemble([0.1, 0.0], "transmissions", positive=True)


def test_a_random_generator_is_explicit():
    rng = np.random.default_rng(0)
    assert V.check_rng(rng) is rng
    assert V.check_rng(None, allow_none=True) is None
    for bad in (0, None, np.random.RandomState(0), np.random, [1.0, 2.0]):
        with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator, e.g. numpy.random.default_rng"):
            V.check_rng(bad)


def test_the_site_guard_names_the_largest_size_the_estimate_and_the_memory():
    assert V.check_sites({"length": 10, "width": 3}, 30) == 30
    assert V.check_sites({"outer_radius": 6.5}, 3.14 * 6.5**2) == 133
    with pytest.raises(ValueError) as info:
        V.check_sites({"length": 3, "width": 10**12}, 3 * 10**12, norbs=2)
    message = str(info.value)
    assert message.startswith("`width` = 1000000000000 would need about 5.5 PiB for building a tight-binding "
                              "system of about 3e+12 sites")
    assert "of memory available" in message and "pass a smaller `width`" in message
    with pytest.raises(ValueError) as info:
        V.check_sites({"size": 3000}, 9 * 10**6, maximum=4 * 10**6, what="a cross")
    message = str(info.value)
    assert "`size` = 3000 makes a cross of about 9e+06 sites, more than the 4,000,000 the builder takes" in message
    assert "8.6 GiB of memory" in message and "available" in message


def test_an_integer_beyond_64_bits_as_a_real_number_says_how_to_pass_it():
    with pytest.raises(TypeError, match=r"`energy` = 1180591620717411303424 is an integer beyond the 64-bit range "
                                        r"numpy works with; pass it as a float \(1\.18e\+21\)"):
        V.as_real_array(2**70, "energy")
    with pytest.raises(TypeError, match="`energy` = .* is beyond the range of numbers numpy works with"):
        V.as_real_array(10**400, "energy")
    assert V.as_real_array(float(2**70), "energy") == 2.0**70


def test_broadcast_named_gives_the_arrays_or_names_their_shapes():
    a, b = V.broadcast_named({"a": np.arange(3.0)[:, None], "b": [10.0, 20.0]})
    assert a.shape == b.shape == (3, 2)
    assert np.array_equal(a + b, np.arange(3.0)[:, None] + np.array([10.0, 20.0]))
    with pytest.raises(ValueError, match=r"^The shapes of `a` \(3,\), `b` \(2,\) do not broadcast together\.$"):
        V.broadcast_named({"a": np.ones(3), "b": np.ones(2)})
    with pytest.raises(ValueError, match=r"`b` \(2,\) do not broadcast together; use a column\.$"):
        V.broadcast_named({"a": np.ones(3), "b": np.ones(2)}, hint="use a column.")


def test_check_progress_takes_a_callable_or_none():
    def report(done, total):
        return None

    assert V.check_progress(None) is None
    assert V.check_progress(report) is report
    with pytest.raises(TypeError, match=r"`progress` must be a function progress\(done, total\) or None, got 3"):
        V.check_progress(3)


def test_spin_degeneracy_is_a_whole_number_from_one():
    assert V.check_spin_degeneracy(2) == 2 and V.check_spin_degeneracy(np.int64(1)) == 1
    for bad in (0, -2):
        with pytest.raises(ValueError, match="`spin_degeneracy`"):
            V.check_spin_degeneracy(bad)
    for bad in (1.5, True, "2"):
        with pytest.raises((TypeError, ValueError), match="`spin_degeneracy`"):
            V.check_spin_degeneracy(bad)
