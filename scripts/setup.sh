#!/usr/bin/env bash
# Installs what the build needs, and with --tests what the tests need. Safe to run again:
# each step checks first and does nothing when its tool is already there.
source "$(dirname "$0")/lib.sh"

want_tests=false want_bench=false
[[ "${1:-}" == "--tests" ]] && want_tests=true
[[ "${1:-}" == "--bench" ]] && want_tests=true want_bench=true

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must be exactly the wasm-bindgen version in Cargo.lock.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg_version" ]]; then
  log "installing wasm-bindgen-cli $wbg_version (about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# npm: wasm-opt (binaryen; never Debian's, which breaks hydration) and playwright-core.
lock_sum=$(sha256sum tests/package-lock.json | cut -d' ' -f1)
if [[ "$(cat tests/node_modules/.tiendo-lock 2>/dev/null)" != "$lock_sum" ]]; then
  command -v npm >/dev/null || apt_install nodejs npm
  log "installing npm packages (tests/package-lock.json)"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > tests/node_modules/.tiendo-lock
fi

apt_install brotli
if $want_tests; then
  apt_install chromium chromium-driver wrk postgresql-client poppler-utils
fi
# The budget script compares the server with nginx serving the same bytes.
if $want_bench; then
  apt_install nginx
fi
