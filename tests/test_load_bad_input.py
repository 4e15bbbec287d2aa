"""Bad input: every skipped or repaired row is in the load report with file, line, row and reason;
unloadable files raise ``LoadError`` with an actionable message; source files are never modified."""
from __future__ import annotations

import gzip
import json
import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from toolkit.io import LoadError, load

BAD_CSV = (
    b"id,title,text,date\n"                                   # line 1
    b'1,One,"multi\nline\nbody",2016-01-01\n'                 # lines 2-4 (row 1)
    b"2,Two,too,many,fields\n"                                # line 5  (row 2) skipped
    b"\n"                                                     # line 6  blank, not a record
    b'3,Three,"ok",not a date\n'                              # line 7  (row 3) NaT
    b"4,Four\n"                                               # line 8  (row 4) skipped
    b'5,Five,"",2016-01-03\n'                                 # line 9  (row 5) empty content
    b'6,Six,"fine",2016-01-04\n'                              # line 10 (row 6)
    b'7,Seven,"unbalanced\n8,Eight,x,2016-01-01\n'            # lines 11-12 (row 7) skipped
)


def issues(df: pd.DataFrame) -> list[tuple]:
    frame = df.attrs["load_report"].to_frame()
    return [(r.line, r.row, r.action, r.kind) for r in frame.itertuples()]


def reasons(df: pd.DataFrame, kind: str) -> list[str]:
    frame = df.attrs["load_report"].to_frame()
    return frame.loc[frame["kind"] == kind, "reason"].tolist()


@pytest.fixture
def bad_csv(tmp_path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_bytes(BAD_CSV)
    return path


def test_malformed_csv_rows_are_skipped_and_reported_with_physical_lines(bad_csv):
    df = load(bad_csv)
    assert df["id"].tolist() == ["1", "3", "5", "6"]
    assert df["content"].tolist() == ["multi\nline\nbody", "ok", "", "fine"]
    report = df.attrs["load_report"]
    assert (report.rows_read, report.rows_loaded, report.rows_skipped) == (7, 4, 3)
    frame = report.to_frame()
    skipped = frame[frame["action"] == "skipped"]
    assert skipped["file"].tolist() == [str(bad_csv)] * 3
    assert skipped["line"].tolist() == [5, 8, 11]
    assert skipped["row"].tolist() == [2, 4, 7]
    assert skipped["index"].isna().all()
    assert skipped["reason"].tolist() == [
        "wrong field count: expected 4 fields, found 5",
        "wrong field count: expected 4 fields, found 2",
        "wrong field count: expected 4 fields, found 3 (record spans lines 11-12; unbalanced quote?)",
    ]
    assert "1 blank line(s) ignored" in report.files[0].notes


def test_unparseable_date_is_kept_as_nat_and_reported(bad_csv):
    df = load(bad_csv)
    assert pd.isna(df["date"].iloc[1]) and df["date"].iloc[0] == pd.Timestamp("2016-01-01")
    assert (7, 3, "kept", "unparseable date") in issues(df)
    assert reasons(df, "unparseable date") == ["unparseable date 'not a date' kept as NaT"]
    frame = df.attrs["load_report"].to_frame()
    assert frame.loc[frame["kind"] == "unparseable date", "index"].tolist() == [1]


def test_empty_content_rows_are_kept_and_reported(bad_csv):
    df = load(bad_csv)
    assert df["content"].iloc[2] == ""
    assert (9, 5, "kept", "empty content") in issues(df)


def test_report_prints_a_readable_summary(bad_csv):
    text = str(load(bad_csv).attrs["load_report"])
    assert text.startswith("Loaded 4 of 7 rows read from 1 file; 3 skipped, 0 repaired, "
                           "2 kept with a warning.")
    assert f"{bad_csv} line 5: wrong field count: expected 4 fields, found 5" in text
    assert f"{bad_csv} line 7: unparseable date 'not a date' kept as NaT" in text


def test_undecodable_bytes_in_utf8_file_are_replaced_and_reported(tmp_path):
    path = tmp_path / "bytes.csv"
    path.write_bytes("id,text\n1,“fine” text\n2,caf\xe9 ok\n".encode("utf-8")
                     + b"3,broken \xff\xfe byte\n4,\xe2\x80\x99 tail\n")
    df = load(path)
    assert df["content"].tolist() == ["“fine” text", "café ok", "broken \ufffd\ufffd byte", "’ tail"]
    assert issues(df) == [(4, 3, "repaired", "undecodable bytes")]
    assert reasons(df, "undecodable bytes") == ["undecodable byte(s) on line(s) 4 replaced by U+FFFD"]


def test_cp1252_file_is_decoded_and_noted(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes("title,text\nCafé,“Smart” quotes – and a € sign\n".encode("cp1252"))
    df = load(path)
    assert df["title"].tolist() == ["Café"]
    assert df["content"].tolist() == ["“Smart” quotes – and a € sign"]
    summary = df.attrs["load_report"].files[0]
    assert summary.encoding == "cp1252"
    assert any("not valid utf-8" in note and "cp1252" in note for note in summary.notes)


def test_latin1_file_with_bytes_cp1252_leaves_undefined(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("text\nna\xefve \x81 caf\xe9\n".encode("latin-1"))
    df = load(path)
    assert df["content"].tolist() == ["na\xefve \x81 caf\xe9"]
    assert df.attrs["load_report"].files[0].encoding == "latin-1"


def test_mojibake_is_repaired_and_reported_per_row(tmp_path):
    path = tmp_path / "moji.csv"
    # how browsers show UTF-8 read as windows-1252 (WHATWG: the 5 unassigned bytes map to C1 controls)
    broken = "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
                     for b in "It’s “quoted” — café".encode("utf-8"))
    assert broken == "Itâ€™s â€œquotedâ€\x9d â€” cafÃ©"
    path.write_text(f"id,title,text\n1,ok,plain\n2,{broken},{broken}\n", encoding="utf-8")
    df = load(path)
    assert df["content"].tolist() == ["plain", "It’s “quoted” — café"]
    assert df["title"].tolist() == ["ok", "It’s “quoted” — café"]
    assert issues(df) == [(3, 2, "repaired", "mojibake")]
    (reason,) = reasons(df, "mojibake")
    assert "title (5x" in reason and "content (5x" in reason and "'â€™' -> '’'" in reason


def test_mojibake_is_only_reported_when_repair_is_off(tmp_path):
    path = tmp_path / "moji.csv"
    path.write_text("text\nItâ€™s\n", encoding="utf-8")
    df = load(path, repair=False)
    assert df["content"].tolist() == ["Itâ€™s"]
    assert issues(df) == [(2, 1, "kept", "mojibake")]


def test_utf8_bom_does_not_hide_the_first_header(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbftext,source\nhello,AP\n")
    df = load(path)
    assert df["content"].tolist() == ["hello"]
    assert df["publication"].astype(str).tolist() == ["AP"]


def test_missing_text_column_raises_with_columns_found(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_text("id,title,source\n1,Hi,AP\n")
    with pytest.raises(LoadError) as info:
        load(path)
    message = str(info.value)
    assert str(path) in message and "no usable text column" in message
    assert "columns found: 'id', 'title', 'source'" in message


def test_missing_text_column_in_jsonl_raises(tmp_path):
    path = tmp_path / "meta.jsonl"
    path.write_text(json.dumps({"id": 1, "headline": "x"}) + "\n")
    with pytest.raises(LoadError, match=r"meta\.jsonl: no usable text column.*'id', 'headline'"):
        load(path)


def test_empty_file_and_missing_path_raise(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(LoadError, match=r"empty\.csv: empty file"):
        load(tmp_path / "empty.csv")
    with pytest.raises(LoadError, match=r"nope\.csv: no such file or folder"):
        load(tmp_path / "nope.csv")
    with pytest.raises(LoadError, match="no files match"):
        load(str(tmp_path / "*.parquet"))


def test_header_only_csv_gives_an_empty_canonical_frame(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("id,title,text\n")
    df = load(path)
    assert len(df) == 0 and list(df.columns) == ["id", "title", "publication", "author", "date",
                                                 "url", "content"]
    assert str(df["date"].dtype) == "datetime64[ns]"


def test_bad_json_lines_are_skipped_with_line_numbers(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"text": "one"}\n'
                    '{"text": "two", oops}\n'
                    "\n"
                    "[1, 2]\n"
                    '{"text": "three"}\n', encoding="utf-8")
    df = load(path)
    assert df["content"].tolist() == ["one", "three"]
    assert df["id"].tolist() == ["news:1", "news:4"]
    assert issues(df) == [(2, 2, "skipped", "invalid JSON"), (4, 3, "skipped", "not a JSON object")]
    assert reasons(df, "invalid JSON")[0].startswith("invalid JSON: Expecting property name")
    assert reasons(df, "not a JSON object") == ["not a JSON object: found list"]


def test_json_array_items_that_are_not_objects_are_reported(tmp_path):
    path = tmp_path / "arr.json"
    path.write_text(json.dumps([{"text": "a"}, "stray", {"text": "b"}]))
    df = load(path)
    assert df["content"].tolist() == ["a", "b"]
    frame = df.attrs["load_report"].to_frame()
    assert frame[["row", "action", "kind"]].values.tolist() == [[2, "skipped", "not a JSON object"]]
    assert frame["line"].isna().all()  # a JSON array has no per-record lines
    assert frame["reason"].tolist() == ["array item 2 is not a JSON object: found str"]


def test_broken_json_document_raises_with_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n{"text": "a"},\n{"text": }\n]')
    with pytest.raises(LoadError, match=r"broken\.json: line 3, column 10: invalid JSON"):
        load(path)


def test_not_a_parquet_file_raises(tmp_path):
    path = tmp_path / "fake.parquet"
    path.write_text("text\nnot parquet\n")
    with pytest.raises(LoadError, match=r"fake\.parquet: not a readable Parquet file"):
        load(path)


def test_unsupported_files_in_a_folder_are_listed_as_not_read(tmp_path):
    (tmp_path / "a.csv").write_text("text\nhello\n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    df = load(tmp_path)
    report = df.attrs["load_report"]
    assert report.ignored_files == [(str(tmp_path / "notes.docx"), "unsupported file type")]
    assert f"not read: {tmp_path / 'notes.docx'} (unsupported file type)" in str(report)


def test_folder_with_nothing_readable_raises(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"")
    with pytest.raises(LoadError, match="no readable files found"):
        load(tmp_path)


def test_undecodable_bytes_in_txt_file_are_reported(tmp_path):
    (tmp_path / "a.txt").write_bytes("Title ’\n\nbody “x”\n".encode("utf-8") + b"bad \xff\n")
    df = load(tmp_path)
    assert df["content"].iloc[0].endswith("bad \ufffd\n")
    assert issues(df) == [(1, 1, "repaired", "undecodable bytes")]


def test_source_files_are_never_modified(tmp_path, bad_csv):
    (tmp_path / "x.jsonl").write_text('{"text": "a"}\nbroken\n')
    (tmp_path / "y.txt").write_bytes(b"caf\xe9\n")
    with gzip.open(tmp_path / "z.csv.gz", "wb") as fh:
        fh.write("text\nItâ€™s\n".encode("utf-8"))  # mojibake: repaired in the frame, not the file
    with zipfile.ZipFile(tmp_path / "w.zip", "w") as zf:
        zf.writestr("m.csv", "text\nzipped\n")
    pd.DataFrame({"text": ["p"]}).to_parquet(tmp_path / "v.parquet")
    files = sorted(p for p in tmp_path.iterdir() if p.is_file())
    past = 1_000_000_000
    for path in files:
        os.utime(path, (past, past))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    df = load(tmp_path)
    assert df.attrs["load_report"].rows_loaded == len(df) > 0
    assert sorted(p for p in tmp_path.iterdir() if p.is_file()) == files  # nothing written beside
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before


def test_undecodable_bytes_in_json_array_are_noted_for_the_file(tmp_path):
    path = tmp_path / "arr.json"
    path.write_bytes('[{"text": "caf\u00e9 \u201cok\u201d"},\n {"text": "bad '.encode("utf-8") + b'\xff"}]')
    df = load(path)
    assert df["content"].tolist() == ["café “ok”", "bad \ufffd"]
    assert "undecodable bytes replaced by U+FFFD on line(s) 2" in df.attrs["load_report"].files[0].notes
