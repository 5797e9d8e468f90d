"""When to poll a feed next: intervals, server hints and backoff. Pure functions.

After a success the next poll comes one interval later, but never sooner than the
server asked for (RSS <ttl>, Cache-Control max-age, Expires), within the configured
bounds. After a failure the wait doubles with each consecutive failure, with jitter so
that feeds failing together do not retry together, capped (24 h by default): a
failing feed is slowed down, never dropped, and recovers on its own.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta


def interval_floor(hints: list[float | None], min_interval: float, max_interval: float
                   ) -> float | None:
    """The longest server hint, clamped into [min_interval, max_interval]; None without hints."""
    given = [h for h in hints if h is not None and h > 0]
    if not given:
        return None
    return min(max(max(given), min_interval), max_interval)


def after_success(now: datetime, interval: float, floor: float | None) -> datetime:
    return now + timedelta(seconds=max(interval, floor or 0.0))


def backoff_seconds(failures: int, base: float, cap: float, retry_after: float | None = None,
                    rng: random.Random | None = None) -> float:
    """Exponential backoff, jittered over its upper half, capped; a longer Retry-After wins."""
    rng = rng or random
    raw = min(cap, base * (2 ** max(0, failures - 1)))
    delay = raw / 2 + rng.random() * raw / 2
    if retry_after is not None:
        delay = max(delay, min(retry_after, cap))
    return min(delay, cap)


def after_failure(now: datetime, failures: int, base: float, cap: float,
                  retry_after: float | None = None, rng: random.Random | None = None) -> datetime:
    return now + timedelta(seconds=backoff_seconds(failures, base, cap, retry_after, rng))
