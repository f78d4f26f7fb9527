"""Policy documents travel between laptops (tests/sync/merge_helpers.py's Laptop): a
policy, its versions, comments and steps made on one laptop read the same on another;
two people typing in the same section of the draft keep both texts (a conflict), in
different sections both land; the Parent/Carer Reference Group's laptop gets published
versions only -- never a draft or a member's comment."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from merge_helpers import Laptop, exchange, group_id

from sen_desktop.core.policies.service import PolicyService
from sen_desktop.core.store import models as m
from sen_desktop.sync.conflicts import conflicts

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sen_desktop.sync.scope import Scope

POLICY_TABLES = ("policy_document", "policy_version", "policy_comment", "policy_event")


@pytest.fixture
def a() -> Iterator[Laptop]:
    laptop = Laptop(1)
    yield laptop
    laptop.close()


@pytest.fixture
def b() -> Iterator[Laptop]:
    laptop = Laptop(2, skew_ms=5)
    yield laptop
    laptop.close()


def author(laptop: Laptop) -> str:
    with laptop.factory.begin() as s:
        person = m.Person(full_name="Jo Member")
        s.add(person)
    return person.id


def test_a_policy_reads_the_same_on_the_other_laptop(a: Laptop, b: Laptop) -> None:
    service = PolicyService(a.factory)
    detail = service.start(group_id(a))
    service.save_section(detail.current.id, "purpose", "Early help — in every district.")
    service.add_comment(detail.current.id, "purpose", author(a), "Say which districts first.")
    service.record_step(detail.id, "agreed", minute_number="7")
    service.new_draft(detail.id)
    exchange(a, b)
    dump_a, dump_b = a.dump(), b.dump()
    for table in POLICY_TABLES:
        assert dump_a[table] == dump_b[table] and dump_b[table], table
    seen = PolicyService(b.factory).detail(detail.id)
    assert [(v.number, v.stage) for v in seen.versions] == [(1, "agreed"), (2, "draft")]
    assert seen.version(2).text("purpose") == "Early help — in every district."
    assert [(c.author_name, c.text) for c in seen.comments] == [
        ("Jo Member", "Say which districts first.")
    ]
    assert [(s.step, s.minute_number) for s in seen.steps] == [("agreed", "7")]


def test_two_people_typing_in_the_draft_keep_both_texts_in_one_section(
    a: Laptop, b: Laptop
) -> None:
    detail = PolicyService(a.factory).start(group_id(a))
    exchange(a, b)
    draft = detail.current.id
    PolicyService(a.factory).save_section(draft, "roles", "The SENCo leads.")
    PolicyService(a.factory).save_section(draft, "monitoring", "Each July.")
    b.tick(60_000)
    PolicyService(b.factory).save_section(draft, "roles", "The head teacher leads.")
    PolicyService(b.factory).save_section(draft, "criteria", "Two terms of help first.")
    exchange(a, b)
    assert a.dump()["policy_version"] == b.dump()["policy_version"]
    merged = PolicyService(a.factory).detail(detail.id).current
    assert (merged.text("monitoring"), merged.text("criteria")) == (
        "Each July.", "Two terms of help first."
    )
    with a.factory() as session:
        found = [(c.entity, c.field) for c in conflicts(session)]
    assert found == [("policy_version", "roles")]


def test_the_reference_group_gets_published_versions_and_nothing_else(a: Laptop) -> None:
    from sen_desktop.sync.scope import add_profile, scope_for

    service = PolicyService(a.factory)
    detail = service.start(group_id(a))
    first = detail.current.id
    comment = service.add_comment(first, "purpose", author(a), "Shorter, please.")

    def scopes() -> tuple[Scope, ...]:
        with a.factory.begin() as s:
            return tuple(
                scope_for(s, add_profile(s, name, codes))
                for name, codes in (
                    ("Chair of SG", ["SG", "BESD", "CL", "PD", "ASD"]),
                    ("BESD chair", ["BESD"]),
                    ("CL chair", ["CL"]),
                    ("Reference group", ["PCRG"]),
                )
            )

    steering, own, other, parents = scopes()
    for scope in (steering, own):
        assert scope.includes("policy_version", first, "purpose")
        assert scope.includes("policy_comment", comment.id, "text")
    for scope in (other, parents):
        assert not scope.includes("policy_document", detail.id, "title")
        assert not scope.includes("policy_version", first, "purpose")
    # Sync sends a version with a live "published" step, signed or not (every laptop
    # then shows it at the stage its verified steps reach): written here as rows.
    with a.factory.begin() as s:
        for n, step in enumerate(("agreed", "endorsed", "smt_approved", "members_approved",
                                  "consultation", "published")):
            s.add(m.PolicyEvent(version_id=first, step=step, at=f"2010-1{n}-01T18:00:00Z"))
    second = service.new_draft(detail.id).id
    steering, own, other, parents = scopes()
    for scope in (other, parents):
        assert scope.includes("policy_document", detail.id, "title")
        assert scope.includes("policy_version", first, "purpose")
        assert not scope.includes("policy_version", second, "purpose")
        assert not scope.includes("policy_comment", comment.id, "text")
    published = PolicyService(a.factory).detail(detail.id).steps
    assert all(parents.includes("policy_event", step.id, "step") for step in published)


def test_the_conflicts_page_names_the_policy_and_version(a: Laptop, b: Laptop) -> None:
    from sen_desktop.sync.conflict_service import ConflictService

    detail = PolicyService(a.factory).start(group_id(a), "BESD policy")
    exchange(a, b)
    PolicyService(a.factory).save_section(detail.current.id, "purpose", "Early help.")
    b.tick(60_000)
    PolicyService(b.factory).save_section(detail.current.id, "purpose", "Local schools.")
    exchange(a, b)
    where = {c.row_id: c.where for c in ConflictService(a.factory).conflicts()}
    assert where[detail.current.id] == "Policy document · BESD policy, version 1"
