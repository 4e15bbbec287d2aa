"""What every dashboard tab is built from: the :class:`Tab` protocol, the :class:`Context` it draws from,
and the two widgets tabs share (:func:`chart_image`, :class:`LiteralText`).

A tab is built as ``TabClass(index, redraw)`` (``redraw()`` asks the board to redraw this tab, e.g.
when one of the tab's own controls changes) and has

- ``title``: its tab title,
- ``widget``: its page,
- ``images``: its chart ``Image`` widgets (the board paints an error message on them if drawing fails),
- ``draw(context)``: fill the page from a :class:`Context` (the filtered view and the filter state),
- ``shown``: a :class:`Shown`, what its last draw showed: its tables (the numbers behind each chart) and
  its figures (to redraw as PNG or SVG); the board shows the tables on demand and exports both.

Example:
    >>> Context(index=None, view=None, filters={}, message="cannot filter: bad").n_articles
    0
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import ipywidgets as W
import traitlets
from matplotlib.axes import Axes

from toolkit.index import UNSET
from toolkit.index.keyword import Keyword
from toolkit.widgets.render import NO_MATCH, literal_html, message_png, render_png

__all__ = ["Tab", "Context", "Shown", "chart_image", "LiteralText"]


@dataclass(frozen=True)
class Context:
    """What a tab draws from: the index, the filtered ``view`` (None: invalid filters) and the
    ``filters`` (``CorpusIndex.filter`` kwargs) it came from; ``message`` is the status line.

    Example:
        >>> Context(index=None, view=None, filters={}, message="cannot filter: bad").n_articles
        0
    """
    index: Any
    view: Any
    filters: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    k: int = 15
    k_compare: int = 10
    stopwords: Any = UNSET      # the Terms and Compare tabs' stopword list (None: every word; UNSET: the index's)
    boilerplate: bool = True    # ... and whether they leave out page furniture
    phrases: bool = False       # ... and count the index's phrases (white house) as one term each
    top_groups: int = 10        # groups a chart draws before "other" (publications, facet values)

    @property
    def n_articles(self) -> int:
        """Articles in the view (0 when the filters are invalid)."""
        return 0 if self.view is None else int(self.view.n_articles)

    def pattern(self) -> re.Pattern[str] | None:
        """The keyword filter as the Python regex that marks it (None: no keyword, or an invalid regex)."""
        keyword = self.filters.get("keyword", "")
        if not keyword:
            return None
        try:
            return Keyword(keyword, regex=bool(self.filters.get("regex"))).pattern()
        except ValueError:
            return None

    def chart(self, draw: Callable[[Axes], Any], size: tuple[float, float] = (7.5, 4.5)) -> bytes:
        """PNG of ``draw``, or of the status message when the filters are invalid or match nothing."""
        if self.view is None:
            return message_png(self.message, size)
        if self.n_articles == 0:
            return message_png(NO_MATCH, size)
        return render_png(draw, size)


class Shown:
    """What a tab's last draw showed: ``tables`` (name -> DataFrame) and ``figures`` ((name, draw, size)).

    Example:
        >>> shown = Shown()
        >>> png = shown.chart(Context(index=None, view=None, message="bad"), "terms", lambda ax: None)
        >>> png[:4], shown.figures                 # a message, not a figure of the data
        (b'\\x89PNG', [])
    """

    def __init__(self) -> None:
        self.tables: dict[str, Any] = {}
        self.figures: list[tuple[str, Callable[[Axes], Any], tuple[float, float]]] = []

    def clear(self) -> "Shown":
        """Forget the previous draw (a tab calls it first in ``draw``)."""
        self.tables, self.figures = {}, []
        return self

    def chart(self, context: Context, name: str, draw: Callable[[Axes], Any],
              size: tuple[float, float] = (7.5, 4.5)) -> bytes:
        """``context.chart(draw, size)``, remembering ``draw`` as figure ``name`` when it drew the data."""
        if context.view is not None and context.n_articles:
            self.figures.append((name, draw, size))
        return context.chart(draw, size)


class Tab(Protocol):
    """One dashboard tab (see the module docstring)."""
    title: ClassVar[str]
    widget: W.Widget
    images: list[W.Image]
    shown: Shown

    def __init__(self, index: Any, redraw: Callable[[], None]) -> None:
        """Build the page for ``index``; ``redraw()`` asks the board to redraw this tab."""

    def draw(self, context: Context) -> None:
        """Fill the page from ``context``."""


def chart_image(css_class: str) -> W.Image:
    """An empty PNG ``Image`` widget with ``css_class``, shown at natural size, never wider than the tab.

    Example:
        >>> chart_image("toolkit-chart-terms")._dom_classes
        ('toolkit-chart-terms',)
    """
    img = W.Image(format="png", layout=W.Layout(max_width="100%", align_self="flex-start"))
    img.add_class(css_class)
    return img


class LiteralText(W.HTML):
    """A line of text shown literally: set ``.text``; the page gets it HTML-escaped and outside MathJax.

    ``W.Label`` would typeset ``$x^2$`` in a publication name or keyword with MathJax; an ``HTML``
    widget is never typeset, and the span's classes tell MathJax 2 and 3 to leave it alone anyway.

    Example:
        >>> line = LiteralText()
        >>> line.text = "$x^2$ <b>"
        >>> line.value
        '<span class="tex2jax_ignore mathjax_ignore">$x^2$ &lt;b&gt;</span>'
    """
    text = traitlets.Unicode("")

    @traitlets.observe("text")
    def _show(self, change: dict) -> None:
        self.value = literal_html(change["new"])
