"""Which given names are the same name: nickname groups for first-name comparison.

The English groups come from the ``nicknames`` package (a curated public dataset). It has few
Spanish hypocoristics, which are common on U.S. agency files, so a short list of the
well-known ones is added here.
"""

from __future__ import annotations

from functools import cache

from nicknames import name_triplets

_SPANISH_HYPOCORISTICS = {
    "JOSE": ("PEPE", "CHEPE"),
    "FRANCISCO": ("PACO", "PANCHO", "CURRO"),
    "GUADALUPE": ("LUPE", "LUPITA"),
    "JESUS": ("CHUY", "CHUCHO"),
    "GUILLERMO": ("MEMO",),
    "EDUARDO": ("LALO",),
    "IGNACIO": ("NACHO",),
    "CONCEPCION": ("CONCHA", "CONCHITA"),
    "CONSUELO": ("CHELO",),
    "ENRIQUE": ("QUIQUE",),
    "ALEJANDRO": ("ALEX", "ALEJO"),
    "MANUEL": ("MANOLO", "MANO"),
    "ROSARIO": ("CHARO",),
    "ALBERTO": ("BETO",),
    "ROBERTO": ("BETO",),
}


@cache
def _groups() -> dict[str, frozenset[int]]:
    """Each formal name is a group; the name and its nicknames belong to it."""
    ids: dict[str, int] = {}
    groups: dict[str, set[int]] = {}
    pairs = [(t.name1.upper(), t.name2.upper()) for t in name_triplets()]
    pairs += [
        (formal, short) for formal, shorts in _SPANISH_HYPOCORISTICS.items() for short in shorts
    ]
    for formal, short in pairs:
        group = ids.setdefault(formal, len(ids))
        groups.setdefault(formal, set()).add(group)
        groups.setdefault(short, set()).add(group)
    return {name: frozenset(found) for name, found in groups.items()}


def same_given_name(a: str, b: str) -> bool:
    """True where one name is a recognised nickname or variant of the other."""
    groups = _groups()
    return bool(groups.get(a, frozenset()) & groups.get(b, frozenset()))
