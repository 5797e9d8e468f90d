"""Relevance decided on an entry's markup, before its HTML is converted: the markup test
(`Relevance.not_in_markup`) may only say "certainly not relevant", and never of a text
the full test (`Relevance.__call__` on `html_to_text`) finds relevant.

Shown over many texts: the generated benchmark feeds, the relevance tests' own texts,
feedparser's 2,106 test documents (their entries' markup and each whole document read
as markup), and thousands of generated fragments that try every way a tag, comment,
CDATA section, character reference or unusual character could join or make a word.
"""

from __future__ import annotations

import importlib.util
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO
from test_relevance import NOT_RELEVANT, RELEVANT

from watcher.feeds import html_to_text, parse, text_cover
from watcher.reading import Reader, read_entry
from watcher.relevance import _PIECE, Relevance

PEER = REPO.parent / "shared" / "peer" / "feedparser-tests"


def _feedgen():
    spec = importlib.util.spec_from_file_location("feedgen", REPO / "bench" / "feedgen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def relevant():
    return Relevance.build(keywords=["Middle Corridor", "peace treaty"])


def _check(relevant, title: str, markup: str) -> bool:
    """The markup test agrees with the full test; whether it decided without converting."""
    cover = text_cover(markup)
    try:
        text = html_to_text(markup)
    except (ValueError, AssertionError):  # lxml refuses it (control characters, two
        # bodies): the entry is skipped with its error, as before
        assert cover is None, markup
        return False
    if cover is not None:  # every run of the text is inside the cover
        missing = [r for r in _PIECE.findall(text.lower()) if r not in cover]
        assert not missing, (markup, text, missing)
    skipped = relevant.not_in_markup(title, [markup, ""])
    if skipped:
        assert not relevant(title, text), (title, markup, text)
    return skipped


def test_benchmark_feeds(relevant):
    feedgen = _feedgen()
    rng = random.Random(5)
    skipped = irrelevant = 0
    for i in range(12):
        for entry in parse(feedgen.make_feed(i, rng)).entries:
            markup = entry.markup()
            assert markup is not None  # the fast parser leaves the HTML unconverted
            skipped += relevant.not_in_markup(entry.title, markup)
            irrelevant += not relevant(entry.title, entry.text)
            _check(relevant, entry.title, markup[0])
    assert irrelevant > 300 and skipped > 0.95 * irrelevant  # nearly all, unconverted


@pytest.mark.parametrize("case", RELEVANT + NOT_RELEVANT)
def test_relevance_texts_as_markup(relevant, case):
    title, text = case
    for markup in (text, f"<p>{text}</p>", text.replace(" ", "<br>"),
                   "".join(f"<i>{c}</i>" if c.isalpha() else c for c in text[:60]),
                   text.replace("a", "&#97;"), text.replace("e", "<!-- -->e")):
        _check(relevant, "", markup)
        _check(relevant, title, markup)


WORDS = ["Armenia", "Azerbaijan", "Pashinyan", "Baku", "Laçın", "Əliyev", "Karabakh",
         "Yerevan", "Zangezur", "Aliyev", "Middle", "Corridor", "peace", "treaty", "the",
         "talks", "market", "Armen", "Baky", "enia", "arm", "İstanbul", "Σοφία", "ΣΑΣ",
         "straße", "Ереван", "ﬁnance", "K"]
MARKS = ["<b>", "</b>", "<br>", "<br/>", "<p>", "</p>", "<div>", "</div>", "<li>",
         '<a href="x">', "</a>", "<a href='y>z'>", '<a title="a>b">', '<a title="a<b">',
         "<!-- c -->", "<!-- a > b -->", "<!-->", "<![CDATA[Arm]]>", "<![CDATA[", "]]>",
         "<script>x<b>y</script>", "<style>enia</style>", "<title>t</title>", "<?pi x?>",
         "< b", "<", ">", "&", "&amp;", "&nbsp;", "&#65;", "&#x41;", "&#97;", "&eacute;",
         "&eacute", "&AMP;", "&ampere;", "&lt;b&gt;", "&#8217;", "&#0;", "&#xD800;",
         "\u00a0", "\ufeff", "\x85", "\u200b", "\u0307", "\r\n", "\t", "<table>", "<td>",
         "</table>", "<select>", "<option>", '<img src=x alt="Armenia">', '<span class="x">',
         "<o:p>", "</ b>", "<b\xa0x>", '<a b=x"y>', "<a b=x'y>", "<textarea>", "<xmp>",
         "<head>", "</head>", "<body>", "<html>", "</body>", "<svg>", "<math>", "<noscript>",
         "<b", "</", "<1>", "<a/b>", "</p foo>", "<p\n>", '<a\thref="x"\n>', "\x00", "\x0c"]


PLAIN = [m for m in MARKS if text_cover(m) is not None]  # the marks the test reads


def _fragment(rng: random.Random) -> str:
    marks = rng.choice([MARKS, PLAIN])
    out = []
    for _ in range(rng.randint(1, 12)):
        roll = rng.random()
        if roll < 0.45:
            word = rng.choice(WORDS)
            if rng.random() < 0.5:  # a mark inside the word, once or more
                cuts = sorted(rng.sample(range(1, len(word)), min(len(word) - 1,
                                                                rng.randint(1, 3))))
                parts = [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)],
                                                       strict=True)]
                word = "".join(p + (rng.choice(marks) if i < len(parts) - 1 else "")
                               for i, p in enumerate(parts))
            out.append(word)
        elif roll < 0.85:
            out.append(rng.choice(marks))
        else:
            out.append(rng.choice([" ", ", ", ".", "-", "_", "'"]))
    return "".join(out)


def test_generated_fragments(relevant):
    rng = random.Random(21)
    skipped = 0
    for _ in range(6000):
        skipped += _check(relevant, rng.choice(["", "Talks", "Baku talks"]), _fragment(rng))
    assert skipped > 500  # the test does decide, not only hand over


@pytest.mark.skipif(not PEER.exists(), reason="the peer corpus is not beside the repository")
def test_peer_corpus_markup(relevant):
    docs = sorted(PEER.rglob("*.xml"))
    assert len(docs) > 2000
    for path in docs:
        body = path.read_bytes()
        _check(relevant, "", body.decode("utf-8", "replace"))
        try:
            entries = parse(body, fetched_at=datetime(2024, 1, 1, tzinfo=UTC)).entries
        except Exception:  # noqa: BLE001 (a document nothing can be read from)
            continue
        for entry in entries:
            for markup in entry.markup() or []:
                _check(relevant, entry.title, markup)


def test_an_irrelevant_entry_is_not_converted():
    feedgen = _feedgen()
    entries = parse(feedgen.make_feed(0, random.Random(2), relevant_share=0.0)).entries
    reader = Reader()
    for entry in entries:
        assert not read_entry(reader, entry).relevant
        assert entry.markup() is not None  # its HTML was never converted


def test_a_relevant_entry_is_read_from_its_text(tmp_path: Path):
    feedgen = _feedgen()
    entries = parse(feedgen.make_feed(0, random.Random(2), relevant_share=1.0)).entries
    read = read_entry(Reader(), entries[0], extract_facts=False)
    assert read.relevant and entries[0].markup() is None


def test_a_feed_whose_pages_are_fetched_converts_no_irrelevant_entry():
    from watcher.reading import read_entries

    feedgen = _feedgen()
    entries = parse(feedgen.make_feed(0, random.Random(2), relevant_share=0.0)).entries
    out = read_entries(Reader(), [(e, None) for e in entries], full_text_wanted=True)
    assert not any(r.relevant for _, r in out)
    assert all(e.markup() is not None for e in entries)
