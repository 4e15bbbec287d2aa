"""Every chart of toolkit.plots on real data: labelled, one mark per row, saved as PNG and SVG."""
from __future__ import annotations

import html
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import AxesImage

import toolkit
from toolkit import plots, stats
from toolkit.index import CorpusIndex
from toolkit.plotdata import all_periods, choose_period, is_other, period_starts
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


def stacked_bars(ax) -> list[tuple[str, float, float, float]]:
    """(group, x centre, bottom, top) of every bar of ``plots.source_distribution`` (one collection per group)."""
    bars = []
    for coll in ax.collections:
        for path in coll.get_paths():
            xs, ys = path.vertices[:, 0], path.vertices[:, 1]
            bars.append((coll.get_label(), (xs.min() + xs.max()) / 2, ys.min(), ys.max()))
    return bars


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
    months = all_periods(table["month"], "month")            # every month from first to last, gaps too
    n_months, n_pubs = len(months), table["publication"].nunique()
    assert n_months > table["month"].nunique()               # polnear has empty months between
    bars = stacked_bars(ax)
    assert len(ax.collections) == n_pubs and len(bars) == len(table)    # one bar per (month, publication) row
    tops = {}
    for _, x, _, top in bars:
        tops[round(x)] = max(tops.get(round(x), 0), top)
    per_month = table.groupby("month")["articles"].sum().reindex(months, fill_value=0)
    assert [tops.get(i, 0.0) for i in range(n_months)] == per_month.astype(float).tolist()
    for pub, x, bottom, top in bars:
        month = months[round(x)]
        assert top - bottom == table[(table["month"] == month) & (table["publication"] == pub)]["articles"].sum()
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
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["more in nyt", "more in breitbart"]
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == int((~table["significant"]).sum())
    assert (len(legend) == 3) == bool(hatched) and (not hatched or "not significant" in legend[2])
    saved(ax, tmp_path, "distinctive")
    table.loc[table.index[:3], "significant"] = False     # the same chart with three terms not significant
    marked = plots.distinctive_terms(table)
    assert sum(bool(p.get_hatch()) for p in marked.patches) == int((~table["significant"]).sum()) >= 3
    assert "not significant" in marked.get_legend().get_texts()[-1].get_text()


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


# publication names taken as TeX by matplotlib unless every chart text is literal
HOSTILE_NAMES = ["$x^2$ Daily", r"\href{http://e.com}{Wire}", r"$\frac{1}{0}$", "a_b^c $", "Cost: $5 & $6",
                 r"$\undefinedcommand$ Post", "100% $$ Herald"]


@pytest.fixture(scope="module")
def hostile_idx() -> CorpusIndex:
    df = toolkit.load(external_file("polnear", "polnear_articles.csv"))
    df = df.groupby("publication", observed=True, group_keys=False).head(10).reset_index(drop=True)
    names = dict(zip(sorted(df["publication"].astype(str).unique()), HOSTILE_NAMES))
    df["publication"] = df["publication"].astype(str).map(names)
    return CorpusIndex.build(df, progress=False)


@pytest.mark.parametrize("usetex", [False, True])
@pytest.mark.parametrize("chart", ["top_terms", "term_heatmap", "source_distribution", "trends", "quote_rate",
                                   "speakers", "distinctive_terms"])
def test_hostile_names_are_drawn_literally(hostile_idx, chart, usetex, tmp_path):
    """Names with $, \\ and ^ are drawn as written (SVG text, no mathtext, no LaTeX) and never raise."""
    pubs = sorted(hostile_idx.articles()["publication"].unique())
    a, b = pubs[0], pubs[1]
    tables = {
        "top_terms": lambda: hostile_idx.top_terms(3, by="publication"),
        "term_heatmap": lambda: stats.term_table(hostile_idx, ["trump", "clinton"], by="publication"),
        "source_distribution": lambda: hostile_idx.source_counts(["month", "publication"]),
        "trends": lambda: stats.term_trends(hostile_idx, ["trump"]),
        "quote_rate": lambda: hostile_idx.quote_stats(),
        "speakers": lambda: hostile_idx.top_speakers(10**6),
        "distinctive_terms": lambda: stats.distinctive_terms(hostile_idx.filter(publication=a),
                                                             hostile_idx.filter(publication=b), k=3,
                                                             labels=(a, b)),
    }
    table = tables[chart]()
    with plt.rc_context({"svg.fonttype": "none", "text.usetex": usetex}):
        ax = getattr(plots, chart)(table, title=f"Chart of {a}")
        svg = plots.save(ax, tmp_path / "chart.svg").read_text(encoding="utf-8")
        plots.save(ax, tmp_path / "chart.png")
    shown = [t.get_text() for t in ax.figure.findobj(plt.Text) if t.get_text()]
    drawn = [name for name in HOSTILE_NAMES if any(name in t for t in shown)]
    assert len(drawn) >= 2, shown           # the chart does show several of the names ...
    for name in drawn:                      # ... and each one is in the SVG exactly as written
        assert html.escape(name, quote=False) in svg, name
    assert f"Chart of {html.escape(a, quote=False)}" in svg


def test_charts_leave_the_callers_texts_alone(idx):
    fig, ax = plt.subplots()
    mine = ax.text(0.5, 0.5, "$x^2$")
    plots.top_terms(idx.top_terms(3), ax=ax)
    assert mine.get_parse_math() is True
    assert all(not t.get_parse_math() for t in [ax.title, *ax.get_yticklabels()])


# ---------------------------------------------------------------- hundreds of sources, twenty years (AllSides)

@pytest.fixture(scope="module")
def allsides(tmp_path_factory) -> CorpusIndex:
    return CorpusIndex.from_files(external_file("allsides-article-bias", "articles_sample.csv"),
                                  cache_dir=tmp_path_factory.getbasetemp() / "index-cache")


def _tick_labels(axis) -> list[str]:
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


def test_sources_chart_at_hundreds_of_sources_stays_readable(allsides):
    dates = allsides.articles()["date"]
    period = choose_period(dates)
    assert period == "year"                           # 2001-2020 in years, not 228 unreadable months
    table = allsides.source_counts([period, "publication"])
    assert table["publication"].nunique() > 300
    ax = plots.source_distribution(table)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == plots.TOP_GROUPS + 1 and is_other(legend[-1])
    assert len(_tick_labels(ax.xaxis)) <= 30
    colours = [tuple(p.get_facecolor()) for p in ax.get_legend().get_patches()]
    assert len(set(colours)) == len(colours)          # no colour twice in one chart
    assert sum(top - bottom for *_, bottom, top in stacked_bars(ax)) == table["articles"].sum() == dates.notna().sum()
    per_pub = table.groupby("publication")["articles"].sum().sort_values(ascending=False)
    assert legend[:-1] == per_pub.index[:plots.TOP_GROUPS].tolist()   # largest first
    assert legend[-1] == f"other ({len(per_pub) - plots.TOP_GROUPS:,})"


def test_monthly_chart_over_many_months_labels_at_most_30(allsides):
    ax = plots.source_distribution(allsides.source_counts(["month", "publication"]), top=5)
    assert len(ax.get_xlim()) == 2 and ax.get_xlim()[1] > 200     # every month 2001-10 .. 2020-07 has a slot
    assert len(_tick_labels(ax.xaxis)) <= 30
    assert len(ax.get_legend().get_texts()) == 6


def test_quote_chart_other_bar_is_recomputed_from_counts(allsides):
    table = allsides.quote_stats()
    ax = plots.quote_rate(table, top=8)
    assert len(ax.patches) == 9 and len(_tick_labels(ax.xaxis)) == 9
    top8 = table.nlargest(8, "articles")["publication"]
    rest = table[~table["publication"].isin(top8)]
    assert ax.patches[-1].get_height() == pytest.approx(rest["quotes"].sum() / rest["articles"].sum())
    share = plots.quote_rate(table, value="quoted_word_share", top=8).patches[-1].get_height()
    assert share == pytest.approx(rest["quoted_words"].sum() / rest["tokens"].sum())


def test_trend_lines_at_hundreds_of_sources(allsides):
    table = stats.term_trends(allsides, ["trump"], freq="year")
    ax = plots.trends(table)
    assert table["publication"].nunique() > 100
    assert len(ax.get_lines()) == plots.TOP_GROUPS + 1
    colours = [ln.get_color() for ln in ax.get_lines()]
    assert len(set(map(str, colours))) == len(colours)


@pytest.mark.parametrize("period", ["week", "month", "quarter", "year"])
def test_every_period_groups_the_dates(allsides, period):
    table = allsides.source_counts([period])
    dates = pd.to_datetime(allsides.articles()["date"]).dropna()
    starts = period_starts(table[period], period)
    assert table["articles"].sum() == len(dates)
    assert starts.is_monotonic_increasing and starts.min() <= dates.min() and starts.max() <= dates.max()
    expected = {"week": dates.dt.to_period("W").nunique(), "month": dates.dt.to_period("M").nunique(),
                "quarter": dates.dt.to_period("Q").nunique(), "year": dates.dt.year.nunique()}[period]
    assert len(table) == expected


@pytest.mark.parametrize("chart", ["top_terms", "quote_rate", "speakers", "source_distribution"])
def test_control_characters_in_names_leave_a_valid_svg(chart, tmp_path):
    """A name with control characters (scraped text holds them) is drawn with U+FFFD instead, so the SVG
    parses as XML (raw, they made it invalid); the other names are untouched."""
    import xml.dom.minidom

    names = ["Bell\x07 Times", "Form\x0cfeed", "Plain"]
    tables = {
        "top_terms": pd.DataFrame({"term": names, "count": [3, 2, 1]}),
        "quote_rate": pd.DataFrame({"publication": names, "quote_rate": [1.0, 2.0, 3.0], "quotes": [1, 4, 9],
                                    "articles": [1, 2, 3]}),
        "speakers": pd.DataFrame({"publication": names, "speaker": ["A\x01nn", "Bo", "Bo"], "quotations": [1, 2, 3]}),
        "source_distribution": pd.DataFrame({"month": ["2016-01"] * 3, "publication": names, "articles": [1, 2, 3]}),
    }
    ax = getattr(plots, chart)(tables[chart], title="Title\x1b")
    path = plots.save(ax, tmp_path / "chart.svg")
    xml.dom.minidom.parse(str(path))
    shown = [t.get_text() for t in ax.figure.findobj(plt.Text) if t.get_text()]
    assert "Title\ufffd" in shown and "Plain" in shown
    assert not any(re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", t) for t in shown)
