"""Every chart of toolkit.plots on real data: labelled, one mark per row, saved as PNG and SVG."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import AxesImage

import toolkit
from toolkit import plots, stats
from toolkit.index import CorpusIndex
from tests.external import external_file


@pytest.fixture(scope="module")
def idx() -> CorpusIndex:
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"))
    df = df.groupby("publication", observed=True, group_keys=False).head(15).reset_index(drop=True)
    return CorpusIndex.build(df, progress=False)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def saved(ax, tmp_path, name: str) -> None:
    for ext in ("png", "svg"):
        path = plots.save(ax, tmp_path / f"{name}.{ext}")
        assert path.stat().st_size > 1000
    assert (tmp_path / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def bar_widths(ax) -> list[float]:
    return [p.get_width() for p in ax.patches if isinstance(p, plt.Rectangle)]


def test_top_terms_bar(idx, tmp_path):
    table = idx.top_terms(12)
    ax = plots.top_terms(table)
    assert ax.get_title() == "Top terms"
    assert ax.get_xlabel() == "occurrences" and ax.get_ylabel() == "term"
    assert len(ax.patches) == 12
    assert sorted(bar_widths(ax), reverse=True) == table["count"].astype(float).tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == table["term"].tolist()
    saved(ax, tmp_path, "top_terms")


def test_top_terms_bar_with_groups_and_given_axes(idx, tmp_path):
    fig, ax = plt.subplots()
    table = idx.top_hashtags(3, by="publication")
    out = plots.top_terms(table, value="per_10k", ax=ax, title="Hashtags")
    assert out is ax and ax.get_title() == "Hashtags" and ax.get_xlabel() == "per 10,000 tokens"
    assert len(ax.patches) == len(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert all(f"({p})" in label for label, p in zip(labels, table["publication"]))
    saved(ax, tmp_path, "top_hashtags")


def test_term_heatmap(idx, tmp_path):
    table = stats.term_table(idx, k=8, by="publication")
    ax = plots.term_heatmap(table)
    image = [a for a in ax.get_children() if isinstance(a, AxesImage)][0]
    assert image.get_array().shape == (8, table["publication"].nunique())
    assert [t.get_text() for t in ax.get_yticklabels()] == table["term"].drop_duplicates().tolist()
    assert ax.get_xlabel() == "publication" and ax.get_title() == "Terms by publication"
    first = table[table["term"] == table["term"].iloc[0]]["per_10k"].to_numpy()
    np.testing.assert_allclose(np.asarray(image.get_array())[0], first)
    saved(ax, tmp_path, "heatmap")


def test_source_distribution_stacked(idx, tmp_path):
    table = idx.source_counts(["month", "publication"])
    ax = plots.source_distribution(table)
    n_months, n_pubs = table["month"].nunique(), table["publication"].nunique()
    assert len(ax.patches) == n_months * n_pubs
    tops = {}
    for p in ax.patches:
        x = round(p.get_x() + p.get_width() / 2)
        tops[x] = max(tops.get(x, 0), p.get_y() + p.get_height())
    per_month = table.groupby("month")["articles"].sum().sort_index()
    assert [tops[i] for i in range(n_months)] == per_month.astype(float).tolist()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == sorted(table["publication"].unique())
    assert ax.get_ylabel() == "articles" and ax.get_xlabel() == "month"
    saved(ax, tmp_path, "sources")


def test_trend_lines(idx, tmp_path):
    table = stats.term_trends(idx.filter(publication=["nyt", "breitbart"]), ["clinton"])
    ax = plots.trends(table)
    assert len(ax.get_lines()) == 2
    assert ax.get_title() == "Trend of clinton" and ax.get_ylabel() == "per 10,000 tokens"
    nyt = table[table["publication"] == "nyt"].sort_values("month")
    line = [ln for ln in ax.get_lines() if ln.get_label() == "nyt"][0]
    np.testing.assert_allclose(line.get_ydata(), nyt["per_10k"])
    saved(ax, tmp_path, "trend")


def test_quote_rate_bars(idx, tmp_path):
    table = idx.quote_stats()
    ax = plots.quote_rate(table)
    assert [p.get_height() for p in ax.patches] == table["quote_rate"].tolist()
    assert [t.get_text() for t in ax.get_xticklabels()] == table["publication"].tolist()
    assert ax.get_ylabel() == "quotes per article"
    saved(ax, tmp_path, "quotes")


def test_distinctive_terms_diverging(idx, tmp_path):
    table = stats.distinctive_terms(idx.filter(publication="nyt"), idx.filter(publication="breitbart"),
                                    k=6, labels=("nyt", "breitbart"))
    ax = plots.distinctive_terms(table)
    widths = bar_widths(ax)
    assert len(widths) == 12
    assert sum(w > 0 for w in widths) == int((table["z"] > 0).sum())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["more in nyt", "more in breitbart"]
    saved(ax, tmp_path, "distinctive")


@pytest.mark.parametrize("draw", [
    lambda v: plots.top_terms(v.top_terms()),
    lambda v: plots.term_heatmap(stats.term_table(v, ["trump"])),
    lambda v: plots.source_distribution(v.source_counts(["month", "publication"])),
    lambda v: plots.trends(stats.term_trends(v, ["trump"])),
    lambda v: plots.quote_rate(v.quote_stats()),
    lambda v: plots.distinctive_terms(stats.distinctive_terms(v, v)),
])
def test_empty_view_draws_a_message(idx, draw, tmp_path):
    ax = draw(idx.filter(keyword="zzzznothing"))
    assert plots.EMPTY_MESSAGE in [t.get_text() for t in ax.texts]
    assert ax.get_title()
    saved(ax, tmp_path, "empty")


def test_empty_frame_without_index():
    ax = plots.top_terms(pd.DataFrame(columns=["term", "count", "per_10k", "doc_freq"]))
    assert [t.get_text() for t in ax.texts] == [plots.EMPTY_MESSAGE]
