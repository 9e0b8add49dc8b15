"""Accuracy: the answers ``verify bulk`` gives, scored against the synthetic world's truth.

On the world of about two million SSA entries (each last four digits shared by about 200
people), ``verify bulk`` answers every request for both demo purposes, and each answer file is
scored per input kind and per fault type:

(i)   citizens whose records show citizenship (valid row, not an impostor, not deceased) answered
      US_CITIZEN — goal at least 99.5% with a full SSN, an A-number or a certificate number,
      at least 99% with only the SSN's last four digits;
(ii)  noncitizens (truth class neither citizen nor national) answered US_CITIZEN — goal 0;
(iii) rows submitted by an impostor answered US_CITIZEN — goal 0;
(iv)  benefit-eligibility only: lawful noncitizens whose records show a status, answered
      IMMIGRATION_STATUS with their true status — goal at least 99%, and none stated wrongly;
(v)   INVALID answers are exactly the rows the world made invalid;
(vi)  one result row per request row, no more and no fewer.

Beside it, the same scoring for the exact-match approach and a plain rules matcher
(``bench/exact_match.py``) and, on the last-four path, for Splink (``bench/splink_last4.py``).

False citizens are also counted per class of look-alike the world holds (twins giving their
sibling's number, namesake visitors sharing a citizen's name, birth date and country under
another A-number, other impostors), and the keying faults careful rules forgive (swapped given
and family names, a wrong birth-year digit) are compared with the plain rules matcher.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import polars as pl

import misses
from harness import (
    BENCH,
    BENEFITS,
    ELECTION,
    PYTHON,
    Sizes,
    World,
    count_lines,
    ensure_world,
    fresh_home,
    ingest,
    log,
    run_timed,
    save_result,
    timing_dict,
    verify_bulk,
)
from statusbridge.engine.normalize import a_number_digits, parse_date

NONCITIZEN_CLASSES = ("lawful_noncitizen", "no_lawful_status")
# Goals for (i) by what the request carries.
GOAL_FULL = 0.995
GOAL_LAST4 = 0.99
GOAL_STATUS = 0.99
# Nothing can confirm a person from a made-up number, so those rows do not count towards (i)/(iv).
UNCONFIRMABLE_FAULTS = ("made_up_ssn",)
# The request's name appears on none of the person's records (a marriage never reported): the
# records cannot tell this person from someone else using the number. Counted in (i) as the goal
# is written, and also shown apart, because it is a different question from keying errors.
NAME_NOT_ON_RECORD = "name_not_on_record"
SPLINK_THRESHOLD = 0.9
_TRUE = ("true", "1", "t", "yes", "y")
IMPOSTOR_FAULTS = ("twin_ssn", "relative_ssn", "stranger_ssn", "stranger_a_number")
# Keying faults compared with the plain rules matcher, on the full-SSN path it reads.
COMPARED_FAULTS = (
    "names_swapped", "dob_year_digit", "dob_digit_typo", "nickname", "typo_first", "none",
)  # fmt: skip


def _flag(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).str.to_lowercase().is_in(_TRUE).alias(column)


def load_truth(world: World) -> pl.DataFrame:
    """The truth rows with booleans parsed, and two statuses for each row's person.

    ``true_status``: a lawful noncitizen's ``truth_how`` names the standing they hold on the
    as-of date in the DHS vocabulary (``LPR``, ``REFUGEE``, ``TPS`` …), which a right answer
    states. ``record_status``: the status on the person's current DHS row (latest status start),
    which tells a stale record from a wrong match when the two differ.
    """
    truth = pl.read_csv(world.truth, infer_schema=False)
    if "namesake" not in truth.columns:  # a world from before namesakes were generated
        truth = truth.with_columns(pl.lit("false").alias("namesake"))
    truth = truth.with_columns(
        *(_flag(c) for c in ("impostor", "deceased", "valid", "namesake")),
        pl.col("fault").fill_null("none"),
        pl.col("input_kind").fill_null("none"),
    )
    truth = truth.with_columns(
        pl.when(pl.col("truth_class") == "lawful_noncitizen")
        .then(pl.col("truth_how"))
        .alias("true_status")
    )
    return truth.join(_record_statuses(world), on="person_id", how="left")


def _record_statuses(world: World) -> pl.DataFrame:
    people = pl.read_parquet(world.people_file, columns=["person_id", "a_number"])
    dhs = pl.read_csv(
        world.dhs, infer_schema=False, columns=["a_number", "status", "status_start", "updated_on"]
    )
    current = (
        dhs.with_columns(
            a_number_digits(pl.col("a_number")).alias("a_number"),
            parse_date(pl.col("status_start")).alias("start"),
            parse_date(pl.col("updated_on")).alias("updated"),
        )
        .sort(["a_number", "start", "updated"], descending=[False, True, True], nulls_last=True)
        .group_by("a_number", maintain_order=True)
        .first()
        .select("a_number", pl.col("status").alias("record_status"))
    )
    return (
        people.with_columns(
            pl.col("person_id").cast(pl.String),
            a_number_digits(pl.col("a_number").cast(pl.String)).alias("a_number"),
        )
        .join(current, on="a_number", how="inner")
        .select("person_id", "record_status")
    )


def load_answers(path: Path) -> pl.DataFrame:
    answers = pl.read_csv(path, infer_schema=False)
    if "status" not in answers.columns:
        answers = answers.with_columns(pl.lit(None, pl.String).alias("status"))
    # Result files neutralize formula-like cells with a leading apostrophe; ids come back intact.
    return answers.with_columns(pl.col("request_id").str.strip_prefix("'"))


def goal_for(kind: str) -> float | None:
    parts = set(kind.split("+"))
    if parts & {"ssn", "a_number", "certificate"}:
        return GOAL_FULL
    if "ssn_last4" in parts:
        return GOAL_LAST4
    return None


def _scored(truth: pl.DataFrame, answers: pl.DataFrame) -> pl.DataFrame:
    if "reason" not in answers.columns:
        answers = answers.with_columns(pl.lit(None, pl.String).alias("reason"))
    joined = truth.join(
        answers.select("request_id", "response_code", "status", "reason"),
        on="request_id",
        how="left",
    )
    answered_citizen = pl.col("response_code") == "US_CITIZEN"
    answerable = (
        pl.col("valid")
        & ~pl.col("impostor")
        & ~pl.col("deceased")
        & (pl.col("input_kind") != "none")
        & ~pl.col("fault").is_in(UNCONFIRMABLE_FAULTS)
    )
    eligible = (
        (pl.col("truth_class") == "citizen") & (pl.col("records_show") == "citizen") & answerable
    )
    status_eligible = (
        (pl.col("truth_class") == "lawful_noncitizen")
        & (pl.col("records_show") == "status")
        & answerable
    )
    stated = pl.col("response_code") == "IMMIGRATION_STATUS"
    wrong = status_eligible & stated & (pl.col("status") != pl.col("true_status")).fill_null(True)
    as_recorded = pl.col("status") == pl.col("record_status")
    on_record = pl.col("fault") != NAME_NOT_ON_RECORD
    return joined.with_columns(
        eligible.alias("eligible"),
        (eligible & answered_citizen).fill_null(False).alias("eligible_confirmed"),
        (eligible & on_record).alias("eligible_on_record"),
        (eligible & on_record & answered_citizen).fill_null(False).alias("on_record_confirmed"),
        pl.col("truth_class").is_in(NONCITIZEN_CLASSES).alias("noncitizen"),
        (pl.col("truth_class").is_in(NONCITIZEN_CLASSES) & answered_citizen)
        .fill_null(False)
        .alias("noncitizen_as_citizen"),
        (pl.col("impostor") & answered_citizen).fill_null(False).alias("impostor_as_citizen"),
        ((pl.col("truth_class") == "national") & answered_citizen)
        .fill_null(False)
        .alias("national_as_citizen"),
        status_eligible.alias("status_eligible"),
        (status_eligible & stated & (pl.col("status") == pl.col("true_status")))
        .fill_null(False)
        .alias("status_right"),
        wrong.fill_null(False).alias("status_wrong"),
        (wrong & as_recorded).fill_null(False).alias("status_wrong_as_recorded"),
        (stated & (pl.col("truth_class") == "citizen") & (pl.col("records_show") == "citizen"))
        .fill_null(False)
        .alias("status_to_citizen_on_record"),
        (stated & (pl.col("truth_class") == "citizen") & (pl.col("records_show") != "citizen"))
        .fill_null(False)
        .alias("status_to_citizen_stale_record"),
        (pl.col("response_code") == "INVALID").fill_null(False).alias("answered_invalid"),
        pl.col("response_code").is_null().alias("unanswered"),
    )


_SUMS = (
    "eligible",
    "eligible_confirmed",
    "eligible_on_record",
    "on_record_confirmed",
    "noncitizen",
    "noncitizen_as_citizen",
    "impostor",
    "impostor_as_citizen",
    "national_as_citizen",
    "status_eligible",
    "status_right",
    "status_wrong",
    "status_wrong_as_recorded",
    "status_to_citizen_on_record",
    "status_to_citizen_stale_record",
)


def breakdown(scored: pl.DataFrame, by: str) -> list[dict[str, Any]]:
    """Per value of ``by`` (and a total row): counts of every scored event."""
    grouped = (
        scored.group_by(by).agg(pl.len().alias("rows"), *(pl.col(c).sum() for c in _SUMS)).sort(by)
    )
    total = scored.select(
        pl.lit("all").alias(by), pl.len().alias("rows"), *(pl.col(c).sum() for c in _SUMS)
    )
    rows = pl.concat([grouped, total], how="vertical_relaxed").to_dicts()
    for row in rows:
        row["confirmed_share"] = _share(row["eligible_confirmed"], row["eligible"])
        row["on_record_share"] = _share(row["on_record_confirmed"], row["eligible_on_record"])
        row["status_share"] = _share(row["status_right"], row["status_eligible"])
        if by == "input_kind":
            row["goal"] = goal_for(str(row[by])) if row[by] != "all" else None
            row["goal_met"] = (
                None
                if row["goal"] is None or row["confirmed_share"] is None
                else row["confirmed_share"] >= row["goal"]
            )
            row["on_record_goal_met"] = (
                None
                if row["goal"] is None or row["on_record_share"] is None
                else row["on_record_share"] >= row["goal"]
            )
    return rows


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def checks(scored: pl.DataFrame, answers: pl.DataFrame, request_rows: int) -> dict[str, Any]:
    """(v) INVALID against the truth and (vi) the counts."""
    invalid = scored.select(
        (pl.col("answered_invalid") & ~pl.col("valid")).sum().alias("invalid_and_answered"),
        (~pl.col("valid")).sum().alias("invalid_in_truth"),
        pl.col("answered_invalid").sum().alias("answered_invalid"),
        (pl.col("answered_invalid") & pl.col("valid")).sum().alias("valid_answered_invalid"),
        (~pl.col("answered_invalid") & ~pl.col("valid")).sum().alias("invalid_not_answered"),
        pl.col("unanswered").sum().alias("truth_rows_without_answer"),
    ).to_dicts()[0]
    ids = answers["request_id"]
    extra = answers.join(scored.select("request_id"), on="request_id", how="anti").height
    return {
        **invalid,
        "request_rows": request_rows,
        "truth_rows": scored.height,
        "result_rows": answers.height,
        "duplicate_result_ids": ids.len() - ids.n_unique(),
        "results_without_truth": extra,
        "counts_add_up": answers.height == request_rows == scored.height
        and invalid["truth_rows_without_answer"] == 0
        and extra == 0,
        "invalid_exact": invalid["valid_answered_invalid"] == 0
        and invalid["invalid_not_answered"] == 0,
    }


def false_citizens_by_class(scored: pl.DataFrame) -> list[dict[str, Any]]:
    """US_CITIZEN answers where none is right, per class of requester (goal 0 in each).

    Impostor classes count every US_CITIZEN (the number is not theirs); namesakes, noncitizens
    and nationals count a US_CITIZEN for a requester who is not a citizen.
    """
    citizen = (pl.col("response_code") == "US_CITIZEN").fill_null(False)
    better = (pl.col("reason") == "ANOTHER_RECORD_FITS_BETTER").fill_null(False)
    not_citizen = pl.col("truth_class") != "citizen"
    classes: list[tuple[str, pl.Expr, pl.Expr]] = [
        (f"impostor: `{fault}`", pl.col("fault") == fault, citizen) for fault in IMPOSTOR_FAULTS
    ]
    classes += [
        (
            "namesake visitor (another A-number's citizen)",
            pl.col("namesake"),
            citizen & not_citizen,
        ),
        ("noncitizen", pl.col("noncitizen"), citizen),
        ("U.S. national", pl.col("truth_class") == "national", citizen),
    ]
    rows = []
    for label, members, false in classes:
        found = scored.filter(members).select(
            pl.len().alias("rows"),
            false.sum().alias("as_citizen"),
            better.sum().alias("another_fits_better"),
        )
        rows.append({"class": label, **found.to_dicts()[0]})
    return rows


def fault_comparison(
    truth: pl.DataFrame, contenders: dict[str, pl.DataFrame]
) -> list[dict[str, Any]]:
    """Citizens confirmed per keying fault on the full-SSN path, for each contender."""
    rows: dict[str, dict[str, Any]] = {}
    for name, answers in contenders.items():
        scored = _scored(truth, answers).filter(
            (pl.col("input_kind") == "ssn") & pl.col("fault").is_in(COMPARED_FAULTS)
        )
        counts = scored.group_by("fault").agg(
            pl.col("eligible").sum(), pl.col("eligible_confirmed").sum().alias("confirmed")
        )
        for fault, eligible, confirmed in counts.iter_rows():
            row = rows.setdefault(fault, {"fault": fault, "eligible": eligible})
            row[name] = confirmed
    return [rows[f] for f in COMPARED_FAULTS if f in rows]


def score(
    truth: pl.DataFrame, answers: pl.DataFrame, request_rows: int, with_checks: bool = True
) -> dict[str, Any]:
    scored = _scored(truth, answers)
    result: dict[str, Any] = {
        "by_kind": breakdown(scored, "input_kind"),
        "by_fault": breakdown(scored, "fault"),
        "by_class": false_citizens_by_class(scored),
        "outcomes": dict(
            answers.group_by("response_code").len().sort("len", descending=True).iter_rows()
        ),
    }
    if with_checks:
        result["checks"] = checks(scored, answers, request_rows)
        result["status_disclosed_rows"] = int(
            (answers["status"].fill_null("").str.strip_chars() != "").sum()
        )
    return result


def exact_match_misses(truth: pl.DataFrame, exact: pl.DataFrame) -> dict[str, int]:
    """Why the exact-match approach missed the citizens it should have confirmed."""
    missed = _scored(truth, exact).filter(pl.col("eligible") & ~pl.col("eligible_confirmed"))
    reasons = exact.select("request_id", "reason")
    counted = missed.join(reasons, on="request_id", how="left").group_by("reason").len()
    return {str(k): int(v) for k, v in counted.sort("len", descending=True).iter_rows()}


def splink_comparison(
    truth: pl.DataFrame, splink: pl.DataFrame, benefits: pl.DataFrame, world: World
) -> list[dict[str, Any]]:
    """Splink and statusbridge side by side on the rows Splink saw (last four only), by fault."""
    rows = truth.join(splink.select("request_id", "match_ssn"), on="request_id", how="semi")
    true_ssn = _person_ssns(world)
    if true_ssn is not None:
        rows = rows.join(true_ssn, on="person_id", how="left")
    else:
        rows = rows.with_columns(pl.lit(None, pl.String).alias("person_ssn"))
    ours = _scored(rows, benefits).with_columns(
        (
            (pl.col("response_code") == "US_CITIZEN") & (pl.col("noncitizen") | pl.col("impostor"))
        ).alias("false_confirmation")
    )
    theirs = _scored(rows, splink.with_columns(pl.lit(None, pl.String).alias("status")))
    theirs = theirs.join(splink.select("request_id", "match_ssn"), on="request_id").with_columns(
        (
            (pl.col("response_code") == "US_CITIZEN")
            & pl.col("person_ssn").is_not_null()
            & (pl.col("match_ssn") != pl.col("person_ssn"))
        ).alias("wrong_person"),
    )
    theirs = theirs.with_columns(
        (
            (pl.col("response_code") == "US_CITIZEN")
            & (pl.col("noncitizen") | pl.col("impostor") | pl.col("wrong_person"))
        ).alias("false_confirmation")
    )

    def per_fault(frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
        aggregates = [
            pl.len().alias("rows"),
            pl.col("eligible").sum(),
            pl.col("eligible_confirmed").sum().alias(f"{prefix}_confirmed"),
            pl.col("false_confirmation").sum().alias(f"{prefix}_false"),
        ]
        grouped = frame.group_by("fault").agg(*aggregates)
        total = frame.select(pl.lit("all").alias("fault"), *aggregates)
        return pl.concat([grouped.sort("fault"), total], how="vertical_relaxed")

    table = per_fault(ours, "statusbridge").join(
        per_fault(theirs, "splink").drop("rows", "eligible"), on="fault", maintain_order="left"
    )
    return table.to_dicts()


def _person_ssns(world: World) -> pl.DataFrame | None:
    if not world.people_file.exists():
        return None
    people = pl.read_parquet(world.people_file)
    if "ssn" not in people.columns:
        return None
    return people.select(
        pl.col("person_id").cast(pl.String),
        pl.col("ssn").cast(pl.String).str.replace_all(r"[\s\-]", "").alias("person_ssn"),
    )


def main() -> None:
    sizes = Sizes.from_env()
    world = ensure_world(sizes)
    scratch = sizes.work / "accuracy"
    scratch.mkdir(parents=True, exist_ok=True)
    home = fresh_home(sizes, "accuracy")
    ingest(home, world)
    files = {
        "benefits": scratch / "benefits.csv",
        "election": scratch / "election.csv",
        "exact": scratch / "exact.csv",
        "exact_canonical": scratch / "exact-canonical.csv",
        "plain_rules": scratch / "plain-rules.csv",
        "splink": scratch / "splink.csv",
    }
    timings = {
        "benefits": verify_bulk(home, world.requests, files["benefits"], world.verify_on, BENEFITS),
        "election": verify_bulk(home, world.requests, files["election"], world.verify_on, ELECTION),
    }
    variants = (("exact", []), ("exact_canonical", ["--canonical"]), ("plain_rules", ["--rules"]))
    for name, extra in variants:
        timings[name] = run_timed(
            [
                str(PYTHON),
                str(BENCH / "exact_match.py"),
                str(world.requests),
                str(world.ssa),
                str(files[name]),
                *extra,
            ]
        )
    log("verify bulk (both purposes) and the exact match done; training Splink")
    timings["splink"] = run_timed(
        [
            str(PYTHON),
            str(BENCH / "splink_last4.py"),
            str(world.requests),
            str(world.ssa),
            str(files["splink"]),
            "--threshold",
            str(SPLINK_THRESHOLD),
        ]
    )
    truth = load_truth(world)
    request_rows = count_lines(world.requests)
    benefits = load_answers(files["benefits"])
    exact = load_answers(files["exact"])
    canonical = load_answers(files["exact_canonical"])
    rules = load_answers(files["plain_rules"])
    splink = pl.read_csv(files["splink"], infer_schema=False)
    result = {
        "people": sizes.people,
        "requests": request_rows,
        "splink_threshold": SPLINK_THRESHOLD,
        "seconds": {k: timing_dict(t)["seconds"] for k, t in timings.items()},
        "statusbridge_benefits": score(truth, benefits, request_rows),
        "statusbridge_misses": misses.miss_causes(_scored(truth, benefits), benefits, world),
        "statusbridge_status_misses": misses.miss_causes(
            _scored(truth, benefits), benefits, world, "status_eligible", "status_right"
        ),
        "statusbridge_election": score(truth, load_answers(files["election"]), request_rows),
        "exact_match": score(truth, exact, request_rows, with_checks=False),
        "exact_match_misses": exact_match_misses(truth, exact),
        "exact_match_canonical": score(truth, canonical, request_rows, with_checks=False),
        "exact_match_canonical_misses": exact_match_misses(truth, canonical),
        "plain_rules": score(truth, rules, request_rows, with_checks=False),
        "fault_comparison": fault_comparison(
            truth,
            {"statusbridge": benefits, "exact_canonical": canonical, "plain_rules": rules},
        ),
        "splink_last4": splink_comparison(truth, splink, benefits, world),
        "splink_model": _read_json(files["splink"].with_suffix(".json")),
    }
    save_result(sizes, "accuracy", result)
    print(render(result))
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)


def _read_json(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text())) if path.exists() else {}


# --- tables ------------------------------------------------------------------------------------


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.2f}%"


def _table(header: list[str], rows: list[list[str]], right_from: int = 1) -> str:
    align = ["---" if i < right_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def citizen_table(rows: list[dict[str, Any]], by: str, with_goal: bool) -> str:
    header = [
        by.replace("_", " "),
        "rows",
        "citizens, records show it",
        "→ US_CITIZEN",
        "share",
        *(["goal", "met"] if with_goal else []),
        *([f"share without `{NAME_NOT_ON_RECORD}`", "met"] if with_goal else []),
        "noncitizens",
        "noncitizens → US_CITIZEN",
        "impostors",
        "impostors → US_CITIZEN",
    ]
    body = []
    for row in rows:
        goal = row.get("goal")
        met = row.get("goal_met")
        body.append(
            [
                f"`{row[by]}`" if row[by] != "all" else "**all**",
                f"{row['rows']:,}",
                f"{row['eligible']:,}",
                f"{row['eligible_confirmed']:,}",
                _pct(row["confirmed_share"]),
                *(
                    [
                        "—" if goal is None else f"≥ {100 * goal:g}%",
                        "—" if met is None else ("yes" if met else "**no**"),
                    ]
                    if with_goal
                    else []
                ),
                *(
                    [_pct(row["on_record_share"]), _yes(row.get("on_record_goal_met"))]
                    if with_goal
                    else []
                ),
                f"{row['noncitizen']:,}",
                _zero_goal(row["noncitizen_as_citizen"]),
                f"{row['impostor']:,}",
                _zero_goal(row["impostor_as_citizen"]),
            ]
        )
    return _table(header, body)


def _yes(met: bool | None) -> str:
    return "—" if met is None else ("yes" if met else "**no**")


def _zero_goal(count: int) -> str:
    return "0" if count == 0 else f"**{count:,}**"


def status_table(rows: list[dict[str, Any]], by: str) -> str:
    header = [
        by.replace("_", " "),
        "lawful noncitizens, records show a status",
        "→ right status",
        "share (goal ≥ 99%)",
        "stated wrongly (goal 0)",
        "of which the record's own status",
        "status to a citizen whose records show citizenship",
        "status to a citizen, from a stale record",
    ]
    body = [
        [
            f"`{row[by]}`" if row[by] != "all" else "**all**",
            f"{row['status_eligible']:,}",
            f"{row['status_right']:,}",
            _pct(row["status_share"]),
            _zero_goal(row["status_wrong"]),
            f"{row['status_wrong_as_recorded']:,}",
            _zero_goal(row["status_to_citizen_on_record"]),
            f"{row['status_to_citizen_stale_record']:,}",
        ]
        for row in rows
        if row["status_eligible"]
        or row["status_to_citizen_on_record"]
        or row["status_to_citizen_stale_record"]
        or row[by] == "all"
    ]
    return _table(header, body)


def outcomes_table(outcomes: dict[str, int]) -> str:
    total = max(sum(outcomes.values()), 1)
    return _table(
        ["response_code", "rows", "share"],
        [[f"`{k}`", f"{v:,}", _pct(v / total)] for k, v in outcomes.items()],
    )


def checks_table(found: dict[str, Any], status_disclosed: int | None = None) -> str:
    body = [
        [
            "result rows = request rows",
            f"{found['result_rows']:,} = {found['request_rows']:,}",
            "yes" if found["counts_add_up"] else "**no**",
        ],
        [
            "truth rows without a result",
            f"{found['truth_rows_without_answer']:,}",
            "yes" if found["truth_rows_without_answer"] == 0 else "**no**",
        ],
        [
            "duplicate request ids in results",
            f"{found['duplicate_result_ids']:,}",
            "yes" if found["duplicate_result_ids"] == 0 else "**no**",
        ],
        [
            "INVALID answers / invalid truth rows",
            f"{found['answered_invalid']:,} / {found['invalid_in_truth']:,}",
            "yes" if found["invalid_exact"] else "**no**",
        ],
        [
            "valid rows answered INVALID",
            f"{found['valid_answered_invalid']:,}",
            "yes" if found["valid_answered_invalid"] == 0 else "**no**",
        ],
        [
            "invalid rows not answered INVALID",
            f"{found['invalid_not_answered']:,}",
            "yes" if found["invalid_not_answered"] == 0 else "**no**",
        ],
    ]
    if status_disclosed is not None:
        body.append(
            [
                "rows with a status disclosed (election office)",
                f"{status_disclosed:,}",
                "yes" if status_disclosed == 0 else "**no**",
            ]
        )
    return _table(["check", "found", "as required"], body)


def splink_table(rows: list[dict[str, Any]]) -> str:
    header = [
        "fault",
        "last-4 rows",
        "citizens, records show it",
        "statusbridge → US_CITIZEN",
        "share",
        "Splink → US_CITIZEN",
        "share",
        "statusbridge false confirmations",
        "Splink false confirmations",
    ]
    body = [
        [
            f"`{row['fault']}`" if row["fault"] != "all" else "**all**",
            f"{row['rows']:,}",
            f"{row['eligible']:,}",
            f"{row['statusbridge_confirmed']:,}",
            _pct(_share(row["statusbridge_confirmed"], row["eligible"])),
            f"{row['splink_confirmed']:,}",
            _pct(_share(row["splink_confirmed"], row["eligible"])),
            _zero_goal(row["statusbridge_false"]),
            _zero_goal(row["splink_false"]),
        ]
        for row in rows
    ]
    return _table(header, body)


def class_table(rows: list[dict[str, Any]]) -> str:
    body = [
        [
            row["class"],
            f"{row['rows']:,}",
            _zero_goal(row["as_citizen"]),
            f"{row['another_fits_better']:,}",
        ]
        for row in rows
    ]
    return _table(
        ["class", "rows", "→ US_CITIZEN wrongly (goal 0)", "→ `ANOTHER_RECORD_FITS_BETTER`"],
        body,
    )


_CONTENDERS = (
    ("statusbridge", "statusbridge"),
    ("plain_rules", "plain rules"),
    ("exact_canonical", "exact match, canonical"),
)


def comparison_table(rows: list[dict[str, Any]]) -> str:
    header = ["fault (full SSN)", "citizens, records show it"]
    for _, label in _CONTENDERS:
        header += [f"{label} → US_CITIZEN", "share"]
    body = []
    for row in rows:
        line = [f"`{row['fault']}`", f"{row['eligible']:,}"]
        for key, _ in _CONTENDERS:
            confirmed = row.get(key, 0)
            line += [f"{confirmed:,}", _pct(_share(confirmed, row["eligible"]))]
        body.append(line)
    return _table(header, body)


def _exact_section(result: dict[str, Any], key: str, variant: str) -> list[str]:
    scored = result[key]
    return [
        f"### The exact-match approach, {variant}",
        "",
        "Exact SSN + first name + last name + date of birth against the SSA number's current "
        "entry; citizen when its code is `A`.",
        "",
        "By input kind:",
        "",
        citizen_table(scored["by_kind"], "input_kind", True),
        "",
        "By fault:",
        "",
        citizen_table(scored["by_fault"], "fault", False),
        "",
        "Why it missed citizens whose records show citizenship:",
        "",
        _table(
            ["reason", "citizens missed"],
            [[f"`{k}`", f"{v:,}"] for k, v in result[f"{key}_misses"].items()],
        ),
        "",
    ]


def _look_alike_section(result: dict[str, Any]) -> list[str]:
    """False citizens per class and the keying-fault comparison (absent from older results)."""
    if "by_class" not in result["statusbridge_benefits"]:
        return []
    parts = [
        "False citizens by class of requester (benefit eligibility; voter-list maintenance "
        "below). Impostors: any US_CITIZEN answer is false (the number is not theirs); "
        "namesake visitors share a naturalized citizen's name, birth date and country of birth "
        "under another A-number.",
        "",
        class_table(result["statusbridge_benefits"]["by_class"]),
        "",
    ]
    if result.get("fault_comparison"):
        parts += [
            "Keying faults careful rules forgive, on the full-SSN path: citizens whose records "
            "show citizenship confirmed by statusbridge, by a plain rules matcher (names in "
            "either order, a date of birth one digit away, SSA code A) and by the canonical "
            "exact match.",
            "",
            comparison_table(result["fault_comparison"]),
            "",
        ]
    return parts


def _rules_section(result: dict[str, Any]) -> list[str]:
    if "plain_rules" not in result:
        return []
    scored = result["plain_rules"]
    return [
        "### A plain rules matcher (names in either order, a date of birth one digit away)",
        "",
        "The canonical exact match plus two forgiven keying faults; it asks no question about "
        "anyone else the request may be, so twins using a sibling's number pass it.",
        "",
        citizen_table(scored["by_kind"], "input_kind", True),
        "",
        class_table(scored["by_class"]),
        "",
    ]


def render(result: dict[str, Any]) -> str:
    benefits, election = result["statusbridge_benefits"], result["statusbridge_election"]
    parts = [
        "### statusbridge, `demo-benefits-agency` / `benefit-eligibility`",
        "",
        "By input kind:",
        "",
        citizen_table(benefits["by_kind"], "input_kind", True),
        "",
        "By fault:",
        "",
        citizen_table(benefits["by_fault"], "fault", False),
        "",
        "Immigration statuses stated (by input kind):",
        "",
        status_table(benefits["by_kind"], "input_kind"),
        "",
        "Immigration statuses stated (by fault):",
        "",
        status_table(benefits["by_fault"], "fault"),
        "",
        checks_table(benefits["checks"]),
        "",
        outcomes_table(benefits["outcomes"]),
        "",
        "Why citizens whose records show citizenship were not confirmed (each miss compared "
        "with the requester's own records on the path it used, after standardization):",
        "",
        misses.render(result["statusbridge_misses"]),
        "",
        "Why lawful noncitizens whose records show a status were not given it (same method):",
        "",
        misses.render(result["statusbridge_status_misses"]),
        "",
        *_look_alike_section(result),
        "### statusbridge, `demo-election-office` / `voter-list-maintenance`",
        "",
        "By input kind:",
        "",
        citizen_table(election["by_kind"], "input_kind", True),
        "",
        "By fault:",
        "",
        citizen_table(election["by_fault"], "fault", False),
        "",
        checks_table(election["checks"], election["status_disclosed_rows"]),
        "",
        *(
            ["False citizens by class of requester:", "", class_table(election["by_class"]), ""]
            if "by_class" in election
            else []
        ),
        outcomes_table(election["outcomes"]),
        "",
        *_exact_section(result, "exact_match", "as written (nothing normalized)"),
        *_exact_section(
            result, "exact_match_canonical", "canonical (case, SSN dashes and dates normalized)"
        ),
        *_rules_section(result),
        f"### Splink on the SSN last-four path (match probability ≥ {result['splink_threshold']})",
        "",
        splink_table(result["splink_last4"]),
    ]
    return "\n".join(parts)


if __name__ == "__main__":
    main()
