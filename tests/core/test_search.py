"""Search across minutes, resolutions, actions and recommendations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sen_desktop.core.demo.service import generate
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.search import SearchService, fts_query, parse_terms
from sen_desktop.core.search_records import MARK_END, MARK_START, snippet_fragments
from sen_desktop.core.store import models as m
from sen_desktop.core.store.datafolder import open_programme

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sen_desktop.core.store.database import Database


@dataclass
class Place:
    db: Database
    service: SearchService
    meeting: str
    item: str
    other_item: str
    minute: str
    long_minute: str
    resolution: str
    action: str
    recommendation: str
    deleted_minute: str
    hidden_minute: str


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Place]:
    db = open_programme(tmp_path_factory.mktemp("search") / "data")
    besd, sg = group_id("BESD"), group_id("SG")
    with db.session_factory.begin() as s:
        meeting = m.Meeting(group_id=besd, number=2, date=dt.date(2010, 10, 14), status="held")
        gone = m.Meeting(group_id=sg, number=1, date=dt.date(2010, 9, 6), deleted=True)
        s.add_all([meeting, gone])
        s.flush()
        item = m.AgendaItem(meeting_id=meeting.id, position=5, title="Outreach provision",
                            minute_number=5)
        other = m.AgendaItem(meeting_id=meeting.id, position=6, title="Any other business",
                             minute_number=6)
        hidden_item = m.AgendaItem(meeting_id=gone.id, position=1, title="Secret")
        s.add_all([item, other, hidden_item])
        s.flush()
        minute = m.MinuteEntry(
            agenda_item_id=item.id,
            text="Hydrotherapy pools: the hydrotherapy pool at Oakfield is closed. "
            "Hydrotherapy sessions moved to Five Oaks. 🙂 مرحبا بالعالم",
        )
        long_minute = m.MinuteEntry(
            agenda_item_id=other.id,
            text=" ".join(["The group discussed transport costs at length."] * 30)
            + " One member mentioned hydrotherapy in passing."
            + " Speech and language therapy waiting lists were reviewed.",
        )
        resolution = m.Resolution(
            agenda_item_id=item.id, position=1,
            text="RESOLVED that the outreach criteria be circulated to headteachers.",
        )
        action = m.Action(
            reference="BESD-7", group_id=besd, meeting_id=meeting.id, agenda_item_id=item.id,
            description="Cost the options for therapy speech provision in Thanet",
        )
        recommendation = m.Recommendation(
            reference="BESD-R1", group_id=besd, title="Commission outreach from special schools",
            text="Outreach should be commissioned.", rationale="Consistency across districts.",
        )
        second = m.Resolution(agenda_item_id=item.id, position=5,
                              text="RESOLVED that the gazebo repairs be noted.")
        removed = m.Resolution(agenda_item_id=item.id, position=2, deleted=True,
                               text="RESOLVED that this was withdrawn.")
        s.add_all([second, removed])
        deleted_minute = m.MinuteEntry(agenda_item_id=other.id, text="Zeppelin provision",
                                       position=1, deleted=True)
        hidden_minute = m.MinuteEntry(agenda_item_id=hidden_item.id, text="Zeppelin budget")
        s.add_all([minute, long_minute, resolution, action, recommendation, deleted_minute,
                   hidden_minute])
    try:
        yield Place(db, SearchService(db.session_factory), meeting.id, item.id, other.id,
                    minute.id, long_minute.id, resolution.id, action.id, recommendation.id,
                    deleted_minute.id, hidden_minute.id)
    finally:
        db.close()


def test_finds_minutes_and_says_where(place: Place) -> None:
    hits = place.service.search("hydrotherapy")
    assert [h.row_id for h in hits] == [place.minute, place.long_minute]  # best first
    best = hits[0]
    assert best.kind == "minute" and best.kind_label == "Minutes"
    assert best.title == "BESD Working Group, 14 October 2010 — 5. Outreach provision"
    assert best.meeting_id == place.meeting
    assert best.agenda_item_id == place.item
    assert best.group_id == group_id("BESD")
    assert best.action_id is None
    assert best.meeting_date == dt.date(2010, 10, 14)
    assert hits[0].score < hits[1].score
    marked = [part for part, matched in best.fragments() if matched]
    assert marked and all(part.lower().startswith("hydrotherapy") for part in marked)
    assert MARK_START not in best.plain_snippet


def test_finds_resolutions_actions_and_recommendations(place: Place) -> None:
    (resolution,) = place.service.search("criteria circulated")
    assert resolution.kind == "resolution" and resolution.row_id == place.resolution
    assert resolution.title.endswith("5. Outreach provision, resolution (a)")
    # Lettered by order among the item's live resolutions, as the minutes letter them.
    (second,) = place.service.search("gazebo")
    assert second.title.endswith("5. Outreach provision, resolution (b)")
    assert resolution.agenda_item_id == place.item

    (action,) = place.service.search("Thanet")
    assert action.kind == "action" and action.title == "Action BESD-7"
    assert (action.action_id, action.meeting_id, action.agenda_item_id) == (
        place.action, place.meeting, place.item)

    kinds = {h.kind for h in place.service.search("outreach")}
    assert kinds == {"resolution", "recommendation"}
    (rec,) = place.service.search("commissioned")
    assert rec.recommendation_id == place.recommendation
    assert rec.title == "Recommendation BESD-R1: Commission outreach from special schools"


def test_an_action_reference_finds_the_action(place: Place) -> None:
    hits = place.service.search("besd-7")
    assert hits[0].action_id == place.action


def test_phrases_prefixes_and_every_word(place: Place) -> None:
    assert {h.row_id for h in place.service.search('"speech and language"')} == {
        place.long_minute
    }
    # Both words, but not as a phrase, in the action.
    assert {h.row_id for h in place.service.search("speech therapy")} == {
        place.long_minute, place.action}
    assert {h.row_id for h in place.service.search('"therapy speech"')} == {place.action}
    assert {h.row_id for h in place.service.search("hydro*")} == {place.minute, place.long_minute}
    assert place.service.search("hydro") == []  # a whole word, unless asked for a prefix
    assert place.service.search("hydrotherapy zeppelin") == []


def test_the_kind_column_is_not_searched(place: Place) -> None:
    # Every resolution is indexed with kind "resolution"; that word is in none of them.
    assert place.service.search("resolution") == []
    assert place.service.search("minute") == []


def test_deleted_records_and_places_are_not_found(place: Place) -> None:
    assert place.service.search("zeppelin") == []


def test_filters_and_limit(place: Place) -> None:
    assert place.service.search("outreach", kinds=["recommendation"])[0].kind == "recommendation"
    assert place.service.search("hydrotherapy", group_id=group_id("SG")) == []
    assert len(place.service.search("hydrotherapy", group_id=group_id("BESD"))) == 2
    assert len(place.service.search("hydrotherapy", limit=1)) == 1


def test_right_to_left_and_emoji_text_is_found(place: Place) -> None:
    (hit,) = place.service.search("بالعالم")
    assert hit.row_id == place.minute
    assert ("بالعالم", True) in hit.fragments()


HOSTILE = [
    '"', '""', '"unbalanced quote', 'outreach"', "-", "--", "-outreach", "*", "**", "outreach*",
    "NEAR(", "NEAR(outreach criteria", "NEAR(a, b) OR", "AND", "OR NOT", "NOT", "(", ")", "^",
    ":", "text:", "text : outreach", "{text}:", "kind:action", "😀", "🙂🙂", "مرحبا",
    "\x00", "\ud800", "a\x02b\x03c", "'; DROP TABLE action; --", "a" * 100_000,
    " ".join(["outreach"] * 500), "+", "%", "_", "\\", "outreach -", "\u200f",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_raises(place: Place, query: str) -> None:
    hits = place.service.search(query)
    assert isinstance(hits, list)


def test_hostile_input_still_finds_its_words(place: Place) -> None:
    assert {h.row_id for h in place.service.search('"outreach')} >= {place.resolution}
    assert {h.row_id for h in place.service.search("outreach -")} >= {place.resolution}
    assert {h.row_id for h in place.service.search("-outreach")} >= {place.resolution}
    # Punctuation inside a word joins its parts as a phrase, as for "post-16".
    assert place.service.search("NEAR(outreach") == []
    assert {h.row_id for h in place.service.search("outreach-criteria")} == {place.resolution}


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_is_a_safe_query(place: Place, query: str) -> None:
    place.service.search(query, limit=5)


def test_blank_text_does_not_touch_the_index() -> None:
    def no_database() -> None:
        raise AssertionError("a blank search opened a session")

    service = SearchService(no_database)  # type: ignore[arg-type]
    assert service.search("") == []
    assert service.search("   \t\n") == []
    assert service.search('" - *') == []


def test_query_building() -> None:
    assert fts_query("outreach provision") == 'text : ("outreach" "provision")'
    assert fts_query('"speech and language" therap*') == (
        'text : ("speech and language" "therap"*)'
    )
    assert fts_query('say "hello') == 'text : ("say" "hello")'
    assert fts_query('a"b') == 'text : ("a" "b")'
    assert fts_query("- * \" '") is None
    assert parse_terms("NEAR(x") == [("NEAR(x", False)]
    assert len(parse_terms(" ".join(f"w{n}" for n in range(100)))) == 16


def test_snippet_fragments() -> None:
    text = f"…the {MARK_START}outreach{MARK_END} team and {MARK_START}outreach{MARK_END}"
    assert snippet_fragments(text) == [
        ("…the ", False), ("outreach", True), (" team and ", False), ("outreach", True)]
    assert snippet_fragments(f"broken {MARK_START}mark") == [("broken ", False), ("mark", True)]
    assert snippet_fragments("") == []


def test_search_over_demo_minutes(tmp_path: Path) -> None:
    db = open_programme(tmp_path / "demo")
    try:
        generate(db, years=1, today=dt.date(2026, 1, 1))
        service = SearchService(db.session_factory)
        hits = service.search("outreach", limit=50)
        assert len(hits) == 50
        assert {h.kind for h in service.search("outreach", limit=1000)} >= {
            "minute", "action", "resolution"}
        assert [h.score for h in hits] == sorted(h.score for h in hits)
        for hit in hits:
            # A recommendation belongs to its group, not to one meeting's item.
            if hit.kind != "recommendation":
                assert hit.meeting_id is not None and hit.agenda_item_id is not None
            assert any(matched for _, matched in hit.fragments())
        minute_hits = [h for h in service.search("outreach", limit=200) if h.kind == "minute"]
        assert minute_hits and " — " in minute_hits[0].title
    finally:
        db.close()
