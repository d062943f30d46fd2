#!/usr/bin/env python3
"""The peer of `ragbook rate`: what an analyst would write in pandas to rate the same CSV by the
county key (Strong more than 5% better, or 2% when a percentage target is over 95%; Good down to
2% worse; Review down to 10% worse; Action beyond), with the deviation and a sentence, in floats.

Usage: rate_pandas.py INPUT.csv OUTPUT.csv"""

import sys

import numpy as np
import pandas as pd

source, target_file = sys.argv[1], sys.argv[2]
df = pd.read_csv(source, dtype=str, keep_default_na=False)


def figures(column):
    cleaned = column.str.replace(r"[£%,]", "", regex=True)
    return pd.to_numeric(cleaned, errors="coerce")


actual = figures(df["actual"])
target = figures(df["target"])
sign = np.where(df["polarity"] == "lower", -1.0, 1.0)
deviation = sign * (actual - target) / target.abs()
high_percent = (df["unit"] == "percent") & (target > 95)
strong = np.where(high_percent, 0.02, 0.05)
rating = np.select(
    [
        actual.isna(),
        target.isna(),
        deviation > strong,
        deviation >= -0.02,
        deviation >= -0.10,
    ],
    ["No data", "No Target", "Strong", "Good", "Review"],
    default="Action",
)
df["rating"] = rating
df["deviation_pct"] = (deviation * 100).round(1)
df["explanation"] = (
    df["actual"] + " against a target of " + df["target"] + ", so " + df["rating"]
)
df.to_csv(target_file, index=False)
