"""What a saved index is checked with, and what reading a damaged one raises.

Rules:
- Every file of a saved index is checked against a size and a :data:`CHECKSUM` digest recorded when it was
  written, before any parser sees its bytes (:mod:`toolkit.index.store`; the text store checks each of its
  blocks: :mod:`toolkit.index.text_store`).
- A saved index that cannot be used raises :class:`IndexReadError`, whose message names the folder, the file
  and the reason; never a raw library error.

Example:
    >>> import hashlib
    >>> hashlib.new(CHECKSUM, b"abc").hexdigest()[:8]
    'ba7816bf'
"""
from __future__ import annotations

__all__ = ["CHECKSUM", "IndexReadError"]

#: the checksum of index files: SHA-256 runs on the CPU's SHA instructions (x86 SHA-NI, ARMv8), ~3x blake2b
CHECKSUM = "sha256"


class IndexReadError(ValueError):
    """A saved index that cannot be used (a file missing, damaged or unreadable, another format);
    the message names the folder, the file and the reason."""

