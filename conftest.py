"""Shared pytest configuration.

Property tests (hypothesis) explore new random inputs on every local run; under
CI (``CI=true``) they are derandomized so that a run on the same commit is
reproducible.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev")
