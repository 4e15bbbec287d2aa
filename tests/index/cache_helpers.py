"""Shared helpers of the index-cache tests: a small two-file corpus and an exact index comparison.

Example:
    >>> from tests.index.cache_helpers import assert_same_index   # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

import toolkit
from toolkit.index import CorpusIndex

#: the files of a cache entry (``manifest.json`` first)
ENTRY_FILES = ["manifest.json", "articles.arrow", "pairs.npz", "text.blocks", "text_blocks.arrow"] + [
    f"{kind}{suffix}" for kind in ("terms", "hashtags", "handles", "cashtags", "phrases", "boilerplate",
                                   "boilerplate_segments", "boilerplate_phrased")
    for suffix in (".npz", "_vocab.parquet")]


def write_corpus(folder: Path, n: int = 40) -> Path:
    """``n`` articles of the bundled sample (every entity kind occurs) split over two CSV files in ``folder``."""
    from toolkit.sample import SAMPLE_CSV

    df = toolkit.load(SAMPLE_CSV).head(n)
    folder.mkdir(parents=True)
    df.iloc[: n // 2].to_csv(folder / "part1.csv", index=False)
    df.iloc[n // 2:].to_csv(folder / "part2.csv", index=False)
    return folder


def assert_same_index(a: CorpusIndex, b: CorpusIndex) -> None:
    """Every part equal: metadata (values and dtypes), text, and every matrix with its postings."""
    pd.testing.assert_frame_equal(a.meta, b.meta)
    assert a.text.to_arrow().cast(pa.large_string()).equals(b.text.to_arrow().cast(pa.large_string()))
    assert list(a.matrices) == list(b.matrices)
    for kind, m in a.matrices.items():
        other = b.matrices[kind]
        assert m.vocab.tolist() == other.vocab.tolist(), kind
        assert (m.X != other.X).nnz == 0 and m.X.shape == other.X.shape, kind
        for name in ("post_ptr", "post_bytes", "doc_counts"):
            np.testing.assert_array_equal(getattr(m, name), getattr(other, name), err_msg=f"{kind}.{name}")
