#!/usr/bin/env bash
# Public pages from `cypp serve` against nginx serving the same bytes as a static file, in the
# same run, with wrk in a second process (docs/PERFORMANCE.md, "Pages against nginx").
#
#   scripts/pages-against-nginx.sh [CYPP_BINARY] [--database URL] [--connections N] [--seconds N]
#
# Without a binary it makes the release build. Without --database it uses a new SQLite file
# (the demonstration is loaded into it); a PostgreSQL database must be empty. Needs wrk, nginx
# and curl (apt-get install wrk nginx curl). Prints one line per page: requests a second,
# median and 99th percentile, and the ratio to nginx; then the server's resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."

cypp="" database="" connections=64 seconds=8
while [ $# -gt 0 ]; do
  case "$1" in
    --database) database="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) cypp="$1"; shift ;;
  esac
done
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: apt-get install $tool" >&2; exit 2; }
done
if [ -z "$cypp" ]; then
  cargo build -q --release -p cypp
  cypp=target/release/cypp
fi
work="$(mktemp -d)"
[ -n "$database" ] || database="sqlite://$work/cypp.db"
port=$((20000 + RANDOM % 20000)) static=$((port + 1))
"$cypp" serve --database "$database" --addr "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
mkdir -p "$work/www" "$work/nginx"
cleanup() {
  kill "$server" 2>/dev/null || true
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
  sleep 0.2
done

plan=/p/kelderby/kelderby-cypp-2024-27
item=$(curl -fs "http://127.0.0.1:$port$plan" | grep -o "$plan/items/[0-9a-f-]*" | head -1)
pages=("$plan" "$plan/on-a-page" "$item" "$plan/glossary")
for i in "${!pages[@]}"; do
  curl -fs "http://127.0.0.1:$port${pages[$i]}" > "$work/www/page$i.html"
done
# nginx's workers run as another user when it is started as root: they must read the pages.
chmod a+rx "$work" "$work/www" && chmod a+r "$work"/www/*
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server { listen 127.0.0.1:$static; root $work/www; }
}
EOF
nginx -c "$work/nginx/nginx.conf"
sleep 0.5

# "requests a second, median, 99th percentile" from wrk's --latency output.
measure() {
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "$1" |
    awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /^Requests\/sec/ {rps=$2} /Non-2xx|Socket errors/ {bad=$0}
         END {printf "%s %s %s %s\n", rps, p50, p99, (bad == "" ? "ok" : bad)}'
}
printf "%-60s %12s %9s %9s %8s\n" "page (${connections} connections, ${seconds} s)" "a second" median p99 "of nginx"
for i in "${!pages[@]}"; do
  read -r nginx_rps nginx_p50 nginx_p99 nginx_ok <<< "$(measure "http://127.0.0.1:$static/page$i.html")"
  read -r rps p50 p99 ok <<< "$(measure "http://127.0.0.1:$port${pages[$i]}")"
  ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN {printf "%.2f", a / b}')
  bytes=$(wc -c < "$work/www/page$i.html")
  printf "%-60s %12s %9s %9s %8s\n" "nginx, the same $bytes bytes" "$nginx_rps" "$nginx_p50" "$nginx_p99" ""
  printf "%-60s %12s %9s %9s %8s\n" "cypp ${pages[$i]:0:54}" "$rps" "$p50" "$p99" "$ratio"
  [ "$ok" = ok ] && [ "$nginx_ok" = ok ] || { echo "errors: cypp $ok; nginx $nginx_ok" >&2; exit 1; }
done
echo "cypp serve resident memory after the run: $(ps -o rss= -p "$server" | awk '{printf "%.0f MB", $1 / 1024}')"
