#!/usr/bin/env bash
# `ragbook rate` against the pandas peer on the same 1,000,000-row CSV: time (hyperfine,
# alternating runs) and peak memory (GNU time). Needs: a release build of ragbook, python3 with
# pandas and numpy, hyperfine, /usr/bin/time.
#
#   cargo build --release -p ragbook && bash bench/rate.sh [ROWS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ragbook="$here/../target/release/ragbook"
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/generate_rate_csv.py" "$rows" "$work/in.csv"
hyperfine --warmup 1 --runs 5 \
  -n ragbook "$ragbook rate -i $work/in.csv -o $work/ragbook.csv" \
  -n pandas "python3 $here/rate_pandas.py $work/in.csv $work/pandas.csv"
for run in "$ragbook rate -i $work/in.csv -o $work/ragbook.csv" \
           "python3 $here/rate_pandas.py $work/in.csv $work/pandas.csv"; do
  /usr/bin/time -f "%M KB peak: $run" $run 2>&1 >/dev/null | tail -1
done
