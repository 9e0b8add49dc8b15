"""Birthplaces of the synthetic population and the naming culture each one implies.

Holds the ISO 3166-1 alpha-2 codes the world uses, which birthplaces confer citizenship or
nationality by birth, and where people on each immigration path tend to come from. The weights
are rough shapes chosen for variety, not statistics about any real group, and must never be read
as such.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

# Birth here makes a person a U.S. citizen (the states and DC are `US`).
CITIZEN_BIRTHPLACES = ("US", "PR", "GU", "VI", "MP")
# Birth here makes a person a U.S. national who is not a citizen.
NATIONAL_BIRTHPLACES = ("AS",)

# fmt: off
COUNTRY_CULTURE: dict[str, str] = {
    "US": "english", "PR": "spanish", "GU": "chamorro", "VI": "english", "MP": "chamorro",
    "AS": "samoan",
    "MX": "spanish", "GT": "spanish", "SV": "spanish", "HN": "spanish", "CO": "spanish",
    "DO": "spanish", "CU": "spanish", "VE": "spanish", "PE": "spanish", "EC": "spanish",
    "NI": "spanish",
    "CN": "chinese", "TW": "chinese", "KR": "korean", "VN": "vietnamese", "JP": "japanese",
    "PH": "filipino",
    "IN": "south_asian", "PK": "south_asian", "BD": "south_asian", "NP": "south_asian",
    "UA": "slavic", "RU": "slavic", "PL": "slavic", "BY": "slavic", "RS": "slavic",
    "SY": "arabic", "IQ": "arabic", "EG": "arabic", "JO": "arabic", "LB": "arabic",
    "YE": "arabic", "AF": "arabic", "SD": "arabic",
    "NG": "african", "GH": "african", "ET": "african", "ER": "african", "SO": "african",
    "CD": "african", "KE": "african", "SN": "african",
    "HT": "french", "CA": "english", "GB": "english", "JM": "english", "IE": "irish",
    "DE": "german", "FR": "french", "WS": "samoan", "FM": "chamorro",
}

# Where people born in the states and DC take their names from (descendants of every wave).
NATIVE_CULTURES: dict[str, float] = {
    "english": 0.55, "spanish": 0.18, "irish": 0.06, "german": 0.06, "french": 0.02,
    "slavic": 0.03, "chinese": 0.015, "korean": 0.01, "vietnamese": 0.01, "japanese": 0.005,
    "filipino": 0.015, "south_asian": 0.015, "arabic": 0.01, "african": 0.02,
}

TERRITORY_CULTURES: dict[str, dict[str, float]] = {
    "PR": {"spanish": 1.0},
    "GU": {"chamorro": 0.5, "filipino": 0.3, "english": 0.2},
    "MP": {"chamorro": 0.6, "filipino": 0.3, "english": 0.1},
    "VI": {"english": 0.7, "french": 0.1, "spanish": 0.2},
    "AS": {"samoan": 1.0},
}

# Countries of birth by immigration path.
PATH_COUNTRIES: dict[str, dict[str, float]] = {
    "immigrant": {
        "MX": 0.20, "IN": 0.08, "CN": 0.07, "PH": 0.07, "DO": 0.05, "VN": 0.04, "CU": 0.04,
        "SV": 0.03, "KR": 0.02, "CO": 0.02, "JM": 0.02, "HT": 0.02, "PK": 0.02, "BD": 0.015,
        "GB": 0.015, "CA": 0.015, "NG": 0.015, "ET": 0.01, "GT": 0.02, "HN": 0.01, "DE": 0.01,
        "RU": 0.01, "UA": 0.01, "PL": 0.01, "EG": 0.01, "IE": 0.005, "JP": 0.005, "TW": 0.01,
        "GH": 0.01, "PE": 0.01, "EC": 0.01, "LB": 0.005, "FR": 0.005,
    },
    "refugee": {
        "UA": 0.15, "AF": 0.15, "SY": 0.12, "CD": 0.15, "IQ": 0.10, "SO": 0.08, "ER": 0.05,
        "CU": 0.05, "VE": 0.05, "SD": 0.05, "RU": 0.05,
    },
    "asylee": {
        "VE": 0.20, "CN": 0.15, "GT": 0.10, "HN": 0.10, "SV": 0.08, "EG": 0.05, "RU": 0.10,
        "AF": 0.07, "ET": 0.05, "HT": 0.05, "NG": 0.05,
    },
    "tps": {
        "SV": 0.30, "HN": 0.15, "HT": 0.15, "VE": 0.20, "UA": 0.08, "NP": 0.04, "SO": 0.03,
        "SY": 0.03, "YE": 0.02,
    },
    "parolee": {"UA": 0.35, "AF": 0.20, "CU": 0.15, "HT": 0.15, "VE": 0.10, "NI": 0.05},
    "nonimmigrant": {
        "IN": 0.25, "CN": 0.20, "KR": 0.06, "MX": 0.08, "GB": 0.05, "CA": 0.05, "DE": 0.04,
        "JP": 0.04, "VN": 0.04, "NG": 0.04, "PH": 0.04, "CO": 0.03, "TW": 0.03, "PK": 0.03,
        "FR": 0.02,
    },
    "no_status": {
        "MX": 0.45, "GT": 0.15, "HN": 0.12, "SV": 0.10, "IN": 0.04, "CN": 0.03, "VE": 0.03,
        "CO": 0.02, "PH": 0.02, "EC": 0.02, "DO": 0.02,
    },
}
# fmt: on

# Every code the world can write, in a fixed order so codes can be stored as small integers.
COUNTRIES: tuple[str, ...] = tuple(COUNTRY_CULTURE)
COUNTRY_INDEX: dict[str, int] = {c: i for i, c in enumerate(COUNTRIES)}


def normalized(weights: Mapping[str, float]) -> tuple[list[str], npt.NDArray[np.float64]]:
    """Keys and probabilities that sum to one."""
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=np.float64)
    return keys, p / p.sum()


def countries_of_culture(culture: str) -> list[str]:
    """Foreign countries whose emigrants carry this culture's names (for foreign-born spouses)."""
    found = [
        c
        for c, k in COUNTRY_CULTURE.items()
        if k == culture and c not in CITIZEN_BIRTHPLACES + NATIONAL_BIRTHPLACES
    ]
    return found
