"""Keyword in context: every match of a term, phrase or regular expression with the text around it.

Rules:
- Matching is the filters' own (:class:`~toolkit.index.Keyword`): the articles come from
  ``view.filter(keyword=...)`` and the spans from ``Keyword.pattern()``, so a KWIC line exists exactly
  where a filter would match.
- Context is ``window`` characters each side with whitespace folded; lines are in article, then text
  order.

Example:
    >>> import pandas as pd
    >>> from toolkit.index import CorpusIndex
    >>> idx = CorpusIndex.build(pd.DataFrame({"content": ["The White House said no."]}), progress=False)
    >>> kwic(idx, "white house", window=10)[["left", "match", "right"]].values.tolist()
    [['The', 'White House', 'said no.']]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.index import CorpusIndex, CorpusView, Keyword, as_view

__all__ = ["kwic"]


def kwic(corpus: "CorpusIndex | CorpusView", query: str, *, window: int = 60, limit: int | None = 500,
         regex: bool = False) -> pd.DataFrame:
    """Keyword-in-context lines for a term, a phrase or (``regex=True``) a regular expression.

    Matching follows ``view.filter(keyword=query)`` (case-insensitive whole words, any punctuation
    between the words of a phrase). ``window`` characters of context each side, whitespace folded.
    Columns ``id, publication, left, match, right, row`` (row position in the index), in article then
    text order; at most ``limit`` lines.

    >>> kwic(idx, "white house", window=30).head()     # doctest: +SKIP
    """
    view = as_view(corpus)
    columns = ["id", "publication", "left", "match", "right", "row"]
    hits = view.filter(keyword=query, regex=regex)
    pattern = Keyword(query, regex).pattern()
    meta = view.index.meta
    ids = meta["id"] if "id" in meta else pd.Series(meta.index.astype(str), index=meta.index)
    pubs = meta["publication"] if "publication" in meta else pd.Series([None] * len(meta), index=meta.index)
    records: list[tuple] = []
    texts = hits.texts()
    for row, text in zip(texts.index, texts.tolist()):
        if not isinstance(text, str):
            continue
        for found in pattern.finditer(text):
            left = " ".join(text[max(0, found.start() - window):found.start()].split())
            right = " ".join(text[found.end():found.end() + window].split())
            records.append((ids.iat[row], pubs.iat[row], left, found.group(0), right, int(row)))
            if limit is not None and len(records) >= limit:
                break
        if limit is not None and len(records) >= limit:
            break
    out = pd.DataFrame.from_records(records, columns=columns)
    for c in ("id", "publication", "left", "match", "right"):
        out[c] = out[c].astype("str") if len(out) else pd.Series(dtype="str")
    out["row"] = out["row"].astype(np.int64)
    return out


