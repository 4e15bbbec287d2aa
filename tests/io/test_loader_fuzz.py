"""Loader fuzz: random CSV and JSON Lines corpora with random corruption; every record written is either
loaded with its own content or reported with its line, every time, and nothing else is loaded.

Only corruptions with one right answer are written: a quote that is closed later is valid CSV and may
merge records, so once a CSV record leaves a quote open no later record holds a quote (except the quote
that opens a record cut short at the end, which the strict parser refuses at once); a record cut short
never ends right after a delimiter (that is a valid record with an empty last field). Deterministic:
``derandomize=True``.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.io import load

SAFE = "abz XYé—“”"               # never needs quoting: no quote, delimiter or line end
RICH = SAFE + '",\n'               # a record with these is quoted by csv.writer (and may span lines)
BAD_BYTES = [b"\xff", b"\xfe", b"\x80", b"\xc0"]  # never valid UTF-8, alone or next to each other
FILLER = "é—“”" * 12               # enough valid multi-byte UTF-8 that a few bad bytes are bad bytes
CSV_KINDS = ["ok", "ok", "ok", "unclosed", "extra field", "missing field", "bad bytes", "nul"]
JSONL_KINDS = ["ok", "ok", "ok", "invalid", "not an object", "surrogate", "bad bytes", "nul", "non-string"]
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclass
class Written:
    """One record as written: the line it starts on, and what the loader must do with it."""

    id: str | None
    line: int
    expect: str               # "loaded", "skipped", "repaired" (loaded, reported) or "kept" (loaded, reported)
    content: str | None = None
    kind: str | None = None   # the report kind for "repaired" and "kept"


def _with_bad_bytes(draw, text: str) -> tuple[bytes, str]:
    """``text`` as UTF-8 with invalid bytes inserted between characters; the bytes and what they decode to."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=3)))
    data, last = b"", 0
    for cut in cuts:
        data += text[last:cut].encode("utf-8") + draw(st.sampled_from(BAD_BYTES))
        last = cut
    data += text[last:].encode("utf-8")
    return data, data.decode("utf-8", "replace")


@st.composite
def csv_corpus(draw) -> tuple[bytes, list[Written]]:
    eol = draw(st.sampled_from([b"\n", b"\r\n"]))
    out, written, line = [b"id,text" + eol], [], 2
    records = [("ok", FILLER)] + [(draw(st.sampled_from(CSV_KINDS)), None)
                                  for _ in range(draw(st.integers(1, 12)))]
    quote_open = False
    for k, (kind, text) in enumerate(records):
        rid = f"c{k}"
        rich = not quote_open and kind in ("ok", "extra field")
        if text is None:
            text = draw(st.text(alphabet=RICH if rich else SAFE, max_size=10))
        if kind in ("ok", "extra field", "missing field"):
            fields = {"ok": [rid, text], "extra field": [rid, text, "more"], "missing field": [rid]}[kind]
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator=eol.decode()).writerow(fields)
            data = buffer.getvalue().encode("utf-8")
            written.append(Written(rid, line, "loaded" if kind == "ok" else "skipped", text))
        elif kind == "unclosed":  # opened in the last field, never closed; a letter follows the quote
            data = f'{rid},"u{text}'.encode("utf-8") + eol
            written.append(Written(rid, line, "skipped"))
            quote_open = True
        elif kind == "bad bytes":
            raw, decoded = _with_bad_bytes(draw, text)
            data = rid.encode() + b"," + raw + eol
            written.append(Written(rid, line, "repaired", decoded, "undecodable bytes"))
        else:  # NUL characters
            at = draw(st.integers(0, len(text)))
            text = text[:at] + "\x00" + text[at:]
            data = f"{rid},{text}".encode("utf-8") + eol
            written.append(Written(rid, line, "kept", text, "NUL characters"))
        out.append(data)
        line += data.count(b"\n")
    if draw(st.booleans()):  # the file ends inside a last record, cut short
        rid = f"c{len(records)}"
        whole = f'"{rid}","{draw(st.text(alphabet=SAFE, min_size=1, max_size=10))}"'.encode("utf-8")
        cut = draw(st.integers(2, len(whole) - 1).filter(lambda n: n != len(rid) + 3))
        out.append(whole[:cut])
        written.append(Written(rid, line, "skipped"))
    return b"".join(out), written


@st.composite
def jsonl_corpus(draw) -> tuple[bytes, list[Written]]:
    out, written = [], []
    kinds = ["ok"] + [draw(st.sampled_from(JSONL_KINDS)) for _ in range(draw(st.integers(1, 12)))]
    for k, kind in enumerate(kinds):
        rid, line = f"j{k}", k + 1
        text = FILLER if k == 0 else draw(st.text(alphabet=RICH + "\\\r\t😀", max_size=10))
        ascii_only = draw(st.booleans()) and k > 0
        if kind in ("ok", "invalid"):
            data = json.dumps({"id": rid, "text": text}, ensure_ascii=ascii_only).encode("utf-8")
            if kind == "invalid":
                data = data[:draw(st.integers(1, len(data) - 1))]
            written.append(Written(rid, line, "loaded" if kind == "ok" else "skipped", text))
        elif kind == "not an object":
            data = json.dumps(draw(st.sampled_from([[1, 2], "text", 3, None]))).encode()
            written.append(Written(None, line, "skipped"))
        elif kind == "surrogate":
            lone = chr(draw(st.integers(0xD800, 0xDFFF)))
            at = draw(st.integers(0, len(text)))
            value = text[:at] + lone + "x" + text[at:]  # "x": the escape after it is never its pair
            data = json.dumps({"id": rid, "text": value}).encode("ascii")
            written.append(Written(rid, line, "repaired", value.replace(lone, "\ufffd"), "lone surrogate"))
        elif kind == "bad bytes":
            safe = draw(st.text(alphabet=SAFE, max_size=10))
            raw, decoded = _with_bad_bytes(draw, safe)
            data = b'{"id": "' + rid.encode() + b'", "text": "' + raw + b'"}'
            written.append(Written(rid, line, "repaired", decoded, "undecodable bytes"))
        elif kind == "nul":
            value = text + "\x00"
            data = json.dumps({"id": rid, "text": value}, ensure_ascii=ascii_only).encode("utf-8")
            written.append(Written(rid, line, "kept", value, "NUL characters"))
        else:  # non-string content
            value = draw(st.one_of(st.integers(-10**6, 10**6), st.booleans(),
                                   st.lists(st.text(alphabet=SAFE, min_size=1, max_size=4), min_size=1,
                                            max_size=3),
                                   st.dictionaries(st.sampled_from("kq"), st.integers(0, 9), min_size=1)))
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            data = json.dumps({"id": rid, "text": value}).encode("utf-8")
            written.append(Written(rid, line, "kept", shown, "non-string content"))
        out.append(data + b"\n")
    if draw(st.booleans()):  # the file ends inside a last record, cut short
        rid = f"j{len(kinds)}"
        whole = json.dumps({"id": rid, "text": draw(st.text(alphabet=RICH, max_size=10))},
                           ensure_ascii=False).encode("utf-8")
        out.append(whole[:draw(st.integers(1, len(whole) - 1))])
        written.append(Written(rid, len(kinds) + 1, "skipped"))
    return b"".join(out), written


def _check(df: pd.DataFrame, name: str, written: list[Written]) -> None:
    report = df.attrs["load_report"]
    rows = df[df["source_file"].astype(str) == name]
    (summary,) = [f for f in report.files if f.file == name]
    issues = [i for i in report.issues if i.file == name]
    assert summary.rows_read == summary.rows_loaded + sum(i.action == "skipped" for i in issues)
    ids = rows["id"].tolist()
    expected_ids = [w.id for w in written if w.expect != "skipped"]
    assert ids == expected_ids, "a record not loaded, or one loaded that was not written"
    for w in written:
        at_line = [(i.action, i.kind) for i in issues if i.line == w.line]
        if w.expect == "skipped":
            assert any(action == "skipped" for action, _ in at_line), (w, issues)
            continue
        position = ids.index(w.id)
        assert rows["content"].iloc[position] == w.content, w
        assert not any(action == "skipped" for action, _ in at_line), (w, issues)
        if w.expect in ("repaired", "kept"):
            assert (w.expect, w.kind) in at_line, (w, issues)
            issue = next(i for i in issues if i.line == w.line and i.kind == w.kind)
            assert df["id"].iloc[issue.index] == w.id


@SETTINGS
@given(csv_data=csv_corpus(), jsonl_data=jsonl_corpus())
def test_every_record_written_is_loaded_with_its_content_or_reported_with_its_line(csv_data, jsonl_data):
    with tempfile.TemporaryDirectory() as folder:
        csv_path, jsonl_path = Path(folder) / "corpus.csv", Path(folder) / "corpus.jsonl"
        csv_path.write_bytes(csv_data[0])
        jsonl_path.write_bytes(jsonl_data[0])
        df = load(folder, progress=False)
        assert df.attrs["load_report"].ignored_files == []
        _check(df, str(csv_path), csv_data[1])
        _check(df, str(jsonl_path), jsonl_data[1])
