"""Helpers of the figure-data modules: the nearest grid point, one progress report over several stages."""

from __future__ import annotations

import numpy as np
import pytest


def test_nearest_index_and_stage_progress():
    from qtransport.figures._grid import nearest_index, stage_progress

    assert nearest_index([0.0, 0.1, 0.2], 0.14) == 1 and nearest_index((10, 20, 30), 100) == 2
    seen = []
    stages = stage_progress(lambda done, total: seen.append((done, total)), 3)
    for stage in stages:
        for k in (1, 2):
            stage(k, 2)
    assert [d / t for d, t in seen] == pytest.approx(np.arange(1, 7) / 6)
    assert stage_progress(None, 2) == [None, None]
    with pytest.raises(TypeError, match="`progress`"):
        stage_progress(3, 2)
