"""Alerts to Slack through an incoming webhook (its URL from an environment variable).

Only a 2xx answer counts as delivered. 429 carries Retry-After; 5xx and timeouts are
retried; other 4xx (Slack's `invalid_payload`, `no_service`) will not get better by
retrying and fail at once. The webhook URL is a secret and never appears in an error.
"""

from __future__ import annotations

from ..config import SlackSettings, secret
from ..textclean import clean
from . import DeliveryError
from .http import post
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
        post(url, "Slack", self.settings.timeout, json=body)
