"""What a pattern needs to be present before it can match, derived from the pattern itself.

Most sentences can match few of the extraction's patterns: a sentence without "corridor",
"road", "transit" ... names no route. `needs(pattern)` reads a compiled pattern's parse
tree and returns a few lower-case ASCII strings one of which every match must contain
(the words of its alternatives: "meet", "met", "talks", "summit" ...), or None when it
cannot tell; `requirements(pattern)` the same alternative by alternative ("will" or
"won't", and "meet"). `may_match` is the cheap test run before the pattern: False only
when the pattern cannot match; so a skipped search is a search that would have found
nothing, and no rule's meaning depends on this module. The patterns of the extraction
register their strings (`bit`) and one scan of a text answers for all of them (`hits`).
Nothing here is a hand list of words.

Case: a pattern's letters match their other case ("K" and "k"), and a few non-ASCII
letters too (the Kelvin sign, the dotless "ı", the long "ſ" ...). Lowering the text is an
exact test only for a text without those letters; a text with one is never skipped.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from re import _constants as sre  # the parse tree's opcodes (Python 3.11+)
from re import _parser as sre_parse

# The non-ASCII characters a case-insensitive ASCII letter matches: the dotted capital I,
# the dotless i, the long s and the Kelvin sign (tests/test_prefilter.py asks the regex
# engine of the Python running for all of them, over every code point).
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_FOLDS_TO_ASCII = re.compile(f"[{FOLDS_TO_ASCII}]")

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}


@lru_cache(maxsize=256)
def _parsed(source: str, flags: int):
    """A pattern's parse tree (read, never changed: `needs` and `requirements` share it)."""
    return sre_parse.parse(source, flags)


def needs(pattern: re.Pattern, exact: bool = False) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of `pattern` contains; None: unknown.
    `exact`: strings as written, one of which every match contains letter for letter (of
    a pattern that does not ignore case; what a scoped `(?i:...)` needs is not counted)."""
    if not isinstance(pattern.pattern, str):
        return None
    try:
        tree = _parsed(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None
    if exact and tree.state.flags & re.IGNORECASE:
        return None
    got = _sequence(list(tree), exact)
    return minimal(got) if got else None


def _letter(av: int, exact: bool) -> str:
    return chr(av) if exact else chr(av).lower()


def minimal(words) -> tuple[str, ...]:
    """The same test with fewer strings: one holding another is found whenever it is."""
    words = set(words)
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def _sequence(items: list, exact: bool = False) -> frozenset[str] | None:
    """The best of the requirements of a sequence's parts: each part is needed."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre.LITERAL and av < 0x80:
            run.append(_letter(av, exact))
            continue
        if op is sre.BRANCH and run:
            # the parser moves a common start out of the alternatives ("cancel|called" is
            # "ca" then "ncel|lled"): put it back in front of each
            candidates.append(_branch_after("".join(run), av[1], exact))
        close()
        got = _part(op, av, exact)
        if got:
            candidates.append(got)
    close()
    return _best(candidates)


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The requirement whose shortest string is longest: the fewest false "may match"."""
    candidates = [c for c in candidates if c]
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c))) if candidates else None


def _branch_after(prefix: str, alternatives: list, exact: bool) -> frozenset[str]:
    out: set[str] = set()
    for alt in alternatives:
        lead = []
        for op, av in alt:
            if op is not sre.LITERAL or av >= 0x80:
                break
            lead.append(_letter(av, exact))
        out |= _best([frozenset({prefix + "".join(lead)}), _sequence(list(alt), exact)])
    return frozenset(out)


def _part(op, av, exact: bool) -> frozenset[str] | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, items = av
        if exact and add_flags & re.IGNORECASE:
            return None  # "(?i:...)": its letters in any case
        return _sequence(list(items), exact)
    if op is sre.BRANCH:
        alternatives = [_sequence(list(b), exact) for b in av[1]]
        if any(a is None for a in alternatives):
            return None
        return frozenset().union(*alternatives)
    if op in _REPEATS:
        low, _high, item = av
        return _sequence(list(item), exact) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(av), exact)
    return None  # classes, anchors, lookarounds, back references: no literal needed


# -- what every match needs, alternative by alternative -----------------------------------
#
# `needs` gives one list for a whole pattern: CANCELLED needs "meet" for its "won't meet",
# so every sentence about a meeting passes its test. `requirements` keeps the alternatives
# apart: a match holds, for one of them, one string of each of its lists ("will" or
# "won't", and "meet"). Written as sets while derived: an alternative is a frozenset of
# lists, each list a frozenset of strings; None is no requirement.

_SHORTEST = 2  # a list with a string of one character is in most texts
_MAX_ALTERNATIVES = 64  # more, and a part is read as one list (`_one_list`)

_Alts = set[frozenset[frozenset[str]]] | None


def requirements(pattern: re.Pattern) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
    """The alternatives one of which every match of `pattern` satisfies: for each, lists
    of lower-case strings, one string of each list in the match. None: unknown."""
    if not isinstance(pattern.pattern, str):
        return None
    try:
        got = _req_sequence(list(_parsed(pattern.pattern, pattern.flags)))
    except (re.error, RecursionError):
        return None
    if got is None:
        return None
    # such a list is kept only where it is all an alternative needs
    got = {frozenset(w for w in alt if min(map(len, w)) >= _SHORTEST) or alt for alt in got}
    return tuple(sorted(tuple(sorted(tuple(sorted(words)) for words in alt)) for alt in got))


def _req_sequence(items: list) -> _Alts:
    """Every part of a sequence is needed: the alternatives of its parts, combined."""
    parts: list[_Alts] = []
    run: list[str] = []

    def close() -> None:
        if run:
            parts.append({frozenset({frozenset({"".join(run)})})})
        run.clear()

    for op, av in items:
        if op is sre.LITERAL and av < 0x80:
            run.append(chr(av).lower())
            continue
        if op is sre.BRANCH and run:
            # the parser moves a common start out of the alternatives: put it back
            lead = [(sre.LITERAL, ord(c)) for c in run]
            run.clear()
            parts.append(_req_branch([lead + list(alt) for alt in av[1]]))
            continue
        close()
        parts.append(_req_part(op, av))
    close()
    out: _Alts = None
    for part in parts:
        if part is not None:
            out = _both(out, part)
    return out


def _both(a: _Alts, b: _Alts) -> _Alts:
    """What two needed parts need together (too many alternatives: fewer, weaker)."""
    if a is None or b is None:
        return b if a is None else a
    if len(a) * len(b) > _MAX_ALTERNATIVES:
        a, b = (_one_list(x) if len(x) > 1 else x for x in (a, b))
        if len(a) * len(b) > _MAX_ALTERNATIVES:
            a, b = _one_list(a), _one_list(b)
    return _simplest({x | y for x in a for y in b})


def _one_list(alts: set) -> set:
    """One list every match holds a string of: the best list of each alternative."""
    best = (max(alt, key=lambda words: (min(map(len, words)), -len(words))) for alt in alts)
    return {frozenset({frozenset().union(*best)})}


def _req_branch(alternatives: list) -> _Alts:
    out: set = set()
    for alt in alternatives:
        got = _req_sequence(list(alt))
        if got is None:
            return None  # an alternative that needs nothing
        out |= got
    return _simplest(out)


def _req_part(op, av) -> _Alts:
    if op is sre.SUBPATTERN:
        return _req_sequence(list(av[3]))
    if op is sre.BRANCH:
        return _req_branch(av[1])
    if op in _REPEATS:
        low, _high, item = av
        return _req_sequence(list(item)) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _req_sequence(list(av))
    return None  # classes, anchors, lookarounds, back references: nothing needed


def _simplest(alts: set) -> set:
    """The same requirement in fewer alternatives: one needing all another needs and
    more adds nothing; two that differ in one list are one, with both lists joined."""
    alts = {a for a in alts if not any(o < a for o in alts)}
    while True:
        joined = None
        by_rest: dict = {}
        for alt in sorted(alts, key=_sorted_key):  # the same result in every process
            for words in alt:
                other = by_rest.setdefault(alt - {words}, (alt, words))
                if other[0] != alt:
                    joined = (other, (alt, words))
                    break
            if joined:
                break
        if joined is None:
            return alts
        (a, wa), (b, wb) = joined
        alts -= {a, b}
        new = (a - {wa}) | {wa | wb}
        if not any(o < new for o in alts):
            alts = {o for o in alts if not new < o}
            alts.add(new)


def _sorted_key(alt: frozenset) -> list:
    return sorted(sorted(words) for words in alt)


_last: tuple[str, str | None] = ("", "")


def lowered(text: str) -> str | None:
    """The text lowered when a substring test on it is exact; None when it is not. The
    last text is remembered: the rules ask many families about one clause in a row."""
    global _last
    last = _last
    if text is last[0]:
        return last[1]
    low = None if not text.isascii() and _FOLDS_TO_ASCII.search(text) else text.lower()
    _last = (text, low)
    return low


def may_match(words: tuple[str, ...] | None, low: str | None) -> bool:
    """Can a pattern needing one of `words` match the text lowered to `low`?"""
    if words is None or low is None:
        return True
    return any(map(low.__contains__, words))  # no Python frame per string: twice as fast


# -- one scan for the strings of every pattern --------------------------------------------
#
# The rules ask many patterns of one clause, each testing its own strings (about 300 tests
# an article). Instead every pattern gets a bit (`bit`), and `hits` finds in one pass over
# a text which registered strings it holds, so a pattern's test is `hits(text) & its bit`:
# the same answer as `may_match`. A text cut from one scanned a moment ago (a clause of
# its sentence) holds only strings that text holds: those few are tested, not rescanned.

ALWAYS = 1  # the bit of a pattern whose strings are unknown: never skipped
_MAX_PATTERNS = 4096  # more patterns than this (a runaway) are never skipped either
_RECENT = 4  # texts whose found strings serve the texts cut from them
_CHUNK = 8192  # a long text is scanned in pieces: what is found stays small


class _Scan:
    """What the registered patterns need, and what was found in the last texts. Replaced
    whole when a pattern is registered, so a text's answer never misses a later bit; made
    ready at its first text (not once per pattern registered at import)."""

    def __init__(self, bits: dict[tuple[str, ...], int]):
        self.bits = bits
        self.masks: dict[str, int] | None = None  # string -> bits of the patterns needing it
        self.prefixes: dict[str, tuple[str, ...]] = {}  # and the strings it starts with
        self.longest = 0
        self.finder: re.Pattern | None = None
        self.found: dict[str, int] = {}  # text -> its answer
        self.recent: list[tuple[str, tuple[str, ...]]] = []  # lowered text, strings held
        self.last: tuple[str | None, int] = (None, -1)

    def _ready(self) -> dict[str, int]:
        masks: dict[str, int] = {}
        for words, b in self.bits.items():
            for w in words:
                masks[w] = masks.get(w, 0) | b
        # a string found stands for the registered strings it starts with, too
        self.prefixes = {w: tuple(w[:i] for i in range(1, len(w) + 1) if w[:i] in masks)
                         for w in masks}
        self.longest = max(map(len, masks), default=0)
        self.finder = _finder(list(masks)) if masks else None
        self.masks = masks
        return masks

    def answer(self, text: str) -> int:
        masks = self.masks if self.masks is not None else self._ready()
        low = lowered(text)
        if low is None:
            mask = -1
        else:
            for parent, words in reversed(self.recent):
                if low in parent:
                    present = tuple(filter(low.__contains__, words))
                    break
            else:
                present = self._present(low)
            self.recent = [*self.recent[1 - _RECENT:], (low, present)]
            mask = ALWAYS
            for w in present:
                mask |= masks[w]
        if len(self.found) > 512:
            self.found.clear()
        self.found[text] = mask
        return mask

    def _present(self, low: str) -> tuple[str, ...]:
        """The registered strings `low` holds: the longest at each place and the strings
        it starts with (a piece sees the longest string starting in it whole)."""
        found: set[str] = set()
        if self.finder is not None:
            for start in range(0, len(low), _CHUNK):
                found.update(self.finder.findall(low, start, start + _CHUNK + self.longest))
        return tuple({p for w in found for p in self.prefixes[w]})


def _finder(words: list[str]) -> re.Pattern:
    """A pattern finding, at each place of a text where a string of `words` starts, the
    longest one there (a trie of alternatives: the engine tries only the letters that
    continue one). It consumes one character, so no place is passed over, and reads the
    string ahead from the place before (the only way the engine skips to candidates)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    firsts = "".join(re.escape(ch) for ch in sorted(trie))
    return re.compile(f"[{firsts}](?<=(?=({_trie_regex(trie)})).)", re.DOTALL)


def _trie_regex(node: dict) -> str:
    """The regex of a trie node: its children, longest first; optional where a string
    ends here."""
    kids = [re.escape(ch) + _trie_regex(sub) for ch, sub in sorted(node.items()) if ch]
    if not kids:
        return ""
    body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
    return f"(?:{body})?" if "" in node else body


_scan = _Scan({})


def bit(words: tuple[str, ...] | None) -> int:
    """The bit of a pattern needing one of `words` in `hits`'s answer (registered once;
    patterns needing the same strings share one)."""
    global _scan
    if words is None or "" in words:
        return ALWAYS
    current = _scan
    got = current.bits.get(words)
    if got is None:
        if len(current.bits) >= _MAX_PATTERNS:
            return ALWAYS
        got = 2 << len(current.bits)
        _scan = _Scan({**current.bits, words: got})
    return got


def hits(text: str) -> int:
    """The bits of the registered patterns that may match `text` (`bit`): those whose
    strings it holds, lowered, and those never skipped; all of them when lowering is no
    exact test. The last text is remembered: the rules ask many patterns of one clause."""
    scan = _scan
    last = scan.last
    if text is last[0]:
        return last[1]
    mask = scan.found.get(text)
    if mask is None:
        mask = scan.answer(text)
    scan.last = (text, mask)
    return mask


def alternatives(req: tuple[tuple[tuple[str, ...], ...], ...] | None) -> tuple[int, ...]:
    """Each alternative of `requirements` as the bits of its lists (`bit`); none when it
    tells no more than one list."""
    if req is None or len(req) == 1 and len(req[0]) == 1:
        return ()
    out = []
    for alt in req:
        mask = 0
        for words in alt:
            mask |= bit(words)
        out.append(mask)
    return tuple(out)


def holds(found: int, alts: tuple[int, ...]) -> bool:
    """Does `hits`'s answer hold every list of one of `alts` (or are there none)?"""
    for mask in alts:
        if found & mask == mask:
            return True
    return not alts


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")


def foldable(pattern: re.Pattern) -> bool:
    """Does `pattern`, without IGNORECASE, find on a lowered text exactly what it finds on
    the text? So when it ignores case throughout and spells no capital: ASCII, no letter
    A-Z (which also rules out the escapes `\\S`, `\\W`, `\\B` ...) and no inline flags."""
    p = pattern.pattern
    return (isinstance(p, str) and bool(pattern.flags & re.IGNORECASE) and p.isascii()
            and not re.search("[A-Z]", p) and not _INLINE_FLAGS.search(p))


class Folded:
    """A case-ignoring pattern run case-exact on the lowered text (`lowered`): the same
    matches at the same places, several times faster, as the regex engine skips ahead
    only when case is exact. A match's groups are lower-case; a text `lowered` cannot
    serve (a letter folding onto ASCII) goes to the pattern itself."""

    __slots__ = ("exact", "pattern")

    def __init__(self, pattern: re.Pattern):
        if not foldable(pattern):
            raise ValueError(f"not a lower-case, case-ignoring pattern: {pattern.pattern!r}")
        self.pattern = pattern
        self.exact = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def finditer(self, text: str):
        low = lowered(text)
        return self.pattern.finditer(text) if low is None else self.exact.finditer(low)


class Guarded:
    """A compiled pattern run only on a text holding one of the strings it needs, and
    what one of its alternatives needs (`requirements`)."""

    __slots__ = ("alts", "bit", "needs", "pattern")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.needs = needs(pattern)
        self.bit = bit(self.needs)
        self.alts = alternatives(requirements(pattern))

    def _may(self, text: str) -> bool:
        found = hits(text)
        return bool(found & self.bit) and holds(found, self.alts)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        if not self._may(text):
            return None
        return self.pattern.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        if not self._may(text):
            return iter(())
        return self.pattern.finditer(text, pos, endpos)
