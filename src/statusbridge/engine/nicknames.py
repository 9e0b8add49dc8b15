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
def _pairs() -> frozenset[frozenset[str]]:
    """Unordered pairs of names that are nicknames or variants of each other.

    Only direct pairs count: BILL goes with both WILLIAM and ROBERT, but that does not make
    WILLIAM and ROBERT one name (two brothers must stay two people).
    """
    pairs = {frozenset((t.name1.upper(), t.name2.upper())) for t in name_triplets()}
    for formal, shorts in _SPANISH_HYPOCORISTICS.items():
        pairs.update(frozenset((formal, short)) for short in shorts)
    return frozenset(pairs)


def same_given_name(a: str, b: str) -> bool:
    """True where one name is a recognised nickname or variant of the other."""
    return frozenset((a, b)) in _pairs()
