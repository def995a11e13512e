"""The BLAS thread limit of qtransport.lattice._parallel: set once, lifted once, safe across threads."""

import threading

import numpy as np
import pytest

from qtransport.lattice import _parallel as P

threadpoolctl = pytest.importorskip("threadpoolctl")


def _blas_threads():
    return [i["num_threads"] for i in P._controller().info() if i["user_api"] == "blas"]


def test_the_limit_is_set_by_the_first_block_and_lifted_by_the_last(monkeypatch):
    controller = P._controller()
    made = []
    original = controller.limit

    def counting_limit(*args, **kwargs):
        made.append(threading.get_ident())
        return original(*args, **kwargs)

    monkeypatch.setattr(controller, "limit", counting_limit)
    before = _blas_threads()

    def chunk(part):
        with P.single_threaded_blas():  # as the lead solutions inside a split batch do
            inside = _blas_threads()
            np.linalg.inv(np.eye(40) + 0.1)
            return inside

    with P.single_threaded_blas():
        parts = P.split_map(chunk, 16, min_chunk=1)
    assert all(threads == [1] * len(before) for threads in parts)
    assert len(made) == 1  # the worker threads never touched the process-wide setting
    assert _blas_threads() == before
    assert P._depth == 0 and P._active is None


def test_blocks_entered_from_several_threads_leave_the_settings_as_they_were():
    before = _blas_threads()
    barrier = threading.Barrier(4)
    seen = []

    def work():
        barrier.wait()
        for _ in range(50):
            with P.single_threaded_blas():
                seen.append(_blas_threads())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 200
    assert _blas_threads() == before
    assert P._depth == 0
