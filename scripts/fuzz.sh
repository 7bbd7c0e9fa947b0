#!/usr/bin/env bash
# The unit tests with their property tests over the parsers of outside input (bulk CSV and
# XLSX files, the XLSX reader, territory files, evidence sniffing and file names, typed
# searches) run with many more cases than CI's.
#   scripts/fuzz.sh 100000     cases per property (CI runs proptest's default, 256)
source "$(dirname "$0")/lib.sh"

cases="${1:-100000}"
log "property tests, $cases cases each"
PROPTEST_CASES="$cases" cargo test "${SERVER_CRATES[@]}" --lib 2>&1 | grep -E '^test |test result:'
