#!/usr/bin/env bash
# Builds release and measures tiendo at national scale: a year of dossiers (10 million by
# default; SCALE_RECORDS=n for fewer) sent through the JSON API on top of the demo data, then
# the database's size and the server time (p50/p99) of the province page, its procedures
# page, the national online-rate ranking and its JSON, for a date not asked before (cold) and
# asked again (kept); then the task history grown to a national year (ten changes per
# assignment; SCALE_CHANGES=n), and the national, province and commune pages on cold dates,
# with the server's resident memory at each step.
#   scripts/scale.sh              on SQLite
#   scripts/scale.sh --postgres   on PostgreSQL ($TIENDO_TEST_DATABASE_URL's server)
# Prints figures only; asserts nothing about speed.
source "$(dirname "$0")/lib.sh"
records="${SCALE_RECORDS:-10000000}"
changes="${SCALE_CHANGES:-10}"
backend=sqlite
[[ "${1:-}" == "--postgres" ]] && backend=postgres
"$ROOT/scripts/setup.sh" --bench
"$ROOT/scripts/build.sh" --release

data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
args=(--port "$port" --data-dir "$data" --site-root "$SITE" --demo --log warn)
if [[ $backend == postgres ]]; then
  admin_url="${TIENDO_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  db="tiendo_scale_$$"
  psql "$admin_url" -qc "CREATE DATABASE $db"
  url="${admin_url%/*}/$db"
  args+=(--database-url "$url")
  source_flag=(--postgres "$url")
  size() { psql "$url" -At -c "SELECT pg_database_size(current_database())"; }
  cleanup_db() { psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; }
else
  source_flag=(--sqlite "$data/tiendo.db")
  size() { du -cb "$data"/tiendo.db* | awk 'END { print $1 }'; }
  cleanup_db() { :; }
fi
"$TARGET/release/tiendo" "${args[@]}" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; cleanup_db; rm -rf "$data"' EXIT
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null; do
  kill -0 $server 2>/dev/null || { echo "server exited" >&2; exit 1; }
  sleep 0.1
done
base="http://127.0.0.1:$port"
mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1048576 }'; }

rss() { awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status"; }

echo
echo "$backend: the demo ($(mb "$(size)"); server memory $(rss)), then $records dossiers of a national year:"
python3 tests/bench/dossier_scale.py "$base" "${source_flag[@]}" "$records" 4
echo "  database size after: $(mb "$(size)")"

# Server time: each request waits for the previous; loopback. A date is cold the first time
# it is asked (nothing kept for it), kept after.
timed() {
  for i in $(seq 1 "$2"); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "$base$1"
  done | sort -n | awk -v p="$1" -v what="$3" '{ t[NR] = $1 * 1000 } END {
    printf "  %-6s %-58s p50 %7.1f ms  p99 %7.1f ms\n", what, p, t[int((NR + 1) * 0.5)], t[NR] }'
}
cold() {
  # 20 dates never asked before (of the month $2, default March 2026), one request each.
  for day in $(seq 1 20); do
    d=$(printf "${2:-2026-03}-%02d" "$day")
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "$base${1//DATE/$d}"
  done | sort -n | awk -v p="$1" '{ t[NR] = $1 * 1000 } END {
    printf "  %-6s %-58s p50 %7.1f ms  p99 %7.1f ms\n", "cold", p, t[int((NR + 1) * 0.5)], t[NR] }'
}
echo
echo "server time after the load (curl time to first byte; cold: 20 new dates; kept: 20 times one date):"
for path in "/tinh/40?ngay=DATE" "/tinh/40/thu-tuc?ngay=DATE" "/?chi-so=ho-so-truc-tuyen&ngay=DATE" "/api/v1/xep-hang?chi-so=ho-so-truc-tuyen&ngay=DATE"; do
  cold "$path"
  curl -s -o /dev/null "$base${path//DATE/2026-04-01}"
  timed "${path//DATE/2026-04-01}" 20 kept
done
echo "  server memory: $(rss)"

echo
echo "the task history grown to a national year ($changes changes per assignment):"
python3 tests/bench/history_scale.py "${source_flag[@]}" "$changes"
echo "  database size after: $(mb "$(size)")"
echo "server time on cold dates (the rankings replay the grown history):"
for path in "/?ngay=DATE" "/tinh/40?ngay=DATE" "/xa/17827?ngay=DATE"; do
  cold "$path" 2026-05
done
echo "  server memory with the rankings of those 20 dates kept: $(rss)"
