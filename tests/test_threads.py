"""qtransport._threads: the BLAS thread limit is applied inside the block and restored after it."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from qtransport import _threads

threadpoolctl = pytest.importorskip("threadpoolctl")


def blas_threads():
    return [i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]


@pytest.fixture
def two_blas_threads():
    """BLAS at two threads for the test, so that a limit to one is visible (a machine may default to one)."""
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        if not blas_threads() or max(blas_threads()) < 2:
            pytest.skip("this BLAS cannot be set to two threads")
        yield blas_threads()


def test_the_limit_holds_inside_and_is_restored_after(two_blas_threads):
    with _threads.single_threaded_blas():
        assert blas_threads() == [1] * len(two_blas_threads)
        np.linalg.solve(np.eye(30) + 0.1, np.ones(30))
    assert blas_threads() == two_blas_threads


def test_nested_blocks_keep_the_limit_until_the_outer_one_ends(two_blas_threads):
    with _threads.single_threaded_blas():
        with _threads.single_threaded_blas():
            assert blas_threads() == [1] * len(two_blas_threads)
        assert blas_threads() == [1] * len(two_blas_threads)  # the inner exit did not lift it
    assert blas_threads() == two_blas_threads


def test_the_limit_is_restored_when_the_block_raises(two_blas_threads):
    with pytest.raises(ZeroDivisionError), _threads.single_threaded_blas():
        raise ZeroDivisionError("inside the block")
    assert blas_threads() == two_blas_threads
    assert _threads._depth == 0 and _threads._active is None


def test_blocks_of_worker_threads_inside_a_block_change_nothing(two_blas_threads, monkeypatch):
    made = []
    controller = _threads._controller()
    original = controller.limit

    def counting_limit(*args, **kwargs):
        made.append(threading.get_ident())
        return original(*args, **kwargs)

    monkeypatch.setattr(controller, "limit", counting_limit)

    def work():
        with _threads.single_threaded_blas():
            np.linalg.solve(np.eye(30) + 0.1, np.ones(30))

    with _threads.single_threaded_blas():
        workers = [threading.Thread(target=work) for _ in range(3)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=10)
        assert blas_threads() == [1] * len(two_blas_threads)  # the workers leaving did not lift it
    assert made == [threading.get_ident()]  # set once, by the outer block
    assert blas_threads() == two_blas_threads


def test_without_threadpoolctl_the_block_changes_nothing(monkeypatch, two_blas_threads):
    monkeypatch.setattr(_threads, "_controller", lambda: None)
    with _threads.single_threaded_blas():
        assert blas_threads() == two_blas_threads
    assert blas_threads() == two_blas_threads
