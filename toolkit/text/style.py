"""Tell raw article text from PTB-tokenized text (``do n't``, ``Sunday 's``, `` `` quote '' ``, ``# Tag``).

A text is ``"ptb"`` when its PTB clues outnumber its raw-text clues, else ``"raw"``.
PTB clues: `` n't``/`` n’t``, `` 's``/`` ’s``, spaced punctuation `` , `` `` . `` `` ; `` `` ? ``,
``````` / `` '' `` quote marks, and (only while still undecided) spaced entities ``# Word``,
``$ TWTR``, ``( @ name``. Raw clues: glued punctuation (``word, `` / ``word. `` / ``word; ``).
Text with no clue at all is ``"raw"``. The clues are counted in one compiled pass
(:func:`toolkit.text._native.style_counts`), so detection costs little next to tokenization.

Example:
    >>> detect_style("He said , `` we do n't know . ''")
    'ptb'
    >>> detect_style("He said, “we don’t know.”")
    'raw'
    >>> detect_style("Join us # FreeMilo today")
    'ptb'
"""
from __future__ import annotations

from typing import Literal

import pandas as pd

from toolkit.text._input import map_texts
from toolkit.text._native import style_counts

Style = Literal["raw", "ptb"]
STYLES = ("auto", "raw", "ptb")


def _detect_one(text: str) -> Style:
    # one pass of compiled counting (toolkit.text._native): this runs once per article on whole corpora
    ptb, glued, spaced_entities = style_counts(text)
    if ptb <= glued:  # undecided: spaced entities (`# Tag`, `$ TWTR`, `( @ name`) tip the balance
        ptb += spaced_entities
    return "ptb" if ptb > glued else "raw"


def detect_style(text: "str | pd.Series") -> "Style | pd.Series":
    """``"raw"`` or ``"ptb"`` for one text; for a Series, a Series of styles on the same index.

    >>> detect_style(pd.Series(["It 's here .", "It's here."])).tolist()
    ['ptb', 'raw']
    """
    return map_texts(_detect_one, text)


def check_style(style: str) -> str:
    """``style`` itself if it is ``"auto"``, ``"raw"`` or ``"ptb"``; else a ValueError naming the choices.

    >>> check_style("ptb")
    'ptb'
    """
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    return style


def resolve_style(text: str, style: str) -> Style:
    """The concrete style for one text: ``style`` itself, or the detected one when ``"auto"``.

    >>> resolve_style("It 's here .", "auto"), resolve_style("x", "ptb")
    ('ptb', 'ptb')
    """
    if style == "auto":
        return _detect_one(text)
    return check_style(style)
