"""Write a generated corpus as All-the-News CSV files plus its gzip ground truth, and read the truth back.

Rules: output is reproducible byte for byte (CSV rows from ``toolkit.sample.builder``, gzip without file
name or timestamp) and never half-written (temporary ``.partial`` names, renamed only when everything
succeeded); ``jobs`` > 1 changes the speed, never the bytes. The bundled sample's paths (``SAMPLE_CSV`` …)
point into the repository's ``data/``, which only a checkout has (an installed wheel uses
``toolkit.sample.default_corpus()``).

Example:
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "corpus"
    >>> [p.name for p in write_sample(out, n_articles=3, seed=1)], truth_path_for(out).name
    (['articles.csv'], 'corpus-truth.jsonl.gz')
    >>> len(read_truth(truth_path_for(out)))
    3
"""
from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import multiprocessing
import os
import zlib
from pathlib import Path
from typing import Any, Iterator

from toolkit.sample.builder import _CHARS_PER_WORD, DEFAULT_SEED, DEFAULT_WORDS, _article

__all__ = ["DATA_DIR", "SAMPLE_DIR", "SAMPLE_CSV", "SAMPLE_TRUTH", "CSV_HEADER", "write_sample", "read_truth",
           "truth_path_for"]

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"  # the repository's data/ (a checkout only)
SAMPLE_DIR = DATA_DIR / "sample"
SAMPLE_CSV = SAMPLE_DIR / "articles.csv"
SAMPLE_TRUTH = DATA_DIR / "sample-truth.jsonl.gz"

CSV_HEADER = ["", "id", "title", "publication", "author", "date", "year", "month", "url", "content"]


def truth_path_for(out_dir: str | Path) -> Path:
    """Where the ground truth of a corpus folder goes: beside it, ``<folder>-truth.jsonl.gz`` (gzip).

    >>> truth_path_for("data/sample").as_posix()
    'data/sample-truth.jsonl.gz'
    """
    out_dir = Path(out_dir)
    return out_dir.parent / f"{out_dir.name}-truth.jsonl.gz"


class _GzipTextWriter:
    """A text file written gzip-compressed, the same bytes on every run: the gzip header carries no file
    name and a zero modification time (``gzip -n``), compression level 9."""

    def __init__(self, path: Path) -> None:
        self._raw = open(path, "wb")
        try:
            self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=9)
            self._text = io.TextIOWrapper(self._gz, encoding="utf-8", newline="\n")
        except BaseException:
            self._raw.close()
            raise

    def write(self, text: str) -> None:
        self._text.write(text)

    def close(self) -> None:
        try:
            self._text.close()  # flushes and closes the GzipFile (writes its trailer), not the file under it
        finally:
            self._raw.close()


def _csv_lines(seed: int, words: tuple[int, int], start: int, stop: int,
               with_truth: bool) -> list[tuple[str, str | None]]:
    """Articles ``start``..``stop-1`` as (CSV line, truth JSON line); runs in worker processes too."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    out: list[tuple[str, str | None]] = []
    for i in range(start, stop):
        art = _article(i, seed, words)
        writer.writerow([str(i), art["id"], art["title"], art["publication"], art["author"], art["date"],
                         art["year"], art["month"], art["url"], art["content"]])
        out.append((buf.getvalue(), json.dumps(art["truth"], ensure_ascii=False) + "\n" if with_truth else None))
        buf.seek(0)
        buf.truncate()
    return out


def _lines(seed: int, words: tuple[int, int], n: int | None, with_truth: bool, jobs: int,
           chunk: int = 250) -> Iterator[tuple[str, str | None]]:
    """All rows in order (endless when ``n`` is None), generated in ``jobs`` processes."""
    starts = itertools.count(0, chunk) if n is None else range(0, n, chunk)
    tasks = ((seed, words, s, s + chunk if n is None else min(s + chunk, n), with_truth) for s in starts)
    if jobs <= 1:
        for task in tasks:
            yield from _csv_lines(*task)
        return
    with multiprocessing.Pool(jobs) as pool:  # row i depends only on (seed, i): same bytes as jobs=1
        while wave := list(itertools.islice(tasks, 4 * jobs)):
            for lines in pool.starmap(_csv_lines, wave):
                yield from lines


def write_sample(out_dir: str | Path, n_articles: int | None = 2000, seed: int = DEFAULT_SEED, n_files: int = 1,
                 *, target_mb: float | None = None, truth: bool = True, words: tuple[int, int] | None = None,
                 jobs: int = 1) -> list[Path]:
    """Write a generated corpus as All-the-News CSV files (and its ground truth); return the CSV paths.

    One file is ``articles.csv``; several are ``articles-001.csv`` … (the unnamed index runs on across
    files). With ``target_mb`` alone, articles are generated until the CSVs reach that many MB (10^6 bytes);
    with ``target_mb`` and ``n_articles`` the article length is scaled to hit about that size. The truth
    goes to ``truth_path_for(out_dir)``, gzip-compressed and reproducible byte for byte (no file name, zero
    mtime in the gzip header). ``jobs`` > 1 generates in that many processes (same bytes).

    >>> import tempfile
    >>> paths = write_sample(tempfile.mkdtemp(), n_articles=5, seed=1)
    >>> [p.name for p in paths]
    ['articles.csv']
    """
    if n_files < 1:
        raise ValueError(f"n_files must be at least 1, got {n_files}")
    if n_articles is None and target_mb is None:
        raise ValueError("give n_articles, target_mb or both")
    target = None if target_mb is None else int(target_mb * 1_000_000)
    if words is None:
        words = DEFAULT_WORDS
        if target is not None and n_articles:
            mean_words = target / n_articles / _CHARS_PER_WORD / 1.07  # CSV fields, multi-byte marks
            words = (max(20, int(mean_words * 0.6)), max(40, int(mean_words * 1.4)))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = ["articles.csv"] if n_files == 1 else [f"articles-{k + 1:03d}.csv" for k in range(n_files)]
    paths = [out_dir / name for name in names]
    stale = sorted(set(out_dir.glob("articles*.csv")) - set(paths))
    if stale:
        raise ValueError(f"{out_dir} already holds {stale[0].name} (and {len(stale) - 1} more) from another run, "
                         f"which would be loaded with the new files; remove them or choose another folder")
    header = ",".join(CSV_HEADER) + "\r\n"
    rows = _lines(seed, words, n_articles, truth, jobs)
    # write to temporary names, renamed only when everything succeeded: no half-written corpus
    finals = paths + ([truth_path_for(out_dir)] if truth else [])
    temps = [p.with_name(p.name + ".partial") for p in finals]
    truth_file = _GzipTextWriter(temps[-1]) if truth else None
    row = written = 0
    try:
        for k, path in enumerate(temps[:n_files]):
            stop_row = None if n_articles is None else n_articles * (k + 1) // n_files
            stop_bytes = None if target is None else target * (k + 1) // n_files
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(header)
                written += len(header)
                while (row < stop_row) if stop_row is not None else (written < stop_bytes):
                    line, truth_line = next(rows)
                    fh.write(line)
                    written += len(line.encode("utf-8"))
                    if truth_file is not None:
                        truth_file.write(truth_line)
                    row += 1
    except BaseException:
        if truth_file is not None:
            truth_file.close()
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise
    finally:
        rows.close()
    if truth_file is not None:
        truth_file.close()
    for temp, final in zip(temps, finals):
        os.replace(temp, final)
    return paths


def _checked_lines(fh: Any, path: Path) -> Iterator[str]:
    """The lines of ``fh``, a damaged gzip stream reported as a ``ValueError`` naming ``path``."""
    try:
        yield from fh
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise ValueError(f"{path}: not a valid gzip file ({exc})") from None


def read_truth(path: str | Path = SAMPLE_TRUTH) -> dict[str, dict]:
    """Read a ground-truth JSON Lines file into ``{article id: record}``, in file order.

    The file may be gzip-compressed (as ``write_sample`` writes it) or plain; gzip is recognised by its
    first bytes, whatever the file name.

    >>> truth = read_truth(SAMPLE_TRUTH)
    >>> len(truth)
    2000
    >>> record = next(iter(truth.values()))
    >>> record["style"] in ("raw", "ptb"), "quotes" in record
    (True, True)
    """
    path = Path(path)
    out: dict[str, dict] = {}
    with open(path, "rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    fh = gzip.open(path, "rt", encoding="utf-8") if compressed else open(path, encoding="utf-8")
    with fh:
        for line_no, line in enumerate(_checked_lines(fh, path) if compressed else fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}, line {line_no}: not valid JSON ({exc.msg})") from None
            if not isinstance(rec, dict) or "id" not in rec:
                raise ValueError(f"{path}, line {line_no}: a truth record must be an object with an 'id'")
            if rec["id"] in out:
                raise ValueError(f"{path}, line {line_no}: duplicate article id {rec['id']!r}")
            out[rec["id"]] = rec
    return out
