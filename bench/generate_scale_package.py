#!/usr/bin/env python3
"""Writes a data package of key measures with VALUES values of history in all (default
1,000,000), 1,000 months of each measure, for the scale benchmark. The first 1,000 measures are
reported in 2026-27, with months back from March 2027; for more values, more measures are held
that ended in 2019-20, with months back from March 2020 (periods start in 1900, so a measure
cannot have 10,000 months): history held, not reported. Deterministic. A package
table holds at most 5,000,000 rows, so more values are written as several packages, FOLDER-1,
FOLDER-2, ..., each with the plan and the measures and its share of the values, imported in turn.

Usage: generate_scale_package.py FOLDER [VALUES]"""

import os
import sys

base = sys.argv[1]
values = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
months = 1_000
measures = values // months
PER_PACKAGE = 5_000_000
parts = (values + PER_PACKAGE - 1) // PER_PACKAGE
folders = [base] if parts == 1 else [f"{base}-{i + 1}" for i in range(parts)]
for folder in folders:
    os.makedirs(folder, exist_ok=True)


def write(name, text):
    for folder in folders:
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)


first_year = 2027 - months // 12 - 1
write("organisation.csv", "id,name\nscale,Scale Borough Council\n")
write(
    "plan.csv",
    f"id,title,first_year,last_year\nplan,Council Plan,{first_year}-{(first_year + 1) % 100:02},2026-27\n",
)
write("priorities.csv", "id,title\nP1,A thriving borough\nP2,Good services\n")
units = ["count", "percent", "money", "days"]
rows = ["id,title,priorities,unit,decimals,polarity,frequency,basis,method,ends"]
targets = ["measure,period,target"]
for m in range(measures):
    unit = units[m % 4]
    polarity = "higher" if m % 2 == 0 else "lower"
    rows.append(
        f"M{m:04},Measure {m},P{m % 2 + 1},{unit},1,{polarity},monthly,single_month,threshold,"
        + ("" if m < 1_000 else "2019-20-Q4")
    )
    target = 500 + m % 100
    targets.append(f"M{m:04},2026-27,{target / 10:.1f}%" if unit == "percent" else f"M{m:04},2026-27,{target}")
write("measures.csv", "\n".join(rows) + "\n")
write("targets.csv", "\n".join(targets) + "\n")
names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
outs = [open(os.path.join(folder, "measure_values.csv"), "w", encoding="utf-8") for folder in folders]
for out in outs:
    out.write("measure,period,value,status,as_of,note\n")
for m in range(measures):
    unit = units[m % 4]
    # Each package holds a span of months of every measure, going back one month at a time from
    # the measure's last: March 2027, or March 2020 for one that ended in 2019-20.
    last = 2027 if m < 1_000 else 2020
    for back in range(months):
        index = last * 12 + 2 - back
        year, month = divmod(index, 12)
        figure = 400 + (m * 7 + back * 13) % 200
        value = f"{figure / 10:.1f}%" if unit == "percent" else f"{figure}.5"
        outs[back * parts // months].write(f"M{m:04},{names[month]}-{year},{value},,,\n")
for out in outs:
    out.close()
