"""Shared fixtures."""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # charts render off-screen in tests

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "data" / "sample"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Folder for test artefacts (screenshots, charts); kept after the run."""
    path = Path(os.environ.get("TOOLKIT_ARTIFACTS", REPO / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path
