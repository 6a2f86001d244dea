"""miner: figures, places and practices from Chinese party-building work reports.

The Python API for notebooks::

    import miner
    record = miner.extract(text)          # a Record; record.to_dict() is the JSON record
    doc = miner.nlp()(text)               # the spaCy pipeline: doc.spans["figures"], ...
    wide = miner.load_table("corpus/miner.db", level="province")  # after `miner build`
    lines = miner.kwic("志愿服务", "corpus/miner.db", by="province")  # keyword in context
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["extract", "extract_file", "kwic", "load_table", "nlp", "__version__"]

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from miner.records import Record


def extract(text: str, **kwargs: Any) -> Record:
    """The case record for one report's text (see ``miner.core.extract``)."""
    from miner.core import extract as _extract

    return _extract(text, **kwargs)


def extract_file(path: str) -> Record:
    """The case record for one report file (any encoding, .txt or .html)."""
    from miner.core import extract_path

    return extract_path(path)


def nlp() -> Any:
    """The spaCy pipeline (``spacy.blank("zh")``, jieba, our components), built once."""
    from miner.pipeline import nlp as _nlp

    return _nlp()


def load_table(
    store: str | Path = "corpus/miner.db",
    level: str = "province",
    year: int | None = None,
    table: str = "wide",
) -> pd.DataFrame:
    """A comparison table from the store ``miner build`` filled (see ``miner.table``):
    ``wide`` (one row per region and year), ``figures``, ``cases`` or ``practices``."""
    from miner.table import load_table as _load_table

    return _load_table(store, level, year, table)


def kwic(
    term: str, store: str | Path = "corpus/miner.db", window: int = 20, by: str | None = None
) -> pd.DataFrame:
    """Keyword in context across the built corpus, one row per occurrence (see
    ``miner.concordance``)."""
    from miner.concordance import kwic as _kwic

    return _kwic(term, store, window, by)
