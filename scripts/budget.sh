#!/usr/bin/env bash
# Builds release and prints what a visitor downloads and how the server performs:
# WASM / JS / CSS sizes (raw, gzip, brotli), the first visit to a page, server binary size,
# time from start to first good response, and national-page throughput and latency under a
# bounded loopback load (wrk). Prints figures only; asserts nothing about speed.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" --tests
"$ROOT/scripts/build.sh" --release

pkg="$SITE/pkg"
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
size() { stat -c %s "$1"; }
row() { printf '%-22s %12s %12s %12s\n' "$@"; }

echo
row "asset" "raw" "gzip" "brotli"
for ext in wasm js css; do
  f=$(ls "$pkg"/tiendo.*."$ext")
  row "$ext ($(basename "$f"))" "$(kb "$(size "$f")")" "$(kb "$(size "$f.gz")")" "$(kb "$(size "$f.br")")"
done
row "server binary" "$(kb "$(size "$TARGET/release/tiendo")")" "" ""

data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$(date +%s.%N)
"$TARGET/release/tiendo" --port "$port" --data-dir "$data" --site-root "$SITE" --log warn &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
until curl -fs "http://127.0.0.1:$port/" >/dev/null; do
  kill -0 $server 2>/dev/null || { echo "server exited" >&2; exit 1; }
  sleep 0.02
done
ready=$(date +%s.%N)
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f ms", (b - a) * 1000 }'; }
echo
echo "start to first page (new SQLite database, territory load included): $(ms "$start" "$ready")"
start=$(date +%s.%N)
kill $server; wait $server 2>/dev/null || true
"$TARGET/release/tiendo" --port "$port" --data-dir "$data" --site-root "$SITE" --log warn &
server=$!
until curl -fs "http://127.0.0.1:$port/" >/dev/null; do sleep 0.02; done
ready=$(date +%s.%N)
echo "start to first page (existing database): $(ms "$start" "$ready")"

echo
echo "first visit, bytes on the wire (brotli), HTML + JS + WASM + CSS:"
for path in / /tinh/40; do
  html=$(curl -s -H 'accept-encoding: br' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$path")
  total=$((html + $(size "$(ls "$pkg"/tiendo.*.js.br)") + $(size "$(ls "$pkg"/tiendo.*.wasm.br)") + $(size "$(ls "$pkg"/tiendo.*.css.br)")))
  printf '  %-10s html %s, total %s\n' "$path" "$(kb "$html")" "$(kb "$total")"
done

echo
echo "national page under load (wrk, 2 threads, 16 connections, 10 s, loopback, gzip):"
wrk -t2 -c16 -d10s --latency -H 'accept-encoding: gzip' "http://127.0.0.1:$port/" |
  awk '/Requests\/sec/ { print "  requests/s: " $2 } / 50%/ { print "  p50: " $2 } / 99%/ { print "  p99: " $2 } /Non-2xx/ { print "  " $0 }'
