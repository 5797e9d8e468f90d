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
# A full stop, then space and a capital; or, in pages that lost their spaces, a word's
# full stop glued to the next sentence's first word ("Ministry.The two"), not a name such
# as "News.Az" or "U.S.".
_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-Z0-9])|"
                    r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]{2,}\s)")
_PROTECT = re.compile(r"\b(" + "|".join(_ABBREV) + r")\.|\b([A-Z])\.(?=\s*[A-Z]\.|\s)|"
                      r"\b(U\.S|U\.K|U\.N|E\.U|D\.C)\.")


_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
_STARTS_LOWER = re.compile(r"^\s*[a-z(“\"‘'0-9]")


DATELINE_START = re.compile(r"^[A-Z][A-Z'.-]{2,}(?:\s[A-Z][A-Z'.-]+){0,2}\s*(?:,|\(|[-–—])")


def _heading(line: str) -> bool:
    """Title Case with no full stop: a headline, not a wrapped sentence."""
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _hard_wrapped(lines: list[str]) -> bool:
    """Most lines of similar, middling length stopping mid-sentence: a text wrapped at a
    fixed width, not one paragraph per line."""
    full = [ln for ln in lines if ln]
    if len(full) < 4:
        return False
    open_ended = sum(1 for ln in full if not _ENDS_SENTENCE.search(ln))
    lengths = sorted(len(ln) for ln in full)
    median = lengths[len(lengths) // 2]
    return open_ended >= 0.5 * len(full) and 40 <= median <= 100


# A page's own date stamp before its first words ("date 2025-08-06 WP: Trump to host ..."):
# when it was published, not a date the text tells, and it hides a dateline behind it.
_STAMP = re.compile(r"^date\s+\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\s*", re.IGNORECASE)


def unwrap(text: str) -> list[str]:
    """Lines of text with hard wraps undone: a line broken mid-sentence ("the leaders\nof
    Azerbaijan and Armenia agreed") is joined to the next one. A line ending a sentence,
    a headline, or a line followed by an empty line ends its paragraph; a line that goes
    on in lower case is always joined."""
    raw = [_STAMP.sub("", ln.strip())
           for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    wrapped = _hard_wrapped(raw)
    out: list[str] = []
    joinable = False
    for line in raw:
        if not line:
            joinable = False
            out.append("")
            continue
        if joinable and out and (_STARTS_LOWER.match(line) or (
                wrapped and len(out[-1].split()) >= 6 and not _heading(out[-1])
                and not DATELINE_START.match(line))):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joinable = not _ENDS_SENTENCE.search(out[-1])
    return out


# Two or more empty image placeholders in a row ("![]() ![]()"), left where a page's
# pictures were: in a page flattened to one line, what follows them is the teaser strip
# of other stories' headlines, not this article.
_TEASER_BREAK = re.compile(r"(?:!\[[^\]]*\]\(\)\s*){2,}")


def clean_lines(text: str) -> list[str]:
    """The prose lines of an article, debris removed."""
    out = []
    for raw in unwrap(text):
        if "![" in raw:  # the teaser break's own first characters
            raw = _TEASER_BREAK.split(raw, maxsplit=1)[0]
        line = " ".join(raw.split())  # white space runs as one space (`\s` is `isspace`)
        if not line or _BOILER.match(line):
            continue
        words = line.split()
        if not _SENTENCE_END.search(line) and len(words) < 12:
            continue  # headings, tag lines, taglines, captions
        if line.count("#") >= 2 and len([w for w in words if w.startswith("#")]) > len(words) / 2:
            continue
        out.append(line)
    return out


# "... in the U.K. The talks ...": a dotted abbreviation ends the sentence when the next
# word is one that starts sentences, not a name ("the U.S. State Department").
_ABBREV_END = re.compile(r"(?<=\b[A-Z]\.[A-Z]\.)\s+(?=(?:The|This|That|These|Those|It|He|She|"
                         r"They|We|In|On|At|But|However|Meanwhile|According|Earlier|Later|"
                         r"After|Before|Also)\s)")


# Where a paragraph can be split: after one of these, with more than closing quotes,
# brackets and spaces after it.
_STOP = re.compile(r"[.!?…]")
_DOTTED = re.compile(r"[A-Z]\.[A-Z]\.")  # what `_ABBREV_END` looks behind for
_CLOSING = re.compile(r"[\"'”’»)\s]*")


def _cut(paragraph: str) -> list[str]:
    """`_SPLIT.split(paragraph)`, the pattern tried only right after a stop: each of its
    alternatives looks behind for one, and a pattern starting with a look-behind is
    otherwise tried at every place. A cut holds no stop, so none starts inside another."""
    out, last = [], 0
    for stop in _STOP.finditer(paragraph):
        m = _SPLIT.match(paragraph, stop.end())
        if m is not None:
            out.append(paragraph[last:m.start()])
            last = m.end()
    out.append(paragraph[last:])
    return out


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations such as 'U.S.' intact."""
    stop = _STOP.search(paragraph)
    if stop is None or _CLOSING.fullmatch(paragraph, stop.end()):
        # one sentence (every split is after a stop; the abbreviations' need two)
        whole = paragraph.replace("\x00", ".").strip()
        return [whole] if whole else []
    out = []
    pieces = _ABBREV_END.split(paragraph) if _DOTTED.search(paragraph) else (paragraph,)
    for piece in pieces:
        guarded = _PROTECT.sub(lambda m: m.group(0).replace(".", "\x00"), piece)
        out += [p.replace("\x00", ".").strip() for p in _cut(guarded) if p.strip()]
    return out


# Bounds that keep the work on one article linear and small whatever it holds: news puts
# what matters first, and a "sentence" of 3 MB without a full stop is no sentence.
MAX_TEXT = 200_000  # characters of an article read
MAX_SENTENCE = 1_500  # characters of one sentence (longer ones are cut at clause breaks)
MAX_SENTENCES = 800


def _bounded(sentence: str) -> list[str]:
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    out, rest = [], sentence
    while len(rest) > MAX_SENTENCE:
        cut = max(rest.rfind("; ", 0, MAX_SENTENCE), rest.rfind(", ", 0, MAX_SENTENCE))
        cut = cut + 1 if cut > MAX_SENTENCE // 2 else MAX_SENTENCE
        out.append(rest[:cut].strip())
        rest = rest[cut:]
    return [*out, rest.strip()] if rest.strip() else out


# "Meeting Of Azerbaijani And Armenian Speakers Took Place In Geneva": a Title Case
# headline's small words read as in a sentence, so that "and", "of", "in" are found
_SMALL_WORDS = re.compile(r"(?<=\s)(And|Of|In|The|To|With|On|At|For|Between|From|By|As|After|"
                          r"Over|Into|Amid|Ahead)(?=\s)")


def _sentence_case(title: str) -> str:
    return _SMALL_WORDS.sub(lambda m: m.group(1).lower(), title) if _heading(title) else title


# The typographic apostrophe (and the modifier letter pages use for one) read as the
# keyboard's: "won’t", "Armenia’s" are "won't", "Armenia's" to every rule and name. One
# character for one, so every offset stays where it was.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


def sentences(title: str, text: str) -> list[str]:
    """Title first (news puts the key facts there), then the body's sentences; at most
    MAX_SENTENCES of at most MAX_SENTENCE characters, from the first MAX_TEXT characters.
    Typographic apostrophes are read as the keyboard's."""
    title, text = title.translate(_APOSTROPHES), text[:MAX_TEXT].translate(_APOSTROPHES)
    head = title.strip()
    out = [_sentence_case(head)[:MAX_SENTENCE]] if head else []
    for line in clean_lines(text):
        if head and line.startswith(head) and len(line) > len(head):
            line = line[len(head):].lstrip(" .:-–—|")  # the headline run into the lead
        for s in split_sentences(line):
            if out and s == out[0]:
                continue
            out += _bounded(s)
            if len(out) >= MAX_SENTENCES:
                return out[:MAX_SENTENCES]
    return out
