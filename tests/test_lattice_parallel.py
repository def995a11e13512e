"""The BLAS thread limit (qtransport._threads, used by qtransport.lattice._parallel): set once, lifted once, safe across threads."""

import threading

import numpy as np
import pytest

from qtransport import _threads
from qtransport.lattice import _parallel as P

threadpoolctl = pytest.importorskip("threadpoolctl")


def _blas_threads():
    return [i["num_threads"] for i in _threads._controller().info() if i["user_api"] == "blas"]


def test_the_limit_is_set_by_the_first_block_and_lifted_by_the_last(monkeypatch):
    controller = _threads._controller()
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
    assert _threads._depth == 0 and _threads._active is None


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
    assert _threads._depth == 0


def test_the_lattice_engine_uses_the_one_limit_of_the_package():
    assert P.single_threaded_blas is _threads.single_threaded_blas


def test_split_map_in_pieces_and_nested():
    """``pieces`` chunks cover the batch in order; a split inside a chunk runs in that chunk's thread."""
    def inner(part):
        return (threading.get_ident(), part)

    def outer(part):
        nested = P.split_map(inner, 10)
        assert [p for _, p in nested] == [slice(0, 10)]  # not split again
        assert nested[0][0] == threading.get_ident()
        return list(range(100))[part]

    parts = P.split_map(outer, 20, pieces=5)
    assert sum(parts, []) == list(range(20))
    if P._workers() >= 2:
        assert len(parts) == 5
