"""Read untrusted XML into an ElementTree without the parser's dangerous features.

The standard library's expat parser expands internal entities and can be pointed at external
ones. Federal Register full-text XML needs neither: it carries no DOCTYPE. So this loader drives
expat directly, refuses any document type declaration or entity declaration outright (which rules
out entity-expansion bombs and external entities), caps the input size and the nesting depth, and
builds an ordinary `xml.etree.ElementTree` tree. It was written rather than taking defusedxml so
that the project needs no extra dependency for four handlers; it must never enable DTD loading.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any, Final, NoReturn
from xml.parsers import expat

MAX_BYTES: Final = 10_000_000  # a long SORN is well under 1 MB; a whole daily issue under 10
MAX_DEPTH: Final = 200


class UnsafeXMLError(ValueError):
    """The input is not XML this project will read; the message says why."""


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_xml(data: bytes | str, *, max_bytes: int = MAX_BYTES) -> ET.Element:
    """The root element of `data`, or `UnsafeXMLError`."""
    if isinstance(data, str):
        raw = data.encode("utf-8")
        encoding: str | None = "utf-8"
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        encoding = None
    else:
        raise UnsafeXMLError(f"expected XML bytes or text, got {type(data).__name__}")
    if len(raw) > max_bytes:
        raise UnsafeXMLError(f"input is {len(raw):,} bytes; the limit is {max_bytes:,}")
    if not raw.strip():
        raise UnsafeXMLError("input is empty")

    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(encoding)
    depth = 0

    def refuse(what: str) -> NoReturn:
        raise _Refused(f"{what} are not allowed (line {parser.CurrentLineNumber})")

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _Refused(f"elements nested deeper than {MAX_DEPTH}")
        builder.start(tag, attrs)

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(tag)

    def doctype(*_args: Any) -> None:
        refuse("document type declarations (DOCTYPE)")

    def entity(*_args: Any) -> None:
        refuse("entity declarations")

    def external(*_args: Any) -> int:
        refuse("external entity references")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(raw, True)
    except _Refused as exc:
        raise UnsafeXMLError(exc.message) from None
    except expat.ExpatError as exc:
        raise UnsafeXMLError(
            f"not well-formed XML: {expat.ErrorString(exc.code)} "
            f"(line {exc.lineno}, column {exc.offset})"
        ) from None
    except (ValueError, LookupError) as exc:  # an unknown or impossible declared encoding
        raise UnsafeXMLError(f"cannot read the input: {exc}") from None
    root = builder.close()
    if not isinstance(root, ET.Element):
        raise UnsafeXMLError("input has no root element")
    return root
