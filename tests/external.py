"""The one way tests reach the real data in ``../shared/data/external/``.

Example:
    >>> from tests.external import external_file
    >>> path = external_file("polnear", "polnear_articles.csv")   # doctest: +SKIP
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TOOLKIT_SHARED", REPO.parent / "shared"))
EXTERNAL = SHARED / "data" / "external"


def external_file(*parts: str) -> Path:
    """Path to a file or folder under ``../shared/data/external``; skip the test if ``../shared`` is absent.

    In CI ``../shared`` is always present, so a missing *file* there is a failure, not a skip.
    """
    if not SHARED.is_dir():
        pytest.skip(f"real data not available: {SHARED} is absent (set TOOLKIT_SHARED to point at it)")
    path = EXTERNAL.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"expected real test data at {path}; see its folder's SOURCE.md")
    return path
