"""Every input format of ``toolkit.load``, the header variants and the canonical output schema.

Fixtures are small files written into ``tmp_path`` by each test.
"""
from __future__ import annotations

import bz2
import csv
import gzip
import json
import lzma
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.io import CANONICAL_COLUMNS, LoadReport, load

ARTICLES = [
    {"id": "a1", "title": "First “story”", "publication": "Daily Planet", "author": "Lois Lane",
     "date": "2016-05-01", "url": "https://example.com/1", "content": "He said “yes”.\nSecond line."},
    {"id": "a2", "title": "Second", "publication": "Daily Bugle", "author": "Peter Parker",
     "date": "2016-06-15", "url": "https://example.com/2", "content": "Text, with a comma"},
    {"id": "a3", "title": "Third", "publication": "Daily Planet", "author": "Clark Kent",
     "date": "2017-01-02", "url": "https://example.com/3", "content": "#Hashtag and @handle"},
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], **kw) -> Path:
    with open(path, "w", newline="", encoding=kw.pop("encoding", "utf-8")) as fh:
        writer = csv.writer(fh, **kw)
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def all_the_news_rows() -> list[list[str]]:
    return [[str(i * 3), a["id"], a["title"], a["publication"], a["author"], a["date"],
             a["date"][:4] + ".0", str(float(int(a["date"][5:7]))), a["url"], a["content"]]
            for i, a in enumerate(ARTICLES)]


def assert_articles(df: pd.DataFrame, articles=ARTICLES) -> None:
    assert list(df.columns[:7]) == CANONICAL_COLUMNS
    assert df["id"].tolist() == [a["id"] for a in articles]
    assert df["title"].tolist() == [a["title"] for a in articles]
    assert df["publication"].astype(str).tolist() == [a["publication"] for a in articles]
    assert df["author"].astype(str).tolist() == [a["author"] for a in articles]
    assert df["date"].dt.strftime("%Y-%m-%d").tolist() == [a["date"] for a in articles]
    assert df["url"].tolist() == [a["url"] for a in articles]
    assert df["content"].tolist() == [a["content"] for a in articles]


def assert_canonical_dtypes(df: pd.DataFrame) -> None:
    assert str(df["date"].dtype) == "datetime64[ns]"
    assert isinstance(df["publication"].dtype, pd.CategoricalDtype)
    assert isinstance(df["author"].dtype, pd.CategoricalDtype)
    for column in ("id", "title", "url", "content"):
        assert isinstance(df[column].dtype, pd.StringDtype), column
        assert df[column].dtype.storage == "pyarrow", column
    assert isinstance(df.index, pd.RangeIndex) and df.index.start == 0


# --- CSV ------------------------------------------------------------------------------------------
def test_all_the_news_layout_with_unnamed_index(tmp_path):
    path = write_csv(tmp_path / "articles1.csv",
                     ["", "id", "title", "publication", "author", "date", "year", "month", "url",
                      "content"], all_the_news_rows())
    df = load(path)
    assert_articles(df)
    assert_canonical_dtypes(df)
    assert list(df.columns) == CANONICAL_COLUMNS + ["year", "month"]  # unnamed index dropped
    assert df["year"].tolist() == [2016.0, 2016.0, 2017.0]
    report = df.attrs["load_report"]
    assert isinstance(report, LoadReport)
    assert (report.rows_read, report.rows_loaded, report.rows_skipped) == (3, 3, 0)
    assert any("unnamed index" in note for note in report.files[0].notes)


def test_headerless_all_the_news_variant_is_detected(tmp_path):
    path = write_csv(tmp_path / "fragment.csv", None, all_the_news_rows())
    df = load(path)
    assert_articles(df)
    assert len(df) == 3  # the first record is data, not a header
    assert any("no header row" in note for note in df.attrs["load_report"].files[0].notes)


@pytest.mark.parametrize("column, canonical", [
    ("source", "publication"), ("Outlet", "publication"), ("domain", "publication"),
    ("portal", "publication"), ("party", "publication"), ("PUBLISHER", "publication"),
    ("text", "content"), ("Body", "content"), ("article", "content"), ("mainText", "content"),
    ("content_original", "content"), ("articleBodyText", "content"),
    ("published", "date"), ("pub_date", "date"), ("Publication Date", "date"), ("created_at", "date"),
    ("authors", "author"), ("speaker", "author"), ("Byline", "author"),
    ("headline", "title"), ("link", "url"), ("uri", "url"), ("ID", "id"), ("_id", "id"),
])
def test_header_variants_map_to_canonical_columns(tmp_path, column, canonical):
    other = "title" if canonical == "content" else "content"  # so the file always has a text column
    value = "2016-05-01" if canonical == "date" else f"value of {column}"
    path = write_csv(tmp_path / "variant.csv", [column, other], [[value, "x"]])
    df = load(path)
    if canonical == "date":
        assert df["date"].iloc[0] == pd.Timestamp("2016-05-01")
    else:
        assert str(df[canonical].iloc[0]) == value
    assert column not in df.columns or column == canonical


def test_exact_canonical_name_wins_over_alias_and_loser_is_kept(tmp_path):
    path = write_csv(tmp_path / "both.csv", ["text", "content", "source"],
                     [["short", "the body", "AP"]])
    df = load(path)
    assert df["content"].tolist() == ["the body"]
    assert df["text"].tolist() == ["short"]  # kept as an extra column
    assert df["publication"].astype(str).tolist() == ["AP"]


def test_tsv_and_crlf_line_endings(tmp_path):
    path = tmp_path / "news.tsv"
    path.write_bytes(b"title\ttext\r\nOne\tfirst body\r\nTwo\tsecond body\r\n")
    df = load(path)
    assert df["title"].tolist() == ["One", "Two"]
    assert df["content"].tolist() == ["first body", "second body"]


def test_missing_canonical_columns_are_present_and_empty(tmp_path):
    df = load(write_csv(tmp_path / "min.csv", ["text"], [["only text"]]))
    assert list(df.columns) == CANONICAL_COLUMNS
    assert df[["title", "url"]].isna().all().all()
    assert df["date"].isna().all() and df["publication"].isna().all()
    assert df["id"].tolist() == ["min:1"]  # generated "<file stem>:<row>"
    assert_canonical_dtypes(df)


def test_ids_are_filled_per_row_when_some_are_missing(tmp_path):
    df = load(write_csv(tmp_path / "ids.csv", ["id", "text"], [["x", "a"], ["", "b"], ["z", "c"]]))
    assert df["id"].tolist() == ["x", "ids:2", "z"]


def test_numeric_extras_become_numbers_but_zero_padded_ids_stay_text(tmp_path):
    df = load(write_csv(tmp_path / "n.csv", ["id", "text", "count", "code"],
                        [["0001", "a", "3", "007"], ["0002", "b", "4", "012"]]))
    assert df["id"].tolist() == ["0001", "0002"]
    assert df["count"].tolist() == [3, 4] and pd.api.types.is_integer_dtype(df["count"])
    assert df["code"].tolist() == ["007", "012"]


def test_small_chunksize_gives_the_same_frame(tmp_path):
    rows = [[f"id{i}", f"title {i}", f"line one {i}\nline two", f"2016-01-{i % 28 + 1:02d}"]
            for i in range(101)]
    path = write_csv(tmp_path / "many.csv", ["id", "title", "text", "date"], rows)
    whole = load(path, chunksize=1_000)
    chunked = load(path, chunksize=7)
    pd.testing.assert_frame_equal(whole, chunked)
    assert chunked["id"].tolist() == [r[0] for r in rows]


# --- JSON, Parquet --------------------------------------------------------------------------------
def test_json_lines(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    df = load(path)
    assert_articles(df)
    assert_canonical_dtypes(df)


def test_json_array_with_variant_keys_and_author_lists(tmp_path):
    records = [{"headline": a["title"], "source": a["publication"], "authors": [a["author"]],
                "published": a["date"], "link": a["url"], "body": a["content"], "id": a["id"],
                "score": i} for i, a in enumerate(ARTICLES)]
    records[1]["authors"] = ["Peter Parker", "Mary Jane"]
    (tmp_path / "news.json").write_text(json.dumps(records), encoding="utf-8")
    df = load(tmp_path / "news.json")
    expected = [dict(a) for a in ARTICLES]
    expected[1]["author"] = "Peter Parker, Mary Jane"
    assert_articles(df, expected)
    assert df["score"].tolist() == [0, 1, 2]


def test_json_object_holding_one_article_list(tmp_path):
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": ARTICLES, "count": 3}))
    assert_articles(load(tmp_path / "wrapped.json"))


def test_parquet(tmp_path):
    frame = pd.DataFrame(ARTICLES)
    frame["date"] = pd.to_datetime(frame["date"])  # a real timestamp column, not text
    frame.to_parquet(tmp_path / "news.parquet")
    df = load(tmp_path / "news.parquet", chunksize=2)
    assert_articles(df)
    assert_canonical_dtypes(df)


# --- compression ----------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix, opener", [(".gz", gzip.open), (".bz2", bz2.open), (".xz", lzma.open)])
def test_compressed_csv_and_jsonl(tmp_path, suffix, opener):
    plain = write_csv(tmp_path / "plain.csv", list(ARTICLES[0]), [list(a.values()) for a in ARTICLES])
    with opener(tmp_path / f"news.csv{suffix}", "wb") as fh:
        fh.write(plain.read_bytes())
    with opener(tmp_path / f"news.jsonl{suffix}", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(a) for a in ARTICLES))
    assert_articles(load(tmp_path / f"news.csv{suffix}"))
    assert_articles(load(tmp_path / f"news.jsonl{suffix}"))


def test_zip_reads_every_supported_member_in_name_order(tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("b.jsonl", "\n".join(json.dumps(a) for a in ARTICLES[1:]))
        zf.writestr("a.csv", "id,title,text\nz1,Zipped,zip body\n")
        zf.writestr("reuters/c.txt", "A title\n\nThe body.\n")
        zf.writestr("notes.md", "not an article")
    df = load(archive)
    assert df["id"].tolist() == ["z1", "a2", "a3", "c"]
    assert df["source_file"].astype(str).tolist() == [
        f"{archive}::a.csv", f"{archive}::b.jsonl", f"{archive}::b.jsonl", f"{archive}::reuters/c.txt"]
    assert str(df["publication"].iloc[3]) == "reuters"
    report = df.attrs["load_report"]
    assert report.ignored_files == [(f"{archive}::notes.md", "unsupported file type inside zip")]


# --- text files -----------------------------------------------------------------------------------
def test_txt_folder_one_article_per_file(tmp_path):
    root = tmp_path / "corpus"
    (root / "nyt").mkdir(parents=True)
    (root / "wapo").mkdir()
    (root / "nyt" / "b.txt").write_text("Headline B\n\nBody of b, “quoted”.\n", encoding="utf-8")
    (root / "nyt" / "a.txt").write_text("\n  Headline A  \nBody of a.", encoding="utf-8")
    (root / "wapo" / "c.txt").write_text("x" * 400 + "\nrest", encoding="utf-8")
    (root / "top.txt").write_text("Top level\nbody", encoding="utf-8")
    df = load(root)
    assert df["id"].tolist() == ["a", "b", "top", "c"]  # sorted by path
    assert df["publication"].astype(object).where(df["publication"].notna(), None).tolist() == [
        "nyt", "nyt", None, "wapo"]  # no publication for files directly in the folder given
    assert df["title"].tolist()[:3] == ["Headline A", "Headline B", "Top level"]
    assert pd.isna(df["title"].iloc[3])  # a 400-character first line is not a title
    assert df["content"].iloc[1] == "Headline B\n\nBody of b, “quoted”.\n"  # full text, nothing stripped
    assert df["source_file"].astype(str).tolist() == [
        str(root / "nyt" / "a.txt"), str(root / "nyt" / "b.txt"), str(root / "top.txt"),
        str(root / "wapo" / "c.txt")]


def test_cor_file_is_one_article_per_line(tmp_path):
    path = tmp_path / "lee.cor"
    path.write_text("First article text.\n\nSecond \"quoted\" article.\nThird.\n", encoding="utf-8")
    df = load(path)
    assert df["content"].tolist() == ["First article text.", 'Second "quoted" article.', "Third."]
    assert df["id"].tolist() == ["lee:1", "lee:2", "lee:3"]


# --- several files ----------------------------------------------------------------------------------
def test_glob_and_list_concatenate_in_sorted_file_order(tmp_path):
    write_csv(tmp_path / "b.csv", ["id", "text", "extra_b"], [["b1", "bee", "1"]])
    write_csv(tmp_path / "a.csv", ["id", "body"], [["a1", "ay"], ["a2", "ay two"]])
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "content": "see"}))
    by_glob = load(str(tmp_path / "*"))
    by_list = load([tmp_path / "c.jsonl", tmp_path / "b.csv", tmp_path / "a.csv"])
    by_folder = load(tmp_path)
    for df in (by_glob, by_list, by_folder):
        assert df["id"].tolist() == ["a1", "a2", "b1", "c1"]
        assert df["source_file"].astype(str).tolist() == [str(tmp_path / n) for n in
                                                          ("a.csv", "a.csv", "b.csv", "c.jsonl")]
        assert list(df.columns) == CANONICAL_COLUMNS + ["extra_b", "source_file"]
        assert df.index.equals(pd.RangeIndex(4))
        assert df.attrs["load_report"].rows_loaded == 4
    pd.testing.assert_frame_equal(by_glob, by_list)


def test_publications_from_several_files_form_one_categorical(tmp_path):
    write_csv(tmp_path / "1.csv", ["source", "text"], [["AP", "x"], ["Reuters", "y"]])
    write_csv(tmp_path / "2.csv", ["outlet", "text"], [["AFP", "z"], ["AP", "w"]])
    df = load(tmp_path)
    assert isinstance(df["publication"].dtype, pd.CategoricalDtype)
    assert df["publication"].astype(str).tolist() == ["AP", "Reuters", "AFP", "AP"]
    assert sorted(df["publication"].cat.categories) == ["AFP", "AP", "Reuters"]


def test_loading_is_deterministic(tmp_path):
    write_csv(tmp_path / "x.csv", list(ARTICLES[0]), [list(a.values()) for a in ARTICLES])
    (tmp_path / "y.jsonl").write_text("\n".join(json.dumps(a) for a in ARTICLES))
    first, second = load(tmp_path), load(tmp_path)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first.attrs["load_report"].to_frame(),
                                  second.attrs["load_report"].to_frame())


def test_public_api_and_progress_flag(tmp_path, capsys):
    path = write_csv(tmp_path / "p.csv", ["text"], [["a"], ["b"]])
    assert toolkit.load is load
    assert toolkit.CANONICAL_COLUMNS == CANONICAL_COLUMNS
    quiet = load(path, progress=False)
    assert capsys.readouterr().err == ""
    loud = load(path, progress=True)
    assert "loading" in capsys.readouterr().err  # tqdm writes its bar to stderr
    pd.testing.assert_frame_equal(quiet, loud)


def test_unknown_keyword_is_rejected(tmp_path):
    path = write_csv(tmp_path / "p.csv", ["text"], [["a"]])
    with pytest.raises(TypeError, match="encodng"):
        load(path, encodng="latin-1")


def test_fast_and_exact_csv_paths_agree(tmp_path):
    """A regular file takes the pyarrow path; a blank line in the middle forces the csv-module path."""
    rows = [[f"id{i}", f"t{i}", "para one\n\npara “two”" if i % 3 else "", f"2016-02-{i % 28 + 1:02d}"]
            for i in range(50)]
    regular = write_csv(tmp_path / "regular.csv", ["id", "title", "text", "date"], rows)
    irregular = tmp_path / "irregular.csv"
    head, _, rest = regular.read_bytes().partition(b"\n")
    irregular.write_bytes(head + b"\n\n" + rest)
    fast, exact = load(regular), load(irregular)
    pd.testing.assert_frame_equal(fast, exact)
    fast_issues = fast.attrs["load_report"].to_frame()
    exact_issues = exact.attrs["load_report"].to_frame()
    assert (exact_issues["line"] == fast_issues["line"] + 1).all()  # the blank line shifts them
    assert exact_issues[["row", "action", "kind", "reason"]].equals(
        fast_issues[["row", "action", "kind", "reason"]])
    # the empty-content rows are reported at their physical lines (each earlier record spans 3 lines)
    frame = fast.attrs["load_report"].to_frame()
    expected_lines = [2 + sum(3 if j % 3 else 1 for j in range(i)) for i in range(50) if i % 3 == 0]
    assert frame["line"].tolist() == expected_lines


def test_count_byte_per_row():
    from toolkit.io.arrowtext import count_byte

    values = pd.Series(["a\nb\n", None, "", "é\n", "x"] * 3, dtype="str")
    assert count_byte(values, ord("\n")).tolist() == [2, 0, 0, 1, 0] * 3
    assert count_byte(values.iloc[3:8], 0xC3).tolist() == [1, 0, 0, 0, 0]  # slices keep offsets right


def test_progress_is_off_by_default_outside_a_terminal(tmp_path, capsys):
    path = write_csv(tmp_path / "p.csv", ["text"], [["a"]])
    load(path)
    assert capsys.readouterr().err == ""


def test_json_lines_saved_as_dot_json(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    df = load(path)
    assert_articles(df)
    assert "read as JSON Lines (one object per line)" in df.attrs["load_report"].files[0].notes


def test_frames_derived_from_the_result_share_its_report(tmp_path):
    df = load(write_csv(tmp_path / "s.csv", ["text"], [["a"], ["b"]]))
    report = df.attrs["load_report"]
    assert df.copy().attrs["load_report"] is report
    assert df[["content"]].attrs["load_report"] is report


def test_resolved_sources_can_be_loaded_directly(tmp_path):
    """A subset of a folder's sources (as ``toolkit.scale`` partitions it) loads like the folder."""
    from toolkit.io.sources import find_sources

    (tmp_path / "nyt").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "nyt" / f"{name}.txt").write_text(f"Title {name}\nbody {name}\n")
    whole = load(tmp_path)
    sources = find_sources(tmp_path)
    part = load(sources[1:])
    assert part["publication"].astype(str).tolist() == ["nyt", "nyt"]
    pd.testing.assert_frame_equal(part.reset_index(drop=True),
                                  whole.iloc[1:].reset_index(drop=True), check_categorical=False)


def test_common_date_formats_parse_to_naive_utc(tmp_path):
    dates = ["2016-01-01T10:00:00+02:00", "10/23/17 12:30", "3/8/17", "Wed Aug 27 13:08:45 +0000 2008",
             "Tue, 10 Jun 2003 04:00:00 GMT", "June 5, 2016", "2018-01-25 16:17:44.789555", ""]
    df = load(write_csv(tmp_path / "d.csv", ["date", "text"], [[d, "x"] for d in dates]))
    assert df["date"].tolist()[:-1] == [
        pd.Timestamp("2016-01-01 08:00"), pd.Timestamp("2017-10-23 12:30"), pd.Timestamp("2017-03-08"),
        pd.Timestamp("2008-08-27 13:08:45"), pd.Timestamp("2003-06-10 04:00"), pd.Timestamp("2016-06-05"),
        pd.Timestamp("2018-01-25 16:17:44.789555")]
    assert pd.isna(df["date"].iloc[-1])
    assert df.attrs["load_report"].issues == []  # an empty date is missing, not unparseable


def test_out_of_range_date_is_kept_as_nat_and_reported(tmp_path):
    df = load(write_csv(tmp_path / "old.csv", ["date", "text"], [["0001-01-01", "x"], ["2016-01-01", "y"]]))
    assert pd.isna(df["date"].iloc[0]) and df["date"].iloc[1] == pd.Timestamp("2016-01-01")
    (issue,) = df.attrs["load_report"].issues
    assert (issue.line, issue.row, issue.action, issue.kind) == (2, 1, "kept", "date out of range")
    assert issue.reason == "date '0001-01-01' outside 1677-2262, kept as NaT"


def test_differently_cased_duplicates_do_not_collide(tmp_path):
    df = load(write_csv(tmp_path / "c.csv", ["ID", "id", "Text"], [["upper", "lower", "body"]]))
    assert df["id"].tolist() == ["lower"] and df["ID"].tolist() == ["upper"]
    assert df.columns.is_unique


def test_trailing_blank_lines_are_ignored_and_noted(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'id,text\r\n1,"a\r\nb"\r\n2,\r\n\r\n\r\n')
    df = load(path)
    assert df["content"].tolist() == ["a\r\nb", ""]
    report = df.attrs["load_report"]
    assert [(i.line, i.row, i.kind) for i in report.issues] == [(4, 2, "empty content")]
    assert "2 blank line(s) ignored" in report.files[0].notes


def test_folder_mixing_every_format(tmp_path):
    """One folder, every reader: rows in sorted path order, ``source_file`` on each, the .txt articles'
    publication from their sub-folder, unsupported files listed as not read."""
    header = list(ARTICLES[0])
    write_csv(tmp_path / "a.csv", header, [list(ARTICLES[0].values())])
    write_csv(tmp_path / "b.tsv", header, [list(ARTICLES[1].values())], delimiter="\t")
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(ARTICLES[2]) + "\n")
    (tmp_path / "d.json").write_text(json.dumps([{"body": "from json", "source": "AP"}]), encoding="utf-8")
    pd.DataFrame({"text": ["from parquet"], "outlet": ["AFP"]}).to_parquet(tmp_path / "e.parquet")
    (tmp_path / "f.cor").write_text("cor one\ncor two\n", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "g.zip", "w") as zf:
        zf.writestr("inner.csv.bz2", bz2.compress(b"text,source\nzipped bz2,Reuters\n"))
    (tmp_path / "h_nyt").mkdir()
    (tmp_path / "h_nyt" / "story.txt").write_text("A headline\n\nThe story.\n", encoding="utf-8")
    (tmp_path / "readme.md").write_text("not an article", encoding="utf-8")
    df = load(tmp_path)
    assert df["content"].tolist() == [ARTICLES[0]["content"], ARTICLES[1]["content"], ARTICLES[2]["content"],
                                      "from json", "from parquet", "cor one", "cor two", "zipped bz2",
                                      "A headline\n\nThe story.\n"]
    assert df["publication"].astype(object).where(df["publication"].notna(), None).tolist() == [
        "Daily Planet", "Daily Bugle", "Daily Planet", "AP", "AFP", None, None, "Reuters", "h_nyt"]
    names = ["a.csv", "b.tsv", "c.jsonl.gz", "d.json", "e.parquet", "f.cor", "f.cor", "g.zip::inner.csv.bz2",
             "h_nyt/story.txt"]
    assert df["source_file"].astype(str).tolist() == [
        f"{tmp_path / n.split('::')[0]}::{n.split('::')[1]}" if "::" in n else str(tmp_path / n) for n in names]
    assert_canonical_dtypes(df)
    report = df.attrs["load_report"]
    assert [f.format for f in report.files] == ["csv", "tsv", "jsonl", "json", "parquet", "lines", "csv", "txt"]
    assert (report.rows_read, report.rows_loaded, report.issues) == (9, 9, [])
    assert report.ignored_files == [(str(tmp_path / "readme.md"), "unsupported file type")]


def test_zip_members_may_be_compressed_but_nested_zips_are_listed_not_read(tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.csv.gz", gzip.compress(b"id,text\nz1,gzipped member\n"))
        zf.writestr("inner.zip", b"PK\x05\x06" + b"\x00" * 18)
    df = load(archive)
    assert df["content"].tolist() == ["gzipped member"] and df["id"].tolist() == ["z1"]
    assert df.attrs["load_report"].ignored_files == [
        (f"{archive}::inner.zip", "zip archive inside a zip archive (not opened)")]


@pytest.mark.parametrize("name", ["legacy.csv", "news.jsonl", "news.parquet"])
def test_readers_stream_in_chunks_of_chunksize(tmp_path, name):
    """Bounded memory: the csv-module path, JSON Lines and Parquet hand over ``chunksize`` records at a
    time, and chunk boundaries change nothing in the result."""
    from toolkit.io.readers import ReadContext, read_source
    from toolkit.io.sources import find_sources

    rows = [{"id": f"r{i}", "title": f"Tïtle {i}", "text": f"line one {i}\nline two", "date": "2016-03-01"}
            for i in range(23)]
    path = tmp_path / name
    if name.endswith(".csv"):  # cp1252: the pyarrow fast path does not apply
        write_csv(path, list(rows[0]), [list(r.values()) for r in rows], encoding="cp1252")
    elif name.endswith(".jsonl"):
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        pd.DataFrame(rows).to_parquet(path)
    (source,) = find_sources(path)
    chunks = list(read_source(ReadContext(source, LoadReport(), chunksize=5)))
    assert [len(c) for c in chunks] == [5, 5, 5, 5, 3]
    assert sum((c["_row"].tolist() for c in chunks), []) == list(range(1, 24))
    small, big = load(path, chunksize=5), load(path, chunksize=1_000)
    pd.testing.assert_frame_equal(small, big)
    assert small["title"].tolist() == [r["title"] for r in rows]
    assert small["content"].tolist() == [r["text"] for r in rows]


def test_progress_bar_counts_every_byte_once(tmp_path, monkeypatch):
    """The bar ends at the inputs' size on disk, also when the fast CSV path gives up and the exact path
    reads the file again (a stray quote or a blank line forces that), and for compressed files and zip
    members."""
    from toolkit.io import loader

    bars = []
    real_bar = loader._progress_bar
    monkeypatch.setattr(loader, "_progress_bar", lambda *a: bars.append(real_bar(*a)) or bars[-1])
    write_csv(tmp_path / "fast.csv", ["text"], [[f"article {i}"] for i in range(500)])
    (tmp_path / "fallback.csv").write_bytes(b"text\n" + b"he is 5'10\" tall\n" * 500)
    (tmp_path / "gap.csv").write_bytes(b"text\nbefore\n\n" + b"after a blank line\n" * 500)
    with gzip.open(tmp_path / "packed.csv.gz", "wb") as fh:
        fh.write(b"text\n" + b"compressed\n" * 500)
    with zipfile.ZipFile(tmp_path / "z.zip", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("m.jsonl", '{"text": "member"}\n' * 50)
    (tmp_path / "t.txt").write_text("A text file\n")
    df = load(tmp_path, progress=True)
    assert len(df) == 2052
    (bar,) = bars
    on_disk = sum(p.stat().st_size for p in tmp_path.iterdir() if p.suffix != ".zip")
    with zipfile.ZipFile(tmp_path / "z.zip") as zf:
        on_disk += zf.getinfo("m.jsonl").compress_size
    assert bar.total == on_disk and bar.n == on_disk
