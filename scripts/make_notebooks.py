"""Write the notebooks in notebooks/ from the short cell lists below (no outputs, stable cell ids).

    python scripts/make_notebooks.py            # (re)write notebooks/*.ipynb
    python scripts/make_notebooks.py --check    # exit 1 if a committed notebook differs

Notebooks only call the package; edit the cells here, not in Jupyter, so diffs stay reviewable.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

SETUP = """\
%matplotlib inline
import toolkit
from toolkit import plots, stats
from toolkit.widgets import corpus_path

CORPUS = corpus_path()   # $TOOLKIT_CORPUS, else the bundled sample (generated on first use outside a checkout)
idx = toolkit.CorpusIndex.from_files(CORPUS)   # indexed once, then reopened from the cache"""

CELLS: dict[str, list[tuple[str, str]]] = {
    "01_quickstart": [
        ("md", "# Quick start\n\nLoad the bundled sample corpus, see what was read, the most frequent "
               "terms and how the articles spread over publications and months. Point `CORPUS` at "
               "your own file, folder or glob to do the same on your corpus."),
        ("code", SETUP),
        ("code", "df = toolkit.load(CORPUS)\nprint(df.attrs[\"load_report\"])\ndf.head(3)"),
        ("md", "## Top terms"),
        ("code", "idx.top_terms(15)"),
        ("code", "plots.top_terms(idx.top_terms(15));"),
        ("md", "## Sources: articles per publication and month"),
        ("code", "idx.source_counts()"),
        ("code", "plots.source_distribution(idx.source_counts([\"month\", \"publication\"]));"),
        ("md", "A filter gives a view with the same methods:"),
        ("code", "view = idx.filter(keyword=\"election\", start=\"2016-06-01\", end=\"2016-11-30\")\n"
                 "view.n_articles, view.top_terms(5)"),
    ],
    "02_quotes": [
        ("md", "# Quotations\n\nDirect quotations per article and per publication."),
        ("code", SETUP),
        ("code", "text = 'Voters were “tired of waiting,” Mayor Ann Lee said on Monday.'\n"
                 "toolkit.quotes(text)"),
        ("md", "Per-article numbers are part of the index:"),
        ("code", "idx.articles()[[\"tokens\", \"quotes\", \"quoted_words\", \"quote_share\"]].describe()"),
        ("md", "## Quote rate by publication"),
        ("code", "idx.quote_stats()"),
        ("code", "plots.quote_rate(idx.quote_stats());"),
        ("code", "plots.quote_rate(idx.quote_stats(), value=\"quoted_word_share\");"),
    ],
    "03_hashtags_handles": [
        ("md", "# Hashtags, handles and embedded tweets"),
        ("code", SETUP),
        ("code", "text = \"Join us # FreeMilo and #MAGA, says @realDonaldTrump ( mail ben@example.com )\"\n"
                 "toolkit.hashtags(text), toolkit.handles(text)"),
        ("code", "idx.top_hashtags(15)"),
        ("code", "plots.top_terms(idx.top_hashtags(15), title=\"Top hashtags\");"),
        ("code", "plots.top_terms(idx.top_handles(15), title=\"Top handles\");"),
        ("code", "idx.top_handles(3, by=\"publication\")"),
        ("md", "## Tweets embedded in articles"),
        ("code", "toolkit.embedded_tweets(idx.filter(keyword=\"twitter\").texts()).head()"),
    ],
    "04_sources_distinctive_terms": [
        ("md", "# Sources and distinctive terms\n\nWhich words set one publication apart from "
               "another (log-odds ratio with an informative Dirichlet prior), and where they occur."),
        ("code", SETUP),
        ("code", "plots.source_distribution(idx.source_counts([\"month\", \"publication\"]));"),
        ("code", "a, b = \"Breitbart\", \"New York Times\"\n"
                 "table = stats.distinctive_terms(idx.filter(publication=a), idx.filter(publication=b),\n"
                 "                                k=15, labels=(a, b))\ntable.head()"),
        ("code", "plots.distinctive_terms(table);"),
        ("md", "## Keyword in context and trend of the most distinctive term"),
        ("code", "word = table[\"term\"].iloc[0]\nstats.kwic(idx, word, window=40).head(10)"),
        ("code", "plots.trends(stats.term_trends(idx.filter(publication=[a, b]), [word]));"),
    ],
    "dashboard": [
        ("md", "# News corpus dashboard\n\nFilter on the left; the tabs update. Serve it with "
               "`bash scripts/serve_dashboard.sh`. To open your own corpus set `CORPUS` below or the "
               "environment variable `TOOLKIT_CORPUS` (a file, folder or glob). A corpus that cannot be "
               "opened shows why, here."),
        ("code", "%matplotlib inline\nimport toolkit\nfrom toolkit.widgets import open_dashboard\n\n"
                 "CORPUS = None  # e.g. \"/data/news/*.csv\"; None = $TOOLKIT_CORPUS or the sample"),
        ("code", "open_dashboard(CORPUS)"),
    ],
}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` with stable cell ids and no outputs."""
    cells = []
    for i, (kind, source) in enumerate(CELLS[name]):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell["id"] = f"{name.replace('_', '-')}-{i}"
        cells.append(cell)
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def render(name: str) -> str:
    return nbformat.writes(build(name)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    NOTEBOOKS.mkdir(exist_ok=True)
    stale = []
    for name in CELLS:
        path = NOTEBOOKS / f"{name}.ipynb"
        text = render(name)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(NOTEBOOKS.parent)}")
    if stale:
        print("out of date (run python scripts/make_notebooks.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
