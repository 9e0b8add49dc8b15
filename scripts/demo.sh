#!/usr/bin/env bash
# The main job on the embedded default: generate a synthetic world, ingest its SSA and DHS
# extracts as dated snapshots, verify its request file for both demo agencies, print outcomes,
# then play out a few weeks of cases (STATUSBRIDGE_TODAY moves the service's today).
set -euo pipefail
cd "$(dirname "$0")/.."
SB=.venv/bin/statusbridge
WORLD="${STATUSBRIDGE_DEMO_WORLD:-demo-data}"
PEOPLE="${STATUSBRIDGE_DEMO_PEOPLE:-50000}"
# The roll is checked on this day; the cases below are worked over the weeks that follow.
export STATUSBRIDGE_TODAY="${STATUSBRIDGE_DEMO_START:-2026-12-01}"

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

echo "== 6. over HTTP: the server queues an upload, a worker runs it (the first 1,000 requests)"
head -n 1001 "$WORLD/requests.csv" > "$WORLD/upload.csv"
$SB serve --port 0 > "$WORLD/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
until grep -q "serving on" "$WORLD/serve.log"; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORLD/serve.log" >&2; exit 1; }
  sleep 0.2
done
BASE=$(grep -o 'http://[^/ ]*' "$WORLD/serve.log" | head -n 1)/api/v1
CLIENT=$($SB clients create --agency demo-benefits-agency --json)
json() { .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
TOKEN=$(curl -sf "$BASE/oauth/token" -d grant_type=client_credentials \
  -d client_id="$(json client_id <<<"$CLIENT")" -d client_secret="$(json client_secret <<<"$CLIENT")" \
  | json access_token)
JOB=$(curl -sf "$BASE/bulk-jobs" -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: demo-1" \
  -F file=@"$WORLD/upload.csv" -F purpose=benefit-eligibility | json job_id)
echo "job $JOB: $(curl -sf "$BASE/bulk-jobs/$JOB" -H "Authorization: Bearer $TOKEN" | json state)"
$SB worker --until-idle   # in production: workers run as services (docs/operations.md)
curl -sf "$BASE/bulk-jobs/$JOB/results" -H "Authorization: Bearer $TOKEN" -o "$WORLD/results-api.csv"
echo "job $JOB: $(curl -sf "$BASE/bulk-jobs/$JOB" -H "Authorization: Bearer $TOKEN" | json state)," \
  "results in $WORLD/results-api.csv"
kill "$SERVER"

bash scripts/demo_cases.sh "$WORLD"

echo "== 9. the accounting: every answer above is an entry in a signed, verifiable log"
$SB ledger stats
$SB ledger verify

echo "Results: $WORLD/results-election.csv and $WORLD/results-benefits.csv"

bash scripts/demo_serve.sh "$WORLD"   # the web pages until Ctrl-C (STATUSBRIDGE_DEMO_SERVE=0: not)
