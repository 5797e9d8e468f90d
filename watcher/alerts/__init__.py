"""Alert channels and how a development is worded for people.

A development is queued in the outbox (one row per channel) in the same transaction
that records it; `outbox.deliver` sends what is due. Channels: `email` (SMTP), `slack`
(incoming webhook) and `console` (the default when neither is configured).
"""

from __future__ import annotations

from ..config import Config


class DeliveryError(Exception):
    """A channel did not accept an alert. `permanent`: retrying will not help."""

    def __init__(self, message: str, *, permanent: bool = False,
                 retry_after: float | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


def channels(config: Config) -> list[str]:
    """The channels alerts go to: the configured ones, else the console."""
    out = []
    if config.alerts.email is not None:
        out.append("email")
    if config.alerts.slack is not None:
        out.append("slack")
    return out or ["console"]
