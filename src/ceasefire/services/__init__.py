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

__all__ = [
    "Author",
    "IngestOutcome",
    "IngestReport",
    "IngestStatus",
    "KeyInfo",
    "Store",
    "TreeHead",
    "Verification",
    "add_document",
    "author_of",
    "check_proof",
    "count_files",
    "current_head",
    "export_bundle",
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

from ceasefire.services.extraction import Extraction, extract_file

__all__ += ["Extraction", "extract_file"]
from ceasefire.services.evaluation import evaluate  # noqa: E402

__all__ += ["evaluate"]
