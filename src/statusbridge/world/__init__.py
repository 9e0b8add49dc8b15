"""Synthetic worlds for statusbridge: a population with ground truth, the SSA and DHS extracts
that describe it (stale codes, missing naturalizations and all), agency request files with
realistic faults, and the truth about every request row.

Synthetic data only: every person, name combination and number is drawn at random. Nothing in
this package may read real records or reach the network.
"""

from .generate import WorldSummary, default_requests, generate_world

__all__ = ["WorldSummary", "default_requests", "generate_world"]
