"""Article text -> clean sentences. Boilerplate yields no sentences, hence no facts.

Republished news carries debris: "[ad_1]", "Source link", breadcrumbs ("Home » Blog »"),
tag lines, hashtags, cookie notices, bylines, timestamps, section headings. A line is
kept when it reads as prose: it ends like a sentence, or is long enough to be one.
"""

from __future__ import annotations

import re

_BOILER = re.compile(
    r"""^(?:\[ad_?\d*\]|source\s*(?:link|:).*|home\s*[»>].*|.*\bcookies?\b.*(?:accept|consent|opt-out).*
    |[-–—\s]*advertisement[-–—\s]*|read\s+more.*|share\s+(?:this|on).*|(?:by|reporting\s+by|written\s+by|
    edited\s+by)\s+[A-Z][\w.\s,&'-]{0,80}|\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?|
    (?:\#\w+\s*){2,}|(?:photo|image|credit|getty|afp\s+photo)\b.*|all\s+rights\s+reserved.*|
    (?:subscribe|sign\s+up)\b.*|related(?:\s+articles?|\s+news)?:?.*|follow\s+us.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")
_ABBREV = [
    "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Col", "Lt", "Sgt", "Sen", "Rep", "Gov", "Prof",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "No", "vs", "Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "Dept", "Mt", "Ft", "approx", "est",
]
_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-Z0-9])")
_PROTECT = re.compile(r"\b(" + "|".join(_ABBREV) + r")\.|\b([A-Z])\.(?=\s*[A-Z]\.|\s)|"
                      r"\b(U\.S|U\.K|U\.N|E\.U|D\.C)\.")


def clean_lines(text: str) -> list[str]:
    """The prose lines of an article, debris removed."""
    out = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = re.sub(r"\s+", " ", raw).strip()
        if not line or _BOILER.match(line):
            continue
        words = line.split()
        if not _SENTENCE_END.search(line) and len(words) < 12:
            continue  # headings, tag lines, taglines, captions
        if line.count("#") >= 2 and len([w for w in words if w.startswith("#")]) > len(words) / 2:
            continue
        out.append(line)
    return out


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations such as 'U.S.' intact."""
    guarded = _PROTECT.sub(lambda m: m.group(0).replace(".", "\x00"), paragraph)
    parts = _SPLIT.split(guarded)
    return [p.replace("\x00", ".").strip() for p in parts if p.strip()]


def sentences(title: str, text: str) -> list[str]:
    """Title first (news puts the key facts there), then the body's sentences."""
    out = [title.strip()] if title.strip() else []
    for line in clean_lines(text):
        for s in split_sentences(line):
            if out and s == out[0]:
                continue
            out.append(s)
    return out
