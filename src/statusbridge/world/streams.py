"""Independent, named random streams for one world.

Each concern (families, names, SSA, DHS, requests, ...) draws from its own generator derived from
the seed and the concern's name, so a new draw in one module never shifts the numbers another
sees. This module must never use global random state (`random`, `np.random.seed`, the clock): a
world is a pure function of its seed and parameters.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, concern: str) -> np.random.Generator:
    """The generator for one concern of the world built from `seed`."""
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")
    return np.random.default_rng([seed, zlib.crc32(concern.encode("utf-8"))])
