#!/usr/bin/env bash
# The main job on the embedded default: generate a synthetic world, ingest its SSA and DHS
# extracts as dated snapshots, verify its request file for both demo agencies, print outcomes.
set -euo pipefail
cd "$(dirname "$0")/.."
SB=.venv/bin/statusbridge
WORLD="${STATUSBRIDGE_DEMO_WORLD:-demo-data}"
PEOPLE="${STATUSBRIDGE_DEMO_PEOPLE:-50000}"

echo "== 1. a synthetic world of $PEOPLE people (ground truth in $WORLD/truth.csv)"
$SB world generate --people "$PEOPLE" --seed 2025 --out "$WORLD"
SSA_AS_OF=$(.venv/bin/python -c "import json,sys; print(json.load(open(sys.argv[1]))['ssa_as_of'])" "$WORLD/world.json")
DHS_AS_OF=$(.venv/bin/python -c "import json,sys; print(json.load(open(sys.argv[1]))['dhs_as_of'])" "$WORLD/world.json")

echo "== 2. ingest the extracts as dated snapshots"
$SB records ingest ssa "$WORLD/ssa.csv" --as-of "$SSA_AS_OF"
$SB records ingest dhs "$WORLD/dhs.csv" --as-of "$DHS_AS_OF"
$SB records list

echo "== 3. an election office checks its roll (voter-list maintenance)"
$SB verify bulk "$WORLD/requests.csv" --agency demo-election-office \
  --purpose voter-list-maintenance --out "$WORLD/results-election.csv"

echo "== 4. a benefits agency checks its applicants (benefit eligibility)"
$SB verify bulk "$WORLD/requests.csv" --agency demo-benefits-agency \
  --purpose benefit-eligibility --out "$WORLD/results-benefits.csv"

echo "== 5. one person, as a caseworker would ask (the first request of the file)"
mapfile -t ONE < <(.venv/bin/python - "$WORLD/requests.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    row = next(r for r in csv.DictReader(handle) if r["ssn"] and r["dob"])
for name in ("ssn", "first_name", "middle_name", "last_name", "dob"):
    if row[name]:
        print(f"--{name.replace('_', '-')}={row[name]}")
PY
)
$SB verify one "${ONE[@]}" --agency demo-election-office --purpose voter-list-maintenance

echo "== 6. the accounting: every answer above is an entry in a signed, verifiable log"
$SB ledger stats
$SB ledger verify

echo "Results: $WORLD/results-election.csv and $WORLD/results-benefits.csv"
