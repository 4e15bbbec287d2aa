"""The compiled scanner ``toolkit.text._native._scan`` gives exactly the results of its Python definitions.

Every compiled function is compared with its pure-Python twin (the regular expressions and loops it
replaces; the pairs are ``toolkit.text._native.twins.TWINS``) on the real corpora in
``../shared/data/external/``, on the bundled sample, on PTB-normalised versions of both, and on random
Unicode built to hit the hard cases; the whole toolkit is also run once with ``TOOLKIT_PURE_PYTHON=1``
and must give the same features on the sample.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.external import external_file
from toolkit._parallel import fork_map, shared
from toolkit.text import _native as native
from toolkit.text import entities as entity_module
from toolkit.text import quotations as quote_module
from toolkit.text import segments, word_pairs
from toolkit.text._native.twins import TWINS
from toolkit.text.patterns import PTB_SPACED_URL_RE
from toolkit.text.tokens import normalize_text

csv.field_size_limit(1 << 30)
REPO = Path(__file__).resolve().parents[2]
SAMPLE_CSV = REPO / "data" / "sample" / "articles.csv"

pytestmark = pytest.mark.skipif(not native.NATIVE, reason="the compiled scanner is not in use "
                                "(TOOLKIT_PURE_PYTHON is set); the pure-Python path is the reference itself")


def _csv_texts(path: Path, column: str) -> list[str]:
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        return [row[column] or "" for row in csv.DictReader(fh)]


def _real_texts() -> list[str]:
    # every second article of AllSides' raw sample (2,228 of 4,456, 13 MB of this list's 32 MB): the whole
    # file made this the suite's slowest test (the references run at 1-5 MB/s); every article of it is
    # still built into an index and checked against the definitions in tests/index/test_build_terms.py
    texts = _csv_texts(external_file("allsides-article-bias", "articles_sample.csv"), "content_original")[::2]
    texts += _csv_texts(external_file("allsides-article-bias", "content_tokenized_subset.csv"), "content")
    texts += _csv_texts(external_file("polnear", "polnear_articles.csv"), "content")
    texts += _csv_texts(external_file("fakenewscorpus-sample", "news_sample.csv"), "content")
    texts += _csv_texts(external_file("buzzfeed-webis-2016", "articles.csv"), "mainText")
    texts += [p.read_text(encoding="utf-8", errors="replace")
              for p in sorted(external_file("ggt-quote-eval", "rawtext").rglob("*.txt"))]
    for name in ("mayweather-mcgregor_tweets.csv", "twitter-ratio_realDonaldTrump.csv"):
        texts += _csv_texts(external_file("fivethirtyeight-tweets", name), "text")
    texts += external_file("lee-abc-news", "lee_background.cor").read_text(encoding="utf-8").splitlines()
    return texts


def _url_matches(text: str, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """What the regions are for: the ``PTB_SPACED_URL_RE`` matches found inside them."""
    return [m.span() for lo, hi in windows for m in PTB_SPACED_URL_RE.finditer(text, lo, hi)]


def _answered_or_asked(text: str, found: tuple) -> tuple:
    """social_spans' answers in raw and PTB style, each kind it left to the regexes (None) filled in by them:
    what the toolkit uses (its reference always answers, so equality checks every compiled answer)."""
    filled = []
    for ptb, answer in zip((False, True), found):
        rules = entity_module.py_social_spans(text, ptb, 7) if None in answer else answer
        filled.append(tuple(rule if spans is None else spans for spans, rule in zip(answer, rules)))
    return tuple(filled)


#: how to compare results whose contract is weaker than equality
COMPARE = {
    "quote_pairs": lambda text, r: (list(r[0]), r[1], r[2]),
    # the compiled one may leave a kind to the regexes (non-ASCII next to a sign, a PTB-spaced `@ name`)
    "social_spans": _answered_or_asked,
    # the compiled regions are smaller than the whole text, and must hold the same matches
    "spaced_url_windows": _url_matches,
}
#: functions only ever given the article as loaded (not the PTB-normalised text)
RAW_INPUT_ONLY = {"segment_keys", "pair_signatures", "social_spans"}
#: functions only ever given normalize_text()'s output (the token scanner's input)
NORMALISED_INPUT_ONLY = {"tokens", "token_stats", "term_counts"}
#: how to call a function that takes a list of texts (tests/index/test_build_terms.py compares whole chunks)
CALL = {"term_counts": lambda function, text: function([text]),
        "segment_keys": lambda function, text: function([text], 3, 600),     # other limits: test_segments.py
        "pair_signatures": lambda function, text: function([text]),
        "social_spans": lambda function, text: (function(text, False, 7), function(text, True, 7))}


def _mismatches(bounds: tuple[int, int]) -> list[str]:
    """The first mismatch of each twin pair over ``shared()`` texts ``[lo, hi)`` (a fork_map task)."""
    texts, where, names = shared()
    lo, hi = bounds
    mismatches = []
    for name, (fast, reference) in TWINS.items():
        assert fast is not None, f"toolkit.text._native._scan has no {name}()"
        if name not in names:
            continue
        compare = COMPARE.get(name, lambda text, result: result)
        call = CALL.get(name, lambda function, text: function(text))
        for i in range(lo, hi):
            text = texts[i]
            got, want = compare(text, call(fast, text)), compare(text, call(reference, text))
            if got != want:
                mismatches.append(f"{name} on {where}[{i}] {text[:80]!r}: compiled {str(got)[:120]} "
                                  f"!= python {str(want)[:120]}")
                break
    return mismatches


def _assert_twins_agree(texts: list[str], where: str, names: "set[str] | None" = None) -> None:
    """Every twin pair (or those in ``names``) equal on every text; big lists are compared on two forked
    processes."""
    names = set(TWINS) if names is None else names
    jobs = 2 if len(texts) > 2_000 else 1
    step = -(-len(texts) // jobs) if texts else 1
    tasks = [(lo, min(lo + step, len(texts))) for lo in range(0, len(texts), step)] or [(0, 0)]
    found = [m for part in fork_map(_mismatches, tasks, jobs, shared=(texts, where, names)) for m in part]
    assert not found, "\n".join(found)


def _assert_twins_agree_as_used(texts: list[str], where: str) -> None:
    """Every twin pair on the inputs the toolkit gives it: the texts as loaded, their normalised forms."""
    normalised = [normalize_text(t) for t in texts]
    _assert_twins_agree(texts, where, set(TWINS) - NORMALISED_INPUT_ONLY)
    _assert_twins_agree(normalised, f"normalised {where}", NORMALISED_INPUT_ONLY)
    changed = [n for n, t in zip(normalised, texts) if n != t]   # the others' raw pass saw the unchanged ones
    _assert_twins_agree(changed, f"changed normalised {where}", set(TWINS) - NORMALISED_INPUT_ONLY - RAW_INPUT_ONLY)


def test_compiled_scanner_is_built_and_in_use():
    # the install compiles it (setup.py); a silent fallback to the slow path would hide a broken build
    assert native.NATIVE and native.scan_tokens is native.compiled("tokens")
    assert quote_module._counts is native.compiled("quote_counts")


def test_the_twin_table_pairs_every_compiled_function_the_toolkit_uses():
    used = {"tokens": native.scan_tokens, "token_stats": native.token_stats, "term_counts": native.term_counts,
            "ptb_join": native.ptb_join,
            "straighten": native.straighten, "style_counts": native.style_counts,
            "url_chunks": native.url_chunks, "spaced_url_windows": native.spaced_url_windows,
            "quote_pairs": quote_module._pairs, "quote_counts": quote_module._counts,
            "segment_keys": segments.segment_keys, "pair_signatures": word_pairs.pair_signatures,
            "social_spans": entity_module._compiled_spans}
    assert set(TWINS) == set(used)
    for name, (fast, reference) in TWINS.items():
        assert fast is native.compiled(name) is used[name] and callable(reference), name


@pytest.mark.slow
def test_words_only_tokens_agree_on_the_sample_and_real_text():
    fast, reference = TWINS["tokens"]
    texts = _csv_texts(SAMPLE_CSV, "content")[:800] + _real_texts()[:3000]
    for text in [normalize_text(t) for t in texts]:     # the scanner's input (NORMALISED_INPUT_ONLY)
        assert fast(text, True) == reference(text, True), text[:200]


def test_twins_agree_on_the_bundled_sample_raw_and_normalised():
    _assert_twins_agree_as_used(_csv_texts(SAMPLE_CSV, "content"), "sample")


@pytest.mark.slow
def test_twins_agree_on_real_news_tweets_and_ptb_text():
    texts = _real_texts()
    assert len(texts) > 10_000
    _assert_twins_agree_as_used(texts, "real")


# fragments that steer random text into every branch of the scanner
FRAGMENTS = [
    "a", "Z", "é", "ſ", "K", "İ", "²", "٣", "_", "0", "42", "1,000", "12:30", "7/20/2016", "-5", "+3",
    " ", "  ", "\n", "\n\n", "\t", "\xa0", "\u2028", "\u200d", "\U0001F3FB", "\U0001F600", "\U0001F1FA\U0001F1F8",
    ".", "...", ". . .", ",", ";", ":", "!", "?", "'", '"', "(", ")", "[", "]", "-", "—", "–", "…", "/", "@", "#",
    "$", "%", "&", "*", "＃", "＠", "’", "‘", "“", "”", "``", "''", "‘‘", "’’",
    "http://", "https://", "www.", "www2.", ".com", ". com", " .com", "com /", ".org", "t.co/", "co.uk",
    "@x.com", "ab@cd.ef", "U.S.", "U.S .", "e-mail", "n't", " n't", " n’t", "'s", " 's ", " ’s ", " ' s",
    "# a", "$ AB", "$ ABCDEFG", "( @ x", "( ＠ y", "can not", "Can not", "gon na", "wan na", "O '", "D 'A",
    "p.m .", "6'2\"", " s ", " t ", "re ", "LL", "students’ ", "word", "Word", "pic . twitter . com / AbC",
    "\r\n", "\f", "\u2009", "\u202f", ".” ", "?) ", "Σ", "ΣΑΣ ", "Click Here For More. ", "all rights reserved",
    # the sign tokens' branches (toolkit/text/_native/_social_tokens.h)
    "RT", "rT", "&", "\u0301", "\uFE0F", "\u20E3", "·", "http", "HTTPS", "://", "abcdefghijklmnopqrstu", "/list",
    "【", "】", "ő", "\x1f", "$ab.cd", "$AB_x", ".$", "@@", "##",
    # word-pair signatures: the characters RE2 folds to ASCII letters, words glued by _ and digits
    "\u017f", "\u212a", "a_b", "x9",
]
random_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.characters(blacklist_categories=["Cs"])),
                       max_size=40).map("".join)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=random_text)
def test_twins_agree_on_random_unicode(text):
    _assert_twins_agree([text], "random")


#: every context of a sign the social_spans rules tell apart: before it, the sign, a space or not, a name, after it
SIGN_CONTEXTS = (
    ["", " ", "a", "&", "é", "\uFE0F", "(", "RT", " RT", ".RT", "_", "\xa0", "x ", "$", "@", "#", "…", "’", "・"],
    ["#", "@", "$", "＃", "＠"],
    ["", " "],
    ["a", "AB", "ab_c", "1", "1a", "_1", "abcdefg", "ABCDEF", "ab.cd", "AB.C", "AB_x", "AB.", "x" * 21, "x" * 20,
     "MAGAhttps", "MAGAhttp", "1https", "ab/list", "ab/1", "é", "aé", "Ab", "A", "\uFE0F", "\u20E3"],
    ["", " ", "#", "@", "://", "”", "’", "“", "‘", "é", "$", ".", "x", "\u0301", "/x", "\n", "\xa0", "_", "5", "'", "…",
     "—", "・", "\u200c"],
)


def test_social_spans_agree_with_the_rules_in_every_sign_context():
    import itertools
    fast, _ = TWINS["social_spans"]
    texts = ["".join(parts) for parts in itertools.product(*SIGN_CONTEXTS)]     # ~120,000
    answered = 0
    for text in texts:
        got = (fast(text, False, 7), fast(text, True, 7))
        want = tuple(entity_module.py_social_spans(text, ptb, 7) for ptb in (False, True))
        assert _answered_or_asked(text, got) == want, text
        answered += sum(kind is not None for answer in got for kind in answer)
    assert answered > 0.8 * 6 * len(texts)     # the compiled rules decide most cases themselves
    fast_tokens, reference_tokens = TWINS["tokens"]     # the scanner's sign tokens share the rules (normalised input)
    for text in {normalize_text(t) for t in texts if any(c in t for c in "…—\xa0・")}:
        assert fast_tokens(text) == reference_tokens(text), text


def test_pure_python_mode_gives_the_same_features_and_index_on_the_sample():
    script = (
        "import json, sys, toolkit\n"
        "from toolkit.text import _native as native\n"
        "df = toolkit.load(sys.argv[1], progress=False).iloc[::4]\n"
        "table = toolkit.features(df, n_jobs=1)\n"
        "idx = toolkit.CorpusIndex.build(df.reset_index(drop=True), progress=False, n_jobs=1)\n"
        "matrices = {kind: [m.vocab.tolist(), m.X.indptr.tolist(), m.X.indices.tolist(), m.X.data.tolist()]\n"
        "            for kind, m in idx.matrices.items()}\n"
        "print(json.dumps({'native': native.NATIVE, 'rows': table.round(12).values.tolist(),\n"
        "                  'tokens': [toolkit.tokenize(t, lowercase=True, drop_punct=True)\n"
        "                             for t in df.content.iloc[:200].fillna('')], 'index': matrices}))\n"
    )
    runs = {}
    for mode in ("0", "1"):
        env = dict(os.environ, TOOLKIT_PURE_PYTHON=mode)
        out = subprocess.run([sys.executable, "-c", script, str(SAMPLE_CSV)], env=env, cwd=REPO,
                             capture_output=True, text=True, check=True).stdout
        runs[mode] = json.loads(out)
    assert runs["0"]["native"] is True and runs["1"]["native"] is False
    assert runs["0"]["rows"] == runs["1"]["rows"] and len(runs["0"]["rows"]) == 500
    assert runs["0"]["tokens"] == runs["1"]["tokens"]
    # the index: terms from term_counts, furniture from segment_keys (or their twins)
    assert runs["0"]["index"]["boilerplate_segments"][0], "the sample's furniture is found"
    assert runs["0"]["index"] == runs["1"]["index"]
