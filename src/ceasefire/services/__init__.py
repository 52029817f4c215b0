"""Use cases: each owns its transaction. The CLI and the web app call these and nothing deeper."""

from ceasefire.record.log import Author, TreeHead
from ceasefire.services.documents import (
    IngestOutcome,
    IngestReport,
    IngestStatus,
    Store,
    add_document,
    count_files,
    find_document,
    ingest_paths,
    list_documents,
    open_store,
    parse_flags,
)
from ceasefire.services.log import (
    KeyInfo,
    Verification,
    author_of,
    check_proof,
    current_head,
    export_bundle,
    latest_head,
    list_keys,
    log_entries,
    log_head,
    new_key,
    prove_consistency,
    prove_inclusion,
    record_change,
    show_entries,
    verify_bundle,
    verify_store,
)
from ceasefire.services.parallel import (
    DaskExtractor,
    Extractor,
    ProcessExtractor,
    SerialExtractor,
    extractor_for,
)

__all__ = [
    "Author",
    "DaskExtractor",
    "Extractor",
    "IngestOutcome",
    "IngestReport",
    "IngestStatus",
    "KeyInfo",
    "ProcessExtractor",
    "SerialExtractor",
    "Store",
    "TreeHead",
    "Verification",
    "add_document",
    "author_of",
    "check_proof",
    "count_files",
    "current_head",
    "export_bundle",
    "extractor_for",
    "find_document",
    "ingest_paths",
    "latest_head",
    "list_documents",
    "list_keys",
    "log_entries",
    "log_head",
    "new_key",
    "open_store",
    "parse_flags",
    "prove_consistency",
    "prove_inclusion",
    "record_change",
    "show_entries",
    "verify_bundle",
    "verify_store",
]

from ceasefire.services.extraction import (
    Extraction,
    choice_model,
    extract_file,
    pipeline_resources,
    shipped_model_path,
)

__all__ += [
    "Extraction",
    "choice_model",
    "extract_file",
    "pipeline_resources",
    "shipped_model_path",
]
from ceasefire.services.evaluation import evaluate  # noqa: E402

__all__ += ["evaluate"]
from ceasefire.domain import Document, Incident  # noqa: E402
from ceasefire.services.incidents import (  # noqa: E402
    EDITABLE,
    HistoryStep,
    IncidentFilter,
    count_incidents,
    edit_incident,
    find_incident,
    history,
    list_incidents,
    merge_incidents,
    split_incident,
)


def find_record(store: Store, prefix: str) -> Document | Incident:
    """A document or an incident by id prefix; an error if both or neither have it."""
    from ceasefire.errors import AmbiguousIdError, NotFoundError

    cleaned = prefix.strip().lower()
    if len(cleaned) < 4 or any(c not in "0123456789abcdef" for c in cleaned):
        raise NotFoundError("an id prefix is at least 4 hex characters", where=prefix)
    found: list[Document | Incident] = []
    for finder in (find_document, find_incident):
        try:
            found.append(finder(store, prefix))
        except NotFoundError:
            continue
    if not found:
        raise NotFoundError("no document or incident with this id prefix", where=prefix)
    if len(found) > 1:
        raise AmbiguousIdError(
            "both a document and an incident have this id prefix: give more of it", where=prefix
        )
    return found[0]


__all__ += [
    "EDITABLE",
    "Document",
    "HistoryStep",
    "Incident",
    "IncidentFilter",
    "count_incidents",
    "edit_incident",
    "find_incident",
    "find_record",
    "history",
    "list_incidents",
    "merge_incidents",
    "split_incident",
]

from ceasefire.extract.nlp import model_description  # noqa: E402

__all__ += ["model_description"]
