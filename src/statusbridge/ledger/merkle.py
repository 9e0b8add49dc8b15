"""RFC 9162 Merkle tree hashing, an append-only Merkle log, and its proofs.

What it is for: the accounting of disclosures is an append-only list of entries. This module hashes
them into the Merkle tree of RFC 9162 (Certificate Transparency version 2.0), §2.1: leaves are
``SHA-256(0x00 || entry)``, interior nodes ``SHA-256(0x01 || left || right)``, and a tree of n
leaves splits at the largest power of two smaller than n. On top of that it keeps a log
(:class:`MerkleLog`) whose root can be taken at any past size, and generates and verifies the two
proofs of §2.1.3 and §2.1.4: that an entry is in the tree (inclusion) and that a later tree extends
an earlier one (consistency).

What it must never do: change a node once written (the store is append-only at every level), accept
a proof it cannot check with hashes alone, or depend on Django, a database or the network. The
verification functions take only sizes and hashes, so a person can check their own entries with
nothing but this file and a signed checkpoint.

Why hand-written: the domain needs exactly RFC 9162's hashing, byte for byte, so that any other
implementation (the Go ``transparency-dev/merkle`` module, CT monitors, a person's own script)
computes the same roots and accepts the same proofs. The Python packages on offer either hash
differently (no domain separation, duplicated odd leaves, other hash functions) or keep the whole
tree as objects in memory; the algorithms are short and are pinned here by the RFC's well-known test
vectors and by property tests against the RFC's recursive definition.

Storage layout: the store keeps, for every level ``l``, the hashes of the *complete* subtrees of
``2**l`` leaves in order (level 0 holds the leaf hashes). Such a node never changes once the leaves
under it exist, so every level is append-only. Any root or proof element is a fold of at most
``log2(n)`` stored nodes, so a root or proof over ten million leaves costs a few dozen lookups,
which :class:`MerkleLog` asks its store for in one batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Protocol

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
# RFC 9162 §2.1.1: the hash of an empty list is the hash of an empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeAddress = tuple[int, int]
"""(level, index): the complete subtree of ``2**level`` leaves from leaf ``index << level`` on."""

_sha256 = hashlib.sha256


class ProofError(ValueError):
    """A proof was asked for sizes or indexes that the tree cannot prove."""


class StoreError(RuntimeError):
    """The node store disagrees with itself: more upper nodes than its leaves allow."""


def leaf_hash(entry: bytes) -> bytes:
    """The RFC 9162 leaf hash of one entry: ``SHA-256(0x00 || entry)``."""
    return _sha256(LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The RFC 9162 interior node hash: ``SHA-256(0x01 || left || right)``."""
    return _sha256(NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n > 1``): where RFC 9162 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def tree_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash (RFC 9162 §2.1.1) of a list of leaf hashes.

    Computed level by level: pairing neighbours left to right and carrying an unpaired last node up
    unchanged builds exactly the tree of the RFC's recursive definition, without recursion and with
    one ``sha256`` call per interior node.
    """
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    for h in level:
        if not _is_hash(h):
            raise ValueError(f"a leaf hash must be {HASH_SIZE} bytes")
    sha, prefix = _sha256, NODE_PREFIX
    while len(level) > 1:
        carry = level[-1] if len(level) % 2 else None
        pairs = iter(level)
        level = [sha(prefix + a + b).digest() for a, b in zip(pairs, pairs, strict=False)]
        if carry is not None:
            level.append(carry)
    return level[0]


def _parents(nodes: Sequence[bytes]) -> list[bytes]:
    """The parents of neighbouring pairs; an unpaired last node is left out."""
    sha, prefix = _sha256, NODE_PREFIX
    pairs = iter(nodes)
    return [sha(prefix + a + b).digest() for a, b in zip(pairs, pairs, strict=False)]


def subtree_addresses(start: int, end: int) -> list[NodeAddress]:
    """The complete subtrees that make up the leaves ``[start, end)``, left to right.

    The range must be one that RFC 9162's recursion produces: ``start`` a multiple of a power of
    two at least ``end - start``. Its subtrees then have strictly decreasing sizes, and its hash is
    their fold from the right (see :func:`fold_subtrees`).
    """
    if not 0 <= start < end:
        raise ValueError(f"empty or negative leaf range [{start}, {end})")
    if start and start & -start < _ceil_pow2(end - start):
        raise ValueError(f"leaf range [{start}, {end}) is not a subtree of any tree")
    addresses: list[NodeAddress] = []
    while start < end:
        level = (end - start).bit_length() - 1
        addresses.append((level, start >> level))
        start += 1 << level
    return addresses


def _ceil_pow2(n: int) -> int:
    return 1 << (n - 1).bit_length()


def fold_subtrees(hashes: Sequence[bytes]) -> bytes:
    """The hash of a leaf range from its complete subtrees' hashes, as ``subtree_addresses``
    lists them."""
    result = hashes[-1]
    for h in reversed(hashes[:-1]):
        result = node_hash(h, result)
    return result


class NodeSource(Protocol):
    """Where stored tree nodes can be read from."""

    def get_nodes(self, addresses: Sequence[NodeAddress]) -> list[bytes]:
        """The stored hashes at ``addresses``, in order; ``IndexError`` where one is missing."""
        ...


class MerkleStore(NodeSource, Protocol):
    """Append-only storage for the complete-subtree hashes of each level.

    A database-backed store may keep level 0 in the accounting table itself. One
    :meth:`MerkleLog.extend` call writes level 0 first and then each level above it; the caller
    should wrap it in one transaction. A store that lost its upper levels' last writes (a crash
    between two levels) is completed the next time a :class:`MerkleLog` opens it.
    """

    def level_sizes(self) -> list[int]:
        """How many nodes each level holds, from level 0 up; levels past the end hold none."""
        ...

    def extend_level(self, level: int, hashes: Sequence[bytes]) -> None:
        """Append ``hashes`` to ``level`` (they follow the level's current last node)."""
        ...


class MemoryStore:
    """A :class:`MerkleStore` in memory: one ``bytearray`` per level, 32 bytes a node.

    Ten million leaves take about 640 MB (320 MB of leaf hashes and as much again above them).
    """

    def __init__(self) -> None:
        self._levels: list[bytearray] = []

    def level_sizes(self) -> list[int]:
        return [len(level) // HASH_SIZE for level in self._levels]

    def get_nodes(self, addresses: Sequence[NodeAddress]) -> list[bytes]:
        out = []
        for level, index in addresses:
            if level < 0 or index < 0 or level >= len(self._levels):
                raise IndexError(f"no node at level {level}, index {index}")
            data = self._levels[level]
            offset = index * HASH_SIZE
            if offset + HASH_SIZE > len(data):
                raise IndexError(f"no node at level {level}, index {index}")
            out.append(bytes(data[offset : offset + HASH_SIZE]))
        return out

    def extend_level(self, level: int, hashes: Sequence[bytes]) -> None:
        while len(self._levels) <= level:
            self._levels.append(bytearray())
        self._levels[level] += b"".join(hashes)


class MerkleLog:
    """An append-only RFC 9162 Merkle log over a :class:`MerkleStore`.

    Leaves are appended as leaf hashes (see :func:`leaf_hash`); the log can give its root at any
    size it has had, inclusion proofs for any leaf in any such tree, and consistency proofs between
    any two such sizes. Every answer reads at most a few dozen nodes from the store, in one batch.
    """

    def __init__(self, store: MerkleStore | None = None) -> None:
        self._store: MerkleStore = store if store is not None else MemoryStore()
        self._sizes = self._complete_levels()

    @property
    def store(self) -> MerkleStore:
        return self._store

    @property
    def size(self) -> int:
        """The number of leaves."""
        return self._sizes[0] if self._sizes else 0

    def _complete_levels(self) -> list[int]:
        """Read the level sizes, writing any upper nodes an interrupted append left out."""
        sizes = list(self._store.level_sizes())
        while sizes and sizes[-1] == 0:
            sizes.pop()
        level = 1
        while level <= len(sizes):
            expected = sizes[level - 1] // 2
            have = sizes[level] if level < len(sizes) else 0
            if have > expected:
                raise StoreError(
                    f"level {level} holds {have} nodes but level {level - 1} allows {expected}"
                )
            if have < expected:
                below = self._store.get_nodes(
                    [(level - 1, i) for i in range(2 * have, 2 * expected)]
                )
                missing = _parents(below)
                self._store.extend_level(level, missing)
                if level < len(sizes):
                    sizes[level] = expected
                else:
                    sizes.append(expected)
            level += 1
        while sizes and sizes[-1] == 0:
            sizes.pop()
        return sizes

    def append(self, leaf_hash: bytes) -> int:
        """Append one leaf hash; returns its index."""
        return self.extend([leaf_hash]).start

    def append_entry(self, entry: bytes) -> int:
        """Hash ``entry`` as a leaf and append it; returns its index."""
        return self.append(leaf_hash(entry))

    def extend(self, leaf_hashes: Iterable[bytes]) -> range:
        """Append many leaf hashes at once; returns the range of their indexes."""
        new = list(leaf_hashes)
        for h in new:
            if not _is_hash(h):
                raise ValueError(f"a leaf hash must be {HASH_SIZE} bytes")
        first = self.size
        if not new:
            return range(first, first)
        sizes = self._sizes
        # Each level with an odd count has an unpaired last node that now gets its right sibling.
        odd = [lvl for lvl, count in enumerate(sizes) if count % 2]
        last_nodes = self._store.get_nodes([(lvl, sizes[lvl] - 1) for lvl in odd])
        carried = dict(zip(odd, last_nodes, strict=True))
        level = 0
        while new:
            self._store.extend_level(level, new)
            before = sizes[level] if level < len(sizes) else 0
            after = before + len(new)
            if level < len(sizes):
                sizes[level] = after
            else:
                sizes.append(after)
            run = [carried[level], *new] if before % 2 else new
            new = _parents(run)
            level += 1
        return range(first, self.size)

    def leaf(self, index: int) -> bytes:
        """The leaf hash at ``index``."""
        if not 0 <= index < self.size:
            raise IndexError(f"no leaf {index} in a log of {self.size}")
        return self._store.get_nodes([(0, index)])[0]

    def _check_size(self, size: int | None) -> int:
        if size is None:
            return self.size
        if not 0 <= size <= self.size:
            raise ProofError(f"the log has never had size {size} (it has {self.size} leaves)")
        return size

    def _fold_all(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """Hash each leaf range, fetching every node they need in one batch."""
        plans = [subtree_addresses(start, end) for start, end in ranges]
        flat = [address for plan in plans for address in plan]
        nodes = self._store.get_nodes(flat)
        out = []
        at = 0
        for plan in plans:
            out.append(fold_subtrees(nodes[at : at + len(plan)]))
            at += len(plan)
        return out

    def root(self, size: int | None = None) -> bytes:
        """The tree hash of the first ``size`` leaves (default: all)."""
        size = self._check_size(size)
        if size == 0:
            return EMPTY_ROOT
        return self._fold_all([(0, size)])[0]

    def subtree_hash(self, start: int, end: int) -> bytes:
        """The hash of leaves ``[start, end)``, a range that RFC 9162's recursion makes."""
        self._check_size(end)
        return self._fold_all([(start, end)])[0]

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The audit path of leaf ``index`` in the tree of ``size`` leaves (RFC 9162 §2.1.3.1)."""
        size = self._check_size(size)
        if not 0 <= index < size:
            raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
        return self._fold_all(inclusion_ranges(index, size))

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """The proof that the tree of ``new_size`` extends that of ``old_size`` (§2.1.4.1)."""
        new_size = self._check_size(new_size)
        if not 0 <= old_size <= new_size:
            raise ProofError(f"no consistency proof from size {old_size} to {new_size}")
        if old_size in (0, new_size):
            return []
        return self._fold_all(consistency_ranges(old_size, new_size))


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes form the inclusion proof of ``index`` in ``size`` leaves.

    RFC 9162 §2.1.3.1 defines the path recursively; walking down from the root collects the
    siblings outermost first, and the proof lists them innermost first.
    """
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    ranges = []
    start, end = 0, size
    while end - start > 1:
        mid = start + split_point(end - start)
        if index < mid:
            ranges.append((mid, end))
            end = mid
        else:
            ranges.append((start, mid))
            start = mid
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes form the consistency proof from ``old_size`` to ``new_size``.

    RFC 9162 §2.1.4.1's SUBPROOF, walked from the root: the flag ``whole`` is true while the old
    tree is still a left-edge subtree of the current node, in which case its root is already known
    to the verifier and is left out of the proof.
    """
    if not 0 < old_size < new_size:
        raise ProofError(f"no non-trivial consistency proof from {old_size} to {new_size}")
    ranges = []
    start, end, m, whole = 0, new_size, old_size, True
    while True:
        if m == end - start:
            if not whole:
                ranges.append((start, end))
            break
        mid = start + split_point(end - start)
        if m <= mid - start:
            ranges.append((mid, end))
            end = mid
        else:
            ranges.append((start, mid))
            m -= mid - start
            start = mid
            whole = False
    ranges.reverse()
    return ranges


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """The root that ``proof`` implies for ``leaf`` at ``index`` (RFC 9162 §2.1.3.2).

    Raises :class:`ProofError` when the proof cannot be a proof for that index and size at all.
    """
    if not _is_hash(leaf):
        raise ProofError("the leaf hash must be 32 bytes")
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if not _is_hash(p):
            raise ProofError("every proof element must be 32 bytes")
        if sn == 0:
            raise ProofError("the proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the tree is deep")
    return r


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """True exactly when ``proof`` shows leaf hash ``leaf`` at ``index`` in the tree ``root``."""
    try:
        return _is_hash(root) and root_from_inclusion_proof(leaf, index, size, proof) == root
    except ProofError:
        return False


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """True exactly when ``proof`` shows the tree ``new_root`` extends the tree ``old_root``.

    RFC 9162 §2.1.4.2, plus the two trivial cases the RFC leaves to the caller: equal sizes need
    equal roots and an empty proof; an empty old tree (whose root must be :data:`EMPTY_ROOT`) is a
    prefix of every tree, with an empty proof.
    """
    if not (_is_hash(old_root) and _is_hash(new_root)):
        return False
    if not all(_is_hash(p) for p in proof):
        return False
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        # A power-of-two old tree is a complete subtree: its root is the first node of the path.
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root
