"""Pure rendering for the dashboard: charts as PNG bytes, escaped article HTML, one-line labels.

Nothing here holds widget state or analysis logic; the tabs and the board call these.

Example:
    >>> one_line("Breitbart |\\n  Vote   now")
    'Breitbart | Vote now'
"""
from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib import rc_context as plt_rc
from matplotlib.figure import Figure

__all__ = ["NO_MATCH", "NO_MATH", "literal_html", "render_png", "render_figure", "message_png",
           "escape_with_marks", "article_markup", "focus_cut", "safe_link", "with_sigil", "one_line", "as_text",
           "date_label", "sorted_labels", "most_frequent", "tables_html", "TABLE_ROWS"]

NO_MATCH = "no articles match"
#: the classes that tell MathJax 2 and 3 to leave an element alone (names are shown literally)
NO_MATH = "tex2jax_ignore mathjax_ignore"


def literal_html(text: str, tag: str = "span", style: str = "") -> str:
    """``text`` escaped inside ``<tag>`` that MathJax leaves alone.

    Example:
        >>> literal_html("$x^2$ <b>")
        '<span class="tex2jax_ignore mathjax_ignore">$x^2$ &lt;b&gt;</span>'
    """
    styled = f' style="{style}"' if style else ""
    return f'<{tag} class="{NO_MATH}"{styled}>{html.escape(text)}</{tag}>'


def render_png(draw: Callable[[Axes], Any], size: tuple[float, float] = (7.5, 4.2)) -> bytes:
    """Draw on a fresh off-screen figure and return it as PNG bytes (no pyplot state involved).

    Example:
        >>> render_png(lambda ax: ax.plot([1, 2]))[:4]
        b'\\x89PNG'
    """
    return render_figure(draw, size, "png")


def render_figure(draw: Callable[[Axes], Any], size: tuple[float, float] = (7.5, 4.2), fmt: str = "png") -> bytes:
    """Draw on a fresh off-screen figure and return it as ``fmt`` (``"png"`` or ``"svg"``) bytes; an SVG
    keeps its text as text (no outlines), every label still literal.

    Example:
        >>> render_figure(lambda ax: ax.plot([1, 2]), fmt="svg")[:5]
        b'<?xml'
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"cannot render {fmt!r}; choose png or svg")
    fig = Figure(figsize=size, dpi=90, layout="constrained")
    draw(fig.subplots())
    buf = io.BytesIO()
    if fmt == "png":
        fig.savefig(buf, format="png", pil_kwargs={"compress_level": 1})   # fast: redrawn on every filter change
    else:
        with plt_rc({"svg.fonttype": "none"}):
            fig.savefig(buf, format="svg")
    return buf.getvalue()


def message_png(message: str, size: tuple[float, float] = (7.5, 4.2)) -> bytes:
    """A blank chart that says ``message`` literally (used for empty results and errors).

    Example:
        >>> message_png("no articles match")[:4]
        b'\\x89PNG'
    """
    def draw(ax: Axes) -> None:
        ax.set_axis_off()
        ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, color="0.4",
                transform=ax.transAxes, usetex=False, parse_math=False)
    return render_png(draw, size)


def escape_with_marks(text: str, pattern: re.Pattern[str] | None, focus: int | None = None) -> str:
    """``text`` HTML-escaped, with matches of ``pattern`` wrapped in ``<mark>``; the match starting at
    ``focus`` gets ``class="toolkit-focus"``.

    Example:
        >>> escape_with_marks("<b>vote</b> now", re.compile("vote"))
        '&lt;b&gt;<mark>vote</mark>&lt;/b&gt; now'
        >>> escape_with_marks("vote, vote", re.compile("vote"), focus=6)
        '<mark>vote</mark>, <mark class="toolkit-focus">vote</mark>'
    """
    if pattern is None:
        return html.escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        if m.end() == m.start():
            continue
        opening = '<mark class="toolkit-focus">' if m.start() == focus else "<mark>"
        out += [html.escape(text[last:m.start()]), opening, html.escape(m.group()), "</mark>"]
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


#: how far before a focused match the reader starts when the match's paragraph is longer than that
FOCUS_LEAD = 300


def focus_cut(text: str, focus: int) -> int:
    """Where the reader's unfolded text starts so that the match at ``focus`` is in view: the start of its
    paragraph, or of a word about :data:`FOCUS_LEAD` characters before it in a long paragraph.

    Example:
        >>> focus_cut("First para.\\nSecond one has the word.", 27)
        12
    """
    cut = text.rfind("\n", 0, focus) + 1
    if focus - cut > FOCUS_LEAD:
        cut = text.rfind(" ", 0, focus - FOCUS_LEAD) + 1
    return cut


def safe_link(url: Any) -> str:
    """An ``<a>`` to ``url`` when it is an http(s) URL (escaped; opens apart, no referrer), else ``""``.

    Example:
        >>> safe_link("https://x.org/a?b=1&c=2")
        '<a href="https://x.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">https://x.org/a?b=1&amp;c=2</a>'
        >>> safe_link("javascript:alert(1)")
        ''
    """
    url = as_text(url).strip()
    if not re.match(r"https?://[^\s\"'<>]+$", url, re.IGNORECASE):
        return ""
    shown = html.escape(url)
    return f'<a href="{shown}" target="_blank" rel="noopener noreferrer">{shown}</a>'


def article_markup(meta: Mapping[str, Any], text: str, pattern: re.Pattern[str] | None,
                   focus: int | None = None) -> str:
    """One article as HTML for the reader: title, details, link and text, all escaped; ``pattern`` marked.
    With ``focus`` (where the chosen match starts), the text before its passage is folded away.

    Example:
        >>> out = article_markup({"title": "<i>Hi</i>", "author": "Ann"}, "a storm", re.compile("storm"))
        >>> "<h3>&lt;i&gt;Hi&lt;/i&gt;</h3>" in out, "<i>Ann</i>" in out, "a <mark>storm</mark>" in out
        (True, True, True)
    """
    fields = (as_text(meta.get("publication")), as_text(meta.get("author")), date_label(meta.get("date")))
    details = " · ".join(html.escape(v) for v in fields if v)
    link = safe_link(meta.get("url"))
    body = escape_with_marks(text, pattern)
    if focus is not None and pattern is not None:
        cut = focus_cut(text, focus)
        before, after = text[:cut], text[cut:]
        body = escape_with_marks(after, pattern, focus - cut)
        if before.strip():
            body = (f"<details><summary>{len(before.split()):,} words before this passage</summary>"
                    f"{escape_with_marks(before, pattern)}</details>{body}")
    return ("<div style='max-height:420px;overflow:auto;border:1px solid #ddd;padding:8px'>"
            f"<h3>{html.escape(as_text(meta.get('title')))}</h3><p><i>{details}</i></p>"
            + (f"<p>{link}</p>" if link else "") +
            "<div style='white-space:pre-wrap;line-height:1.4'>"
            f"{body}</div></div>")


#: rows of each table shown under a chart (exports hold them all)
TABLE_ROWS = 200


def tables_html(tables: Mapping[str, pd.DataFrame]) -> str:
    """A tab's tables as escaped HTML, each under its name, at most :data:`TABLE_ROWS` rows each.

    Example:
        >>> tables_html({"top <terms>": pd.DataFrame({"term": ["<b>"], "count": [2]})}).count("&lt;")
        2
    """
    parts = []
    for name, table in tables.items():
        more = f" (first {TABLE_ROWS:,} of {len(table):,} rows)" if len(table) > TABLE_ROWS else ""
        parts.append(f"<h4>{html.escape(name)}{more}</h4>" + table.head(TABLE_ROWS).to_html(
            index=False, escape=True, na_rep="", float_format="{:,.2f}".format))
    return (f"<div class='{NO_MATH}' style='max-height: 360px; overflow: auto'>"
            + "".join(parts) + "</div>") if parts else ""


def with_sigil(table: pd.DataFrame, sigil: str) -> pd.DataFrame:
    """The entity table with ``#``/``@`` before each key, for chart labels.

    Example:
        >>> with_sigil(pd.DataFrame({"term": ["vote"], "count": [3]}), "#")["term"].tolist()
        ['#vote']
    """
    return table.assign(term=sigil + table["term"].astype(str)) if len(table) else table


def one_line(text: str) -> str:
    """``text`` with every run of whitespace made one space (a list label).

    Example:
        >>> one_line(" a\\n\\tb ")
        'a b'
    """
    return re.sub(r"\s+", " ", text).strip()


def as_text(value: Any) -> str:
    """``value`` as a string; missing values (None, NaN, NaT) as ``""``.

    Example:
        >>> as_text(None), as_text(float("nan")), as_text(3)
        ('', '', '3')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def date_label(value: Any) -> str:
    """``value`` as ``YYYY-MM-DD``; ``""`` when it is missing or not a date.

    Example:
        >>> date_label("2016-03-01 12:00"), date_label("soon")
        ('2016-03-01', '')
    """
    stamp = pd.to_datetime(value, errors="coerce") if as_text(value) else pd.NaT
    return "" if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


def sorted_labels(column: pd.Series) -> list[str]:
    """The distinct non-blank values of ``column`` as strings, sorted case-insensitively (options).

    Example:
        >>> sorted_labels(pd.Series(["b", "A", None, "b", " "]))
        ['A', 'b']
    """
    return sorted({str(v) for v in column.dropna().unique() if str(v).strip()}, key=str.casefold)


def most_frequent(column: pd.Series, n: int) -> list[str]:
    """The ``n`` most frequent non-blank values of ``column`` as strings, most frequent first.

    Example:
        >>> most_frequent(pd.Series(["b", "a", "b"]), 1)
        ['b']
    """
    counts = column.dropna().astype(str).value_counts()
    return [str(v) for v in counts.index[:n] if str(v).strip()]
