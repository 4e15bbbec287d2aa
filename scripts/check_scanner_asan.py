"""Run the compiled scanner under AddressSanitizer: every function on real texts, hostile runs and re-entry.

Builds ``toolkit/text/_native/_scan.c`` with ``-fsanitize=address`` into a temporary folder, then re-runs
itself with ``libasan`` preloaded and compares each function with the normal build on the real corpora
(``../shared``), 20,000-character runs of special characters and calls re-entered from finalisers. Any
out-of-bounds read, use-after-free or double free aborts with ASan's report. By hand (needs gcc):

    .venv/bin/python scripts/check_scanner_asan.py
"""
from __future__ import annotations

import gc
import importlib.util
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FUNCS = ["tokens", "token_stats", "ptb_join", "straighten", "style_counts", "url_chunks", "spaced_url_windows",
         "quote_pairs", "quote_counts", "term_counts", "segment_keys", "pair_signatures", "social_spans",
         "posting_runs", "group_cell_sums", "group_sums_sparse", "pairs_may_hold"]
#: functions over a list of texts: how to call them with one text (twice, so vocabularies and tables are reused)
LIST_CALLS = {"term_counts": lambda f, text: f([text, text[::-1], text]),
              "segment_keys": lambda f, text: (f([text, text], 3, 600), f([text], 1, 4)),
              "pair_signatures": lambda f, text: f([text, "", text[:1], text, "\u017f" + text]),
              "social_spans": lambda f, text: (f(text, False, 7), f(text, True, 7), f(text, True, 5)),
              "posting_runs": lambda f, text: postings(f, text),
              "group_cell_sums": lambda f, text: group_sums(f, text),
              "group_sums_sparse": lambda f, text: sparse_group_sums(f, text),
              "pairs_may_hold": lambda f, text: pairs_held(f, text)}


def line_matrix(text: str) -> tuple:
    """(indptr, indices, row count) of a CSR matrix made from the text: a row per line, a column per character
    code modulo 97."""
    import numpy as np
    rows = [sorted({ord(c) % 97 for c in line}) for line in text.split("\n")]
    indptr = np.cumsum([0] + [len(r) for r in rows], dtype=np.int64)
    return indptr, np.array([c for r in rows for c in r], dtype=np.int32), len(rows)


def group_sums(sums, text: str) -> tuple:
    """``group_cell_sums`` over :func:`line_matrix`: every row twice, into three groups, counts and presence, of
    every column and of every fifth (a column map, with and without its bitmap)."""
    import numpy as np
    indptr, indices, n_rows = line_matrix(text)
    data = (indices % 5 + 1).astype(np.uint16)
    pick = np.repeat(np.arange(n_rows, dtype=np.int64), 2)
    found = []
    slot = np.where(np.arange(97) % 5 == 0, np.arange(97) // 5, -1).astype(np.int32)      # 20 columns summed
    wanted = np.pad(np.packbits(slot >= 0, bitorder="little"), (0, 3)).view(np.uint64)
    for binary in (False, True):
        out = np.zeros(3 * 97, dtype=np.int64)
        sums(indptr, indices, data, pick, pick % 3, np.ones(len(pick), dtype=np.int64), 97, binary, out)
        found.append(out.tolist())
        for extra in [(slot,), (slot, wanted)]:
            out = np.zeros(3 * 20, dtype=np.int64)
            sums(indptr, indices, data, pick, pick % 3, np.ones(len(pick), dtype=np.int64), 20, binary, out, *extra)
            found.append(out.tolist())
    return tuple(found)


def sparse_group_sums(sums, text: str) -> tuple:
    """``group_sums_sparse`` over :func:`line_matrix`: every row twice, into three groups, counts and presence,
    with and without the document counts."""
    import numpy as np
    indptr, indices, n_rows = line_matrix(text)
    data = (indices % 5 + 1).astype(np.uint16)
    pick = np.repeat(np.arange(n_rows, dtype=np.int64), 2)
    groups = pick % 3
    order = np.argsort(groups, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(groups, minlength=3))].astype(np.int64)
    found = []
    for binary in (False, True):
        cap = 2 * len(indices)
        ptr, idx, vals = np.empty(4, np.int64), np.empty(cap, np.int32), np.empty(cap, np.int64)
        nnz = sums(indptr, indices, data, pick, groups, np.ones(len(pick), dtype=np.int64), order, starts, 97,
                   binary, np.zeros(97, np.int64), np.zeros(2, np.uint64), ptr, idx, vals)
        found.append((ptr.tolist(), idx[:nnz].tolist(), vals[:nnz].tolist()))
        docs = np.zeros(97, np.int64), np.empty(4, np.int64), np.empty(cap, np.int32), np.empty(cap, np.int64)
        nnz = sums(indptr, indices, data, pick, groups, np.ones(len(pick), dtype=np.int64), order, starts, 97,
                   binary, np.zeros(97, np.int64), np.zeros(2, np.uint64), ptr, idx, vals, *docs)
        found.append((ptr.tolist(), idx[:nnz].tolist(), docs[1].tolist(), docs[2][:docs[1][-1]].tolist(),
                      docs[3][:docs[1][-1]].tolist()))
    return tuple(found)


def pairs_held(held, text: str) -> list:
    """``pairs_may_hold`` over the signatures of the text's lines (computed in Python), for each pair of adjacent
    words of its first line and a pair it lacks, every line probed twice."""
    import numpy as np
    from toolkit.text.word_pairs import WORD_RE, pair_key, py_pair_signatures
    sizes, words = (np.frombuffer(b, dtype=d) for b, d in zip(py_pair_signatures(text.split("\n")), ("<i8", "<u8")))
    starts = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    first = WORD_RE.findall(text.split("\n")[0])
    rows = np.repeat(np.arange(len(sizes), dtype=np.int64), 2)
    found = []
    for a, b in list(zip(first, first[1:]))[:20] + [("zzq", "qqz")]:
        for width in (np.int64, np.int32):           # both integer widths it reads
            out = np.zeros(len(rows), dtype=np.uint8)
            held(sizes.astype(width), starts.astype(width), words, rows.astype(width), pair_key(a, b), out)
            found.append(out.tolist())
    for bad in ((sizes, starts, words, rows + len(sizes), 1, np.zeros(len(rows), np.uint8)),     # refusals
                (sizes, starts + len(words), words, rows, 1, np.zeros(len(rows), np.uint8)),
                (sizes, starts, words, rows, 1, np.zeros(len(rows) + 1, np.uint8))):
        try:
            held(*bad)
        except ValueError as exc:
            found.append(str(exc))
    return found


def postings(runs, text: str) -> tuple:
    """Both passes of ``posting_runs`` over :func:`line_matrix`, the whole matrix and a range of columns."""
    import numpy as np
    indptr, indices, _ = line_matrix(text)
    found = []
    for first, end in ((0, 97), (20, 40)):
        last, cursor, counts = np.zeros(end - first, np.int64), np.zeros(end - first, np.int64), np.zeros(97, np.int32)
        runs(indptr, indices, 0, first, end, last, cursor, counts, None)
        ptr = np.r_[0, np.cumsum(cursor)]
        out, last = np.empty(int(ptr[-1]), np.uint8), np.zeros(end - first, np.int64)
        runs(indptr, indices, 0, first, end, last, ptr[:-1].copy(), None, out)
        found.append((counts.tolist(), out.tobytes()))
    return tuple(found)


def call(module, name: str, text: str):
    """``module.name`` on ``text``, as the toolkit calls it."""
    function = getattr(module, name)
    return LIST_CALLS[name](function, text) if name in LIST_CALLS else function(text)


def build(folder: Path) -> Path:
    """The scanner compiled with AddressSanitizer into ``folder``."""
    out = folder / ("_scan" + sysconfig.get_config_var("EXT_SUFFIX"))
    subprocess.run(["gcc", "-O1", "-g", "-fsanitize=address", "-fno-omit-frame-pointer", "-shared", "-fPIC",
                    "-I" + sysconfig.get_paths()["include"], str(REPO / "toolkit/text/_native/_scan.c"),
                    "-o", str(out)], check=True)
    return out


def check(library: Path) -> None:
    """Compare the sanitized build with the normal one, then re-enter it from finalisers."""
    sys.path.insert(0, str(REPO))
    from tests.text.test_native_twins import _real_texts
    from toolkit.text._native import _scan as plain
    from toolkit.text.patterns import TOKEN_KIND_SCAN_RE
    spec = importlib.util.spec_from_file_location("sanitized._scan", library)
    san = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(san)
    san.set_delegate(TOKEN_KIND_SCAN_RE)
    texts = _real_texts()[::3]
    units = ["#", "＃", "a.", "www.", "“", "”", "'", "’", "``", "''", " . ", "@", "$", "\u200d#", "😀\u200d", "\n",
             ". ", "A b c. ", "İ", "9", "RT@", "#a", "@a_", "$AB.c", "https", "é#", "＠b", "a ", "\u212a_"]
    texts += [unit * 20_000 for unit in units]
    texts += ["", " ", "\x00", "\ud800", "a\U0001F3FB", "# FreeMilo", "`` a '' ", "x" * 70_000]
    for text in texts:
        for name in FUNCS:
            assert call(san, name, text) == call(plain, name, text), (name, text[:40])

    class Reenter:
        def __init__(self) -> None:
            self.me = self  # a cycle: freed by the collector, inside a scanner call

        def __del__(self) -> None:
            for name in FUNCS:
                call(san, name, " “x” said Mr. Smith , http://a.com. Photo: AP\n" * 300)

    gc.set_threshold(1, 1, 1)
    for text in texts[:300]:
        for name in FUNCS:
            Reenter()
            call(san, name, text)
    gc.set_threshold(700, 10, 10)
    print(f"AddressSanitizer: no error in {len(texts)} texts x {len(FUNCS)} functions, with re-entry")


def main() -> int:
    if len(sys.argv) > 1:
        check(Path(sys.argv[1]))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        library = build(Path(folder))
        asan = subprocess.run(["gcc", "-print-file-name=libasan.so"], capture_output=True, text=True,
                              check=True).stdout.strip()
        env = {**os.environ, "LD_PRELOAD": asan, "ASAN_OPTIONS": "detect_leaks=0"}
        return subprocess.run([sys.executable, __file__, str(library)], env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
