"""The real-news corpus: labels (committed) and page texts (cached, never committed).

`labels.jsonl` holds one article per line: where it was published, what a careful analyst
reads from it, and the sha256 of its text. The texts live in `cache/<id>.txt`
(git-ignored); a text whose sha256 differs from its label is not used. See LABELS.md.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
LABELS = HERE / "labels.jsonl"

MEETING_TYPES = {"meeting_new", "meeting_status", "meeting_changed"}
TYPES = MEETING_TYPES | {"route_status"}
MEETING_STATUSES = {"proposed", "scheduled", "held", "cancelled", "postponed"}
ROUTE_STATUSES = {"open", "closed", "blockaded", "checkpoint", "humanitarian_only", "reopened",
                  "agreed", "proposed"}
LEVELS = {"leaders", "foreign_ministers", "officials"}
ROUTE_KEYS = {"lachin", "aghdam", "tripp", "transit", "railway", "border crossing"}
TRAPS = {"phone_call", "sport", "gas", "middle_corridor", "armenia_turkey", "russia_azerbaijan",
         "mediator_one_side", "history", "karabakh_representatives", "statement", "other"}
EXPECTATION_KEYS = {"id", "event", "type_any", "status_any", "level", "venue_any",
                    "participants_all", "mediators_any", "route", "date_from", "date_to",
                    "date_month", "date_after", "date_may_be_null", "note"}
LABEL_KEYS = {"id", "url", "outlet", "published", "published_source", "sha256", "kind", "trap",
              "facts", "expected", "optional", "title_line"}


def article_id(url: str) -> str:
    return hashlib.sha1(url.strip().encode()).hexdigest()[:12]


def _check_expectation(e: dict, where: str) -> list[str]:
    out = []
    for k in e:
        if k not in EXPECTATION_KEYS:
            out.append(f"{where}: unknown key {k!r}")
    if not e.get("id"):
        out.append(f"{where}: needs an id")
    if not e.get("event"):
        out.append(f"{where}: needs an event (one slug per real-world event)")
    types = e.get("type_any") or []
    if not types or any(t not in TYPES for t in types):
        out.append(f"{where}: type_any must list some of {sorted(TYPES)}")
    is_route = "route_status" in types
    statuses = e.get("status_any") or []
    allowed = ROUTE_STATUSES if is_route else MEETING_STATUSES
    if not statuses or any(s not in allowed for s in statuses):
        out.append(f"{where}: status_any must list some of {sorted(allowed)}")
    if is_route and e.get("route") not in ROUTE_KEYS:
        out.append(f"{where}: route must be one of {sorted(ROUTE_KEYS)}")
    if not is_route and e.get("level") not in LEVELS | {None}:
        out.append(f"{where}: level must be one of {sorted(LEVELS)}")
    for k in ("date_from", "date_to"):
        if k in e:
            try:
                datetime.strptime(e[k], "%Y-%m-%d")
            except (TypeError, ValueError):
                out.append(f"{where}: {k} must be YYYY-MM-DD")
    if ("date_from" in e) != ("date_to" in e):
        out.append(f"{where}: date_from and date_to go together")
    if "date_month" in e:
        try:
            datetime.strptime(e["date_month"], "%Y-%m")
        except (TypeError, ValueError):
            out.append(f"{where}: date_month must be YYYY-MM")
    for k in ("venue_any", "participants_all", "mediators_any"):
        if k in e and not (isinstance(e[k], list) and all(isinstance(v, str) for v in e[k])):
            out.append(f"{where}: {k} must be a list of strings")
    return out


def validate(label: dict) -> list[str]:
    out = [f"unknown key {k!r}" for k in label if k not in LABEL_KEYS]
    for k in ("url", "outlet", "published", "kind", "facts"):
        if not label.get(k):
            out.append(f"missing {k}")
    if not str(label.get("url", "")).startswith(("http://", "https://")):
        out.append("url must be http(s)")
    try:
        when = datetime.fromisoformat(str(label.get("published")))
        if when.tzinfo is None:
            out.append("published needs a time zone, e.g. 2024-05-10T12:00:00+00:00")
    except ValueError:
        out.append("published must be an ISO date-time")
    if label.get("kind") not in ("development", "trap", "background"):
        out.append("kind must be development, trap or background")
    if label.get("kind") == "trap" and label.get("trap") not in TRAPS:
        out.append(f"trap must be one of {sorted(TRAPS)}")
    if label.get("kind") == "development" and not label.get("expected"):
        out.append("a development article needs at least one expected development")
    if label.get("kind") != "development" and label.get("expected"):
        out.append("only a development article has expected developments")
    for part in ("expected", "optional"):
        for i, e in enumerate(label.get(part) or []):
            out += _check_expectation(e, f"{part}[{i}]")
    return out


def load_labels(path: Path = LABELS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
