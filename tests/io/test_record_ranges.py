"""One big CSV cut into record ranges (issue 15): the ranges read apart give exactly the rows, line
numbers, row numbers, generated ids and load report of the file read in one piece.

The real CSVs of ``../shared`` are cut at tiny range sizes (down to a cut after every record); small
hostile files at every range size from 1 byte to their length."""
from __future__ import annotations

import csv
import hashlib
import io

import pandas as pd
import pytest

from tests.external import EXTERNAL, external_file
from toolkit.io import LoadReport, load, recordranges
from toolkit.io.csvfiles import record_ranges
from toolkit.io.recordranges import RangeReader, count_records, plan_ranges
from toolkit.io.sources import find_sources

REAL_CSVS = sorted(str(p.relative_to(EXTERNAL)) for p in EXTERNAL.rglob("*.csv")) if EXTERNAL.is_dir() else []


def load_or_error(path) -> pd.DataFrame | str:
    try:
        return load(path, progress=False)
    except Exception as exc:  # a file that is not an article table fails the same way either way
        return f"{type(exc).__name__}: {exc}"


WHOLE: dict[tuple[str, bytes], pd.DataFrame | str] = {}  # one-piece loads by (path, bytes' digest)


def assert_cut_loads_as_one_piece(path, range_bytes: int, monkeypatch, *, alone: bool = True) -> None:
    """``toolkit.load`` cutting the file into ranges read together (``SPLIT_BYTES``), and, with
    ``alone``, each range of ``record_ranges`` read by itself as toolkit.scale reads it, give the rows
    and the report of the file read in one piece."""
    key = (str(path), hashlib.sha256(path.read_bytes()).digest())
    if key not in WHOLE:
        WHOLE[key] = load_or_error(path)
    whole = WHOLE[key]
    monkeypatch.setattr(recordranges, "SPLIT_BYTES", 0)
    monkeypatch.setattr(recordranges, "RANGE_BYTES", range_bytes)
    cut = load_or_error(path)
    monkeypatch.setattr(recordranges, "SPLIT_BYTES", None)
    if isinstance(whole, str) or isinstance(cut, str):
        assert cut == whole
        return
    pd.testing.assert_frame_equal(cut, whole)
    assert cut.attrs["load_report"] == whole.attrs["load_report"]
    assert cut.attrs["load_report"].to_frame().equals(whole.attrs["load_report"].to_frame())
    if alone:
        assert_ranges_alone_load_as_one_piece(path, range_bytes, whole)


def assert_ranges_alone_load_as_one_piece(path, range_bytes: int, whole: pd.DataFrame) -> None:
    sources = record_ranges(find_sources(path)[0], range_bytes)
    frames = [load([source], progress=False) for source in sources]
    categorical = ["publication", "author"]  # each range has its own categories
    together = pd.concat(frames, ignore_index=True)
    pd.testing.assert_frame_equal(together.drop(columns=categorical), whole.drop(columns=categorical))
    assert together[categorical].astype(str).equals(whole[categorical].astype(str))
    offsets = [sum(len(f) for f in frames[:k]) for k in range(len(frames))]
    report = LoadReport.combine([(f.attrs["load_report"], o) for f, o in zip(frames, offsets)])
    assert report == whole.attrs["load_report"]


def ranges_of(path, range_bytes: int) -> list[recordranges.RecordRange] | None:
    data = open(path, "rb").read()
    header = data.index(b"\n") + 1
    return plan_ranges(lambda: io.BytesIO(data), header_end=header, header_lines=1, range_bytes=range_bytes,
                       columns=())


@pytest.mark.parametrize("name", REAL_CSVS or ["(no shared data)"])
@pytest.mark.parametrize("parts", [3, 40, 250])
def test_real_csv_cut_into_ranges_loads_as_one_piece(name, parts, monkeypatch):
    """Range sizes from the file's size: about 3 and 40 ranges, read together and each alone as
    toolkit.scale's partitions, and 250 read together for the files under 1 MB (the smallest: a cut
    after every record; the hostile files below try every size)."""
    path = external_file(*name.split("/"))
    if parts > 100 and path.stat().st_size > 1_000_000:
        pytest.skip("many ranges: the files under 1 MB are enough (the hostile files try every size)")
    assert_cut_loads_as_one_piece(path, max(1, path.stat().st_size // parts), monkeypatch, alone=parts < 100)


def test_real_csvs_are_all_tried():
    """The parametrized test above saw every shared CSV, news articles with quoted newlines among them."""
    external_file()
    assert {"allsides-article-bias/articles_sample.csv", "polnear/polnear_articles.csv",
            "buzzfeed-webis-2016/articles.csv", "all-the-news-fragment/articles1_nyt_fragment.csv"} <= set(REAL_CSVS)


@pytest.mark.parametrize("name", ["allsides-article-bias/articles_sample.csv", "polnear/polnear_articles.csv"])
def test_cuts_fall_on_record_starts_of_real_news(name):
    """Every range starts where the csv module starts a record, on the line it gives, and counts the
    records the csv module reads there; the ranges hold the whole file."""
    path = external_file(*name.split("/"))
    data = path.read_bytes()
    ranges = ranges_of(path, 50_000)
    assert ranges is not None and len(ranges) > 20
    assert ranges[0].start == data.index(b"\n") + 1 and ranges[-1].end == len(data)
    assert all(a.end == b.start for a, b in zip(ranges, ranges[1:]))
    text = data.decode("utf-8")
    starts, lines = {}, {}
    reader = csv.reader(io.StringIO(text, newline=""))
    offsets = [0]  # byte offset of each physical line start
    for line in io.BytesIO(data):
        offsets.append(offsets[-1] + len(line))
    position = 0
    while True:
        line_before = reader.line_num
        if next(reader, None) is None:
            break
        starts[offsets[line_before]] = position
        lines[offsets[line_before]] = line_before + 1
        position += 1
    for part in ranges:
        assert part.start in starts, f"range at byte {part.start} does not start a record"
        assert lines[part.start] == part.line
        assert data[part.start - 1:part.start] == b"\n"
    records = [count_records(lambda p=p: io.BytesIO(data[p.start:p.end])) for p in ranges]
    assert sum(records) == position - 1  # every record but the header
    assert [starts[p.start] - 1 for p in ranges] == [sum(records[:k]) for k in range(len(ranges))]


HOSTILE = {
    "quoted newlines and escaped quotes": b'id,text\n1,"a\nb ""c"""\n2,plain\n3,"x,y"\n',
    "wrong field count": b'id,text\n1,a\n2,b,extra\n3,"c\nd"\n4\n5,e\n',
    "blank lines inside": b'id,text\n1,a\n\n2,"b\n\nc"\n\r\n3,c\n',
    "trailing blank lines": b'id,text\n1,a\n2,b\n\n\n',
    "crlf line ends": b'id,text\r\n1,"a\r\nb"\r\n2,b\r\n3,c\r\n',
    "bare carriage returns": b'id,text\r1,a\r2,"b\rc"\r3,c\r',
    "a quote never closed": b'id,text\n1,a\n2,"b\n3,c\n4,d\n',
    "text after a closing quote": b'id,text\n1,"a"x\n2,b\n3,"c"\n',
    "quote mid-field": b'id,height\n1,5\'10"\n2,6\'1"\n3,tall\n',
    "no final newline": b'id,text\n1,a\n2,"b\nc"',
    "headerless All the News layout": (b'0,17283,Title,NYT,A B,2016-12-31,2016.0,12.0,,"x\ny"\n'
                                       b'1,17284,T2,NYT,C,2017-01-01,2017.0,1.0,,z\n'),
    "only a header": b'id,text\n',
    "one record without newline": b'id,text\n1,a',
    "byte-order mark inside": b'id,text\n1,a\n\xef\xbb\xbf2,b\n3,"c\nd"\n',
}
HOSTILE_TSV = {
    "quoted newlines": b'id\ttext\n1\t"a\nb"\n2\tplain\n3\t"x\ty"\n',
    "commas and quotes inside unquoted text": b'id\ttext\n1\tplain\n2\tsaid,"hello\n3\tworld",ok\n4\tend\n',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_csv_cut_at_every_range_size_loads_as_one_piece(name, tmp_path, monkeypatch):
    data = HOSTILE[name]
    path = tmp_path / "hostile.csv"
    path.write_bytes(data)
    for range_bytes in range(1, len(data) + 2):
        assert_cut_loads_as_one_piece(path, range_bytes, monkeypatch, alone=range_bytes % 5 == 1)


@pytest.mark.parametrize("name", list(HOSTILE_TSV))
def test_hostile_tsv_cut_at_every_range_size_loads_as_one_piece(name, tmp_path, monkeypatch):
    """Tab-separated files are cut by their own quoting rules (a comma and a quote inside a field are
    text there)."""
    data = HOSTILE_TSV[name]
    path = tmp_path / "hostile.tsv"
    path.write_bytes(data)
    for range_bytes in range(1, len(data) + 2):
        assert_cut_loads_as_one_piece(path, range_bytes, monkeypatch, alone=range_bytes % 3 == 1)
    # quoted fields are cut on record starts; quotes inside an unquoted field make the quoting
    # irregular by RFC 4180 (the parity would be wrong): that file stays whole
    assert len(record_ranges(find_sources(path)[0], 1)) == (3 if name == "quoted newlines" else 1)


def test_hostile_files_exercise_the_cut_and_the_one_piece_paths():
    """The hostile files above are cut (or refused) as the rules say."""
    def plan(data: bytes) -> list | None:
        return plan_ranges(lambda: io.BytesIO(data), header_end=data.index(b"\n") + 1, header_lines=1,
                           range_bytes=1, columns=())

    assert len(plan(HOSTILE["wrong field count"])) == 5
    # a range ends at the first record end at least range_bytes after its start: "\n" alone is 1 byte
    assert [(r.start, r.end, r.line) for r in plan(HOSTILE["blank lines inside"])] == [
        (8, 12, 2), (12, 22, 3), (22, 24, 7), (24, 28, 8)]
    assert plan(b'id,text\n1,a\r2,b\n') is None  # a bare \r: the csv module ends a line there
    assert plan(b'id,text\r\n1,a\r\n2,b\r\n') is not None
    # an unclosed quote: the plan's cuts are wrong after it, the quoting check finds it
    assert count_records(lambda: io.BytesIO(HOSTILE["a quote never closed"])) is None
    assert count_records(lambda: io.BytesIO(b'1,"a\n\nb"\n\n2,c\r\n\r\n3,d')) == 3


def test_ranges_are_read_alone_with_the_rows_of_the_whole_file(tmp_path):
    """A range given its records before it (as toolkit.scale does) loads the rows, line numbers,
    generated ids and skipped-record reports of the whole file, and a file changed since the plan is an
    error naming the range."""
    import dataclasses

    data = HOSTILE["wrong field count"]
    path = tmp_path / "news.csv"
    path.write_bytes(b"title,text\n" + data.split(b"\n", 1)[1])
    whole = load(path, progress=False)
    source = find_sources(path)[0]
    opened = source.open_binary
    parts = plan_ranges(opened, header_end=11, header_lines=1, range_bytes=1, columns=("title", "text"))
    row, frames, issues = 0, [], []
    for part in parts:
        rows = count_records(lambda p=part: RangeReader(open(path, "rb"), p.start, p.end))
        piece = dataclasses.replace(source, part=dataclasses.replace(part, row=row, rows=rows))
        df = load([piece], progress=False)
        frames.append(df)
        issues += [(i.line, i.row, i.kind) for i in df.attrs["load_report"].issues if i.action == "skipped"]
        row += rows
    together = pd.concat(frames, ignore_index=True)
    assert together["id"].tolist() == whole["id"].tolist() == ["news:1", "news:3", "news:5"]
    assert together["content"].tolist() == whole["content"].tolist()
    assert issues == [(i.line, i.row, i.kind) for i in whole.attrs["load_report"].issues if i.action == "skipped"]
    assert issues == [(3, 2, "wrong field count"), (6, 4, "wrong field count")]
    changed = dataclasses.replace(source, part=dataclasses.replace(parts[1], row=1, rows=2))
    with pytest.raises(Exception, match=r"news.csv: lines 3 on .* hold 1 records, 2 when the file was first"):
        load([changed], progress=False)
