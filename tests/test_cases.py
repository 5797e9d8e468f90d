"""Extraction cases as data: `tests/cases/<family>.toml`, one file per phrase family.

Each case is a text in our own words written to the pattern of real reports, its
publication date, and every fact a careful reader takes from it:

    [[case]]
    name = "a refusal to attend is a cancellation"
    published = "2023-11-18"
    text = "Azerbaijan refused to attend talks with Armenia in Washington on November 20."
    [[case.meeting]]
    status = "cancelled"
    venue = "Washington"          # city or country
    date = "2023-11-20"

Only the keys a case gives are compared. Meetings read as history (`background`) are
ignored unless the case lists them with `background = true`; a case that lists no
meeting and no route expects none.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from watcher.extract import extract
from watcher.facts import Meeting, RouteFact

CASES = Path(__file__).with_name("cases")


def load_cases() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CASES.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8")).get("case", []):
            out.append((f"{path.stem}: {case['name']}", case))
    return out


def _meeting_problems(want: dict, got: Meeting) -> list[str]:
    data = got.to_json()
    out = []
    for key, value in want.items():
        if key == "venue":
            have = [data["venue"]["city"], data["venue"]["country"]]
            ok = value in have if value else not any(have)
        elif key == "background":
            ok = got.background == value
        elif key == "date" and value == "":
            ok = data["date"] is None  # TOML has no null: "" is "no day"
        elif key in ("participants", "mediators"):
            ok = sorted(data[key]) == sorted(value)
        else:
            ok = data.get(key) == value
        if not ok:
            out.append(f"{key}: want {value!r}, got {data.get(key, got.background)!r}")
    return out


def _route_problems(want: dict, got: RouteFact) -> list[str]:
    have = {**got.to_json(), "strength": got.strength, "step": got.step}
    # TOML has no null: since = "" is "no date"
    return [f"{k}: want {v!r}, got {have.get(k)!r}" for k, v in want.items()
            if have.get(k) != (None if (k, v) == ("since", "") else v)]


def check(case: dict) -> list[str]:
    """What differs between a case and what the extractor reads from it."""
    facts = extract(case.get("title", ""), case["text"], date.fromisoformat(case["published"]))
    meetings = [f for f in facts if isinstance(f, Meeting)]
    routes = [f for f in facts if isinstance(f, RouteFact)]
    problems = []
    want_news = [m for m in case.get("meeting", []) if not m.get("background")]
    want_old = [m for m in case.get("meeting", []) if m.get("background")]
    news = [m for m in meetings if not m.background]
    if len(news) != len(want_news):
        problems.append(f"{len(news)} meetings, want {len(want_news)}: "
                        f"{[m.to_json() for m in news]}")
    else:
        for i, (w, g) in enumerate(zip(want_news, news, strict=True)):
            problems += [f"meeting {i}: {p}" for p in _meeting_problems(w, g)]
    old = [m for m in meetings if m.background]
    for w in want_old:
        if not any(not _meeting_problems(w, g) for g in old):
            problems.append(f"no background meeting like {w}: {[m.to_json() for m in old]}")
    if len(routes) != len(case.get("route", [])):
        problems.append(f"{len(routes)} route facts, want {len(case.get('route', []))}: "
                        f"{[(r.to_json(), r.strength) for r in routes]}")
    else:
        for i, (w, g) in enumerate(zip(case.get("route", []), routes, strict=True)):
            problems += [f"route {i}: {p}" for p in _route_problems(w, g)]
    return problems


@pytest.mark.parametrize("case", [c for _, c in load_cases()], ids=[n for n, _ in load_cases()])
def test_case(case):
    problems = check(case)
    assert not problems, "\n".join(problems)
