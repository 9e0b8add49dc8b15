"""C2SP signed notes with Ed25519 keys: signing, strict parsing and verification.

What it is for: a checkpoint of the accounting log is published as a signed note
(https://c2sp.org/signed-note): a text ending in a newline, a blank line, and one or more lines
``— <key name> <base64(4-byte key ID || signature)>``. The key ID is the first four bytes of
``SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)``, and a verifier key is shared
as the text ``<key name>+<hex key ID>+<base64(0x01 || public key)>``. This module signs notes,
parses them strictly and accepts one only when a known key's signature verifies.

What it must never do: accept a note that no known key signed, accept one where a known key's
signature fails (the spec's SHOULD; here a MUST), parse leniently (stray carriage returns, non
canonical base64, missing final newline), or touch files: key files live in ``keyfile``. It holds no
Django, database or network code.

Why hand-written: the format is a few dozen lines over the ``cryptography`` package's Ed25519, and
the log's signatures must be readable by the Go ``golang.org/x/mod/sumdb/note`` package, the
transparency-dev witnesses and any other C2SP implementation. No maintained Python package
implements signed notes; the cryptography itself is not hand-written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIGNATURE_TYPE_ED25519 = 0x01
KEY_ID_SIZE = 4
ED25519_KEY_SIZE = 32
ED25519_SIGNATURE_SIZE = 64
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
# The spec asks verifiers to accept at least 16 signatures and to cap them somewhere.
MAX_SIGNATURES = 100


class NoteError(ValueError):
    """A signed note is malformed, or no known key's signature on it verifies."""


def key_id(name: str, public_key: bytes) -> bytes:
    """The C2SP key ID of an Ed25519 key: ``SHA-256(name || 0x0A || 0x01 || key)[:4]``."""
    check_key_name(name)
    if len(public_key) != ED25519_KEY_SIZE:
        raise NoteError("an Ed25519 public key is 32 bytes")
    material = name.encode("utf-8") + b"\n" + bytes([SIGNATURE_TYPE_ED25519]) + public_key
    return hashlib.sha256(material).digest()[:KEY_ID_SIZE]


def check_key_name(name: str) -> None:
    """Key names are non-empty and contain no Unicode space and no ``+``."""
    if not name:
        raise NoteError("a key name must not be empty")
    if "+" in name or any(ch.isspace() for ch in name):
        raise NoteError(f"key name {name!r} contains a space or a plus sign")
    _check_characters(name)


def _check_characters(text: str) -> None:
    """Notes are valid UTF-8 without control characters other than newline."""
    for ch in text:
        if ch < " " and ch != "\n":
            raise NoteError(f"control character U+{ord(ch):04X} in a signed note")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise NoteError("a signed note must be valid UTF-8") from exc


def _b64decode(text: str, what: str) -> bytes:
    """Strict standard base64: right alphabet, padding, and the one canonical encoding."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise NoteError(f"{what} is not base64") from exc
    if base64.b64encode(raw).decode("ascii") != text:
        raise NoteError(f"{what} is not canonical base64")
    return raw


def _b64encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: the key's name, its 4-byte ID, and the signature bytes."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        """The signature line, with its final newline."""
        return f"{SIGNATURE_PREFIX}{self.name} {_b64encode(self.key_id + self.signature)}\n"

    @classmethod
    def from_line(cls, line: str) -> NoteSignature:
        """Parse one signature line (without its newline)."""
        if not line.startswith(SIGNATURE_PREFIX):
            raise NoteError("a signature line must start with an em dash and a space")
        name, sep, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
        if not sep:
            raise NoteError("a signature line needs a key name and a signature")
        check_key_name(name)
        raw = _b64decode(encoded, "the signature")
        if len(raw) <= KEY_ID_SIZE:
            raise NoteError("a signature must hold a key ID and signature bytes")
        return cls(name, raw[:KEY_ID_SIZE], raw[KEY_ID_SIZE:])


@dataclass(frozen=True)
class SignedNote:
    """A note's text (ending in a newline) and its signatures, as parsed; not yet verified."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def render(self) -> str:
        """The note as sent: text, blank line, signature lines."""
        return self.text + "\n" + "".join(sig.line() for sig in self.signatures)

    @classmethod
    def parse(cls, note: str | bytes) -> SignedNote:
        """Parse a signed note strictly. The signatures are not checked here: see ``open_note``."""
        if isinstance(note, bytes):
            try:
                note = note.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise NoteError("a signed note must be valid UTF-8") from exc
        _check_characters(note)
        if not note.endswith("\n"):
            raise NoteError("a signed note must end with a newline")
        cut = note.rfind("\n\n")
        if cut < 0:
            raise NoteError("a signed note needs a blank line before its signatures")
        text, block = note[: cut + 1], note[cut + 2 :]
        lines = block.split("\n")[:-1]  # the block ends in a newline
        if not lines:
            raise NoteError("a signed note needs at least one signature")
        if len(lines) > MAX_SIGNATURES:
            raise NoteError(f"a signed note may carry at most {MAX_SIGNATURES} signatures")
        return cls(text, tuple(NoteSignature.from_line(line) for line in lines))


class NoteVerifier:
    """A known Ed25519 key: its name, ID and public key."""

    def __init__(self, name: str, public_key: bytes) -> None:
        self.name = name
        self.key_id = key_id(name, public_key)
        self.public_key = bytes(public_key)
        self._key = Ed25519PublicKey.from_public_bytes(self.public_key)

    @classmethod
    def parse(cls, verifier_key: str) -> NoteVerifier:
        """Read a verifier key ``<name>+<hex key ID>+<base64(0x01 || public key)>``."""
        # Names hold no "+", but the base64 of the key may.
        parts = verifier_key.split("+", 2)
        if len(parts) != 3:
            raise NoteError("a verifier key has the form name+keyid+key")
        name, hex_id, encoded = parts
        check_key_name(name)
        if len(hex_id) != 2 * KEY_ID_SIZE or hex_id != hex_id.lower():
            raise NoteError("a verifier key's ID is 8 lower-case hex digits")
        try:
            wanted_id = bytes.fromhex(hex_id)
        except ValueError as exc:
            raise NoteError("a verifier key's ID is 8 lower-case hex digits") from exc
        raw = _b64decode(encoded, "the verifier key")
        if len(raw) != 1 + ED25519_KEY_SIZE or raw[0] != SIGNATURE_TYPE_ED25519:
            raise NoteError("the verifier key is not an Ed25519 key")
        verifier = cls(name, raw[1:])
        if verifier.key_id != wanted_id:
            raise NoteError("the verifier key's ID does not match its name and key")
        return verifier

    def __str__(self) -> str:
        encoded = _b64encode(bytes([SIGNATURE_TYPE_ED25519]) + self.public_key)
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    def __repr__(self) -> str:
        return f"NoteVerifier({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NoteVerifier):
            return NotImplemented
        return (self.name, self.public_key) == (other.name, other.public_key)

    def __hash__(self) -> int:
        return hash((self.name, self.public_key))

    def matches(self, signature: NoteSignature) -> bool:
        """Whether the signature line claims to be from this key (same name and key ID)."""
        return signature.name == self.name and signature.key_id == self.key_id

    def verify(self, text: str, signature: NoteSignature) -> bool:
        """Whether ``signature`` is this key's valid signature over ``text``."""
        if not self.matches(signature) or len(signature.signature) != ED25519_SIGNATURE_SIZE:
            return False
        try:
            self._key.verify(signature.signature, text.encode("utf-8"))
        except InvalidSignature:
            return False
        return True


class NoteSigner:
    """An Ed25519 signing key with its key name."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        check_key_name(name)
        self.name = name
        self._key = private_key
        self.public_key = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = key_id(name, self.public_key)

    @classmethod
    def generate(cls, name: str) -> NoteSigner:
        """A signer with a fresh random key."""
        return cls(name, Ed25519PrivateKey.generate())

    def __repr__(self) -> str:
        return f"NoteSigner({self.name!r}, key ID {self.key_id.hex()})"

    def verifier(self) -> NoteVerifier:
        """The matching verifier, to hand to whoever checks this signer's notes."""
        return NoteVerifier(self.name, self.public_key)

    def signature(self, text: str) -> NoteSignature:
        """This key's signature over a note text (which must end in a newline)."""
        _check_text(text)
        return NoteSignature(self.name, self.key_id, self._key.sign(text.encode("utf-8")))

    def sign(self, text: str) -> str:
        """The signed note: ``text``, a blank line and this key's signature line."""
        return SignedNote(text, (self.signature(text),)).render()


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("a note text must end with a newline")
    _check_characters(text)


def open_note(
    note: str | bytes, verifiers: Sequence[NoteVerifier]
) -> tuple[str, list[NoteVerifier]]:
    """The note's text and the known keys whose signatures on it verify.

    Signatures from unknown keys are ignored, as the spec requires (they may be witnesses' or a
    rotated key's). A signature line that names a known key (name and key ID) but fails to verify
    rejects the whole note, and so does a note that no known key signed.
    """
    parsed = SignedNote.parse(note)
    verified: list[NoteVerifier] = []
    for sig in parsed.signatures:
        for verifier in verifiers:
            if not verifier.matches(sig):
                continue
            if not verifier.verify(parsed.text, sig):
                raise NoteError(f"the signature by {sig.name} does not verify")
            if verifier not in verified:
                verified.append(verifier)
    if not verified:
        raise NoteError("the note carries no signature from a known key")
    return parsed.text, verified
