"""Find the input files behind a path, folder, glob or list, and open them (decompressing on the fly).

Rules:
- format from the suffix, after stripping ``.gz``/``.bz2``/``.xz``: ``.csv``; ``.tsv``/``.tab``;
  ``.jsonl``/``.ndjson``; ``.json``; ``.parquet``/``.pq``; ``.txt``/``.text`` (one article per file);
  ``.cor`` (one article per non-empty line, the gensim corpus convention). ``.zip`` archives contribute
  every supported member (``archive.zip::member``, compressed members such as ``a.csv.gz`` too; a zip
  inside a zip is listed in the report as not read).
- folders are searched recursively; other files found there are listed in the report as not read.
- the result is sorted by name and deduplicated, so the row order of a load is deterministic.
- ``Source.folder`` is the name of the file's parent folder when that is not the folder given (or the
  fixed part of a glob), used as the publication of ``.txt`` articles.

Example:
    >>> [s.format for s in find_sources(["a.csv.gz", "b.jsonl"], check=False)]
    ['csv', 'jsonl']
"""
from __future__ import annotations

import bz2
import glob
import gzip
import io
import lzma
import os
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from toolkit.io.recordranges import RangeReader, RecordRange
from toolkit.io.remote import Storage, find_remote, is_remote, local_path
from toolkit.io.report import LoadError, LoadReport

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
           ".json": "json", ".parquet": "parquet", ".pq": "parquet", ".txt": "txt", ".text": "txt",
           ".cor": "lines"}
COMPRESSIONS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
#: what reading a damaged file raises (``gzip.BadGzipFile`` and bz2's "Invalid data stream" are OSErrors)
READ_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile, UnicodeDecodeError)
PathLike = str | os.PathLike


@dataclass(frozen=True)
class Source:
    """One readable input: a file on disk or on remote storage, a member of a zip archive, or a record
    range of a big CSV."""

    name: str                 # shown in reports and in the ``source_file`` column
    path: Path                # the file on disk (the archive for zip members); remote: a PurePosixPath for names
    format: str               # csv, tsv, jsonl, json, parquet, txt, lines
    compression: str | None = None
    member: str | None = None
    folder: str | None = None
    part: RecordRange | None = None  # a byte range of records of a big CSV (``recordranges``), else the whole file
    storage: Storage | None = None   # remote storage (``remote``); then ``path`` is only for names
    location: str | None = None      # a remote object's path as its storage names it (``http://h/a.csv``)

    @property
    def file_key(self) -> tuple:
        """What identifies the file itself: every member and record range of one file shares it."""
        return (self.storage, self.location or self.path)

    @property
    def stem(self) -> str:
        """File name without format/compression suffixes (used for generated ids)."""
        name = PurePosixPath(self.member) if self.member else self.path
        stem = name.name
        for suffix in (self.compression, *FORMATS):
            if suffix and stem.lower().endswith(suffix):
                stem = stem[: -len(suffix)]
        return stem

    @property
    def size(self) -> int:
        """Bytes on disk (compressed size for zip members; the range's bytes for a part)."""
        if self.part is not None:
            return self.part.end - self.part.start
        if self.member:
            with self._open_file() as raw, zipfile.ZipFile(raw) as archive:
                return archive.getinfo(self.member).compress_size
        if self.storage is not None:
            return self.storage.size(self.location)
        return self.path.stat().st_size

    def _open_file(self) -> BinaryIO:
        """The file (or archive) itself, local or remote, not decompressed."""
        if self.storage is not None:
            return self.storage.open(self.location)
        return open(self.path, "rb")  # noqa: SIM115 - returned to the caller

    def open_binary(self, on_read: Callable[[int], None] | None = None) -> BinaryIO:
        """Open for reading, decompressed; ``on_read(n)`` is told of every n raw bytes read."""
        if self.member:
            raw = self._open_file()
            try:
                archive = _also_closing(zipfile.ZipFile(raw), raw)  # ZipFile leaves a file object open
            except BaseException:
                raw.close()
                raise
            try:
                stream = _also_closing(archive.open(self.member), archive)
            except BaseException:
                archive.close()
                raise
        else:
            stream = self._open_file()
            if self.part is not None:
                stream = io.BufferedReader(RangeReader(stream, self.part.start, self.part.end), 1 << 20)
            if on_read is not None:
                stream = io.BufferedReader(_CountingReader(stream, on_read), buffer_size=1 << 20)  # type: ignore
        if self.compression:  # gzip/bz2/lzma readers leave the stream under them open: close it too
            return _also_closing(COMPRESSIONS[self.compression](stream), stream)
        return stream


def _also_closing(stream, other):
    """``stream``, whose ``close()`` also closes ``other`` (the file or archive it reads from)."""
    close_stream = stream.close

    def close() -> None:
        try:
            close_stream()
        finally:
            other.close()

    stream.close = close
    return stream


class _CountingReader(io.RawIOBase):
    def __init__(self, raw: BinaryIO, on_read: Callable[[int], None]):
        self._raw, self._on_read = raw, on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self._on_read(n)
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def read_error(source: Source, exc: BaseException) -> LoadError:
    """The ``LoadError`` for a low-level error met while reading ``source`` (see ``READ_ERRORS``).

    Example:
        >>> error = read_error(Source("a.csv.gz", Path("a.csv.gz"), "csv", ".gz"), EOFError("ended early"))
        >>> str(error).split(": ", 1)
        ['a.csv.gz', 'cannot read the gz-compressed data, the file is corrupt or truncated (EOFError: ended early)']
    """
    if isinstance(exc, UnicodeDecodeError):  # should not happen: the decoding is chosen per file first
        reason = f"cannot decode its bytes ({exc})"
    elif source.compression or source.member:
        kind = f"{source.compression.lstrip('.')}-compressed" if source.compression else "zip member's"
        reason = (f"cannot read the {kind} data, the file is corrupt or truncated "
                  f"({type(exc).__name__}: {exc})")
    else:
        reason = f"cannot read the file ({type(exc).__name__}: {exc})"
    return LoadError(f"{source.name}: {reason}")


def classify(name: str) -> tuple[str, str | None] | None:
    """(format, compression) of a file name, or ``None`` when unsupported. ``.zip`` -> ("zip", None)."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return "zip", None
    compression = next((c for c in COMPRESSIONS if lower.endswith(c)), None)
    if compression:
        lower = lower[: -len(compression)]
    fmt = FORMATS.get(os.path.splitext(lower)[1])
    return (fmt, compression) if fmt else None


def _name_path(location: str) -> PurePosixPath:
    """A remote location as a path for names, suffixes and folders (``http://h/x/a.csv`` -> ``h/x/a.csv``)."""
    return PurePosixPath(location.split("://", 1)[-1])


def _zip_members(path: Path, report: LoadReport | None, storage: Storage | None = None,
                 location: str | None = None) -> list[Source]:
    name = storage.url(location) if storage else str(path)
    try:
        with storage.open(location) if storage else open(path, "rb") as raw, zipfile.ZipFile(raw) as archive:
            names = sorted(info.filename for info in archive.infolist() if not info.is_dir())
    except zipfile.BadZipFile as exc:
        raise LoadError(f"{name}: not a readable zip archive ({exc})") from exc
    found = []
    for member in names:
        kind = classify(member)
        if kind is None or kind[0] == "zip":
            if report is not None:
                reason = "zip archive inside a zip archive (not opened)" if kind else \
                    "unsupported file type inside zip"
                report.ignore_file(f"{name}::{member}", reason)
            continue
        parent = PurePosixPath(member).parent.name or None
        found.append(Source(f"{name}::{member}", path, kind[0], kind[1], member, parent, storage=storage,
                            location=location))
    return found


def _source(path: Path, root: Path | None, report: LoadReport | None, storage: Storage | None = None,
            location: str | None = None) -> list[Source]:
    name = storage.url(location) if storage else str(path)
    kind = classify(path.name)
    if kind is None:
        if report is not None:
            report.ignore_file(name, "unsupported file type")
        return []
    if kind[0] == "zip":
        return _zip_members(path, report, storage, location)
    folder = path.parent.name if root is not None and path.parent != root else None
    return [Source(name, path, kind[0], kind[1], None, folder, storage=storage, location=location)]


def find_sources(paths: PathLike | Sequence[PathLike], *, report: LoadReport | None = None,
                 check: bool = True, storage_options: dict | None = None) -> list[Source]:
    """Expand files, folders, globs (``**`` allowed) and lists into sorted, unique ``Source`` objects.

    ``Source`` objects in the list are taken as they are (so a subset of a folder keeps the
    publication its folder gives). fsspec URLs (``s3://bucket/corpus/``) are listed on their storage
    with ``storage_options`` (see ``remote``). Raises ``LoadError`` when a path does not exist or
    nothing readable is found.
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not items:
        raise LoadError("no path given: pass a file, a folder, a glob or a list of them")
    found: dict[tuple[str, int], Source] = {}  # by name (and a record range's start)
    for item in items:
        if isinstance(item, Source):  # already resolved (e.g. a partition of ``toolkit.scale``)
            found.setdefault((item.name, item.part.start if item.part else -1), item)
            continue
        text = local_path(os.fspath(item))
        if is_remote(text):
            storage = Storage.of(text, storage_options)
            for location, root in find_remote(text, storage):
                for source in _source(_name_path(location), _name_path(root) if root else None,  # type: ignore
                                      report, storage, location):
                    found.setdefault((source.name, -1), source)
            continue
        path = Path(text)
        if path.is_dir():
            candidates = [(p, path) for p in sorted(path.rglob("*")) if p.is_file()]
        elif glob.has_magic(text):
            fixed = Path(text.split("*")[0].split("?")[0].split("[")[0])
            root = fixed if text.endswith(os.sep) or fixed.is_dir() else fixed.parent
            candidates = [(Path(p), root) for p in sorted(glob.glob(text, recursive=True))
                          if Path(p).is_file()]
            if not candidates:
                raise LoadError(f"{text}: no files match this pattern")
        elif path.exists() or not check:
            candidates = [(path, None)]
        else:
            raise LoadError(f"{text}: no such file or folder")
        for candidate, root in candidates:
            for source in _source(candidate, root, report):
                found.setdefault((source.name, -1), source)
    if not found:
        raise LoadError(f"{', '.join(map(str, items))}: no readable files found (supported: "
                        f"{', '.join(sorted(FORMATS))}, optionally .gz/.bz2/.xz, and .zip archives)")
    return [found[key] for key in sorted(found)]
