"""Inserting many rows of one model at once: ``COPY`` on PostgreSQL, one prepared statement
elsewhere; from tuples, or from a polars frame (``insert_frame``: on PostgreSQL a binary
``COPY`` in the table's own column types, each row encoded by psycopg's C code).

Bulk runs write tens of thousands of cases and hundreds of thousands of accounting entries per
file; the ORM's per-object work would cost more than the verification. This writes plain
tuples in the caller's transaction and never bypasses the model's table or column names.
PostgreSQL's ``COPY FROM STDIN`` streams the rows in one statement, without a round trip or a
statement execution per row (psycopg's ``Cursor.copy``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db import connection, models


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def insert_frame(model: type[models.Model], frame: pl.DataFrame) -> None:
    """Insert every row of ``frame``, whose columns are ``model``'s (binary ones as bytes)."""
    if connection.vendor != "postgresql":
        insert_rows(model, frame.columns, frame.rows())
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in frame.columns)
    # Binary COPY: bytea travels as it is (as text it doubles, as hex, and is parsed back), and
    # psycopg's C encoder writes each row without Python work per value.
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN WITH (FORMAT binary)"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.set_types(_server_types(model, frame.columns))
        for row in frame.iter_rows():
            copy.write_row(row)


def _server_types(model: type[models.Model], columns: Sequence[str]) -> list[str]:
    """The columns' PostgreSQL type names, as binary COPY needs them exactly (no length)."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    return [str(fields[c].db_type(connection)).split("(")[0] for c in columns]
