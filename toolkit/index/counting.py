"""What the build counts beyond the defaults: its options, checked (they are part of the cache key).

Rules:
- ``collapse_repeats``: ``"auto"`` (default), True or False (:mod:`toolkit.index.repeats`).
- ``ngrams``: 1 (default: words, phrases) or 2 (also every pair of adjacent content words:
  :mod:`toolkit.index.bigrams`).
- :func:`build_options` is what the build and the cache key read; a bad value is an error naming it.

Example:
    >>> build_options(ngrams=2)
    {'collapse_repeats': 'auto', 'ngrams': 2}
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["COLLAPSE_CHOICES", "NGRAM_CHOICES", "build_options", "collapsing"]

COLLAPSE_CHOICES = ("auto", True, False)
NGRAM_CHOICES = (1, 2)


def build_options(collapse_repeats: "str | bool" = "auto", ngrams: int = 1) -> dict[str, Any]:
    """The build's options that change what it counts, checked.

    >>> build_options()
    {'collapse_repeats': 'auto', 'ngrams': 1}
    >>> build_options(collapse_repeats="yes")
    Traceback (most recent call last):
    ValueError: collapse_repeats must be 'auto', True or False, not 'yes'
    """
    collapsing(collapse_repeats, [])
    if isinstance(ngrams, bool) or ngrams not in NGRAM_CHOICES:
        raise ValueError(f"ngrams must be 1 or 2, not {ngrams!r}")
    return {"collapse_repeats": collapse_repeats, "ngrams": int(ngrams)}


def collapsing(setting: "str | bool", styles: Sequence[str]) -> list[bool]:
    """Which texts (of ``styles``, each ``"ptb"`` or ``"raw"``) the ``collapse_repeats`` setting collapses.

    >>> collapsing("auto", ["ptb", "raw"]), collapsing(False, ["ptb"])
    ([True, False], [False])
    """
    if not isinstance(setting, (str, bool)) or setting not in COLLAPSE_CHOICES:
        raise ValueError(f"collapse_repeats must be 'auto', True or False, not {setting!r}")
    if setting == "auto":
        return [style == "ptb" for style in styles]
    return [bool(setting)] * len(styles)
