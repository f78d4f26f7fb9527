"""The convergence machine can fail: with one check of the trust model deliberately
broken (authority's write scope, batch signatures and digests, revocations on import,
the registry's root signature, the chairs' certificates, signatures and revocations,
decisions of the earlier scheme, the read fence on import, the restore fence) a short run
must notice; unbroken, each break's short run passes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from convergence_machine import SETTINGS, Laptops
from convergence_terms import (
    DAY_MS,
    FRAGMENTS,
)
from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from sen_desktop.core.store import models as m
from sen_desktop.sync.certificates import Certificate

if TYPE_CHECKING:
    from collections.abc import Callable


# --- the machine can fail: deliberate breaks it must catch --------------------------------


def _again(name: str) -> Any:
    """Another rule that runs rule ``name``: copies make hypothesis pick it more often."""

    def again(self: Laptops, data: st.DataObject) -> None:
        getattr(self, name)(data)

    return rule(data=st.data())(again)


@initialize(scoped=st.sampled_from([None, 0]))
def _three_laptops(self: Laptops, scoped: int | None) -> None:
    """Three laptops, clocks a day apart: quicker to set up than the machine's own."""
    Laptops.start(self, [0, DAY_MS, -DAY_MS], scoped)


@initialize()
def _three_full_laptops(self: Laptops) -> None:
    """Three laptops reading everything: one may be revoked and two still exchange."""
    Laptops.start(self, [0, DAY_MS, -DAY_MS], None)


def _a_day_lost(self: Laptops, data: st.DataObject) -> None:
    """A laptop is backed up, then makes and seals a change (it sends it), then its
    disk fails and the copy is restored."""
    candidates = self.restorable()
    if not candidates:
        return
    n = data.draw(st.sampled_from(candidates), label="laptop")
    laptop = self.laptops[n]
    self.backups[n] = laptop.backup()
    with laptop.factory.begin() as session:
        group = session.scalars(select(m.Group.id).order_by(m.Group.id)).first()
        assert group is not None
        session.add(m.Action(id=self.new_id(n), reference="X-2", group_id=group, description="Z"))
    laptop.seal()
    self.restore(n)


@initialize()
def _three_laptops_and_a_reader(self: Laptops) -> None:
    """Two full laptops and a reference-group laptop reading its own group only."""
    Laptops.start(self, [0, DAY_MS, -DAY_MS], 0)


@initialize()
def _three_legacy_laptops(self: Laptops) -> None:
    """Three laptops that used the passphrase scheme before the lead started the
    programme under the trust model."""
    Laptops.start(self, [0, DAY_MS, -DAY_MS], None, legacy=True)


def _chair_revoked_before_deciding(self: Laptops, data: st.DataObject) -> None:
    """The first chair's laptop, which signed the endorsements made at the start, is
    revoked from the moment of one of its decisions (or changes)."""
    if self.revoked is None and len(self.full()) >= 3:
        moments = self.moments_of(1)
        self.revoke_laptop(1, data.draw(st.sampled_from(moments), label="from"))


def _machine(
    attacks: tuple[str, ...],
    rules: tuple[str | Callable[[Laptops, st.DataObject], None], ...],
    start: Any = _three_laptops,
) -> type[Laptops]:
    """The machine with only ``attacks``, and ``rules`` (a rule's name, or a function
    of the machine and a data object) run six times as often."""
    namespace: dict[str, Any] = {"attacks": attacks, "start": start}
    for name in rules:
        for copy in range(6):
            if isinstance(name, str):
                namespace[f"{name}_{copy}"] = _again(name)
            else:
                namespace[f"{name.__name__}_{copy}"] = rule(data=st.data())(name)
    return type("Broken", (Laptops,), namespace)


def _write_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import authority

    monkeypatch.setattr(authority.Checker, "_scope_problem", lambda *args, **kwargs: None)


def _any_batch_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import certificates

    verify = certificates.verify_item

    def lenient(item: object, public_hex: str, kind: str) -> dict[str, Any]:
        if kind == "op-batch":
            assert isinstance(item, dict)
            body: dict[str, Any] = item["body"]
            return body
        return verify(item, public_hex, kind)

    monkeypatch.setattr(certificates, "verify_item", lenient)


def _unsigned_certificates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        Certificate,
        "from_item",
        classmethod(lambda cls, item, root, programme: cls.from_stored(item, programme)),
    )


def _any_laptop_chairs(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.core.recommendations import chairs

    def standing(self: Any, laptop_id: str | None, *args: Any) -> Any:
        found = self.certificates(laptop_id)
        return chairs.Standing("", found) if found else chairs.Standing("unknown")

    monkeypatch.setattr(chairs.ChairAuthority, "standing", standing)


def _signatures_unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.core.recommendations import checks as recommendation_checks
    from sen_desktop.core.recommendations.signing import SignatureCheck

    monkeypatch.setattr(
        recommendation_checks, "check_signature", lambda key, message, sig: SignatureCheck(True)
    )


def _digests_unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import authority

    def find(self: Any, counter: int, digest: bytes) -> Any:
        covering = [b for b in self.batches if b.first <= counter <= b.last]
        return covering[0] if covering else None

    monkeypatch.setattr(authority._Site, "find", find)


def _revocations_ignored_on_import(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import authority

    monkeypatch.setattr(authority.Checker, "_revoked_millis", lambda self, laptop_id: None)


def _restore_unfenced(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import fence

    monkeypatch.setattr(fence, "fence_if_restored", lambda *args, **kwargs: None)


def _earlier_scheme_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.core.recommendations import checks

    verify = checks.verify_event

    def lenient(event: Any, *args: Any) -> Any:
        if event.signature and event.signer_key_id and not event.signer_laptop:
            return checks.Verification(True, True, True, "")
        return verify(event, *args)

    monkeypatch.setattr(checks, "verify_event", lenient)


def _read_fence_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync.read_fence import ReadFence

    monkeypatch.setattr(ReadFence, "check", lambda self, ops: None)
    monkeypatch.setattr(ReadFence, "check_resolved", lambda self: None)


def _revoked_chairs_still_count(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.core.recommendations import chairs
    from sen_desktop.sync import revoked

    monkeypatch.setattr(chairs.CertifiedLaptop, "revoked_at", lambda self, moment: False)
    # A laptop that hears of the revocation takes out what the chair's laptop stamped
    # from then on (sync.revoked), its decisions with it: that alone would keep them
    # from counting, so it goes too.
    monkeypatch.setattr(revoked, "revoked_sites", lambda *args, **kwargs: {})


# name: (the break, the attacks that should meet it, the rules to run more often[, start])
BREAKS: dict[str, tuple[Any, ...]] = {
    "authority lets a laptop write outside its groups": (
        _write_anywhere,
        ("a Steering Group minute", "a programme setting"),
        ("attack",),
    ),
    "authority takes a batch whatever its signature": (
        _any_batch_signature,
        ("another laptop's site",),
        ("attack",),
    ),
    "authority takes an operation whatever its digest": (
        _digests_unchecked,
        ("relayed and altered",),
        ("attack",),
    ),
    "the registry keeps a certificate the root did not sign": (
        _unsigned_certificates,
        ("a chair certificate of its own",),
        ("attack",),
    ),
    "any certified laptop signs as a chair": (
        _any_laptop_chairs,
        (),
        ("concurrent_decisions",),
    ),
    "a chair's signature is not checked": (_signatures_unchecked, (), ("forge_signature",)),
    "a restored laptop reuses its counters": (
        _restore_unfenced,
        (),
        (_a_day_lost,),
    ),
    "an import keeps what the laptop may not read": (
        _read_fence_off,
        FRAGMENTS,
        ("attack",),
        _three_laptops_and_a_reader,
    ),
    "a decision signed under the earlier scheme counts": (
        _earlier_scheme_counts,
        (),
        ("decide",),
        _three_legacy_laptops,
    ),
    "authority takes a revoked laptop's later changes": (
        _revocations_ignored_on_import,
        ("a revoked laptop's later changes",),
        ("revoke", "attack"),
        _three_full_laptops,
    ),
    "a revoked chair's decisions still count": (
        _revoked_chairs_still_count,
        (),
        (_chair_revoked_before_deciding, "sync_pair"),
        _three_full_laptops,
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_the_machine_catches_a_break(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one check of the trust model deliberately broken, a short run of the machine
    fails: its attacks and invariants would notice that check going missing."""
    breaking, attacks, rules, *start = BREAKS[name]
    breaking(monkeypatch)
    quick = settings(
        SETTINGS,
        max_examples=12,
        stateful_step_count=12,
        phases=[Phase.generate],
        database=None,
        derandomize=True,
    )
    try:
        run_state_machine_as_test(_machine(attacks, rules, *start), settings=quick)
    except Exception as error:  # the machine's own assertion, maybe under teardown's
        assert _an_assertion(error), error
    else:
        raise AssertionError(f"the machine did not notice: {name}")


# Breaks of the trust model's newer parts: each one's short run, unbroken, must pass.
GROUNDS = (
    "a restored laptop reuses its counters",
    "authority takes a revoked laptop's later changes",
    "a revoked chair's decisions still count",
    "a decision signed under the earlier scheme counts",
    "an import keeps what the laptop may not read",
)


@pytest.mark.parametrize("name", GROUNDS)
def test_the_ground_of_a_break_holds(name: str) -> None:
    """The short run a break is caught on passes unbroken: it is the break the machine
    notices, not the scenario. (So CI also runs a revocation, a restore, a migration and
    fragments relayed to a reader, whatever examples the main run draws.)"""
    _, attacks, rules, *start = BREAKS[name]
    quick = settings(
        SETTINGS,
        max_examples=3,
        stateful_step_count=8,
        phases=[Phase.generate],
        database=None,
        derandomize=True,
    )
    run_state_machine_as_test(_machine(attacks, rules, *start), settings=quick)


def _an_assertion(error: BaseException | None) -> bool:
    """Whether ``error`` is, or was raised while handling, an AssertionError."""
    while error is not None:
        if isinstance(error, AssertionError):
            return True
        error = error.__cause__ or error.__context__
    return False
