"""``python -m toolkit.sample OUT_DIR [--n-articles N] [--seed S] [--files F] [--target-mb MB] [--no-truth]``.

Rules: nothing but the entry point; the command line itself is ``toolkit.sample.cli.main``.

Example::

    python -m toolkit.sample data/sample        # rewrites data/sample/articles.csv and data/sample-truth.jsonl.gz
"""
from toolkit.sample.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
