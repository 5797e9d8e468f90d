"""Alert channels and how a development is worded for people.

A development is queued in the outbox (one row per channel target that wants it) in the
same transaction that records it; `outbox.deliver` sends what is due. Channels (listed in
`registry`): `email` (SMTP), `slack` (incoming webhook), `apprise` (100+ services by URL),
`webhook` (a signed JSON POST) and `console` (the default when none is configured).
"""

from __future__ import annotations


class DeliveryError(Exception):
    """A channel did not accept an alert. `permanent`: retrying will not help."""

    def __init__(self, message: str, *, permanent: bool = False,
                 retry_after: float | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after

