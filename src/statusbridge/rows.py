"""Inserting many rows of one model with a single prepared statement.

Bulk runs write tens of thousands of cases and hundreds of thousands of accounting entries per
file; the ORM's per-object work would cost more than the verification. This writes plain
tuples in the caller's transaction and never bypasses the model's table or column names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
