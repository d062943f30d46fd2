#!/usr/bin/env bash
# Load benchmark of `ragbook serve` over loopback, with wrk (apt-get install wrk).
#
#   bash crates/ragbook-web/bench/load.sh [sqlite|postgres] [seconds per run]
#
# Loads the demo council into a fresh database (SQLite file, or the PostgreSQL database
# ragbook_load_bench at $RAGBOOK_TEST_POSTGRES's server), serves it with the release build, signs
# in as the performance team, and measures at 50 and 200 connections:
#   - the plan overview (GET /), signed in;
#   - a measure page (GET /measures/KM01), signed in;
#   - an update POST: a feed sending a figure (POST /api/v1/measures/ID/values), cycling over
#     the department's measures, so every request is a real write with its history.
# Prints one line per run: requests/s, p50 and p99 latency, and non-2xx answers (a write that
# meets another write to the same update is refused with 409 rather than overwriting it).
# Before each page's run, one request reads the page after the writes before it, and its time
# is printed: that is what the first reader after a change waits while the quarter is read
# and built again; the run then measures the pages as read until the next change.
set -euo pipefail

backend=${1:-sqlite}
seconds=${2:-15}
root=$(cd "$(dirname "$0")/../../.." && pwd)
port=18089
base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }

cargo build --release -p ragbook --manifest-path "$root/Cargo.toml" >&2
bin="$root/target/release/ragbook"
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

case "$backend" in
  sqlite) database="$work/bench.sqlite" ;;
  postgres)
    admin=${RAGBOOK_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
    psql "$admin" -qc "DROP DATABASE IF EXISTS ragbook_load_bench" -c "CREATE DATABASE ragbook_load_bench" >/dev/null
    database="${admin%/*}/ragbook_load_bench" ;;
  *) echo "usage: $0 [sqlite|postgres] [seconds]" >&2; exit 2 ;;
esac

(cd "$work" && "$bin" demo --database "$database" >/dev/null)
key=$("$bin" token add --department "Adult Care" --label "load benchmark" --database "$database" 2>/dev/null)
"$bin" serve --database "$database" --listen "127.0.0.1:$port" --insecure-cookies 2>"$work/serve.log" &
server=$!
for _ in $(seq 50); do curl -fs "$base/published" >/dev/null && break; sleep 0.1; done

# Sign in as the performance team.
jar="$work/cookies"
csrf=$(curl -fs -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -fs -c "$jar" -b "$jar" -o /dev/null -d "csrf=$csrf&name=perf&password=northshire-demo&next=/" "$base/login"
session=$(awk '$6 == "ragbook_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "could not sign in" >&2; exit 1; }

# The Adult Care measures the feed may write.
measures=$(curl -fs -b "$jar" "$base/api/v1/plan" | python3 -c '
import json, sys
plan = json.load(sys.stdin)
print(" ".join(m["id"] for m in plan["measures"] if m["department"] == "Adult Care"))')
quarter=$(curl -fs -b "$jar" "$base/api/v1/plan" | python3 -c 'import json, sys; print(json.load(sys.stdin)["quarter"])')

cat > "$work/post.lua" <<LUA
local ids = {}
for id in string.gmatch("$measures", "%S+") do ids[#ids + 1] = id end
local n = 0
request = function()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  local body = '{"period": "$quarter", "value": "' .. (400 + n % 500) .. '"}'
  return wrk.format("POST", "/api/v1/measures/" .. id .. "/values",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer $key" }, body)
end
LUA

run() { # name connections [wrk args...]
  local name=$1 connections=$2
  shift 2
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
  printf '%-9s %-22s %4s conns  %9s req/s  p50 %8s  p99 %8s  non-2xx %s\n' \
    "$backend" "$name" "$connections" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

first() { # path: the first read after a change
  curl -fs -o /dev/null -w "$backend    first read of $1 after the writes: %{time_total} s\n" \
    -H "Cookie: ragbook_session=$session" "$base$1"
}

for connections in 50 200; do
  first /
  run "plan overview" "$connections" -H "Cookie: ragbook_session=$session" "$base/"
  run "measure page" "$connections" -H "Cookie: ragbook_session=$session" "$base/measures/KM01"
  run "update POST (feed)" "$connections" -s "$work/post.lua" "$base"
done
