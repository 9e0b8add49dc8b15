"""Whatever it is given, the parser answers with a notice or with its own error, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusbridge.fedreg import NoticeParseError, ParsedNotice, parse_notice
from statusbridge.fedreg.notice import routine_uses_from
from tests.fedreg.handmade import GSA_FIXTURE, notice_xml

FIXTURE = Path(GSA_FIXTURE).read_bytes()
HANDMADE = notice_xml().encode("utf-8")


def _check(data: bytes | str) -> None:
    try:
        parsed = parse_notice(data)
    except NoticeParseError as exc:
        assert str(exc)  # every refusal says why
        return
    assert isinstance(parsed, ParsedNotice)
    labels = [ru.label for ru in parsed.routine_uses]
    assert len(labels) == len(set(labels))


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "flip"]))
        i = draw(st.integers(0, len(data)))
        j = min(len(data), i + draw(st.integers(0, 200)))
        if kind == "delete":
            del data[i:j]
        elif kind == "insert":
            chunk = draw(
                st.one_of(
                    st.binary(max_size=40),
                    st.sampled_from(
                        [
                            b"<P>",
                            b"</P>",
                            b'<HD SOURCE="HD2">ROUTINE USES:</HD>',
                            b"&amp;",
                            b'<PRTPAGE P="99999999999999"/>',
                            b"<!DOCTYPE x>",
                            b"&x;",
                            b"<P>1. To someone.</P>",
                            b"Filed 13-45-19",
                            b"February 30, 2019",
                            b"<DATE>Monday, June 31, 2024</DATE>",
                            b"\xff\xfe",
                            b"]]>",
                        ]
                    ),
                )
            )
            data[i:i] = chunk
        elif kind == "duplicate":
            data[i:i] = data[i:j]
        elif i < len(data):
            data[i] = draw(st.integers(0, 255))
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text(data: str) -> None:
    _check(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(FIXTURE))
def test_mutated_real_notice(data: bytes) -> None:
    _check(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(HANDMADE))
def test_mutated_handmade_notice(data: bytes) -> None:
    _check(data)


TAGS = [
    "NOTICE",
    "PREAMB",
    "SUBJECT",
    "ACT",
    "SUM",
    "DATES",
    "HD",
    "P",
    "FP",
    "E",
    "SUPLINF",
    "PRIACT",
    "FRDOC",
    "PRTPAGE",
    "SIG",
    "FEDREG",
    "DATE",
    "VOL",
    "SU",
    "FTNT",
]
WORDS = st.sampled_from(
    [
        "1.",
        "A.",
        "a.",
        "(1)",
        "ROUTINE USES:",
        "SYSTEM NAME AND NUMBER:",
        "Privacy Act",
        "rescind",
        "matching program",
        "new system",
        "modified",
        "effective",
        "routine uses",
        "June 5, 2024",
        "Filed 5-3-24",
        "FR Doc. 2024-1",
        "60-0058",
        "GSA/OGP-1,",
        "Docket No. X-1",
        "None.",
        "x",
    ]
)


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = ' P="' + str(draw(st.integers(-5, 10**9))) + '"' if tag == "PRTPAGE" else ""
    if tag in ("HD",) and draw(st.booleans()):
        attrs = ' SOURCE="HD2"'
    children = []
    if depth < 5:
        for _ in range(draw(st.integers(0, 4))):
            if draw(st.booleans()):
                children.append(draw(trees(depth + 1)))
            else:
                children.append(" ".join(draw(st.lists(WORDS, max_size=6))))
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_well_formed_trees_of_register_tags(xml: str) -> None:
    _check(xml)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=30) | WORDS.map(lambda w: w + " text"), max_size=20))
def test_routine_use_labels_only_move_forward(paragraphs: list[str]) -> None:
    preamble, uses, _warnings = routine_uses_from(paragraphs)
    labels = [u.label for u in uses]
    assert len(labels) == len(set(labels))
    # Nothing is lost: every paragraph lands in the preamble or in a routine use.
    joined = preamble + "".join(u.text for u in uses)
    for p in paragraphs:
        body = p.split(" ", 1)[-1] if p[:1] in "(1Aa" else p
        assert body.strip() in joined or not body.strip()
