"""Scoring the extraction against gold answers written to the GUIDELINE format.

How things are matched (so a researcher knows what the numbers mean):
- a figure matches a gold figure with the same value and unit, the gold one located by its
  ``context`` in the body (the nearest prediction within 80 characters; in order where the
  context cannot be found);
- on matched figures: ``approx``, ``role`` and ``indicator`` must be equal; ``subject`` is
  right when one is the other or ends the other (the head noun: 正式党员 ~ 党员), also given
  strictly as ``subject_exact``;
- indicator pairs: the multiset of (indicator, value) of status figures whose indicator is
  not ``other``, per document: what feeds the comparison table;
- practices match on the name without quotes and spaces, or up to a generic ending such as
  制度 or 活动;
- gold printed in traditional characters or with pinyin glosses (``個(gè)``) is folded to
  simplified without glosses for units, subjects and practice names, as the GUIDELINE says;
- on matched figures whose gold indicator is not ``other``: ``sector`` must be equal, and the
  figure's place and year (below) must be those of the gold;
- table claims, end to end: a claim is (document, place, year, indicator, sector, value) for
  every status figure whose indicator is not ``other``. The gold's place is the figure's
  ``place`` or else the document's ``region`` (``{"national": true}``, or a region of three
  nulls, is the whole country), its year the figure's ``year`` or else the document's; the
  tool's are the figure's ``region`` (its province, city and county names, or the national
  level) and ``year`` (else the record's). Values compare as figures do: value and folded unit
  (成 is already %, 万元 already 元 on both sides). Claim precision = distinct tool claims
  found in the gold / distinct tool claims; claim recall = distinct gold claims found /
  distinct gold claims;
- body: character F1 of the body against the gold's ``body_start``..``body_end`` slice, on
  non-space characters, averaged over the documents whose gold has a ``body_end`` (``None``,
  printed n/a, when none has: page beginnings score ``body_start`` only);
- title, source, author, date, year: exactly equal (``null`` included) on every document;
  province: the region's province right.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from miner import decode
from miner.core import extract_path
from miner.records import Figure, Record

_NEAR = 80
_GENERIC_ENDINGS = ("制度", "活动", "行动", "模式", "机制", "平台", "工作法")
_NAME_NOISE = re.compile(r"[\s“”\"'「」『』]")


@dataclass
class DocResult:
    doc: str
    missed_figures: list[str] = field(default_factory=list)
    false_figures: list[str] = field(default_factory=list)
    wrong_fields: list[str] = field(default_factory=list)
    missed_practices: list[str] = field(default_factory=list)
    false_practices: list[str] = field(default_factory=list)
    missed_claims: list[str] = field(default_factory=list)
    false_claims: list[str] = field(default_factory=list)


@dataclass
class Report:
    scores: dict[str, float | None]
    counts: dict[str, int]
    docs: list[DocResult]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def subject_matches(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return predicted == gold
    return predicted.endswith(gold) or gold.endswith(predicted)


@cache
def _folded(text: str) -> str:
    return decode.fold(text)


def practice_key(name: str) -> str:
    return _NAME_NOISE.sub("", _folded(name))


def _practice_matches(a: str, b: str) -> bool:
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer.startswith(shorter) and longer[len(shorter) :] in _GENERIC_ENDINGS


def _char_f1(predicted: str, gold: str) -> float:
    p, g = Counter("".join(predicted.split())), Counter("".join(gold.split()))
    overlap = sum((p & g).values())
    return _f1(overlap, sum(p.values()), sum(g.values()))[2]


def _starts_with(body: str, gold_start: str) -> bool:
    """The body begins where the gold says (spaces ignored)."""
    wanted = "".join(gold_start.split())
    return "".join(body[: len(gold_start) * 2 + 20].split()).startswith(wanted)


def match_figures(
    gold: list[dict[str, Any]], predicted: list[Figure], body: str
) -> list[tuple[dict[str, Any], Figure | None]]:
    """Each gold figure with its matched prediction (or ``None``), in gold order."""
    used: set[int] = set()
    pairs = []
    cursor = 0
    for g in gold:
        at = body.find(g["context"], cursor)
        if at < 0:
            at = body.find(g["context"])
        pos = at + max(g["context"].find(g["text"]), 0) if at >= 0 else None
        if at >= 0:
            cursor = at
        same = [
            i
            for i, f in enumerate(predicted)
            if i not in used
            and f.unit == _folded(g["unit"])
            and abs(f.value - g["value"]) < 1e-6
        ]
        if pos is not None:
            same = [i for i in same if abs(predicted[i].start - pos) <= _NEAR]
            same.sort(key=lambda i: abs(predicted[i].start - pos))
        chosen = same[0] if same else None
        if chosen is not None:
            used.add(chosen)
        pairs.append((g, predicted[chosen] if chosen is not None else None))
    return pairs


def _pairs(figures: list[Any], get) -> Counter:
    return Counter(
        (get(f, "indicator"), round(float(get(f, "value")), 4))
        for f in figures
        if get(f, "role") == "status" and get(f, "indicator") != "other"
    )


Place = tuple[str | None, ...]  # ("national",) or (province, city, county)
_NATIONAL: Place = ("national",)


def _gold_place(gold: dict[str, Any], figure: dict[str, Any]) -> Place:
    place = figure.get("place") or gold["region"]
    names = (place.get("province"), place.get("city"), place.get("county"))
    return _NATIONAL if place.get("national") or names == (None, None, None) else names


def _place(record: Record, figure: Figure) -> Place:
    region = figure.region or record.region
    if region.level == "national":
        return _NATIONAL
    return (region.province, region.city, region.county)


def _amount(value: float, unit: str) -> tuple[str, float]:
    return (_folded(unit), round(float(value), 6))


def _gold_claims(gold: dict[str, Any]) -> set[tuple]:
    return {
        (_gold_place(gold, f), f.get("year", gold.get("year")), f["indicator"], f.get("sector"),
         *_amount(f["value"], f["unit"]))
        for f in gold["figures"]
        if f["role"] == "status" and f["indicator"] != "other"
    }  # fmt: skip


def _tool_claims(record: Record) -> set[tuple]:
    return {
        (_place(record, f), f.year if f.year is not None else record.year, f.indicator, f.sector,
         *_amount(f.value, f.unit))
        for f in record.figures
        if f.role == "status" and f.indicator != "other"
    }  # fmt: skip


def _claim_text(claim: tuple) -> str:
    place, year, indicator, sector, unit, value = claim
    where = "全国" if place == _NATIONAL else "/".join(p for p in place if p) or "?"
    return f"{where} {year} {indicator} {sector} {value:.15g}{unit}"


def evaluate_record(
    gold: dict[str, Any],
    record: Record,
    raw_text: str,
    tally: Counter,
) -> DocResult:
    """Add one document's counts to ``tally``; return what it got wrong."""
    result = DocResult(gold["doc"])
    body = record.body
    pairs = match_figures(gold["figures"], record.figures, body)
    matched = {id(f) for _, f in pairs if f is not None}
    tally["figures_gold"] += len(gold["figures"])
    tally["figures_predicted"] += len(record.figures)
    for g, f in pairs:
        if f is None:
            result.missed_figures.append(f"{g['text']} ({g['context']})")
            continue
        tally["figures_matched"] += 1
        for name in ("approx", "role", "indicator"):
            if getattr(f, name) == g[name]:
                tally[f"{name}_right"] += 1
            else:
                result.wrong_fields.append(f"{g['text']}: {name} {getattr(f, name)} != {g[name]}")
        subject = _folded(g["subject"]) if g["subject"] else g["subject"]
        tally["subject_right"] += subject_matches(f.subject, subject)
        tally["subject_exact_right"] += f.subject == subject
        if not subject_matches(f.subject, subject):
            result.wrong_fields.append(f"{g['text']}: subject {f.subject} != {g['subject']}")
        if g["indicator"] == "other":
            continue
        tally["comparable_matched"] += 1
        year = f.year if f.year is not None else record.year
        for name, predicted, wanted in (
            ("sector", f.sector, g.get("sector")),
            ("place", _place(record, f), _gold_place(gold, g)),
            ("figure_year", year, g.get("year", gold.get("year"))),
        ):
            if predicted == wanted:
                tally[f"{name}_right"] += 1
            else:
                result.wrong_fields.append(f"{g['text']}: {name} {predicted} != {wanted}")
    result.false_figures = [
        f"{f.text} ({f.sentence[:40]})" for f in record.figures if id(f) not in matched
    ]

    gold_pairs = _pairs(gold["figures"], lambda f, k: f[k])
    pred_pairs = _pairs(record.figures, getattr)
    tally["pairs_gold"] += sum(gold_pairs.values())
    tally["pairs_predicted"] += sum(pred_pairs.values())
    tally["pairs_matched"] += sum((gold_pairs & pred_pairs).values())

    gold_claims, tool_claims = _gold_claims(gold), _tool_claims(record)
    tally["claims_gold"] += len(gold_claims)
    tally["claims_predicted"] += len(tool_claims)
    tally["claims_matched"] += len(gold_claims & tool_claims)
    result.missed_claims = sorted(_claim_text(c) for c in gold_claims - tool_claims)
    result.false_claims = sorted(_claim_text(c) for c in tool_claims - gold_claims)

    g_region, r = gold["region"], record.region
    tally["province_right"] += g_region["province"] == r.province
    region_right = (g_region["province"], g_region["city"], g_region["county"]) == (
        r.province,
        r.city,
        r.county,
    )
    tally["region_right"] += region_right
    if not region_right:
        result.wrong_fields.append(
            f"region {r.province}/{r.city}/{r.county} != "
            f"{g_region['province']}/{g_region['city']}/{g_region['county']}"
        )
    for name in ("title", "source", "author", "date", "year"):
        right = getattr(record, name) == gold.get(name)
        tally[f"{name}_right"] += right
        if not right:
            result.wrong_fields.append(f"{name} {getattr(record, name)!r} != {gold.get(name)!r}")

    start_right = _starts_with(body, gold["body_start"])
    tally["body_start_right"] += start_right
    if not start_right:
        result.wrong_fields.append(f"body starts {body[:30]!r} != {gold['body_start'][:30]!r}")
    if gold.get("body_end") is not None:  # page beginnings (body_end null) score the start only
        start = raw_text.find(gold["body_start"])
        end = raw_text.find(gold["body_end"], max(start, 0))
        gold_body = raw_text[start : end + len(gold["body_end"])] if start >= 0 <= end else ""
        tally["body_f1_sum_x1000"] += round(1000 * _char_f1(body, gold_body))
        tally["bodies_with_end"] += 1

    predicted_names = [practice_key(p.name) for p in record.practices]
    gold_names = [practice_key(n) for n in gold["practices"]]
    hit_gold = [g for g in gold_names if any(_practice_matches(p, g) for p in predicted_names)]
    hit_pred = [p for p in predicted_names if any(_practice_matches(p, g) for g in gold_names)]
    tally["practices_gold"] += len(gold_names)
    tally["practices_predicted"] += len(predicted_names)
    tally["practices_recalled"] += len(hit_gold)
    tally["practices_precise"] += len(hit_pred)
    result.missed_practices = [g for g in gold_names if g not in hit_gold]
    result.false_practices = [p for p in predicted_names if p not in hit_pred]
    return result


def evaluate_gold(gold_path: str | Path, docs_dir: str | Path) -> Report:
    """Run the extraction on every document of the gold file and score it."""
    lines = Path(gold_path).read_text("utf-8").splitlines()
    golds = [json.loads(line) for line in lines if line.strip()]
    if not golds:
        raise ValueError(f"{gold_path}: no gold documents")
    scored = []
    for gold in golds:
        path = Path(docs_dir) / gold["doc"]
        raw = decode.normalize_text(decode.decode_bytes(path.read_bytes()).text)
        scored.append((gold, extract_path(path), raw))
    return evaluate_records(scored)


def evaluate_records(scored: list[tuple[dict[str, Any], Record, str]]) -> Report:
    """Score (gold, record, raw text) triples: the records of any extraction, or written by
    hand."""
    tally: Counter = Counter()
    results = [evaluate_record(gold, record, raw, tally) for gold, record, raw in scored]
    n = len(scored)
    matched = tally["figures_matched"]
    p, r, f1 = _f1(matched, tally["figures_predicted"], tally["figures_gold"])
    pp, pr, _ = _f1(tally["pairs_matched"], tally["pairs_predicted"], tally["pairs_gold"])
    cp, cr, cf = _f1(tally["claims_matched"], tally["claims_predicted"], tally["claims_gold"])
    comparable = tally["comparable_matched"]
    bodies = tally["bodies_with_end"]
    scores = {
        "figure_precision": p,
        "figure_recall": r,
        "figure_f1": f1,
        **{
            f"{k}_accuracy": tally[f"{k}_right"] / matched if matched else 0.0
            for k in ("approx", "role", "indicator", "subject", "subject_exact")
        },
        **{
            f"{k}_accuracy": tally[f"{k}_right"] / comparable if comparable else 0.0
            for k in ("sector", "place", "figure_year")
        },
        "pair_precision": pp,
        "pair_recall": pr,
        "claim_precision": cp,
        "claim_recall": cr,
        "claim_f1": cf,
        **{f"{k}_accuracy": tally[f"{k}_right"] / n for k in _DOCUMENT_FIELDS},
        "practice_recall": tally["practices_recalled"] / max(tally["practices_gold"], 1),
        "practice_precision": tally["practices_precise"] / max(tally["practices_predicted"], 1),
        "body_f1": tally["body_f1_sum_x1000"] / 1000 / bodies if bodies else None,
    }
    counts = {"documents": n, **{k: v for k, v in tally.items() if not k.endswith("_x1000")}}
    rounded = {k: None if v is None else round(v, 4) for k, v in scores.items()}
    return Report(rounded, counts, results)


_DOCUMENT_FIELDS = (
    "region", "province", "title", "source", "author", "date", "year", "body_start",
)  # fmt: skip


def format_report(report: Report, show: bool = False) -> str:
    s, c = report.scores, report.counts
    lines = [
        f"documents {c['documents']}",
        f"figures    P {s['figure_precision']:.3f}  R {s['figure_recall']:.3f}  "
        f"F1 {s['figure_f1']:.3f}   ({c.get('figures_matched', 0)} matched of "
        f"{c.get('figures_gold', 0)} gold, {c.get('figures_predicted', 0)} predicted)",
        f"on matched figures: approx {s['approx_accuracy']:.3f}  role {s['role_accuracy']:.3f}  "
        f"indicator {s['indicator_accuracy']:.3f}  subject {s['subject_accuracy']:.3f} "
        f"(exact {s['subject_exact_accuracy']:.3f})",
        f"on matched comparable figures ({c.get('comparable_matched', 0)}): sector "
        f"{s['sector_accuracy']:.3f}  place {s['place_accuracy']:.3f}  "
        f"year {s['figure_year_accuracy']:.3f}",
        f"indicator pairs  P {s['pair_precision']:.3f}  R {s['pair_recall']:.3f}",
        f"table claims  P {s['claim_precision']:.3f}  R {s['claim_recall']:.3f}  "
        f"F1 {s['claim_f1']:.3f}   ({c.get('claims_matched', 0)} right of "
        f"{c.get('claims_gold', 0)} gold, {c.get('claims_predicted', 0)} claimed)",
        "documents: " + "  ".join(f"{k} {s[k + '_accuracy']:.2f}" for k in _DOCUMENT_FIELDS),
        f"practices  R {s['practice_recall']:.3f}  P {s['practice_precision']:.3f}",
        "body F1 "
        + ("n/a (no gold body_end)" if s["body_f1"] is None else f"{s['body_f1']:.3f}"),
    ]
    if show:
        for d in report.docs:
            lines.append(f"\n== {d.doc}")
            lines += [f"  missed figure: {x}" for x in d.missed_figures]
            lines += [f"  false figure:  {x}" for x in d.false_figures]
            lines += [f"  wrong: {x}" for x in d.wrong_fields]
            lines += [f"  missed practice: {x}" for x in d.missed_practices]
            lines += [f"  false practice:  {x}" for x in d.false_practices]
            lines += [f"  missed claim: {x}" for x in d.missed_claims]
            lines += [f"  false claim:  {x}" for x in d.false_claims]
    return "\n".join(lines)
