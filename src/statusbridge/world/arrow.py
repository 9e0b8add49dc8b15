"""Typed helpers over the few pyarrow calls the world makes on text columns.

pyarrow's stubs type most compute results loosely; wrapping the calls here keeps one place that
states what comes back (a string array, a boolean mask) and keeps call sites short. These helpers
must stay thin: no domain rules, no randomness.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from .arrays import Ints, Mask

Text = pa.StringArray


def _compute(name: str) -> Callable[..., Any]:
    """A pyarrow compute function whose stub is too narrow for the call made here."""
    function: Callable[..., Any] = getattr(pc, name)
    return function


def text(values: Sequence[str] | npt.NDArray[Any]) -> Text:
    """A string array from Python or numpy strings."""
    return pa.array(values, pa.string())


def flags(mask: Mask) -> pa.BooleanArray:
    return pa.array(mask, pa.bool_())


def positions(index: Ints) -> pa.Int64Array:
    return pa.array(index, pa.int64())


def take(values: Text, index: Ints) -> Text:
    """values[index], element by element."""
    return values.take(positions(index))


def choose(mask: Mask, chosen: Text | str, otherwise: Text | str) -> Text:
    """`chosen` where `mask` is set, else `otherwise`."""
    return cast(Text, _compute("if_else")(flags(mask), chosen, otherwise))


def join(*parts: Text | str, separator: str = "") -> Text:
    """Element-wise concatenation with a separator."""
    return cast(Text, _compute("binary_join_element_wise")(*parts, separator))


def equal(values: Text, other: Text | str) -> Mask:
    """Element-wise equality (missing values compare unequal)."""
    same = _compute("fill_null")(_compute("equal")(values, other), False)
    result: Mask = same.to_numpy(zero_copy_only=False)
    return result


def upper(values: Text) -> Text:
    return pc.utf8_upper(values)


def head(values: Text, length: int) -> Text:
    """The first `length` characters."""
    return pc.utf8_slice_codeunits(values, 0, length)


def part(values: Text, start: int, stop: int) -> Text:
    return pc.utf8_slice_codeunits(values, start, stop)


def as_text(values: npt.NDArray[Any]) -> Text:
    """Numbers or dates as their plain text form (missing stays missing)."""
    return cast(Text, _compute("cast")(pa.array(values), pa.string()))


def padded(values: Text, width: int) -> Text:
    """Left-padded with zeros to `width` characters."""
    return pc.utf8_lpad(values, width=width, padding="0")


def filled(values: Text, missing: str = "") -> Text:
    """Missing values replaced by `missing`."""
    return cast(Text, _compute("fill_null")(values, missing))


def column_text(table: pa.Table, name: str) -> Any:
    """A table column as text with empty strings for missing values (chunks kept)."""
    return _compute("fill_null")(_compute("cast")(table.column(name), pa.string()), "")


def nulls_where(values: Text, absent: Mask) -> Text:
    """Missing (null) where `absent` is set, for typed outputs such as Parquet."""
    return cast(Text, _compute("if_else")(flags(absent), pa.scalar(None, pa.string()), values))


def map_distinct(values: Text, change: Callable[[str], str]) -> Text:
    """Apply a deterministic string change once per distinct value, not once per row."""
    encoded = _compute("dictionary_encode")(values)
    dictionary = text([change(str(v)) for v in encoded.dictionary.to_pylist()])
    return dictionary.take(encoded.indices)


def objects(values: Text) -> npt.NDArray[np.object_]:
    """A numpy object array of Python strings, for per-row edits on a few rows."""
    return np.array(values.to_pylist(), dtype=object)
