"""The orchestrator: one report in, one case record out.

Stages, in order:
1. read      bytes from files, directories, stdin or the corpus store (``miner.inputs``),
             capped at ``max_bytes``
2. decode    bytes -> text: BOM, UTF-8, declared charset, GB18030, Big5, UTF-16; full-width
             digits and signs normalized (``miner.decode``)
3. clean     the article out of the page: ``miner.clean_html`` for HTML, ``miner.clean`` for
             text dumps; title, date, source, author, site from the page's own metadata
4. shadow    the matching copy: the body simplified and without the pinyin glosses some
             sites print (``個(gè)``), with an offset map back to the printed body, so every
             later stage matches simplified words and every span quotes the printed text
5. nlp       the spaCy pipeline on the body (``miner.pipeline``): jieba tokens, regions, figures,
             practices
6. themes    each practice's codebook theme (``miner.cluster``: the saved model or triggers)
7. record    the ``miner.record/2`` record (``miner.records``), quoting the printed body
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from miner import clean, clean_html, cluster, decode, pagemeta
from miner.inputs import DEFAULT_MAX_BYTES, InputError, Source, iter_sources, read_file
from miner.pipeline import nlp
from miner.records import DocInfo, Figure, Practice, Record, RegionMention
from miner.text import sentence_bounds

T = TypeVar("T")
R = TypeVar("R")


def extract_source(source: Source) -> Record:
    """Run every stage on one input (raises ``InputError`` for input that is not text)."""
    try:
        decoded = decode.decode_bytes(source.data, source.declared_encoding)
    except decode.NotTextError as exc:
        raise InputError(f"{source.name}: {exc}") from None
    record = extract(
        decoded.text,
        is_html=source.is_html,
        path=None if source.url else source.name,
        encoding=decoded.encoding,
        raw=source.data,
        url=source.url,
    )
    record.doc.fetched_at = source.fetched_at
    record.warnings[:0] = [*source.warnings, *decoded.warnings]
    return record


def extract(
    text: str,
    *,
    is_html: bool = False,
    path: str | None = None,
    encoding: str = "utf-8",
    raw: bytes | None = None,
    url: str | None = None,
) -> Record:
    """The case record for one report given as text (the Python API a notebook uses)."""
    page = _page(text, is_html, url)
    body, copy = page.body, page.copy
    match_body = copy.text
    warnings = list(page.warnings)
    if copy.traditional:
        warnings.append("traditional characters: matched on a simplified copy")
    if copy.cuts:
        warnings.append(f"pinyin glosses: {len(copy.cuts)} left out of matching")

    doc = nlp().make_doc(match_body)
    # The title as the stages match it (simplified, glosses left out): region names in it.
    title = decode.fold(page.title) if page.title else page.title
    year = pagemeta.report_year(page.date, match_body)
    if year is None:
        warnings.append("no year: neither a date nor a year the text states for its own period")
    doc._.page = {
        "year": year,
        "title": title,
        "source": page.source,
        "site": page.site,
        "lead": match_body[: match_body.find("。") + 1 or 200],
    }
    for _name, component in nlp().pipeline:
        doc = component(doc)

    figures = [_quote(s._.figure, copy) for s in doc.spans["figures"]]
    found_practices = _with_themes([_quote(s._.practice, copy) for s in doc.spans["practices"]])
    mentions = [
        RegionMention(body[start:end], m.code, start, end)
        for m in (s._.mention for s in doc.spans["regions"])
        for start, end in [copy.span(m.start, m.end)]
    ]
    warnings.extend(doc._.page.get("warnings", []))
    return Record(
        doc=DocInfo(
            path=path,
            url=url,
            sha256=hashlib.sha256(raw or text.encode()).hexdigest(),
            encoding=encoding,
            chars=len(body),
        ),
        title=page.title,
        date=page.date,
        year=year,
        source=page.source,
        author=page.author,
        region=doc._.region,
        body=body,
        figures=figures,
        practices=found_practices,
        region_mentions=mentions,
        warnings=warnings,
    )


@dataclass(frozen=True)
class Page:
    """A page split into its metadata and body (``copy``: the body as the stages match it)."""

    title: str | None
    date: str | None
    source: str | None
    author: str | None
    site: str | None
    body: str
    copy: decode.MatchingCopy
    warnings: list[str]


def _page(text: str, is_html: bool, url: str | None) -> Page:
    """The clean stage: the HTML cleaner for pages, the text-dump cleaner for dumps."""
    if is_html:
        cleaned = clean_html.clean_html(text, url)
        body = decode.normalize_text(cleaned.body)
        return Page(
            cleaned.title,
            cleaned.date,
            cleaned.source,
            cleaned.author,
            cleaned.site,
            body,
            decode.matching_copy(body),
            cleaned.warnings,
        )
    text = decode.normalize_text(text)
    shadow = decode.simplified_shadow(text)
    dump = clean.clean_text(text, shadow)
    s, e = dump.body_start, dump.body_end
    return Page(
        dump.title,
        dump.date,
        dump.source,
        dump.author,
        dump.site,
        text[s:e],
        decode.matching_copy(text[s:e], (shadow or text)[s:e]),
        dump.warnings,
    )


def _with_themes(practices: list[Practice]) -> list[Practice]:
    """Each practice's first codebook theme (the saved theme model where there is one)."""
    if not practices:
        return practices
    themes = cluster.assign_practice_themes([(p.name, p.sentence) for p in practices])
    return [
        dataclasses.replace(p, theme=t[0] if t else None)
        for p, t in zip(practices, themes, strict=True)
    ]


def _quote(item: Figure | Practice, copy: decode.MatchingCopy) -> Figure | Practice:
    """Offsets, text and sentence in the printed body (the pipeline matched on the copy).

    A practice keeps its simplified name and gets the printed form beside it.
    """
    body = copy.printed
    start, end = copy.span(item.start, item.end)
    s, e = sentence_bounds(body, start)
    sentence = body[s:e].strip()
    if isinstance(item, Figure):
        return dataclasses.replace(
            item, text=body[start:end], start=start, end=end, sentence=sentence
        )
    return dataclasses.replace(
        item, printed=body[start:end], start=start, end=end, sentence=sentence
    )


def extract_sources(
    paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1
) -> Iterator[Record | InputError]:
    """A record or an error for each input path, in order (see ``extract_all``)."""
    return extract_all(iter_sources(paths, max_bytes), jobs)


def extract_all(
    sources: Iterable[Source | InputError], jobs: int = 1
) -> Iterator[Record | InputError]:
    """A record or an error for each input, in input order; one bad input never stops the batch.

    With ``jobs`` > 1 the documents are extracted in that many worker processes (forked after
    the pipeline is built, so they share it instead of loading it again).
    """
    yield from ordered_map(extract_or_error, sources, jobs)


def ordered_map(work: Callable[[T], R], items: Iterable[T], jobs: int = 1) -> Iterator[R]:
    """``map(work, items)`` in ``jobs`` worker processes, results in input order.

    Workers are forked once the pipeline is built, so they share it instead of loading it
    again; a bounded window of items in flight keeps memory flat on large batches.
    """
    if jobs <= 1:
        yield from map(work, items)
        return
    nlp()
    cluster.assign_practice_themes([("党建工作", "")])  # the codebook (and a saved model), shared
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= jobs * 8:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def extract_or_error(source: Source | InputError) -> Record | InputError:
    """The record of one input, or the error that says why there is none."""
    if isinstance(source, InputError):
        return source
    try:
        return extract_source(source)
    except InputError as exc:
        return exc
    except Exception as exc:  # a fault on one document is reported, the batch goes on
        return InputError(f"{source.name}: could not be processed ({type(exc).__name__}: {exc})")


def extract_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Record:
    """The record of one file; raises ``InputError`` where there is none."""
    source = read_file(Path(path), max_bytes)
    if isinstance(source, InputError):
        raise source
    return extract_source(source)
