"""feedparser's own 2,106 test documents (`../shared/peer/feedparser-tests`) as a
robustness corpus: all of them polled from a local server in one cycle, none raising,
each ending as parsed or as a one-line error; and where our entries' links differ from
feedparser's on the well-formed ones, each difference is a decision written down here.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import feedparser
import pytest
from conftest import REPO

from watcher.feeds import FeedError, parse
from watcher.poll import Poller
from watcher.store import Store

PEER = REPO.parent / "shared" / "peer" / "feedparser-tests"
DOCS = sorted(PEER.rglob("*.xml")) if PEER.exists() else []
pytestmark = pytest.mark.skipif(not DOCS, reason="the peer corpus is not beside the repository")

# Where our links differ from feedparser's, and why that is what we want.
OTHER_REL = ("fastfeedparser keeps an Atom entry whose only link has another rel "
             "(enclosure, self, via, related, license ...): it is still the item's address; "
             "feedparser keeps only rel=alternate")
NO_HREF = ("a <link> without href is no link: the entry has none (or its alternate one), "
           "where feedparser falls back to the feed's base or an enclosure")
RELATIVE = ("a relative link with no absolute base ('/relative/link', 'right', '1') is no "
            "usable address: the entry is skipped and counted, not stored under it")
DECISIONS = {
    "atom/entry_link_no_href.xml": NO_HREF,
    "atom/entry_link_no_href_link_priority.xml": NO_HREF,
    "atom/entry_link_rel_enclosure_no_href.xml": NO_HREF,
    "atom10/entry_link_no_href.xml": NO_HREF,
    "atom10/entry_link_no_href_link_priority.xml": NO_HREF,
    "atom10/entry_link_rel_enclosure_no_href.xml": NO_HREF,
    "atom10/entry_link_length.xml": OTHER_REL,
    "atom10/entry_link_rel_enclosure.xml": OTHER_REL,
    "atom10/entry_link_rel_enclosure_map_enclosure_length.xml": OTHER_REL,
    "atom10/entry_link_rel_enclosure_map_enclosure_type.xml": OTHER_REL,
    "atom10/entry_link_rel_enclosure_map_enclosure_url.xml": OTHER_REL,
    "atom10/entry_link_rel_license.xml": OTHER_REL,
    "atom10/entry_link_rel_other.xml": OTHER_REL,
    "atom10/entry_link_rel_related.xml": OTHER_REL,
    "atom10/entry_link_rel_self.xml": OTHER_REL,
    "atom10/entry_link_rel_via.xml": OTHER_REL,
    "atom10/entry_id_with_attributes.xml": RELATIVE,
    "base/http_entry_id_base_content_location.xml": RELATIVE,
    "base/http_entry_id_base_docuri.xml": RELATIVE,
    "base/http_entry_link_base_content_location.xml": RELATIVE,
    "base/http_entry_link_base_docuri.xml": RELATIVE,
    "base/http_item_link_base_content_location.xml": RELATIVE,
    "base/http_item_link_base_docuri.xml": RELATIVE,
    "lang/http_content_language_entry_title_inherit_2.xml": RELATIVE,
    "node_precedence/atom10_id.xml": RELATIVE,
    "psc/rss2.0simplechapter.xml": ("an RSS <link> holds its address as text; an Atom-style "
                                    "href on an RSS item's link is not read"),
}


def _name(path: Path) -> str:
    return str(path.relative_to(PEER / "wellformed")) if "wellformed" in path.parts else \
        str(path.relative_to(PEER))


def test_every_document_parses_or_is_refused_in_one_line():
    for path in DOCS:
        try:
            parse(path.read_bytes())
        except FeedError as exc:
            assert str(exc).strip() and "\n" not in str(exc), path


def _feedparser_links(body: bytes) -> list[str]:
    out = []
    for e in feedparser.parse(body).entries:
        link = (e.get("link") or "").strip()
        ident = str(e.get("id") or "")
        if not link and ident.lower().startswith(("http://", "https://")):
            link = ident
        if link:
            out.append(link)
    return out


def test_every_difference_from_feedparser_is_a_written_decision():
    found = {}
    for path in DOCS:
        if "wellformed" not in path.parts:
            continue
        body = path.read_bytes()
        try:
            ours = [e.url for e in parse(body).entries]
        except FeedError:
            ours = []
        theirs = _feedparser_links(body)
        if ours != theirs:
            found[_name(path)] = (theirs[:2], ours[:2])
    undecided = {k: v for k, v in found.items() if k not in DECISIONS}
    assert not undecided, f"differences nobody decided on: {undecided}"
    stale = set(DECISIONS) - set(found)
    assert not stale, f"decisions about differences that no longer exist: {stale}"


def test_the_whole_corpus_in_one_poll_cycle(server, make_config):
    feeds = []
    for i, path in enumerate(DOCS):
        url = server.serve(f"/peer/{i}.xml", path.read_bytes(),
                           headers={"Content-Type": "application/xml"})
        feeds.append({"name": f"peer {i}", "url": url})
    config = make_config(feeds, fetch={"concurrency": 16, "connect_timeout": 10,
                                       "read_timeout": 10})
    store = Store(config.watcher.db)
    try:
        summary = asyncio.run(Poller(config, store).cycle(force=True))  # must not raise
        rows = store.feeds()
    finally:
        store.close()
    assert summary.feeds_ok + summary.feeds_not_modified + summary.feeds_failed == len(DOCS)
    assert len(rows) == len(DOCS)
    for row in rows:
        assert row.last_status in ("ok", "not_modified", "error"), row
        if row.last_status == "error":
            assert row.last_error and "\n" not in row.last_error, row
            assert not row.last_error.startswith("internal error"), row
