#!/usr/bin/env bash
# A mixed load on a release build with the demo data: 500 concurrent clients for 60 s asking
# for kept public pages, the JSON API, province pages on random dates (rendered afresh),
# sign-ins and signed-in saves (tests/load/mix.lua). Prints requests/s, p50/p99, the answers by
# class (the goal for 5xx other than 503 is 0) and the server's peak memory; then the latency of
# a kept page alone while the crawler part runs. Figures only; asserts nothing.
#   scripts/load.sh [connections] [seconds]
source "$(dirname "$0")/lib.sh"
connections="${1:-500}" seconds="${2:-60}"
"$ROOT/scripts/setup.sh" --tests
"$ROOT/scripts/build.sh" --release

data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ulimit -n 65536 2>/dev/null || true
"$TARGET/release/tiendo" --port "$port" --data-dir "$data" --site-root "$SITE" --demo --log error,tower_http=off &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
until curl -fs "$base/healthz" >/dev/null; do
  kill -0 $server 2>/dev/null || { echo "server exited" >&2; exit 1; }
  sleep 0.1
done
cookie=$(curl -fs -D - -o /dev/null -d 'username=nghiloc&password=tiendo-demo-2025' "$base/api/account/login" |
  awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')
assignment=$(curl -fs -H "Cookie: $cookie" -d 'code=17827' "$base/api/tasks/checklist" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["groups"][0]["items"][0]["assignment_id"])')

log "mixed load: $connections clients for ${seconds}s"
TIENDO_COOKIE="$cookie" TIENDO_ASSIGNMENT="$assignment" \
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$ROOT/tests/load/mix.lua" "$base" |
  grep -E '^(requests/s|answers)'

log "a kept page while a crawler asks for 200 province pages on random dates at once"
TIENDO_ONLY_DATES=1 wrk -t1 -c200 -d30s --timeout 10s -s "$ROOT/tests/load/mix.lua" "$base" >"$data/crawler.txt" &
crawler=$!
sleep 2
echo "kept /tinh/40, 50 clients:"
wrk -t1 -c50 -d20s --latency "$base/tinh/40" | grep -E 'Requests/sec|^ +(50|99)%|Non-2xx'
wait $crawler
echo "the crawler:"
grep -E '^(requests/s|answers)' "$data/crawler.txt"
echo "server peak memory: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status")"
