"""A searchable choice of names with their article counts: the publication, author and facet filters.

Rules:
- Each name is listed with its number of articles (``Breitbart News (1,234)``), in name order.
- The search box narrows the list to the names containing what is typed (case and spaces forgiven);
  chosen names stay listed whatever the search, so a choice is never hidden nor lost by searching.
- At most ``limit`` names are listed at once; the line under the list says how many match beyond it.
- "all listed" chooses every listed name, "none" clears the choice; ``value`` is the chosen names, in
  name order, and can be observed and set like any widget's value (one name as a string, "" for none).

Example:
    >>> import pandas as pd
    >>> picker = Picker(pd.Series({"Breitbart News": 12, "Fox News": 30, "Vox": 4}), noun="publications")
    >>> picker.search.value = "news"
    >>> [label for label, _ in picker.select.options]
    ['Breitbart News (12)', 'Fox News (30)']
    >>> picker.choose_listed(); picker.value
    ('Breitbart News', 'Fox News')
    >>> picker.search.value = "vox"; [name for _, name in picker.select.options]
    ['Breitbart News', 'Fox News', 'Vox']
"""
from __future__ import annotations

from typing import Any

import ipywidgets as W
import pandas as pd
import traitlets

from toolkit.index.names import fold
from toolkit.widgets.render import one_line

__all__ = ["Picker"]


class Picker(W.VBox):
    """Search box, list of names with counts, "all listed" / "none" and a count of what is chosen."""

    value = traitlets.Union([traitlets.Tuple(), traitlets.Unicode()], default_value=())

    def __init__(self, counts: pd.Series, *, noun: str, limit: int = 500, rows: int = 7,
                 description: str = "") -> None:
        self.counts = {str(n): int(c) for n, c in counts.items() if str(n).strip()}   # (blank names: none)
        self.names = list(self.counts)
        self.noun, self.limit = noun, limit
        self._folded = [fold(n) for n in self.names]
        self._position = {n: i for i, n in enumerate(self.names)}
        self._syncing = False
        wide = W.Layout(width="98%")
        self.search = W.Text(value="", placeholder=f"search {len(self.names):,} {noun}",
                             description=description, continuous_update=True, layout=wide)
        self.select = W.SelectMultiple(options=[], value=(), rows=rows, layout=wide)
        self.all_button = W.Button(description="all listed", layout=W.Layout(width="auto"))
        self.none_button = W.Button(description="none", layout=W.Layout(width="auto"))
        self.note = W.HTML(value="")
        for name in ("search", "select", "all_button", "none_button", "note"):
            getattr(self, name).add_class(f"toolkit-picker-{name.split('_')[0]}")
        super().__init__([self.search, self.select,
                          W.HBox([self.all_button, self.none_button, self.note])], layout=wide)
        self.search.observe(lambda _: self._relist(), names="value")
        self.select.observe(self._on_select, names="value")
        self.all_button.on_click(lambda _: self.choose_listed())
        self.none_button.on_click(lambda _: self.clear())
        self._relist()

    def _label(self, name: str) -> str:
        return f"{one_line(name)} ({self.counts[name]:,})"

    def matching(self) -> list[str]:
        """The names the search box matches, in name order (all when it is empty)."""
        key = fold(self.search.value)
        if not key:
            return self.names
        return [n for n, f in zip(self.names, self._folded) if key in f]

    def _relist(self) -> None:
        matches = self.matching()
        shown = matches[: self.limit]
        listed = sorted(set(shown) | set(self.value), key=self._position.__getitem__)
        self._syncing = True
        try:
            self.select.options = [(self._label(n), n) for n in listed]
            self.select.value = tuple(self.value)
        finally:
            self._syncing = False
        more = len(matches) - len(shown)
        chosen = f"{len(self.value):,} of {len(self.names):,} chosen" if self.value else f"all {self.noun}"
        self.note.value = f"<small>{chosen}" + (f"; {more:,} more match: type to narrow" if more else "") + \
            ("" if matches else "; no name matches") + "</small>"

    def _on_select(self, change: Any) -> None:
        if not self._syncing:
            self.value = tuple(sorted(change["new"], key=self._position.__getitem__))

    @traitlets.validate("value")
    def _known(self, proposal: Any) -> tuple[str, ...]:
        value = proposal["value"]
        if isinstance(value, str):                   # one name, or "" for none
            value = (value,) if value.strip() else ()
        unknown = [n for n in value if n not in self._position]
        if unknown:
            raise traitlets.TraitError(f"not a name of this list: {unknown[:3]}")
        return tuple(dict.fromkeys(value))

    @traitlets.observe("value")
    def _show_value(self, _change: Any) -> None:
        self._relist()

    def choose_listed(self) -> None:
        """Choose every listed name (the search's matches, up to the limit) besides those chosen."""
        listed = [name for _, name in self.select.options]
        self.value = tuple(sorted(set(self.value) | set(listed), key=self._position.__getitem__))

    def clear(self) -> None:
        """Choose nothing (no condition)."""
        self.value = ()
