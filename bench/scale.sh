#!/usr/bin/env bash
# Scale: 1,000 key measures reported, with 1,000,000 and with 10,000,000 values of history held
# (1,000 months a measure; the ten million add 9,000 measures that ended in 2019-20, as periods
# start in 1900), each imported
# into a fresh SQLite file, then `info`, `check` and the HTML report of one quarter timed
# (hyperfine) with their peak memory (GNU time). A quarter's check and report should cost
# about the same whatever history is held.
#
#   cargo build --release -p ragbook && bash bench/scale.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ragbook="$here/../target/release/ragbook"
quarter=2026-27-Q4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for values in 1000000 10000000; do
  echo "--- $values values"
  python3 "$here/generate_scale_package.py" "$work/p$values" "$values"
  db="$work/$values.sqlite"
  for package in "$work/p$values" "$work/p$values"-*; do
    [ -d "$package" ] || continue
    /usr/bin/time -f "import $(basename "$package"): %e s, %M KB peak" "$ragbook" import "$package" --database "$db" >/dev/null
  done
  for command in "info" "check --period $quarter" "report --period $quarter --format html --out $work/report"; do
    hyperfine --runs 3 -i -n "$command" "$ragbook $command --database $db" 2>/dev/null | grep -E "Time|±" | head -1
    /usr/bin/time -f "  %M KB peak" "$ragbook" $command --database "$db" >/dev/null 2>"$work/time" || true
    tail -1 "$work/time"
  done
done
