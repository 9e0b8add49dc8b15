#!/usr/bin/env bash
# The end of `make demo`: an account for every role, then the web pages served on the embedded
# default (with a worker for uploaded rolls) until Ctrl-C.
# STATUSBRIDGE_DEMO_SERVE: 0 never serves (scripted use), 1 always does; unset, the pages are
# served only when standard input is a terminal, so a script or CI running `make demo` ends.
# STATUSBRIDGE_DEMO_PORT: the port (default 8000; 0 picks a free one).
set -euo pipefail
cd "$(dirname "$0")/.."
SB=.venv/bin/statusbridge
WORLD="$1"

echo "== 10. the web pages, with an account for every role"
# The same password scheme as demo_cases.sh; each TOTP secret is kept, owner-only, in the world.
mkdir -p -m 700 "$WORLD/accounts"
for account in "vera status-verifier" "ed agency-user demo-election-office" \
               "bea agency-user demo-benefits-agency" "pia privacy-officer" "aldo auditor"; do
  set -- $account
  if ! $SB users list --json | grep -q "\"username\": \"$1\""; then
    agency=(); [ -n "${3:-}" ] && agency=(--agency "$3")
    echo "demo password for $1" | $SB users create --username "$1" --role "$2" "${agency[@]}" \
      --password-stdin --json > "$WORLD/accounts/$1.json"
  fi
done

case "${STATUSBRIDGE_DEMO_SERVE:-}" in
  0) echo "the web pages: not served (STATUSBRIDGE_DEMO_SERVE=0)"; exit 0 ;;
  1) ;;
  *) if [ ! -t 0 ]; then
       echo "the web pages: not served (no terminal; STATUSBRIDGE_DEMO_SERVE=1 serves anyway)"
       exit 0
     fi ;;
esac

# The pages show the demo's last day: the cases above were worked until 34 days after the start.
START="${STATUSBRIDGE_TODAY:?scripts/demo.sh sets it, the first day of the demo}"
export STATUSBRIDGE_TODAY
STATUSBRIDGE_TODAY=$(.venv/bin/python -c "import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=34))" "$START")

$SB serve --port "${STATUSBRIDGE_DEMO_PORT:-8000}" > "$WORLD/serve-web.log" 2>&1 &
SERVER=$!
$SB worker > "$WORLD/worker.log" 2>&1 &
WORKER=$!
trap 'kill "$SERVER" "$WORKER" 2>/dev/null || true' EXIT
until grep -q "serving on" "$WORLD/serve-web.log"; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORLD/serve-web.log" >&2; exit 1; }
  sleep 0.2
done
ADDRESS=$(grep -o 'http://[^ ]*' "$WORLD/serve-web.log" | head -n 1)

.venv/bin/python - "$WORLD" <<'PY'
import csv, json, sys
from pathlib import Path
world = Path(sys.argv[1])
roles = [("ed", "agency user, demo-election-office"), ("bea", "agency user, demo-benefits-agency"),
         ("vera", "status verifier"), ("pia", "privacy officer"), ("aldo", "auditor")]
print("Staff sign in at /accounts/sign-in/ with a password and a six-digit code:")
for name, role in roles:
    kept = world / "accounts" / f"{name}.json"
    secret = json.loads(kept.read_text())["totp_secret"] if kept.is_file() else "(given when made)"
    print(f"  {name:<5} {role:<36} password 'demo password for {name}'  TOTP secret {secret}")
with (world / "results-election.csv").open(newline="", encoding="utf-8") as handle:
    cased = {r["request_id"] for r in csv.DictReader(handle) if r["case_number"]}
with (world / "requests.csv").open(newline="", encoding="utf-8") as handle:
    person = next(r for r in csv.DictReader(handle)
                  if r["request_id"] in cased and r["ssn"] and r["dob"])
print("A person (synthetic) signs in at /me/sign-in/ (identity proofing simulated in the demo):")
print(f"  {person['first_name']} {person['last_name']}, born {person['dob']}, SSN {person['ssn']}")
PY
cat <<EOF
The current code of a demo account: .venv/bin/statusbridge users code NAME
  (or add the TOTP secret to an authenticator app). A roll to upload: $WORLD/upload.csv
statusbridge is serving on $ADDRESS with a worker for uploaded rolls; Ctrl-C stops both.
EOF
wait "$SERVER"
