"""qtransport.grading.values: decoding a recorded value and comparing it with the expected one (no kernel)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from qtransport.grading._harness import encode
from qtransport.grading.values import compare, decode


@pytest.mark.parametrize(
    "value",
    [1, 2.5, -0.0, float("nan"), 1 + 2j, "b", True, None, [1, "a", [2.0]], {"k": (1, 2)},
     np.arange(6.0).reshape(2, 3), np.array([1 + 1j, 2]), np.float32(0.25), np.int64(3), np.bool_(True)],
)
def test_encode_decode_round_trip(value):
    back = decode(json.loads(json.dumps(encode(value))))
    ok, message = compare(back, value, rtol=0, atol=0)
    assert ok, message


@pytest.mark.parametrize(
    "got, expect, kw, ok, fragment",
    [
        (0.5 + 1e-9, 0.5, {}, True, ""),
        (0.51, 0.5, {}, False, "got 0.51: about 2 % too large"),
        (0.51, 0.5, {"rtol": 0.05}, True, ""),
        (1e-14, 0.0, {}, True, ""),
        ([1.0, 2.0], np.array([1.0, 2.0]), {}, True, ""),
        (np.array([1.0, 2.0]), np.array([[1.0, 2.0]]), {}, False, "shape"),
        (np.array([1.0, 3.0]), np.array([1.0, 2.0]), {}, False, "1 of 2 values differ"),
        (float("nan"), float("nan"), {}, True, ""),
        ("  Maybe ", "maybe", {}, True, ""),
        (1, "b", {}, False, "expected text"),
        (True, True, {}, True, ""),
        (1, True, {}, False, "True or False"),
        ("1.0", 1.0, {}, False, "number"),
        (1 + 1e-3j, 1.0, {}, False, "complex"),
        (..., 2.0, {}, False, "no answer yet"),
        ([1, "a"], [1, "b"], {}, False, "item 1"),
        ({"a": 1}, {"a": 1, "b": 2}, {}, False, "keys"),
    ],
)
def test_compare(got, expect, kw, ok, fragment):
    result, message = compare(got, expect, **kw)
    assert result is ok
    assert fragment in message
