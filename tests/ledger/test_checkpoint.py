"""Signed notes and checkpoints: the C2SP formats exactly, signed and read back, and every kind of
tampering or malformation refused."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from statusbridge.ledger.checkpoint import (
    Checkpoint,
    CheckpointError,
    sign_checkpoint,
    verify_checkpoint,
)
from statusbridge.ledger.keyfile import (
    KeyFileError,
    generate_private_key,
    load_private_key,
    save_private_key,
)
from statusbridge.ledger.note import (
    NoteError,
    NoteSigner,
    NoteVerifier,
    SignedNote,
    key_id,
    open_note,
)

ORIGIN = "accounting.statusbridge.example/log"
# A fixed, synthetic test key: Ed25519 signatures are deterministic, so its notes are too.
SEED = hashlib.sha256(b"statusbridge synthetic checkpoint test key").digest()
ROOT = bytes.fromhex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")

# The example of golang.org/x/mod/sumdb/note (its package documentation and tests): a signer key
# "PRIVATE+KEY+<name>+<key id>+base64(0x01 || seed)", its verifier key, a text, and the signed
# note that Go's note.Sign produces for it. Reproducing it byte for byte shows that Go tooling
# reads our notes and we read theirs.
GO_SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n"
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNX"
    "gKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def _signer(name: str = ORIGIN) -> NoteSigner:
    return NoteSigner(name, Ed25519PrivateKey.from_private_bytes(SEED))


def _go_signer() -> NoteSigner:
    encoded = GO_SIGNER_KEY.split("+", 4)[4]
    raw = base64.b64decode(encoded)
    assert raw[0] == 0x01
    return NoteSigner("PeterNeumann", Ed25519PrivateKey.from_private_bytes(raw[1:]))


# --- signed notes ---------------------------------------------------------------------------------


def test_signs_exactly_as_go_sumdb_note_does() -> None:
    signer = _go_signer()
    assert str(signer.verifier()) == GO_VERIFIER_KEY
    assert signer.sign(GO_TEXT) == GO_NOTE


def test_opens_the_go_example_note_with_its_verifier_key() -> None:
    verifier = NoteVerifier.parse(GO_VERIFIER_KEY)
    text, by = open_note(GO_NOTE, [verifier])
    assert text == GO_TEXT
    assert by == [verifier]
    with pytest.raises(NoteError):
        open_note(GO_NOTE.replace("cryptography", "cryptographY"), [verifier])


def test_key_id_is_the_first_four_bytes_of_the_specified_hash() -> None:
    signer = _signer()
    expected = hashlib.sha256(ORIGIN.encode() + b"\n\x01" + signer.public_key).digest()[:4]
    assert key_id(ORIGIN, signer.public_key) == expected == signer.key_id
    encoded = base64.b64encode(b"\x01" + signer.public_key).decode()
    assert str(signer.verifier()) == f"{ORIGIN}+{expected.hex()}+{encoded}"
    assert NoteVerifier.parse(str(signer.verifier())) == signer.verifier()


def _with_type_byte(verifier_key: str, signature_type: int) -> str:
    name, hex_id, encoded = verifier_key.split("+", 2)
    public_key = base64.b64decode(encoded)[1:]
    return f"{name}+{hex_id}+{base64.b64encode(bytes([signature_type]) + public_key).decode()}"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda k: k.replace("+", "-", 1),  # no separators
        lambda k: k + "+extra",  # too many parts
        lambda k: k.split("+")[0] + "+00000000+" + k.split("+", 2)[2],  # wrong key ID
        lambda k: k.split("+")[0] + "+" + k.split("+")[1].upper() + "+" + k.split("+", 2)[2],
        lambda k: k[:-4],  # truncated key
        lambda k: "other.example+" + k.split("+", 1)[1],  # another name for the same key
        lambda k: _with_type_byte(k, 0x04),  # another signature type
    ],
)
def test_malformed_verifier_keys_are_refused(mangle: object) -> None:
    assert callable(mangle)
    with pytest.raises(NoteError):
        NoteVerifier.parse(mangle(GO_VERIFIER_KEY))


def test_signatures_from_unknown_keys_are_ignored_but_one_known_key_must_verify() -> None:
    ours, witness = _signer(), NoteSigner.generate("witness.example/w1")
    text = "a note\n"
    note = SignedNote(text, (witness.signature(text), ours.signature(text))).render()
    assert open_note(note, [ours.verifier()]) == (text, [ours.verifier()])
    assert open_note(note, [ours.verifier(), witness.verifier()])[1] == [
        witness.verifier(),
        ours.verifier(),
    ]
    with pytest.raises(NoteError, match="no signature from a known key"):
        open_note(witness.sign(text), [ours.verifier()])


def test_a_failing_signature_from_a_known_key_rejects_the_whole_note() -> None:
    ours = _signer()
    good = ours.signature("a note\n")
    forged = type(good)(good.name, good.key_id, bytes(64))
    note = SignedNote("a note\n", (forged, good)).render()
    with pytest.raises(NoteError, match="does not verify"):
        open_note(note, [ours.verifier()])


def test_same_name_with_another_key_is_another_key() -> None:
    ours, impostor = _signer(), NoteSigner.generate(ORIGIN)
    with pytest.raises(NoteError, match="no signature from a known key"):
        open_note(impostor.sign("a note\n"), [ours.verifier()])


@pytest.mark.parametrize(
    "note",
    [
        "a note\n— k AAAA\n",  # no blank line
        "a note\n\n",  # no signatures
        "a note\n\n— k QUJDREVG\n— k QUJDREVG",  # no final newline
        "a note\n\n-- k QUJDREVG\n",  # not an em dash
        "a note\n\n— k  QUJDREVG\n",  # two spaces
        "a note\n\n— k QUJDREVG \n",  # trailing space
        "a note\n\n— k QUJDREVGRw\n",  # unpadded base64
        "a note\n\n— k QUJD\n",  # too short for a key ID and a signature
        "a note\r\n\n— k QUJDREVG\n",  # carriage return
        "a\x00note\n\n— k QUJDREVG\n",  # control character
        "a note\n\n— k+1 QUJDREVG\n",  # plus in a key name
        "a note\n\n— QUJDREVG\n",  # no key name
    ],
)
def test_malformed_notes_are_refused(note: str) -> None:
    with pytest.raises(NoteError):
        SignedNote.parse(note)


def test_note_bytes_must_be_utf8() -> None:
    with pytest.raises(NoteError, match="UTF-8"):
        SignedNote.parse(b"a note\xff\n\n\xe2\x80\x94 k QUJDREVG\n")


# --- checkpoints ----------------------------------------------------------------------------------


def test_checkpoint_format_is_exactly_c2sp() -> None:
    """A fixed example, built by hand from the C2SP tlog-checkpoint and signed-note specs."""
    checkpoint = Checkpoint(ORIGIN, 8, ROOT)
    note = sign_checkpoint(checkpoint, _signer())

    body = f"{ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
    assert checkpoint.text() == body
    assert note.startswith(body + "\n\u2014 " + ORIGIN + " ")
    assert note.endswith("\n") and note.count("\n") == 5
    blob = base64.b64decode(note.split(" ")[-1].strip(), validate=True)
    assert len(blob) == 4 + 64
    public = _signer().public_key
    assert blob[:4] == hashlib.sha256(ORIGIN.encode() + b"\n\x01" + public).digest()[:4]
    Ed25519PublicKey.from_public_bytes(public).verify(blob[4:], body.encode())  # raises if not
    # Ed25519 is deterministic: the same checkpoint and key always give this very note.
    assert note == sign_checkpoint(checkpoint, _signer())


def test_sign_and_verify_round_trip_with_extension_lines() -> None:
    checkpoint = Checkpoint(ORIGIN, 123_456_789, ROOT, ("Timestamp: 1767225600",))
    note = sign_checkpoint(checkpoint, _signer())
    assert verify_checkpoint(note, [_signer().verifier()], origin=ORIGIN) == checkpoint
    assert verify_checkpoint(note.encode(), [_signer().verifier()], origin=ORIGIN) == checkpoint


def test_empty_tree_checkpoint() -> None:
    empty = Checkpoint(ORIGIN, 0, hashlib.sha256(b"").digest())
    note = sign_checkpoint(empty, _signer())
    assert "\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n" in note
    assert verify_checkpoint(note, [_signer().verifier()], origin=ORIGIN) == empty


@given(
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=7),
    st.sampled_from(["size", "root", "origin", "signature", "key"]),
)
@settings(max_examples=60, deadline=None)
def test_any_modified_checkpoint_is_rejected(at: int, bit: int, part: str) -> None:
    note = sign_checkpoint(Checkpoint(ORIGIN, 1000, ROOT), _signer())
    body, _, signature_line = note.partition("\n\n")
    lines = body.split("\n")
    if part == "size":
        lines[1] = str(1000 + 1 + at)
        changed = "\n".join(lines) + "\n\n" + signature_line
    elif part == "root":
        root = bytearray(ROOT)
        root[at % 32] ^= 1 << bit
        lines[2] = base64.b64encode(bytes(root)).decode()
        changed = "\n".join(lines) + "\n\n" + signature_line
    elif part == "origin":
        lines[0] = lines[0] + str(at)
        changed = "\n".join(lines) + "\n\n" + signature_line
    else:
        prefix, encoded = signature_line.rstrip("\n").rsplit(" ", 1)
        blob = bytearray(base64.b64decode(encoded))
        if part == "signature":
            blob[4 + at % 64] ^= 1 << bit
        else:
            blob[at % 4] ^= 1 << bit
        changed = body + "\n\n" + prefix + " " + base64.b64encode(bytes(blob)).decode() + "\n"
    with pytest.raises(CheckpointError):
        verify_checkpoint(changed, [_signer().verifier()], origin=ORIGIN)


def test_wrong_key_and_wrong_origin_are_rejected() -> None:
    note = sign_checkpoint(Checkpoint(ORIGIN, 8, ROOT), _signer())
    other = NoteSigner.generate("another.example/log")
    with pytest.raises(CheckpointError, match="no signature from a known key"):
        verify_checkpoint(note, [other.verifier()], origin=ORIGIN)
    with pytest.raises(CheckpointError, match=r"not 'another\.example/log'"):
        verify_checkpoint(note, [_signer().verifier()], origin="another.example/log")
    with pytest.raises(CheckpointError, match="may not sign"):
        sign_checkpoint(Checkpoint(ORIGIN, 8, ROOT), other)


ROOT_B64 = base64.b64encode(ROOT).decode()


@pytest.mark.parametrize(
    "text",
    [
        f"{ORIGIN}\n8\n{ROOT_B64}",  # no final newline
        f"{ORIGIN}\n8\n",  # no root
        f"{ORIGIN}\n08\n{ROOT_B64}\n",  # leading zero
        f"{ORIGIN}\n+8\n{ROOT_B64}\n",  # sign
        f"{ORIGIN}\n 8\n{ROOT_B64}\n",  # space
        f"{ORIGIN}\n8.0\n{ROOT_B64}\n",  # not an integer
        f"{ORIGIN}\n\u0668\n{ROOT_B64}\n",  # a non-ASCII digit
        f"{ORIGIN}\n{2**64}\n{ROOT_B64}\n",  # beyond uint64
        f"{ORIGIN}\n8\n{ROOT_B64[:-1]}\n",  # unpadded
        f"{ORIGIN}\n8\n{base64.b64encode(ROOT[:31]).decode()}\n",  # short root
        f"{ORIGIN}\n8\n{ROOT_B64}\n\nextension\n",  # blank line
        f"\n{ORIGIN}\n8\n{ROOT_B64}\n",  # blank first line
        f"{ORIGIN}\n8\n{ROOT_B64}\n\n",  # blank extension line
    ],
)
def test_checkpoint_text_parsing_is_strict(text: str) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint.from_text(text)


def test_extra_blank_lines_in_a_signed_checkpoint_are_rejected() -> None:
    signer = _signer()
    note = sign_checkpoint(Checkpoint(ORIGIN, 8, ROOT), signer)
    body, _, signature_line = note.partition("\n\n")
    # Signed as such, a text with a blank line in it is still no checkpoint.
    padded_text = body + "\n\nextension\n"
    with pytest.raises(CheckpointError):
        verify_checkpoint(signer.sign(padded_text), [signer.verifier()], origin=ORIGIN)
    with pytest.raises(CheckpointError):
        verify_checkpoint(body + "\n\n\n" + signature_line, [signer.verifier()], origin=ORIGIN)


# --- key files ------------------------------------------------------------------------------------


def test_key_file_round_trip_is_owner_only(tmp_path: Path) -> None:
    key = generate_private_key()
    path = save_private_key(tmp_path / "checkpoint.key", key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_size == 32
    loaded = NoteSigner(ORIGIN, load_private_key(path))
    assert loaded.public_key == NoteSigner(ORIGIN, key).public_key
    assert [p.name for p in tmp_path.iterdir()] == ["checkpoint.key"]  # no temporary file left


def test_a_key_is_never_replaced_unless_asked(tmp_path: Path) -> None:
    path = save_private_key(tmp_path / "checkpoint.key", generate_private_key())
    before = path.read_bytes()
    with pytest.raises(KeyFileError, match="already exists"):
        save_private_key(path, generate_private_key())
    assert path.read_bytes() == before
    save_private_key(path, generate_private_key(), overwrite=True)
    assert path.read_bytes() != before
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_key_files_others_can_read_or_that_are_malformed_are_refused(tmp_path: Path) -> None:
    path = save_private_key(tmp_path / "checkpoint.key", generate_private_key())
    os.chmod(path, 0o640)
    with pytest.raises(KeyFileError, match="owner only"):
        load_private_key(path)
    os.chmod(path, 0o600)
    path.write_bytes(b"\x01" * 33)
    with pytest.raises(KeyFileError, match="32-byte"):
        load_private_key(path)
    with pytest.raises(KeyFileError, match="no signing key"):
        load_private_key(tmp_path / "missing.key")
