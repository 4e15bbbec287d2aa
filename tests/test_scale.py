"""toolkit.scale on a real LocalCluster: the dask path gives exactly the pandas path's results.

One LocalCluster (2 worker processes, 127.0.0.1) serves the whole module; every comparison is
against ``toolkit.features(toolkit.load(paths))`` / ``CorpusIndex.build(toolkit.load(paths))``
computed in this process on the same files.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

pytest.importorskip("distributed")
from distributed import Client, LocalCluster, WorkerPlugin  # noqa: E402

import toolkit  # noqa: E402
from toolkit import scale  # noqa: E402
from tests.external import external_file  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"


@pytest.fixture(scope="module")
def dask_client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory) -> Path:
    """The bundled sample's generator, asked for the same corpus split over three files."""
    from toolkit.sample import write_sample

    out = tmp_path_factory.mktemp("sample3")
    write_sample(out, n_articles=600, seed=7, n_files=3)
    assert len(scale.files(out)) == 3
    return out


@pytest.fixture(scope="module")
def polnear_two_files(tmp_path_factory) -> Path:
    """The real PolNeAR articles split into two CSV files (records kept whole, quoting kept)."""
    source = external_file("polnear", "polnear_articles.csv")
    with open(source, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, records = rows[0], rows[1:]
    out = tmp_path_factory.mktemp("polnear2")
    half = len(records) // 2
    for name, chunk in (("a.csv", records[:half]), ("b.csv", records[half:])):
        with open(out / name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(chunk)
    return out


def pandas_features(paths) -> pd.DataFrame:
    return toolkit.features(toolkit.load(paths, progress=False))


def pandas_top(paths, kind: str, k: int, by) -> pd.DataFrame:
    idx = toolkit.CorpusIndex.build(toolkit.load(paths, progress=False), progress=False)
    return getattr(idx, f"top_{kind}")(k, by=by)


def assert_same_rows(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(expected) > 0
    assert_frame_equal(actual.sort_index(), expected.sort_index())


def assert_same_table(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(expected) > 0
    assert_frame_equal(actual.reset_index(drop=True), expected.reset_index(drop=True))


# --------------------------------------------------------------------------- bundled sample
def test_features_match_pandas_path_on_bundled_sample(dask_client):
    assert_same_rows(scale.features(SAMPLE, scheduler=dask_client), pandas_features(SAMPLE))


def test_features_keep_global_row_positions_over_several_files(dask_client, sample_files):
    expected = pandas_features(sample_files)
    actual = scale.features(sample_files, scheduler=dask_client)
    assert_same_rows(actual, expected)
    assert actual.index.is_unique and set(actual.index) == set(range(len(expected)))


@pytest.mark.parametrize("by", ["publication", None])
def test_top_terms_match_index_on_bundled_sample(dask_client, by):
    assert_same_table(scale.top_terms(SAMPLE, 15, by=by, scheduler=dask_client), pandas_top(SAMPLE, "terms", 15, by))


@pytest.mark.parametrize("kind", ["terms", "hashtags", "handles"])
def test_top_tables_match_index_over_several_files(dask_client, sample_files, kind):
    actual = getattr(scale, f"top_{kind}")(sample_files, 10, by="publication", scheduler=dask_client)
    assert_same_table(actual, pandas_top(sample_files, kind, 10, "publication"))


def test_quote_stats_and_source_counts_match_index(dask_client, sample_files):
    idx = toolkit.CorpusIndex.build(toolkit.load(sample_files, progress=False), progress=False)
    assert_same_table(scale.quote_stats(sample_files, scheduler=dask_client), idx.quote_stats())
    assert_same_table(scale.source_counts(sample_files, scheduler=dask_client), idx.source_counts())


# --------------------------------------------------------------------------- real data
def test_features_match_pandas_path_on_real_polnear_split_in_two(dask_client, polnear_two_files):
    assert_same_rows(scale.features(polnear_two_files, scheduler=dask_client), pandas_features(polnear_two_files))


def test_top_terms_match_index_on_real_polnear_by_publication(dask_client, polnear_two_files):
    # given as an address string: the path a user takes with a real cluster
    address = dask_client.scheduler.address
    actual = scale.top_terms(polnear_two_files, 25, by="publication", scheduler=address)
    expected = pandas_top(polnear_two_files, "terms", 25, "publication")
    assert expected["publication"].nunique() == 7
    assert_same_table(actual, expected)


def test_features_match_on_real_headerless_all_the_news_fragment(dask_client):
    path = external_file("all-the-news-fragment", "articles1_nyt_fragment.csv")
    assert_same_rows(scale.features(path, scheduler=dask_client), pandas_features(path))


# --------------------------------------------------------------------------- lazy load, parquet
def test_load_is_one_lazy_partition_per_file_with_the_loaders_columns(sample_files):
    ddf = scale.load(sample_files)
    assert ddf.npartitions == len(scale.files(sample_files)) == 3
    expected = toolkit.load(sample_files, progress=False)
    assert list(ddf.columns) == list(expected.columns)
    loaded = ddf.compute(scheduler="synchronous")
    assert len(loaded) == len(expected)
    assert loaded["id"].tolist() == expected["id"].tolist()
    assert loaded["content"].tolist() == expected["content"].tolist()


def test_write_features_round_trips_through_parquet(dask_client, sample_files, tmp_path):
    out = scale.write_features(sample_files, tmp_path / "feats", scheduler=dask_client)
    assert len(list(out.glob("part-*.parquet"))) == 3
    assert_same_rows(scale.read_features(out), pandas_features(sample_files))


def test_default_scheduler_starts_and_closes_its_own_local_cluster():
    with scale.client() as c:
        workers = c.scheduler_info()["workers"]
        assert len(workers) == 2
        assert all(addr.startswith("tcp://127.0.0.1:") for addr in workers)
        cluster = c.cluster
    assert c.status == "closed" and cluster.status.name == "closed"


# --------------------------------------------------------------------------- a worker dies
class KillFirstTaskOnce(WorkerPlugin):
    """Kills the worker process (os._exit) when the first matching task starts; only once per marker file."""

    def __init__(self, marker: str, key_part: str):
        self.marker, self.key_part = marker, key_part

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing" or self.key_part not in str(key):
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.close(fd)
        os._exit(1)


@pytest.mark.timeout(180)
def test_counts_identical_when_a_worker_dies_mid_run(dask_client, sample_files, tmp_path):
    expected = pandas_top(sample_files, "terms", 20, "publication")
    expected_features = pandas_features(sample_files)
    marker = tmp_path / "killed"
    dask_client.register_plugin(KillFirstTaskOnce(str(marker), "partition"), name="kill-once")
    try:
        actual = scale.top_terms(sample_files, 20, by="publication", scheduler=dask_client)
        assert marker.exists(), "no worker was killed: the test did not exercise a failure"
        marker.unlink()
        actual_features = scale.features(sample_files, scheduler=dask_client)
        assert marker.exists()
    finally:
        dask_client.unregister_worker_plugin("kill-once")
        dask_client.wait_for_workers(2, timeout=60)
    assert_same_table(actual, expected)
    assert_same_rows(actual_features, expected_features)
