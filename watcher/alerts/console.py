"""Alerts on the console: the default channel when no other is configured."""

from __future__ import annotations

import sys
from typing import TextIO

from ..textclean import clean
from .render import Wording, body


class ConsoleSender:
    def __init__(self, stream: TextIO | None = None, wording: Wording | None = None):
        self.stream = stream
        self.wording = wording

    def send(self, dev: dict, sources: list[dict], key: str) -> None:
        out = self.stream or sys.stdout
        out.write(body(dev, sources, self.wording) + "\n\n")
        out.flush()

    def send_digest(self, title: str, text: str, html: str, markdown: str) -> None:
        out = self.stream or sys.stdout
        out.write(clean(text) + "\n")
        out.flush()
