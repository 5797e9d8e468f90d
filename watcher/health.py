"""Source health: a feed that keeps failing, or goes quiet, raises one operational alert,
and one note when it recovers; never one alert per failed poll.

A feed is *failing* after `[watcher] failure_threshold` consecutive failures. It is
*silent* when no new article has arrived for longer than its `silence_after`, or, when
that is not set, four times the median gap between its last 20 arrivals (at least 6 h,
and only once it has a history of 5 arrivals). The state is kept in `feeds.health`, so
a restart neither repeats nor forgets an alert.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta

from .alerts.routing import routed
from .config import Config, FeedSettings, Only
from .store import FeedRow, Store

MIN_SILENCE = timedelta(hours=6)


def usual_gap(arrivals: list[str]) -> timedelta | None:
    """Four times the median gap between arrivals (newest first), or None without history."""
    if len(arrivals) < 5:
        return None
    times = sorted(datetime.fromisoformat(a) for a in arrivals)
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]
    gaps = [g for g in gaps if g > 0] or [0.0]
    return max(MIN_SILENCE, timedelta(seconds=4 * statistics.median(gaps)))


def assess(row: FeedRow, feed: FeedSettings, config: Config, arrivals: list[str],
           now: datetime) -> tuple[str | None, str]:
    """(health, why): 'failing', 'silent' or None (healthy)."""
    if row.consecutive_failures >= config.watcher.failure_threshold:
        return "failing", (f"{row.consecutive_failures} failures in a row; last error: "
                           f"{row.last_error}")
    if row.consecutive_failures:
        return row.health if row.health == "failing" else None, ""
    limit = timedelta(seconds=feed.silence_after) if feed.silence_after else usual_gap(arrivals)
    last = row.last_new_at or (arrivals[0] if arrivals else None)
    if limit and last and now - datetime.fromisoformat(last) > limit:
        hours = (now - datetime.fromisoformat(last)).total_seconds() / 3600
        return "silent", f"no new article for {hours:.0f} h (usual gap under " \
                         f"{limit.total_seconds() / 3600:.0f} h)"
    return None, ""


def check(store: Store, feed: FeedSettings, config: Config, channels: dict[str, Only],
          now: datetime) -> str | None:
    """Update the feed's health; queue an operational alert on a change. Returns its type."""
    row = store.feed(feed.url)
    if row is None or row.last_attempt_at is None:
        return None
    health, why = assess(row, feed, config, store.arrival_times(row.id), now)
    if health == row.health:
        return None
    stamp = now.isoformat(timespec="seconds")
    if health is None:
        dev_type, detail = "source_recovered", f"was {row.health}; polled successfully"
    else:
        dev_type, detail = f"source_{health}", why
    data = {"type": dev_type, "published": stamp, "article_url": feed.url,
            "feed": {"name": feed.name, "url": feed.url, "detail": detail},
            "previous": {"health": row.health}, "evidence": detail}
    with store.tx():
        store.update_feed(row.id, health=health)
        dev_id = store.add_development(f"{dev_type}|{feed.url}|{stamp}", dev_type, data, None,
                                       stamp, [])
        if dev_id and channels:
            store.enqueue(dev_id, routed(channels, data))
    return dev_type
