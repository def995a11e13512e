"""FigureData: a read-only mapping whose fields also read as attributes."""

from __future__ import annotations

import numpy as np
import pytest

from qtransport.figures import FigureData


def test_fields_read_as_keys_and_attributes():
    data = FigureData(E=np.linspace(0, 1, 3), G=2.0)
    assert data["G"] == data.G == 2.0
    assert list(data) == ["E", "G"] and len(data) == 2
    assert dict(data)["E"] is data.E


def test_fields_cannot_be_set_or_added():
    data = FigureData(G=1.0)
    with pytest.raises(AttributeError, match="read-only"):
        data.G = 2.0
    with pytest.raises(AttributeError, match="read-only"):
        data.new = 1.0
    with pytest.raises(TypeError):
        data["G"] = 2.0  # a Mapping, not a MutableMapping
    assert data.G == 1.0


def test_a_missing_field_names_the_known_ones():
    with pytest.raises(AttributeError, match="no field 'T'; its fields: E, G"):
        _ = FigureData(E=0.0, G=1.0).T
    with pytest.raises(KeyError):
        FigureData(E=0.0)["T"]


def test_repr_shows_shapes_not_values():
    text = repr(FigureData(E=np.zeros((4, 2)), label="zigzag", n=3))
    assert text == "FigureData(E=<float64 array (4, 2)>, label='zigzag', n=3)"
