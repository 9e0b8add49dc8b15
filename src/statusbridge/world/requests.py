"""Verification requests as agencies send them, with the truth about every row.

Requesters are drawn from the whole population (the dead and children less often). Each row
carries the identifiers an agency would have for that person (full SSN, last four digits,
A-number, certificate number, or none), then exactly one fault: a formatting or spelling change
to the agency's copy (swapped given and family names, a wrong birth-year digit among them), an
impostor using someone else's number (a stranger's, a relative's, or a twin's: `twin_ssn`), a
made-up SSN, or a deliberately invalid value. The truth says which requesters are namesake
visitors sharing a citizen's identity under another A-number (`namesake`, see `population`).
Agencies hold the current name, so a row may carry a surname the records never saw (a marriage
SSA was not told of); once the records are written, such rows are labelled
`name_not_on_record` (see `label_names_not_on_record`; the precedence of labels is set out in
`faults`). Every row carries only identifiers its owner really has, so rows labelled valid carry
valid numbers, and date faults never move a birth date after the as-of date.

This module must never write files and must never let a row's truth (class, status, owner)
depend on how the row was faulted, except where the fault changes whose identifiers it carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from . import faults as f
from .arrays import Dates, Floats, Ints, Mask, pick_per_row
from .arrow import Text, choose, equal, join, map_distinct, objects, take, text, upper
from .dates import age_in_years, iso_text, month_and_day, us_text, year_of
from .evidence import RECORDS_SHOW
from .identifiers import a_number_text, digits_text, draw_ssns, ssn_dashed, ssn_text
from .kinds import TRUTH_HOW, Kind, truth_class
from .naming import has_nickname, plain, with_accents
from .origins import Path
from .population import Population, person_ids
from .recorded import RecordSurnames, on_record

REQUEST_COLUMNS = (
    "request_id", "first_name", "middle_name", "last_name", "dob", "ssn", "ssn_last4",
    "a_number", "certificate_number",
)  # fmt: skip
TRUTH_COLUMNS = (
    "request_id", "person_id", "input_kind", "fault", "truth_class", "truth_how",
    "records_show", "impostor", "deceased", "valid", "owner_person_id", "namesake",
)  # fmt: skip

# The identifier an agency leads with: SSN, last four, A-number, certificate, none.
SSN, LAST4, A_NUMBER, CERTIFICATE, NO_ID = range(5)
# Weights by what the requester has (in that order): a realistic agency mix overall.
PRIMARY_WEIGHTS = {
    "certificate": (0.14, 0.08, 0.30, 0.46, 0.02),
    "a_number_and_ssn": (0.24, 0.12, 0.62, 0.0, 0.02),
    "a_number_only": (0.0, 0.0, 0.95, 0.0, 0.05),
    "ssn_only": (0.72, 0.265, 0.0, 0.0, 0.015),
    "nothing": (0.0, 0.0, 0.0, 0.0, 1.0),
}
# Benefit and licensing agencies see immigrants more often than their share of the population.
FOREIGN_BORN_WEIGHT = 1.8
# Among requesters without an SSN: keep the plan, or borrow / invent a number.
WITHOUT_SSN = {"plan": 0.82, "stranger_ssn": 0.05, "relative_ssn": 0.05, "made_up_ssn": 0.05,
               "stranger_a_number": 0.03}  # fmt: skip
BORROWED_BY_HOLDERS_P = 0.002  # an SSN holder who gives a relative's number anyway
INVALID_P = 0.015
INVALID_WEIGHTS = {"invalid_ssn": 0.35, "invalid_date": 0.30, "missing_last_name": 0.15,
                   "invalid_a_number": 0.20}  # fmt: skip
FAULT_WEIGHTS = {
    "none": 0.52, "case": 0.08, "accents_stripped": 0.05, "accents_added": 0.03,
    "apostrophe": 0.03, "hyphen_space": 0.03, "compound_surname_short": 0.04, "nickname": 0.03,
    "middle_dropped": 0.04, "middle_initial": 0.03, "suffix": 0.01, "earlier_name": 0.04,
    "typo_first": 0.02, "typo_last": 0.02, "dob_off_by_one_day": 0.01,
    "dob_month_day_swap": 0.01, "dob_digit_typo": 0.01, "ssn_dashes": 0.05,
    "a_number_format": 0.05, "date_us_format": 0.04, "names_swapped": 0.01,
    "dob_year_digit": 0.01,
}  # fmt: skip
# A twin whose sibling has an SSN gives the sibling's number instead of their own this often.
TWIN_SSN_P = 0.3


@dataclass
class Plan:
    """Per request row: who asks, whose identifiers it carries, which fault it has."""

    person: Ints
    owner: Ints  # whose identifiers the row carries; -1 where none or made up
    carries_ssn: Mask  # the full SSN
    carries_last4: Mask
    carries_a_number: Mask
    carries_certificate: Mask
    fault: Ints  # index into faults.FAULTS

    @property
    def size(self) -> int:
        return int(self.person.shape[0])

    def with_fault(self, name: str) -> Mask:
        result: Mask = self.fault == f.FAULT_INDEX[name]
        return result


def choose_requesters(rng: np.random.Generator, pop: Population, count: int) -> Ints:
    """A weighted sample without replacement, in random order."""
    age = age_in_years(pop.fam.dob, pop.as_of)
    weight = np.where(np.isnat(pop.t.death), 1.0, 0.4) * np.where(age < 18.0, 0.25, 1.0)
    weight = weight * np.where(pop.org.path == Path.NATIVE, 1.0, FOREIGN_BORN_WEIGHT)
    keys = rng.random(pop.size) ** (1.0 / weight)
    chosen = np.argpartition(-keys, count - 1)[:count] if count else np.empty(0, np.int64)
    return rng.permutation(np.sort(chosen)).astype(np.int64)


def plan_identifiers(rng: np.random.Generator, pop: Population, person: Ints) -> Plan:
    """Which of their own identifiers each requester's row carries."""
    has_ssn = pop.has_ssn[person]
    has_a = pop.has_a_number[person]
    has_cert = pop.has_certificate[person]
    group = np.select(
        [has_cert, has_a & has_ssn, has_a, has_ssn],
        [0, 1, 2, 3],
        4,
    )
    table = np.array(list(PRIMARY_WEIGHTS.values()))
    # Nobody can give an identifier they do not have.
    has = np.stack([has_ssn, has_ssn, has_a, has_cert, np.ones_like(has_ssn)], axis=1)
    primary = pick_per_row(rng, table[group] * has)
    u = rng.random(person.shape[0])
    a_with_ssn = (primary == A_NUMBER) & has_ssn & (u < 0.35)
    ssn_with_a = (primary == SSN) & has_a & (u < 0.10)
    certificate_with_a = (primary == CERTIFICATE) & has_a & (u < 0.20)
    return Plan(
        person=person,
        owner=np.where(primary == NO_ID, -1, person),
        carries_ssn=(primary == SSN) | a_with_ssn,
        carries_last4=primary == LAST4,
        carries_a_number=(primary == A_NUMBER) | ssn_with_a | certificate_with_a,
        carries_certificate=primary == CERTIFICATE,
        fault=np.zeros(person.shape[0], dtype=np.int64),
    )


def assign_borrowed_numbers(rng: np.random.Generator, pop: Population, plan: Plan) -> None:
    """People without an SSN borrow a stranger's or a relative's, or make one up."""
    n = plan.size
    no_ssn = ~pop.has_ssn[plan.person]
    names = list(WITHOUT_SSN)
    p = np.array(list(WITHOUT_SSN.values()))
    choice = np.searchsorted(np.cumsum(p / p.sum()), rng.random(n), side="right")
    choice = np.minimum(choice, len(names) - 1)
    holder_borrows = ~no_ssn & (rng.random(n) < BORROWED_BY_HOLDERS_P)
    wants = {
        "stranger_ssn": no_ssn & (choice == names.index("stranger_ssn")),
        "relative_ssn": (no_ssn & (choice == names.index("relative_ssn"))) | holder_borrows,
        "made_up_ssn": no_ssn & (choice == names.index("made_up_ssn")),
        "stranger_a_number": no_ssn
        & (choice == names.index("stranger_a_number"))
        & ~pop.has_a_number[plan.person],
    }
    relative = _relatives_with_ssn(pop, plan.person, wants["relative_ssn"])
    found = relative >= 0
    # Without a relative who has a number, the borrower takes a stranger's instead.
    wants["stranger_ssn"] |= wants["relative_ssn"] & ~found
    wants["relative_ssn"] &= found
    stranger = _strangers(rng, pop, plan.person, pop.has_ssn, dead_share=0.2)
    stranger_a = _strangers(rng, pop, plan.person, pop.has_a_number, dead_share=0.0)
    _borrow(plan, wants["relative_ssn"], "relative_ssn", relative, ssn=True)
    _borrow(plan, wants["stranger_ssn"], "stranger_ssn", stranger, ssn=True)
    _borrow(plan, wants["made_up_ssn"], "made_up_ssn", np.full(n, -1), ssn=True)
    _borrow(plan, wants["stranger_a_number"], "stranger_a_number", stranger_a, ssn=False)


def assign_twin_numbers(rng: np.random.Generator, pop: Population, plan: Plan) -> None:
    """Some twins with an SSN of their own give their sibling's (full or last four) instead,
    with their own name and birth date: the sibling's record fits them only approximately."""
    twin = np.full(pop.size, -1, dtype=np.int64)
    later = np.flatnonzero(pop.fam.twin_of >= 0)
    twin[later] = pop.fam.twin_of[later]
    twin[pop.fam.twin_of[later]] = later
    sibling = twin[plan.person]
    by_number = plan.carries_ssn | plan.carries_last4
    rows = (
        (plan.fault == f.FAULT_INDEX["none"])
        & (plan.owner == plan.person)
        & by_number
        & (sibling >= 0)
        & pop.has_ssn[np.maximum(sibling, 0)]
        & (rng.random(plan.size) < TWIN_SSN_P)
    )
    plan.owner[rows] = sibling[rows]
    plan.carries_a_number[rows] = False
    plan.carries_certificate[rows] = False
    plan.fault[rows] = f.FAULT_INDEX["twin_ssn"]


def _borrow(plan: Plan, rows: Mask, fault: str, owner: Ints, *, ssn: bool) -> None:
    plan.owner[rows] = owner[rows]
    plan.carries_ssn[rows] = ssn
    plan.carries_a_number[rows] = not ssn
    plan.carries_last4[rows] = False
    plan.carries_certificate[rows] = False
    plan.fault[rows] = f.FAULT_INDEX[fault]


def _relatives_with_ssn(pop: Population, person: Ints, wanted: Mask) -> Ints:
    """A relative with an SSN for each wanted row (same surname first), -1 where none."""
    result = np.full(person.shape[0], -1, dtype=np.int64)
    family_size = np.bincount(pop.fam.family)
    last = pop.names.last
    for row in np.flatnonzero(wanted):
        me = int(person[row])
        head = int(pop.fam.head[me])
        kin = [k for k in range(head, head + int(family_size[pop.fam.family[me]])) if k != me]
        holders = [k for k in kin if pop.ssn[k] >= 0]
        if not holders:
            continue
        my_last = last[me].as_py()
        same_name = [k for k in holders if last[k].as_py() == my_last]
        result[row] = (same_name or holders)[0]
    return result


def _strangers(
    rng: np.random.Generator, pop: Population, person: Ints, eligible: Mask, dead_share: float
) -> Ints:
    """Someone outside each requester's family whose identifier can be borrowed."""
    pool = np.flatnonzero(eligible)
    dead_pool = np.flatnonzero(eligible & ~np.isnat(pop.t.death))
    n = person.shape[0]
    if pool.size == 0:
        return np.full(n, -1, dtype=np.int64)
    pick = pool[rng.integers(0, pool.size, n)]
    if dead_pool.size:
        from_dead = rng.random(n) < dead_share
        pick = np.where(from_dead, dead_pool[rng.integers(0, dead_pool.size, n)], pick)
    same_family = pop.fam.family[pick] == pop.fam.family[person]
    shifted = pool[(np.searchsorted(pool, pick) + 1) % pool.size]
    stranger: Ints = np.where(same_family, shifted, pick).astype(np.int64)
    return stranger


def assign_invalid(rng: np.random.Generator, plan: Plan) -> None:
    """A small share of the remaining rows get a value no system could accept."""
    open_rows = plan.fault == f.FAULT_INDEX["none"]
    chosen = open_rows & (rng.random(plan.size) < INVALID_P)
    applicable = np.stack(
        [plan.carries_ssn, np.ones(plan.size, np.bool_), np.ones(plan.size, np.bool_),
         plan.carries_a_number],
        axis=1,
    )  # fmt: skip
    weights = np.array(list(INVALID_WEIGHTS.values()))[None, :] * applicable
    which = pick_per_row(rng, weights)
    labels = np.array([f.FAULT_INDEX[k] for k in INVALID_WEIGHTS])
    plan.fault[chosen] = labels[which[chosen]]


@dataclass(frozen=True)
class Identity:
    """The requesters' own true identity, one entry per request row."""

    first: Text
    middle: Text
    last: Text
    birth_last: Text
    dob: Dates
    female: Mask
    adult: Mask
    changed_name: Mask


def requester_identity(pop: Population, person: Ints) -> Identity:
    names = pop.names
    age = age_in_years(pop.fam.dob[person], pop.as_of)
    return Identity(
        first=take(names.first, person),
        middle=take(names.middle, person),
        last=take(names.last, person),
        birth_last=take(names.birth_last, person),
        dob=pop.fam.dob[person],
        female=pop.fam.female[person],
        adult=age >= 18.0,
        changed_name=~np.isnat(names.changed_on[person]),
    )


def _flag(values: Text, test: Callable[[str], bool]) -> Mask:
    """A per-row boolean computed once per distinct value."""
    return equal(map_distinct(values, lambda v: "1" if test(v) else ""), "1")


def _swapped_not_after(dob: Dates, latest: np.datetime64) -> Mask:
    """Where day and month can trade places without moving the date after `latest`."""
    month, day_of_month = month_and_day(dob)
    can = (day_of_month <= 12) & (day_of_month != month)
    months = (year_of(dob) - 1970) * 12 + np.minimum(day_of_month, 12) - 1
    swapped = months.astype("datetime64[M]").astype("datetime64[D]") + (month - 1)
    result: Mask = can & (swapped <= latest)
    return result


def fault_applicability(plan: Plan, who: Identity, as_of: np.datetime64) -> npt.NDArray[np.bool_]:
    """Rows x FAULT_WEIGHTS: whether each fault can change each row."""
    accented = [_flag(x, lambda v: plain(v) != v) for x in (who.first, who.middle, who.last)]
    accentable = [_flag(x, lambda v: with_accents(v) != v) for x in (who.first, who.last)]
    hyphen_or_space = _flag(who.last, lambda v: "-" in v or " " in v) | _flag(
        who.first, lambda v: "-" in v or " " in v
    )
    every = np.ones(plan.size, dtype=np.bool_)
    by_fault = {
        "none": every,
        "case": every,
        "accents_stripped": accented[0] | accented[1] | accented[2],
        "accents_added": ~(accented[0] | accented[1] | accented[2])
        & (accentable[0] | accentable[1]),
        "apostrophe": _flag(who.last, lambda v: "'" in v) | _flag(who.first, lambda v: "'" in v),
        "hyphen_space": hyphen_or_space,
        "compound_surname_short": _flag(who.last, f.has_two_surnames),
        "nickname": _flag(who.first, has_nickname),
        "middle_dropped": _flag(who.middle, lambda v: v != ""),
        "middle_initial": _flag(who.middle, lambda v: len(v) > 1),
        "suffix": ~who.female & who.adult,
        "earlier_name": who.changed_name & ~equal(who.last, who.birth_last),
        "typo_first": _flag(who.first, lambda v: len(v) >= 3),
        "typo_last": _flag(who.last, lambda v: len(v) >= 3),
        "dob_off_by_one_day": every,
        "dob_month_day_swap": _swapped_not_after(who.dob, as_of),
        "dob_digit_typo": every,
        "ssn_dashes": plan.carries_ssn,
        "a_number_format": plan.carries_a_number,
        "date_us_format": every,
        "names_swapped": ~equal(upper(who.first), upper(who.last)) & ~equal(who.first, ""),
        "dob_year_digit": every,
    }
    return np.stack([by_fault[k] for k in FAULT_WEIGHTS], axis=1)


def assign_faults(
    rng: np.random.Generator, plan: Plan, who: Identity, as_of: np.datetime64
) -> None:
    """One name, date or format fault for each row still without one (many get `none`)."""
    open_rows = plan.fault == f.FAULT_INDEX["none"]
    applicable = fault_applicability(plan, who, as_of)
    weights = np.array(list(FAULT_WEIGHTS.values()))[None, :] * applicable
    which = pick_per_row(rng, weights)
    labels = np.array([f.FAULT_INDEX[k] for k in FAULT_WEIGHTS])
    plan.fault[open_rows] = labels[which[open_rows]]


def build_plan(rng: np.random.Generator, pop: Population, count: int) -> tuple[Plan, Identity]:
    """Requesters, their identifiers and one fault per row."""
    person = choose_requesters(rng, pop, count)
    plan = plan_identifiers(rng, pop, person)
    assign_borrowed_numbers(rng, pop, plan)
    assign_twin_numbers(rng, pop, plan)
    assign_invalid(rng, plan)
    who = requester_identity(pop, person)
    assign_faults(rng, plan, who, pop.as_of)
    check_identifiers(pop, plan)
    return plan, who


def check_identifiers(pop: Population, plan: Plan) -> None:
    """Every row carries only identifiers its owner has (a made-up SSN has no owner).

    A row that carried a number its owner lacks would be written from a missing value (an SSN
    like `0000000-1`) and still be labelled valid; this fails loudly instead.
    """
    owned = plan.owner >= 0
    owner = np.maximum(plan.owner, 0)
    ssn = owned & pop.has_ssn[owner]
    broken = (
        (plan.carries_ssn & ~(ssn | plan.with_fault("made_up_ssn")))
        | (plan.carries_last4 & ~ssn)
        | (plan.carries_a_number & ~(owned & pop.has_a_number[owner]))
        | (plan.carries_certificate & ~(owned & pop.has_certificate[owner]))
    )
    if broken.any():
        raise RuntimeError(
            f"{int(broken.sum())} request rows carry an identifier their owner does not have"
        )


def label_names_not_on_record(
    plan: Plan, who: Identity, written_last: Text, records: RecordSurnames
) -> None:
    """Relabel rows whose surname is on none of the records their identifiers reach.

    Only rows that carry the requester's own identifiers (a name, date or format fault, or none)
    are considered; impostor, made-up and invalid rows keep their label. A row is compared by
    what it carries: SSA entries of the SSN (full or last four), DHS rows of the A-number or
    certificate, either where it carries both. It is relabelled where neither the surname the
    agency holds (the birth surname for `earlier_name`) nor the surname as written agrees with
    any of those records, and the owner has at least one of them (a row whose identifiers reach
    no record at all keeps its fault). Call after rendering: the written surname is needed.
    """
    own = np.isin(plan.fault, [f.FAULT_INDEX[x] for x in f.NAME_AND_FORMAT_FAULTS])
    own &= plan.owner >= 0
    held = choose(plan.with_fault("earlier_name"), who.birth_last, who.last)
    surnames = [held, written_last]
    ssa = on_record(
        records.ssa_person,
        records.ssa_last,
        plan.owner,
        own & (plan.carries_ssn | plan.carries_last4),
        surnames,
    )
    dhs = on_record(
        records.dhs_person,
        records.dhs_last,
        plan.owner,
        own & (plan.carries_a_number | plan.carries_certificate),
        surnames,
    )
    off_record = (ssa.has_record | dhs.has_record) & ~(ssa.agrees | dhs.agrees)
    plan.fault[off_record] = f.FAULT_INDEX["name_not_on_record"]


# --- rendering -----------------------------------------------------------------------------------


def _change(
    column: npt.NDArray[np.object_], rows: Mask, change: Callable[[str, float], str], u: Floats
) -> None:
    """Apply a per-row string change to the selected rows, in place."""
    index = np.flatnonzero(rows)
    column[index] = [change(str(column[i]), float(u[i])) for i in index]


def render_requests(
    rng: np.random.Generator, pop: Population, plan: Plan, who: Identity
) -> pa.Table:
    """The requests file: every column text, empty where the agency had nothing."""
    first, middle, last = objects(who.first), objects(who.middle), objects(who.last)
    _render_name_faults(rng, plan, who, first, middle, last)
    dob_text = _render_dob(rng, plan, who, date.fromisoformat(str(pop.as_of)))
    columns = {
        "request_id": request_ids(plan.size),
        "first_name": text(first),
        "middle_name": text(middle),
        "last_name": text(last),
        "dob": dob_text,
        "ssn": _render_ssn(rng, pop, plan),
        "ssn_last4": _render_last4(pop, plan),
        "a_number": _render_a_number(rng, pop, plan),
        "certificate_number": _render_certificate(pop, plan),
    }
    return pa.table(columns)


def request_ids(count: int) -> Text:
    """`R0000001`, `R0000002`, ... (wider when there are ten million or more)."""
    width = max(7, len(str(count)))
    numbers = np.arange(1, count + 1, dtype=np.int64)
    return join("R", digits_text(numbers, width))


def _render_name_faults(
    rng: np.random.Generator,
    plan: Plan,
    who: Identity,
    first: npt.NDArray[np.object_],
    middle: npt.NDArray[np.object_],
    last: npt.NDArray[np.object_],
) -> None:
    u = rng.random(plan.size)
    for row in np.flatnonzero(plan.with_fault("names_swapped")):
        first[row], last[row] = f.names_swapped(first[row], last[row])
    for row in np.flatnonzero(plan.with_fault("case")):
        first[row], middle[row], last[row] = f.in_case(first[row], middle[row], last[row], u[row])
    for column in (first, middle, last):
        _change(column, plan.with_fault("accents_stripped"), lambda s, _: plain(s), u)
        _change(column, plan.with_fault("accents_added"), lambda s, _: with_accents(s), u)
    for column in (first, last):
        _change(column, plan.with_fault("apostrophe"), f.apostrophe_changed, u)
    _render_hyphen_space(plan, first, last)
    _change(last, plan.with_fault("compound_surname_short"), f.one_surname, u)
    _change(first, plan.with_fault("nickname"), f.with_nickname, u)
    middle[plan.with_fault("middle_dropped")] = ""
    _change(middle, plan.with_fault("middle_initial"), f.middle_initial, u)
    _change(last, plan.with_fault("suffix"), f.with_suffix, u)
    earlier = plan.with_fault("earlier_name")
    last[earlier] = np.array(who.birth_last.to_pylist(), dtype=object)[earlier]
    _change(first, plan.with_fault("typo_first"), _typo, u)
    _change(last, plan.with_fault("typo_last"), _typo, u)
    last[plan.with_fault("missing_last_name")] = ""


def _typo(name: str, u: float) -> str:
    # The second draw is derived from the first so one stream value decides the whole edit.
    return f.typo(name, u, (u * 7.31) % 1.0)


def _render_hyphen_space(
    plan: Plan, first: npt.NDArray[np.object_], last: npt.NDArray[np.object_]
) -> None:
    """Change the surname where it has a hyphen or space, else the given name."""
    for row in np.flatnonzero(plan.with_fault("hyphen_space")):
        if "-" in last[row] or " " in last[row]:
            last[row] = f.hyphen_space_changed(last[row])
        else:
            first[row] = f.hyphen_space_changed(first[row])


def _render_dob(rng: np.random.Generator, plan: Plan, who: Identity, latest: date) -> Text:
    """Birth dates with date faults applied (never after `latest`), ISO or U.S. style, or an
    invalid value."""
    u, v = rng.random(plan.size), rng.random(plan.size)
    dob = who.dob.copy()
    date_changes: dict[str, Callable[[date, float, float], date]] = {
        "dob_off_by_one_day": lambda d, a, _: f.off_by_one_day(d, a, latest),
        "dob_month_day_swap": lambda d, _a, _b: f.month_day_swapped(d),
        "dob_digit_typo": lambda d, a, b: f.digit_typo(d, a, b, latest),
        "dob_year_digit": lambda d, a, b: f.year_digit_typo(d, a, b, latest),
    }
    for fault, change in date_changes.items():
        for row in np.flatnonzero(plan.with_fault(fault)):
            changed = change(dob[row].item(), float(u[row]), float(v[row]))
            dob[row] = np.datetime64(changed, "D")
    us_style = plan.with_fault("date_us_format")
    written = objects(choose(us_style, us_text(dob), iso_text(dob)))
    for row in np.flatnonzero(plan.with_fault("invalid_date")):
        written[row] = f.invalid_date(who.dob[row].item(), float(u[row]))
    return text(written)


def _made_up_ssns(rng: np.random.Generator, pop: Population, count: int) -> Ints:
    """Valid-looking SSNs that belong to no one in the world."""
    candidates = draw_ssns(rng, count * 2 + 16)
    unused = candidates[~np.isin(candidates, pop.ssn)]
    return unused[:count]


def _render_ssn(rng: np.random.Generator, pop: Population, plan: Plan) -> Text:
    owner_ssn = pop.ssn[np.maximum(plan.owner, 0)]
    made_up = plan.with_fault("made_up_ssn")
    owner_ssn = owner_ssn.copy()
    owner_ssn[made_up] = _made_up_ssns(rng, pop, int(made_up.sum()))
    dashed = plan.with_fault("ssn_dashes")
    written = objects(choose(dashed, ssn_dashed(owner_ssn), ssn_text(owner_ssn)))
    written[~plan.carries_ssn] = ""
    u = rng.random(plan.size)
    _change(written, plan.with_fault("invalid_ssn"), f.invalid_ssn, u)
    return text(written)


def _render_last4(pop: Population, plan: Plan) -> Text:
    last4 = digits_text(pop.ssn[np.maximum(plan.owner, 0)] % 10_000, 4)
    return choose(plan.carries_last4, last4, "")


def _render_a_number(rng: np.random.Generator, pop: Population, plan: Plan) -> Text:
    written = objects(a_number_text(pop.a_number[np.maximum(plan.owner, 0)]))
    written[~plan.carries_a_number] = ""
    u = rng.random(plan.size)
    _change(written, plan.with_fault("a_number_format"), f.a_number_as_typed, u)
    _change(written, plan.with_fault("invalid_a_number"), f.invalid_a_number, u)
    return text(written)


def _render_certificate(pop: Population, plan: Plan) -> Text:
    certificate = take(pop.certificate, np.maximum(plan.owner, 0))
    return choose(plan.carries_certificate, certificate, "")


# --- truth ---------------------------------------------------------------------------------------


def input_kinds(plan: Plan) -> Text:
    """The identifiers a row carries, joined by `+` in the order ssn, ssn_last4, a_number,
    certificate (`none` where it carries none)."""
    parts = [
        ("ssn", plan.carries_ssn),
        ("ssn_last4", plan.carries_last4),
        ("a_number", plan.carries_a_number),
        ("certificate", plan.carries_certificate),
    ]
    code = sum(mask.astype(np.int64) << i for i, (_, mask) in enumerate(parts))
    labels = [
        "+".join(name for i, (name, _) in enumerate(parts) if c >> i & 1) or "none"
        for c in range(16)
    ]
    return text(np.array(labels)[code])


def truth_table(pop: Population, plan: Plan, records_show: Ints) -> pa.Table:
    """One row per request: who really asked, and what the records could confirm."""
    kind = pop.kind[plan.person]
    classes = np.array([truth_class(k) for k in Kind])
    how = np.array([TRUTH_HOW[k] for k in Kind])
    impostor = np.isin(plan.fault, [f.FAULT_INDEX[x] for x in f.IMPOSTOR_FAULTS])
    made_up = plan.with_fault("made_up_ssn")
    subject = np.where(plan.owner >= 0, plan.owner, np.where(made_up, -1, plan.person))
    deceased = (
        (subject >= 0)
        & pop.has_ssn[np.maximum(subject, 0)]
        & ~np.isnat(pop.t.death[np.maximum(subject, 0)])
    )
    invalid = np.isin(plan.fault, [f.FAULT_INDEX[x] for x in f.INVALID_FAULTS])
    owner_id = choose(plan.owner >= 0, person_ids(np.maximum(plan.owner, 0)), "")
    columns = {
        "request_id": request_ids(plan.size),
        "person_id": person_ids(plan.person),
        "input_kind": input_kinds(plan),
        "fault": text(np.array(f.FAULTS)[plan.fault]),
        "truth_class": text(classes[kind]),
        "truth_how": text(how[kind]),
        "records_show": text(np.array(RECORDS_SHOW)[records_show[plan.person]]),
        "impostor": _booleans(impostor),
        "deceased": _booleans(deceased),
        "valid": _booleans(~invalid),
        "owner_person_id": owner_id,
        # The requester shares name, birth date and country of birth with a naturalized
        # citizen who holds another A-number (see `population`).
        "namesake": _booleans(pop.namesake_of[plan.person] >= 0),
    }
    return pa.table(columns)


def _booleans(mask: Mask) -> Text:
    return text(np.where(mask, "true", "false"))
