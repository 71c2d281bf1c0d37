"""The store contract: every public method, the same answers on SQLite and on PostgreSQL (a
real server, started by the `postgres_server` fixture). Backend-specific behaviour (WAL,
schema version numbers) is in tests/test_store.py."""

from __future__ import annotations

import inspect
import uuid

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from babelwire.errors import NotFound
from babelwire.models import Assignment, Claim, Fact, Mention, Rejection
from babelwire.store import Store, StoryFilter, open_store
from babelwire.store.postgres import PostgresStore
from babelwire.store.sqlite import SQLiteStore
from builders import make_article, unit


@pytest.fixture
def store(store_location: str):
    with open_store(store_location) as opened:
        yield opened


def add(store, story_id: int, new: bool, *, vector=None, keys=(), duplicate_of=None,
        **kwargs) -> int:
    article = make_article(unit(vector if vector is not None else np.ones(4)), **kwargs)
    article.mentions = [Mention(k.title(), k.title(), k, 0, "person") for k in keys]
    return store.add_article(article, Assignment(story_id, new, 0.5, 1), duplicate_of)


def filled(store) -> dict[str, int]:
    """Two stories: a storm (nb, lv, en, one republished copy) and a vote (ru)."""
    ids = {
        "nb": add(store, 1, True, lang="nb", title="Uvær i Ventspils", hours=0,
                  text="Stormen stengte havnen i Ventspils", keys=("ventspils",)),
        "lv": add(store, 1, False, lang="lv", title="Vētra Ventspilī", hours=2,
                  text="Vētra slēdza Ventspils ostu", keys=("ventspils",)),
        "en": add(store, 1, False, lang="en", title="Storm closes Ventspils harbour", hours=4,
                  text="The storms closed the harbour of Ventspils", keys=("ventspils",
                                                                             "latvia")),
        "ru": add(store, 2, True, lang="ru", title="Выборы в Минске", hours=30,
                  text="Лукашенко объявил итоги голосования", keys=("lukasenko",)),
    }
    ids["copy"] = add(store, 1, False, lang="en", title="Storm closes Ventspils harbour!",
                      hours=5, text="The storms closed the harbour of Ventspils today",
                      duplicate_of=ids["en"])
    return ids


def test_every_public_method_exists_on_both_backends():
    def public(cls: type) -> set[str]:
        return {name for name, _ in inspect.getmembers(cls, callable) if not name.startswith("_")}

    assert public(SQLiteStore) == public(PostgresStore)
    assert public(SQLiteStore) == public(Store)  # the protocol callers type against


def test_articles_stories_and_counts(store):
    ids = filled(store)
    assert store.counts() == {"articles": 5, "stories": 2, "rejections": 0}
    rows = {r["id"]: r for r in store.stories_by_id([1, 2, 99])}
    assert set(rows) == {1, 2}
    storm = rows[1]
    assert storm["article_count"] == 3  # the republished copy does not count
    assert storm["title"] == "Storm closes Ventspils harbour"  # an English title wins
    assert storm["first_published"] < storm["last_published"]
    assert store.story_of(ids["lv"]) == 1 and store.max_story_id() == 2
    with pytest.raises(NotFound):
        store.story_of(10_000)
    articles = store.story_articles(1)
    assert [a["id"] for a in articles] == [ids["nb"], ids["lv"], ids["en"], ids["copy"]]
    assert articles[-1]["duplicate_of"] == ids["en"] and articles[0]["lead"].startswith("Storm")


@pytest.mark.parametrize(("lang", "dated", "copy"), [("nb", True, False), ("en", False, False),
                                                    ("lv", True, True)])
def test_a_new_story_row_is_the_one_insert_and_update_made(store, lang, dated, copy):
    """`add_article` writes a new story's row in one statement (issue 24, item 9): the row
    that its insert followed by `_update_story` made before, dated or not, English or not, a
    republished copy (not counted) or not; and no more statements than joining a story."""
    original = add(store, 5, True, title="first", hours=1) if copy else None
    article = make_article(unit(np.ones(4)), lang=lang, title="Tittel", hours=2, dated=dated)
    before = store.queries
    store.add_article(article, Assignment(9, True, 0.5, 1), original)
    new_story_statements = store.queries - before
    published = article.published.isoformat(timespec="seconds") if dated else None
    store._run("INSERT INTO stories (id, title, title_lang, first_published, last_published,"
               " created_at, article_count) VALUES (?, ?, ?, ?, ?, ?, 0)",
               (10, article.title, article.lang, published, published, "2026-01-01T00:00:00"))
    if not copy:  # the former path: the insert, then the update every counted article makes
        store._update_story(10, article, published, "2026-01-01T00:00:00")
    columns = "title, title_lang, first_published, last_published, article_count"
    made, former = (store._run(f"SELECT {columns}, updated_at IS NULL AS fresh FROM stories"
                               " WHERE id = ?", (story_id,))[0] for story_id in (9, 10))
    assert made == former
    joining = make_article(unit(np.ones(4)), lang=lang, title="Other", hours=3, dated=dated)
    before = store.queries
    store.add_article(joining, Assignment(9, False, 0.5, 1))
    assert new_story_statements <= store.queries - before


def test_ids_are_unique_and_duplicates_found(store):
    ids = filled(store)
    assert len(set(ids.values())) == len(ids)
    article = make_article(unit(np.ones(4)), lang="nb", title="Uvær i Ventspils", hours=0,
                           text="Stormen stengte havnen i Ventspils")
    assert store.find_duplicate(None, article.content_hash) == ids["nb"]
    assert store.find_duplicate("https://nowhere.example/", "no-such-hash") is None


def test_an_external_id_is_taken_only_by_another_text_of_the_same_source(store):
    filled(store)
    article = make_article(unit(np.ones(4)), title="Ventspils", text="The port reopened")
    article.external_id, article.source = "w-1", "Wire"
    store.add_article(article, Assignment(1, False, 0.5, 1))
    assert not store.external_id_taken("w-1", "Wire", article.content_hash)  # the same text
    assert store.external_id_taken("w-1", "Wire", "another-hash")
    assert not store.external_id_taken("w-1", "Other wire", "another-hash")
    assert not store.external_id_taken("w-1", None, "another-hash")
    assert not store.external_id_taken("w-2", "Wire", "another-hash")


def test_a_store_reconnects_and_goes_on(store):
    ids = filled(store)
    store.reconnect()
    assert store.story_of(ids["lv"]) == 1 and store.counts()["articles"] == 5


def test_story_filters_and_orders(store):
    filled(store)
    newest = [r["id"] for r in store.story_rows(StoryFilter(), 10)]
    assert newest == [2, 1]
    assert [r["id"] for r in store.story_rows(StoryFilter(), 10, order="biggest")] == [1, 2]
    assert [r["id"] for r in store.story_rows(StoryFilter(lang="lv"), 10)] == [1]
    assert [r["id"] for r in store.story_rows(StoryFilter(entity_key="lukasenko"), 10)] == [2]
    assert [r["id"] for r in store.story_rows(StoryFilter(min_articles=2), 10)] == [1]
    assert [r["id"] for r in store.story_rows(StoryFilter(since="2026-03-03"), 10)] == [2]
    assert [r["id"] for r in store.story_rows(StoryFilter(until="2026-03-02T23"), 10)] == [1]
    assert [r["id"] for r in store.story_rows(StoryFilter(query="harbour"), 10)] == [1]
    assert store.story_rows(StoryFilter(query="nothing-like-this"), 10) == []
    assert [r["id"] for r in store.story_rows(StoryFilter(), 1, offset=1)] == [1]


def test_coverage_languages_and_sources(store):
    ids = filled(store)
    coverage = {(r["story_id"], r["lang"]): (r["originals"], r["articles"])
                for r in store.story_coverage([1, 2])}
    assert coverage[(1, "en")] == (1, 2) and coverage[(2, "ru")] == (1, 1)
    assert dict(store.language_counts())["en"] == 2
    times = store.article_publication_times([1])
    assert len(times) == 4 and times == sorted(times, key=lambda r: r["published"])
    assert store.external_story_ids() == {}
    assert {r["id"] for r in store.article_rows([ids["ru"], ids["nb"]])} == {ids["ru"], ids["nb"]}


def test_full_text_search_counts_matched_terms(store):
    ids = filled(store)
    hits = {h.article_id: h for h in store.full_text_hits(["harbour", "Ventspils"])}
    assert hits[ids["en"]].matched_terms == 2 and hits[ids["en"]].story_id == 1
    assert hits[ids["nb"]].matched_terms == 1  # "Ventspils" only
    assert ids["ru"] not in hits
    assert store.full_text_hits([]) == []


def test_full_text_search_by_a_word_beginning(store):
    """`prefix`: words that begin with a term, accents and case aside on SQLite, case aside on
    PostgreSQL ("Ventspil" finds the Latvian "Ventspilī"; "harbou" finds "harbour")."""
    ids = filled(store)
    hits = {h.article_id: h for h in store.full_text_hits(["Ventspil", "harbou"], prefix=True)}
    assert {ids["nb"], ids["lv"], ids["en"]} <= set(hits) and ids["ru"] not in hits
    assert hits[ids["en"]].matched_terms == 2 and hits[ids["lv"]].matched_terms == 1
    assert store.full_text_hits(["harbou"]) == []  # not a word as written, nor a stem
    (russian,) = store.full_text_hits(["голосов"], prefix=True)
    assert russian.article_id == ids["ru"]
    assert store.full_text_hits(["it's", 'a"b', "x:*"], prefix=True) is not None  # no syntax


def test_entities(store):
    ids = filled(store)
    assert store.resolve_entity("ventspils") == "ventspils"
    assert store.resolve_entity("Lukasenko") == "lukasenko"  # a spelling
    assert store.resolve_entity("Nobody") is None
    assert store.has_entity("latvia") and not store.has_entity("nobody")
    assert store.top_entity_keys(1) == ["ventspils"]
    assert store.top_entity_keys(5, lang="ru") == ["lukasenko"]
    assert store.top_entity_keys(5, story_id=1) == ["ventspils", "latvia"]
    assert store.top_entity_keys(5, article_ids=[ids["ru"]]) == ["lukasenko"]
    assert (store.count_entity_keys(), store.count_entity_keys(story_id=1),
            store.count_entity_keys(lang="ru")) == (3, 2, 1)
    mentions = store.mentions_in(keys=["ventspils"])
    assert {m["lang"] for m in mentions} == {"nb", "lv", "en"}
    assert all(m["kind"] == "person" and m["story_id"] == 1 for m in mentions)
    assert len(store.mentions_in(article_ids=[ids["en"]])) == 2
    assert store.mentions_in(article_ids=[]) == []
    assert store.entity_counts_of_story(1) == {"ventspils": 3, "latvia": 1}
    add(store, 3, True, lang="de", title="Ventspils", hours=40, text="Ventspils Hafen",
        keys=("ventspils",))
    (elsewhere,) = store.entity_counts_elsewhere(["ventspils", "latvia"], 1)
    assert (elsewhere["story_id"], elsewhere["entity_key"], elsewhere["n"],
            elsewhere["size"]) == (3, "ventspils", 1, 1)


def test_rekey_story_mentions_changes_one_storys_lone_names_only(store):
    first = add(store, 1, True, lang="lv", keys=("lukasenk", "minsk"))
    add(store, 2, True, lang="lv", hours=1, keys=("lukasenk",))  # another story: anyone
    full = make_article(unit(np.ones(4)), lang="nb")
    full.mentions = [Mention("Aleksandr Lukasjenko", "Aleksandr Lukasjenko", "a.lukasenk", 0,
                             "person"), Mention("Hviterussland", "Hviterussland", "belarus", 0,
                                                "place")]
    store.add_article(full, Assignment(1, False, 0.5, 1))
    assert store.rekey_story_mentions(1, "lukasenk", "a.lukasenk", "person") == 1
    assert store.rekey_story_mentions(1, "belarus", "x", "person") == 0  # places stay
    assert store.entity_counts_of_story(1) == {"a.lukasenk": 2, "belarus": 1, "minsk": 1}
    assert store.entity_counts_of_story(2) == {"lukasenk": 1}
    assert {m["entity_key"] for m in store.mentions_in(article_ids=[first])} == {
        "a.lukasenk", "minsk"}


def test_rekey_story_spellings_changes_only_the_given_surfaces_of_one_story(store):
    russian = make_article(unit(np.ones(4)), lang="ru")
    russian.mentions = [Mention("Сиэтле", "Сиэтл", "sitl", 0, "place"),
                        Mention("Sitl", "Sitl", "sitl", 1, "other")]
    store.add_article(russian, Assignment(1, True, 0.5, 1))
    add(store, 2, True, lang="ru", hours=1, keys=("sitl",))  # another story
    assert sorted(store.mention_spellings_of_story(1)) == [("sitl", "Sitl"), ("sitl", "Сиэтле")]
    assert store.rekey_story_spellings(1, "sitl", ["Сиэтле"], "seatl", None) == 1
    assert store.rekey_story_spellings(1, "sitl", [], "seatl", None) == 0
    assert sorted(store.mention_spellings_of_story(1)) == [("seatl", "Сиэтле"), ("sitl", "Sitl")]
    assert store.rekey_story_spellings(1, "sitl", ["Sitl"], "s.itl", "person") == 1
    kinds = {m["entity_key"]: m["kind"] for m in store.mentions_in(article_ids=[1])}
    assert kinds == {"seatl": "place", "s.itl": "person"}  # kind kept unless one is given
    assert store.entity_counts_of_story(2) == {"sitl": 1}


def test_facts_claims_and_article_detail(store):
    article = make_article(unit(np.ones(4)), lang="en", title="Vote", text="80 % voted")
    article.facts = [Fact("percent", 80.0, "%", "80 %", 0), Fact("count", 3.0, "", "3", 0)]
    article.claims = [Claim("voted_for", 80.0, "exact", "%", "80 %", 0, "80 % voted")]
    article.mentions = [Mention("Minsk", "Minsk", "minsk", 0, "place")]
    first = store.add_article(article, Assignment(1, True, 0.0, 0))
    other = make_article(unit(np.ones(4)), lang="ru", title="Голосование", text="81 %", hours=1)
    other.claims = [Claim("voted_for", 81.0, "exact", "%", "81 %", 0, "81 %")]
    second = store.add_article(other, Assignment(1, False, 0.9, 1))
    assert [(f["kind"], f["lang"]) for f in store.facts_in([first])] == [("percent", "en")]
    claims = store.claims_in([first, second])
    assert [(c["value"], c["lang"], c["story_id"]) for c in claims] == [(80.0, "en", 1),
                                                                         (81.0, "ru", 1)]
    assert len(store.claims_shared_in_stories()) == 2
    row, mentions, facts = store.article_detail(first)
    assert row is not None and row["text"] == "80 % voted" and row["story_id"] == 1
    assert [m["key"] for m in mentions] == ["minsk"] and len(facts) == 2
    assert store.article_detail(10_000) == (None, [], [])
    page = store.article_page(None, "ru", None, None, 10, 0)
    assert [a["id"] for a in page] == [second]
    assert [a["id"] for a in store.article_page(1, None, None, None, 1, 0)] == [second]


def test_vectors(store):
    ids = filled(store)
    count, top = store.vector_stats()
    assert count == 5 and top == max(ids.values())
    after = store.vectors_after(ids["lv"])
    assert [a for a, _, _ in after] == sorted(i for i in ids.values() if i > ids["lv"])
    vector = np.frombuffer(after[0][2], dtype=np.float32)
    assert vector.shape == (4,) and np.isclose(np.linalg.norm(vector), 1.0)
    assert set(store.article_vectors([ids["nb"], ids["ru"]])) == {ids["nb"], ids["ru"]}


def test_rejections_meta_and_signatures(store):
    store.add_rejection(Rejection("a.txt", "empty", "the file has no content"))
    store.add_rejection(Rejection("b.txt", "binary", ""))
    assert [r["origin"] for r in store.list_rejections()] == ["a.txt", "b.txt"]
    assert store.list_rejections("2999-01-01") == []
    store.set_meta("k", "1")
    store.set_meta("k", "2")
    assert store.get_meta("k") == "2" and store.get_meta("none") is None
    ids = filled(store)
    store.add_signature(ids["nb"], b"\x01\x02")
    store.add_signature(ids["ru"], b"\x03")
    assert store.recent_signatures(1) == [(ids["ru"], b"\x03")]
    assert store.signatures_after(ids["nb"]) == [(ids["ru"], b"\x03")]


def test_clusterer_state_is_versioned(store):
    assert store.clusterer_snapshot().version == 0 and store.load_clusterer_state() is None
    first = store.save_clusterer_state({"version": 1, "x": 1.5})
    second = store.save_clusterer_state({"version": 1, "x": 2.5})
    assert second == first + 1
    assert store.clusterer_snapshot(second).state is None  # unchanged: not decoded again
    assert store.clusterer_snapshot(first).state == {"version": 1, "x": 2.5}
    assert store.load_clusterer_state() == {"version": 1, "x": 2.5}


def test_transactions_and_the_lease_roll_back_everything(store):
    with pytest.raises(ZeroDivisionError), store.transaction():
        add(store, 1, True)
        1 / 0  # noqa: B018
    with pytest.raises(ZeroDivisionError), store.write_lease():
        add(store, 1, True)
        store.save_clusterer_state({"x": 1})
        1 / 0  # noqa: B018
    assert store.counts() == {"articles": 0, "stories": 0, "rejections": 0}
    assert store.clusterer_snapshot().version == 0 and not store.in_transaction()
    with store.write_lease(), store.transaction():  # nested: one transaction
        add(store, 1, True)
    assert store.counts()["articles"] == 1


def test_export(store):
    ids = filled(store)
    store.watch_register([("Wire", "https://wire.example/rss", "feed", 600.0, "NO", "nb",
                           "https://wire.example/")])
    articles = list(store.export_articles(None))
    assert [a["id"] for a in articles] == sorted(ids.values())
    (story, vote) = store.export_stories(None)
    assert story["article_ids"] == [ids["nb"], ids["lv"], ids["en"], ids["copy"]]
    assert story["languages"] == {"nb": 1, "lv": 1, "en": 2} and vote["languages"] == {"ru": 1}
    assert [s["id"] for s in store.export_stories("2026-03-03")] == [2]


def test_watch_state(store):
    store.watch_register([("Wire", "https://wire.example/rss", "feed", 600.0, "NO", "nb",
                           "https://wire.example/")])
    assert store.watch_source("Wire") == (None, None, 0, 0.0, None)
    assert store.watch_source("Nobody") is None
    store.watch_update_source("Wire", ('"etag"', "Mon", 2, 99.5, "timeout"), 10.0, ok=False)
    assert store.watch_source("Wire") == ('"etag"', "Mon", 2, 99.5, "timeout")
    # A changed URL starts the source over; the same URL keeps its state.
    store.watch_register([("Wire", "https://wire.example/other", "feed", 600.0, None, None,
                           None)])
    assert store.watch_source("Wire") == (None, None, 0, 0.0, "timeout")
    assert store.source_metadata() == {"Wire": (None, None)}
    store.watch_mark("Wire", ["url:a", "url:b"], "done", 5.0)
    store.watch_mark("Wire", ["url:b"], "retry", 6.0, attempts=2)
    assert store.watch_seen(["url:a", "url:b", "url:c"]) == {"url:a": ("done", 0),
                                                             "url:b": ("retry", 2)}
    store.watch_touch(["url:a"], 50.0)
    assert store.watch_prune(before=20.0) == 1
    assert list(store.watch_seen(["url:a", "url:b"])) == ["url:a"]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(min_size=1, max_size=40).filter(lambda t: "\x00" not in t),
       text=st.text(min_size=1, max_size=200).filter(lambda t: "\x00" not in t),
       query=st.text(max_size=30))
def test_any_text_round_trips_and_any_query_is_safe(store, title: str, text: str, query: str):
    article = make_article(unit(np.ones(4)), title=title, text=text)
    article.content_hash = uuid.uuid4().hex
    with store.transaction():
        article_id = store.add_article(article, Assignment(store.max_story_id() + 1, True, 0.0,
                                                           0))
    row, _, _ = store.article_detail(article_id)
    assert row is not None and (row["title"], row["text"]) == (title, text)
    store.story_rows(StoryFilter(query=query), 5)
    store.full_text_hits([query] if query else [])
    store.full_text_hits([query] if query else [], prefix=True)
