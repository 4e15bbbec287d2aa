"""toolkit.scale on a real LocalCluster: the dask path gives exactly the pandas path's results.

One LocalCluster (2 worker processes, 127.0.0.1) serves the whole module; every comparison is
against ``toolkit.features(toolkit.load(paths))`` / ``CorpusIndex.build(toolkit.load(paths))``
computed in this process on the same files.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

pytest.importorskip("distributed")
from distributed import WorkerPlugin  # noqa: E402

import toolkit  # noqa: E402
from toolkit import scale  # noqa: E402
from toolkit.scale.stored import DIGEST  # noqa: E402
from tests.external import external_file  # noqa: E402

pytestmark = pytest.mark.slow  # starts a dask cluster, a kernel or a browser

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"


@pytest.fixture(scope="module", autouse=True)
def one_partition_per_file():
    """Every file its own partition, so small test corpora still spread over several partitions."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scale, "PARTITION_BYTES", 1)
        yield


@pytest.fixture(scope="module")
def dask_client():
    """One LocalCluster for the module: 2 single-threaded worker processes on 127.0.0.1, closed at the end."""
    with scale.client() as c:
        assert len(c.scheduler_info()["workers"]) == 2
        yield c


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory) -> Path:
    """The bundled sample's generator, asked for a smaller corpus split over three files."""
    from toolkit.sample import write_sample

    out = tmp_path_factory.mktemp("sample3") / "corpus"
    write_sample(out, n_articles=300, seed=7, n_files=3, truth=False)
    assert len(scale.partitions(out, target_bytes=1)) == 3
    return out


@pytest.fixture(scope="module")
def polnear_two_files(tmp_path_factory) -> Path:
    """Every third real PolNeAR article (all 7 publications), split into two CSV files with the csv module."""
    source = external_file("polnear", "polnear_articles.csv")
    with open(source, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, records = rows[0], rows[1::3]
    out = tmp_path_factory.mktemp("polnear2")
    half = len(records) // 2
    for name, chunk in (("a.csv", records[:half]), ("b.csv", records[half:])):
        with open(out / name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(chunk)
    return out


class PandasPath:
    """The single-machine results for one input, computed once."""

    def __init__(self, paths):
        self.df = toolkit.load(paths, progress=False)
        self._features = self._index = None

    @property
    def features(self) -> pd.DataFrame:
        if self._features is None:
            self._features = toolkit.features(self.df)
        return self._features

    @property
    def index(self) -> toolkit.CorpusIndex:
        if self._index is None:
            # toolkit.scale does not find page furniture (yet): compare with an index that keeps it
            self._index = toolkit.CorpusIndex.build(self.df, progress=False, boilerplate=False)
        return self._index


@pytest.fixture(scope="module")
def sample_pandas() -> PandasPath:
    return PandasPath(SAMPLE)


@pytest.fixture(scope="module")
def files_pandas(sample_files) -> PandasPath:
    return PandasPath(sample_files)


@pytest.fixture(scope="module")
def files_summary(dask_client, sample_files) -> scale.Summary:
    return scale.summarize(sample_files, by=["publication", None], scheduler=dask_client)


def assert_same_rows(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(expected) > 0
    assert_frame_equal(actual.sort_index(), expected.sort_index())


def assert_same_table(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(expected) > 0
    assert_frame_equal(actual.reset_index(drop=True), expected.reset_index(drop=True))


# --------------------------------------------------------------------------- bundled sample
def test_features_match_pandas_path_on_bundled_sample(dask_client, sample_pandas):
    assert_same_rows(scale.features(SAMPLE, scheduler=dask_client), sample_pandas.features)


def test_top_terms_match_index_on_bundled_sample(dask_client, sample_pandas):
    actual = scale.top_terms(SAMPLE, 15, by="publication", scheduler=dask_client)
    expected = sample_pandas.index.top_terms(15, by="publication")
    assert expected["publication"].nunique() >= 8
    assert_same_table(actual, expected)


def test_author_tables_count_each_person_over_several_files(dask_client, sample_files, files_pandas):
    """by="author" is per person (a field "A and B" counts for both), merged over partitions as the index does."""
    actual = scale.top_terms(sample_files, 10, by="author", scheduler=dask_client)
    expected = files_pandas.index.top_terms(10, by="author")
    assert not expected["author"].str.contains(" and |, ").any()
    assert_same_table(actual, expected)


# --------------------------------------------------------------------------- several files
def test_features_keep_global_row_positions_over_several_files(dask_client, sample_files, files_pandas):
    actual = scale.features(sample_files, scheduler=dask_client)
    assert_same_rows(actual, files_pandas.features)
    assert actual.index.is_unique and set(actual.index) == set(range(len(files_pandas.df)))


@pytest.mark.parametrize("kind", ["terms", "hashtags", "handles", "cashtags"])
@pytest.mark.parametrize("by", ["publication", None])
def test_summary_top_tables_match_index(files_summary, files_pandas, kind, by):
    expected = getattr(files_pandas.index, f"top_{kind}")(10, by=by)
    assert_same_table(getattr(files_summary, f"top_{kind}")(10, by=by), expected)


@pytest.mark.parametrize("by", ["publication", "month", ["month", "publication"]])
def test_summary_quote_stats_and_source_counts_match_index(files_summary, files_pandas, by):
    assert_same_table(files_summary.quote_stats(by), files_pandas.index.quote_stats(by))
    assert_same_table(files_summary.source_counts(by), files_pandas.index.source_counts(by))


def test_summary_features_are_the_pandas_features(files_summary, files_pandas):
    assert_same_rows(files_summary.features, files_pandas.features)


def test_summary_refuses_a_grouping_it_did_not_count(files_summary):
    with pytest.raises(KeyError, match="author"):
        files_summary.top_terms(5, by="author")


# --------------------------------------------------------------------------- real data
def test_features_match_pandas_path_on_real_polnear_split_in_two(dask_client, polnear_two_files):
    assert_same_rows(scale.features(polnear_two_files, scheduler=dask_client),
                     toolkit.features(toolkit.load(polnear_two_files, progress=False)))


def test_top_terms_match_index_on_real_polnear_by_publication(dask_client, polnear_two_files):
    # the scheduler given as an address string, as a user of a real cluster does
    actual = scale.top_terms(polnear_two_files, 25, by="publication", scheduler=dask_client.scheduler.address)
    expected = toolkit.CorpusIndex.build(toolkit.load(polnear_two_files, progress=False),
                                         progress=False).top_terms(25, by="publication", boilerplate=False)
    assert expected["publication"].nunique() == 7
    assert_same_table(actual, expected)


def test_features_match_on_real_headerless_all_the_news_fragment(dask_client):
    path = external_file("all-the-news-fragment", "articles1_nyt_fragment.csv")
    assert_same_rows(scale.features(path, scheduler=dask_client),
                     toolkit.features(toolkit.load(path, progress=False)))


def test_real_folder_of_txt_articles_keeps_publication_from_folder(dask_client):
    # PolNeAR dev/: text/*.txt articles (publication = their folder) beside .ann files load() skips
    folder = external_file("polnear", "dev")
    expected = PandasPath(folder)
    assert expected.df["publication"].astype(str).unique().tolist() == ["text"]
    texts = [s for s in scale.partitions(folder, target_bytes=1 << 40)[0] if s.format == "txt"]
    with pytest.MonkeyPatch.context() as mp:  # about three partitions of ~28 articles each
        mp.setattr(scale, "PARTITION_BYTES", sum(s.size for s in texts) // 3 + 1)
        assert 3 <= len(scale.partitions(folder)) <= 4
        summary = scale.summarize(folder, by="publication", scheduler=dask_client)
    assert_same_rows(summary.features, expected.features)
    assert_same_table(summary.source_counts(), expected.index.source_counts())
    assert_same_table(summary.top_terms(10, by="publication"), expected.index.top_terms(10, by="publication"))
    # the articles, named as toolkit.load names them, and the .ann files it lists as not read
    assert_same_report(summary.load_report, expected.df.attrs["load_report"])


# --------------------------------------------------------------------------- partitions, lazy load, parquet
def test_small_files_share_a_partition_and_give_the_same_rows(dask_client, sample_files, files_pandas):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scale, "PARTITION_BYTES", 64 << 20)
        assert [len(p) for p in scale.partitions(sample_files)] == [3]
        assert_same_rows(scale.features(sample_files, scheduler=dask_client), files_pandas.features)


def test_load_is_one_lazy_partition_per_file_with_the_loaders_columns_and_dtypes(sample_files, files_pandas):
    ddf = scale.load(sample_files)
    assert ddf.npartitions == 3
    expected = files_pandas.df
    assert list(ddf.columns) == list(expected.columns)
    loaded = ddf.compute(scheduler="synchronous").reset_index(drop=True)
    for column in ("id", "title", "content", "date", "url"):
        assert_frame_equal(loaded[[column]], expected[[column]])
    for column in ("publication", "author", "source_file"):
        assert loaded[column].astype(str).tolist() == expected[column].astype(str).tolist()


def test_write_features_round_trips_through_parquet(dask_client, sample_files, files_pandas, tmp_path):
    out = scale.write_features(sample_files, tmp_path / "feats", scheduler=dask_client)
    assert len(list(out.glob("part-*.parquet"))) == 3
    assert_same_rows(scale.read_features(out), files_pandas.features)
    inputs = json.loads((out / "_inputs.json").read_text())
    assert [Path(i["file"]).name for i in inputs] == [p.name for p in sorted(sample_files.glob("*.csv"))]
    assert sum(i["rows"] for i in inputs) == len(files_pandas.df)


def listening_hosts(pid: int) -> set[str]:
    import psutil

    process = psutil.Process(pid)
    connections = process.net_connections(kind="inet") if hasattr(process, "net_connections") \
        else process.connections(kind="inet")
    return {conn.laddr.ip for conn in connections if conn.status == psutil.CONN_LISTEN}


def test_read_features_refuses_stale_inputs(dask_client, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = external_file("all-the-news-fragment", "articles1_nyt_fragment.csv")
    (corpus / "a.csv").write_bytes(source.read_bytes())
    out = scale.write_features(corpus, tmp_path / "feats", scheduler=dask_client)
    assert len(scale.read_features(out, corpus)) == len(toolkit.load(corpus, progress=False))
    (corpus / "b.csv").write_bytes(source.read_bytes())
    with pytest.raises(ValueError, match="stale.*b.csv"):
        scale.read_features(out, corpus)


def test_read_features_refuses_an_input_edited_in_place_with_size_and_mtime_kept(dask_client, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = corpus / "a.csv"
    source.write_bytes(b"title,publication,content\nA,Pub,Hello world from here\nB,Pub,Another article\n")
    out = scale.write_features(corpus, tmp_path / "feats", scheduler=dask_client)
    before, original = source.stat(), source.read_bytes()
    source.write_bytes(original.replace(b"Hello", b"Jello"))   # same size; then the old mtime back
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (source.stat().st_size, source.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with pytest.raises(ValueError, match="stale.*a.csv changed content"):
        scale.read_features(out, corpus)
    source.write_bytes(original)   # the same bytes again, a new mtime: current (keyed by content)
    assert len(scale.read_features(out, corpus)) == 2
    inputs = json.loads((out / "_inputs.json").read_text())   # output written before digests were kept
    (out / "_inputs.json").write_text(json.dumps([{k: v for k, v in i.items() if k != DIGEST} for i in inputs]))
    with pytest.raises(ValueError, match="stale.*no content digest"):
        scale.read_features(out, corpus)


def test_relative_paths_work_when_the_workers_run_elsewhere(dask_client, sample_files, files_pandas,
                                                            monkeypatch):
    # the workers' working directory is /work/main (or wherever pytest runs), not this one
    monkeypatch.chdir(sample_files.parent)
    assert_same_rows(scale.features(sample_files.name, scheduler=dask_client), files_pandas.features)


def test_default_scheduler_starts_and_closes_its_own_loopback_cluster():
    with scale.client() as c:
        workers = c.scheduler_info()["workers"]
        assert len(workers) == 2
        assert all(addr.startswith("tcp://127.0.0.1:") for addr in workers)
        assert c.scheduler.address.startswith("tcp://127.0.0.1:")
        worker_pids = list(c.run(os.getpid).values())
        # scheduler and nannies live in this process, workers in their own: nothing beyond loopback
        for pid in [os.getpid(), *worker_pids]:
            assert listening_hosts(pid) <= {"127.0.0.1"}, pid
        assert all(listening_hosts(pid) for pid in worker_pids)
        cluster = c.cluster
    assert c.status == "closed"
    assert cluster.status.name == "closed"


def test_a_given_client_is_left_open(dask_client):
    with scale.client(dask_client) as c:
        assert c is dask_client
    assert dask_client.status == "running"


def test_default_scheduler_gives_the_pandas_results(sample_files, files_pandas):
    # scheduler=None: each call starts (and closes) its own loopback LocalCluster
    assert_same_rows(scale.features(sample_files), files_pandas.features)
    assert_same_table(scale.top_terms(sample_files, 10, by="publication"), files_pandas.index.top_terms(10, by="publication"))


def test_a_bad_path_fails_before_any_cluster_starts(tmp_path):
    with pytest.raises(toolkit.LoadError, match="no such file"):
        scale.features(tmp_path / "missing", scheduler="tcp://127.0.0.1:1")   # never contacted


@pytest.fixture(scope="module")
def parquet_files(sample_files, tmp_path_factory) -> Path:
    """The three sample files rewritten as Parquet (all columns as strings, as a CSV export gives)."""
    out = tmp_path_factory.mktemp("parquet3")
    for path in sorted(sample_files.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.to_parquet(out / f"{path.stem}.parquet", index=False)
    return out


def test_parquet_input_matches_pandas_path(dask_client, parquet_files):
    expected = PandasPath(parquet_files)
    assert scale.load(parquet_files).npartitions == 3
    summary = scale.summarize(parquet_files, by="publication", scheduler=dask_client)
    assert_same_rows(summary.features, expected.features)
    assert_same_rows(scale.features(parquet_files, scheduler=dask_client), expected.features)
    assert_same_table(summary.top_terms(10, by="publication"), expected.index.top_terms(10, by="publication"))
    assert_same_table(summary.top_hashtags(10, by="publication"), expected.index.top_hashtags(10, by="publication"))


def test_read_features_refuses_an_unfinished_run(dask_client, sample_files, tmp_path):
    out = scale.write_features(sample_files, tmp_path / "feats", scheduler=dask_client)
    next(out.glob("part-*.parquet")).unlink()
    with pytest.raises(ValueError, match="incomplete"):
        scale.read_features(out)
    (out / "_inputs.json").unlink()
    with pytest.raises(FileNotFoundError, match="write_features"):
        scale.read_features(out)


# --------------------------------------------------------------------------- a worker dies
class KillWorkerHoldingResults(WorkerPlugin):
    """Kills its worker process (``os._exit``) the first time a task starts executing on it while it
    holds finished results whose key contains ``key_part``.

    So the kill is mid-run by construction: a task is in flight on the victim (the one starting), and
    partition results it already computed die with it, so dask must recompute them, not just rerun one
    task. The marker file makes it happen once per run (the restarted worker gets the plugin again but
    finds the marker) and records what was lost.
    """

    def __init__(self, marker: str, key_part: str):
        self.marker, self.key_part = marker, key_part
        self.worker = None

    def setup(self, worker):
        self.worker = worker

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing" or self.worker is None:
            return
        held = sorted(str(k) for k in list(self.worker.data) if self.key_part in str(k))
        if not held:
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        with os.fdopen(fd, "w") as fh:
            json.dump({"pid": os.getpid(), "executing": str(key), "held": held}, fh)
        os._exit(1)


def _scheduler_story(key: str, dask_scheduler=None) -> list:
    return [list(t[:3]) for t in dask_scheduler.story(key)]


def run_with_a_worker_killed(c, marker: Path, run):
    """``run()`` while :class:`KillWorkerHoldingResults` kills one of ``c``'s workers mid-run.

    Checks the kill happened inside the run (a task executing, finished partition results held), that
    the killed process is gone and was replaced, and that the scheduler recomputed what it held.
    """
    pids_before = set(c.run(os.getpid).values())
    c.register_plugin(KillWorkerHoldingResults(str(marker), "_partition_"), name="kill-mid-run")
    try:
        result = run()
    finally:
        c.unregister_worker_plugin("kill-mid-run")
        c.wait_for_workers(2, timeout=120)
    assert marker.exists(), "no worker was killed: the test did not exercise a failure"
    killed = json.loads(marker.read_text())
    assert killed["executing"] and killed["held"], killed
    pids_after = set(c.run(os.getpid).values())
    assert killed["pid"] in pids_before and killed["pid"] not in pids_after and len(pids_after) == 2
    for key in killed["held"]:       # computed, lost with the worker, computed again
        story = c.run_on_scheduler(_scheduler_story, key)
        finishes = [finish for _, _, finish in story]
        assert finishes.count("processing") >= 2 and "memory" in finishes, "\n".join(map(str, story))
    return result


@pytest.mark.timeout(300)
def test_top_terms_identical_when_a_worker_dies_mid_run(dask_client, sample_files, files_pandas, tmp_path):
    top = run_with_a_worker_killed(dask_client, tmp_path / "killed", lambda: scale.top_terms(
        sample_files, 20, by="publication", scheduler=dask_client))
    assert_same_table(top, files_pandas.index.top_terms(20, by="publication"))


@pytest.mark.timeout(300)
def test_features_identical_when_a_worker_dies_mid_run(dask_client, sample_files, files_pandas, tmp_path):
    # three partitions on two single-threaded workers: one worker starts a second partition while it
    # holds its first one's features, and dies then
    feats = run_with_a_worker_killed(dask_client, tmp_path / "killed",
                                     lambda: scale.features(sample_files, scheduler=dask_client))
    assert_same_rows(feats, files_pandas.features)


# --------------------------------------------------------------------------- the load report
@pytest.fixture(scope="module")
def broken_files(tmp_path_factory) -> Path:
    """Three CSVs (three partitions), each with a row of the wrong field count (skipped), undecodable
    bytes, mojibake, an unparseable date and an empty content (kept or repaired), beside a file
    ``toolkit.load`` does not read."""
    out = tmp_path_factory.mktemp("broken3")
    for i in range(3):
        rows = [f"T{i}{j},Pub{i},Caf\u00e9 article {i}-{j} about \u2019things\u2019,2016-05-0{j + 1}\n".encode()
                for j in range(6)]
        rows[1:1] = [b"bad,row,with,too,many,fields\n", b"T bytes,Pub,broken \x81\xfe bytes,2016-05-01\n"]
        rows[4:4] = [b'T date,Pub,"two\nlines",not a date\n', b"T empty,Pub,,2016-05-02\n",
                     "T moji,Pub,donâ€™t,2016-05-02\n".encode()]
        (out / f"part{i}.csv").write_bytes(b"title,publication,content,date\n" + b"".join(rows))
    (out / "README.md").write_text("not an article file\n")
    return out


@pytest.fixture(scope="module")
def broken_pandas(broken_files) -> PandasPath:
    expected = PandasPath(broken_files)
    report = expected.df.attrs["load_report"]
    assert (report.rows_skipped, len(report.files), len(report.ignored_files)) == (3, 3, 1)
    assert {issue.kind for issue in report.issues} >= {"wrong field count", "undecodable bytes", "mojibake"}
    return expected


def assert_same_report(actual, expected) -> None:
    """The same files (counts, notes), files not read, and issues (file, line, row, reason, position)."""
    assert [vars(f) for f in actual.files] == [vars(f) for f in expected.files]
    assert actual.ignored_files == expected.ignored_files
    by_place = ["file", "line", "row", "kind"]
    assert_frame_equal(actual.to_frame().sort_values(by_place, ignore_index=True),
                       expected.to_frame().sort_values(by_place, ignore_index=True))
    assert str(actual).splitlines()[0] == str(expected).splitlines()[0]


def test_features_carry_the_rows_skipped_inside_partitions(dask_client, broken_files, broken_pandas):
    assert len(scale.partitions(broken_files)) == 3
    feats = scale.features(broken_files, scheduler=dask_client)
    assert_same_rows(feats, broken_pandas.features)
    assert_same_report(feats.attrs["load_report"], broken_pandas.df.attrs["load_report"])


def test_summary_carries_the_load_report(dask_client, broken_files, broken_pandas):
    summary = scale.summarize(broken_files, by=None, kinds=["terms"], scheduler=dask_client)
    assert_same_report(summary.load_report, broken_pandas.df.attrs["load_report"])
    assert_same_report(summary.features.attrs["load_report"], broken_pandas.df.attrs["load_report"])


def test_written_features_keep_the_load_report(dask_client, broken_files, broken_pandas, tmp_path):
    out = scale.write_features(broken_files, tmp_path / "feats", scheduler=dask_client)
    feats = scale.read_features(out, broken_files)
    assert_same_rows(feats, broken_pandas.features)
    assert_same_report(feats.attrs["load_report"], broken_pandas.df.attrs["load_report"])


def test_load_report_and_the_lazy_partitions(dask_client, broken_files, broken_pandas):
    expected = broken_pandas.df.attrs["load_report"]
    assert_same_report(scale.load_report(broken_files, scheduler=dask_client), expected)
    # each lazily loaded partition carries its own file's report, positions within the partition
    second = scale.load(broken_files).get_partition(1).compute(scheduler="synchronous")
    own = second.attrs["load_report"]
    assert [f.file for f in own.files] == [expected.files[1].file]
    offset = expected.files[0].rows_loaded
    assert sorted((i.line, i.kind, i.index if i.index is not None else -1) for i in own.issues) == sorted(
        (i.line, i.kind, i.index - offset if i.index is not None else -1)
        for i in expected.issues if i.file == own.files[0].file)


def test_a_partition_without_articles_is_listed_as_not_read(dask_client, broken_files, tmp_path):
    """A partition of only non-article files (a metadata table) is listed as not read, as toolkit.load
    lists it, and the other partitions' rows and reports are unchanged; with no article anywhere it fails."""
    folder = tmp_path / "with-meta"
    shutil.copytree(broken_files, folder)
    (folder / "metadata.tsv").write_text("id\tlabel\nT00\tleft\nT01\tright\n")
    expected = PandasPath(folder)                       # (every file is its own partition here)
    assert [f for f, _ in expected.df.attrs["load_report"].ignored_files if f.endswith("metadata.tsv")]
    feats = scale.features(folder, scheduler=dask_client)
    assert_same_rows(feats, expected.features)
    assert_same_report(feats.attrs["load_report"], expected.df.attrs["load_report"])
    only_meta = tmp_path / "only-meta"
    only_meta.mkdir()
    shutil.copy(folder / "metadata.tsv", only_meta)
    shutil.copy(folder / "metadata.tsv", only_meta / "labels.tsv")
    with pytest.raises(toolkit.LoadError, match="no article could be read"):
        scale.features(only_meta, scheduler=dask_client)


# --------------------------------------------------------------------------- one big CSV, cut into record ranges
def test_one_real_csv_is_cut_into_record_range_partitions(dask_client, monkeypatch):
    """Real PolNeAR articles (7 publishers, quoted newlines in every article) as one CSV cut into ~9
    record ranges: every partition starts on a record start, and features, top terms, quote stats and
    the load report are those of toolkit.load in one piece."""
    path = external_file("polnear", "polnear_articles.csv")
    monkeypatch.setattr(scale, "RANGE_BYTES", 550_000)
    parts = scale.partitions(path)
    assert len(parts) >= 8 and all(len(p) == 1 and p[0].part is not None for p in parts)
    assert [p[0].part.row for p in parts][0] == 0
    assert all(a[0].part.end == b[0].part.start for a, b in zip(parts, parts[1:]))
    expected = PandasPath(path)
    feats = scale.features(path, scheduler=dask_client)
    assert_same_rows(feats, expected.features)
    assert_same_report(feats.attrs["load_report"], expected.df.attrs["load_report"])
    summary = scale.summarize(path, by=["publication"], kinds=["terms"], scheduler=dask_client)
    assert_same_table(summary.top_terms(10, "publication"),
                      expected.index.top_terms(10, by="publication", boilerplate=False))
    assert_same_table(summary.quote_stats("publication"), expected.index.quote_stats("publication"))


def test_record_ranges_keep_generated_ids_lines_and_skipped_rows(dask_client, monkeypatch, tmp_path):
    """A real CSV without an id column (generated ids are "<stem>:<row>") with records of the wrong
    field count and blank lines put in: cut into ranges, the lazy partitions give the ids, lines and
    report rows of the whole file, and written features are checked against the file as one input."""
    source = external_file("convention-speeches-2012", "political_data.csv")
    with open(source, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    out = tmp_path / "speeches.csv"
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(rows[0])
        for k, row in enumerate(rows[1:]):
            writer.writerow(row)
            if k % 9 == 4:
                writer.writerow(row + ["an extra field"])
            if k % 13 == 6:
                fh.write("\n")
    monkeypatch.setattr(scale, "RANGE_BYTES", 60_000)
    parts = scale.partitions(out)
    assert len(parts) > 10
    expected = toolkit.load(out, progress=False)
    report = expected.attrs["load_report"]
    assert report.rows_skipped > 10 and any("blank line" in n for n in report.files[0].notes)
    lazy = scale.load(out).compute(scheduler="synchronous").reset_index(drop=True)
    assert lazy["id"].tolist() == expected["id"].tolist()
    assert lazy["id"].iloc[-1] == f"speeches:{report.rows_read}"
    categorical = ["publication", "author"]  # each partition has its own categories
    assert_frame_equal(lazy.drop(columns=categorical), expected.drop(columns=categorical))
    assert_frame_equal(lazy[categorical].astype(str), expected[categorical].astype(str))
    assert_same_report(scale.load_report(out, scheduler=dask_client), report)
    written = scale.write_features(out, tmp_path / "feats", scheduler=dask_client)
    assert_same_rows(scale.read_features(written, out), toolkit.features(expected))
    out.write_bytes(out.read_bytes().replace(b"the", b"teh", 1))
    with pytest.raises(ValueError, match="stale.*speeches.csv changed content"):
        scale.read_features(written, out)


def test_a_csv_with_broken_quoting_stays_one_partition(monkeypatch, tmp_path):
    """Quote parity says nothing after a quote that is never closed: such a file is not cut."""
    path = tmp_path / "broken.csv"
    lines = ["id,text"] + [f'{i},"article {i}\nsecond line"' for i in range(400)]
    lines[200] = '199,"never closed'
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(scale, "RANGE_BYTES", 1000)
    assert len(scale.partitions(path)) == 1
    path.write_text("\n".join(lines[:200] + lines[201:]) + "\n")
    assert len(scale.partitions(path)) > 5


# --------------------------------------------------------------------------- remote storage
def test_scale_reads_remote_storage_with_storage_options(dask_client, s3_corpus, monkeypatch, tmp_path):
    """An S3 folder (moto on loopback) gives the features and top terms of the local copy; a big remote
    CSV is cut into record ranges the workers read with range requests; written features are checked
    against the objects' identity."""
    from tests.s3server import BUCKET

    options, local = s3_corpus
    url = f"s3://{BUCKET}/corpus/"
    expected = PandasPath(local / "corpus")
    feats = scale.features(url, scheduler=dask_client, storage_options=options)
    assert_same_rows(feats, expected.features)
    assert [f.file for f in feats.attrs["load_report"].files] == [f"{url}a.csv", f"{url}b.csv"]
    assert_same_table(scale.top_terms(url, 10, by="publication", scheduler=dask_client, storage_options=options),
                      expected.index.top_terms(10, by="publication", boilerplate=False))
    monkeypatch.setattr(scale, "RANGE_BYTES", 500_000)
    one = f"s3://{BUCKET}/polnear.csv"
    parts = scale.partitions(one, storage_options=options)
    assert len(parts) >= 9 and all(p[0].part is not None and p[0].storage is not None for p in parts)
    assert_same_rows(scale.features(one, scheduler=dask_client, storage_options=options),
                     toolkit.features(toolkit.load(local / "polnear.csv", progress=False)))
    out = scale.write_features(one, tmp_path / "feats", scheduler=dask_client, storage_options=options)
    assert len(scale.read_features(out, one, storage_options=options)) == len(toolkit.load(local / "polnear.csv"))
    with pytest.raises(toolkit.io.LoadError, match="no such file"):
        scale.features(f"s3://{BUCKET}/nothing/", scheduler=dask_client, storage_options=options)


def test_a_record_range_of_a_changed_file_fails_loudly(monkeypatch, tmp_path):
    """A file rewritten between the plan and the read: the range's task raises, naming the file and lines,
    instead of listing the file as not read while its other ranges load."""
    path = tmp_path / "news.csv"
    path.write_text("title,text\n" + "".join(f'T{i},"body {i}\nline two"\n' for i in range(300)))
    monkeypatch.setattr(scale, "RANGE_BYTES", 2000)
    parts = scale.partitions(path)
    assert len(parts) > 3
    path.write_text(path.read_text().replace('"body 150\n', '"body 150"\n"'))
    with pytest.raises(toolkit.io.LoadError, match=r"news.csv: lines .* when the file was first scanned"):
        [scale.load_partition(part, several=False) for part in parts]


def test_a_file_with_its_own_source_file_reads_as_toolkit_load_reads_it(tmp_path):
    # an exported selection (it has a source_file column) beside another real file: each partition alone (one
    # file each, as big files are) gives toolkit.load's source_file and original_source_file (it crashed on .cat)
    from toolkit.index import CorpusIndex

    polnear = external_file("polnear", "polnear_articles.csv")
    allsides = external_file("allsides-article-bias", "articles_sample.csv")
    (tmp_path / "corpus").mkdir()
    exported = CorpusIndex.build(toolkit.load([polnear, allsides], progress=False), progress=False).filter(
        publication="politico").export(tmp_path / "corpus" / "politico.parquet", features=False)
    shutil.copy(external_file("buzzfeed-webis-2016", "articles.csv"), tmp_path / "corpus" / "buzzfeed.csv")
    whole = toolkit.load(tmp_path / "corpus", progress=False)
    sources = [source for part in scale.partitions(tmp_path / "corpus") for source in part]
    assert len(sources) == 2
    parts = [scale.load_partition((source,), several=True) for source in sources]
    got = pd.concat(parts, ignore_index=True)
    for column in ("source_file", "original_source_file"):
        assert got[column].astype(str).tolist() == whole[column].astype(str).tolist()
    assert set(pd.read_parquet(exported)["source_file"].astype(str)) == {str(polnear), str(allsides)}
    notes = [n for part in parts for s in part.attrs["load_report"].files for n in s.notes]
    assert any("original_source_file" in n for n in notes)
