"""The compact range of a growing log: enough to compute the next root from new leaves alone.

A log of n leaves is covered by one complete subtree per set bit of n (largest first); their
hashes (the frontier) fold into the RFC 9162 root. Appending leaves only merges equal-sized
subtrees at the right edge, so a checkpoint after each commit costs the new leaves plus
O(log n) hashes, never a pass over the whole log. Must never read or need earlier leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from statusbridge.ledger.merkle import EMPTY_ROOT, HASH_SIZE, fold_subtrees


def subtree_sizes(size: int) -> list[int]:
    """Sizes of the frontier's subtrees for a log of ``size`` leaves, largest first."""
    return [1 << bit for bit in range(size.bit_length() - 1, -1, -1) if size >> bit & 1]


def extend(size: int, frontier: Sequence[bytes], leaf_hashes: Iterable[bytes]) -> list[bytes]:
    """The frontier after appending ``leaf_hashes`` to a log of ``size`` leaves."""
    widths = subtree_sizes(size)
    hashes = list(frontier)
    if len(widths) != len(hashes):
        raise ValueError(f"a log of {size} leaves has {len(widths)} frontier hashes")
    sha256 = hashlib.sha256  # this loop runs once per accounted row: keep it lean
    for leaf in leaf_hashes:
        width, node = 1, leaf
        while widths and widths[-1] == width:
            node = sha256(b"\x01" + hashes.pop() + node).digest()
            widths.pop()
            width *= 2
        widths.append(width)
        hashes.append(node)
    return hashes


def root(frontier: Sequence[bytes]) -> bytes:
    return fold_subtrees(frontier) if frontier else EMPTY_ROOT


def pack(frontier: Sequence[bytes]) -> bytes:
    return b"".join(frontier)


def unpack(data: bytes) -> list[bytes]:
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]
