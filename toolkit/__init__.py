"""Explore news article corpora in Jupyter.

The public face of the package. Names are imported lazily, so ``import toolkit``
stays fast and optional stacks (ipywidgets, dask) load only when used. ``import toolkit``
registers the ``df.news`` / ``s.news`` accessors (:mod:`toolkit.accessor`, which needs only pandas).

Example:
    >>> import toolkit
    >>> df = toolkit.load("data/sample")              # doctest: +SKIP
    >>> toolkit.hashtags("Join us # FreeMilo today")
    ['FreeMilo']
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from toolkit import accessor  # noqa: F401  registers df.news / s.news: the one place that does
from toolkit._version import __version__

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # loading
    "load": "toolkit.io",
    "LoadReport": "toolkit.io",
    "LoadError": "toolkit.io",
    "CANONICAL_COLUMNS": "toolkit.io",
    # text
    "tokenize": "toolkit.text",
    "detect_style": "toolkit.text",
    "hashtags": "toolkit.text",
    "handles": "toolkit.text",
    "cashtags": "toolkit.text",
    "urls": "toolkit.text",
    "Entity": "toolkit.text",
    "embedded_tweets": "toolkit.text",
    "quotes": "toolkit.text",
    "count_quotes": "toolkit.text",
    "find_quotes": "toolkit.text",
    "quote_counts": "toolkit.text",
    "quotes_frame": "toolkit.text",
    "Quote": "toolkit.text",
    "QuoteResult": "toolkit.text",
    # per-article numbers
    "features": "toolkit.featurize",
    # index, statistics, charts
    "CorpusIndex": "toolkit.index",
    "CorpusView": "toolkit.index",
    "dashboard": "toolkit.widgets",
}

__all__ = sorted(_EXPORTS) + ["stats", "plots", "scale", "sample"]

# ``toolkit.index`` is the module (build an index with ``toolkit.CorpusIndex.build(df)``); ``toolkit.features``
# is the function (its module is ``toolkit.featurize``).
_SUBMODULES = {"stats", "plots", "scale", "sample", "io", "text", "widgets", "accessor", "index", "featurize"}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"toolkit.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from toolkit.featurize import features
    from toolkit.index import CorpusIndex, CorpusView
    from toolkit.io import CANONICAL_COLUMNS, LoadError, LoadReport, load
    from toolkit.text import (Entity, Quote, QuoteResult, cashtags, count_quotes, detect_style,
                              embedded_tweets, find_quotes, handles, hashtags, quote_counts, quotes,
                              quotes_frame, tokenize, urls)
    from toolkit.widgets import dashboard
