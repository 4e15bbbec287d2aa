"""Speakers kept in an index's cache entry, so that a later session need not read every article again.

Rules:
- Only a cache entry holds them (``CorpusIndex.from_files``, ``build(cache_dir=...)``): a folder written by
  ``CorpusIndex.save`` is the user's and is never written to after.
- Two files beside the entry's own: ``speakers.arrow`` (an Arrow IPC file: one row per speech quotation,
  ``rows``/``speaker``/``words``; the names and roles as JSON in its schema metadata) and ``speakers.json``
  (the index key, the file's size and checksum). Each is written under a hidden name and renamed into place,
  the JSON last (a hidden file a killed writer left is removed by the next write once ``LEFTOVER_AGE`` old).
  The entry's manifest does not list them, so the index reads as before; replacing a damaged entry removes
  them with it.
- Read only when the JSON names this index's key (which holds the code fingerprint: changed quotation rules
  give another key) and the file's bytes have its size and checksum; only those verified bytes are parsed.
  Anything else (missing, damaged, another key, unreadable) gives ``None``, with an
  :class:`~toolkit.index.store.IndexCacheWarning` when files were there: the caller finds the speakers again
  and writes them anew.
- Never fatal: an entry that cannot be written keeps the speakers in memory, with an ``IndexCacheWarning``.

Example:
    >>> import tempfile, numpy as np
    >>> from toolkit.index.speakers import Speakers
    >>> s = Speakers(rows=np.array([0, 2]), speaker=np.array([0, -1], dtype=np.int32), words=np.array([3, 5]),
    ...              names=["Ann Lee"], roles=[None])
    >>> folder = Path(tempfile.mkdtemp())
    >>> save_speakers(folder, "abc", s), load_speakers(folder, "abc").names
    (True, ['Ann Lee'])
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pyarrow as pa

from toolkit.index.derived_store import sealed_specs, write_sealed
from toolkit.index.integrity import read_verified
from toolkit.index.speakers import Speakers
from toolkit.index.store import IndexCacheWarning

__all__ = ["load_speakers", "save_speakers", "SPEAKERS_FILE", "SPEAKERS_SEAL"]

SPEAKERS_FILE = "speakers.arrow"
SPEAKERS_SEAL = "speakers.json"


def load_speakers(folder: Path, key: str) -> Speakers | None:
    """The speakers kept in cache entry ``folder`` for index ``key``, or None (see the module rules)."""
    seal_path, data_path = folder / SPEAKERS_SEAL, folder / SPEAKERS_FILE
    if not (seal_path.exists() or data_path.exists()):
        return None
    try:
        data = read_verified(folder, SPEAKERS_FILE, sealed_specs(folder, SPEAKERS_FILE, SPEAKERS_SEAL, key))
        table = pa.ipc.open_file(pa.BufferReader(data)).read_all()
        people = json.loads(table.schema.metadata[b"toolkit.speakers"])
        return Speakers(rows=np.array(table["rows"]), speaker=np.array(table["speaker"]),   # (writable copies,
                        words=np.array(table["words"]), names=people["names"], roles=people["roles"])  # as found)
    except Exception as exc:     # never fatal: found again and rewritten
        warnings.warn(f"the speakers kept in {folder} cannot be used ({type(exc).__name__}: {exc}); finding them "
                      f"again", IndexCacheWarning, stacklevel=3)
        return None


def save_speakers(folder: Path, key: str, speakers: Speakers) -> bool:
    """Keep ``speakers`` in cache entry ``folder`` for index ``key``; False (and a warning) when it cannot."""
    people = json.dumps({"names": speakers.names, "roles": speakers.roles}).encode()
    table = pa.table({"rows": pa.array(np.asarray(speakers.rows, dtype=np.int64)),
                      "speaker": pa.array(np.asarray(speakers.speaker, dtype=np.int32)),
                      "words": pa.array(np.asarray(speakers.words, dtype=np.int64))},
                     metadata={b"toolkit.speakers": people})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    data = sink.getvalue().to_pybytes()
    try:
        write_sealed(folder, SPEAKERS_FILE, SPEAKERS_SEAL, key, lambda tmp: tmp.write_bytes(data))
        return True
    except OSError as exc:
        warnings.warn(f"cannot keep the speakers in the index cache entry {folder} ({type(exc).__name__}: {exc}); "
                      f"they stay in memory only", IndexCacheWarning, stacklevel=3)
        return False
