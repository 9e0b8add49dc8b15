"""Reading request bodies safely: text that is text, multipart uploads under any file name.

A JSON body must be I-JSON (RFC 7493), and no value anywhere may hold a NUL character. JSON's
grammar lets a string escape half of a UTF-16 surrogate pair (``"\\ud800"``); Python reads it as a
string that cannot be encoded, and it failed far from the request — in the database driver, in
Polars, in a log handler — as a 500. I-JSON forbids such strings, and so does ``TextParser``, for
every key and value, before any view sees them (JSON: 422; a form field: 400). U+0000 is refused
too, in JSON and in form fields alike: PostgreSQL's text cannot hold it.

Django names the temporary file of a large upload after the upload's extension; a client's
900-character extension made that name too long for the file system (a 500). ``UploadToDisk``
bounds the extension it passes on; the suffix check of ``jobs`` then refuses the upload as usual.

This module must never put a submitted value in an error message: only where the fault is.
"""

from __future__ import annotations

import json
import os
from typing import Any, cast

from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

JsonValue = Any
# Longer than any real extension, short enough for a file name within NAME_MAX with Django's prefix.
MAX_EXTENSION = 32


class NotText(ValueError):
    """A key or value of the request is not Unicode text, or holds U+0000."""

    def __init__(self, where: str, fault: str) -> None:
        self.where, self.fault = where, fault
        super().__init__(f"{where}: {fault}")


def _fault(text: str) -> str | None:
    if "\x00" in text:
        return "holds a NUL character (U+0000)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a lone UTF-16 surrogate escape, which is not a character"
    return None


def check_strings(document: JsonValue) -> None:
    """Raise ``NotText`` naming the first key or string value that is not Unicode text."""
    # Iterative: json.loads accepts nesting deeper than a recursive walk would.
    pending: list[tuple[str, JsonValue]] = [("body", document)]
    while pending:
        where, value = pending.pop()
        if isinstance(value, str):
            fault = _fault(value)
            if fault:
                raise NotText(where, fault)
        elif isinstance(value, dict):
            for key, item in value.items():
                fault = _fault(key)
                if fault:
                    raise NotText(f"{where} (a key)", fault)
                pending.append((key if where == "body" else f"{where}.{key}", item))
        elif isinstance(value, list):
            pending.extend((f"{where}[{i}]", item) for i, item in enumerate(value))


class FormNotText(NotText):
    """A form field (URL-encoded or multipart) is not Unicode text, or holds U+0000."""


class TextParser(Parser):
    """Ninja's parser, refusing keys and values that are not Unicode text (see the module)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        document = json.loads(request.body)
        check_strings(document)
        return cast(dict[str, Any], document)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        try:
            check_strings({k: v for k, v in parsed.items() if isinstance(v, str | list)})
        except NotText as exc:
            raise FormNotText(exc.where, exc.fault) from None
        return parsed


class UploadToDisk(TemporaryFileUploadHandler):
    """Django's handler for uploads kept on disk, with the upload's extension bounded."""

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        stem, extension = os.path.splitext(file_name)
        super().new_file(field_name, stem + extension[:MAX_EXTENSION], *args, **kwargs)
