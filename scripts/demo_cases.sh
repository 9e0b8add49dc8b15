#!/usr/bin/env bash
# Part of `make demo`: a few weeks of cases after the election office checked its roll. A status
# verifier answers three cases; one citizen's stale record is corrected and the benefits agency
# that had been told "LPR" receives the correction; one person contests; one unfavourable
# determination becomes final only after notice and the contest window.
set -euo pipefail
cd "$(dirname "$0")/.."
SB=.venv/bin/statusbridge
WORLD="$1"
START="$STATUSBRIDGE_TODAY"
day() { .venv/bin/python -c "import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=int(sys.argv[2])))" "$START" "$1"; }
at() { local when; when=$(day "$1"); shift; echo "\$ [$when] statusbridge $*" >&2; STATUSBRIDGE_TODAY="$when" $SB "$@"; }

echo "== 8. cases: a mismatch is a question a status verifier answers, with notice and a chance to contest"
mkdir -p -m 700 "$WORLD/accounts"  # each account's TOTP secret, for the pages (demo_serve.sh)
for account in "vera status-verifier" "ed agency-user demo-election-office" \
               "bea agency-user demo-benefits-agency" "pia privacy-officer"; do
  set -- $account
  if ! $SB users list --json | grep -q "\"username\": \"$1\""; then
    agency=(); [ -n "${3:-}" ] && agency=(--agency "$3")
    echo "demo password for $1" | $SB users create --username "$1" --role "$2" "${agency[@]}" \
      --password-stdin --json > "$WORLD/accounts/$1.json"
  fi
done
echo "staff: vera (status verifier), ed (election office), bea (benefits agency), pia (privacy officer)"

# Three of the election office's cases, chosen from the world's ground truth (which statusbridge
# itself never reads): a naturalized citizen the benefits agency was told is an LPR, a citizen who
# will contest, and a lawful permanent resident.
mapfile -t PICK < <(.venv/bin/python - "$WORLD" <<'PY'
import csv, sys
from pathlib import Path
world = Path(sys.argv[1])
def rows(name):
    with (world / name).open(newline="", encoding="utf-8") as handle:
        return {r["request_id"]: r for r in csv.DictReader(handle)}
truth, election = rows("truth.csv"), rows("results-election.csv")
benefits, requests = rows("results-benefits.csv"), rows("requests.csv")
content = {"SSA_CODE_IS_A_SNAPSHOT", "STATUS_MAY_HAVE_CHANGED"}
def cases(want):
    return [r for r, a in election.items() if a["case_number"] and a["reason"] in content
            and truth[r]["impostor"] == "false" and requests[r]["ssn"] and want(truth[r], r)]
stale = cases(lambda t, r: t["truth_how"] == "NATURALIZED" and benefits[r]["status"] == "LPR")
contest = cases(lambda t, r: t["truth_class"] == "citizen" and r not in stale[:1])
lpr = cases(lambda t, r: t["truth_class"] == "lawful_noncitizen" and benefits[r]["status"] == "LPR")
for r in (stale[0], contest[0], lpr[0]):
    print(election[r]["case_number"])
print(requests[stale[0]]["ssn"])
PY
)
STALE=${PICK[0]} CONTESTED=${PICK[1]} LPR=${PICK[2]} STALE_SSN=${PICK[3]}

at 2 cases queue --by vera --limit 5
echo "-- a naturalized citizen whose SSA record still shows the code of the day the number was issued"
at 2 cases determine "$STALE" --outcome US_CITIZEN \
  --evidence "Naturalization record in USCIS systems; SSA's code predates it" --by vera
at 2 cases corrections --agency demo-benefits-agency
echo "-- the person's own accounting lists the correction sent on their behalf"
at 2 accounting --ssn "$STALE_SSN" --json | .venv/bin/python -c "
import json, sys
for e in json.load(sys.stdin)['entries']:
    print(f\"  {e['date']}  {e['recipient']:<22} {e['nature']:<13} {e['response_code']}\")"

echo "-- a citizen the records do not show as one: found NOT_VERIFIED, noticed, contested"
at 2 cases determine "$CONTESTED" --outcome NOT_VERIFIED \
  --evidence "No citizenship or status record found under the identity given" --by vera
at 3 cases notify "$CONTESTED" --by ed --via mail
at 3 cases notice "$CONTESTED" | head -n 24
at 13 cases contest "$CONTESTED" --note "the person brought a certificate of citizenship to the office"
at 14 cases request-documents "$CONTESTED" --by vera --note "a copy of the certificate of citizenship"
.venv/bin/python - "$WORLD/certificate.pdf" <<'PY'
import sys
from fpdf import FPDF
pdf = FPDF()
pdf.add_page()
pdf.set_font("Helvetica", size=14)
pdf.cell(text="Certificate of citizenship (synthetic specimen for the demo)")
pdf.output(sys.argv[1])
PY
at 14 cases upload "$CONTESTED" "$WORLD/certificate.pdf" --kind citizenship-certificate --by ed
at 15 cases determine "$CONTESTED" --outcome US_CITIZEN \
  --evidence "Certificate of citizenship reviewed; matches USCIS records" --by vera
at 15 cases finalize "$CONTESTED" --by ed

echo "-- a lawful permanent resident: no final result before notice and the end of the window"
at 2 cases determine "$LPR" --outcome IMMIGRATION_STATUS --status LPR \
  --evidence "Permanent resident since the date on record; no naturalization found" --by vera
at 3 cases finalize "$LPR" --by ed || echo "   (refused, as it must be)"
at 3 cases notify "$LPR" --by ed --via mail
at 20 cases finalize "$LPR" --by ed || echo "   (refused, as it must be)"
at 34 cases finalize "$LPR" --by ed
at 34 cases show "$LPR"
at 34 cases stats --json --by pia | .venv/bin/python -c "
import json, sys
for g in json.load(sys.stdin)['groups']:
    print(f\"  {g['agency']}: {g['opened']} cases, {g['determined']} determined \"
          f\"({g['determined_on_time']} on time), {g['resolved_in_favour']} in the person's favour, \"
          f\"{g['contests']['contested']} contested, {g['corrections_sent']} corrections sent, \"
          f\"{g['overdue']} overdue\")"
