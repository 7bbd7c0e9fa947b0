# Shared settings for the scripts in this folder (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
SITE="$TARGET/site"
# Crates the server build and tests compile; `frontend` is built for wasm32 only.
SERVER_CRATES=(-p app -p entity -p migration -p server)
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
