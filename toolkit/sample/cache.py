"""The default corpus: the repository's ``data/sample`` in a checkout, else a copy generated on first use.

Rules: an installed wheel has no ``data/`` folder, so the 2,000-article sample is generated once (same
seed, same bytes as ``data/sample/articles.csv``) into ``$TOOLKIT_CACHE_DIR/sample`` or
``~/.cache/toolkit/sample``. The copy is written into a temporary folder beside it and renamed into place
(no half-written corpus, concurrent first uses are safe), with a manifest recording its size, SHA-256 and
the generator it came from; a copy that fails the check is regenerated. No network.

Example:
    >>> default_corpus().name
    'articles.csv'
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

from toolkit._version import __version__
from toolkit.sample import builder, vocabulary, writer
from toolkit.sample.builder import DEFAULT_SEED
from toolkit.sample.writer import SAMPLE_CSV, write_sample

__all__ = ["default_corpus", "sample_cache_dir"]

SAMPLE_ARTICLES = 2000  # the size of data/sample
MANIFEST_NAME = "articles.csv.manifest"  # not a format toolkit.load reads, so loading the folder skips it


def sample_cache_dir() -> Path:
    """The folder of the generated sample: ``$TOOLKIT_CACHE_DIR/sample``, else ``~/.cache/toolkit/sample``.

    >>> sample_cache_dir().name
    'sample'
    """
    env = os.environ.get("TOOLKIT_CACHE_DIR", "").strip()
    base = Path(env).expanduser() if env else Path.home() / ".cache" / "toolkit"
    return base / "sample"


def default_corpus() -> Path:
    """The bundled sample's CSV: ``data/sample/articles.csv`` in a checkout, else a generated copy.

    Outside a checkout (an installed wheel) the copy lives in :func:`sample_cache_dir`; the first call
    generates it: 0.8 s for the 2,000 articles (3.9 MB) on the 2-core development machine (up to
    1.5 s when it is busy); later calls only check it (size and SHA-256, about 5 ms) and regenerate it
    if damaged. Raises ``OSError`` naming the folder when it cannot be written (set
    ``TOOLKIT_CACHE_DIR`` to a writable folder).

    >>> import toolkit
    >>> len(toolkit.load(default_corpus(), progress=False))
    2000
    """
    checkout = _checkout_sample()
    return checkout if checkout is not None else _cached_sample(sample_cache_dir())


def _checkout_sample() -> Path | None:
    """``data/sample/articles.csv`` when running from a repository checkout that has it, else None."""
    if (SAMPLE_CSV.parents[2] / "pyproject.toml").is_file() and SAMPLE_CSV.is_file():
        return SAMPLE_CSV
    return None


@cache
def _generator_fingerprint() -> str:
    """SHA-256 of the generator's source: a cached copy from another generator version is regenerated."""
    digest = hashlib.sha256()
    for module in (vocabulary, builder, writer):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # sources not shipped (e.g. byte-code only): the package version stands in
            digest.update(__version__.encode())
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _intact(folder: Path) -> bool:
    """Whether ``folder`` holds a complete sample from this generator, as its manifest records."""
    csv_path = folder / "articles.csv"
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        return (isinstance(manifest, dict) and manifest.get("generator") == _generator_fingerprint()
                and manifest.get("seed") == DEFAULT_SEED and manifest.get("rows") == SAMPLE_ARTICLES
                and manifest.get("bytes") == csv_path.stat().st_size and manifest.get("sha256") == _sha256(csv_path))
    except (OSError, ValueError):
        return False


def _cached_sample(folder: Path) -> Path:
    """``folder/articles.csv``, generated (or regenerated when damaged) first if needed."""
    if not _intact(folder):
        _generate(folder)
    return folder / "articles.csv"


def _generate(folder: Path) -> None:
    """Write the sample into a temporary folder beside ``folder``, check it, then rename it into place."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-new-", dir=folder.parent))
    except OSError as exc:
        raise OSError(f"cannot write the sample corpus to {folder}: {exc}; "
                      f"set TOOLKIT_CACHE_DIR to a writable folder") from exc
    try:
        csv_path = write_sample(tmp, n_articles=SAMPLE_ARTICLES, seed=DEFAULT_SEED, truth=False)[0]
        manifest = {"rows": SAMPLE_ARTICLES, "seed": DEFAULT_SEED, "bytes": csv_path.stat().st_size,
                    "sha256": _sha256(csv_path), "generator": _generator_fingerprint()}
        (tmp / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _replace(tmp, folder)
    except OSError as exc:
        raise OSError(f"cannot write the sample corpus to {folder}: {exc}; "
                      f"set TOOLKIT_CACHE_DIR to a writable folder") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _replace(new: Path, folder: Path) -> None:
    """Rename ``new`` to ``folder``, moving a damaged ``folder`` aside first; another process that got
    there first with an intact copy wins."""
    if folder.exists() or folder.is_symlink():
        trash = Path(tempfile.mkdtemp(prefix=f".{folder.name}-old-", dir=folder.parent))
        try:
            os.rename(folder, trash / folder.name)
        except FileNotFoundError:  # another process moved it already
            pass
        finally:
            shutil.rmtree(trash, ignore_errors=True)
    try:
        os.rename(new, folder)
    except OSError:
        if not _intact(folder):  # not a concurrent writer's finished copy: a real failure
            raise
