#!/usr/bin/env python3
"""The peer of the rating engine's benchmark (`cargo bench -p ragbook-core --bench rating`): the
same 10 million in-memory figures (mixed units, both polarities, 10% without a target, 3% without
data) rated by the county key with numpy, in floats (numpy has no exact decimals). Prints
figures per second, best of five runs, one core."""

import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np

N = 10_000_000
rng = np.random.default_rng(2023)
unit = rng.integers(0, 6, N)  # count, percent, money, money_m, days, points
span = np.choose(unit, [5_000, 1_000, 10_000_000, 100_000, 1_000, 1_000])
scale = np.choose(unit, [1, 10, 1, 1000, 10, 10]).astype(np.float64)
target_int = rng.integers(0, 2**31, N) % span + 1
spread = np.maximum(target_int // 5, 1)
actual_int = target_int - spread + rng.integers(0, 2**31, N) % (2 * spread + 1)
roll = rng.integers(0, 100, N)
actual = np.where(roll >= 3, actual_int / scale, np.nan)
target = np.where(roll % 10 != 0, target_int / scale, np.nan)
lower = rng.integers(0, 2, N) == 1
percent = unit == 1


def rate():
    sign = np.where(lower, -1.0, 1.0)
    deviation = sign * (actual - target) / np.abs(target)
    strong = np.where(percent & (target > 95), 0.02, 0.05)
    return np.select(
        [np.isnan(actual), np.isnan(target), deviation > strong, deviation >= -0.02, deviation >= -0.10],
        [5, 4, 0, 1, 2],
        default=3,
    ).astype(np.uint8)


best = min(
    (lambda start: (rate(), time.perf_counter() - start)[1])(time.perf_counter()) for _ in range(5)
)
print(f"numpy: {N / best / 1e6:.1f} million figures per second ({best * 1000:.0f} ms for {N:,})")
