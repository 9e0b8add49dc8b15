"""Small template filters the web pages need."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``mapping[key]``, or the key itself when the mapping has no such entry."""
    return mapping.get(key, key)


@register.filter
def words(value: str) -> str:
    """A code as words: ``notice_sent`` → ``notice sent``."""
    return str(value or "").replace("_", " ")
