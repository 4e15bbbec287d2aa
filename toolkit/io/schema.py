"""The canonical article schema: header variants -> canonical column names, and dtype normalisation.

Header names are matched case-insensitively after turning runs of non-alphanumerics into ``_``
(``Publication Date`` -> ``publication_date``, ``mainText`` -> ``maintext``). When several columns
of one file map to the same canonical column, the earlier alias in ``ALIASES`` wins (``content`` beats
``text``), then the leftmost column; the others are kept as extra columns under their own names.
An unnamed first column (``""`` or ``Unnamed: 0``, a pandas index written to CSV) is dropped and
the drop noted in the load report.

Example:
    >>> map_columns(["", "ID", "headline", "outlet", "Body"])
    ({'ID': 'id', 'headline': 'title', 'outlet': 'publication', 'Body': 'content'}, ['dropped unnamed index column 1'])
    >>> canonical_name("pub_date")
    'date'
"""
from __future__ import annotations

import numbers
import re
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.io.report import LoadError

CANONICAL_COLUMNS = ["id", "title", "publication", "author", "date", "url", "content"]
TEXT_DTYPE = "str"  # pandas' Arrow-backed string dtype (pandas >= 3 with pyarrow installed)

#: canonical column -> accepted header names (normalised), in priority order
ALIASES: dict[str, list[str]] = {
    "id": ["id", "article_id", "doc_id", "docid", "uid", "guid", "_id"],
    "title": ["title", "headline", "heading", "article_title"],
    "publication": ["publication", "source", "outlet", "domain", "portal", "publisher", "party",
                    "newspaper", "source_name", "site", "media", "publication_name"],
    "author": ["author", "authors", "byline", "speaker", "writer", "screen_name", "user", "username"],
    "date": ["date", "published", "pub_date", "publication_date", "published_at", "publish_date",
             "date_published", "datetime", "created_at", "timestamp"],
    "url": ["url", "link", "uri", "href", "article_url", "articleurl", "permalink"],
    "content": ["content", "text", "body", "article", "maintext", "content_original", "article_text",
                "articlebodytext", "full_text", "fulltext", "story", "document"],
}
_ALIAS_RANK = {alias: (canonical, rank) for canonical, names in ALIASES.items()
               for rank, alias in enumerate(names)}

#: the Kaggle "All the News" layout, used for its headerless 10-column variant
ALL_THE_NEWS_COLUMNS = ["", "id", "title", "publication", "author", "date", "year", "month", "url",
                        "content"]
_UNNAMED = re.compile(r"^(unnamed: ?\d+)?$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
#: tried (vectorised) after ISO 8601: US dates as in the FiveThirtyEight and AllSides files, the
#: Twitter API's ``created_at``, RFC 2822 (RSS); anything else goes through pandas' per-value parser
DATE_FORMATS = ["%m/%d/%y %H:%M", "%m/%d/%Y %H:%M", "%m/%d/%y", "%m/%d/%Y",
                "%a %b %d %H:%M:%S %z %Y", "%a, %d %b %Y %H:%M:%S %z"]
# datetime64[ns] bounds, as UTC-naive timestamps
_NS_MIN, _NS_MAX = pd.Timestamp.min, pd.Timestamp.max


def normalise_header(name: str) -> str:
    """``"Publication Date"`` -> ``"publication_date"``; ``"mainText"`` -> ``"maintext"``."""
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_") or str(name).strip()


def canonical_name(name: str) -> str | None:
    """The canonical column a header name maps to, or ``None``."""
    hit = _ALIAS_RANK.get(normalise_header(name)) or _ALIAS_RANK.get(str(name).strip().lower())
    return hit[0] if hit else None


def looks_like_header(fields: Sequence[str]) -> bool:
    """True when a CSV's first record is a header: it names a known column or starts with ``""``."""
    return (len(fields) > 1 and fields[0] == "") or any(canonical_name(f) for f in fields)


def headerless_columns(fields: Sequence[str]) -> list[str] | None:
    """Column names for a known headerless layout (All the News, 10 fields), else ``None``."""
    if len(fields) == len(ALL_THE_NEWS_COLUMNS) and fields[0].strip().isdigit() \
            and _DATE_LIKE.match(fields[5].strip() or "x"):
        return list(ALL_THE_NEWS_COLUMNS)
    return None


def unique_names(names: Sequence[str]) -> list[str]:
    """Make duplicate header names unique the pandas way: ``a, a`` -> ``a, a.1``."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        name = str(name)
        if name in seen:
            seen[name] += 1
            candidate = f"{name}.{seen[name]}"
            while candidate in seen:
                seen[name] += 1
                candidate = f"{name}.{seen[name]}"
            name = candidate
        seen.setdefault(name, 0)
        out.append(name)
    return out


def map_columns(names: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """Rename map {original: canonical} for the columns that map, plus notes (dropped index column).

    Columns not in the map are kept unchanged as extras, except a dropped unnamed first column.
    """
    notes: list[str] = []
    best: dict[str, tuple[tuple, str]] = {}
    for position, name in enumerate(names):
        if position == 0 and _UNNAMED.match(str(name).strip()) and len(names) > 1:
            notes.append(f"dropped unnamed index column {position + 1}")
            continue
        hit = _ALIAS_RANK.get(normalise_header(name)) or _ALIAS_RANK.get(str(name).strip().lower())
        if hit is None:
            continue
        canonical, rank = hit
        key = (rank, name != canonical, position)  # an exact "id" beats "ID": no duplicate names
        if canonical not in best or key < best[canonical][0]:
            best[canonical] = (key, name)
    return {name: canonical for canonical, (_, name) in best.items()}, notes


def dropped_columns(names: Sequence[str]) -> list[str]:
    """The unnamed index column that ``map_columns`` drops (as a list, empty when none)."""
    if len(names) > 1 and _UNNAMED.match(str(names[0]).strip()):
        return [names[0]]
    return []


def require_text_column(file: str, names: Sequence[str], hint: str | None = None) -> None:
    """Raise ``LoadError`` naming the file and the columns found when no column maps to ``content``.

    Example:
        >>> require_text_column("a.csv", ["id", "title"])
        Traceback (most recent call last):
        toolkit.io.report.LoadError: a.csv: no usable text column; looked for one of content, text, body, \
article, maintext, content_original, article_text, articlebodytext, full_text, fulltext, story, document; \
columns found: 'id', 'title'
    """
    if "content" in map_columns(names)[0].values():
        return
    shown = ", ".join(repr(n if len(str(n)) <= 40 else str(n)[:37] + "...") for n in names[:30]) or "none"
    more = f" (and {len(names) - 30} more)" if len(names) > 30 else ""
    raise LoadError(f"{file}: no usable text column; looked for one of "
                    f"{', '.join(ALIASES['content'])}; columns found: {shown}{more}"
                    + (f"; {hint}" if hint else ""))


# --- dtypes ---------------------------------------------------------------------------------------
def as_text(values: pd.Series) -> pd.Series:
    """Any Series -> Arrow-backed strings; lists are joined with ``", "``; ``""`` becomes missing."""
    if values.dtype == object:
        values = values.map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple, np.ndarray))
                            else v, na_action="ignore")
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    if not isinstance(values.dtype, pd.StringDtype):
        values = values.astype(TEXT_DTYPE)
    elif values.dtype != TEXT_DTYPE:
        values = values.astype(TEXT_DTYPE)
    empty = values == ""
    return values.where(~empty) if empty.any() else values


def _describe_non_string(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        kind = "a boolean"
    elif isinstance(value, numbers.Number):
        kind = "a number"
    elif isinstance(value, (list, tuple, np.ndarray)):
        kind = f"a list ({len(value):,} item{'s' if len(value) != 1 else ''})"
    elif isinstance(value, dict):
        kind = f"an object ({len(value):,} key{'s' if len(value) != 1 else ''})"
    else:
        kind = f"a {type(value).__name__}"
    text = ", ".join(map(str, value)) if isinstance(value, (list, tuple, np.ndarray)) else str(value)
    shown = text if len(text) <= 60 else text[:57] + "..."
    return f"content is {kind}, not text; loaded as its text form {shown!r}"


def non_string_notes(values: pd.Series) -> pd.Series | None:
    """For a content column: ``("non-string content", reason)`` for each value that is not a string
    (a JSON number, list or object, a Parquet number), ``None`` for the others; ``None`` when all are
    strings or missing (no per-row work for a text column).

    Example:
        >>> non_string_notes(pd.Series(["text", 42, None], dtype=object)).tolist()[1]
        ('non-string content', "content is a number, not text; loaded as its text form '42'")
        >>> non_string_notes(pd.Series(["a"], dtype="str")) is None
        True
    """
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype):
        return None
    if isinstance(dtype, pd.CategoricalDtype):
        values = values.astype(object)
    if values.dtype == object:
        flagged = values.map(lambda v: not isinstance(v, str) and v is not None and v is not pd.NA
                             and not (isinstance(v, float) and v != v)).to_numpy(dtype=bool)
    else:
        flagged = values.notna().to_numpy(dtype=bool)
    if not flagged.any():
        return None
    notes = np.full(len(values), None, dtype=object)
    for i in np.flatnonzero(flagged):
        notes[i] = ("non-string content", _describe_non_string(values.iat[i]))
    return pd.Series(notes, index=values.index, dtype=object)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse dates to naive UTC ``datetime64[ns]``; return (dates, unparseable mask, out-of-range mask).

    ISO 8601 first, then ``DATE_FORMATS`` (all vectorised), then a per-value mixed-format parse for
    what is left.
    Offsets are converted to UTC. Missing/empty values are NaT and not flagged.

    Example:
        >>> d, bad, out = parse_dates(pd.Series(["2016-12-31", "10/23/17 12:30", "soon", None]))
        >>> d.dt.strftime("%Y-%m-%d").tolist(), bad.tolist(), out.tolist()
        (['2016-12-31', '2017-10-23', nan, nan], [False, False, True, False], [False, False, False, False])
    """
    index = values.index
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        present = values.notna()
    else:
        text = as_text(values).str.strip()
        present = text.notna() & (text != "")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
            for fmt in (*DATE_FORMATS, "mixed"):  # vectorised formats first; "mixed" is per value
                retry = present & parsed.isna()
                if not retry.any():
                    break
                parsed = parsed.copy()
                parsed[retry] = pd.to_datetime(text[retry], errors="coerce", format=fmt, utc=True)
        parsed = parsed.dt.tz_localize(None)
    unparseable = present & parsed.isna()
    out_of_range = parsed.notna() & ((parsed < _NS_MIN) | (parsed > _NS_MAX))
    parsed = parsed.where(~out_of_range).astype("datetime64[ns]")
    return parsed.set_axis(index), unparseable.set_axis(index), out_of_range.set_axis(index)


def to_numeric_if_all(values: pd.Series) -> pd.Series:
    """Extra columns whose every present value is a number become numeric; others become text."""
    if values.dtype != object and not isinstance(values.dtype, pd.StringDtype):
        return values
    present = values.notna()
    if present.any():
        if values.dtype == object and values[present].map(
                lambda v: isinstance(v, (list, dict, tuple, np.ndarray))).any():
            return values  # nested JSON values stay Python objects
        text = as_text(values)
        numbers = pd.to_numeric(text, errors="coerce")
        n_text = int(text.notna().sum())
        if n_text and numbers.notna().sum() == n_text and not text.str.match(r"^0\d").fillna(False).any():
            return numbers
        return text
    return as_text(values)
