"""Ed25519 signing keys: private keys as PEM files in the data folder, public keys as base64 text.

A key has a name (its id in log entries), a role (secretariat, monitor, party, public) and, for a
party's key, the party. The private key never enters the database; the public key is registered
through the log (a ``key_registered`` entry signed by the new key itself, proving possession).
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ceasefire.errors import SigningKeyError

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


class KeyRole(StrEnum):
    SECRETARIAT = "secretariat"
    MONITOR = "monitor"
    PARTY = "party"
    PUBLIC = "public"


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise SigningKeyError(
            "a key name is 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a "
            "letter or digit",
            where=name,
        )
    return name


@dataclass(frozen=True, slots=True)
class Signer:
    """A private key in memory, under its registered name."""

    name: str
    private_key: Ed25519PrivateKey

    @classmethod
    def generate(cls, name: str) -> Signer:
        return cls(check_name(name), Ed25519PrivateKey.generate())

    @property
    def public_key(self) -> str:
        return encode_public_key(self.private_key.public_key())

    def sign(self, data: bytes) -> str:
        """Base64 of the Ed25519 signature of ``data``."""
        return base64.b64encode(self.private_key.sign(data)).decode("ascii")


def encode_public_key(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def is_valid_signature(public_key: str, data: bytes, signature: str) -> bool:
    """Whether ``signature`` (base64) is the Ed25519 signature of ``data`` by ``public_key``."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(base64.b64decode(signature, validate=True), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


class KeyFiles:
    """The folder of private keys: ``NAME.pem`` (PKCS#8, mode 0600, encrypted with a passphrase)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, name: str) -> Path:
        return self.root / f"{check_name(name)}.pem"

    def has(self, name: str) -> bool:
        return self.path_of(name).is_file()

    def write(self, signer: Signer, *, passphrase: str | None) -> Path:
        """Writes a new key file; never overwrites one."""
        path = self.path_of(signer.name)
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
            if passphrase
            else serialization.NoEncryption()
        )
        pem = signer.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            os.chmod(self.root, 0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise SigningKeyError(
                "a key file with this name exists already", where=str(path)
            ) from exc
        except OSError as exc:
            raise SigningKeyError(f"cannot write key file: {exc}", where=str(path)) from exc
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        return path

    def remove(self, name: str) -> None:
        self.path_of(name).unlink(missing_ok=True)

    def load(self, name: str, *, passphrase: str | None) -> Signer:
        path = self.path_of(name)
        try:
            pem = path.read_bytes()
        except FileNotFoundError as exc:
            raise SigningKeyError(
                "no such key file (make one with `ceasefire keys new`)", where=str(path)
            ) from exc
        except OSError as exc:
            raise SigningKeyError(f"cannot read key file: {exc}", where=str(path)) from exc
        try:
            key = serialization.load_pem_private_key(
                pem, password=passphrase.encode("utf-8") if passphrase else None
            )
        except TypeError as exc:
            # cryptography says TypeError when a passphrase is missing or was not expected.
            raise SigningKeyError(
                "the key file is encrypted: set CEASEFIRE_KEY_PASSPHRASE"
                if not passphrase
                else "the key file is not encrypted: unset CEASEFIRE_KEY_PASSPHRASE",
                where=str(path),
            ) from exc
        except ValueError as exc:
            raise SigningKeyError(
                "cannot read key file (wrong passphrase or not a PEM private key)", where=str(path)
            ) from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError("not an Ed25519 private key", where=str(path))
        return Signer(name, key)
