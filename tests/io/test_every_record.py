"""Every record accounted for (issue 10): each record read is loaded with its own content or reported
with its file, line/row and reason; files that are not article tables are listed as not read.

Each test here failed before the fix it guards (see the issue's list)."""
from __future__ import annotations

import hashlib
import pickle
import warnings
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.external import external_file
from toolkit.io import LoadError, LoadReport, load


def issues(df: pd.DataFrame) -> list[tuple]:
    return [(i.line, i.row, i.action, i.kind) for i in df.attrs["load_report"].issues]


def reasons(df: pd.DataFrame, kind: str) -> list[str]:
    return [i.reason for i in df.attrs["load_report"].issues if i.kind == kind]


# --- CSV: a broken record costs one record, not the rest of the file -----------------------------------
def test_unclosed_quote_on_record_100_of_20000_loses_only_that_record(tmp_path):
    lines = ["id,title,text"] + [f"{i},Title {i},body of article {i}" for i in range(1, 20_001)]
    lines[100] = '100,Title 100,"body of article 100'  # opened in the last field, never closed
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.read_bytes().count(b'"') == 1
    df = load(path)
    report = df.attrs["load_report"]
    line_scan = sum(1 for line in path.read_text().splitlines()[1:] if line.strip())  # no csv module
    assert report.rows_read == line_scan == 20_000
    assert (report.rows_loaded, report.rows_skipped) == (19_999, 1)
    assert len(df) == 19_999 and "100" not in set(df["id"])
    assert df["id"].tolist() == [str(i) for i in range(1, 20_001) if i != 100]
    assert df["content"].iloc[99] == "body of article 101"
    assert issues(df) == [(101, 100, "skipped", "malformed CSV")]
    assert reasons(df, "malformed CSV") == [
        "malformed CSV record: a quoted field opened on line 101 is never closed; lines 102-20001 are "
        "read again as records"]
    assert str(report).startswith("Loaded 19,999 of 20,000 rows read from 1 file; 1 skipped")


def test_several_broken_records_each_cost_one_record(tmp_path):
    """A quote opened on line 3 runs into the quote of line 5 (text after it: an error there); both are
    skipped and the lines between and after are read again, also in a gzip file and a TSV."""
    data = (b'id\ttext\n1\tfine\n2\t"opened\n3\tplain\n4\t"again never closed\n5\tlast\n')
    path = tmp_path / "t.tsv"
    path.write_bytes(data)
    df = load(path)
    assert df["id"].tolist() == ["1", "3", "5"]
    assert issues(df) == [(3, 2, "skipped", "malformed CSV"), (5, 4, "skipped", "malformed CSV")]
    report = df.attrs["load_report"]
    assert (report.rows_read, report.rows_loaded, report.rows_skipped) == (5, 3, 2)


# --- JSON: an article holding a list of objects is one article -----------------------------------------
def test_json_article_holding_a_list_of_comments_is_one_article(tmp_path):
    article = {"title": "The title", "content": "The real article body.",
               "comments": [{"text": "first comment"}, {"text": "second comment"}]}
    path = tmp_path / "one.json"
    path.write_text(json.dumps(article))
    df = load(path)
    assert df["title"].tolist() == ["The title"]
    assert df["content"].tolist() == ["The real article body."]
    assert df["comments"].iloc[0] == article["comments"]
    notes = df.attrs["load_report"].files[0].notes
    assert "read as one article; its list 'comments' of 2 object(s) is kept as a column, not read as " \
           "articles" in notes


def test_json_object_without_text_of_its_own_still_gives_its_list_and_says_so(tmp_path):
    path = tmp_path / "wrapped.json"
    path.write_text(json.dumps({"source": "feed", "articles": [{"text": "a"}, {"text": "b"}]}))
    df = load(path)
    assert df["content"].tolist() == ["a", "b"]
    assert df.attrs["load_report"].files[0].notes == [
        "columns text->content", "read the 2 object(s) under 'articles' as articles (the top-level object "
        "has no text column); its other key(s) 'source' not loaded"]


# --- lone surrogates and invalid UTF-8: repaired and reported, never a raw error ----------------------
def test_lone_surrogate_escape_in_json_lines_is_repaired_and_reported(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "ok \\ud83d\\ude00 pair"}\n{"text": "lone \\ud800 here"}\n'
                    '{"te\\udfffxt": 1, "text": "key"}\n', encoding="utf-8")
    df = load(path)
    assert df["content"].tolist() == ["ok \U0001F600 pair", "lone \ufffd here", "key"]
    assert issues(df) == [(2, 2, "repaired", "lone surrogate"), (3, 3, "repaired", "lone surrogate")]
    assert reasons(df, "lone surrogate")[0] == ("lone UTF-16 surrogate escape(s) (\\uD800-\\uDFFF without "
                                                "its pair) replaced by U+FFFD in text (1x)")
    assert [i.index for i in df.attrs["load_report"].issues] == [1, 2]


def test_lone_surrogate_escape_in_a_json_array_is_repaired_and_reported(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('[{"text": "fine"}, {"title": "t\\udc00", "text": "x"}]', encoding="utf-8")
    df = load(path)
    assert df["title"].tolist()[1] == "t\ufffd"
    assert issues(df) == [(None, 2, "repaired", "lone surrogate")]


def test_parquet_binary_content_with_invalid_utf8_is_repaired_and_reported(tmp_path):
    path = tmp_path / "b.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "c"],
                             "text": pa.array([b"caf\xc3\xa9", b"bad \xff byte", None], pa.binary())}), path)
    df = load(path)
    assert df["content"].tolist() == ["café", "bad \ufffd byte", ""]
    assert issues(df) == [(None, 2, "repaired", "undecodable bytes"), (None, 3, "kept", "empty content")]
    assert reasons(df, "undecodable bytes") == ["invalid UTF-8 in binary column(s) replaced by U+FFFD: text (1x)"]


# --- non-string content: loaded as text, reported ---------------------------------------------------------
def test_non_string_json_content_is_reported(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_text('{"text": "words"}\n{"text": 42}\n{"text": ["a", "b"]}\n{"text": {"k": 1}}\n'
                    '{"text": true}\n{"text": null}\n')
    df = load(path)
    assert df["content"].tolist() == ["words", "42", "a, b", "{'k': 1}", "True", ""]
    kept = [(line, kind) for line, _, action, kind in issues(df) if action == "kept"]
    assert kept == [(2, "non-string content"), (3, "non-string content"), (4, "non-string content"),
                    (5, "non-string content"), (6, "empty content")]
    assert reasons(df, "non-string content") == [
        "content is a number, not text; loaded as its text form '42'",
        "content is a list (2 items), not text; loaded as its text form 'a, b'",
        "content is an object (1 key), not text; loaded as its text form \"{'k': 1}\"",
        "content is a boolean, not text; loaded as its text form 'True'"]


def test_numeric_parquet_content_is_reported(tmp_path):
    path = tmp_path / "n.parquet"
    pq.write_table(pa.table({"text": pa.array([7, 8, 9], pa.int64())}), path)
    df = load(path)
    assert df["content"].tolist() == ["7", "8", "9"]
    assert issues(df) == [(None, row, "kept", "non-string content") for row in (1, 2, 3)]
    assert reasons(df, "non-string content")[0] == "content is a number, not text; loaded as its text form '7'"


# --- folders: files that are not article tables are listed as not read -------------------------------------
def test_folder_with_a_metadata_table_loads_the_articles_and_lists_the_rest(tmp_path):
    (tmp_path / "articles.csv").write_text("id,text\n1,article one\n2,article two\n")
    (tmp_path / "metadata.tsv").write_text("filename\tpublisher\narticles.csv\tAP\n")
    (tmp_path / "empty.jsonl").write_text("")
    df = load(tmp_path)
    assert df["content"].tolist() == ["article one", "article two"]
    report = df.attrs["load_report"]
    assert [(f, r.split(";")[0]) for f, r in report.ignored_files] == [
        (str(tmp_path / "empty.jsonl"), "empty file (no JSON Lines records)"),
        (str(tmp_path / "metadata.tsv"), "no usable text column")]
    assert f"not read: {tmp_path / 'metadata.tsv'} (no usable text column" in str(report)
    with pytest.raises(LoadError, match=r"empty\.jsonl: empty file"):
        load(tmp_path, errors="raise")
    with pytest.raises(LoadError, match=r"metadata\.tsv: no usable text column"):
        load(str(tmp_path / "*.?sv"), errors="raise")
    assert len(load(str(tmp_path / "*.?sv"))) == 2


def test_rows_of_a_file_not_read_are_not_reported_one_by_one(tmp_path):
    (tmp_path / "a.csv").write_text("text\nfine\n")
    (tmp_path / "b.jsonl").write_text("not json\n[1]\n")  # every line skipped: the file is not read
    df = load(tmp_path)
    report = df.attrs["load_report"]
    assert report.issues == [] and [f for f, _ in report.ignored_files] == [str(tmp_path / "b.jsonl")]


def test_load_fails_only_when_no_file_gives_articles(tmp_path):
    (tmp_path / "meta.csv").write_text("id,publisher\n1,AP\n")
    (tmp_path / "other.tsv").write_text("id\tlevel\n1\t2\n")
    with pytest.raises(LoadError) as info:
        load(tmp_path)
    message = str(info.value)
    assert message.startswith("no article could be read from the 2 files found: ")
    assert f"{tmp_path / 'meta.csv'}: no usable text column" in message
    assert f"{tmp_path / 'other.tsv'}: no usable text column" in message


def test_bad_errors_and_dedupe_values_are_rejected(tmp_path):
    (tmp_path / "a.csv").write_text("text\nx\n")
    with pytest.raises(ValueError, match="errors must be one of 'report', 'raise'"):
        load(tmp_path, errors="ignore")
    with pytest.raises(ValueError, match="dedupe must be False, True, 'first' or 'last'"):
        load(tmp_path, dedupe="all")


def test_real_polnear_folder_loads_beside_its_metadata_table():
    """PolNeAR ships ``metadata.tsv`` (no text) beside ``polnear_articles.csv`` and folders of ``.txt``."""
    folder = external_file("polnear")
    metadata = folder / "metadata.tsv"
    digest = hashlib.sha256(metadata.read_bytes()).hexdigest()
    df = load(folder, progress=False)
    report = df.attrs["load_report"]
    reasons_by_file = dict(report.ignored_files)
    assert reasons_by_file[str(metadata)].startswith("no usable text column")
    assert "'publisher'" in reasons_by_file[str(metadata)]
    assert str(folder / "polnear_articles.csv") in {f.file for f in report.files}
    assert len(df) == report.rows_loaded == report.rows_read - report.rows_skipped > 1_012
    assert hashlib.sha256(metadata.read_bytes()).hexdigest() == digest


# --- the same id from two files --------------------------------------------------------------------------
@pytest.fixture
def raw_and_tokenized(tmp_path):
    (tmp_path / "a_raw.csv").write_text("id,text\nx1,The cat sat.\nx2,A dog ran.\nx3,Only raw.\n")
    (tmp_path / "b_tok.csv").write_text("id,text\nx2,a dog ran\nx1,the cat sat\nx4,only tokenized\n")
    (tmp_path / "c.cor").write_text("no ids here\n")  # generated ids never count as duplicates
    return tmp_path


def test_duplicate_ids_across_files_are_reported(raw_and_tokenized):
    df = load(raw_and_tokenized)
    assert len(df) == 7
    report = df.attrs["load_report"]
    raw, tok = str(raw_and_tokenized / "a_raw.csv"), str(raw_and_tokenized / "b_tok.csv")
    assert (report.duplicate_ids, report.duplicate_rows) == (2, 4)
    assert report.duplicate_examples == [("x1", (raw, tok)), ("x2", (raw, tok))]
    assert report.rows_skipped == 0
    assert f"duplicate ids: 2 id(s) occur in more than one file (4 rows), e.g. 'x1' in {raw}, {tok}" in str(report)


@pytest.mark.parametrize("dedupe, kept", [("first", ["x1", "x2", "x3", "x4"]), (True, ["x1", "x2", "x3", "x4"]),
                                          ("last", ["x3", "x2", "x1", "x4"])])
def test_dedupe_keeps_one_file_per_id_and_reports_the_rest(raw_and_tokenized, dedupe, kept):
    df = load(raw_and_tokenized, dedupe=dedupe)
    assert df["id"].tolist()[:4] == kept
    report = df.attrs["load_report"]
    skipped = [i for i in report.issues if i.action == "skipped"]
    keep = "first" if dedupe is True else dedupe
    dropped_from, kept_from = ("b_tok.csv", "a_raw.csv") if keep == "first" else ("a_raw.csv", "b_tok.csv")
    assert [(i.file, i.kind) for i in skipped] == [(str(raw_and_tokenized / dropped_from), "duplicate id")] * 2
    assert skipped[0].reason.endswith(f"also in {raw_and_tokenized / kept_from}, kept from there "
                                      f"(dedupe={keep!r})")
    assert report.rows_loaded == len(df) == 5 and report.rows_read == 7 and report.rows_skipped == 2
    by_file = {f.file.rsplit("/", 1)[-1]: (f.rows_read, f.rows_loaded) for f in report.files}
    assert by_file[dropped_from] == (3, 1)


def test_rows_of_one_file_sharing_an_id_are_not_duplicates(tmp_path):
    (tmp_path / "quotes.csv").write_text("id,text\na,quote one\na,quote two\n")
    (tmp_path / "other.csv").write_text("id,text\nb,x\n")
    df = load(tmp_path, dedupe="first")
    assert len(df) == 3 and df.attrs["load_report"].duplicate_ids == 0


def test_combine_sums_duplicates():
    a, b = LoadReport(), LoadReport()
    a.add_duplicates(2, 4, [("x", ("1.csv", "2.csv"))])
    b.add_duplicates(1, 2, [("y", ("3.csv", "4.csv"))])
    both = LoadReport.combine([(a, 0), (b, 10)])
    assert (both.duplicate_ids, both.duplicate_rows) == (3, 6)
    assert both.duplicate_examples == [("x", ("1.csv", "2.csv")), ("y", ("3.csv", "4.csv"))]


def test_stored_report_keeps_every_field(raw_and_tokenized, tmp_path_factory):
    """write_report/read_report (toolkit.scale's stored features) and to_dict/from_dict (the index cache)
    keep the duplicate ids with the files, issues and files not read."""
    from toolkit.scale.stored import read_report, write_report

    report = load(raw_and_tokenized, dedupe="first").attrs["load_report"]
    assert report.duplicate_ids == 2 and report.issues and report.ignored_files == []
    out = tmp_path_factory.mktemp("stored")
    write_report(out, report)
    again = read_report(out)
    assert again == report and str(again) == str(report)
    assert (again.duplicate_ids, again.duplicate_rows, again.duplicate_examples[0][0]) == (2, 4, "x1")


def test_a_loaded_frame_writes_parquet_with_its_report(tmp_path):
    """pandas writes ``df.attrs`` as JSON: a frame that carries its LoadReport writes and reads back (this
    raised ``TypeError: Object of type LoadReport is not JSON serializable``), and the report pickles."""
    df = load(external_file("polnear", "polnear_articles.csv"), progress=False)
    report = df.attrs["load_report"]
    df.to_parquet(tmp_path / "polnear.parquet")
    back = pd.read_parquet(tmp_path / "polnear.parquet")
    assert back["content"].tolist() == df["content"].tolist()
    assert LoadReport.from_dict(back.attrs["load_report"]) == report
    with warnings.catch_warnings():
        warnings.simplefilter("error")                       # "Could not serialize pd.DataFrame.attrs"
        pa.Table.from_pandas(df)
    again = pickle.loads(pickle.dumps(report))
    assert again == report and isinstance(again, LoadReport) and str(again) == str(report)


def test_real_raw_and_tokenized_allsides_copies_are_found():
    folder = external_file("allsides-article-bias")
    df = load(folder, progress=False)
    report = df.attrs["load_report"]
    assert report.duplicate_ids == 1_000 and report.duplicate_rows == 2_000  # the subset's every id
    first = load(folder, progress=False, dedupe="first")
    assert len(first) == len(df) - 1_000
    assert first["id"].is_unique


# --- binary files named .txt --------------------------------------------------------------------------------
def test_binary_txt_files_are_not_read_as_articles(tmp_path):
    (tmp_path / "article.txt").write_text("A title\n\nThe body, with a stray \x00 NUL.\n")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "wide.txt").write_text("A UTF-16 title\nbody\n", encoding="utf-16")
    (tmp_path / "corpus.cor").write_bytes(b"\x00\x01\x02\x03" * 100)
    df = load(tmp_path)
    assert df["content"].tolist() == ["A title\n\nThe body, with a stray \x00 NUL.\n", "A UTF-16 title\nbody\n"]
    assert dict(df.attrs["load_report"].ignored_files) == {
        str(tmp_path / "blob.txt"): "binary content, not text (61% control bytes or invalid UTF-8 in the "
                                    "first 8,192 bytes)",
        str(tmp_path / "corpus.cor"): "binary content, not text (25% NUL bytes in the first 400 bytes)",
        str(tmp_path / "photo.txt"): "binary content, not text (PNG image signature)"}
    assert issues(df) == [(1, 1, "kept", "NUL characters")]
    with pytest.raises(LoadError, match=r"photo\.txt: binary content, not text \(PNG image signature\)"):
        load(tmp_path / "photo.txt")
    with pytest.raises(LoadError, match=r"blob\.txt: binary content"):
        load(tmp_path, errors="raise")
