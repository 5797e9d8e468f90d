"""Canonical URLs and near-duplicate titles."""

from __future__ import annotations

from watcher.dedup import band_keys, canonical_url, is_near_duplicate, title_key


def test_canonical_url_drops_tracking_and_fragments():
    assert canonical_url("HTTPS://News.Example.org:443/a/1/?utm_source=rss&id=7&fbclid=x#top") \
        == "https://news.example.org/a/1?id=7"
    assert canonical_url("http://example.org/a?b=2&a=1") == "http://example.org/a?a=1&b=2"
    assert canonical_url("http://example.org:8080/x") == "http://example.org:8080/x"


def test_title_key_ignores_outlet_suffix_case_and_accents():
    assert title_key("Aliyev, Pashinyan meet in Brussels - Reuters") == \
        "aliyev pashinyan meet in brussels"
    assert title_key("Élysée hosts talks | Le Monde") == "elysee hosts talks"


def test_near_duplicates():
    a = title_key("Aliyev and Pashinyan meet in Brussels for new talks")
    b = title_key("Aliyev, Pashinyan meet in Brussels for new talks - Other Wire")
    c = title_key("Lachin corridor closed again")
    assert is_near_duplicate(a, "", b, "")
    assert not is_near_duplicate(a, "", c, "")


def test_near_copies_share_a_block_and_unrelated_titles_do_not():
    a = band_keys(title_key("Aliyev and Pashinyan meet in Brussels for new peace talks"))
    b = band_keys(title_key("Aliyev, Pashinyan meet in Brussels for new peace talks - Wire"))
    c = band_keys(title_key("Heavy rain floods southern provinces of Spain"))
    assert len(a) == 8 and set(a) & set(b)
    assert not set(a) & set(c)
    assert band_keys(title_key("Same words here")) == band_keys(title_key("same WORDS here"))
