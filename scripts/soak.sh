#!/usr/bin/env bash
# Runs the server tests (SQLite and PostgreSQL) and the browser tests N times, each on fresh
# servers and databases, and prints every failure with the run it came in: an intermittent
# failure shows here instead of hiding behind a lucky run.
#   scripts/soak.sh 20
source "$(dirname "$0")/lib.sh"

runs="${1:?how many runs}"
"$ROOT/scripts/setup.sh" --tests
"$ROOT/scripts/build.sh"
TIENDO_TEST_DATABASE_URL="${TIENDO_TEST_DATABASE_URL:-$("$ROOT/scripts/postgres.sh")}"
export TIENDO_TEST_DATABASE_URL
TIENDO_TEST_TEMPLATES=$(mktemp -d -t tiendo-test-databases.XXXXXX)
export TIENDO_TEST_TEMPLATES
trap 'rm -rf "$TIENDO_TEST_TEMPLATES"' EXIT
"$ROOT/scripts/test-databases.sh" "$TIENDO_TEST_TEMPLATES"
logs=$(mktemp -d)
failures=0
for run in $(seq 1 "$runs"); do
  log "run $run of $runs"
  if ! server_tests >"$logs/server-$run.log" 2>&1; then
    failures=$((failures + 1))
    echo "run $run: server tests failed:"
    grep -E '^test .* FAILED$|^---- |^ *(FAIL|TIMEOUT|SIGSEGV|SIGABRT) \[' "$logs/server-$run.log" | sort -u
  fi
  if ! "$ROOT/scripts/test-browser.sh" >"$logs/browser-$run.log" 2>&1; then
    failures=$((failures + 1))
    echo "run $run: browser tests failed:"
    grep -E '^not ok|✖' "$logs/browser-$run.log" | sort -u
  fi
  cargo_counts=$(grep -E '^ *Summary \[' "$logs/server-$run.log" | sed 's/^ *Summary //' ||
    awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed", p, f }' "$logs/server-$run.log")
  echo "  run $run: server tests $cargo_counts; browser tests $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/browser-$run.log" || echo 'none')"
done
echo "$runs runs, $failures failed suites (logs in $logs)"
[[ $failures -eq 0 ]]
