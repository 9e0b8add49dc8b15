"""RFC 9162 hashing and proofs: the published test vectors, the RFC's own recursive definitions,
and tampering of every kind failing verification."""

from __future__ import annotations

import hashlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statusbridge.ledger.merkle import (
    EMPTY_ROOT,
    MemoryStore,
    MerkleLog,
    ProofError,
    StoreError,
    leaf_hash,
    node_hash,
    root_from_inclusion_proof,
    subtree_addresses,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

# The eight-leaf test tree that Certificate Transparency implementations share. The leaf inputs,
# the roots of its prefixes of sizes 1..8, and the inclusion and consistency proofs below are the
# values in transparency-dev/merkle's proof/verify_test.go (which carries them over from
# google/certificate-transparency's merkle tree tests). The empty tree's root is SHA-256("").
CT_LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
CT_ROOTS = {
    0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
# (0-based leaf index, tree size, audit path)
CT_INCLUSION = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# (old size, new size, consistency proof)
CT_CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

CT_LEAVES = [leaf_hash(data) for data in CT_LEAF_INPUTS]


def _hex(hashes: list[bytes]) -> list[str]:
    return [h.hex() for h in hashes]


def _ct_log() -> MerkleLog:
    log = MerkleLog()
    log.extend(CT_LEAVES)
    return log


# The RFC's definitions, written as recursively as the RFC writes them, as a second opinion.
def _mth(d: list[bytes]) -> bytes:
    n = len(d)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return d[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(_mth(d[:k]), _mth(d[k:]))


def _path(m: int, d: list[bytes]) -> list[bytes]:
    n = len(d)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*_path(m, d[:k]), _mth(d[k:])]
    return [*_path(m - k, d[k:]), _mth(d[:k])]


def _subproof(m: int, d: list[bytes], whole: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if whole else [_mth(d)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*_subproof(m, d[:k], whole), _mth(d[k:])]
    return [*_subproof(m - k, d[k:], False), _mth(d[:k])]


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def _flip(value: bytes, byte: int, bit: int = 0) -> bytes:
    changed = bytearray(value)
    changed[byte % len(changed)] ^= 1 << bit
    return bytes(changed)


# --- published vectors -------------------------------------------------------------------------


def test_empty_tree_hash_is_sha256_of_nothing() -> None:
    assert hashlib.sha256(b"").digest() == EMPTY_ROOT
    assert tree_hash([]) == EMPTY_ROOT
    assert MerkleLog().root() == EMPTY_ROOT


def test_leaf_and_node_hashes_are_domain_separated() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    a, b = CT_LEAVES[0], CT_LEAVES[1]
    assert node_hash(a, b) == hashlib.sha256(b"\x01" + a + b).digest()


@pytest.mark.parametrize("size", range(9))
def test_roots_of_the_ct_test_tree(size: int) -> None:
    assert tree_hash(CT_LEAVES[:size]).hex() == CT_ROOTS[size]
    assert _ct_log().root(size).hex() == CT_ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), CT_INCLUSION)
def test_inclusion_proofs_of_the_ct_test_tree(index: int, size: int, proof: list[str]) -> None:
    log = _ct_log()
    assert _hex(log.inclusion_proof(index, size)) == proof
    root = bytes.fromhex(CT_ROOTS[size])
    given_proof = [bytes.fromhex(p) for p in proof]
    assert verify_inclusion(CT_LEAVES[index], index, size, given_proof, root)


@pytest.mark.parametrize(("old", "new", "proof"), CT_CONSISTENCY)
def test_consistency_proofs_of_the_ct_test_tree(old: int, new: int, proof: list[str]) -> None:
    log = _ct_log()
    assert _hex(log.consistency_proof(old, new)) == proof
    old_root, new_root = bytes.fromhex(CT_ROOTS[old]), bytes.fromhex(CT_ROOTS[new])
    assert verify_consistency(old, new, old_root, new_root, [bytes.fromhex(p) for p in proof])


def test_the_ct_inclusion_vectors_reject_every_corruption() -> None:
    """The corruptions transparency-dev's tests try: wrong index, size, leaf, root; proofs
    with garbage added, removed or changed."""
    for index, size, hex_proof in CT_INCLUSION[1:]:
        proof = [bytes.fromhex(p) for p in hex_proof]
        root, leaf = bytes.fromhex(CT_ROOTS[size]), CT_LEAVES[index]
        probes = [
            (leaf, index - 1, size, proof, root),
            (leaf, index + 1, size, proof, root),
            (leaf, index ^ 2, size, proof, root),
            (leaf, index, size * 2, proof, root),
            (leaf, index, size // 2, proof, root),
            (leaf_hash(b"WrongLeaf"), index, size, proof, root),
            (leaf, index, size, proof, EMPTY_ROOT),
            (leaf, index, size, [*proof, root], root),
            (leaf, index, size, [root, *proof], root),
            (leaf, index, size, proof[:-1], root),
            (leaf, index, size, [*proof, b""], root),
        ]
        probes += [
            (leaf, index, size, [*proof[:i], _flip(p, 0, 3), *proof[i + 1 :]], root)
            for i, p in enumerate(proof)
        ]
        for probe in probes:
            assert not verify_inclusion(*probe), probe[1:3]


def test_the_ct_consistency_vectors_reject_every_corruption() -> None:
    for old, new, hex_proof in CT_CONSISTENCY[1:]:
        proof = [bytes.fromhex(p) for p in hex_proof]
        r1, r2 = bytes.fromhex(CT_ROOTS[old]), bytes.fromhex(CT_ROOTS[new])
        probes = [
            (old - 1, new, r1, r2, proof),
            (old + 1, new, r1, r2, proof),
            (old ^ 2, new, r1, r2, proof),
            (old, new * 2, r1, r2, proof),
            (old, new // 2, r1, r2, proof),
            (old, new, leaf_hash(b"WrongRoot"), r2, proof),
            (old, new, r1, leaf_hash(b"WrongRoot"), proof),
            (old, new, r2, r1, proof),
            (old, new, r1, r2, []),
            (old, new, r1, r2, [*proof, r1]),
            (old, new, r1, r2, [*proof, r2]),
            (old, new, r1, r2, [r1, *proof]),
            (old, new, r1, r2, [r2, *proof]),
            (old, new, r1, r2, [proof[0], *proof]),
            (old, new, r1, r2, proof[:-1]),
        ]
        probes += [
            (old, new, r1, r2, [*proof[:i], _flip(p, 0, 4), *proof[i + 1 :]])
            for i, p in enumerate(proof)
        ]
        for probe in probes:
            assert not verify_consistency(*probe), probe[:2]


def test_trivial_consistency_cases() -> None:
    root = CT_LEAVES[0]
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verify_consistency(0, 5, EMPTY_ROOT, root, [])
    assert verify_consistency(3, 3, root, root, [])
    assert not verify_consistency(3, 3, root, EMPTY_ROOT, [])
    assert not verify_consistency(3, 3, root, root, [root])
    assert not verify_consistency(0, 5, root, root, [])  # a size-0 tree has the empty root
    assert not verify_consistency(0, 5, EMPTY_ROOT, root, [root])
    assert not verify_consistency(4, 3, root, root, [root])


# --- agreement with the RFC's recursive definitions ----------------------------------------------


def test_every_root_and_proof_matches_the_rfc_recursion_up_to_40_leaves() -> None:
    leaves = _leaves(40)
    log = MerkleLog()
    for n in range(1, 41):
        log.append(leaves[n - 1])
        assert log.root() == _mth(leaves[:n]) == tree_hash(leaves[:n])
        for m in range(n):
            assert log.inclusion_proof(m, n) == _path(m, leaves[:n])
        for m in range(1, n):
            assert log.consistency_proof(m, n) == _subproof(m, leaves[:n], True)


def test_appending_one_at_a_time_or_in_batches_stores_the_same_tree() -> None:
    leaves = _leaves(100)
    one_by_one, batched = MerkleLog(), MerkleLog()
    for h in leaves:
        one_by_one.append(h)
    for start, stop in ((0, 3), (3, 4), (4, 37), (37, 64), (64, 65), (65, 100)):
        batched.extend(leaves[start:stop])
    assert one_by_one.store.level_sizes() == batched.store.level_sizes()
    for size in range(101):
        assert one_by_one.root(size) == batched.root(size) == _mth(leaves[:size])


# --- properties -----------------------------------------------------------------------------------


@st.composite
def _tree_and_index(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=300))
    return n, draw(st.integers(min_value=0, max_value=n - 1))


@given(_tree_and_index(), st.integers(min_value=0, max_value=10_000))
@settings(max_examples=150, deadline=None)
def test_every_inclusion_proof_verifies_and_no_tampering_does(
    case: tuple[int, int], where: int
) -> None:
    n, index = case
    leaves = _leaves(n)
    log = MerkleLog()
    log.extend(leaves)
    root, proof = log.root(), log.inclusion_proof(index)
    assert verify_inclusion(leaves[index], index, n, proof, root)
    assert root_from_inclusion_proof(leaves[index], index, n, proof) == root
    # Any single flipped bit in the leaf, the root or any proof element is caught.
    bit = where % 8
    assert not verify_inclusion(_flip(leaves[index], where, bit), index, n, proof, root)
    assert not verify_inclusion(leaves[index], index, n, proof, _flip(root, where, bit))
    if proof:
        i = where % len(proof)
        bad = [*proof[:i], _flip(proof[i], where // 7, bit), *proof[i + 1 :]]
        assert not verify_inclusion(leaves[index], index, n, bad, root)
        assert not verify_inclusion(leaves[index], index, n, proof[:-1], root)
    assert not verify_inclusion(leaves[index], index, n, [*proof, root], root)
    # Another leaf does not verify at this index (leaf hashes of distinct inputs differ).
    other = (index + 1 + where) % n
    if other != index:
        assert not verify_inclusion(leaves[other], index, n, proof, root)


@st.composite
def _two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=300))
    return draw(st.integers(min_value=0, max_value=n)), n


@given(_two_sizes(), st.integers(min_value=0, max_value=10_000))
@settings(max_examples=150, deadline=None)
def test_every_consistency_proof_verifies_and_no_tampering_does(
    sizes: tuple[int, int], where: int
) -> None:
    m, n = sizes
    leaves = _leaves(n)
    log = MerkleLog()
    log.extend(leaves)
    old_root, new_root, proof = log.root(m), log.root(n), log.consistency_proof(m, n)
    assert verify_consistency(m, n, old_root, new_root, proof)
    bit = where % 8
    if m > 0:  # the empty tree is a prefix of every tree, whatever its root
        assert not verify_consistency(m, n, old_root, _flip(new_root, where, bit), proof)
    assert not verify_consistency(m, n, _flip(old_root, where, bit), new_root, proof)
    if proof:
        i = where % len(proof)
        bad = [*proof[:i], _flip(proof[i], where // 7, bit), *proof[i + 1 :]]
        assert not verify_consistency(m, n, old_root, new_root, bad)
        assert not verify_consistency(m, n, old_root, new_root, proof[:-1])
    assert not verify_consistency(m, n, old_root, new_root, [*proof, new_root])
    # A tree in which one of the old leaves was changed is not an extension of the old one.
    if m > 0:
        forged = list(leaves)
        forged[where % m] = leaf_hash(b"forged")
        other = MerkleLog()
        other.extend(forged)
        assert not verify_consistency(m, n, old_root, other.root(), other.consistency_proof(m, n))


# --- misuse and stores ----------------------------------------------------------------------------


def test_proofs_are_refused_for_sizes_the_log_never_had() -> None:
    log = _ct_log()
    with pytest.raises(ProofError):
        log.root(9)
    with pytest.raises(ProofError):
        log.inclusion_proof(8, 8)
    with pytest.raises(ProofError):
        log.inclusion_proof(0, 9)
    with pytest.raises(ProofError):
        log.consistency_proof(5, 4)
    with pytest.raises(ValueError, match="32 bytes"):
        log.append(b"short")
    with pytest.raises(ValueError, match="not a subtree"):
        subtree_addresses(1, 3)


def test_a_store_that_lost_its_upper_levels_is_completed_on_open() -> None:
    leaves = _leaves(21)
    partial = MemoryStore()
    partial.extend_level(0, leaves)  # as if the process died right after writing the leaves
    log = MerkleLog(partial)
    assert partial.level_sizes() == [21, 10, 5, 2, 1]
    assert log.root() == _mth(leaves)
    log.append(leaf_hash(b"more"))
    assert log.root() == _mth([*leaves, leaf_hash(b"more")])


def test_a_store_with_more_upper_nodes_than_leaves_is_refused() -> None:
    store = MemoryStore()
    store.extend_level(0, _leaves(2))
    store.extend_level(1, _leaves(3))
    with pytest.raises(StoreError):
        MerkleLog(store)


def test_timing_root_over_a_million_leaves() -> None:
    """Printed, not asserted (timings belong in benchmarks): run with -s to see it."""
    leaves = [hashlib.sha256(i.to_bytes(8, "big")).digest() for i in range(1_000_000)]
    started = time.perf_counter()
    root = tree_hash(leaves)
    elapsed = time.perf_counter() - started
    log = MerkleLog()
    started = time.perf_counter()
    log.extend(leaves)
    stored = time.perf_counter() - started
    assert log.root() == root
    print(f"\nroot over 1M leaf hashes: {elapsed:.2f} s; as a MerkleLog: {stored:.2f} s")
