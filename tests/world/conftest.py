"""A small world generated once per test session."""

from __future__ import annotations

import pytest

from statusbridge.world import generate_world

from .support import PEOPLE, SEED, World


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    out = tmp_path_factory.mktemp("world")
    return World(generate_world(PEOPLE, SEED, out), out)
