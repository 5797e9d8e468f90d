"""Delivering the alert outbox: each due alert to its channel, marked sent only after the
channel accepted it; failures retried with backoff, given up after `max_attempts`.

An alert is claimed (status `sending`, attempt counted) before its channel is called and
marked `sent` right after the channel accepted it. A process killed in between leaves
it `sending`; the next run puts it back to `pending`, so nothing is lost. That window is
the only way an accepted alert is sent again, and the copy carries the same Message-ID.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..config import Config
from ..store import Store, iso
from . import DeliveryError
from .registry import Sender, senders

log = logging.getLogger(__name__)

RETRY_BASE = 30.0
RETRY_CAP = 3600.0


@dataclass
class DeliverySummary:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"alerts: {self.sent} sent, {self.retrying} to retry, {self.failed} failed"



def retry_delay(attempts: int, retry_after: float | None) -> float:
    delay = min(RETRY_CAP, RETRY_BASE * 2 ** max(0, attempts - 1))
    if retry_after is not None:
        delay = max(delay, min(retry_after, RETRY_CAP * 6))
    return delay


# This process, as the owner of the alerts it claims.
OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def deliver(store: Store, config: Config, channel_senders: dict[str, Sender] | None = None,
            *, started: datetime | None = None) -> DeliverySummary:
    """Send every due alert once. `started`: claims older than this were left by a dead
    process (default: now, i.e. any claim not made by this call)."""
    channel_senders = channel_senders or senders(config)
    now = datetime.now(UTC)
    summary = DeliverySummary()
    with store.tx():
        released = store.release_claims(iso(started or now + timedelta(seconds=1)))
    if released:
        log.warning("%d alerts were being sent when the watcher stopped; sending again",
                    released)
    for row in store.due_alerts(iso(now)):
        sender = channel_senders.get(row["channel"])
        with store.tx():
            if not store.claim_alert(row["id"], OWNER):
                continue
        attempts = row["attempts"] + 1
        dev, sources = json.loads(row["data"]), json.loads(row["sources"])
        where = f"alert {row['id']} ({row['channel']}, {row['type']})"
        try:
            if sender is None:
                raise DeliveryError(f"channel {row['channel']!r} is not configured",
                                    permanent=True)
            sender.send(dev, sources, row["key"])
        except DeliveryError as exc:
            give_up = exc.permanent or attempts >= config.alerts.max_attempts
            if give_up:
                with store.tx():
                    store.finish_alert(row["id"], "failed", str(exc), owner=OWNER)
                summary.failed += 1
                line = f"{where}: {exc}; gave up after {attempts} attempt(s)"
            else:
                when = now + timedelta(seconds=retry_delay(attempts, exc.retry_after))
                with store.tx():
                    store.finish_alert(row["id"], "pending", str(exc), iso(when), owner=OWNER)
                summary.retrying += 1
                line = f"{where}: {exc}; retry after {iso(when)}"
            log.warning(line)
            summary.errors.append(line)
            continue
        with store.tx():
            if not store.finish_alert(row["id"], "sent", owner=OWNER):
                log.warning("%s: sent, but its claim was taken over meanwhile", where)
        summary.sent += 1
        log.info("%s: sent", where)
    return summary
