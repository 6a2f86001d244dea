"""miner: figures, places and practices from Chinese party-building work reports.

The Python API for notebooks::

    import miner
    record = miner.extract(text)          # a Record; record.to_dict() is the JSON record
    doc = miner.nlp()(text)               # the spaCy pipeline: doc.spans["figures"], ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["extract", "extract_file", "nlp", "__version__"]

if TYPE_CHECKING:
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
