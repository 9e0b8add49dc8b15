"""System of records notices as versioned data, with the routine uses in force on any day.

`registry()` holds the built-in systems (SSA 60-0058, DHS/USCIS-004); `diff` compares two
versions. Pure Python: no Django, no network, no records about people.
"""

from statusbridge.privacy.sorn.diff import (
    RoutineUseChange,
    SectionChange,
    SornDiff,
    diff,
    render_diff_text,
)
from statusbridge.privacy.sorn.model import (
    SECTION_KEYS,
    SECTION_TITLES,
    RoutineUse,
    SornAction,
    SornDataError,
    SornVersion,
    default_effective,
    normalize_system_number,
    versions_from_json,
)
from statusbridge.privacy.sorn.registry import (
    EffectiveRoutineUse,
    SornLookupError,
    SornRegistry,
    registry,
)

__all__ = [
    "SECTION_KEYS",
    "SECTION_TITLES",
    "EffectiveRoutineUse",
    "RoutineUse",
    "RoutineUseChange",
    "SectionChange",
    "SornAction",
    "SornDataError",
    "SornDiff",
    "SornLookupError",
    "SornRegistry",
    "SornVersion",
    "default_effective",
    "diff",
    "normalize_system_number",
    "registry",
    "render_diff_text",
    "versions_from_json",
]
