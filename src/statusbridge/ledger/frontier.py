"""The compact range of a growing log: enough to compute the next root from new leaves alone.

A log of n leaves is covered by one complete subtree per set bit of n (largest first); their
hashes (the frontier) fold into the RFC 9162 root. Appending leaves only merges equal-sized
subtrees at the right edge, so a checkpoint after each commit costs the new leaves plus
O(log n) hashes, never a pass over the whole log. Must never read or need earlier leaves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from statusbridge.ledger.merkle import EMPTY_ROOT, HASH_SIZE, fold_subtrees, node_hash


def subtree_sizes(size: int) -> list[int]:
    """Sizes of the frontier's subtrees for a log of ``size`` leaves, largest first."""
    return [1 << bit for bit in range(size.bit_length() - 1, -1, -1) if size >> bit & 1]


def extend(size: int, frontier: Sequence[bytes], leaf_hashes: Iterable[bytes]) -> list[bytes]:
    """The frontier after appending ``leaf_hashes`` to a log of ``size`` leaves."""
    stack = list(zip(subtree_sizes(size), frontier, strict=True))
    for leaf in leaf_hashes:
        stack.append((1, leaf))
        while len(stack) >= 2 and stack[-1][0] == stack[-2][0]:
            (width, right), (_, left) = stack.pop(), stack.pop()
            stack.append((2 * width, node_hash(left, right)))
    return [h for _, h in stack]


def root(frontier: Sequence[bytes]) -> bytes:
    return fold_subtrees(frontier) if frontier else EMPTY_ROOT


def pack(frontier: Sequence[bytes]) -> bytes:
    return b"".join(frontier)


def unpack(data: bytes) -> list[bytes]:
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]
