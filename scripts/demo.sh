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

echo "== 5. one person, as a caseworker would ask"
$SB verify one --ssn-last4 "$(sed -n 2p "$WORLD/requests.csv" | cut -d, -f7)" \
  --first-name "$(sed -n 2p "$WORLD/requests.csv" | cut -d, -f2)" \
  --last-name "$(sed -n 2p "$WORLD/requests.csv" | cut -d, -f4)" \
  --dob "$(sed -n 2p "$WORLD/requests.csv" | cut -d, -f5)" \
  --agency demo-election-office --purpose voter-list-maintenance || true

echo "Results: $WORLD/results-election.csv and $WORLD/results-benefits.csv"
