"""Use case: score extraction against a gold set (`ceasefire eval`) — the accuracy gate's engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ceasefire.domain.document import document_id
from ceasefire.errors import InputError
from ceasefire.evaluate.gold import read_gold
from ceasefire.evaluate.scoring import DocumentScore, Score
from ceasefire.read.files import read_file
from ceasefire.read.metadata import read_folder_meta
from ceasefire.services.extraction import pipeline, rules_pipeline
from ceasefire.services.training import new_scorer


def evaluate(
    gold_path: Path,
    *,
    meta_path: Path,
    docs_dir: Path,
    on_document: Callable[[DocumentScore], None] | None = None,
    rules_only: bool = False,
) -> Score:
    """Runs extraction on every gold document and scores it; publication dates come from meta."""
    gold = read_gold(gold_path)
    meta = read_folder_meta(meta_path)
    scorer = new_scorer()  # actors and places as the pipeline names them, as training scores
    for document in gold:
        path = docs_dir / document.file
        if not path.is_file():
            raise InputError("gold names a document that is not in --docs", where=str(path))
        content = read_file(path)
        record = meta.get(document.file)
        # Extraction is scored on its own output, before the store's reconciliation rules (which,
        # for one, keep a party's count of its enemy's dead out of the low figure).
        analysis = (rules_pipeline() if rules_only else pipeline()).run(
            document_id=document_id(content.original),
            text=content.text,
            published=record.published if record else None,
        )
        result = scorer.add(document, content.text, analysis.incidents, analysis.aggregates)
        if on_document is not None:
            on_document(result)
    return scorer.score
