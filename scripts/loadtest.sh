#!/usr/bin/env bash
# The load test of docs/PERFORMANCE.md: a release `cypp serve` on a fresh demonstration
# database, and wrk (Debian's `wrk`) in a second process with 256 connections for 60 seconds:
# the public site (anonymous), the board dashboard (signed in) and 5% writes (a figure added
# through the web form, signed in as an editor, with its CSRF token). Afterwards it checks that
# every request was answered (no socket error, no timeout, no status other than 200 for a read
# and 303 for a write) and that every write the server confirmed is in the database: each
# write adds a figure for a (measure, period) no other write uses, and the plan exported
# afterwards must hold at least as many of them as the server confirmed (a few more when
# writes were in flight as wrk stopped: saved, but not waited for).
#
#   scripts/loadtest.sh [--database URL] [--connections N] [--seconds N] [--threads N] [--write-share F]
#
# Without --database it uses a new SQLite file in a temporary directory; with a PostgreSQL URL
# the database must be empty (the demonstration is loaded into it). Exits non-zero on any error
# or lost write.
set -euo pipefail
cd "$(dirname "$0")/.."

database="" connections=256 seconds=60 threads=2 share=0.05
while [ $# -gt 0 ]; do
  case "$1" in
    --database) database="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --write-share) share="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is not installed: apt-get install jq" >&2; exit 2; }

work="$(mktemp -d)"
[ -n "$database" ] || database="sqlite://$work/cypp.db"
# CYPP_BIN: a cypp binary already built (else the release build is made here).
cypp="${CYPP_BIN:-}"
if [ -z "$cypp" ]; then
  cargo build -q --release -p cypp
  cypp=target/release/cypp
fi
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
# Each connection may wait its turn: the file descriptors for 256 of them and the server's.
ulimit -n 65536 2>/dev/null || true

"$cypp" serve --database "$database" --addr "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "$base/healthz" >/dev/null || { cat "$work/serve.log"; echo "the server did not start" >&2; exit 1; }

partnership=kelderby plan=kelderby-cypp-2024-27
password="$(awk '$2 ~ /^tom\.brennan@/ { print $3 }' "$work/serve.log")"
[ -n "$password" ] || { cat "$work/serve.log"; echo "no demonstration editor's password in the server's output" >&2; exit 1; }

# Sign in as the demonstration editor, as a browser would.
jar="$work/cookies"
token() { grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="\([^"]*\)"/\1/'; }
csrf="$(curl -sf -c "$jar" "$base/sign-in" | token)"
status="$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
  --data-urlencode "csrf_token=$csrf" --data-urlencode "email=tom.brennan@kelderby.example" \
  --data-urlencode "password=$password" "$base/sign-in")"
[ "$status" = 303 ] || { echo "signing in answered $status" >&2; exit 1; }
cookie="$(awk -F'\t' '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")"

# The published plan's pages, and the measures a figure can be added to by financial,
# academic or calendar year (the periods the writes use).
"$cypp" export --database "$database" --plan "$plan" --format json -o "$work/before.json"
public="/p/$partnership/$plan /p/$partnership/$plan/on-a-page /p/$partnership/$plan/glossary"
public="$public $(jq -r --arg p "/p/$partnership/$plan" '[.items[] | "\($p)/items/\(.id)"][0:6] | join(" ")' "$work/before.json")"
public="$public $(jq -r --arg p "/p/$partnership/$plan" '[.measures[] | "\($p)/measures/\(.slug)"][0:6] | join(" ")' "$work/before.json")"
writes="$(jq -r '[.measures[] | select(.period_type == "financial_year" or .period_type == "academic_year" or .period_type == "calendar_year") | "\(.slug):\(.period_type)"] | join(" ")' "$work/before.json")"
[ -n "$writes" ] || { echo "the demonstration has no yearly measure to write to" >&2; exit 1; }
first_write="${writes%% *}"
csrf="$(curl -sf -b "$jar" "$base/plans/$plan/measures/${first_write%%:*}/figures/new" | token)"
[ -n "$csrf" ] || { echo "no CSRF token on the figure form" >&2; exit 1; }
dashboard="/plans/$plan/dashboard"
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$dashboard")"
[ "$status" = 200 ] || { echo "the dashboard answered $status with the session cookie" >&2; exit 1; }
for path in $public; do
  status="$(curl -s -o /dev/null -w '%{http_code}' "$base$path")"
  [ "$status" = 200 ] || { echo "$path answered $status" >&2; exit 1; }
done

echo "cypp $(git rev-parse --short HEAD 2>/dev/null || echo '?') on ${database%%:*}: wrk -t$threads -c$connections -d${seconds}s, $share writes"
CYPP_PUBLIC="$public" CYPP_DASHBOARD="$dashboard" CYPP_WRITES="$writes" CYPP_PLAN="$plan" \
CYPP_COOKIE="$cookie" CYPP_CSRF="$csrf" CYPP_WRITE_SHARE="$share" CYPP_RESULT="$work/result" \
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 30s -s scripts/loadtest.lua "$base" | tee "$work/wrk.txt"

read -r reads confirmed refused other socket < "$work/result"
"$cypp" export --database "$database" --plan "$plan" --format json -o "$work/after.json"
stored="$(jq '[.measures[].data[] | select(.note == "load test")] | length' "$work/after.json")"
echo "figures written by the load test in the database: $stored (confirmed by the server: $confirmed)"
grep -c ' ERROR ' "$work/serve.log" | sed 's/^/server errors logged: /' || true
failed=0
[ "$other" = 0 ] || { echo "FAIL: $other answers were neither 200 nor a confirmed write" >&2; failed=1; }
[ "$socket" = 0 ] || { echo "FAIL: $socket socket errors or timeouts" >&2; failed=1; }
[ "$refused" = 0 ] || { echo "FAIL: $refused writes refused" >&2; failed=1; }
# Writes still in flight when wrk stops are saved but not counted by it, so the database may
# hold a few more than were confirmed (at most one a connection); never fewer.
[ "$stored" -ge "$confirmed" ] || { echo "FAIL: $confirmed writes confirmed but only $stored in the database" >&2; failed=1; }
[ "$stored" -le $((confirmed + connections)) ] || { echo "FAIL: $stored figures in the database for $confirmed confirmed writes" >&2; failed=1; }
[ "$confirmed" -gt 0 ] || { echo "FAIL: no write was made" >&2; failed=1; }
[ "$failed" = 0 ] && echo "no errors, no lost writes"
exit "$failed"
