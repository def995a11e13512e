"""The colours of every figure of the course, in one place.

A colour means the same thing throughout where it can: blue the main curve
(a conductance, a transmission), orange its counterpart or a second model,
grey references and limits (dashed closed forms, quanta), red a cursor or a
marker of the current control value, green a third curve.  ``CYCLE`` colours
families of curves (several lengths, widths or channels) in this order.
"""

from __future__ import annotations

__all__ = ["BLUE", "ORANGE", "RED", "GREEN", "GREY", "PURPLE", "CYCLE"]

BLUE = "#1f5fa8"
ORANGE = "#d35400"
RED = "#c0392b"
GREEN = "#2e8b57"
GREY = "#555555"
PURPLE = "#8e44ad"
#: Families of curves, in order.
CYCLE = (BLUE, ORANGE, GREEN, PURPLE, RED)
