"""qtransport.grading.checks: ``check`` in a notebook prints a tick or raises (no kernel)."""

from __future__ import annotations

import pytest

from qtransport.grading import CheckFailed, check


def test_check_prints_a_tick_or_raises(capsys):
    check("half", 0.5, expect=0.5)
    assert capsys.readouterr().out == "✓ half\n"
    with pytest.raises(CheckFailed, match="got 0.3: about 20 % too large. Hint: quarter"):
        check("quarter", 0.3, expect=0.25, hint="quarter")
    with pytest.raises(CheckFailed, match="cannot be graded"):
        check("object", object(), expect=1.0)
