"""The bundled sample (data/sample) and its ground truth (data/sample-truth.jsonl.gz).

The committed files must be exactly what ``toolkit.sample`` writes, and the ground truth must point at
the right characters of each article: other modules test their extraction against it.
"""
from __future__ import annotations

import csv
import gzip
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.sample import (CSV_HEADER, SAMPLE_CSV, SAMPLE_DIR, SAMPLE_TRUTH, cli_out_dir, generate_articles,
                            read_truth, truth_path_for, write_sample)

REPO = Path(__file__).resolve().parents[2]
ENTITY_KINDS = ("hashtags", "handles", "cashtags", "urls", "emails")
OPEN_MARKS = {"“”": "“", "‘’": "‘", '""': '"', "``''": "``"}
CLOSE_MARKS = {"“”": "”", "‘’": "’", '""': '"', "``''": "''"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with open(SAMPLE_CSV, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def truth() -> dict[str, dict]:
    return read_truth(SAMPLE_TRUTH)


@pytest.fixture(scope="module")
def pairs(rows, truth) -> list[tuple[dict, dict]]:
    return [(row, truth[row["id"]]) for row in rows]


# -- the committed files are the generator's output -----------------------------------------------------

def test_committed_sample_is_reproduced_byte_for_byte(tmp_path):
    out = tmp_path / "sample"
    paths = write_sample(out)  # the defaults are what data/sample was written with
    assert [p.name for p in paths] == ["articles.csv"]
    assert sorted(p.name for p in SAMPLE_DIR.iterdir()) == ["articles.csv"]
    assert paths[0].read_bytes() == SAMPLE_CSV.read_bytes()
    assert truth_path_for(out).read_bytes() == SAMPLE_TRUTH.read_bytes()


def test_command_line_writes_the_same_files(tmp_path):
    out = tmp_path / "corpus"
    proc = subprocess.run([sys.executable, "-m", "toolkit.sample", str(out), "--n-articles", "30", "--seed", "9"],
                          cwd=REPO, capture_output=True, text=True, check=True)
    assert "wrote 1 file(s)" in proc.stderr
    expected = tmp_path / "api"
    write_sample(expected, n_articles=30, seed=9)
    assert (out / "articles.csv").read_bytes() == (expected / "articles.csv").read_bytes()
    assert (tmp_path / "corpus-truth.jsonl.gz").read_bytes() == (tmp_path / "api-truth.jsonl.gz").read_bytes()


def test_command_line_data_folder_means_the_bundled_sample(tmp_path, monkeypatch):
    """``python -m toolkit.sample data/`` (as the issue writes it) regenerates data/sample and its truth in
    data/, instead of scattering data/articles.csv and a ./data-truth.jsonl.gz."""
    monkeypatch.chdir(REPO)
    assert cli_out_dir("data/") == cli_out_dir("data") == cli_out_dir(REPO / "data") == SAMPLE_DIR
    assert truth_path_for(cli_out_dir("data/")) == SAMPLE_TRUTH
    assert cli_out_dir("data/sample") == Path("data/sample")
    assert cli_out_dir(tmp_path / "data") == tmp_path / "data"  # only the bundled sample's folder is special


def test_splitting_over_files_keeps_the_same_rows(tmp_path):
    one = write_sample(tmp_path / "one", n_articles=50, seed=3)
    many = write_sample(tmp_path / "many", n_articles=50, seed=3, n_files=4)
    assert [p.name for p in many] == [f"articles-00{k}.csv" for k in range(1, 5)]

    def read(paths):
        out = []
        for p in paths:
            with open(p, encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                assert next(reader) == CSV_HEADER
                out.extend(reader)
        return out

    split_rows = read(many)
    assert split_rows == read(one)
    assert [int(r[0]) for r in split_rows] == list(range(50))  # the unnamed index runs across files


def test_parallel_generation_writes_the_same_bytes(tmp_path):
    serial = write_sample(tmp_path / "serial", n_articles=600, seed=4, n_files=2)
    parallel = write_sample(tmp_path / "parallel", n_articles=600, seed=4, n_files=2, jobs=2)
    assert [p.read_bytes() for p in parallel] == [p.read_bytes() for p in serial]
    assert truth_path_for(tmp_path / "parallel").read_bytes() == truth_path_for(tmp_path / "serial").read_bytes()


def test_target_size_is_reached_approximately(tmp_path):
    paths = write_sample(tmp_path / "big", n_articles=None, target_mb=0.5, n_files=2, truth=False)
    size = sum(p.stat().st_size for p in paths)
    assert 0.5e6 <= size <= 0.51e6  # stops after the article that reaches the size
    assert not truth_path_for(tmp_path / "big").exists()
    # with both a count and a size, article length is scaled to hit the size
    sized = write_sample(tmp_path / "sized", n_articles=100, target_mb=1.0, truth=False)
    assert 0.8e6 <= sized[0].stat().st_size <= 1.2e6


def test_different_seeds_give_different_corpora():
    a = generate_articles(5, seed=1)
    b = generate_articles(5, seed=2)
    assert [x["content"] for x in a] != [x["content"] for x in b]
    assert generate_articles(5, seed=1) == a


def test_a_failed_run_leaves_no_half_written_files(tmp_path, monkeypatch):
    from toolkit.sample import writer as sample  # the module whose _csv_lines calls _article

    write_sample(tmp_path / "c", n_articles=20, seed=1)
    before = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    real_article = sample._article

    def failing(i, seed, words):
        if i == 15:
            raise RuntimeError("disk full")
        return real_article(i, seed, words)

    monkeypatch.setattr(sample, "_article", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        write_sample(tmp_path / "c", n_articles=20, seed=2)
    assert {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_stale_files_of_another_split_are_refused(tmp_path):
    write_sample(tmp_path / "c", n_articles=30, seed=1, n_files=3, truth=False)
    with pytest.raises(ValueError, match=r"already holds articles-001.csv \(and 2 more\)"):
        write_sample(tmp_path / "c", n_articles=30, seed=1, truth=False)
    write_sample(tmp_path / "c", n_articles=30, seed=5, n_files=3, truth=False)  # same names: overwritten


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match="n_files"):
        write_sample(tmp_path, n_articles=5, n_files=0)
    with pytest.raises(ValueError, match="n_articles, target_mb"):
        write_sample(tmp_path, n_articles=None)


# -- the CSV looks like All the News ----------------------------------------------------------------------

def test_csv_layout_is_all_the_news(rows):
    with open(SAMPLE_CSV, encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == CSV_HEADER
    assert SAMPLE_CSV.read_bytes().startswith(b",id,title,publication,author,date,year,month,url,content\r\n")
    assert len(rows) == 2000
    assert [int(r[""]) for r in rows] == list(range(len(rows)))
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        year, month, day = map(int, r["date"].split("-"))
        assert r["year"] == f"{year}.0" and r["month"] == f"{month}.0"
        assert r["content"].strip() and r["title"].strip() and r["publication"]


def test_sample_has_the_promised_spread(rows):
    pubs = Counter(r["publication"] for r in rows)
    assert len(pubs) >= 8
    assert min(pubs.values()) >= 30
    assert len({r["date"][:7] for r in rows}) >= 12
    for pub in pubs:
        authors = {r["author"] for r in rows if r["publication"] == pub and r["author"]}
        assert len(authors) >= 3, pub
    assert any(" and " in r["author"] for r in rows)
    assert 0 < sum(not r["author"] for r in rows) < len(rows) * 0.1
    assert 0 < sum(not r["url"] for r in rows) < len(rows)
    assert all(r["url"].startswith("https://") for r in rows if r["url"])
    size = SAMPLE_CSV.stat().st_size
    assert 1e6 < size < 8e6
    words = [len(r["content"].split()) for r in rows]
    assert 150 <= sorted(words)[len(words) // 20] and sorted(words)[-len(words) // 20] <= 450


def test_half_raw_half_ptb(pairs):
    styles = Counter(t["style"] for _, t in pairs)
    assert set(styles) == {"raw", "ptb"}
    assert 0.4 <= styles["ptb"] / len(pairs) <= 0.6


def test_raw_and_ptb_texts_look_different(pairs):
    raw = " ".join(r["content"] for r, t in pairs if t["style"] == "raw")
    ptb = " ".join(r["content"] for r, t in pairs if t["style"] == "ptb")
    for marker in ("don’t", "’s ", "“", "—", "http", "#", "@", "$"):
        assert marker in raw, marker
    for marker in (" n’t ", " ’s ", " n't ", " 's ", "# ", "$ ", "``", "''", " : //", "pic . twitter . com / "):
        assert marker in ptb, marker
    assert " n’t " not in raw and "pic . twitter" not in raw
    assert re.search(r"\b(\w+) \1 said\b", ptb), "coreference artefact like 'Trump Trump said'"
    assert re.search(r"\b([A-Z]\w+) \1\b", ptb)


def test_publications_differ_in_style(pairs):
    def per_article(pub, key):
        arts = [t for r, t in pairs if r["publication"] == pub]
        return sum(len(t[key]) for t in arts) / len(arts)

    assert per_article("Breitbart", "embedded_tweets") > 3 * per_article("Reuters", "embedded_tweets")
    assert per_article("Business Insider", "cashtags") > 3 * per_article("Atlantic", "cashtags")
    guardian_raw = [t for r, t in pairs if r["publication"] == "Guardian" and t["style"] == "raw"]
    assert Counter(t["marks"] for t in guardian_raw).most_common(1)[0][0] == "‘’"


# -- the ground truth ----------------------------------------------------------------------------------

def test_truth_covers_every_article_once(rows, truth):
    assert set(truth) == {r["id"] for r in rows}
    assert len(truth) == len(rows)
    assert list(truth) == [r["id"] for r in rows]  # read_truth keeps the file order


def test_truth_file_is_reproducible_gzip(tmp_path):
    assert SAMPLE_TRUTH.name == "sample-truth.jsonl.gz" and truth_path_for(SAMPLE_DIR) == SAMPLE_TRUTH
    write_sample(tmp_path / "a", n_articles=40, seed=2)
    write_sample(tmp_path / "b", n_articles=40, seed=2)
    first, second = truth_path_for(tmp_path / "a"), truth_path_for(tmp_path / "b")
    data = first.read_bytes()
    assert data == second.read_bytes()  # two writes, same bytes
    assert data[:3] == b"\x1f\x8b\x08" and data[3] == 0  # gzip, deflate, no flags (no file name)
    assert data[4:8] == b"\0\0\0\0"  # mtime 0
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [a["id"] for a in generate_articles(40, seed=2)]
    assert list(read_truth(first)) == [json.loads(line)["id"] for line in lines]


def check_quotes(content: str, t: dict) -> Counter:
    """Every recorded quotation sits between the article's marks; return counts by kind."""
    kinds: Counter = Counter()
    opening, closing = OPEN_MARKS[t["marks"]], CLOSE_MARKS[t["marks"]]
    last_end = -1
    for q in t["quotes"]:
        kinds[q["kind"]] += 1
        kinds["multi"] += q["multi_paragraph"]
        assert content[q["start"]:q["end"]] == q["text"], (t["id"], q)
        assert q["start"] > last_end  # in order, no overlap
        last_end = q["end"]
        before = content[:q["start"]].rstrip(" ")
        after = content[q["end"]:].lstrip(" ")
        assert before.endswith(opening) and after.startswith(closing), (t["id"], q)
        assert q["text"] == q["text"].strip()
        assert [q["paragraphs"][0][0], q["paragraphs"][-1][1]] == [q["start"], q["end"]]
        if q["multi_paragraph"]:
            assert len(q["paragraphs"]) >= 2
            for (_, end), (start, _) in zip(q["paragraphs"], q["paragraphs"][1:]):
                gap = content[end:start]  # paragraph break, then the reopening mark, no closing one
                assert "\n" in gap and gap.strip() == opening
        else:
            assert q["paragraphs"] == [[q["start"], q["end"]]] and "\n" not in q["text"]
        if q["kind"] == "scare":
            assert q["speaker"] is None and 1 <= len(q["text"].split()) <= 3
        else:
            assert q["speaker"] and content[q["speaker_start"]:q["speaker_end"]] == q["speaker"]
    assert kinds["speech"] >= 1, t["id"]
    return kinds


def check_stray_marks(content: str, t: dict) -> int:
    """Stray marks are single quote characters glued to one word, inside no quotation."""
    spans = [(q["start"], q["end"]) for q in t["quotes"]]
    for pos in t["stray_marks"]:
        assert t["style"] == "ptb"
        assert content[pos] in '"“”'
        glued_right = content[pos + 1].isalpha() and content[pos - 1] == " "
        glued_left = content[pos - 1].isalpha() and content[pos + 1] == " "
        assert glued_right or glued_left, content[pos - 20:pos + 20]
        assert not any(s <= pos < e for s, e in spans)
    return len(t["stray_marks"])


def check_entities(content: str, t: dict) -> Counter:
    """Entity spans show the entity with its sigil; no unrecorded hashtag/handle/cashtag exists."""
    totals: Counter = Counter()
    assert set(t["spans"]) == set(ENTITY_KINDS)
    for kind in ENTITY_KINDS:
        assert len(t[kind]) == len(t["spans"][kind])
        starts = [s for s, _ in t["spans"][kind]]
        assert starts == sorted(starts)
        totals[kind] += len(t[kind])
        for value, (start, end) in zip(t[kind], t["spans"][kind]):
            surface = content[start:end]
            if kind == "hashtags":
                assert surface in (f"#{value}", f"# {value}") and re.search(r"[A-Za-z]", value)
            elif kind == "handles":
                assert surface in (f"@{value}", f"@ {value}") and re.fullmatch(r"\w{1,15}", value)
            elif kind == "cashtags":
                assert surface in (f"${value}", f"$ {value}") and re.fullmatch(r"[A-Z]{1,6}", value)
                assert content[start - 1] in " \n"  # twitter-text: a cashtag follows whitespace
            elif kind == "urls":
                assert surface.replace(" : //", "://").replace(" . ", ".").replace(" / ", "/") == value
                assert value.startswith(("http://", "https://", "pic.twitter.com/"))
            else:
                assert surface == value and re.fullmatch(r"[\w.]+@[\w.]+\.\w+", value)
                assert content[start - 1] in " \n"  # an email, not a handle after a word
        if t["style"] == "raw":
            assert all(" " not in content[s:e] for s, e in t["spans"][kind])
    # every sigil followed by a name, outside URLs, is a recorded entity
    for start, end in t["spans"]["urls"]:  # a # or @ inside a URL is not an entity
        content = content[:start] + " " * (end - start) + content[end:]
    assert re.findall(r"#\s?([A-Za-z]\w*)", content) == t["hashtags"], t["id"]
    assert re.findall(r"\$\s?([A-Z]{1,6})\b", content) == t["cashtags"], t["id"]
    assert [m.group(1) for m in re.finditer(r"(?<![\w.])@\s?(\w+)", content)] == t["handles"], t["id"]
    return totals


def check_tweets(content: str, t: dict, article_date: str) -> int:
    """Each embedded tweet: its text and its signature "— Name (@handle) Month D, YYYY" where recorded."""
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    for tw in t["embedded_tweets"]:
        assert content[tw["text_start"]:tw["text_end"]] == tw["text"]
        assert tw["start"] == tw["text_start"] and tw["end"] > tw["text_end"]
        signature = content[tw["text_end"]:tw["end"]]
        y, m, d = map(int, tw["date"].split("-"))
        if t["style"] == "raw":
            assert signature == f" — {tw['author']} (@{tw['handle']}) {months[m - 1]} {d}, {y}"
        else:
            assert signature in (f" — {tw['author']} ( @{tw['handle']} ) {months[m - 1]} {d} , {y}",
                                 f" — {tw['author']} ( @ {tw['handle']} ) {months[m - 1]} {d} , {y}")
        assert tw["date"] <= article_date
        assert content[tw["end"]:tw["end"] + 1] in ("", "\n")  # a tweet ends its paragraph
        assert tw["handle"] in t["handles"]
    return len(t["embedded_tweets"])


def test_quote_offsets_point_at_the_quoted_text(pairs):
    kinds = sum((check_quotes(row["content"], t) for row, t in pairs), Counter())
    assert kinds["speech"] > 4000 and kinds["scare"] > 500 and kinds["multi"] > 100


def test_every_attribution_form_occurs(pairs):
    text = "\n".join(r["content"] for r, _ in pairs)
    for cue in (r"[”'\"] \w+ said", r"said \w+", r"according to \w+", r"told reporters"):
        assert re.search(cue, text), cue


def test_stray_marks_are_lone_marks_glued_to_a_word(pairs):
    assert sum(check_stray_marks(row["content"], t) for row, t in pairs) > 100


def test_entities_appear_in_content_with_their_sigil(pairs):
    totals = sum((check_entities(row["content"], t) for row, t in pairs), Counter())
    for kind in ENTITY_KINDS:
        assert totals[kind] > 200, kind


def test_embedded_tweets(pairs):
    assert sum(check_tweets(row["content"], t, row["date"]) for row, t in pairs) > 500


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**40), words=st.sampled_from([(20, 60), (150, 400), (800, 1200)]))
def test_truth_is_exact_for_any_seed_and_length(seed, words):
    for art in generate_articles(4, seed=seed, words=words):
        t = art["truth"]
        assert t["id"] == art["id"] and t["style"] in ("raw", "ptb")
        check_quotes(art["content"], t)
        check_stray_marks(art["content"], t)
        check_entities(art["content"], t)
        check_tweets(art["content"], t, art["date"])


def test_read_truth_reports_bad_lines(tmp_path):
    bad = tmp_path / "truth.jsonl"
    bad.write_text('{"id": "1"}\n{"id": "2"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"truth.jsonl, line 2: not valid JSON"):
        read_truth(bad)
    bad.write_text('{"id": "1"}\n\n{"id": "1"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 3: duplicate article id '1'"):
        read_truth(bad)
    bad.write_text('[1, 2]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 1: .*'id'"):
        read_truth(bad)
    # the same messages, naming the file and line, for gzip-compressed truth
    bad_gz = tmp_path / "truth.jsonl.gz"
    bad_gz.write_bytes(gzip.compress('{"id": "1"}\n{"id": "2"\n'.encode("utf-8")))
    with pytest.raises(ValueError, match=r"truth.jsonl.gz, line 2: not valid JSON"):
        read_truth(bad_gz)
    bad_gz.write_bytes(gzip.compress(b'{"id": "1"}\n{"id": "2"}\n')[:-6])  # truncated
    with pytest.raises(ValueError, match=r"truth.jsonl.gz: not a valid gzip file"):
        read_truth(bad_gz)


def test_toolkit_load_reads_the_sample_completely(rows):
    import toolkit

    df = toolkit.load(SAMPLE_DIR, progress=False)
    report = df.attrs["load_report"]
    assert len(df) == len(rows) == 2000
    assert report.to_frame().empty  # nothing skipped or repaired
    assert df["id"].astype(str).tolist() == [r["id"] for r in rows]
    assert df["content"].tolist() == [r["content"] for r in rows]
    assert df["publication"].nunique() >= 8 and df["date"].notna().all()


def test_readme_example_is_the_committed_truth(truth):
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    example = json.loads(readme.split("```json\n", 1)[1].split("```", 1)[0])
    assert example == truth[example["id"]]


# -- the default corpus outside a checkout (an installed wheel) ------------------------------------------

@pytest.fixture
def no_checkout(tmp_path, monkeypatch) -> Path:
    """Pretend to run from an installed wheel: no data/sample, the cache in a fresh folder."""
    from toolkit.sample import cache

    monkeypatch.setattr(cache, "_checkout_sample", lambda: None)
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "sample"


def test_the_generator_fingerprint_reads_every_module_that_writes_the_sample():
    """A cached copy is checked against the generator's source: every generating module must be in it
    (prose.py and lexicon.py were not, when they came in)."""
    from toolkit.sample import cache

    generating = {name for name in sys.modules if name.startswith("toolkit.sample.")
                  and name.rsplit(".", 1)[1] not in ("cache", "cli", "__main__")}
    assert {module.__name__ for module in cache.GENERATOR_MODULES} == generating


def test_default_corpus_in_a_checkout_is_the_bundled_sample():
    from toolkit.sample import default_corpus

    assert default_corpus() == SAMPLE_CSV


def test_default_corpus_outside_a_checkout_is_generated_byte_for_byte(no_checkout):
    from toolkit.sample import default_corpus, sample_cache_dir

    assert sample_cache_dir() == no_checkout
    path = default_corpus()
    assert path == no_checkout / "articles.csv"
    assert path.read_bytes() == SAMPLE_CSV.read_bytes()
    assert sorted(p.name for p in no_checkout.parent.iterdir()) == ["sample"]  # no temporary folder left
    mtime = path.stat().st_mtime_ns
    assert default_corpus() == path and path.stat().st_mtime_ns == mtime  # reused, not rewritten


@pytest.mark.parametrize("damage", ["truncate", "flip", "manifest", "delete"])
def test_a_damaged_cached_sample_is_regenerated(no_checkout, damage):
    from toolkit.sample import default_corpus
    from toolkit.sample.cache import MANIFEST_NAME

    path = default_corpus()
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[:-100])
    elif damage == "flip":  # same size, one character changed
        path.write_bytes(data[:5000] + (b"x" if data[5000:5001] != b"x" else b"y") + data[5001:])
    elif damage == "manifest":
        (no_checkout / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    else:
        path.unlink()
    assert default_corpus() == path
    assert path.read_bytes() == SAMPLE_CSV.read_bytes()
    assert sorted(p.name for p in no_checkout.parent.iterdir()) == ["sample"]


def test_an_unwritable_cache_folder_is_named_in_the_error(no_checkout, tmp_path, monkeypatch):
    from toolkit.sample import default_corpus

    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(blocker))  # the cache folder would be inside a file
    with pytest.raises(OSError, match=re.escape(str(blocker / "sample")) + ".*TOOLKIT_CACHE_DIR"):
        default_corpus()
