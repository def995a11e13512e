"""qtransport.grading._harness: what the kernel side can encode for grading (no kernel)."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.grading._harness import ValueNotGradable, encode


def test_encode_refuses_what_it_cannot_grade():
    with pytest.raises(ValueNotGradable, match="cannot be graded"):
        encode(object())
    with pytest.raises(ValueNotGradable, match="at most"):
        encode(np.zeros(10**6))
