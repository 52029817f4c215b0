"""One exception hierarchy: each error has a stable code and names what it concerns."""

from __future__ import annotations


class CeasefireError(Exception):
    """Base of every error the system reports to a person. ``str()`` is one line."""

    code = "error"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class InputError(CeasefireError):
    """A file given to us cannot be read as a document (missing, empty, binary, undecodable)."""

    code = "input"


class ModelFileError(CeasefireError):
    """A model file (the slot choice's, the matcher's) cannot be read or is malformed."""

    code = "model_file"


class MetadataError(CeasefireError):
    """A metadata value (flag, sidecar, meta.jsonl) is malformed; ``where`` names the file and field."""

    code = "metadata"


class StoreError(CeasefireError):
    """The store cannot be opened or written."""

    code = "store"


class StoreLockedError(StoreError):
    code = "store_locked"


class SchemaTooNewError(StoreError):
    code = "schema_too_new"


class NotFoundError(CeasefireError):
    code = "not_found"


class AmbiguousIdError(CeasefireError):
    code = "ambiguous_id"


class LogError(CeasefireError):
    """A change cannot be written to the log (a payload that is not canonical JSON, for one)."""

    code = "log"


class SigningKeyError(CeasefireError):
    """A signing key cannot be made, found, read or registered; ``where`` names the key or file."""

    code = "key"


class ProofError(CeasefireError):
    """A proof or tree head is malformed, or a proof does not check against a head."""

    code = "proof"


class BundleError(CeasefireError):
    """A verification bundle cannot be written or read; ``where`` names the folder or file."""

    code = "bundle"


class AuthenticationError(CeasefireError):
    """No valid credentials: a wrong user name or password, or an unknown or missing token."""

    code = "unauthenticated"


class PermissionDeniedError(CeasefireError):
    """The user's role (or party) does not allow this action; nothing was changed."""

    code = "forbidden"


class ThrottledError(CeasefireError):
    """Too many failed logins for this user name from this address; try again later."""

    code = "throttled"

    def __init__(self, message: str, *, where: str | None = None, retry_after: int = 0) -> None:
        super().__init__(message, where=where)
        self.retry_after = retry_after


class ConflictError(CeasefireError):
    """The thing to create exists already, or the change does not fit its current state."""

    code = "conflict"


class AgreementError(CeasefireError):
    """An agreement file is malformed; ``where`` names the file, line and field."""

    code = "agreement"


class CaseError(CeasefireError):
    """A complaint, case step, finding or reply is refused; ``where`` names the field or case."""

    code = "case"
