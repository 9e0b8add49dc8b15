"""Vectorised helpers over numpy arrays, mostly over rows grouped by their owner.

Record tables (SSA entries, DHS rows) are built as flat arrays sorted by owner; these helpers
rank, forward-fill and de-duplicate within each owner's run without a Python loop. They must stay
pure: no randomness of their own and no I/O.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Dates = npt.NDArray[np.datetime64]


def run_starts(owner: Ints) -> Mask:
    """True on the first row of each owner's run (rows sorted by owner)."""
    starts = np.ones(owner.shape[0], dtype=np.bool_)
    starts[1:] = owner[1:] != owner[:-1]
    return starts


def run_ends(owner: Ints) -> Mask:
    """True on the last row of each owner's run (rows sorted by owner)."""
    ends = np.ones(owner.shape[0], dtype=np.bool_)
    ends[:-1] = owner[1:] != owner[:-1]
    return ends


def rank_in_run(owner: Ints) -> Ints:
    """0 for an owner's first row, 1 for the next, and so on."""
    position = np.arange(owner.shape[0], dtype=np.int64)
    first = np.where(run_starts(owner), position, 0)
    return position - np.maximum.accumulate(first)


def forward_fill(values: Ints, is_set: Mask, owner: Ints) -> Ints:
    """Carry each owner's last set value down its run; the first row of a run counts as set."""
    position = np.arange(values.shape[0], dtype=np.int64)
    source = np.where(is_set | run_starts(owner), position, 0)
    filled: Ints = values[np.maximum.accumulate(source)]
    return filled


def strictly_increasing(day_numbers: Ints, owner: Ints) -> Ints:
    """Bump equal or backward days so each owner's days strictly increase (rows sorted)."""
    rank = rank_in_run(owner)
    # Offsetting every owner above the previous one keeps the running maximum inside a run.
    span = int(day_numbers.max() - day_numbers.min()) + int(rank.max()) + 2 if owner.size else 1
    group = np.cumsum(run_starts(owner)).astype(np.int64)
    lifted = group * span + (day_numbers - rank)
    result: Ints = np.maximum.accumulate(lifted) - group * span + rank
    return result


def pick(rng: np.random.Generator, p: Floats, size: int) -> Ints:
    """Draw `size` category indices from one probability vector."""
    cdf = np.cumsum(p / p.sum())
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), p.size - 1).astype(
        np.int64
    )


def pick_per_row(rng: np.random.Generator, weights: Floats) -> Ints:
    """Draw one category per row from row-specific weights (rows with no weight get -1)."""
    total = weights.sum(axis=1)
    cdf = np.cumsum(weights, axis=1)
    target = rng.random(weights.shape[0]) * total
    chosen = (cdf <= target[:, None]).sum(axis=1).astype(np.int64)
    return np.where(total > 0, np.minimum(chosen, weights.shape[1] - 1), -1)


def skewed_index(rng: np.random.Generator, sizes: Ints, skew: float = 1.7) -> Ints:
    """Indices into lists of the given sizes, favouring the head (the most common names)."""
    drawn = (rng.random(sizes.shape[0]) ** skew * sizes).astype(np.int64)
    index: Ints = np.minimum(drawn, sizes - 1)
    return index
