"""Which snapshot rows could be the person a request is about (blocking).

Each search path names the keys it joins on; a backend executes the joins. The last-four path
searches several blocks at once, so that one keying error (in the surname, given name or date
of birth) never hides the right person: about 200 people share each last-four value in a
national extract, and these blocks cut that to a handful without losing anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import polars as pl

from statusbridge.engine.backends import Backend, Source, empty_lookup

LAST4_BLOCKS: Final = (
    ("ssn_last4", "birth_year"),
    ("ssn_last4", "last_name"),
    ("ssn_last4", "first_name"),
    ("ssn_last4", "dob"),
)
# Linking an SSA identity to DHS rows that carry no SSN: the same date of birth and either the
# same country of birth or the same surname.
IDENTITY_LINK_BLOCKS: Final = (
    ("dob", "country_of_birth"),
    ("dob", "last_name"),
)


def search(
    backend: Backend, source: Source, keys: pl.DataFrame, blocks: Sequence[Sequence[str]]
) -> pl.DataFrame:
    """The union of look-ups over ``blocks``, each (request, row) pair once."""
    if keys.height == 0 or not blocks:
        return empty_lookup(source)
    return backend.search(source, keys, blocks)
