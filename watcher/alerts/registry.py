"""The alert channels, in one place. A channel is a module with its sender, its settings
section `[alerts.NAME]` in config.py, and one entry in CHANNELS below; nothing else in the
pipeline names a channel.

A channel has one or more *targets*, each a row of the outbox per development: `email`,
`slack` and `webhook` one of their own name, Apprise one per URL (`apprise:1`, ...), so a
URL that failed is retried without sending again to those that accepted. Each channel
receives what its `only` lets through (`routing`); `[digest] channels` names channels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..config import Config, Only, alert_channels
from . import apprise, webhook
from .console import ConsoleSender
from .email import EmailSender
from .render import Wording
from .slack import SlackSender


class Sender(Protocol):
    def send(self, dev: dict, sources: list[dict], key: str) -> None: ...

    def send_digest(self, title: str, text: str, html: str, markdown: str) -> None: ...


@dataclass(frozen=True)
class Channel:
    name: str  # its section, [alerts.NAME]
    targets: Callable[..., dict[str, Sender]]  # its settings, wording -> {target: sender}
    problems: Callable[..., list[str]] = lambda settings: []  # what to tell at start


CHANNELS: tuple[Channel, ...] = (
    Channel("email", lambda s, w: {"email": EmailSender(s, w)}),
    Channel("slack", lambda s, w: {"slack": SlackSender(s, w)}),
    Channel("apprise", apprise.targets, apprise.problems),
    Channel("webhook", lambda s, w: {"webhook": webhook.WebhookSender(s)}, webhook.problems),
)
_BY_NAME = {c.name: c for c in CHANNELS}
CONSOLE = "console"  # the default when no channel is configured


def _configured(config: Config) -> list[tuple[Channel, object]]:
    return [(_BY_NAME[name], settings) for name, settings in alert_channels(config).items()]


def senders(config: Config) -> dict[str, Sender]:
    """Every target of the configured channels, and the console."""
    wording = Wording.of(config)  # the configured time zone and names
    out: dict[str, Sender] = {CONSOLE: ConsoleSender(wording=wording)}
    for channel, settings in _configured(config):
        out.update(channel.targets(settings, wording))
    return out


def channels(config: Config) -> dict[str, Only]:
    """Where alerts go, each target with what it wants: the configured channels' targets,
    else the console."""
    configured = _configured(config)
    if not configured:
        return {CONSOLE: Only()}
    return {target: settings.only for channel, settings in configured
            for target in channel.targets(settings, None)}


def problems(config: Config) -> list[str]:
    """What stops a configured channel from delivering, one line each (`watcher run`)."""
    return [line for channel, settings in _configured(config)
            for line in channel.problems(settings)]


def digest_targets(config: Config, names: list[str]) -> list[tuple[str, Sender | None]]:
    """The targets of the channels `names` (`apprise`: every Apprise URL); None for a
    channel that is not configured."""
    every = senders(config)
    out: list[tuple[str, Sender | None]] = []
    for name in names:
        found = [(t, s) for t, s in every.items() if t == name or t.startswith(name + ":")]
        out += found or [(name, None)]
    return out
