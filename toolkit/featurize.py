"""One row of numbers per article: tokens, types, quotations, social entities, embedded tweets.

Every number is defined by a per-text function of :mod:`toolkit.text`, and :func:`features` returns
exactly those numbers (a test checks it on real articles):

==================  ======================================================================
column              definition for one article ``text``
==================  ======================================================================
``tokens``          ``len(tokenize(text))`` (default options, ``style="auto"``)
``types``           ``len({t.lower() for t in tokenize(text)})``: distinct tokens, case ignored
``quotes``          ``count_quotes(text)``
``quoted_words``    ``sum(q.words for q in quotes(text))``
``quote_share``     ``quoted_words / tokens`` (``0.0`` when there are no tokens)
``hashtags``        ``len(hashtags(text))``, likewise ``handles``, ``cashtags``, ``urls``
``embedded_tweets`` ``len(embedded_tweets(text))``
==================  ======================================================================

Speed comes from the compiled scanner (:mod:`toolkit.text._native`: tokens, types, style, URL chunks and
quotation pairing in C, with exactly the results of the Python definitions) and from skipping work, not
from different logic: the style (raw/PTB) is detected once per article and passed on; an extractor runs
only on articles that contain one of its trigger substrings (``toolkit.text.patterns.PREFILTER_SUBSTRINGS``:
no ``#`` → no hashtag); quotations are counted by ``quote_counts`` (the pairing of ``quotes()`` without
the speaker search) and embedded tweets without building their rows; big inputs are split over forked
worker processes (:mod:`toolkit._parallel`). ``benchmarks/bench_features.py`` measures it.

Example:
    >>> import pandas as pd
    >>> s = pd.Series(["Join us # FreeMilo today", "No tags here."])
    >>> features(s)[["tokens", "hashtags"]].to_dict("list")
    {'tokens': [4, 4], 'hashtags': [1, 0]}
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from toolkit._parallel import fork_map, resolve_jobs, shared
from toolkit.text import cashtags, count_quotes, embedded_tweets, handles, hashtags, quotes, tokenize, urls
from toolkit.text._input import iter_texts
from toolkit.text._native import term_counts, token_stats
from toolkit.text.entities import CASHTAGS, EXTRACTORS, HANDLES, HASHTAGS, sign_keys
from toolkit.text.patterns import PREFILTER_SUBSTRINGS
from toolkit.text.quotations import _quote_counts  # the str-only function behind quote_counts()
from toolkit.text.style import resolve_style
from toolkit.text.tokens import normalize_text
from toolkit.text.tweets import TWEET_SIGNATURE_RE

__all__ = ["features", "article_features", "featurize_texts", "features_frame", "FEATURE_COLUMNS",
           "COUNT_COLUMNS", "ENTITY_COLUMNS"]

#: integer columns of :func:`features`, in order (``quote_share`` follows them)
COUNT_COLUMNS: tuple[str, ...] = ("tokens", "types", "quotes", "quoted_words", "hashtags", "handles",
                                  "cashtags", "urls", "embedded_tweets")
#: every column of :func:`features`, in order
FEATURE_COLUMNS: tuple[str, ...] = COUNT_COLUMNS + ("quote_share",)
#: the entity lists :func:`featurize_texts` can hand back (``entities=``)
ENTITY_COLUMNS: tuple[str, ...] = ("hashtags", "handles", "cashtags", "urls")

# characters of text above which features() uses worker processes when n_jobs is None
_PARALLEL_MIN_CHARS = 1_000_000
# articles per task sent to a worker: big enough to amortise the hand-off, small enough to balance
_TASK_CHARS = 2_000_000


def article_features(text: str) -> dict[str, int | float]:
    """The feature row of one text, straight from the :mod:`toolkit.text` functions (the reference).

    >>> article_features("We don't  # FreeMilo")["hashtags"]
    1
    """
    tokens = tokenize(text)
    n_tokens = len(tokens)
    quoted = sum(q.words for q in quotes(text))
    return {
        "tokens": n_tokens,
        "types": len({t.lower() for t in tokens}),
        "quotes": count_quotes(text),
        "quoted_words": quoted,
        "hashtags": len(hashtags(text)),
        "handles": len(handles(text)),
        "cashtags": len(cashtags(text)),
        "urls": len(urls(text)),
        "embedded_tweets": len(embedded_tweets(text)),
        "quote_share": quoted / n_tokens if n_tokens else 0.0,
    }


def features(df_or_series: "pd.DataFrame | pd.Series | str", *, text_column: str = "content",
             n_jobs: int | None = None) -> pd.DataFrame:
    """One row of counts per article, index aligned with the input (see the module docstring).

    ``df_or_series`` is a DataFrame (its ``text_column`` is used), a Series of texts, or one ``str``
    (a one-row frame). Missing texts count as empty. ``n_jobs``: forked worker processes; ``None`` uses
    every usable core, at most 8, for big inputs (over ~1 MB of text, called from the main thread) and
    stays in-process otherwise; ``1`` never forks (the policy of :func:`toolkit._parallel.resolve_jobs`).

    >>> import pandas as pd
    >>> out = features(pd.Series(["Hi @jack #tbt", None], index=[10, 11]))
    >>> out.loc[10, "handles"].item(), out.loc[11, "tokens"].item()
    (1, 0)
    """
    series = _text_series(df_or_series, text_column)
    lengths = _text_lengths(series)
    jobs = resolve_jobs(n_jobs, work=int(lengths.sum()), min_work=_PARALLEL_MIN_CHARS, max_tasks=len(lengths))
    if jobs > 1:
        counts = _featurize_parallel(series, lengths, jobs)
    else:
        counts = featurize_texts(iter_texts(series))
    return features_frame(counts, series.index)


def features_frame(counts: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """The :func:`features` table from :func:`featurize_texts` counts: the int columns plus ``quote_share``.

    >>> table = features_frame(featurize_texts(["Hi #tbt", ""]), pd.Index([7, 8]))
    >>> table.loc[7, "hashtags"].item(), table.loc[8, "quote_share"].item()
    (1, 0.0)
    """
    out = pd.DataFrame(counts, index=index, columns=list(COUNT_COLUMNS))
    tokens = counts[:, 0]
    quoted = counts[:, 3].astype("float64")
    out["quote_share"] = np.divide(quoted, tokens, out=np.zeros(len(tokens), dtype="float64"), where=tokens > 0)
    return out


def featurize_texts(texts: Sequence[str], *, entities: "dict[str, list] | None" = None,
                    terms: "list | None" = None, normalized: "list[tuple[str, str]] | None" = None) -> np.ndarray:
    """The integer feature columns (``COUNT_COLUMNS`` order) of plain ``str`` texts, in this process.

    ``entities``: pass a dict to also get the keys of the entities this pass found, so a caller that needs
    them (the index) does not extract them twice: ``entities[kind][i] == [e.key for e in kind(texts[i])]``
    for ``kind`` in ``hashtags``, ``handles``, ``cashtags``, ``urls``.
    ``terms``: pass a list to also get the texts' term counts appended to it, from the same scan that
    counts tokens and types: :func:`toolkit.text._native.term_counts` of the normalised texts.
    ``normalized``: pass a list (with ``terms``) to also get those normalised texts and their styles, as
    ``(text, style)`` pairs (``("", "raw")`` for an empty text).

    >>> found = {}
    >>> featurize_texts(["Hi #tbt", ""], entities=found).shape, found["hashtags"]
    ((2, 9), [['tbt'], []])
    """
    hash_signs, at_signs, dollar = (PREFILTER_SUBSTRINGS[k] for k in ("hashtags", "handles", "cashtags"))
    find_urls = EXTRACTORS["urls"]
    found: dict[str, list] = {kind: [] for kind in ENTITY_COLUMNS}
    none: list = []
    rows = []
    styled: "list[tuple[str, str]] | None" = [] if terms is not None else None
    for text in texts:
        if not text:
            rows.append(_ZERO_ROW)
            for kind in ENTITY_COLUMNS:
                found[kind].append([])
            if styled is not None:
                styled.append(("", "raw"))
            continue
        # the functions that read the text as given come first: the compiled scanner converts each str once
        style = resolve_style(text, "auto")  # once, instead of once per function called with style="auto"
        n_quotes, quoted_words = _quote_counts(text)  # no speaker search: quotes() without the speakers
        has_at = _contains_any(text, at_signs)
        kinds = ((HASHTAGS if _contains_any(text, hash_signs) else 0) | (HANDLES if has_at else 0)
                 | (CASHTAGS if _contains_any(text, dollar) else 0))
        tags, names, cash = sign_keys(text, style, kinds) if kinds else (none, none, none)
        links = find_urls(text, style)
        if styled is None:
            n_tokens, n_types = token_stats(normalize_text(text, style))  # == len(tokenize(..)), distinct lower()
        else:
            styled.append((normalize_text(text, style), style))
            n_tokens = n_types = 0   # from term_counts below
        if entities is not None:
            for kind, keys in zip(ENTITY_COLUMNS, (tags, names, cash, [link.key for link in links])):
                found[kind].append(keys if keys is not none else [])
        rows.append((
            n_tokens,
            n_types,
            n_quotes,
            quoted_words,
            len(tags),
            len(names),
            len(cash),
            len(links),
            _count_embedded_tweets(text) if has_at else 0,
        ))
    if entities is not None:
        entities.update(found)
    table = np.array(rows, dtype="int64").reshape(len(texts), len(COUNT_COLUMNS))
    if styled is not None:
        counted = term_counts([t for t, _ in styled])
        table[:, 0] = np.frombuffer(counted[4], dtype=np.int64)
        table[:, 1] = np.frombuffer(counted[5], dtype=np.int64)
        terms.append(counted)
        if normalized is not None:
            normalized.extend(styled)
    return table


_ZERO_ROW = (0,) * len(COUNT_COLUMNS)


def _contains_any(text: str, needles: tuple[str, ...]) -> bool:
    for needle in needles:
        if needle in text:
            return True
    return False


def _count_embedded_tweets(text: str) -> int:
    """``len(embedded_tweets(text))`` without building the rows (no DataFrame, no date parsing).

    A row is one ``TWEET_SIGNATURE_RE`` match, and ``embedded_tweets`` looks only at texts with
    ``") "`` or ``")\\xa0"`` (its own gate, mirrored here); tests compare with ``embedded_tweets``.
    """
    if ") " not in text and ")\xa0" not in text:
        return 0
    return sum(1 for _ in TWEET_SIGNATURE_RE.finditer(text))


# ---------------------------------------------------------------------------------------------- helpers

def _text_series(obj: "pd.DataFrame | pd.Series | str", text_column: str) -> pd.Series:
    if isinstance(obj, pd.DataFrame):
        if text_column not in obj.columns:
            raise KeyError(f"features(): no column {text_column!r} in the DataFrame "
                           f"(columns: {list(obj.columns)}); pass text_column=...")
        return obj[text_column]
    if isinstance(obj, pd.Series):
        return obj
    if obj is None or isinstance(obj, str):
        return pd.Series([obj], dtype=object)
    raise TypeError(f"features() takes a DataFrame, a Series of texts or a str, not {type(obj).__name__}")


def _text_lengths(series: pd.Series) -> np.ndarray:
    """Characters of each text (0 when missing): how the texts are split between workers."""
    try:
        return series.str.len().fillna(0).to_numpy(dtype="int64")  # vectorised for Arrow-backed strings
    except (AttributeError, TypeError, ValueError):  # not a string Series
        return np.fromiter(map(len, iter_texts(series)), dtype="int64", count=len(series))


def _featurize_slice(bounds: tuple[int, int]) -> np.ndarray:
    lo, hi = bounds
    return featurize_texts(iter_texts(shared().iloc[lo:hi]))


def _featurize_parallel(series: pd.Series, lengths: np.ndarray, n_jobs: int) -> np.ndarray:
    """``featurize_texts`` over forked workers; the texts reach them by fork, not by pickling, and each
    worker turns only its own slice of the (Arrow) column into Python strings."""
    total = int(lengths.sum())
    n = len(lengths)
    n_tasks = max(n_jobs, min(n, -(-total // _TASK_CHARS)))
    n_tasks = -(-n_tasks // n_jobs) * n_jobs  # a multiple of the worker count
    edges = np.searchsorted(np.cumsum(lengths), np.linspace(0, total, n_tasks + 1)[1:-1], side="right")
    bounds = list(zip([0, *edges.tolist()], [*edges.tolist(), n]))
    bounds = [(lo, hi) for lo, hi in bounds if hi > lo]
    parts = list(fork_map(_featurize_slice, bounds, n_jobs, shared=series))
    return np.concatenate(parts) if parts else np.zeros((0, len(COUNT_COLUMNS)), dtype="int64")
