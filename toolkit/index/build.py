"""Building an index's parts from a loaded DataFrame: metadata, text, one matrix per kind.

Rules:
- Row ``i`` of every part is row ``i`` of the DataFrame (after ``reset_index``).
- The text is the DataFrame's own Arrow string chunks (converted once if the column is not Arrow
  backed): it is not copied.
- Articles are counted in chunks of consecutive rows holding about ``CHUNK_CHARS`` characters (fewer when
  that gives a worker fewer than ``CHUNK_PER_JOB`` chunks, so that none waits on the last one; at most
  ``MAX_CHUNK_ROWS`` rows; an index's stored text: ``CHUNK_ROWS`` rows); one
  :func:`toolkit.featurize.featurize_texts` pass per chunk computes the per-article features and hands
  back the entity keys it found and the chunk's term
  counts (the compiled ``term_counts``: one scan of each normalised text gives its token and type counts
  and its cells, with no Python object per token), so nothing is tokenized or extracted twice. The
  terms are :func:`toolkit.index.matrix.term_tokens`, exactly, with a repeated name folded where
  ``collapse_repeats`` says (``tests/index/test_build_terms.py``).
  Chunks run in forked workers (:mod:`toolkit._parallel`'s policy: every core for corpora over
  ``MIN_PARALLEL_BYTES`` of text) and are merged in row order, so the result never depends on the
  number of workers. :func:`count_texts` counts a Series or an index's stored text (each worker reads its
  own chunks: what :mod:`toolkit.index.out_of_core` counts) the same way.
- The metadata kept: ``METADATA_COLUMNS`` that the frame has, then its facets
  (:mod:`toolkit.index.facets`), then the features; ``meta.attrs["load_report"]`` is the frame's load report.
- Phrases (:mod:`toolkit.index.phrases`) are found first, on a sample of the articles; each chunk then
  counts them from its token stream: the ``"phrases"`` matrix (articles × phrases).
- ``collapse_repeats`` (:mod:`toolkit.index.repeats`): before terms and phrases are counted, a name
  repeated at once (``Huckabee Huckabee``) is taken out of the articles it applies to (``"auto"``:
  PTB-style articles), in the sample as in the chunks.
- ``ngrams=2`` (:mod:`toolkit.index.bigrams`): the chunks also send their pairs of adjacent content
  words, mapped here to the terms' global columns: the ``"bigrams"`` matrix.
- Each chunk also makes its articles' word-pair signatures (:mod:`toolkit.index.pair_filter`: what lets
  phrase filters skip most articles' text), returned beside the matrices.
- Each chunk also finds its candidate furniture segments (:class:`toolkit.index.boilerplate.Candidates`:
  positions and key hashes); then page furniture is decided over the whole corpus, per publication
  (:mod:`toolkit.index.boilerplate`): matrices ``"boilerplate"``, ``"boilerplate_phrased"`` and
  ``"boilerplate_segments"`` join the four kinds and the phrases.

Example:
    >>> import pandas as pd
    >>> meta, text, matrices, pairs = build_parts(pd.DataFrame({"content": ["a b", "b"]}), progress=False)
    >>> len(meta), matrices["terms"].vocab.tolist(), len(pairs)
    (2, ['a', 'b'], 2)
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from tqdm.auto import tqdm

from toolkit._parallel import fork_map, resolve_jobs, shared
from toolkit.featurize import FEATURE_COLUMNS, features_frame, featurize_texts
from toolkit.index.bigrams import BigramBuilder, bigram_cells
from toolkit.index.boilerplate import Candidates, find_furniture
from toolkit.index.counting import build_options, collapsing
from toolkit.index.facets import facet_frame
from toolkit.index.matrix import ENTITY_KINDS, KINDS, MatrixBuilder, TermMatrix, count_piece, term_piece
from toolkit.index.pair_filter import PairSignatures
from toolkit.index.phrases import PhraseTable, find_phrases, phrase_piece, sample_rows
from toolkit.index.repeats import collapse_counted
from toolkit.index.spilled_parts import DiskMatrixBuilder, DiskPairs, SpilledCandidates
from toolkit.index.text_store import ArticleText
from toolkit.io.report import LoadReport
from toolkit.text._input import iter_texts
from toolkit.text._native import term_counts
from toolkit.text.style import resolve_style
from toolkit.text.tokens import normalize_text
from toolkit.text.word_pairs import pair_signatures

__all__ = ["build_parts", "count_texts", "add_furniture", "phrase_table", "Counted", "metadata", "METADATA_COLUMNS",
           "CHUNK_ROWS", "CHUNK_CHARS", "MAX_CHUNK_ROWS", "CHUNK_PER_JOB", "MIN_PARALLEL_BYTES", "TEXT_DTYPE",
           "chunk_bounds"]

METADATA_COLUMNS = ["id", "title", "publication", "author", "date", "url", "source_file"]
#: articles counted per task, from an index's stored text
CHUNK_ROWS = 2_000
#: characters of text counted per task at most (about), the most rows of one, and the fewest tasks per worker
CHUNK_CHARS, MAX_CHUNK_ROWS, CHUNK_PER_JOB = 4_000_000, 50_000, 4
#: text below this size is indexed in this process (forking costs more than it saves)
MIN_PARALLEL_BYTES = 8_000_000
#: the dtype the text is counted in
TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


def build_parts(df: pd.DataFrame, text_column: str = "content", progress: bool | None = None,
                n_jobs: int | None = None, collapse_repeats: "str | bool" = "auto", ngrams: int = 1,
                ) -> tuple[pd.DataFrame, pa.ChunkedArray, dict[str, TermMatrix], PairSignatures]:
    """(metadata + features, text, matrices by kind, word-pair signatures) of ``df``; see the module rules."""
    options = build_options(collapse_repeats, ngrams)     # a bad setting fails before any work
    df = df.reset_index(drop=True)
    texts = df[text_column]
    if not isinstance(texts.dtype, pd.StringDtype) or texts.dtype.storage != "pyarrow":
        texts = texts.astype(TEXT_DTYPE)
    text = texts.array.__arrow_array__()   # the DataFrame's own Arrow chunks: no copy of the text
    if not isinstance(text, pa.ChunkedArray):
        text = pa.chunked_array([text])
    lengths = texts.str.len().fillna(0).to_numpy(dtype=np.int64)
    rows = sample_rows(lengths)      # (taken from the Arrow chunks: Series.iloc copied the whole text column)
    sample = pd.Series(text.take(pa.array(rows)), dtype=TEXT_DTYPE, index=rows)
    table = phrase_table(sample, options["collapse_repeats"])
    counted = count_texts(texts, table, options, progress=progress, n_jobs=n_jobs)
    meta = metadata(df, text_column).join(counted.features)
    meta.attrs["load_report"] = _report(df.attrs.get("load_report"))   # the header panel and the cache keep it
    return meta, text, add_furniture(counted, meta, text, table), counted.pairs


@dataclass
class Counted:
    """What counting every article gives: matrices by kind, features (index = rows), word-pair signatures
    and the furniture candidates."""

    matrices: dict[str, TermMatrix]
    features: pd.DataFrame
    pairs: PairSignatures
    candidates: "Candidates | SpilledCandidates"


def count_texts(texts: "pd.Series | ArticleText", table: PhraseTable, options: dict[str, Any], *,
                progress: bool | None = None, n_jobs: int | None = None, spill: "Path | None" = None) -> Counted:
    """Count every text of ``texts`` (a Series with index 0..n-1, or an index's text read a chunk at a time),
    ``CHUNK_ROWS`` at a time, in forked workers for big corpora; merged in row order. ``spill``: a folder
    where the matrices, pair signatures and furniture candidates gather instead of RAM
    (:mod:`toolkit.index.spilled_parts`; the bigrams stay in RAM)."""
    n_rows = len(texts)
    nbytes = texts.nbytes if isinstance(texts, ArticleText) else _arrow_bytes(texts)
    jobs = resolve_jobs(n_jobs, work=nbytes, min_work=MIN_PARALLEL_BYTES, max_tasks=max(n_rows, 1))
    bounds = chunk_bounds(None if isinstance(texts, ArticleText) else texts.str.len().fillna(0).to_numpy(np.int64),
                          n_rows, jobs)
    if spill is None:
        builders = {kind: MatrixBuilder() for kind in (*KINDS, "phrases")}
        signatures, candidates = Gathered(PairSignatures.concat), Gathered(Candidates.concat)
    else:
        builders = {kind: DiskMatrixBuilder(spill, kind) for kind in (*KINDS, "phrases")}
        signatures, candidates = DiskPairs(spill), SpilledCandidates(spill)
    bigrams = BigramBuilder() if options["ngrams"] == 2 else None
    row = 0
    features = FeatureColumns(n_rows)
    bar = tqdm(total=n_rows, desc="indexing", unit="articles",
               disable=(not progress) if progress is not None else n_rows < 20_000)
    if jobs > 1:
        results = fork_map(_count_shared_chunk, bounds, jobs, shared=(texts, table, options))
    else:
        results = (_count_chunk(texts, table, options, b) for b in bounds)
    try:
        for pieces, feats in results:   # consumed to the end: the workers exit before the merge below
            candidates.add(pieces.pop("candidates"))
            signatures.add(pieces.pop("pairs"))
            pairs = pieces.pop("bigrams", None)
            for kind, piece in pieces.items():
                builders[kind].add_piece(*piece)
            if bigrams is not None:             # in the terms' global columns, just mapped above
                bigrams.add(pairs, builders["terms"].last_columns, row)
            row += len(feats)
            features.add(feats)
            bar.update(len(feats))
    finally:
        results.close()
        bar.close()
    paired = bigrams.finish(builders["terms"].lookup, n_rows) if bigrams is not None else None
    matrices = {}
    for kind in list(builders):
        matrices[kind] = builders.pop(kind).finish()     # (each builder's memory goes before the next finishes)
    if paired is not None:
        matrices["bigrams"] = paired
    return Counted(matrices, features.finish(), signatures.finish(),
                   candidates.finish())


def chunk_bounds(lengths: "np.ndarray | None", n_rows: int, jobs: int = 1) -> list[tuple[int, int]]:
    """``(start, stop)`` of each chunk of consecutive rows, for ``jobs`` workers: rows holding about
    ``min(CHUNK_CHARS, total / (CHUNK_PER_JOB * jobs))`` characters of the texts' ``lengths`` (``CHUNK_CHARS`` in
    one process; at least one row, at most ``MAX_CHUNK_ROWS``); ``CHUNK_ROWS`` rows where the lengths are unknown
    (None).

    >>> chunk_bounds(np.full(5000, 100), 5000, 2)
    [(0, 625), (625, 1250), (1250, 1875), (1875, 2500), (2500, 3125), (3125, 3750), (3750, 4375), (4375, 5000)]
    >>> chunk_bounds(np.full(5000, 100), 5000, 1), chunk_bounds(None, 5000)
    ([(0, 5000)], [(0, 2000), (2000, 4000), (4000, 5000)])
    """
    if lengths is None or n_rows == 0:
        return [(s, min(s + CHUNK_ROWS, n_rows)) for s in range(0, n_rows, CHUNK_ROWS)] or [(0, 0)]
    ends = np.cumsum(lengths)
    target = CHUNK_CHARS if jobs <= 1 else max(1, min(CHUNK_CHARS, -(-int(ends[-1]) // (CHUNK_PER_JOB * jobs))))
    bounds, start = [], 0
    while start < n_rows:
        before = int(ends[start - 1]) if start else 0
        stop = int(np.searchsorted(ends, before + target, side="left")) + 1   # the row that reaches the target
        stop = min(max(stop, start + 1), start + MAX_CHUNK_ROWS, n_rows)
        bounds.append((start, stop))
        start = stop
    return bounds


class FeatureColumns:
    """The chunks' features (frames of consecutive rows, in order) copied into columns made once for
    ``n_rows``: what ``pd.concat(parts).reset_index(drop=True)`` gives, without holding the parts beside it.

    >>> f = FeatureColumns(3); f.add(pd.DataFrame({"a": [1, 2]})); f.add(pd.DataFrame({"a": [3]}, index=[2]))
    >>> f.finish()["a"].tolist()
    [1, 2, 3]
    """

    def __init__(self, n_rows: int) -> None:
        self.n_rows, self.row, self.columns = n_rows, 0, None

    def add(self, part: pd.DataFrame) -> None:
        if self.columns is None:
            self.empty = part.iloc[:0]
            self.columns = {c: np.empty(self.n_rows, dtype=part[c].dtype) for c in part.columns}
        for c, column in self.columns.items():
            column[self.row:self.row + len(part)] = part[c].to_numpy()
        self.row += len(part)

    def finish(self) -> pd.DataFrame:
        if self.columns is None or self.row != self.n_rows:
            raise ValueError(f"features of {self.row:,} rows gathered, {self.n_rows:,} expected")
        return pd.DataFrame(self.columns, copy=False) if self.n_rows else self.empty.reset_index(drop=True)


class Gathered:
    """Chunk results kept in a list until ``finish()`` joins them with ``join``."""

    def __init__(self, join: Any) -> None:
        self.join, self.parts = join, []

    def add(self, part: Any) -> None:
        self.parts.append(part)

    def finish(self) -> Any:
        joined = self.join(self.parts)
        self.parts.clear()                   # the chunks' copies go before the joined arrays are used
        return joined


def add_furniture(counted: Counted, meta: pd.DataFrame, text: "ArticleText | pa.ChunkedArray",
                  table: PhraseTable) -> dict[str, TermMatrix]:
    """The counted matrices with the page furniture found over the whole corpus, per publication of ``meta``
    (:mod:`toolkit.index.boilerplate`); only the furniture's articles' text is read."""
    groups = (meta["publication"].cat.codes.to_numpy(dtype=np.int64) if "publication" in meta
              and isinstance(meta["publication"].dtype, pd.CategoricalDtype) else np.zeros(len(meta), np.int64))
    furniture = find_furniture(text, groups, candidates=counted.candidates, phrases=table)
    matrices = counted.matrices
    matrices["boilerplate"], matrices["boilerplate_segments"] = furniture.tokens, furniture.segments
    matrices["boilerplate_phrased"] = furniture.phrased
    return matrices


def phrase_table(sample: pd.Series, collapse_repeats: "str | bool") -> PhraseTable:
    """The phrases of ``sample`` (the texts of :func:`toolkit.index.phrases.sample_rows`), normalised and
    collapsed as the workers' term counts are."""
    strings = iter_texts(sample)
    styles = [resolve_style(t, "auto") if t else "raw" for t in strings]
    normalized = [normalize_text(t, style) if t else "" for t, style in zip(strings, styles)]
    counted, _ = collapse_counted(term_counts(normalized), normalized, collapsing(collapse_repeats, styles))
    return PhraseTable(find_phrases(counted))


def _arrow_bytes(texts: pd.Series) -> int:
    return int(texts.array.__arrow_array__().nbytes)


def _report(found: Any) -> LoadReport | None:
    """The frame's load report as a ``LoadReport``: a frame read back from Parquet holds it as a plain
    mapping (its stored form); anything else is no report.

    >>> _report({"files": [], "issues": []}).rows_read, _report("x")
    (0, None)
    """
    if isinstance(found, LoadReport):
        return found
    if isinstance(found, Mapping):
        try:
            return LoadReport.from_dict(found)
        except (TypeError, ValueError, KeyError):
            return None
    return None


def _count_chunk(texts: "pd.Series | ArticleText", table: PhraseTable, options: dict[str, Any],
                 bounds: tuple[int, int]) -> tuple[dict[str, Any], pd.DataFrame]:
    """Term, phrase (and bigram) and entity pieces and the features of rows ``start:stop`` of ``texts``."""
    start, stop = bounds
    if isinstance(texts, ArticleText):     # read from the store: a Series indexed by the rows, as iloc gives
        array = pd.arrays.ArrowStringArray(texts.take(np.arange(start, stop)).combine_chunks())
        chunk = pd.Series(array, index=pd.RangeIndex(start, stop)).astype(TEXT_DTYPE)
    else:
        chunk = texts.iloc[start:stop]
    found: dict[str, list] = {}
    counted: list = []
    strings = iter_texts(chunk)
    styled: list[tuple[str, str]] = []
    counts = featurize_texts(strings, entities=found, terms=counted, normalized=styled)
    terms, _ = collapse_counted(counted[0], [t for t, _ in styled],
                                collapsing(options["collapse_repeats"], [style for _, style in styled]))
    pieces: dict[str, Any] = {"terms": term_piece(terms), "phrases": phrase_piece(terms, table),
                              "candidates": Candidates.of_texts(strings, start), "pairs": pair_signatures(strings)}
    if options["ngrams"] == 2:
        pieces["bigrams"] = bigram_cells(terms)
    for kind in ENTITY_KINDS:
        pieces[kind] = count_piece(found[kind])
    return pieces, features_frame(counts, chunk.index)


def _count_shared_chunk(bounds: tuple[int, int]) -> tuple[dict[str, Any], pd.DataFrame]:
    """:func:`_count_chunk` in a forked worker, over the texts and phrases the parent published."""
    return _count_chunk(*shared(), bounds)


def metadata(df: pd.DataFrame, text_column: str = "content") -> pd.DataFrame:
    """The metadata columns the index keeps: ``publication``/``author`` categorical, ``date`` naive datetime,
    then the facets (:mod:`toolkit.index.facets`: other label columns, categorical).

    >>> df = pd.DataFrame({"publication": ["a", "b"], "date": ["2016-01-02", None], "x": [0.5, 1], "bias": ["l", "r"]})
    >>> metadata(df).dtypes.astype(str).tolist()
    ['category', 'datetime64[us]', 'category']
    """
    meta = pd.DataFrame(index=df.index)
    for col in METADATA_COLUMNS:
        if col in df.columns:
            meta[col] = df[col]
    for col in ("publication", "author"):
        if col in meta and not isinstance(meta[col].dtype, pd.CategoricalDtype):
            meta[col] = meta[col].astype("category")
    if "date" in meta and not pd.api.types.is_datetime64_any_dtype(meta["date"]):
        meta["date"] = pd.to_datetime(meta["date"], errors="coerce")
    if "date" in meta and getattr(meta["date"].dt, "tz", None) is not None:
        meta["date"] = meta["date"].dt.tz_convert(None)
    facets = facet_frame(df, exclude=[text_column, *FEATURE_COLUMNS])
    return meta.join(facets) if len(facets.columns) else meta
