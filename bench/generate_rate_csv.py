#!/usr/bin/env python3
"""Writes a CSV of key measures for `ragbook rate` and the pandas peer: ROWS rows (default
1,000,000) of mixed units, both polarities, some without a target or a figure. Deterministic."""

import random
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = sys.argv[2] if len(sys.argv) > 2 else "rate-input.csv"
rng = random.Random(2023)
units = ["count", "percent", "money", "days"]
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("measure,actual,target,unit,polarity,method\n")
    for i in range(rows):
        unit = units[i % 4]
        target = rng.randint(1, 999)
        actual = target + rng.randint(-target // 5, target // 5)
        roll = rng.randrange(100)
        if unit == "percent":
            a, t = f"{actual / 10:.1f}%", f"{target / 10:.1f}%"
        elif unit == "money":
            a, t = f"\"£{actual * 1000:,}\"", f"\"£{target * 1000:,}\""
        elif unit == "days":
            a, t = f"{actual / 10:.1f}", f"{target / 10:.1f}"
        else:
            a, t = str(actual), str(target)
        if roll < 3:
            a = ""
        if roll % 10 == 0:
            t = "Not set"
        polarity = "higher" if rng.randrange(2) else "lower"
        f.write(f"M{i % 1000:04},{a},{t},{unit},{polarity},threshold\n")
