"""Which given names are the same name: nickname groups for first-name comparison.

The English pairs come from the ``nicknames`` package (a curated public dataset). It has few of
the familiar forms of Spanish, Slavic, West African, Arabic and South Asian names that are common
on U.S. agency files, so a short list of well-known ones is added here. Only listed pairs count:
a rule such as "one name begins the other" would make twins Daniel and Daniela one person.
"""

from __future__ import annotations

from functools import cache

import polars as pl
from nicknames import name_triplets

_SUPPLEMENT = {
    # Spanish
    "JOSE": ("PEPE", "CHEPE", "JOE"),
    "FRANCISCO": ("PACO", "PANCHO", "CURRO", "FRANK"),
    "GUADALUPE": ("LUPE", "LUPITA"),
    "JESUS": ("CHUY", "CHUCHO"),
    "GUILLERMO": ("MEMO",),
    "EDUARDO": ("LALO",),
    "IGNACIO": ("NACHO",),
    "CONCEPCION": ("CONCHA", "CONCHITA"),
    "CONSUELO": ("CHELO",),
    "ENRIQUE": ("QUIQUE",),
    "ALEJANDRO": ("ALEX", "ALEJO"),
    "MANUEL": ("MANOLO",),
    "ROSARIO": ("CHARO", "CHAYO"),
    "ALBERTO": ("BETO",),
    "ROBERTO": ("BETO",),
    "DOLORES": ("LOLA",),
    "ALFONSO": ("PONCHO",),
    # Russian and Ukrainian
    "ALEKSANDR": ("SASHA", "SHURA"),
    "ALEXANDER": ("SASHA",),
    "OLEKSANDR": ("SASHA", "ALEKSANDR", "ALEXANDER"),
    "DMITRI": ("DIMA",),
    "DMITRY": ("DIMA",),
    "IVAN": ("VANYA",),
    "MIKHAIL": ("MISHA", "MYKHAILO"),
    "EKATERINA": ("KATYA",),
    "YEKATERINA": ("KATYA",),
    "NATALIA": ("NATASHA", "NATALIIA", "NATALIYA"),
    "NATALYA": ("NATASHA",),
    "ANASTASIA": ("NASTYA",),
    "VLADIMIR": ("VOVA", "VOLODYA"),
    "YELENA": ("LENA",),
    "ELENA": ("LENA",),
    "SVETLANA": ("SVETA",),
    "TATIANA": ("TANYA",),
    "NIKOLAI": ("KOLYA", "NIKOLAY", "MYKOLA"),
    "SERGEI": ("SERYOZHA", "SERGEY", "SERHII", "SERHIY"),
    # The same name written from Cyrillic, Ukrainian or Arabic in different ways
    "ALEXEI": ("ALEKSEI", "ALEKSEY", "OLEKSII", "OLEKSIY"),
    "NATALIIA": ("NATASHA",),
    "ANDREI": ("ANDREY", "ANDRII", "ANDRIY"),
    "YURI": ("YURIY", "IURII", "YURII"),
    "AISHA": ("AYESHA", "AICHA", "AISHAH"),
    "FATIMA": ("FATIMAH", "FATMA"),
    # Polish
    "KRZYSZTOF": ("CHRIS", "KRZYS"),
    "MALGORZATA": ("GOSIA",),
    # English forms the curated dataset lacks
    "KATHERINE": ("KATIE",),
    "CATHERINE": ("KATE", "KATIE", "CATHY"),
    "KATHLEEN": ("KATE", "KATIE", "KATHY"),
    # Yoruba, Igbo
    "OLUWASEUN": ("SEUN",),
    "OLUWASEGUN": ("SEGUN",),
    "OLUWATOYIN": ("TOYIN",),
    "CHUKWUEMEKA": ("EMEKA",),
    "CHUKWUDI": ("DIDI",),
    "NKECHINYERE": ("NKECHI",),
    # Arabic
    "MOHAMMED": ("MO", "HAMMUDI"),
    "MUHAMMAD": ("MO",),
    "ABDULLAH": ("ABDUL",),
    "ABDULRAHMAN": ("ABDUL",),
    # South Asian
    "VENKATESH": ("VENKY",),
    "SRINIVAS": ("SRINI",),
}


@cache
def _pairs() -> frozenset[frozenset[str]]:
    """Unordered pairs of names that are nicknames or variants of each other.

    Only direct pairs count: BILL goes with both WILLIAM and ROBERT, but that does not make
    WILLIAM and ROBERT one name (two brothers must stay two people).
    """
    pairs = {frozenset((t.name1.upper(), t.name2.upper())) for t in name_triplets()}
    for formal, shorts in _SUPPLEMENT.items():
        pairs.update(frozenset((formal, short)) for short in shorts)
    return frozenset(pairs)


@cache
def pair_table() -> pl.DataFrame:
    """Every listed pair in both orders, for joining against a column of name pairs."""
    ordered = [tuple(sorted(pair)) for pair in _pairs() if len(pair) == 2]
    left = [a for a, b in ordered] + [b for a, b in ordered]
    right = [b for a, b in ordered] + [a for a, b in ordered]
    return pl.DataFrame({"a": left, "b": right, "same": [True] * len(left)})
