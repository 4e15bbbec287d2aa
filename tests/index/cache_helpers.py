"""Shared helpers of the index-cache tests: a small two-file corpus and an exact index comparison.

Example:
    >>> from tests.index.cache_helpers import assert_same_index   # doctest: +SKIP
"""
from __future__ import annotations

import json
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


#: what :func:`damage_sealed` does to a result kept beside a cache entry under a seal (speakers, derived results)
SEALED_DAMAGES = ["flipped byte", "truncated", "other key", "seal missing", "file missing"]


def damage_sealed(data: Path, seal: Path, damage: str) -> None:
    """Damage a kept result: its ``data`` file (a flipped byte, 100 bytes cut, removed) or its JSON ``seal``
    (naming another index's key, removed), as ``damage`` (one of ``SEALED_DAMAGES``) says."""
    if damage == "flipped byte":
        raw = bytearray(data.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        data.write_bytes(bytes(raw))
    elif damage == "truncated":
        data.write_bytes(data.read_bytes()[:-100])
    elif damage == "other key":
        seal.write_text(json.dumps({**json.loads(seal.read_text()), "key": "another-index"}))
    elif damage == "seal missing":
        seal.unlink()
    elif damage == "file missing":
        data.unlink()
    else:
        raise ValueError(f"unknown damage {damage!r}")


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
