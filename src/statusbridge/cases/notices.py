"""The notice of findings a person receives after a status verifier's determination.

A notice says, in plain language, what the federal records say about the person, how current
those records are, that they can be wrong, what the person can do and by when (contest), and
whom to contact. It is rendered from a Django template (``cases/notice_<language>.txt``) as
text, and from that text as a PDF (fpdf2), in English and Spanish.

The templates hold the prose; the tables in this module hold the phrases that depend on the
facts (outcome, status, purpose, dates). A new language is one template and one entry in each
table.

It must never print a Social Security number or an A-number, even one an agency typed into a
free-text field: every free-text value is scrubbed before it reaches either output. It must
never crash on free text the PDF's font cannot draw: the PDF gets a Latin-1 rendering (the
text version keeps the original characters). It decides nothing and stores nothing; the case
services store what it returns.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path

from django.template import Engine
from fpdf import FPDF
from fpdf.enums import XPos, YPos

LANGUAGES: tuple[str, ...] = ("en", "es")

OUTCOMES: tuple[str, ...] = ("US_CITIZEN", "US_NATIONAL", "IMMIGRATION_STATUS", "NOT_VERIFIED")

_TEMPLATES = Path(__file__).parent / "templates"
_TEXT_WIDTH = 78
_LINE = 5.8  # mm: the PDF's line height for 11 pt body text
# fpdf2 puts the page count wherever this alias appears; its default, {nb}, is too easy to type.
_PAGES = "{statusbridge:pages}"


@dataclass(frozen=True)
class NoticeFacts:
    """What a notice states: the case's facts, as the case services hold them."""

    case_number: str
    agency_name: str
    agency_contact: str
    purpose: str
    request_id: str
    outcome: str
    status: str
    evidence: str
    ssa_as_of: date | None
    dhs_as_of: date | None
    determined_on: date
    notice_on: date
    contest_until: date
    case_page: str


@dataclass(frozen=True)
class RenderedNotice:
    """One notice in one language, as text and as a PDF."""

    language: str
    text: str
    pdf: bytes


# --- Phrases that depend on the facts -----------------------------------------------------

_MONTHS: Mapping[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}  # fmt: skip

# DHS statuses that are U.S. citizenship, not an immigration status.
_CITIZEN_STATUSES = frozenset({"NATURALIZED", "DERIVED_CITIZEN"})

_STATUS_NAMES: Mapping[str, Mapping[str, str]] = {
    "en": {
        "LPR": "lawful permanent resident (green card holder)",
        "CONDITIONAL_RESIDENT": "conditional permanent resident",
        "REFUGEE": "refugee",
        "ASYLEE": "asylee (a person granted asylum)",
        "NONIMMIGRANT": "nonimmigrant (a temporary visa, such as a visitor, student or work visa)",
        "PAROLEE": "parolee (a person let into the U.S. on parole)",
        "TPS": "Temporary Protected Status (TPS)",
        "DACA": "Deferred Action for Childhood Arrivals (DACA)",
        "NATURALIZED": "naturalized U.S. citizen",
        "DERIVED_CITIZEN": "U.S. citizen through a parent (derived citizenship)",
    },
    "es": {
        "LPR": "residente permanente legal (tarjeta verde o green card)",
        "CONDITIONAL_RESIDENT": "residente permanente condicional",
        "REFUGEE": "persona refugiada",
        "ASYLEE": "persona asilada (recibió asilo)",
        "NONIMMIGRANT": (
            "no inmigrante (una visa temporal, como de visitante, de estudiante o de trabajo)"
        ),
        "PAROLEE": "persona con permiso de permanencia temporal (parole)",
        "TPS": "Estatus de Protección Temporal (TPS)",
        "DACA": "Acción Diferida para los Llegados en la Infancia (DACA)",
        "NATURALIZED": "ciudadanía de los Estados Unidos por naturalización",
        "DERIVED_CITIZEN": "ciudadanía de los Estados Unidos por medio de su padre o su madre "
        "(ciudadanía derivada)",
    },
}

_FINDINGS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "US_CITIZEN": "The records show that you are a U.S. citizen.",
        "US_NATIONAL": "The records show that you are a U.S. national, but not a U.S. citizen.",
        "NOT_VERIFIED": (
            "The records do not confirm your citizenship or immigration status. This can "
            "happen when records are old, or when your name or date of birth is written a "
            "different way in them."
        ),
        "NOT_CITIZEN": "The records do not show that you are a U.S. citizen.",
        "STATUS": "The immigration records show this status: {status}.",
        "NO_STATUS": "The immigration records show an immigration status, but do not name it.",
    },
    "es": {
        "US_CITIZEN": "Los registros muestran que usted es ciudadano o ciudadana de los "
        "Estados Unidos.",
        "US_NATIONAL": "Los registros muestran que usted es nacional de los Estados Unidos, "
        "pero no ciudadano ni ciudadana.",
        "NOT_VERIFIED": (
            "Los registros no confirman su ciudadanía ni su estatus migratorio. Esto puede "
            "pasar cuando los registros son antiguos, o cuando su nombre o su fecha de "
            "nacimiento están escritos de otra forma."
        ),
        "NOT_CITIZEN": "Los registros no muestran que usted sea ciudadano o ciudadana de los "
        "Estados Unidos.",
        "STATUS": "Los registros de inmigración muestran este estatus: {status}.",
        "NO_STATUS": "Los registros de inmigración muestran un estatus migratorio, pero no "
        "dicen cuál.",
    },
}

_PURPOSES: Mapping[str, Mapping[str, str]] = {
    "en": {},
    "es": {
        "voter-list-maintenance": "mantenimiento del padrón electoral",
        "benefit-eligibility": "elegibilidad para beneficios",
        "employment-eligibility": "elegibilidad para trabajar",
    },
}

_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "not_used": "not used for this notice",
        "as_of": "current as of {date}",
        "no_contact": "the agency that wrote to you",
        "removed": "[number removed]",
        "page": "Case {case} - page {page} of {pages}",
    },
    "es": {
        "not_used": "no se usaron para este aviso",
        "as_of": "al día hasta el {date}",
        "no_contact": "la agencia que le escribió",
        "removed": "[número omitido]",
        "page": "Caso {case} - página {page} de {pages}",
    },
}


def written_date(day: date, language: str) -> str:
    """``March 3, 2026`` or ``3 de marzo de 2026``, whatever the machine's locale."""
    month = _MONTHS[language][day.month - 1]
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{month} {day.day}, {day.year}"


def status_name(status: str, language: str) -> str:
    """A DHS status in plain words; an unknown code is shown as it is rather than hidden."""
    return _STATUS_NAMES[language].get(status, status)


def _finding(facts: NoticeFacts, status: str, language: str) -> str:
    findings = _FINDINGS[language]
    if facts.outcome != "IMMIGRATION_STATUS":
        return findings[facts.outcome]
    if not status:
        return findings["NOT_CITIZEN"] + " " + findings["NO_STATUS"]
    said = findings["STATUS"].format(status=status_name(status, language))
    if status in _CITIZEN_STATUSES:
        return said
    return findings["NOT_CITIZEN"] + " " + said


def _purpose(slug: str, language: str) -> str:
    readable = _PURPOSES[language].get(slug)
    return readable or " ".join(slug.replace("_", "-").split("-")).strip()


# --- Free text: no identifiers, no invisible or control characters -------------------------

# A letter or digit may not touch either end, so a case number such as SB2611291234ABC is
# never taken for an SSN; an SSN written 123-45-6789, 123 45 6789 or 123456789 always is.
# A phone number (3-3-4) or ZIP+4 (5-4) is not SSN-shaped and stays.
_NOT_ALNUM_BEFORE = r"(?<![^\W_])"
_NOT_ALNUM_AFTER = r"(?![^\W_])"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SEPARATOR = rf"[{_DASHES} .]"
_NINE_DIGITS = rf"\d{{3}}(?:{_SEPARATOR}\d{{2}}{_SEPARATOR}|\d{{2}})\d{{4}}"
_SSN = re.compile(_NOT_ALNUM_BEFORE + _NINE_DIGITS + _NOT_ALNUM_AFTER)
# ... and one glued to its label: SSN123456789, ss#123-45-6789.
_LABELLED_SSN = re.compile(rf"(?i:ssan|ssn|ss#)[{_DASHES}:#]?{_NINE_DIGITS}(?!\d)")
# An A-number: an A, then 7 to 9 digits (leading zeros allowed).
_A_NUMBER = re.compile(
    _NOT_ALNUM_BEFORE
    + "(?:"
    + rf"[Aa](?:[{_DASHES}#] ?)?"  # A123456789, a-123456789, A# 12345678
    + "|A "  # A 12345678; a capital only, as Spanish writes "a 12345678" for "to 12345678"
    + rf"|[Aa][{_DASHES} ]?(?i:number|no\.?|#) ?:? ?"  # A-number: 12345678, A no. 12345678
    + r")0*\d{7,9}(?!\d)"
)


def scrub_identifiers(text: str, language: str) -> str:
    """Replace anything shaped like an SSN or an A-number with a short marker."""
    removed = _WORDS[language]["removed"]
    for pattern in (_A_NUMBER, _LABELLED_SSN, _SSN):
        text = pattern.sub(removed, text)
    return text


def _ascii_digit(char: str) -> str | None:
    """The ASCII digit a look-alike (full-width, circled, superscript, other script) reads as."""
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.decimal(char))
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 and folded in "0123456789" else None


def _clean(text: str, *, multiline: bool = False) -> str:
    """Drop control and invisible characters; keep line breaks only where they mean something.

    Digits are written in ASCII and lose any accent put on them, so that no identifier can hide
    from the scrubber in look-alike digits.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        digit = _ascii_digit(char) if category in ("Nd", "No") else None
        if digit is not None:
            kept.append(digit)
        elif char == "\n" or category in ("Zl", "Zp"):
            kept.append("\n" if multiline else " ")
        elif category == "Cc" or char.isspace():
            kept.append(" ")
        elif unicodedata.combining(char) and kept and kept[-1].isdigit():
            continue
        elif category not in ("Cf", "Cs", "Co", "Cn"):
            kept.append(char)
    lines = (" ".join(line.split()) for line in "".join(kept).split("\n"))
    return "\n".join(line for line in lines if line)


def _free(text: str, language: str, *, multiline: bool = False) -> str:
    return scrub_identifiers(_clean(text, multiline=multiline), language)


# --- Text ------------------------------------------------------------------------------------


def _context(facts: NoticeFacts, language: str) -> dict[str, str]:
    words = _WORDS[language]

    def as_of(day: date | None) -> str:
        if day is None:
            return words["not_used"]
        return words["as_of"].format(date=written_date(day, language))

    agency = _free(facts.agency_name, language)
    return {
        "case_number": _free(facts.case_number, language),
        "request_id": _free(facts.request_id, language),
        "agency": agency or words["no_contact"],
        "agency_name": agency,
        "contact": _free(facts.agency_contact, language, multiline=True),
        "no_contact": words["no_contact"],
        "purpose": scrub_identifiers(_purpose(_clean(facts.purpose), language), language),
        "finding": _finding(facts, _free(facts.status, language), language),
        "evidence": _free(facts.evidence, language, multiline=True),
        "ssa_as_of": as_of(facts.ssa_as_of),
        "dhs_as_of": as_of(facts.dhs_as_of),
        "determined_on": written_date(facts.determined_on, language),
        "notice_on": written_date(facts.notice_on, language),
        "contest_until": written_date(facts.contest_until, language),
        "case_page": _free(facts.case_page, language),
    }


@cache
def _engine() -> Engine:
    # Standalone, so the notice renders the same from a command, a worker or the web service;
    # autoescape off because the output is plain text, never HTML.
    return Engine(dirs=[str(_TEMPLATES)], autoescape=False)


def _logical_text(facts: NoticeFacts, language: str) -> str:
    """The rendered template: one paragraph or list item a line, one blank line between."""
    rendered = _engine().render_to_string(f"cases/notice_{language}.txt", _context(facts, language))
    lines = [line.rstrip() for line in rendered.strip().split("\n")]
    # Scrubbed once more as a whole, in case turning a field into a phrase made it SSN-shaped.
    text = scrub_identifiers("\n".join(lines), language)
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"


def _wrap(logical: str) -> str:
    wrapped: list[str] = []
    for line in logical.rstrip("\n").split("\n"):
        indent = "  " if line.startswith("- ") else ""
        filled = textwrap.fill(
            line,
            width=_TEXT_WIDTH,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        wrapped.append(filled)
    return "\n".join(wrapped) + "\n"


# --- PDF -------------------------------------------------------------------------------------

# The PDF's core font (Helvetica) covers Latin-1 only: Spanish accents, ñ, ¿ and ¡ are in it.
_LATIN1_SUBSTITUTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2026": "...", "\u2022": "\u00b7", "\u20ac": "EUR", "\u2122": "(TM)",
    **{dash: "-" for dash in _DASHES[1:]},
}  # fmt: skip


def to_latin1(text: str) -> str:
    """Text the PDF's core font can draw: near equivalents where there are some, else ``?``."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        out.append(char if ord(char) < 256 else _latin1_equivalent(char))
    return re.sub(r"\?{2,}", "?", "".join(out))


def _latin1_equivalent(char: str) -> str:
    if char in _LATIN1_SUBSTITUTES:
        return _LATIN1_SUBSTITUTES[char]
    for form in ("NFKC", "NFKD"):
        # NFKC maps full-width letters and ligatures; NFKD then drops accents Latin-1 lacks.
        plain = "".join(
            c for c in unicodedata.normalize(form, char) if not unicodedata.combining(c)
        )
        if plain and all(ord(c) < 256 and c.isprintable() for c in plain):
            return plain
    # A combining mark Latin-1 cannot place is dropped; anything else shows it was there.
    return "" if unicodedata.combining(char) else "?"


class _NoticePDF(FPDF):
    """A Letter page with the case number and page count at the foot of each page."""

    def __init__(self, footer: str, case: str) -> None:
        super().__init__(orientation="P", unit="mm", format="letter")
        self._footer = footer
        self._case = case
        self.alias_nb_pages(_PAGES)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        text = self._footer.format(case=self._case, page=self.page_no(), pages=_PAGES)
        # Left-aligned: fpdf2 centres the alias before it becomes the page count.
        self.cell(0, 10, text, align="L")


def _is_underline(line: str, mark: str) -> bool:
    return len(line) >= 3 and set(line) == {mark}


def _pdf(logical: str, facts: NoticeFacts, language: str) -> bytes:
    words = _WORDS[language]
    text = scrub_identifiers(to_latin1(logical), language)
    case = scrub_identifiers(to_latin1(_free(facts.case_number, language)), language)
    pdf = _NoticePDF(words["page"], case)
    lines = text.rstrip("\n").split("\n")
    _describe(pdf, lines[0] if lines else "", case, facts, language)
    pdf.set_margins(left=22, top=20, right=22)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.add_page()
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _is_underline(line, "=") or _is_underline(line, "-"):
            continue
        if _is_underline(following, "="):
            _paragraph(pdf, line, size=16, style="B", height=8)
            pdf.ln(3)
        elif _is_underline(following, "-"):
            pdf.ln(2)
            _paragraph(pdf, line, size=12.5, style="B", height=7)
        elif not line:
            pdf.ln(2.5)
        elif line.startswith("- "):
            _list_item(pdf, line[2:])
        else:
            _paragraph(pdf, line, size=11, style="", height=_LINE)
    return bytes(pdf.output())


def _describe(pdf: FPDF, title: str, case: str, facts: NoticeFacts, language: str) -> None:
    # The notice's own date as the creation date: the same facts give the same file.
    pdf.set_creation_date(datetime.combine(facts.notice_on, time(12), tzinfo=UTC))
    pdf.set_title(f"{title} - {case}")
    pdf.set_lang(language)
    pdf.set_creator("statusbridge")
    pdf.set_producer("statusbridge")


def _paragraph(pdf: FPDF, line: str, *, size: float, style: str, height: float) -> None:
    pdf.set_font("Helvetica", style=style, size=size)
    pdf.multi_cell(0, height, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _list_item(pdf: FPDF, item: str) -> None:
    # The bullet is drawn, not a character: Latin-1 has none, and a screen reader or a copy
    # of the text then reads only the item.
    if pdf.will_page_break(_LINE):
        pdf.add_page()
    diameter = 1.3
    pdf.ellipse(
        pdf.l_margin + 2.5, pdf.get_y() + (_LINE - diameter) / 2, diameter, diameter, style="F"
    )
    pdf.set_font("Helvetica", size=11)
    pdf.set_x(pdf.l_margin + 7)
    pdf.multi_cell(pdf.epw - 7, _LINE, item, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


# --- The one entry point ---------------------------------------------------------------------


def render(facts: NoticeFacts, language: str) -> RenderedNotice:
    """The notice in ``language`` (one of ``LANGUAGES``) as text and PDF.

    Raises ``ValueError`` for an unknown language or an outcome a notice cannot state.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown notice language {language!r}; use one of {LANGUAGES}")
    if facts.outcome not in OUTCOMES:
        raise ValueError(f"a notice cannot state the outcome {facts.outcome!r}")
    logical = _logical_text(facts, language)
    return RenderedNotice(
        language=language, text=_wrap(logical), pdf=_pdf(logical, facts, language)
    )
