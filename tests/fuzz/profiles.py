"""Hypothesis settings for the fuzz tests: a short "ci" profile and a "long" one run on demand.

``KG_FUZZ=long`` picks the long profile (the default is "ci"). CI runs
derandomized (``derandomize=True``, no example database): each test's examples
come from a seed fixed by the test itself, so a red run is red again on any
machine. The long profile draws new examples every run and keeps
failing ones in ``.hypothesis/`` (git-ignored) so the next run tries them first.
"""
from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

PROFILE = os.environ.get("KG_FUZZ", "ci")
_COMMON = dict(
    deadline=None,  # spaCy's first call, and every subprocess, is slow; the suite's timeout is the limit
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    print_blob=True,
)
settings.register_profile("ci", derandomize=True, database=None, **_COMMON)
EXAMPLES = Path(__file__).resolve().parents[2] / ".hypothesis" / "examples"
settings.register_profile("long", derandomize=False, database=DirectoryBasedExampleDatabase(EXAMPLES), **_COMMON)
if PROFILE not in ("ci", "long"):
    raise ValueError(f"KG_FUZZ={PROFILE!r}: use ci (the default) or long")


def fuzz_settings(ci: int, long: int) -> settings:
    """The profile's settings with this test's number of examples in each profile."""
    return settings(settings.get_profile(PROFILE), max_examples=ci if PROFILE == "ci" else long)
