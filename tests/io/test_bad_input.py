"""Bad input: every skipped or repaired row is in the load report with file, line, row and reason;
unloadable files raise ``LoadError`` with an actionable message; source files are never modified."""
from __future__ import annotations

import bz2
import csv
import gc
import gzip
import io
import json
import lzma
import os
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.io import LoadError, load
from toolkit.io.csvquotes import QuoteCheck

BAD_CSV = (
    b"id,title,text,date\n"                                   # line 1
    b'1,One,"multi\nline\nbody",2016-01-01\n'                 # lines 2-4 (row 1)
    b"2,Two,too,many,fields\n"                                # line 5  (row 2) skipped
    b"\n"                                                     # line 6  blank, not a record
    b'3,Three,"ok",not a date\n'                              # line 7  (row 3) NaT
    b"4,Four\n"                                               # line 8  (row 4) skipped
    b'5,Five,"",2016-01-03\n'                                 # line 9  (row 5) empty content
    b'6,Six,"fine",2016-01-04\n'                              # line 10 (row 6)
    b'7,Seven,"unbalanced\n8,Eight,x,2016-01-01\n'            # line 11 (row 7) skipped, line 12 (row 8)
)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


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
    assert df["id"].tolist() == ["1", "3", "5", "6", "8"]
    assert df["content"].tolist() == ["multi\nline\nbody", "ok", "", "fine", "x"]
    report = df.attrs["load_report"]
    assert (report.rows_read, report.rows_loaded, report.rows_skipped) == (8, 5, 3)
    frame = report.to_frame()
    skipped = frame[frame["action"] == "skipped"]
    assert skipped["file"].tolist() == [str(bad_csv)] * 3
    assert skipped["line"].tolist() == [5, 8, 11]
    assert skipped["row"].tolist() == [2, 4, 7]
    assert skipped["index"].isna().all()
    assert skipped["reason"].tolist() == [
        "wrong field count: expected 4 fields, found 5",
        "wrong field count: expected 4 fields, found 2",
        "malformed CSV record: a quoted field opened on line 11 is never closed; line 12 is read again "
        "as a record",
    ]
    assert skipped["kind"].tolist() == ["wrong field count", "wrong field count", "malformed CSV"]
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
    assert text.startswith("Loaded 5 of 8 rows read from 1 file; 3 skipped, 0 repaired, "
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


def test_mojibake_through_latin1_is_repaired_too(tmp_path):
    """UTF-8 decoded as latin-1 (what ``encoding="latin-1"`` in Python or pandas gives) shows bytes
    0x80-0x9F as C1 control characters, ``â\x80\x99`` instead of cp1252's ``â€™``; also mixed in one text."""
    latin = "It’s “quoted” — café".encode("utf-8").decode("latin-1")
    assert latin == "It\u00e2\x80\x99s \u00e2\x80\x9cquoted\u00e2\x80\x9d \u00e2\x80\x94 caf\u00c3\u00a9"
    mixed = "It\u00e2\x80\x99s \u00e2\u20ac\u0153quoted\u00e2\u20ac\x9d"
    path = tmp_path / "latin.csv"
    path.write_text(f"id,text\n1,{latin}\n2,{mixed}\n3,plain\n", encoding="utf-8")
    df = load(path)
    assert df["content"].tolist() == ["It’s “quoted” — café", "It’s “quoted”", "plain"]
    assert issues(df) == [(2, 1, "repaired", "mojibake"), (3, 2, "repaired", "mojibake")]
    assert reasons(df, "mojibake")[0] == ("mojibake (UTF-8 read as cp1252 or latin-1) repaired in "
                                          "content (5x, e.g. 'â\\x80\\x99' -> '’')")


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
    (tmp_path / "u.csv.bz2").write_bytes(bz2.compress(b'text\n"never closed\n'))
    (tmp_path / "t.csv.xz").write_bytes(lzma.compress("text\ncafé ok\n".encode("cp1252")))
    (tmp_path / "s.csv").write_bytes(b"\xef\xbb\xbftext\nnul \x00 and bad \xff\n")
    (tmp_path / "pub").mkdir()
    (tmp_path / "pub" / "r.txt").write_text("Title\nbody\n")
    (tmp_path / "q.cor").write_text("one\ntwo\n")
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    past = 1_000_000_000
    for path in files:
        os.utime(path, (past, past))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode) for p in files}
    df = load(tmp_path)
    assert df.attrs["load_report"].rows_loaded == len(df) > 0
    assert len(df.attrs["load_report"].issues) >= 5  # the repaired / skipped / flagged rows above
    assert sorted(tmp_path.rglob("*")) == sorted(files + [tmp_path / "pub"])  # nothing written beside
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode) for p in files} == before


def test_undecodable_bytes_in_json_array_are_noted_for_the_file(tmp_path):
    path = tmp_path / "arr.json"
    path.write_bytes('[{"text": "caf\u00e9 \u201cok\u201d"},\n {"text": "bad '.encode("utf-8") + b'\xff"}]')
    df = load(path)
    assert df["content"].tolist() == ["café “ok”", "bad \ufffd"]
    assert "undecodable bytes replaced by U+FFFD on line(s) 2" in df.attrs["load_report"].files[0].notes


# --- broken quoting: never glue the following lines into one field silently ----------------------------
def test_quote_never_closed_is_reported_and_the_lines_after_it_are_read_again(tmp_path):
    """Both pyarrow and the lenient csv module read this as ONE record holding rows 2-3 in its text; the
    strict parser used to skip that record and with it the rest of the file."""
    path = tmp_path / "open.csv"
    path.write_bytes(b'id,text\n0,fine\n1,"starts a quote\n2,second row\n3,third row\n')
    df = load(path)
    assert df["content"].tolist() == ["fine", "second row", "third row"]
    report = df.attrs["load_report"]
    assert (report.rows_read, report.rows_loaded, report.rows_skipped) == (4, 3, 1)
    assert issues(df) == [(3, 2, "skipped", "malformed CSV")]
    assert reasons(df, "malformed CSV") == [
        "malformed CSV record: a quoted field opened on line 3 is never closed; lines 4-5 are read again "
        "as records"]


def test_text_after_a_closing_quote_is_reported_with_the_lines_it_spans(tmp_path):
    path = tmp_path / "glued.csv"
    path.write_bytes(b'id,text\n1,"left open\n2,"x" and more\n3,last\n4,"ok ""quoted"" text"\n')
    df = load(path)
    assert df["id"].tolist() == ["3", "4"]
    assert df["content"].tolist() == ["last", 'ok "quoted" text']
    assert issues(df) == [(2, 1, "skipped", "malformed CSV"), (3, 2, "skipped", "malformed CSV")]
    assert reasons(df, "malformed CSV") == [
        "malformed CSV record (lines 2-3): ',' expected after '\"' (unbalanced or stray quote?); "
        "line 3 is read again as a record",
        "malformed CSV record (line 3): ',' expected after '\"' (unbalanced or stray quote?)"]


def test_broken_quoting_in_a_compressed_file_is_reported_too(tmp_path):
    path = tmp_path / "open.csv.gz"
    path.write_bytes(gzip.compress(b'id,text\n1,"never closed\n2,read again\n'))
    df = load(path)
    assert df["content"].tolist() == ["read again"]
    assert issues(df) == [(2, 1, "skipped", "malformed CSV")]


def test_malformed_header_raises_with_its_line(tmp_path):
    path = tmp_path / "header.csv"
    path.write_bytes(b'id,"text\n1,a\n')
    with pytest.raises(LoadError, match=r'header\.csv: line 1: malformed CSV header: unexpected end of data '
                                        r'\(the header runs to line 2; unbalanced quote\?\)'):
        load(path)


def test_stray_quote_inside_an_unquoted_field_is_kept_as_written(tmp_path):
    df = load(write(tmp_path / "stray.csv", b'id,text\n1,he is 5\'10" tall\n2,"a ""b"""\n'))
    assert df["content"].tolist() == ['he is 5\'10" tall', 'a "b"']
    assert issues(df) == []


FIELDS = st.text(alphabet=st.sampled_from(list('ab ,"\n\r“')), max_size=6)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(FIELDS, min_size=2, max_size=2), min_size=1, max_size=5), split=st.integers(1, 9))
def test_quote_check_accepts_everything_the_csv_writer_writes(rows, split):
    """Regular files keep the fast path: whatever ``csv.writer`` writes passes, however it is chunked."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    check = QuoteCheck(b",")
    for start in range(0, len(data), split):
        check.feed(data[start:start + split])
    assert check.finish()


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(['"', '""', ",", "\n", "\r\n", "a"]), max_size=14).map("".join),
       split=st.integers(1, 5))
def test_quote_check_passes_only_what_strict_csv_parses_like_lenient_csv(text, split):
    """When the check passes, Python's strict parser agrees with the lenient one (and so with pyarrow,
    which is as lenient): the fast path can never merge lines that the exact path would report."""
    data = text.encode("utf-8")
    whole, chunked = QuoteCheck(b","), QuoteCheck(b",")
    whole.feed(data)
    for start in range(0, len(data), split):
        chunked.feed(data[start:start + split])
    verdict = whole.finish()
    assert chunked.finish() == verdict
    if verdict:
        lenient = list(csv.reader(io.StringIO(text, newline="")))
        assert list(csv.reader(io.StringIO(text, newline=""), strict=True)) == lenient


# --- damaged compressed files, encodings, NUL -------------------------------------------------------
def _corrupt_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.csv", "text\n" + "some article text\n" * 200)
    data = bytearray(path.read_bytes())
    data[60:80] = b"\x00" * 20  # inside the compressed data of the member
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("name, make, reason", [
    ("junk.csv.gz", lambda p: p.write_bytes(b"not gzip data"), "gz-compressed data"),
    ("cut.csv.gz", lambda p: p.write_bytes(gzip.compress(b"text\n" + b"hello there\n" * 500)[:-40]),
     "gz-compressed data"),
    ("junk.jsonl.bz2", lambda p: p.write_bytes(b"not bz2 data"), "bz2-compressed data"),
    ("junk.csv.xz", lambda p: p.write_bytes(b"not xz data"), "xz-compressed data"),
    ("bad.zip", _corrupt_zip, "zip member's data"),
])
def test_damaged_compressed_files_raise_naming_the_file(tmp_path, name, make, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(LoadError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert f"cannot read the {reason}, the file is corrupt or truncated" in message


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".txt", ".cor", ".csv.gz"])
def test_utf8_byte_order_mark_with_invalid_bytes_is_reported_per_row(tmp_path, suffix):
    body = {".csv": b"id,text\n1,caf\xe9\n2,fine\n", ".jsonl": b'{"text": "caf\xe9"}\n{"text": "fine"}\n',
            ".txt": b"Title\ncaf\xe9\n", ".cor": b"caf\xe9\nfine\n", ".csv.gz": b"id,text\n1,caf\xe9\n2,fine\n"}
    data = b"\xef\xbb\xbf" + body[suffix]
    path = write(tmp_path / f"bom{suffix}", gzip.compress(data) if suffix.endswith(".gz") else data)
    df = load(path)
    assert "caf\ufffd" in df["content"].iloc[0]
    line = {".csv": 2, ".jsonl": 1, ".txt": 1, ".cor": 1, ".csv.gz": 2}[suffix]  # where the record starts
    assert issues(df) == [(line, 1, "repaired", "undecodable bytes")]
    summary = df.attrs["load_report"].files[0]
    assert summary.encoding == "utf-8-sig"
    assert "utf-8-sig with 1 undecodable byte(s) replaced by U+FFFD" in summary.notes


@pytest.mark.parametrize("encoding, expected", [("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
                                                ("utf-16-be", "utf-16-be")])
def test_utf16_with_or_without_byte_order_mark(tmp_path, encoding, expected):
    path = write(tmp_path / "wide.csv", "id,text\r\n1,“café”\r\n2,naïve\r\n".encode(encoding))
    df = load(path)
    assert df["content"].tolist() == ["“café”", "naïve"]
    assert df.attrs["load_report"].files[0].encoding == expected
    assert issues(df) == []


def test_nul_characters_are_kept_and_reported(tmp_path):
    write(tmp_path / "a.csv", b'id,title,text\n1,ok,"no nul"\n2,t\x00t,"x\x00y\x00"\n')
    write(tmp_path / "b.txt", b"Title\nbody \x00 here\n")
    df = load(tmp_path)
    assert df["content"].tolist() == ["no nul", "x\x00y\x00", "Title\nbody \x00 here\n"]
    assert issues(df) == [(3, 2, "kept", "NUL characters"), (1, 1, "kept", "NUL characters")]
    assert reasons(df, "NUL characters") == ["NUL character(s) U+0000 kept in title (1x), content (2x)",
                                             "NUL character(s) U+0000 kept in content (1x)"]


def test_undecodable_bytes_are_blamed_on_the_record_that_holds_them(tmp_path):
    """Line 3 is a skipped record: its bad byte must not be reported against row 1 (line 2)."""
    path = write(tmp_path / "mixed.csv", "id,te\xffxt,text\n1,“a” — “b”,x\n2,b,c,extra \xff\n3,c,ok \xff\n"
                 .encode("utf-8").replace("\xff".encode("utf-8"), b"\xff"))
    df = load(path)
    assert df["id"].tolist() == ["1", "3"]
    report = df.attrs["load_report"]
    assert [(i.line, i.row, i.index, i.action, i.kind) for i in report.issues] == [
        (1, None, None, "repaired", "undecodable bytes"), (3, 2, None, "skipped", "wrong field count"),
        (4, 3, 1, "repaired", "undecodable bytes")]
    assert reasons(df, "undecodable bytes") == [
        "undecodable byte(s) before the first record (header) on line(s) 1 replaced by U+FFFD",
        "undecodable byte(s) on line(s) 4 replaced by U+FFFD"]


# --- empty and header-only files, every format --------------------------------------------------------
@pytest.mark.parametrize("name, data, message", [
    ("empty.csv", b"", "empty file (no header row and no records)"),
    ("empty.tsv", b"", "empty file (no header row and no records)"),
    ("blank.csv", b"\n\r\n\n", "empty file (no header row and no records)"),
    ("empty.csv.gz", gzip.compress(b"", mtime=0), "empty file (no header row and no records)"),
    ("empty.jsonl", b"", "empty file (no JSON Lines records)"),
    ("blank.jsonl", b"\n  \n", "empty file (no JSON Lines records)"),
    ("empty.json", b"", "line 1, column 1: invalid JSON: Expecting value"),
    ("array.json", b"[]", "empty file (no JSON array records)"),
    ("empty.parquet", b"", "not a readable Parquet file"),
])
def test_empty_files_raise_naming_the_file(tmp_path, name, data, message):
    path = write(tmp_path / name, data)
    with pytest.raises(LoadError) as info:
        load(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_empty_text_and_cor_files_are_reported(tmp_path):
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "empty.cor", b"\n\n")
    df = load(tmp_path)
    assert df["content"].tolist() == [""]  # the .txt file is one (empty) article
    assert issues(df) == [(1, 1, "kept", "empty content")]
    cor = next(f for f in df.attrs["load_report"].files if f.file.endswith("empty.cor"))
    assert (cor.rows_read, cor.rows_loaded) == (0, 0)
    assert cor.notes == ["no articles: the file is empty or holds only blank lines"]


@pytest.mark.parametrize("data", [b"id,title,text\n", b"id,title,text", b"\xef\xbb\xbfid,title,text\r\n",
                                  b"id,title,text\n\n\n"])
def test_header_only_variants_give_an_empty_canonical_frame(tmp_path, data):
    df = load(write(tmp_path / "header.csv", data))
    assert len(df) == 0 and list(df.columns) == ["id", "title", "publication", "author", "date", "url",
                                                 "content"]
    report = df.attrs["load_report"]
    assert (report.rows_read, report.rows_loaded, report.issues) == (0, 0, [])


def test_json_lines_where_no_line_is_an_object_raise_with_the_first_reason(tmp_path):
    path = write(tmp_path / "junk.jsonl", b"not json\n[1]\n")
    with pytest.raises(LoadError, match=r"junk\.jsonl: no article could be read: all 2 JSON Lines record\(s\) "
                                        r"were skipped; the first at line 1: invalid JSON: Expecting value"):
        load(path)


def test_json_objects_without_keys_raise_listing_no_columns(tmp_path):
    with pytest.raises(LoadError, match=r"keys\.jsonl: no usable text column; .*columns found: none$"):
        load(write(tmp_path / "keys.jsonl", b"{}\n{}\n"))


@pytest.mark.parametrize("name, data, found", [
    ("semi.csv", b"id;text\n1;hello\n", "';'"), ("tabs.csv", b"id\ttext\n1\thello\n", "tab"),
    ("commas.tsv", b"id,text\n1,hello\n", "','"),
])
def test_a_file_with_another_delimiter_gets_a_hint(tmp_path, name, data, found):
    with pytest.raises(LoadError) as info:
        load(write(tmp_path / name, data))
    message = str(info.value)
    assert message.startswith(f"{tmp_path / name}: no usable text column")
    assert f"the header was read as one column; the file seems to be separated by {found}" in message


def test_an_empty_list_of_paths_raises(tmp_path):
    with pytest.raises(LoadError, match="no path given"):
        load([])


def test_no_file_is_left_open(tmp_path):

    write(tmp_path / "a.csv.gz", gzip.compress(b"text\nzipped body\n"))
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as zf:
        zf.writestr("c.csv.bz2", bz2.compress(b"text\ninner body\n"))
        zf.writestr("d.jsonl", '{"text": "member"}\n')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        df = load(tmp_path)
        gc.collect()
    assert df["content"].tolist() == ["zipped body", "inner body", "member"]
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
