#!/usr/bin/env bash
# Builds release and prints what a visitor downloads and how the server performs, on the
# demo data: WASM / JS / CSS sizes (raw, gzip, brotli), the first visit to the public pages,
# time to interactive on a throttled phone, server binary size, time from start to first
# good response, server time (p50/p99) of each public page and the JSON API, and requests/s
# of the kept province page next to nginx serving the same bytes as a static file; the maps'
# bytes and time to first render next to Leaflet.
# Prints figures only; asserts nothing about speed.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" --bench
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
"$TARGET/release/tiendo" --port "$port" --data-dir "$data" --site-root "$SITE" --demo --log warn &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
until curl -fs "http://127.0.0.1:$port/" >/dev/null; do
  kill -0 $server 2>/dev/null || { echo "server exited" >&2; exit 1; }
  sleep 0.02
done
ready=$(date +%s.%N)
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f ms", (b - a) * 1000 }'; }
echo
echo "start to first page (new SQLite database, territory and demo load included): $(ms "$start" "$ready")"
start=$(date +%s.%N)
kill $server; wait $server 2>/dev/null || true
"$TARGET/release/tiendo" --port "$port" --data-dir "$data" --site-root "$SITE" --demo --log warn &
server=$!
until curl -fs "http://127.0.0.1:$port/" >/dev/null; do sleep 0.02; done
ready=$(date +%s.%N)
echo "start to first page (existing database): $(ms "$start" "$ready")"

base="http://127.0.0.1:$port"
seed=2025-08-14
national="/?ngay=$seed" province="/tinh/40?ngay=$seed" commune="/xa/17827?ngay=$seed"
api="/api/v1/xep-hang?ngay=$seed"

echo
echo "first visit, bytes on the wire as served (HTML + JS + WASM + CSS; the page's own data is in its HTML):"
for enc in br gzip; do
  ext=$([[ $enc == br ]] && echo br || echo gz)
  assets=$(( $(size "$(ls "$pkg"/tiendo.*.js.$ext)") + $(size "$(ls "$pkg"/tiendo.*.wasm.$ext)") + $(size "$(ls "$pkg"/tiendo.*.css.$ext)") ))
  for path in "$national" "$province"; do
    html=$(curl -s -H "accept-encoding: $enc" -o /dev/null -w '%{size_download}' "$base$path")
    printf '  %-6s %-26s html %9s, with every asset %9s\n' "$enc" "$path" "$(kb "$html")" "$(kb "$((html + assets))")"
  done
done
echo "first visit as Chromium downloads it (the WebAssembly comes with the first interaction):"
(cd tests && node bench/first-visit.mjs "$base$national" "$base$province" "$base$commune")

echo
echo "time to interactive on a slow phone (CPU 4× slower, 1.6 Mbps, 150 ms; median of 5):"
(cd tests && TIENDO_URL="$base" node bench/interactive.mjs)
echo
echo "a visit kept on a tablet, opened without a connection:"
(cd tests && TIENDO_URL="$base" node bench/offline-visit.mjs)

echo
echo "maps: bytes as served, and time to first render next to Leaflet drawing the same GeoJSON:"
BASE="$base" node tests/bench/map-render.mjs

# Server time: one connection, so each request waits for the previous; loopback.
latency() {
  wrk -t1 -c1 -d5s --latency -H 'accept-encoding: br' "$base$1" |
    awk -v p="$1" '/ 50%/ { p50 = $2 } / 99%/ { p99 = $2 } /Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $0 }
      END { printf "  %-34s p50 %8s  p99 %8s  (%s req/s) %s\n", p, p50, p99, rps, bad }'
}
echo
echo "server time, kept pages (wrk, 1 connection, 5 s each):"
for path in "$national" "$province" "$commune" "$api"; do latency "$path"; done
echo
echo "server time, rendered afresh (20 distinct URLs each, curl time to first byte):"
for path in "$national" "$province" "$commune"; do
  for i in $(seq 1 20); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "$base$path&r=$i"
  done | sort -n | awk -v p="$path" '{ t[NR] = $1 * 1000 } END { printf "  %-34s p50 %6.1f ms  p99 %6.1f ms\n", p, t[int(NR * 0.5)], t[NR] }'
done

echo
echo "kept province page against nginx serving the same bytes (wrk, 2 threads, 16 connections, 10 s, uncompressed):"
www=$(mktemp -d)
curl -s -o "$www/page.html" "$base$province"
chmod 755 "$www" && chmod 644 "$www/page.html"  # nginx's workers run as www-data
nport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$www/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $www/nginx.pid;
error_log stderr;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nport;
    root $www;
    location / { default_type text/html; }
  }
}
CONF
nginx -c "$www/nginx.conf" -p "$www" &
nginx_pid=$!
trap 'kill $server $nginx_pid 2>/dev/null; wait $server $nginx_pid 2>/dev/null; rm -rf "$data" "$www"' EXIT
until curl -fs "http://127.0.0.1:$nport/page.html" >/dev/null; do sleep 0.05; done
rps() { wrk -t2 -c16 -d10s "$1" | awk '/Requests\/sec/ { print $2 }'; }
ours=$(rps "$base$province")
theirs=$(rps "http://127.0.0.1:$nport/page.html")
printf '  tiendo %s req/s, nginx %s req/s (%s bytes), ratio %s\n' "$ours" "$theirs" "$(size "$www/page.html")" \
  "$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')"
