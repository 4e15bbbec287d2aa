"""``toolkit.load`` on the real news samples in ``../shared/data/external`` (see each SOURCE.md).

Row counts are checked against an independent count with Python's ``csv`` module; expected values
otherwise come from the SOURCE.md files or from reading the raw files here, never from the loader.
"""
from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.external import EXTERNAL, external_file
from toolkit.io import CANONICAL_COLUMNS, LoadError, load

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# (folder, file, encoding for the independent count, has a header row)
CSV_SAMPLES = [
    ("all-the-news-fragment", "articles1_nyt_fragment.csv", "utf-8", False),
    ("allsides-article-bias", "articles_sample.csv", "utf-8", True),
    ("allsides-article-bias", "content_tokenized_subset.csv", "utf-8", True),
    ("buzzfeed-webis-2016", "articles.csv", "utf-8", True),
    ("buzzfeed-webis-2016", "quotes.csv", "utf-8", True),          # one row per quote span: text -> content
    ("convention-speeches-2012", "political_data.csv", "utf-8", True),
    ("fakenewscorpus-sample", "news_sample.csv", "utf-8", True),
    ("polnear", "polnear_articles.csv", "utf-8", True),
    ("fivethirtyeight-tweets", "twitter-ratio_BarackObama.csv", "latin-1", True),
    ("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv", "latin-1", True),
    ("fivethirtyeight-tweets", "mayweather-mcgregor_tweets.csv", "utf-8", True),
    ("ggt-quote-eval", "annotation_table.csv", "utf-8", True),     # articleBodyText -> content
]
#: tables with no article text: loading them must fail, naming the file and the columns it found
NO_TEXT_SAMPLES = [
    ("fakenewscorpus-sample", "websites.csv", ","),
    ("ggt-quote-eval", "quotes.csv", ","),
    ("polnear", "metadata.tsv", "\t"),
]


def csv_records(path: Path, encoding: str, header: bool, delimiter: str = ",") -> list[list[str]]:
    with open(path, newline="", encoding=encoding) as fh:
        records = [r for r in csv.reader(fh, delimiter=delimiter) if r]
    return records[1:] if header else records


def test_every_csv_in_the_external_data_is_checked():
    """A CSV or TSV added to ../shared/data/external must be added to one of the lists above."""
    external_file()  # skips when ../shared is absent
    found = {p.relative_to(EXTERNAL).as_posix() for pattern in ("*.csv", "*.tsv", "*.csv.*", "*.tsv.*")
             for p in EXTERNAL.rglob(pattern)}
    listed = {f"{folder}/{name}" for folder, name, *_ in CSV_SAMPLES + NO_TEXT_SAMPLES}
    assert found == listed


@pytest.mark.parametrize("folder, name, delimiter", NO_TEXT_SAMPLES,
                         ids=[f"{f}/{n}" for f, n, _ in NO_TEXT_SAMPLES])
def test_tables_without_article_text_fail_naming_their_columns(folder, name, delimiter):
    path = external_file(folder, name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with open(path, newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh, delimiter=delimiter))
    with pytest.raises(LoadError) as info:
        load(path, progress=False)
    message = str(info.value)
    assert message.startswith(f"{path}: no usable text column")
    assert message.endswith("columns found: " + ", ".join(map(repr, header)))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


_loaded: dict[Path, pd.DataFrame] = {}


def loaded(path: Path) -> pd.DataFrame:
    if path not in _loaded:
        _loaded[path] = load(path, progress=False)
    return _loaded[path]


@pytest.mark.parametrize("folder, name, encoding, header", CSV_SAMPLES,
                         ids=[f"{f}/{n}" for f, n, _, _ in CSV_SAMPLES])
def test_row_count_matches_independent_csv_count(folder, name, encoding, header):
    path = external_file(folder, name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    records = csv_records(path, encoding, header)
    df = loaded(path)
    assert len(df) == len(records)
    report = df.attrs["load_report"]
    assert report.rows_read == report.rows_loaded == len(records)
    assert report.rows_skipped == 0
    assert list(df.columns[:7]) == CANONICAL_COLUMNS
    assert df["content"].notna().all()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # source untouched


def column(records: list[list[str]], k: int) -> list[str]:
    return [r[k] for r in records]


def texts(values: pd.Series) -> list[str]:
    """Values as str, missing ones as "" (an empty CSV field loads as missing)."""
    return ["" if pd.isna(v) else str(v) for v in values]


def test_all_the_news_fragment_headerless_layout():
    path = external_file("all-the-news-fragment", "articles1_nyt_fragment.csv")
    records = csv_records(path, "utf-8", header=False)
    df = loaded(path)
    assert df["id"].tolist() == column(records, 1)
    assert df["title"].tolist() == column(records, 2)
    assert set(df["publication"].astype(str)) == {"New York Times"}
    assert df["content"].tolist() == column(records, 9)
    assert df["date"].min() == pd.Timestamp("2016-12-31") and df["date"].max() == pd.Timestamp("2017-06-19")
    assert df["year"].dtype == float and set(df["year"]) <= {2016.0, 2017.0}
    assert df["url"].isna().all()
    assert int(df["content"].str.count("“").sum()) == 1802
    assert "unnamed" not in " ".join(map(str, df.columns)).lower()


def test_allsides_sources_and_messy_dates():
    path = external_file("allsides-article-bias", "articles_sample.csv")
    records = csv_records(path, "utf-8", header=True)
    df = loaded(path)
    assert df["id"].tolist() == column(records, 0)  # ID -> id
    counts = df["publication"].value_counts()  # source -> publication
    assert df["publication"].nunique() == 491
    assert counts["CNN (Web News)"] == 309 and counts["Washington Times"] == 307
    assert "source_url" in df.columns and "bias_text" in df.columns  # extras kept
    assert df["url"].tolist() == column(records, 9)
    empty_dates = sum(1 for d in column(records, 3) if not d)
    assert df["date"].isna().sum() == empty_dates == 591  # M/D/YY values parse, empty ones are NaT
    assert df.loc[[i for i, d in enumerate(column(records, 3)) if d == "3/8/17"], "date"].tolist() == [
        pd.Timestamp("2017-03-08")]
    assert df["author"].isna().sum() == 1240


def test_tokenized_subset_content_column():
    path = external_file("allsides-article-bias", "content_tokenized_subset.csv")
    df = loaded(path)
    assert df["content"].str.contains(" n't ", regex=False).any()
    assert df["title"].isna().all()


def test_buzzfeed_portal_uri_maintext():
    path = external_file("buzzfeed-webis-2016", "articles.csv")
    records = csv_records(path, "utf-8", header=True)
    df = loaded(path)
    counts = df["publication"].value_counts()
    assert counts["politico"] == 424 and counts["cnn"] == 307 and counts["the-other-98"] == 37
    assert df["url"].tolist() == column(records, 6)
    assert df["author"].isna().sum() == 484
    assert df["id"].tolist() == column(records, 0)  # "0000" stays text
    assert pd.api.types.is_integer_dtype(df["n_quote_spans"])
    assert df["n_quote_spans"].sum() == 11_879
    # rows with empty mainText are kept and reported, one issue each
    empty = [i for i, r in enumerate(records) if not r[10].strip()]
    frame = df.attrs["load_report"].to_frame()
    assert frame.loc[frame["kind"] == "empty content", "index"].tolist() == empty


def test_convention_speeches_party_speaker_text():
    path = external_file("convention-speeches-2012", "political_data.csv")
    records = csv_records(path, "utf-8", header=True)
    df = loaded(path)
    assert set(df["publication"].astype(str)) == {"democrat", "republican"}
    assert texts(df["author"]) == column(records, 1)
    assert df["content"].tolist() == column(records, 2)


def test_fakenewscorpus_domain_and_authors():
    path = external_file("fakenewscorpus-sample", "news_sample.csv")
    df = loaded(path)
    assert df["publication"].nunique() == 29
    assert df["publication"].value_counts()["beforeitsnews.com"] == 155
    assert df["author"].isna().sum() == 80
    assert df["date"].isna().all()  # no publication date column, only scraped_at
    assert "scraped_at" in df.columns and "type" in df.columns


def test_polnear_articles_csv():
    path = external_file("polnear", "polnear_articles.csv")
    records = csv_records(path, "utf-8", header=True)
    df = loaded(path)
    assert set(df["publication"].astype(str)) >= {"breitbart", "huff-post", "nyt", "politico",
                                                  "usa-today", "wash-post", "west-journal"}
    assert df["id"].tolist() == column(records, 0)
    assert df["date"].notna().sum() == sum(1 for d in column(records, 4) if d)


def test_fivethirtyeight_legacy_encoding_is_decoded_and_mojibake_repaired():
    path = external_file("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    df = loaded(path)
    report = df.attrs["load_report"]
    assert report.files[0].encoding in {"latin-1", "mac_roman", "cp1252"}
    # SOURCE.md: curly quotes stored as 89 DB CF (“) and apostrophes as 89 DB AA (’)
    text = "".join(df["content"])
    assert text.count("“") >= raw.count(b"\x89\xdb\xcf")
    assert text.count("’") >= raw.count(b"\x89\xdb\xaa")
    assert report.rows_repaired > 0
    assert set(df["author"].astype(str)) == {"realDonaldTrump"}
    assert df["date"].min() >= pd.Timestamp("2016-08-01") and df["date"].max() < pd.Timestamp("2017-11-01")
    assert df["date"].notna().all()


def test_fivethirtyeight_unrepairable_mojibake_is_reported_per_row():
    """SOURCE.md: closing quotes are stored as bytes 89 DB 9D, a sequence the cp1252 round trip
    cannot undo; every record holding it must be reported (kept, possible mojibake)."""
    path = external_file("fivethirtyeight-tweets", "twitter-ratio_realDonaldTrump.csv")
    records = csv_records(path, "latin-1", header=True)
    rows_with_sequence = {k + 1 for k, r in enumerate(records) if "\x89\xdb\x9d" in ",".join(r)}
    assert len(rows_with_sequence) > 10
    frame = loaded(path).attrs["load_report"].to_frame()
    kept = frame[(frame["kind"] == "mojibake") & (frame["action"] == "kept")]
    assert rows_with_sequence <= set(kept["row"])
    assert kept["reason"].str.startswith("possible mojibake left as is in content").all()


def test_mayweather_tweets_multiline_text_and_screen_name():
    path = external_file("fivethirtyeight-tweets", "mayweather-mcgregor_tweets.csv")
    records = csv_records(path, "utf-8", header=True)
    df = loaded(path)
    assert int(df["content"].str.contains("\n", regex=False).sum()) == 1774
    assert texts(df["author"]) == column(records, 5)
    assert df["date"].min() >= pd.Timestamp("2017-08-27 00:05") and \
        df["date"].max() <= pd.Timestamp("2017-08-27 01:15")


@pytest.mark.parametrize("parts, n_files", [(("polnear", "test", "text"), 84),
                                            (("ggt-quote-eval", "rawtext"), 98)])
def test_real_txt_folder(parts, n_files):
    folder = external_file(*parts)
    files = sorted(folder.glob("*.txt"))
    assert len(files) == n_files
    df = load(folder, progress=False)
    assert len(df) == n_files
    assert df["id"].tolist() == [f.stem for f in files]
    assert df["content"].tolist() == [f.read_text(encoding="utf-8") for f in files]
    first_lines = [next(line.strip() for line in f.read_text(encoding="utf-8").splitlines()
                        if line.strip()) for f in files]
    assert [t for t in df["title"] if pd.notna(t)] == [t for t in first_lines if len(t) <= 300]
    assert df["publication"].isna().all()  # files sit directly in the folder given
    assert df["source_file"].astype(str).tolist() == [str(f) for f in files]


@pytest.mark.parametrize("name, n_articles", [("lee_background.cor", 300), ("lee.cor", 50)])
def test_lee_corpus_one_article_per_line(name, n_articles):
    path = external_file("lee-abc-news", name)
    df = load(path, progress=False)
    assert len(df) == n_articles
    assert df["id"].is_unique
    assert (df["content"].str.len() > 100).all()


@pytest.mark.parametrize("folder, name", [("buzzfeed-webis-2016", "articles.csv"),
                                          ("allsides-article-bias", "articles_sample.csv")])
def test_reported_lines_are_the_physical_lines_where_records_start(folder, name):
    """Multi-line records: the report's line for record k equals what Python's csv module says."""
    path = external_file(folder, name)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        starts, previous = [], 0
        for _ in reader:
            starts.append(previous + 1)
            previous = reader.line_num
    frame = loaded(path).attrs["load_report"].to_frame()
    assert len(frame) > 0
    assert frame["line"].tolist() == [starts[row] for row in frame["row"]]  # starts[0] is the header
    assert frame["index"].tolist() == [row - 1 for row in frame["row"]]


def test_gender_gap_annotation_table_outlet_and_article_body():
    """SOURCE.md: 98 articles, 7 Canadian outlets x 14; ``outlet`` -> publication, ``articleBodyText``
    -> content, ``_id`` -> id (``ObjectId(...)`` kept as text), list cells kept as JSON strings."""
    path = external_file("ggt-quote-eval", "annotation_table.csv")
    records = csv_records(path, "utf-8", header=True)
    df = loaded(path)
    assert df["publication"].value_counts().tolist() == [14] * 7
    assert df["content"].tolist() == column(records, 3)
    assert df["id"].tolist() == column(records, 1)
    assert df["url"].tolist() == column(records, 4)  # articleURL -> url
    assert texts(df["author"]) == column(records, 5)  # authors -> author, the JSON list text as written
    assert "quotations" in df.columns and "row" in df.columns


def test_buzzfeed_quote_table_text_column_and_mojibake():
    """``text`` -> content. SOURCE.md: spans carry mojibake, UTF-8 read as latin-1 (``â\x80\x99`` for ``’``,
    ``Â\xa0`` for a no-break space), some cut in the middle of a character by the span's end. Every such
    row is reported: repaired (exactly the rows whose text changed) or kept; ``repair=False`` gives the
    file's text unchanged."""
    path = external_file("buzzfeed-webis-2016", "quotes.csv")
    records = csv_records(path, "utf-8", header=True)
    raw = column(records, 8)
    df = loaded(path)
    assert df["id"].tolist() == column(records, 0)  # article_id -> id ("0000" stays text)
    assert df["publication"].value_counts()["politico"] > 0
    frame = df.attrs["load_report"].to_frame()
    mojibake = frame[frame["kind"] == "mojibake"]
    repaired = mojibake.loc[mojibake["action"] == "repaired", "index"].tolist()
    kept = mojibake.loc[mojibake["action"] == "kept", "index"].tolist()
    assert repaired == [i for i, (got, text) in enumerate(zip(df["content"], raw)) if got != text]
    suspect = {i for i, text in enumerate(raw) if "\u00e2\x80" in text or "\u00c2\xa0" in text}
    assert len(suspect) > 200 and suspect <= set(repaired) | set(kept)
    assert any("You\u2019ve previously called" in df["content"].iat[i] for i in repaired)
    assert all(df["content"].iat[i].endswith("\u00e2\x80") for i in kept[:20])  # cut: nothing to repair
    assert load(path, progress=False, repair=False)["content"].tolist() == raw


def test_an_exported_selection_loads_beside_other_files_without_losing_its_source_file(tmp_path):
    # an index of two files has source_file; its export, loaded with another file, held that column twice (the
    # loader overwrote the file's values with its own and CorpusIndex.build failed on the duplicate)
    from toolkit.index import CorpusIndex

    polnear = external_file("polnear", "polnear_articles.csv")
    allsides = external_file("allsides-article-bias", "articles_sample.csv")
    exported = CorpusIndex.build(load([polnear, allsides], progress=False), progress=False).filter(
        publication="politico").export(tmp_path / "politico.parquet", features=False)
    other = external_file("buzzfeed-webis-2016", "articles.csv")
    df = load([exported, other], progress=False)
    assert not df.columns.duplicated().any()
    written = pd.read_parquet(exported)
    assert set(written["source_file"].astype(str)) == {str(polnear), str(allsides)}   # (Politico is in both)
    from_export = (df["source_file"] == str(exported)).to_numpy()
    assert from_export.sum() == len(written)
    kept = df.loc[from_export, "original_source_file"].astype(str)
    assert kept.tolist() == written["source_file"].astype(str).tolist()
    assert df.loc[~from_export, "original_source_file"].isna().all()
    notes = {s.file: s.notes for s in df.attrs["load_report"].files}
    assert any("original_source_file" in n for n in notes[str(exported)])
    assert CorpusIndex.build(df, progress=False).n_articles == len(df)
