"""The one result type of every figure-data function."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["FigureData"]


class FigureData(Mapping):
    """What one figure plots, by name: arrays and numbers, read-only.

    A figure-data function of :mod:`qtransport.figures` returns one of these;
    its docstring lists the fields, with shapes and units.  The fields read as
    attributes (``data.T``) or as keys (``data["T"]``), so a widget's
    ``draw`` and a test use the same names.  Fields cannot be added or
    replaced after construction.

    Examples
    --------
    >>> data = FigureData(E=[0.0, 1.0], T=[1.0, 0.5])
    >>> data.T, sorted(data)
    ([1.0, 0.5], ['E', 'T'])
    >>> data.G = 1
    Traceback (most recent call last):
    ...
    AttributeError: FigureData is read-only; build a new one instead of setting 'G'.
    """

    __slots__ = ("_items",)

    def __init__(self, **fields):
        object.__setattr__(self, "_items", dict(fields))

    def __getitem__(self, name):
        return self._items[name]

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __getattr__(self, name):
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(self._items) or "none"
            raise AttributeError(f"this figure has no field {name!r}; its fields: {known}.") from None

    def __setattr__(self, name, value):
        raise AttributeError(f"FigureData is read-only; build a new one instead of setting {name!r}.")

    def __repr__(self):
        parts = []
        for name, value in self._items.items():
            arr = np.asarray(value) if not isinstance(value, (str, Mapping)) else None
            if arr is not None and arr.ndim > 0 and arr.dtype != object:
                parts.append(f"{name}=<{arr.dtype} array {arr.shape}>")
            else:
                parts.append(f"{name}={value!r}")
        return f"FigureData({', '.join(parts)})"
