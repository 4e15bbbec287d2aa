"""Decide how to decode a file's bytes, and repair UTF-8 mojibake such as ``â€™``.

Rules (applied by ``detect_encoding``, one streaming pass over the bytes, a second one only for
files that are not UTF-8):

1. A byte-order mark decides: ``utf-8-sig`` or ``utf-16``. Invalid bytes after a UTF-8 mark are
   replaced (``errors="replace"``) and their lines returned as in rule 3; invalid UTF-16 is noted.
   UTF-16 without a mark is recognised by its NUL bytes (every other byte of ASCII text).
2. Valid UTF-8 -> ``utf-8``.
3. Mostly UTF-8 with a few invalid byte sequences -> ``utf-8`` with ``errors="replace"``; the physical
   lines holding the bad bytes are returned so the loader reports each affected row.
4. Otherwise the file is in a single-byte legacy encoding: ``cp1252``, ``latin-1`` or ``mac_roman``,
   whichever decodes it and yields the most repairable UTF-8 mojibake (ties prefer cp1252, then
   latin-1). The twitter-ratio files of FiveThirtyEight are UTF-8 text that went through cp1252 and
   mac_roman; decoding them as mac_roman gives ``â€œ`` which ``repair_mojibake`` turns into ``“``.

Example:
    >>> detect_encoding(lambda: io.BytesIO("caf\\u00e9".encode("cp1252"))).encoding
    'cp1252'
    >>> repair_mojibake("It\\u00e2\\u20ac\\u2122s")
    ('It’s', 1)
"""
from __future__ import annotations

import codecs
import io
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
import pyarrow as pa

CHUNK_BYTES = 8 << 20
MAX_RECORDED_BAD_BYTES = 10_000
EARLY_VERDICT_BAD_BYTES = 1_000  # this many invalid bytes, outnumbering valid UTF-8: a legacy file
LEGACY_ENCODINGS = ("cp1252", "latin-1", "mac_roman")
UTF16_SNIFF_BYTES = 4096


@dataclass
class Decoding:
    """How to decode a file: pass ``encoding``/``errors`` to ``open``/``TextIOWrapper``.

    ``bad_lines`` lists the physical lines (1-based) holding undecodable bytes (only when
    ``errors == "replace"``); ``note`` says in words what was decided, for the load report.
    """

    encoding: str
    errors: str = "strict"
    bad_lines: list[int] = field(default_factory=list)
    bad_bytes: int = 0
    note: str | None = None


# --- mojibake: UTF-8 bytes that were decoded as cp1252 or as latin-1. The two differ only for bytes
# 0x80-0x9F: cp1252 shows most of them as punctuation (``â€™``), latin-1 as C1 control characters
# (``â\x80\x99``; also cp1252's 5 unassigned bytes). Both are accepted, even mixed in one run.
def _byte_chars(value: int) -> list[str]:
    try:
        shown = bytes([value]).decode("cp1252")
    except UnicodeDecodeError:
        return [chr(value)]
    return [shown, chr(value)] if shown != chr(value) else [shown]


_CHAR_TO_BYTE = {c: b for b in range(0x80, 0x100) for c in _byte_chars(b)}


def _char_class(values: range) -> str:
    chars = [c for value in values for c in _byte_chars(value)]
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "]"


_CONT = _char_class(range(0x80, 0xC0))
#: regex (valid for Python ``re`` and pyarrow/RE2) matching one UTF-8 character seen through cp1252
MOJIBAKE_PATTERN = (f"(?:{_char_class(range(0xC2, 0xE0))}{_CONT}"
                    f"|{_char_class(range(0xE0, 0xF0))}{_CONT}{{2}}"
                    f"|{_char_class(range(0xF0, 0xF5))}{_CONT}{{3}})")
_MOJIBAKE_RE = re.compile(MOJIBAKE_PATTERN)
#: looser: the first two characters of a run for the commonest lead bytes (C2, C3: Latin-1 letters;
#: E2: punctuation; F0: emoji), e.g. ``â€`` in ``â€ù``; what repair leaves behind is reported
SUSPECT_PATTERN = f"{_char_class(range(0xC2, 0xC4))[:-1]}{chr(0xE2)}{chr(0xF0)}]{_CONT}"
_SUSPECT_RE = re.compile(SUSPECT_PATTERN)


def repair_mojibake(text: str) -> tuple[str, int]:
    """Decode runs like ``â€™`` (UTF-8 read as cp1252) back to ``’``; return the text and the number fixed.

    Runs whose bytes are not valid UTF-8 are left unchanged.

    Example:
        >>> repair_mojibake("caf\\u00c3\\u00a9 \\u00e2\\u20ac\\u0153hi\\u00e2\\u20ac\\u009d")
        ('café “hi”', 3)
    """
    fixed = 0

    def _fix(match: re.Match[str]) -> str:
        nonlocal fixed
        try:
            repaired = bytes(_CHAR_TO_BYTE[c] for c in match.group()).decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        fixed += 1
        return repaired

    for _ in range(3):  # text broken twice (``Ã¢â‚¬â„¢``) needs a second pass
        before = fixed
        text = _MOJIBAKE_RE.sub(_fix, text)
        if fixed == before:
            break
    return text, fixed


def first_mojibake(text: str) -> str:
    """The first mojibake-looking run in ``text`` ("" when none), e.g. for a report line.

    Example:
        >>> first_mojibake("It\u00e2\u20ac\u2122s")
        'â€™'
    """
    match = _MOJIBAKE_RE.search(text)
    return match.group() if match else ""


def first_suspect(text: str, width: int = 3) -> str:
    """The first suspect run (see ``SUSPECT_PATTERN``) with up to ``width`` characters, or ``""``.

    Example:
        >>> first_suspect("quoted \u00e2\u20ac\u00f9 here")
        'â€ù'
    """
    match = _SUSPECT_RE.search(text)
    return text[match.start(): match.start() + width] if match else ""


def _count_repairable(text: str) -> int:
    return repair_mojibake(text)[1]


# --- detection ------------------------------------------------------------------------------------
def _chunks(open_binary: Callable[[], BinaryIO]):
    with open_binary() as stream:
        while chunk := stream.read(CHUNK_BYTES):
            yield chunk


def _valid_utf8(data: bytes | memoryview) -> bool:
    """pyarrow's vectorised UTF-8 check over ``data``, seen as one binary value (no copy)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    array = pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        array.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _is_valid_utf8(open_binary: Callable[[], BinaryIO]) -> bool:
    """Fast check (pyarrow's vectorised validation) of each chunk up to its last newline byte (a
    newline never falls inside a UTF-8 sequence); the bytes after it are checked with the next chunk."""
    pending = b""
    for chunk in _chunks(open_binary):
        cut = chunk.rfind(b"\n") + 1
        if cut == 0 and len(pending) < 4 * CHUNK_BYTES:
            pending += chunk
            continue
        cut = cut or len(chunk) - 3  # no newline at all: a false alarm only costs the exact pass
        first = chunk.find(b"\n") + 1 or cut  # the line the pending bytes belong to ends here
        view = memoryview(chunk)
        if not _valid_utf8(pending + chunk[:first]) or not _valid_utf8(view[first:cut]):
            return False
        pending = chunk[cut:]
    if pending:
        try:
            pending.decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def detect_encoding(open_binary: Callable[[], BinaryIO]) -> Decoding:
    """Choose the decoding for the bytes that ``open_binary()`` returns (called once or twice).

    Example:
        >>> detect_encoding(lambda: io.BytesIO(b"ok\\n\\xe2\\x80\\x99 \\xff\\n")).bad_lines
        [2]
    """
    with open_binary() as stream:
        head = stream.read(UTF16_SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(open_binary, "utf-16", "byte-order mark")
    if (unmarked := _unmarked_utf16(head)) is not None:
        return _utf16(open_binary, unmarked, "no byte-order mark; recognised by its NUL bytes")
    bom = head.startswith(codecs.BOM_UTF8)
    encoding = "utf-8-sig" if bom else "utf-8"

    if _is_valid_utf8(open_binary):
        return Decoding(encoding)
    bad_offsets: list[int] = []
    bad_bytes = 0
    multibyte_extra = 0   # bytes beyond one per character in valid UTF-8 sequences
    offset = 0            # absolute offset of the start of `pending`
    pending = b""
    for chunk in _chunks(open_binary):
        if not bom and bad_bytes >= EARLY_VERDICT_BAD_BYTES and multibyte_extra < 2 * bad_bytes:
            return _choose_legacy(open_binary, bad_bytes, at_least=True)  # no need to read on
        buffer = memoryview(pending + chunk)  # slices of a memoryview do not copy
        position = 0
        while position < len(buffer):
            # small windows: each UnicodeDecodeError carries a copy of the bytes it was given
            try:
                text, consumed = codecs.utf_8_decode(buffer[position:position + (1 << 16)], "strict",
                                                     False)
                if consumed == 0:  # an incomplete sequence at the end of the buffer
                    break
                multibyte_extra += consumed - len(text)
                position += consumed
            except UnicodeDecodeError as exc:
                valid = buffer[position:position + exc.start]
                multibyte_extra += len(valid) - len(codecs.utf_8_decode(valid, "strict", True)[0])
                bad_bytes += exc.end - exc.start
                if len(bad_offsets) < MAX_RECORDED_BAD_BYTES:
                    bad_offsets.append(offset + position + exc.start)
                position += exc.end
        pending = bytes(buffer[position:])
        offset += position
    if pending:  # truncated sequence at end of file
        bad_bytes += len(pending)
        bad_offsets.append(offset)

    if not bad_bytes:
        return Decoding(encoding)
    if bom or multibyte_extra >= 2 * bad_bytes:  # a UTF-8 byte-order mark says the file is meant as UTF-8
        lines = _lines_of(open_binary, bad_offsets)
        return Decoding(encoding, errors="replace", bad_lines=lines, bad_bytes=bad_bytes,
                        note=f"{encoding} with {bad_bytes:,} undecodable byte(s) replaced by U+FFFD")
    return _choose_legacy(open_binary, bad_bytes)


def _unmarked_utf16(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``head`` looks like UTF-16 text without a byte-order mark: NUL in
    most high bytes and in none of the low ones (Latin-script text is mostly ASCII).

    Example:
        >>> _unmarked_utf16("id,text\\n1,caf\\u00e9\\n".encode("utf-16-le"))
        'utf-16-le'
        >>> _unmarked_utf16(b"id,text\\n1,a\\x00b\\n") is None
        True
    """
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0:2 * pairs:2].count(0), head[1:2 * pairs:2].count(0)
    if odd >= 0.6 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd == 0:
        return "utf-16-be"
    return None


def _utf16(open_binary: Callable[[], BinaryIO], encoding: str, why: str) -> Decoding:
    """UTF-16 is decoded with ``errors="replace"``; the note says how many units could not be decoded."""
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    bad = 0
    for chunk in _chunks(open_binary):
        bad += decoder.decode(chunk).count("\ufffd")
    bad += decoder.decode(b"", final=True).count("\ufffd")
    note = f"decoded as {encoding} ({why})"
    if bad:  # (a U+FFFD already in the file is counted too: it is flagged, never hidden)
        note += f"; {bad:,} undecodable unit(s) replaced by U+FFFD"
    return Decoding(encoding, errors="replace", bad_bytes=bad, note=note)


def _lines_of(open_binary: Callable[[], BinaryIO], offsets: list[int]) -> list[int]:
    """Physical line numbers (1-based) of byte offsets, deduplicated and sorted."""
    newlines: list[int] = []
    base = 0
    for chunk in _chunks(open_binary):
        start = 0
        while (pos := chunk.find(b"\n", start)) != -1:
            newlines.append(base + pos)
            start = pos + 1
        base += len(chunk)
    return sorted({bisect_right(newlines, off - 1) + 1 for off in offsets})


def _choose_legacy(open_binary: Callable[[], BinaryIO], bad_bytes: int, at_least: bool = False
                   ) -> Decoding:
    scores: dict[str, int] = {}
    for encoding in LEGACY_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        score = 0
        try:
            for chunk in _chunks(open_binary):
                score += _count_repairable(decoder.decode(chunk))
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        scores[encoding] = score
    best = max(scores, key=lambda enc: (scores[enc], -LEGACY_ENCODINGS.index(enc)))
    note = f"not valid utf-8 ({'at least ' if at_least else ''}{bad_bytes:,} invalid bytes); decoded as {best}"
    if scores[best]:
        note += f" ({scores[best]:,} mojibake sequences found)"
    return Decoding(best, note=note)


def decode_bytes(data: bytes) -> tuple[str, Decoding]:
    """Decode a whole small file's bytes by the rules above; return the text and the decision.

    Example:
        >>> decode_bytes(b"caf\\xe9")[0]
        'café'
    """
    decoding = detect_encoding(lambda: io.BytesIO(data))
    return data.decode(decoding.encoding, decoding.errors), decoding
