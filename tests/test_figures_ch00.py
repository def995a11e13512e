"""Data of the welcome figure: the Fermi-Dirac occupation."""

from __future__ import annotations

import numpy as np

from qtransport.figures.ch00 import self_check_data


def test_occupation_is_the_closed_form_and_particle_hole_symmetric():
    data = self_check_data(25.0)
    E, f = data.E, data.f
    assert E.shape == f.shape == (401,) and E[0] == -0.2 and E[-1] == 0.2
    assert np.allclose(f, 1.0 / (np.exp(E / 0.025) + 1.0), rtol=1e-12, atol=0)
    assert np.allclose(f + f[::-1], 1.0, atol=1e-14)  # f(E) + f(-E) = 1
    assert f[200] == 0.5


def test_zero_temperature_is_a_step():
    data = self_check_data(0.0, points=11)
    assert np.array_equal(data.f, np.where(data.E < 0, 1.0, np.where(data.E > 0, 0.0, 0.5)))
