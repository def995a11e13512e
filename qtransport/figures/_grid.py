"""Helpers shared by the chapter modules: the nearest grid point, and progress over stages."""

from __future__ import annotations

import numpy as np

from qtransport._validation import check_progress

__all__ = ["nearest_index", "stage_progress"]


def nearest_index(grid, value):
    """Index of the point of ``grid`` nearest to ``value`` (the first one on a tie).

    Parameters
    ----------
    grid : array_like, shape (N,)
        Grid values, in the unit of ``value``.
    value : float
        The value asked for.

    Returns
    -------
    int

    Examples
    --------
    >>> nearest_index([0.0, 0.5, 1.0], 0.7)
    1
    >>> nearest_index((10, 20, 30), 25)
    1
    """
    return int(np.argmin(np.abs(np.asarray(grid, dtype=float) - value)))


def stage_progress(progress, stages):
    """Split one ``progress(done, total)`` callback over ``stages`` consecutive computations.

    Each returned callback takes the ``(done, total)`` of its own stage and
    reports the running total over all stages: stage ``k`` of ``n`` at
    ``done/total`` reports ``(k total + done, n total)``, so that the fraction
    ``done/total`` the caller sees rises once from 0 to 1.

    Parameters
    ----------
    progress : callable or None
        ``progress(done, total)``; ``None`` reports nothing.
    stages : int
        Number of stages.

    Returns
    -------
    list of callable or None
        One callback per stage (``None`` each when ``progress`` is ``None``).

    Examples
    --------
    >>> seen = []
    >>> first, second = stage_progress(lambda done, total: seen.append(done / total), 2)
    >>> first(1, 1); second(1, 2); second(2, 2)
    >>> seen
    [0.5, 0.75, 1.0]
    """
    progress = check_progress(progress)
    if progress is None:
        return [None] * stages

    def stage(k):
        def report(done, total):
            progress(k * total + done, stages * total)

        return report

    return [stage(k) for k in range(stages)]
