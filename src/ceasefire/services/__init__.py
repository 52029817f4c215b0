"""Use cases: each owns its transaction. The CLI and the web app call these and nothing deeper."""

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

__all__ = [
    "IngestOutcome",
    "IngestReport",
    "IngestStatus",
    "Store",
    "add_document",
    "count_files",
    "find_document",
    "ingest_paths",
    "list_documents",
    "open_store",
    "parse_flags",
]

from ceasefire.services.extraction import Extraction, extract_file  # noqa: E402

__all__ += ["Extraction", "extract_file"]
from ceasefire.services.evaluation import evaluate  # noqa: E402

__all__ += ["evaluate"]
