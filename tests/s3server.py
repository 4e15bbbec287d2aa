"""A local S3-compatible server for tests of remote inputs (moto in server mode on 127.0.0.1, never a
real cloud), holding a copy of real shared articles.

Example (a fixture of ``tests/conftest.py``):
    >>> def test_x(s3_corpus):                                     # doctest: +SKIP
    ...     options, local = s3_corpus
    ...     toolkit.load("s3://news/polnear.csv", storage_options=options)
"""
from __future__ import annotations

import csv
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.external import external_file

BUCKET = "news"


def s3_server(local: Path) -> Iterator[tuple[dict, Path]]:
    """Start moto, upload the tree ``local`` (filled here) to ``s3://news/``; yield (storage_options, local).

    The tree: PolNeAR's CSV, a folder with 300 of AllSides' tokenized articles, the All the News
    fragment and a README, and three PolNeAR .txt articles of two publishers in publication folders."""
    moto_server = pytest.importorskip("moto.server")
    s3fs = pytest.importorskip("s3fs")
    boto3 = pytest.importorskip("boto3")
    saved = {name: os.environ.get(name) for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                                     "AWS_EC2_METADATA_DISABLED")}
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                      AWS_EC2_METADATA_DISABLED="true")  # never a real account, never the metadata service
    (local / "corpus").mkdir()
    shutil.copy(external_file("polnear", "polnear_articles.csv"), local / "polnear.csv")
    with open(external_file("allsides-article-bias", "content_tokenized_subset.csv"), newline="",
              encoding="utf-8") as fh, open(local / "corpus" / "a.csv", "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(itertools.islice(csv.reader(fh), 301))  # the header and 300 PTB articles
    shutil.copy(external_file("all-the-news-fragment", "articles1_nyt_fragment.csv"), local / "corpus" / "b.csv")
    (local / "corpus" / "README.md").write_text("not articles\n")
    for article in sorted(external_file("polnear", "dev", "text").glob("*.txt")):
        publication = article.name.split("_")[0]
        if publication in ("breitbart", "nyt"):  # three articles of two publishers, one folder each
            folder = local / "texts" / publication
            folder.mkdir(parents=True, exist_ok=True)
            if len(list(folder.iterdir())) < 3:
                shutil.copy(article, folder / article.name)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        options = {"key": "testing", "secret": "testing",
                   "client_kwargs": {"endpoint_url": endpoint, "region_name": "us-east-1"}}
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                     aws_secret_access_key="testing").create_bucket(Bucket=BUCKET)
        fs = s3fs.S3FileSystem(**options)
        fs.put(str(local) + "/", f"{BUCKET}/", recursive=True)
        yield options, local
        fs.clear_instance_cache()
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
