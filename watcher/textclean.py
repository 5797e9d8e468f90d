"""Text that leaves the watcher, clean for its medium.

A feed's title or sentence can carry what no reader should get: control characters
(`&#1;` .. `&#31;` decode to them), DEL and C1, and whole terminal escape sequences
(ESC [ 31 m, an OSC that retitles a window ...). Every output passes through here:

- `clean`: for a terminal, an email (both parts, subject, headers) and Slack: escape
  sequences dropped whole, then every control character but those the medium keeps
  (newline and tab by default), and what is no character at all (lone surrogates,
  U+FFFE, U+FFFF). Run it on a value before it is put into markup.
- `markup_safe`: for a finished HTML or XML document (the digest page, the Atom feed, an
  email's HTML part): single characters only, those XML 1.0 forbids and DEL and C1.
  Never a sequence: the tail of an escape sequence could be the markup after it.
"""

from __future__ import annotations

import re

# ECMA-48: CSI (ESC [ or 8-bit 0x9B) parameters, intermediates, a final byte; the string
# commands OSC, DCS, SOS, PM, APC up to BEL or ST (ESC \ or 0x9C), or to the text's end
# when never ended; any other ESC with its intermediates and final byte.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]"
)
_NOT_TEXT = "\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_ANY = re.compile(f"[{_NOT_TEXT}]")
# XML 1.0 allows tab, newline and carriage return of C0; DEL and C1 go too.
_NOT_MARKUP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]+")


def clean(text: str, keep: str = "\n\t") -> str:
    """`text` without escape sequences and control characters, but those in `keep`."""
    if not _ANY.search(text):
        return text  # the common case costs one scan
    text = _SEQUENCE.sub("", text)
    return _ANY.sub(lambda m: m.group() if m.group() in keep else "", text)


def markup_safe(document: str) -> str:
    """A rendered HTML or XML document without the characters XML 1.0 forbids, DEL, C1."""
    return _NOT_MARKUP.sub("", document)

