# Shared settings for the scripts in this folder (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
SITE="$TARGET/site"
# Crates the server build and tests compile; `frontend` is built for wasm32 only.
SERVER_CRATES=(-p app -p entity -p migration -p server)
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The unit and server tests. With cargo-nextest (.config/nextest.toml) each test runs in a
# process of its own, as many at a time as there are cores; with cargo test alone, one at a
# time: each test runs its own servers in the test's process, and Leptos' SSR keeps
# process-wide state that several app instances in one process have been seen to stall on
# (one server per process, as deployed, does not).
server_tests() {
  if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --no-tests=fail "${SERVER_CRATES[@]}"
  else
    cargo test --no-fail-fast "${SERVER_CRATES[@]}" -- --test-threads=1
  fi
}
