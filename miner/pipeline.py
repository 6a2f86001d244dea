"""The spaCy pipeline: ``spacy.blank("zh")`` with our jieba tokenizer and three components.

- tokenizer ``miner.jieba_tokenizer.v1``: jieba with our user dictionary
  (``data/userdict.txt`` plus the practice lexicon); phrases jieba would split (``党建+公益``,
  ``双向进入、交叉任职``) are matched first and kept whole.
- ``miner_regions``: place mentions into ``doc.spans["regions"]`` and the report's place into
  ``doc._.region`` (from ``doc._.page``, the page's title/source/site/lead).
- ``miner_figures``: figures into ``doc.spans["figures"]`` (``span._.figure``).
- ``miner_practices``: named practices into ``doc.spans["practices"]`` (``span._.practice``).
Spans are token-aligned (``alignment_mode="expand"``); the exact character offsets are the
``start``/``end`` of the attached record.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import jieba
import spacy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from miner import figures, numbers, practices, regions

for _name in ("figure", "practice", "mention"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
for _name in ("page", "region", "places"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
# 党建+X models: whole inside quotes (“党建+信息化管理”), else the common 党建+XX / 互联网+XX.
_PLUS_MODEL = r"(?<=“)[^”\n]{1,12}\+[^”\n]{0,12}(?=”)|(?:党建|互联网)\+[\u4e00-\u9fff]{2}"


class JiebaTokenizer:
    """jieba word segmentation with our dictionary; protected phrases are never split."""

    def __init__(self, vocab: Any, hmm: bool = False) -> None:
        self.vocab = vocab
        self.hmm = hmm
        self.segmenter = jieba.Tokenizer()
        data = resources.files("miner.data")
        with resources.as_file(data.joinpath("userdict.txt")) as path:
            self.segmenter.load_userdict(str(path))
        phrases = practices.load_rules().known_practices
        for phrase in phrases:
            if re.fullmatch(r"[\u4e00-\u9fff]+", phrase):
                self.segmenter.add_word(phrase, freq=2000)
        spans = [re.escape(p) for p in phrases if not re.fullmatch(r"[\u4e00-\u9fff]+", p)]
        self.protected = re.compile("|".join([*spans, _PLUS_MODEL]))

    def words(self, text: str) -> list[str]:
        """The words of ``text``; they concatenate back to it, white space included."""
        words: list[str] = []
        pos = 0
        for m in self.protected.finditer(text):
            words.extend(self.segmenter.lcut(text[pos : m.start()], HMM=self.hmm))
            words.append(m.group())
            pos = m.end()
        words.extend(self.segmenter.lcut(text[pos:], HMM=self.hmm))
        return [w for w in words if w]

    def __call__(self, text: str) -> Doc:
        # No token needs a trailing space (the words hold the white space), so spaCy's
        # get_words_and_spaces realignment is not needed.
        words = self.words(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data["miner.text"] = text
        return doc


@spacy.registry.tokenizers("miner.jieba_tokenizer.v1")
def create_tokenizer(hmm: bool = False) -> Callable[[Language], JiebaTokenizer]:
    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, hmm=hmm)

    return make


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("miner.text")
    if text is None:
        text = doc.user_data["miner.text"] = doc.text
    return text


def _spans(doc: Doc, items: list[Any], ext: str, label: str) -> list[Span]:
    out = []
    for item in items:
        span = doc.char_span(item.start, item.end, label=label, alignment_mode="expand")
        if span is not None:
            span._.set(ext, item)
            out.append(span)
    return out


class RegionTagger:
    """Place mentions and the report's own place."""

    def __init__(self) -> None:
        self.gazetteer: regions.Gazetteer | None = None

    def initialize(self, get_examples: Any = None, nlp: Language | None = None) -> None:
        self.gazetteer = regions.Gazetteer.load()

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None:
            self.initialize()
        text = doc_text(doc)
        if doc._.page is None:  # a bare nlp(text) call: no page metadata, the body decides
            doc._.page = {"lead": text[:200]}
        page = doc._.page
        region, warnings = regions.report_region(
            page.get("title"), page.get("lead", ""), page.get("source"), page.get("site"), text
        )
        doc._.region = region
        doc._.places = self.gazetteer.places(text, region)
        page.setdefault("warnings", []).extend(warnings)
        doc.spans["regions"] = _spans(doc, doc._.places.mentions, "mention", "REGION")
        return doc


class FigureTagger:
    """Figures: the number grammar, then what each figure counts."""

    def initialize(self, get_examples: Any = None, nlp: Language | None = None) -> None:
        figures.load_rules()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        starts_lengths = doc.to_array([IDX, LENGTH]).tolist()
        tokens = [(start, start + length) for start, length in starts_lengths]
        page = doc._.page or {}
        found = figures.describe_figures(
            text,
            tokens,
            numbers.find_quantities(text),
            doc._.places.region_at,
            page.get("title"),
            page.get("year"),
        )
        doc.spans["figures"] = _spans(doc, found, "figure", "FIGURE")
        return doc


class PracticeTagger:
    """Named practices."""

    def initialize(self, get_examples: Any = None, nlp: Language | None = None) -> None:
        practices.load_rules()

    def __call__(self, doc: Doc) -> Doc:
        # A quoted place name (“武汉”) is a place, not a practice.
        places = {(s._.mention.start, s._.mention.end) for s in doc.spans.get("regions", [])}
        found = [
            p for p in practices.find_practices(doc_text(doc)) if (p.start, p.end) not in places
        ]
        doc.spans["practices"] = _spans(doc, found, "practice", "PRACTICE")
        return doc


@Language.factory("miner_regions")
def make_region_tagger(nlp: Language, name: str) -> RegionTagger:
    return RegionTagger()


@Language.factory("miner_figures")
def make_figure_tagger(nlp: Language, name: str) -> FigureTagger:
    return FigureTagger()


@Language.factory("miner_practices")
def make_practice_tagger(nlp: Language, name: str) -> PracticeTagger:
    return PracticeTagger()


@cache
def nlp() -> Language:
    """The pipeline, built and initialized once per process."""
    pipeline = spacy.blank(
        "zh",
        config={
            "nlp": {"tokenizer": {"@tokenizers": "miner.jieba_tokenizer.v1"}},
        },
    )
    for component in ("miner_regions", "miner_figures", "miner_practices"):
        pipeline.add_pipe(component)
    pipeline.initialize()
    # spaCy's 1,000,000-character cap (E088) guards the memory of its parser and NER; ours are
    # linear in the text, and the input is already capped by the reader (--max-bytes).
    pipeline.max_length = sys.maxsize
    return pipeline
