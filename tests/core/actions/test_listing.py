"""The log a page at a time: pages read after each other's sort key join up into the
whole list in every order and filter, counts agree, the page of the action chosen
before comes first, and the indexes of migration 0006 do the work (no sort, no table)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import event

from sen_desktop.core.actions import listing
from sen_desktop.core.actions.records import OPEN_STATUSES, SORT_KEYS, ActionFilter
from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.store.models import Action, Group, Person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

TODAY = dt.date(2011, 3, 1)
STATUSES = ("open", "in_progress", "done", "dropped")
BRAGS = ("grey", "green", "blue", "red", "amber")


class Log:
    """Three groups' actions (SG-1 … SG-150 crossing 9/10 and 99/100, two clashing
    references), owned by people, by outside owners or no one, some undated."""

    def __init__(self, sf: sessionmaker[Session]) -> None:
        with sf.begin() as s:
            groups = [Group(code=c, name=f"{c} group", kind="working", position=p)
                      for p, c in enumerate(("SG", "BESD", "ASD"), start=1)]
            people = [Person(full_name=n) for n in ("Jane Smith", "alan Brown", "Zoe Ng")]
            s.add_all([*groups, *people])
            s.flush()
            self.groups = {g.code: g.id for g in groups}
            self.people = [p.id for p in people]
            rows = []
            for n in range(1, 151):
                for g, group in enumerate(groups):
                    if g and n > 60:
                        continue
                    k = n * 3 + g
                    owner = k % 5
                    rows.append(Action(
                        reference=f"{group.code}-{n}",
                        group_id=group.id,
                        description=f"Action {k}",
                        owner_id=self.people[owner] if owner < 3 else None,
                        owner_text={3: "Kent Police", 4: ""}.get(owner, ""),
                        due_date=None if k % 7 == 0 else TODAY + dt.timedelta(days=k % 40 - 20),
                        status=STATUSES[k % 4],
                        brag=BRAGS[k % 5],
                        brag_comment="why" if BRAGS[k % 5] in ("red", "amber") else "",
                        deleted=k % 29 == 0,
                    ))
            # Two laptops apart both gave out SG-7: the id settles their order.
            rows.append(Action(reference="SG-7", group_id=self.groups["SG"],
                               description="The clash", owner_text="", status="open",
                               brag="grey", brag_comment=""))
            s.add_all(rows)


@pytest.fixture
def log(empty_store: Store) -> Log:
    return Log(empty_store.session_factory)


@pytest.fixture
def service(empty_store: Store) -> ActionService:
    return ActionService(empty_store.session_factory, today=lambda: TODAY)


FILTERS = [
    ActionFilter(),
    ActionFilter(status="not a status"),
    ActionFilter(status=OPEN_STATUSES),
    ActionFilter(overdue=True),
    ActionFilter(owner_text="kent police"),
    ActionFilter(brag="red", status="open"),
]


def walk(
    service: ActionService, wanted: ActionFilter, key: str, desc: bool, size: int
) -> list[str]:
    """Every id, a page at a time, each page asked for after the last one's key."""
    ids: list[str] = []
    after = None
    for start in itertools.count(0, size):
        page = service.page(wanted, key, desc, start=start, after=after, size=size)
        assert page.start == start
        ids += [row.id for row in page.rows]
        if len(page.rows) < size:
            return ids
        after = page.after


@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("desc", [False, True], ids=["ascending", "descending"])
def test_pages_after_each_key_join_up_into_the_whole_list(
    service: ActionService, log: Log, key: str, desc: bool
) -> None:
    for wanted in [*FILTERS, ActionFilter(group_id=log.groups["BESD"])]:
        whole = service.query_ids(wanted, key, desc)
        assert walk(service, wanted, key, desc, size=23) == whole, wanted
        assert service.count(wanted) == len(whole)
        # From a row number (a jump down the scroll bar) the same rows come.
        jump = service.page(wanted, key, desc, start=46, size=23)
        assert [row.id for row in jump.rows] == whole[46:69]


def test_the_orders_are_as_the_log_shows_them(service: ActionService, log: Log) -> None:
    refs = [r.reference for r in service.page(ActionFilter(group_id=log.groups["SG"])).rows]
    assert refs[:12] == ["SG-1", "SG-2", "SG-3", "SG-4", "SG-5", "SG-6", "SG-7", "SG-7",
                         "SG-8", "SG-9", "SG-10", "SG-11"]
    due = service.page(sort_key="due_date", descending=True, size=500).rows
    dated = [r.due_date for r in due if r.due_date is not None]
    assert dated == sorted(dated, reverse=True)
    assert all(r.due_date is None for r in due[len(dated):])  # undated stay last
    owners = service.page(sort_key="owner", size=500).rows
    named = [r.owner for r in owners if r.owner]
    assert named == sorted(named, key=str.casefold)
    assert all(not r.owner for r in owners[len(named):])  # no owner stays last


def test_opening_the_log_brings_the_count_and_the_page_of_the_chosen_action(
    service: ActionService, log: Log
) -> None:
    wanted = ActionFilter(status=OPEN_STATUSES)
    whole = service.query_ids(wanted, "due_date", False)
    assert len(whole) > 100
    kept = whole[90]
    view = service.open_log(wanted, "due_date", keep_id=kept, size=40)
    assert view.total == len(whole)
    assert view.page.start == 80
    assert [row.id for row in view.page.rows] == whole[80:120]
    assert view.chosen == kept
    assert view.detail is not None and view.detail.action.id == kept
    # An action the filter leaves out: the first page, its first action chosen.
    done = service.query_ids(ActionFilter(status="done"))[0]
    first = service.open_log(wanted, "due_date", keep_id=done, size=40)
    assert first.page.start == 0 and first.chosen == whole[0]
    empty = service.open_log(ActionFilter(owner_text="nobody at all"))
    assert (empty.total, empty.page.rows, empty.chosen, empty.detail) == (0, (), None, None)
def _plan(store: Store, query: Any) -> str:
    """SQLite's plan for ``query``, as run: its statement and parameters are caught."""
    ran: list[tuple[str, Any]] = []

    def catch(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        ran.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", catch)
    try:
        with store.engine.connect() as connection:
            connection.execute(query).all()
            statement, parameters = ran[-1]
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            return " / ".join(str(row[-1]) for row in plan)
    finally:
        event.remove(store.engine, "before_cursor_execute", catch)


@pytest.mark.parametrize(
    "wanted, index",
    [
        (ActionFilter(), "ix_action_log"),
        # Red ones only: within one rating the rating's index is in reference order.
        (ActionFilter(status=OPEN_STATUSES, brag="red"), "ix_action_log_brag"),
        (ActionFilter(group_id="g"), "ix_action_log_group"),
    ],
)
def test_the_first_page_and_the_count_are_read_off_an_index(
    empty_store: Store, wanted: ActionFilter, index: str
) -> None:
    for descending in (False, True):
        query, keys = listing.page_query(wanted, "reference", descending, TODAY)
        first = _plan(empty_store, query.limit(200))
        after = _plan(empty_store, query.where(listing.beyond(keys, ("SG", 120, "x"))).limit(200))
        for plan in (first, after):
            assert f"COVERING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
        # Deep in the log the index is entered at the key, not walked from the top.
        assert "<expr>" in after, after
    # Counted in one of the log's indexes, never in the table; a status or rating filter
    # counts only its own entries (a range of the rank's index).
    count = _plan(empty_store, listing.count_query(wanted, TODAY))
    assert "COVERING INDEX ix_action_log" in count, count
    if wanted.status is not None:
        assert "<expr>=?" in count, count


@pytest.mark.parametrize(
    "key, after, index",
    [
        ("due_date", (False, TODAY, "SG", 3, "x"), "ix_action_log_due"),
        ("status", (1, "SG", 3, "x"), "ix_action_log_status"),
        ("brag", (2, "SG", 3, "x"), "ix_action_log_brag"),
    ],
)
@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_the_due_date_status_and_rating_orders_are_read_off_an_index(
    empty_store: Store, key: str, after: tuple[object, ...], index: str, descending: bool
) -> None:
    wanted = ActionFilter(status=OPEN_STATUSES)
    named = f"COVERING INDEX {index}{'_desc' if descending else ''} "
    query, keys = listing.page_query(wanted, key, descending, TODAY)
    for plan in (
        _plan(empty_store, query.limit(200)),
        _plan(empty_store, query.where(listing.beyond(keys, after)).limit(200)),
    ):
        assert named in plan and "TEMP B-TREE" not in plan, plan
