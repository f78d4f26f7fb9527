"""The Conflicts page's reads (sync.conflict_service): a conflict says in words which row
it is on, a provision gap and a criteria version included."""

from __future__ import annotations

from merge_helpers import Laptop, exchange, group_id

from sen_desktop.core.store import models as m
from sen_desktop.sync.conflict_service import ConflictService


def _concurrently(a: Laptop, b: Laptop, model: type[m.Synced], row_id: str, field: str) -> None:
    """Both laptops type different words into ``field`` of one row, apart."""
    for laptop, words in ((a, "Seen at the March panel."), (b, "Raised by two schools.")):
        with laptop.factory.begin() as session:
            row = session.get(model, row_id)
            assert row is not None
            setattr(row, field, words)
    exchange(a, b)


def test_a_conflict_names_a_provision_gap_and_a_criteria_version(a: Laptop, b: Laptop) -> None:
    with a.factory.begin() as session:
        gap = m.ProvisionGap(
            group_id=group_id(a), district="Thanet", tier="specialist_in_mainstream"
        )
        version = m.CriteriaVersion(group_id=group_id(a), number=2)
        session.add_all([gap, version])
        session.flush()
        gap_id, version_id = gap.id, version.id
    exchange(a, b)
    _concurrently(a, b, m.ProvisionGap, gap_id, "evidence")
    _concurrently(a, b, m.CriteriaVersion, version_id, "note")
    where = {c.row_id: c.where for c in ConflictService(a.factory).conflicts()}
    assert where[gap_id] == "Gap on the provision map · Thanet, specialist in mainstream"
    assert where[version_id] == "Criteria for access · version 2"
