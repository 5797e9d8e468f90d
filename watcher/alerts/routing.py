"""Routing: which channel targets a development goes to, by each channel's `only`
(`[alerts.NAME] only = { kinds, levels, statuses, routes }`; an absent key means all).

`levels` speak of meetings and `routes` of routes: without `kinds`, a channel receives the
kinds its keys speak of (`levels = ["leaders"]`: leaders' meetings alone; with `routes`
too, those routes as well; `statuses` alone: meetings and routes). `kinds = []`: no
alert at all (a channel for the digest only).
"""

from __future__ import annotations

from ..config import Only


def kind_of(dev: dict) -> str:
    """A development's kind, as `only` names it: meeting, route, source (health) or possible
    (a development the rules could not read for sure)."""
    kind = dev["type"]
    if kind == "possible":
        return "possible"
    return "source" if kind.startswith("source_") else "route" if kind == "route_status" \
        else "meeting"


def _kinds(only: Only) -> list[str] | None:
    """The kinds `only` lets through: `kinds`, else those its keys speak of (`levels`:
    meetings, `routes`: routes, `statuses` alone: both), else all (None)."""
    if only.kinds is not None:
        return only.kinds
    implied = (["meeting"] if only.levels is not None else []) + \
        (["route"] if only.routes is not None else [])
    return implied or (["meeting", "route"] if only.statuses is not None else None)


def wants(only: Only, dev: dict) -> bool:
    """Whether a channel with this `only` receives the development."""
    kind, kinds = kind_of(dev), _kinds(only)
    if kinds is not None and kind not in kinds:
        return False
    fact = dev.get("meeting") or dev.get("route") or {}
    if kind != "source" and only.statuses is not None and fact.get("status") not in only.statuses:
        return False
    if kind == "meeting" and only.levels is not None and fact.get("level") not in only.levels:
        return False
    return kind != "route" or only.routes is None or \
        (fact.get("name") or "").casefold() in {r.casefold() for r in only.routes}


def routed(targets: dict[str, Only], dev: dict) -> list[str]:
    """The targets a development goes to."""
    return [target for target, only in targets.items() if wants(only, dev)]
