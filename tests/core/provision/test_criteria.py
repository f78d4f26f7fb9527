"""Criteria for access to specialist resourcing: numbered versions, frozen once agreed,
cited by the group's own recommendations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.provision.criteria import CriteriaService
from sen_desktop.core.store.models import Recommendation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

BESD = group_id("BESD")
AGREED = dt.date(2010, 10, 12)


@pytest.fixture
def sf(store: Store) -> sessionmaker[Session]:
    return store.session_factory


@pytest.fixture
def criteria(sf: sessionmaker[Session]) -> CriteriaService:
    return CriteriaService(sf)


def recommendation(sf: sessionmaker[Session], group: str, reference: str) -> str:
    with sf.begin() as s:
        row = Recommendation(reference=reference, group_id=group, title="Outreach")
        s.add(row)
        s.flush()
        return row.id


def test_a_version_is_drafted_agreed_then_copied(criteria: CriteriaService) -> None:
    first = criteria.start_version(BESD, "First list.")
    criteria.add_criterion(first.id, "Enhanced provision tried for two terms.", "outreach")
    criteria.add_criterion(first.id, "An EP assessment within the year.")
    with pytest.raises(ValidationError, match="Version 1 is still a draft"):
        criteria.start_version(BESD)
    agreed = criteria.agree_version(first.id, AGREED)
    assert agreed.agreed and [c.position for c in agreed.criteria] == [1, 2]
    with pytest.raises(ValidationError, match="agreed on 12 October 2010 and does not change"):
        criteria.add_criterion(first.id, "Late addition.")
    with pytest.raises(ValidationError, match="does not change"):
        criteria.update_criterion(agreed.criteria[0].id, "Changed.")
    second = criteria.start_version(BESD)
    assert second.number == 2
    assert [c.text for c in second.criteria] == [c.text for c in agreed.criteria]
    assert second.criteria[0].tier == "outreach"
    criteria.update_criterion(second.criteria[0].id, "Enhanced provision tried for a term.")
    criteria.remove_criterion(second.criteria[1].id)
    versions = criteria.criteria_versions(BESD)
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].criteria[0].text == "Enhanced provision tried for two terms."
    assert [c.text for c in versions[1].criteria] == ["Enhanced provision tried for a term."]


def test_criterion_rules(criteria: CriteriaService) -> None:
    draft = criteria.start_version(BESD)
    with pytest.raises(ValidationError, match="no criteria yet"):
        criteria.agree_version(draft.id, AGREED)
    with pytest.raises(ValidationError, match="Write the criterion") as caught:
        criteria.add_criterion(draft.id, " ")
    assert caught.value.field == "text"
    with pytest.raises(ValidationError, match="tier on the continuum"):
        criteria.add_criterion(draft.id, "Text.", "somewhere")
    with pytest.raises(ValidationError, match="not a need dimension working group"):
        criteria.start_version(group_id("PCRG"))


def test_recommendations_cite_agreed_criteria_of_their_own_group(
    criteria: CriteriaService, sf: sessionmaker[Session]
) -> None:
    version = criteria.start_version(BESD)
    criterion = criteria.add_criterion(version.id, "Two terms of enhanced provision.")
    own = recommendation(sf, BESD, "BESD-R1")
    other = recommendation(sf, group_id("CL"), "CL-R1")
    with pytest.raises(ValidationError, match="still a draft; cite a criterion once"):
        criteria.cite(own, criterion.id)
    criteria.agree_version(version.id, AGREED)
    with pytest.raises(ValidationError, match="its own group's criteria") as caught:
        criteria.cite(other, criterion.id)
    assert caught.value.field == "criterion"
    criteria.cite(own, criterion.id)
    criteria.cite(own, criterion.id)  # twice: still one citation
    assert [(n, c.text) for n, c in criteria.cited_by(own)] == [
        (1, "Two terms of enhanced provision.")
    ]
    assert criteria.criteria_versions(BESD)[0].criteria[0].cited_by == ("BESD-R1",)
    criteria.uncite(own, criterion.id)
    assert criteria.cited_by(own) == []
    criteria.cite(own, criterion.id)  # the tombstoned citation comes back
    assert len(criteria.cited_by(own)) == 1
