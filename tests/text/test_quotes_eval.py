"""Quotation finding measured against annotated quotations: precision, recall, kind and speaker accuracy.

Run with ``-s`` to see the figures. A predicted quotation *matches* a gold one when their character
spans overlap (the annotations differ on whether the marks, or a trailing attribution, are part of the
span, so exact offsets would measure annotation conventions, not quotation finding).

Data sets:

- the bundled sample (``data/sample``): its generator records every quotation it writes (exact span,
  kind, speaker, paragraphs) and every stray mark, so spans must match *exactly* there.

Real annotated data (see each folder's SOURCE.md):

- ggt-quote-eval: 97 Canadian articles (the 98th has a broken annotation cell); annotators marked all reported speech, so the gold set is the
  quotes starting with a quote mark. Scare quotes are not reported speech, so precision is measured on
  our ``speech`` quotations and recall on all of them.
- polnear (dev + test): attribution relations; gold = Content spans starting with a quote mark. A direct
  quotation inside an indirect Content (``said that it was “a disaster”``) is a real quotation whose
  Content starts with ``that``, so precision counts a ``speech`` prediction as right when it overlaps any
  Content holding a quote mark.
- buzzfeed-webis-2016: quote spans recorded with the corpus; gold = spans enclosed by quote marks.
  Those spans were not checked by hand (some lie *between* two quotations), so floors are lower.

Floors sit a little under the measured figures (noted beside each assert). What keeps precision below 1
on the real data, from reading samples of the misses: real quotations the annotation leaves out (partial
quotes of documents, slogans, quotations without a speech verb) more than wrong pairing.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tests.external import external_file
from toolkit.sample import SAMPLE_TRUTH, read_truth
from toolkit.text.quotations import Quote, find_quotes

csv.field_size_limit(1 << 30)

Span = tuple[int, int]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Score:
    """Overlap-matched precision and recall, summed over articles."""

    name: str
    predicted: int = 0
    predicted_right: int = 0
    gold: int = 0
    gold_found: int = 0

    def add(self, predicted: list[Span], right: list[Span], gold: list[Span],
            recalled_by: list[Span]) -> None:
        """A ``predicted`` span is right when it overlaps a ``right`` span; a ``gold`` span is found
        when a ``recalled_by`` span overlaps it."""
        self.predicted += len(predicted)
        self.predicted_right += sum(any(_overlaps(p, g) for g in right) for p in predicted)
        self.gold += len(gold)
        self.gold_found += sum(any(_overlaps(p, g) for p in recalled_by) for g in gold)

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold

    def report(self) -> str:
        return (f"{self.name}: precision {self.precision:.3f} ({self.predicted_right}/{self.predicted}), "
                f"recall {self.recall:.3f} ({self.gold_found}/{self.gold})")


_TITLES = re.compile(r"\b(?:mr|mrs|ms|dr|sen|rep|gov|lt|prof|gen)\.?\s+", re.I)


def _norm(name: str) -> str:
    """Lower case, letters only, without a title (``Mr. Hawes`` names ``Mike Hawes``)."""
    return re.sub(r"[^a-z ]", "", _TITLES.sub("", name).lower()).strip()


def _same_speaker(predicted: str, gold: list[str]) -> bool:
    """A predicted speaker is right when it names the gold speaker (``Smith`` for ``John Smith``)."""
    p = _norm(predicted)
    p_words = set(p.split()) - {"the", "a", "an"}
    for g in map(_norm, gold):
        if p and g and (p == g or p in g or g in p or (p_words and p_words <= set(g.split()))):
            return True
    return False


PRONOUNS = {"he", "she", "they", "we", "i", "it"}


@dataclass
class SpeakerScore:
    """Of the matched gold quotations, how many got a speaker, and how many of those are right.

    A predicted pronoun can only be checked against a gold *mention*; when the annotators recorded just
    the resolved person (a second quotation after ``“…,” he said.``), it is left out of the count.
    """

    matched: int = 0
    named: int = 0
    right: int = 0
    unchecked: int = 0

    def add(self, predicted: Quote | None, gold_names: list[str]) -> None:
        if predicted is None:
            return
        self.matched += 1
        if predicted.speaker is None:
            return
        gold_names = [g for g in gold_names if g]
        if predicted.speaker.lower() in PRONOUNS and not any(g.lower() in PRONOUNS for g in gold_names):
            self.unchecked += 1
            return
        self.named += 1
        self.right += _same_speaker(predicted.speaker, gold_names)

    def report(self, name: str) -> str:
        return (f"{name} speakers: given for {self.named + self.unchecked}/{self.matched} matched "
                f"quotations; of the {self.named} checkable, right {self.right} "
                f"= {self.right / self.named:.3f}")


def _first_match(found: list[Quote], span: Span) -> Quote | None:
    return next((q for q in found if _overlaps(q.span_with_marks, span)), None)


# --- the bundled sample and its recorded truth ------------------------------------------------------

def test_sample_ground_truth(repo_root):
    truth = read_truth(SAMPLE_TRUTH)
    with open(repo_root / "data" / "sample" / "articles.csv", newline="", encoding="utf-8") as f:
        contents = {r["id"]: r["content"] for r in csv.DictReader(f)}
    assert contents.keys() == truth.keys()

    predicted = exact = gold_n = 0
    kind_right = speaker_right = speakers = multi_right = stray_found = stray_n = 0
    for art_id, text in contents.items():
        result = find_quotes(text)
        found = {(q.start, q.end): q for q in result.quotes}
        gold = truth[art_id]["quotes"]
        predicted += len(found)
        gold_n += len(gold)
        for g in gold:
            q = found.get((g["start"], g["end"]))
            if q is None:
                continue
            exact += 1
            kind_right += q.kind == g["kind"]
            multi_right += (q.paragraphs > 1) == g["multi_paragraph"]
            if g["speaker"] is not None:
                speakers += 1
                speaker_right += q.speaker == g["speaker"]
        stray = truth[art_id]["stray_marks"]
        stray_n += len(stray)
        stray_found += len(set(stray) & set(result.unmatched))
    precision, recall = exact / predicted, exact / gold_n
    print(f"\nsample truth: exact-span precision {precision:.4f}, recall {recall:.4f} ({exact}/{predicted} "
          f"predicted, {gold_n} true); kind {kind_right / exact:.4f}; "
          f"multi-paragraph {multi_right / exact:.4f}; "
          f"speaker {speaker_right / speakers:.4f} ({speaker_right}/{speakers}); "
          f"stray marks reported {stray_found}/{stray_n}")
    # every template of the generator is one of the documented rules, so all but a handful must be right
    assert gold_n > 10_000 and stray_n > 100
    assert precision >= 0.995 and recall >= 0.995
    assert kind_right >= 0.99 * exact and multi_right >= 0.99 * exact
    assert speaker_right >= 0.98 * speakers
    assert stray_found == stray_n


# --- ggt-quote-eval ----------------------------------------------------------------------------------

GGT_MALFORMED = "5c3e27a31e67d78e27f27b38"


def test_ggt_quote_eval():
    with open(external_file("ggt-quote-eval", "annotation_table.csv"), newline="", encoding="utf-8") as f:
        bodies = {re.sub(r"\W|ObjectId", "", r["_id"]): r["articleBodyText"] for r in csv.DictReader(f)}
    del bodies[GGT_MALFORMED]           # its annotation cell is not valid JSON: no gold quotes known
    gold: dict[str, list[dict]] = defaultdict(list)
    with open(external_file("ggt-quote-eval", "quotes.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["starts_with_quote_mark"] == "1" and row["found_start"]:
                gold[row["article_id"]].append(row)

    score, speakers = Score("ggt-quote-eval"), SpeakerScore()
    for article in bodies:               # an article without direct quotations counts too
        rows = gold[article]
        found = find_quotes(bodies[article]).quotes
        spans = [(int(r["found_start"]), int(r["found_end"])) for r in rows]
        speech = [q.span_with_marks for q in found if q.kind == "speech"]
        everything = [q.span_with_marks for q in found]
        score.add(speech, spans, spans, everything)
        for row, span in zip(rows, spans):
            mention = row["speaker"]
            names = [mention, row["reference"]] if mention else [row["reference"]]
            speakers.add(_first_match(found, span), names)
    print("\n" + score.report() + "\n" + speakers.report("ggt-quote-eval"))
    assert len(bodies) == 97
    assert score.recall >= 0.97          # measured 0.999
    assert score.precision >= 0.93       # measured 0.945 (0.816 before kinds came from sentence position)
    # issue 12's targets: a speaker for >= 90% of matched quotations, right for >= 95% of the checkable ones
    assert speakers.named + speakers.unchecked >= 0.90 * speakers.matched   # measured 0.904 (0.71, then 0.79)
    assert speakers.right >= 0.95 * speakers.named                          # measured 0.967


# --- PolNeAR ---------------------------------------------------------------------------------------

def _brat(path: Path, text: str) -> tuple[list[Span], list[Span], dict[Span, list[str]]]:
    """From one brat file: Content spans starting with a quote mark, Content spans holding one, and
    the Source texts of each Content span."""
    spans: dict[str, tuple[str, Span]] = {}
    sources: dict[Span, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, offsets = parts[1].split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans[parts[0]] = (label, (pieces[0][0], pieces[-1][1]))
        elif line.startswith("E") and len(parts) >= 2:
            relation = dict(arg.split(":") for arg in parts[1].split()[1:])
            if relation.get("Content") in spans and relation.get("Source") in spans:
                start, end = spans[relation["Source"]][1]
                sources[spans[relation["Content"]][1]].append(text[start:end])
    contents = {span for label, span in spans.values() if label == "Content"}
    direct = sorted(s for s in contents if text[s[0]:s[1]][:1] in "\"“")
    holding = sorted(s for s in contents if re.search("[\"“”]", text[s[0]:s[1]]))
    return direct, holding, sources


def test_polnear():
    score, speakers, articles = Score("polnear dev+test"), SpeakerScore(), 0
    for compartment in ("dev", "test"):
        folder = external_file("polnear", compartment)
        done = set()
        for ann in sorted((folder / "attributions").glob("*.ann")):
            article = ann.stem.rsplit("_", 1)[0]
            if article in done:       # several annotators: keep the first annotation of each article
                continue
            done.add(article)
            text = (folder / "text" / f"{article}.txt").read_text(encoding="utf-8")
            direct, holding, sources = _brat(ann, text)
            found = find_quotes(text).quotes
            score.add([q.span_with_marks for q in found if q.kind == "speech"], holding, direct,
                      [q.span_with_marks for q in found])
            for span in direct:
                if sources.get(span):
                    speakers.add(_first_match(found, span), sources[span])
            articles += 1
    print("\n" + score.report() + "\n" + speakers.report("polnear"))
    assert articles == 168
    assert score.recall >= 0.96          # measured 0.980
    assert score.precision >= 0.85       # measured 0.887
    assert speakers.named + speakers.unchecked >= 0.90 * speakers.matched   # measured 0.914 (was 0.78)
    assert speakers.right >= 0.95 * speakers.named                          # measured 0.973


# --- BuzzFeed-Webis ----------------------------------------------------------------------------------

def test_buzzfeed_webis():
    with open(external_file("buzzfeed-webis-2016", "articles.csv"), newline="", encoding="utf-8") as f:
        texts = {r["id"]: r["mainText"] for r in csv.DictReader(f)}
    gold: dict[str, list[Span]] = defaultdict(list)
    with open(external_file("buzzfeed-webis-2016", "quotes.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["enclosed_by_quote_marks"] == "1":
                gold[r["article_id"]].append((int(r["start"]), int(r["end"])))
    score = Score("buzzfeed-webis-2016")
    for article, text in texts.items():
        spans = [(q.start, q.end) for q in find_quotes(text).quotes]
        score.add(spans, gold[article], gold[article], spans)
    print("\n" + score.report())
    assert len(texts) == 1627
    assert score.recall >= 0.97          # measured 0.986
    assert score.precision >= 0.78       # measured 0.813
