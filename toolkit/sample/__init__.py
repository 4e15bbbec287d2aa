"""Seeded generator of the bundled sample corpus (``data/sample``) and of big benchmark corpora.

The articles imitate our users' data in the "All the News" CSV layout: half of them raw prose
(curly quotes, ``don’t``, real-looking URLs), half PTB-tokenized and coreference-resolved
(``do n’t``, ``# FreeMilo``, ``$ TWTR``, ``Twitter Twitter``, stray quote marks glued to a word).
While each article is built piece by piece, the generator records its ground truth (quotations,
hashtags, handles, cashtags, URLs, emails, embedded tweets, stray marks) with exact character
offsets, written as gzip-compressed JSON Lines (``<folder>-truth.jsonl.gz``, read it with ``read_truth``);
``data/README.md`` documents that format.

Rules: everything is drawn from ``random.Random`` seeded per article, so the output is reproducible
byte for byte and independent of how it is split over files. This file only re-exports; the work is
in ``vocabulary`` (word lists, templates), ``builder`` (one article and its truth), ``writer`` (CSV
and truth files), ``cache`` (``default_corpus()``, which works from an installed wheel too) and
``cli`` (``python -m toolkit.sample``).

Example:
    >>> from toolkit.sample import generate_articles
    >>> art = generate_articles(1, seed=7)[0]
    >>> q = art["truth"]["quotes"][0]
    >>> art["content"][q["start"]:q["end"]] == q["text"]
    True

Command line::

    python -m toolkit.sample data/sample                         # the committed sample
    python -m toolkit.sample /tmp/big --target-mb 1024 --files 16 --no-truth
"""
from __future__ import annotations

from toolkit.sample.builder import DEFAULT_SEED, DEFAULT_WORDS, generate_articles, iter_articles
from toolkit.sample.cache import default_corpus, sample_cache_dir
from toolkit.sample.cli import cli_out_dir, main
from toolkit.sample.vocabulary import FIRST_DAY, LAST_DAY
from toolkit.sample.writer import (CSV_HEADER, DATA_DIR, SAMPLE_CSV, SAMPLE_DIR, SAMPLE_TRUTH, read_truth,
                                   truth_path_for, write_sample)

__all__ = ["SAMPLE_DIR", "SAMPLE_CSV", "SAMPLE_TRUTH", "CSV_HEADER", "generate_articles", "iter_articles",
           "write_sample", "read_truth", "truth_path_for", "default_corpus", "sample_cache_dir", "DATA_DIR",
           "DEFAULT_SEED", "DEFAULT_WORDS", "FIRST_DAY", "LAST_DAY", "cli_out_dir", "main"]
