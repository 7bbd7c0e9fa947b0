#!/usr/bin/env bash
# Runs the browser tests against a freshly started debug server on a new SQLite database.
# Expects scripts/build.sh to have run.
source "$(dirname "$0")/lib.sh"

data=$(mktemp -d)
# The demo database prepared for this run, if any (scripts/test-databases.sh).
if [[ -n "${TIENDO_TEST_TEMPLATES:-}" ]]; then cp "$TIENDO_TEST_TEMPLATES/demo/tiendo.db" "$data/"; fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$TARGET/debug/tiendo" --port "$port" --data-dir "$data" --site-root "$SITE" --demo --log warn &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
# The demo data is written before the server listens (about a minute for a debug build).
up=false
for _ in $(seq 1 360); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && { up=true; break; }
  kill -0 $server 2>/dev/null || { echo "server exited" >&2; exit 1; }
  sleep 0.5
done
$up || { echo "server did not answer within 180 s" >&2; exit 1; }

log "browser tests (Chromium, with and without JavaScript)"
cd tests
mkdir -p results
status=0
# The timeout holds for each file as for each test: a hang fails the run, a file of long
# page checks (axe on every page, four times) does not.
TIENDO_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 --test-timeout=600000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=results/browser.tap browser/ || status=$?
passed=$(awk '/^# pass /{print $3}' results/browser.tap)
failed=$(awk '/^# fail /{print $3}' results/browser.tap)
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
