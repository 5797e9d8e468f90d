"""Alerts through Apprise: Telegram, Microsoft Teams, Discord, Matrix, ntfy, Signal and 100
more services, each by an Apprise URL. The URLs (space-separated) come from the environment
variable named by `[alerts.apprise] urls_env`, never from the file: they hold tokens.

Each URL is a target of its own in the outbox (`apprise:1`, `apprise:2`, ... by its place
in the variable), so one that fails is retried without sending again to the others. A URL
Apprise cannot use is named once at start (`problems`) and gets no alerts; the others keep
working. A failed send is permanent when the service refused the message (an HTTP 4xx
but 408 and 429, as Apprise reports it) or Apprise could not make one; anything else
(5xx, timeouts, no connection) is retried. No error or log line shows more of a URL than
Apprise's own privacy form.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from ..config import AppriseSettings, secret
from . import DeliveryError
from .render import Wording, body, headline, one_line_text

# Apprise's own log lines may quote a URL whole: what went wrong is told here instead.
logging.getLogger("apprise").propagate = False
_HTTP_ERROR = re.compile(r"error=(\d{3})\b")


def urls(settings: AppriseSettings) -> list[str]:
    return (secret(settings.urls_env) or "").split()


def _asset():
    import apprise

    return apprise.AppriseAsset(storage_mode="memory")  # nothing written to disk


@lru_cache(maxsize=64)
def unusable(url: str) -> str | None:
    """Why Apprise cannot use `url` (without repeating it), or None when it can."""
    import apprise
    from apprise.manager_plugins import NotificationManager

    scheme, sep, _ = url.partition("://")
    if not sep:
        return "not an Apprise URL (SERVICE://...)"
    if scheme.lower() not in ("http", "https") and scheme.lower() not in NotificationManager():
        return f"Apprise has no service {scheme[:20]!r}"
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as said:
        plugin = apprise.Apprise.instantiate(url, asset=_asset())
    if plugin is not None:
        return None
    told = [line.replace(url, f"{scheme}://...") for line in said.getvalue().splitlines()]
    return "Apprise cannot use it" + (f": {one_line_text('; '.join(told))[:200]}" if told
                                      else "")


def targets(settings: AppriseSettings, wording: Wording | None = None
            ) -> dict[str, AppriseSender]:
    """A sender per usable URL, named by its place in the variable."""
    return {f"apprise:{i}": AppriseSender(settings, url, wording)
            for i, url in enumerate(urls(settings), 1) if unusable(url) is None}


def problems(settings: AppriseSettings) -> list[str]:
    """What keeps an Apprise URL from delivering, one line each."""
    found = urls(settings)
    if not found:
        return [f"alerts.apprise: environment variable {settings.urls_env} is empty: no "
                f"Apprise alerts"]
    return [f"alerts.apprise: URL {i} of {settings.urls_env} "
            f"({url.partition('://')[0][:20]}://...): {why}; it gets no alerts"
            for i, url in enumerate(found, 1) if (why := unusable(url))]


class AppriseSender:
    def __init__(self, settings: AppriseSettings, url: str, wording: Wording | None = None):
        self.wording = wording
        self.settings = settings
        self.url = url

    def send(self, dev: dict, sources: list[dict], key: str) -> None:
        # the body's first line is the headline: Apprise's title
        text = body(dev, sources, self.wording).split("\n", 1)
        self._notify(headline(dev), text[1] if len(text) > 1 else "", "text")

    def send_digest(self, title: str, text: str, html: str, markdown: str) -> None:
        self._notify(one_line_text(title), markdown, "markdown")

    def _notify(self, title: str, text: str, body_format: str) -> None:
        import apprise

        service = apprise.Apprise(asset=_asset())
        if not service.add(self.url):
            raise DeliveryError(f"Apprise cannot use this URL: "
                                f"{unusable(self.url) or 'refused when added'}", permanent=True)
        result = service.notify(body=text, title=title, body_format=body_format,
                                timeout=self.settings.timeout)
        if not result:
            raise failure(result, self.settings.timeout)


def failure(result, timeout: float) -> DeliveryError:
    """A failed Apprise call as a DeliveryError: which service, what it said, and whether
    trying again can help."""
    from apprise import AppriseResultStatus

    outcomes = list(result)
    if not outcomes:  # Apprise made no message of it: no retry will
        said = "; ".join(e.message for e in result.logs()) or result.status.name
        return DeliveryError(f"Apprise: {one_line_text(said)[:200]}", permanent=True)
    outcome = outcomes[0]
    where = f"Apprise {outcome.name} ({outcome.url.split('?')[0]})"
    if outcome.status == AppriseResultStatus.TIMEOUT:
        return DeliveryError(f"{where} did not answer within {timeout:g}s")
    said = [e.message for attempt in outcome.attempts for e in attempt]
    text = one_line_text(said[-1] if said else "not delivered")[:200]
    code = next((int(m.group(1)) for line in reversed(said)
                 if (m := _HTTP_ERROR.search(line))), None)
    permanent = code is not None and 400 <= code < 500 and code not in (408, 429)
    return DeliveryError(f"{where}: {text}", permanent=permanent)
