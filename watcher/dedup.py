"""One article, stored once: canonical URLs, and near-duplicate titles for wire copies.

Exact identity is the canonical URL (tracking parameters and fragments removed) or the
GUID. Syndicated copies carry other URLs, so titles are compared too, with rapidfuzz,
but only against a small block of candidates: articles published within the window
that share a MinHash band with the title (locality-sensitive hashing over its words).
Near-identical titles share a band almost surely (Jaccard 0.8: > 99.9 %); unrelated
ones almost never, so the check costs the same with 10 thousand or 1 million articles.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rapidfuzz import fuzz

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "hsa_", "at_")
TRACKING_KEYS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "ocid",
    "cmpid", "cmp", "ref", "ref_src", "referrer", "src", "source", "rss", "output", "ito",
    "s_cid", "_ga", "__twitter_impression", "spm", "share", "smid", "ns_mchannel", "ns_source",
    "ns_campaign", "ns_linkname", "ns_fee", "CMP", "xtor", "feature", "taid", "partner",
}
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will",
    "with", "after", "over", "amid", "says", "said", "new", "more", "than", "into", "about",
    "against", "two", "their", "his", "her", "they", "he", "she", "not", "but", "up", "out",
    "what", "who", "why", "how", "when",
}
_OUTLET_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]{2,40}$")


# A feed's links come again on every poll: each worker keeps the canonical form of the
# last ones it saw (a few MB at most).
@functools.lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters.
    A string that does not parse as a URL ("http://[oops/x") is its own canonical form."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES) and k not in TRACKING_KEYS
        and k.lower() not in TRACKING_KEYS
    ]
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def seen_key(entry, url: str) -> str:
    """An entry's identity across polls: its GUID where it has one, else its URL."""
    return hashlib.sha1((entry.guid or url).encode()).hexdigest()[:20]


def content_hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title_key(title)}\n{text.strip()}".encode()).hexdigest()


def title_key(title: str) -> str:
    """A title reduced for comparison: no outlet suffix, accents, case or punctuation."""
    title = _OUTLET_SUFFIX.sub("", title.strip())
    norm = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return " ".join(_WORD.findall(norm))


BANDS, ROWS = 8, 2
_PRIME = (1 << 61) - 1
_SEEDS = [(1 + 2 * i * 0x9E3779B1 % _PRIME, 7 + i * 0x85EBCA6B % _PRIME)
          for i in range(BANDS * ROWS)]


def band_keys(key: str) -> list[str]:
    """MinHash band keys of a title key: the blocks a near-copy must share one of."""
    words = {w for w in key.split() if w not in _STOP} or set(key.split())
    if not words:
        return []
    hashes = [zlib.crc32(w.encode()) for w in words]
    sig = [min((a * h + b) % _PRIME for h in hashes) for a, b in _SEEDS]
    return [f"{band}:" + ".".join(f"{v:x}" for v in sig[band * ROWS:(band + 1) * ROWS])
            for band in range(BANDS)]


def is_near_duplicate(key_a: str, lead_a: str, key_b: str, lead_b: str,
                      threshold: float = 90.0) -> bool:
    """Same story? Title and lead both alike: nearly equal titles whose leads (where both
    items have one) are alike too, or similar titles with nearly equal leads. Only a
    title-only item is judged by its title alone. A copy found here adds a source; it
    never hides a fact (`Pipeline.find_duplicate` checks the facts as well)."""
    if not key_a or not key_b:
        return False
    title_score = fuzz.token_sort_ratio(key_a, key_b)
    if title_score < threshold - 20:
        return False
    if not (lead_a and lead_b):
        return title_score >= threshold
    lead_score = fuzz.ratio(lead_a[:300].lower(), lead_b[:300].lower())
    if title_score >= threshold:
        return lead_score >= threshold - 20
    return lead_score >= threshold
