"""The log's checkpoint signing key on disk: a raw 32-byte Ed25519 private key, owner-only.

What it is for: the service signs checkpoints with one Ed25519 key kept in the data home. The file
holds exactly the 32-byte private key (RFC 8032 seed) and nothing else, written with mode 0600 and
never replaced by accident.

What it must never do: write a key another user could read, read a key file that others can read
or write (a key that may have leaked must not sign), overwrite an existing key unless told to, or
print the key. The public half is shared as a verifier key string (``note.NoteVerifier``).

Why hand-written: it is a few lines around ``os.open`` and the ``cryptography`` package's raw key
encoding; the checks on permissions are the point, and no package makes them for us.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

PRIVATE_KEY_SIZE = 32
_OWNER_ONLY = 0o600


class KeyFileError(RuntimeError):
    """A key file is missing, malformed, or readable or writable by others."""


def generate_private_key() -> Ed25519PrivateKey:
    """A fresh random Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def save_private_key(
    path: str | os.PathLike[str], key: Ed25519PrivateKey, *, overwrite: bool = False
) -> Path:
    """Write ``key`` as 32 raw bytes to ``path`` with mode 0600; refuse to replace a key unless
    ``overwrite``. The file appears complete or not at all."""
    target = Path(path)
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    if not overwrite and target.exists():
        raise KeyFileError(f"{target} already exists; a signing key is never replaced silently")
    fd, tmp = tempfile.mkstemp(prefix=".key-", dir=target.parent)  # mkstemp creates it 0600
    try:
        os.fchmod(fd, _OWNER_ONLY)
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            # link() fails if the target appeared meanwhile, where rename() would replace it.
            try:
                os.link(tmp, target)
            except FileExistsError as exc:
                raise KeyFileError(f"{target} already exists") from exc
            finally:
                os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """Read a key written by :func:`save_private_key`, refusing one that others could use."""
    target = Path(path)
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError as exc:
        raise KeyFileError(f"no signing key at {target}") from exc
    except OSError as exc:
        raise KeyFileError(f"cannot open signing key {target}: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as source:
        info = os.fstat(source.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise KeyFileError(f"{target} is not a regular file")
        if info.st_mode & 0o077:
            raise KeyFileError(
                f"{target} has mode {stat.S_IMODE(info.st_mode):04o}; a signing key must be "
                "readable by its owner only (chmod 600)"
            )
        raw = source.read(PRIVATE_KEY_SIZE + 1)
    if len(raw) != PRIVATE_KEY_SIZE:
        raise KeyFileError(f"{target} does not hold a 32-byte Ed25519 private key")
    return Ed25519PrivateKey.from_private_bytes(raw)
