"""What happened to each person, and when: visas, grants, residence, naturalization, death.

Every event is a date (NaT where it never happened). Events after a person's horizon (the SSA
as-of date, or their death) never happen. Family members on a temporary path share their head's
dates, children may derive citizenship from a parent's naturalization, and some events are placed
just before the as-of date on purpose, so that the DHS extract (cut earlier) misses them. This
module is the ground truth; it must never look at how records are extracted or written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .arrays import Dates, Floats, Ints, Mask
from .dates import age_in_years, day, days, no_dates, years
from .families import Families, Role
from .origins import Origins, Path

# (class of admission, usual years of stay, may work, weight as principal, dependants' class)
VISA_CLASSES: tuple[tuple[str, float, bool, float, str], ...] = (
    ("F1", 4.0, False, 0.30, "F2"),
    ("H1B", 3.0, True, 0.25, "H4"),
    ("B2", 0.5, False, 0.08, "B2"),
    ("J1", 2.0, True, 0.10, "J2"),
    ("L1", 3.0, True, 0.08, "L2"),
    ("O1", 3.0, True, 0.04, "O3"),
    ("H2A", 0.8, True, 0.08, "H4"),
    ("TN", 3.0, True, 0.07, "TD"),
)
VISA_CODES: tuple[str, ...] = tuple(
    dict.fromkeys([v[0] for v in VISA_CLASSES] + [v[4] for v in VISA_CLASSES])
)
B2 = VISA_CODES.index("B2")
DACA_START = day("2012-08-15")
DACA_CLOSED = day("2017-09-05")  # no first-time grants after this day in this world
DACA_RENEWAL_DAYS = 685  # renewed a little before the two years run out
CONDITIONAL_SINCE = day("1986-11-10")  # marriage-based conditional residence began
RECENT_NATURALIZATION_P = 0.05  # share of naturalizations placed just before the as-of date


@dataclass(frozen=True)
class Timeline:
    death: Dates
    horizon: Dates  # the SSA as-of date, or the day of death if earlier
    visa_class: Ints  # index into VISA_CODES, -1 where none
    visa_start: Dates
    visa_end: Dates
    extension_start: Dates  # a visa extension granted after the DHS extract was cut
    extension_end: Dates
    refugee_start: Dates
    asylee_start: Dates
    tps_start: Dates
    tps_end: Dates  # as the record says; TPS may be extended by notice past this day
    parole_start: Dates
    parole_end: Dates
    daca_first: Dates
    daca_grants: Ints  # grants received (first + renewals), 0 where none
    conditional_start: Dates
    lpr_date: Dates
    naturalized_on: Dates
    derived_on: Dates
    citizenship_certificate_on: Dates
    ssn_issued: Dates
    ssn_issued_without_work: Mask  # issued on a visa that does not allow work (SSA code C)

    def first_status_start(self, counted_visa_start: Dates | None = None) -> Dates:
        """The start of each person's first status of any kind (NaT where none).

        `counted_visa_start` replaces the visa start, to count only some visas.
        """
        visa_start = self.visa_start if counted_visa_start is None else counted_visa_start
        starts = [
            visa_start,
            self.refugee_start,
            self.asylee_start,
            self.tps_start,
            self.parole_start,
            self.daca_first,
            self.conditional_start,
            self.lpr_date,
        ]
        first: Dates = np.fmin.reduce(starts)
        return first


@dataclass(frozen=True)
class _Context:
    rng: np.random.Generator
    fam: Families
    org: Origins
    as_of: np.datetime64
    dhs_as_of: np.datetime64


def draw_timeline(
    rng: np.random.Generator,
    fam: Families,
    org: Origins,
    as_of: np.datetime64,
    dhs_as_of: np.datetime64,
) -> Timeline:
    """All events for all people, consistent with families, origins and deaths."""
    ctx = _Context(rng, fam, org, as_of, dhs_as_of)
    death = _deaths(ctx)
    horizon = np.fmin(death, as_of)
    visa = _visas(ctx)
    humanitarian = _humanitarian(ctx)
    conditional_start, marriage_lpr = _marriage_residence(ctx)
    lpr_date = _permanent_residence(ctx, visa, humanitarian, marriage_lpr)
    daca_first, daca_grants = _daca(ctx, horizon)
    naturalized_on = _naturalizations(ctx, conditional_start, lpr_date, horizon)
    derived_on = _derivations(ctx, lpr_date, naturalized_on, horizon)
    naturalized_on = np.where(np.isnat(derived_on), naturalized_on, np.datetime64("NaT"))
    certificate_on = _citizenship_certificates(ctx, derived_on, horizon)
    timeline = Timeline(
        death=death,
        horizon=horizon,
        visa_class=visa.visa_class,
        visa_start=visa.start,
        visa_end=visa.end,
        extension_start=visa.extension_start,
        extension_end=visa.extension_end,
        refugee_start=humanitarian.refugee_start,
        asylee_start=humanitarian.asylee_start,
        tps_start=humanitarian.tps_start,
        tps_end=humanitarian.tps_end,
        parole_start=humanitarian.parole_start,
        parole_end=humanitarian.parole_end,
        daca_first=daca_first,
        daca_grants=daca_grants,
        conditional_start=_happened(conditional_start, horizon),
        lpr_date=_happened(lpr_date, horizon),
        naturalized_on=_happened(naturalized_on, horizon),
        derived_on=_happened(derived_on, horizon),
        citizenship_certificate_on=certificate_on,
        ssn_issued=no_dates(fam.size),
        ssn_issued_without_work=np.zeros(fam.size, dtype=np.bool_),
    )
    return _with_ssn_issuance(ctx, timeline)


def _happened(when: Dates, horizon: Dates) -> Dates:
    """Drop events after the person's horizon."""
    return np.where(when <= horizon, when, np.datetime64("NaT"))


def _family_draw(ctx: _Context) -> Floats:
    """One uniform draw per family, seen by every member (family members move together)."""
    u: Floats = ctx.rng.random(ctx.fam.size)[ctx.fam.head]
    return u


def _deaths(ctx: _Context) -> Dates:
    """Deaths, mostly of the old; never before arriving, marrying or a youngest child's birth."""
    fam, n = ctx.fam, ctx.fam.size
    age = age_in_years(fam.dob, ctx.as_of)
    dies = ctx.rng.random(n) < np.clip(0.004 * np.exp((age - 30.0) / 12.0), 0.0, 0.75)
    death = ctx.as_of - years(ctx.rng.random(n) * np.minimum(25.0, age))
    youngest = _youngest_child_dob(fam)
    floor = np.fmax(ctx.org.arrival + days(30), fam.married_on + years(1))
    is_parent = fam.role != Role.CHILD
    floor = np.where(is_parent, np.fmax(floor, youngest[fam.family] + years(1)), floor)
    death = np.fmax(death, floor)
    death = np.fmax(death, fam.dob + days(1))
    death = np.minimum(death, ctx.as_of)
    return np.where(dies, death, np.datetime64("NaT"))


def _youngest_child_dob(fam: Families) -> Dates:
    """Per family: the latest birth date among its children (NaT where none)."""
    youngest = no_dates(int(fam.family.max()) + 1 if fam.size else 0)
    child = fam.role == Role.CHILD
    order = np.argsort(np.where(child, fam.dob, np.datetime64("NaT")), kind="stable")
    # NaT sorts last, so the final child row written per family is its youngest.
    rows = order[child[order]]
    youngest[fam.family[rows]] = fam.dob[rows]
    return youngest


@dataclass(frozen=True)
class _Visa:
    visa_class: Ints
    start: Dates
    end: Dates
    extension_start: Dates
    extension_end: Dates
    adjusts_on: Dates


def _visas(ctx: _Context) -> _Visa:
    """Temporary visas: principals and dependants share dates; some stay, some extend."""
    fam, org = ctx.fam, ctx.org
    on_visa = np.isin(org.path, [Path.ADJUSTED, Path.NONIMMIGRANT, Path.OVERSTAY])
    principal_class = _principal_classes(ctx)
    dependant = fam.role != Role.HEAD
    dependant_codes = np.array([VISA_CODES.index(v[4]) for v in VISA_CLASSES])
    principal_codes = np.array([VISA_CODES.index(v[0]) for v in VISA_CLASSES])
    klass = np.where(
        dependant,
        dependant_codes[principal_class[fam.head]],
        principal_codes[principal_class[fam.head]],
    )
    klass = np.where(org.path == Path.OVERSTAY, B2, klass)
    stay = np.array([v[1] for v in VISA_CLASSES])[principal_class[fam.head]]
    stay = np.where(org.path == Path.OVERSTAY, 0.5, stay)
    u = _family_draw(ctx)
    start = org.arrival
    end = start + years(stay * (0.8 + 0.45 * u))
    adjusts_on = np.where(
        org.path == Path.ADJUSTED, start + years(1.0 + 8.0 * u), np.datetime64("NaT")
    )
    # Status holds until adjustment; those still waiting stay in status past the as-of date.
    end = np.where(org.path == Path.ADJUSTED, np.fmax(end, adjusts_on), end)
    pending = (org.path == Path.ADJUSTED) & (adjusts_on > ctx.as_of)
    end = np.where(pending, np.fmax(end, ctx.as_of + days(30 + 670 * u)), end)
    ext_start, ext_end = _late_extensions(ctx, end, u)
    return _Visa(
        visa_class=np.where(on_visa, klass, -1),
        start=np.where(on_visa, start, np.datetime64("NaT")),
        end=np.where(on_visa, end, np.datetime64("NaT")),
        extension_start=np.where(org.path == Path.NONIMMIGRANT, ext_start, np.datetime64("NaT")),
        extension_end=np.where(org.path == Path.NONIMMIGRANT, ext_end, np.datetime64("NaT")),
        adjusts_on=adjusts_on,
    )


def _principal_classes(ctx: _Context) -> Ints:
    """Index into VISA_CLASSES; adjusters came on visas that lead to residence."""
    weights = np.array([v[3] for v in VISA_CLASSES])
    cdf = np.cumsum(weights / weights.sum())
    u = ctx.rng.random(ctx.fam.size)
    drawn = np.minimum(np.searchsorted(cdf, u, side="right"), len(VISA_CLASSES) - 1)
    toward_residence = np.array([0, 1, 3, 4])  # F1, H1B, J1, L1
    adjusted = toward_residence[(u * toward_residence.size).astype(np.int64)]
    return np.where(ctx.org.path == Path.ADJUSTED, adjusted, drawn).astype(np.int64)


def _late_extensions(ctx: _Context, end: Dates, u: Floats) -> tuple[Dates, Dates]:
    """A quarter of visas that ran out in the last year were extended after the DHS cut."""
    lag = int((ctx.as_of - ctx.dhs_as_of).astype(np.int64))
    recently_ended = (end < ctx.as_of) & (end >= ctx.as_of - years(1))
    extended = recently_ended & (ctx.rng.random(ctx.fam.size)[ctx.fam.head] < 0.25)
    start = ctx.dhs_as_of + days(1 + (u * max(lag - 1, 1)).astype(np.int64))
    stop = start + years(1.0 + 2.0 * u)
    return (
        np.where(extended, start, np.datetime64("NaT")),
        np.where(extended, stop, np.datetime64("NaT")),
    )


@dataclass(frozen=True)
class _Humanitarian:
    refugee_start: Dates
    asylee_start: Dates
    tps_start: Dates
    tps_end: Dates
    parole_start: Dates
    parole_end: Dates
    adjusts_on: Dates


def _humanitarian(ctx: _Context) -> _Humanitarian:
    """Refugee admission, asylum grants, TPS, parole, and the adjustments that follow some."""
    org, u = ctx.org, _family_draw(ctx)
    v = ctx.rng.random(ctx.fam.size)[ctx.fam.head]
    nat = np.datetime64("NaT")
    waited = ctx.as_of - org.arrival
    refugee = org.path == Path.REFUGEE
    asylee = org.path == Path.ASYLEE
    tps = org.path == Path.TPS
    parole = org.path == Path.PAROLE
    asylee_start = org.arrival + np.minimum(years(0.3 + 3.7 * u), (waited * 0.9).astype("m8[D]"))
    tps_start = org.arrival + np.minimum(years(0.2 + 2.8 * u), (waited * 0.9).astype("m8[D]"))
    # A quarter of TPS records show an end already passed: extended by notice, not in the record.
    tps_end = np.where(
        v < 0.25, ctx.as_of - days(5 + 195 * u), ctx.as_of + days(60 + 480 * u)
    ).astype("datetime64[D]")
    tps_end = np.fmax(tps_end, tps_start + days(180))  # a grant runs at least six months
    parole_end = org.arrival + years(2)
    adjusts_on = np.select(
        [refugee & (v < 0.92), asylee & (v < 0.8), parole & (v < 0.35)],
        [
            org.arrival + years(1.0 + 1.5 * u),
            asylee_start + years(1.0 + 4.0 * u),
            org.arrival + years(1.0 + 1.2 * u),
        ],
        nat,
    )
    return _Humanitarian(
        refugee_start=np.where(refugee, org.arrival, nat),
        asylee_start=np.where(asylee, asylee_start, nat),
        tps_start=np.where(tps, tps_start, nat),
        tps_end=np.where(tps, tps_end, nat),
        parole_start=np.where(parole, org.arrival, nat),
        parole_end=np.where(parole, parole_end, nat),
        adjusts_on=adjusts_on,
    )


def _marriage_residence(ctx: _Context) -> tuple[Dates, Dates]:
    """Spouses of citizens: two years of conditional residence, then (often late) removal."""
    fam, org = ctx.fam, ctx.org
    spouse = org.path == Path.MARRIAGE
    u = ctx.rng.random(fam.size)
    start = fam.married_on + years(0.2 + 1.3 * u)
    # Recent marriages: the visa came some time between the wedding and the as-of date.
    squeezed = fam.married_on + ((ctx.as_of - fam.married_on) * u).astype("m8[D]")
    start = np.where(start > ctx.as_of, squeezed, start)
    conditional = spouse & (start >= CONDITIONAL_SINCE)
    # Removal of conditions is often decided months after the two years end.
    lpr = np.where(conditional, start + years(2.1 + 1.7 * ctx.rng.random(fam.size)), start)
    nat = np.datetime64("NaT")
    return np.where(conditional, start, nat), np.where(spouse, lpr, nat)


def _permanent_residence(
    ctx: _Context, visa: _Visa, humanitarian: _Humanitarian, marriage_lpr: Dates
) -> Dates:
    """The day each person became a lawful permanent resident (NaT where never)."""
    path = ctx.org.path
    return np.select(
        [
            path == Path.IMMIGRANT_VISA,
            path == Path.ADJUSTED,
            path == Path.MARRIAGE,
            np.isin(path, [Path.REFUGEE, Path.ASYLEE, Path.PAROLE]),
        ],
        [ctx.org.arrival, visa.adjusts_on, marriage_lpr, humanitarian.adjusts_on],
        np.datetime64("NaT"),
    )


def _daca(ctx: _Context, horizon: Dates) -> tuple[Dates, Ints]:
    """Childhood arrivals without status: about half received DACA; some stopped renewing."""
    fam, org, rng = ctx.fam, ctx.org, ctx.rng
    n = fam.size
    eligible = (
        np.isin(org.path, [Path.UNDOCUMENTED, Path.OVERSTAY])
        & (org.arrival < fam.dob + years(16))
        & (fam.dob >= day("1981-06-16"))
        & (org.arrival <= day("2007-06-15"))
        & (rng.random(n) < 0.75)
    )
    first = np.fmax(DACA_START + years(3.0 * rng.random(n)), fam.dob + years(15.0 + rng.random(n)))
    receives = eligible & (first <= DACA_CLOSED) & (first <= horizon)
    possible = (horizon - first).astype(np.int64) // DACA_RENEWAL_DAYS + 1
    lapsed = rng.random(n) < 0.12
    kept = np.where(lapsed, 1 + (rng.random(n) * possible).astype(np.int64), possible)
    grants = np.where(receives, np.clip(kept, 1, None), 0).astype(np.int64)
    return np.where(receives, first, np.datetime64("NaT")), grants


def _naturalizations(
    ctx: _Context, conditional_start: Dates, lpr_date: Dates, horizon: Dates
) -> Dates:
    """Most permanent residents naturalize some years after they become eligible."""
    fam, org, rng, n = ctx.fam, ctx.org, ctx.rng, ctx.fam.size
    # Conditional years count toward residence, but conditions must be removed first.
    residence = np.fmin(conditional_start, lpr_date)
    wait = np.where(org.path == Path.MARRIAGE, 3.0, 5.0)
    eligible = np.fmax(residence + years(wait), fam.dob + years(18))
    eligible = np.fmax(eligible, lpr_date + days(30))
    eligible = np.where(np.isnat(lpr_date), np.datetime64("NaT"), eligible)
    will = rng.random(n) < 0.8
    naturalized: Dates = np.asarray(eligible + years(rng.exponential(3.0, n)), "datetime64[D]")
    lag = int((ctx.as_of - ctx.dhs_as_of).astype(np.int64))
    recent_enough = eligible <= ctx.as_of - np.timedelta64(lag + 90, "D")
    recent = will & recent_enough & (rng.random(n) < RECENT_NATURALIZATION_P)
    recent_day: Dates = (ctx.as_of - days(rng.integers(0, lag + 60, n))).astype("datetime64[D]")
    naturalized = np.where(recent, recent_day, naturalized)
    happened = will & (naturalized <= horizon)
    return np.where(happened, naturalized, np.datetime64("NaT"))


def _derivations(ctx: _Context, lpr: Dates, naturalized: Dates, horizon: Dates) -> Dates:
    """Children who were residents under 18 when a parent naturalized became citizens then."""
    fam = ctx.fam
    partner_nat = np.where(
        fam.partner >= 0, naturalized[np.maximum(fam.partner, 0)], np.datetime64("NaT")
    )
    parent_nat = np.fmin(naturalized[fam.head], partner_nat)
    derived_on = np.fmax(parent_nat, lpr)
    derived_on = np.where(np.isnat(parent_nat) | np.isnat(lpr), np.datetime64("NaT"), derived_on)
    qualifies = (
        (fam.role == Role.CHILD)
        & (ctx.org.path != Path.NATIVE)
        & (derived_on < fam.dob + years(18))
        & (derived_on <= horizon)
    )
    return np.where(qualifies, derived_on, np.datetime64("NaT"))


def _citizenship_certificates(ctx: _Context, derived_on: Dates, horizon: Dates) -> Dates:
    """About four in ten derived citizens applied for a certificate of citizenship."""
    n = ctx.fam.size
    applied = ctx.rng.random(n) < 0.4
    issued = derived_on + years(0.1 + 12.0 * ctx.rng.random(n))
    return np.where(applied & (issued <= horizon), issued, np.datetime64("NaT"))


def _with_ssn_issuance(ctx: _Context, t: Timeline) -> Timeline:
    """When each person's SSN was issued (NaT for those who never got one)."""
    native = ctx.org.path == Path.NATIVE
    issued = np.where(native, _native_issuance(ctx), _foreign_issuance(ctx, t))
    issued = _happened(issued.astype("datetime64[D]"), t.horizon)
    without_work = ~native & _issued_on_visa_without_work(t, issued)
    return replace(t, ssn_issued=issued, ssn_issued_without_work=without_work)


def _native_issuance(ctx: _Context) -> Dates:
    """Enumeration at birth since the late 1980s; at working age before."""
    dob, rng, n = ctx.fam.dob, ctx.rng, ctx.fam.size
    at_birth = dob + days(5 + 145 * rng.random(n))
    late = dob + years(1.0 + 16.0 * rng.random(n))
    recent = np.where(rng.random(n) < 0.97, at_birth, late)
    working_age = np.fmax(dob + years(14.0 + 12.0 * rng.random(n)), day("1937-01-01"))
    return np.where(dob >= day("1986-01-01"), recent, working_age)


def _foreign_issuance(ctx: _Context, t: Timeline) -> Dates:
    """Shortly after the first grant that allows work (or a student's campus job)."""
    rng, n, path = ctx.rng, ctx.fam.size, ctx.org.path
    works_on_visa = np.isin(t.visa_class, _working_visa_codes()) | (
        (t.visa_class == VISA_CODES.index("F1")) & (rng.random(n) < 0.3)
    )
    first_grant = t.first_status_start(np.where(works_on_visa, t.visa_start, np.datetime64("NaT")))
    owns_p = np.select(
        [path == Path.PAROLE, path == Path.TPS, path == Path.NONIMMIGRANT],
        [0.6, 0.85, 0.9],
        0.95,
    )
    issued = first_grant + days(10 + 110 * rng.random(n))
    child_later = (issued < ctx.fam.dob + years(14)) & (rng.random(n) < 0.15)
    teen = ctx.fam.dob + years(14.0 + 4.0 * rng.random(n))
    issued = np.where(child_later, np.fmax(issued, teen), issued)
    return np.where(rng.random(n) < owns_p, issued, np.datetime64("NaT"))


def _working_visa_codes() -> list[int]:
    return [VISA_CODES.index(v[0]) for v in VISA_CLASSES if v[2]]


def _issued_on_visa_without_work(t: Timeline, issued: Dates) -> Mask:
    """Numbers issued while the holder was on a visa without general work permission."""
    on_visa = (t.visa_start <= issued) & ~(t.lpr_date <= issued)
    no_work = ~np.isin(t.visa_class, _working_visa_codes())
    result: Mask = on_visa & no_work
    return result
