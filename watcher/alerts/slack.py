"""Alerts to Slack through an incoming webhook (its URL from an environment variable).

Only a 2xx answer counts as delivered. 429 carries Retry-After; 5xx and timeouts are
retried; other 4xx (Slack's `invalid_payload`, `no_service`) will not get better by
retrying and fail at once. The webhook URL is a secret and never appears in an error.
"""

from __future__ import annotations

import httpx

from ..config import SlackSettings, secret
from ..fetch import parse_retry_after
from ..textclean import clean
from . import DeliveryError
from .render import EVIDENCE_LIMIT, Wording, body, headline, human_date, shorten, source_links


def escape(text: str) -> str:
    """Slack mrkdwn control characters: &, < and > (in that order)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(dev: dict, sources: list[dict], wording: Wording | None = None) -> dict:
    lines = body(dev, sources, wording).splitlines()
    facts = [escape(line) for line in lines[1:] if not line.startswith(("Source:", "Evidence:"))]
    links = []
    for s in source_links(sources, dev.get("article_url")):
        notes = ", ".join(n for n in (s["day"], "first report" if s["first"] else None) if n)
        notes = f" ({escape(notes)})" if notes else ""
        if s["link"]:
            url = s["url"].replace("|", "%7C").replace(">", "%3E")
            links.append(f"<{url}|{escape(s['outlet'])}>{notes}")
        else:
            links.append(escape(f"{s['outlet']} ({s['url']})") + notes)
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": headline(dev)[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(facts)}},
        {"type": "section", "text": {"type": "mrkdwn",
                                     "text": "> " + escape(shorten(dev["evidence"],
                                                                   EVIDENCE_LIMIT))}},
    ]
    if links:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": "Sources: " + ", ".join(links)[:2900]}]})
    when = human_date(dev["published"][:10]) or dev["published"]
    return {"text": escape(f"{headline(dev)} (reported {when})"), "blocks": blocks}


class SlackSender:
    def __init__(self, settings: SlackSettings, wording: Wording | None = None):
        self.settings = settings
        self.wording = wording

    def send(self, dev: dict, sources: list[dict], key: str) -> None:
        self._post(payload(dev, sources, self.wording))

    def send_digest(self, title: str, text: str, html: str, markdown: str) -> None:
        # Slack mrkdwn has no headings: the digest goes as escaped plain lines.
        self._post({"text": escape(clean(f"{title}\n\n{text}"))[:39000]})

    def _post(self, body: dict) -> None:
        url = secret(self.settings.webhook_url_env)
        if not url:
            raise DeliveryError(f"Slack webhook URL not set: environment variable "
                                f"{self.settings.webhook_url_env} is empty", permanent=False)
        try:
            resp = httpx.post(url, json=body, timeout=self.settings.timeout)
        except httpx.TimeoutException:
            raise DeliveryError(f"Slack did not answer within {self.settings.timeout:g}s"
                                ) from None
        except httpx.HTTPError as exc:
            raise DeliveryError(f"cannot reach Slack: {type(exc).__name__}") from None
        if 200 <= resp.status_code < 300:
            return
        reason = resp.text.strip()[:120] or resp.reason_phrase
        message = f"Slack answered HTTP {resp.status_code}: {reason}"
        if resp.status_code == 429:
            raise DeliveryError(message, retry_after=parse_retry_after(
                resp.headers.get("retry-after")))
        permanent = 400 <= resp.status_code < 500 and resp.status_code != 408
        raise DeliveryError(message, permanent=permanent)
