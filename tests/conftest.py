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


@pytest.fixture(scope="session")
def allsides_corpus():
    """AllSides' ``articles_sample.csv`` (4,456 articles, 491 sources) and its index, built once per run."""
    import toolkit
    from tests.external import external_file

    df = toolkit.load(external_file("allsides-article-bias", "articles_sample.csv"), progress=False)
    return df, toolkit.CorpusIndex.build(df, progress=False)


@pytest.fixture(scope="module")
def s3_corpus(tmp_path_factory):
    """``(storage_options, local copy)`` of real articles on a moto S3 server on 127.0.0.1 (``tests/s3server.py``)."""
    from tests.s3server import s3_server

    yield from s3_server(tmp_path_factory.mktemp("s3-copy"))
