"""The read fence of an import (docs/TRUST.md): a bundle may not leave this laptop holding
a row outside its certificate's read scope. Split from ``sync.exchange``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from sen_desktop.core.store import models as m
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.exporting import _read_scope, plain_name
from sen_desktop.sync.scope import CONTACT_FIELDS, RESPONDENT_FIELDS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.sync.operations import OpRow


def reads_everything(certificate: Any) -> bool:
    """Whether the certificate reads every group, contacts and confidential items (no fence)."""
    return "*" in certificate.read and bool(certificate.contacts and certificate.confidential)


def waiting(session: Session) -> set[tuple[str, str]]:
    """The rows waiting for their parents (at most ``merge``'s cap of them)."""
    return {
        (str(entity), str(row_id))
        for entity, row_id in session.connection().exec_driver_sql(
            "SELECT entity, row_id FROM sync_pending"
        )
    }


class ReadFence:
    """Refuses a bundle that leaves this laptop holding a row outside its certificate's
    read scope: the same scope an export for it is cut to (``scope.scope_for``, on the
    tables as this import leaves them), and no contact fields without contacts.

    A row still waiting for its parents is not in the tables; it is checked when a
    later import brings its parents and it takes its place (``check_resolved``)."""

    def __init__(self, session: Session, own: Any, waiting_before: set[tuple[str, str]]) -> None:
        from sen_desktop.sync.scope import Profile, scope_for

        read, contacts, confidential = _read_scope(own)
        wanted = {code.upper() for code in read}
        codes = [
            code
            for code in session.scalars(select(m.Group.code))
            if "*" in wanted or code.upper() in wanted
        ]
        profile = Profile(own.name, tuple(codes), contacts, confidential, {})
        self._scope = scope_for(session, profile)
        self._name = plain_name(own.name)
        self._waiting_before = waiting_before
        self._waiting = waiting(session)

    def _refuse(self, what: str) -> BundleError:
        return BundleError(
            f"This bundle was refused: it holds {what}, which this laptop ({self._name}) is "
            "not certified to read; nothing was imported."
        )

    def check(self, ops: Sequence[OpRow]) -> None:
        scope = self._scope
        waiting = self._waiting
        for op in ops:
            if (op.entity, op.field) in CONTACT_FIELDS and op.value not in _EMPTY_VALUES:
                if (op.entity, op.field) in RESPONDENT_FIELDS:
                    if not scope.respondents:
                        raise self._refuse("respondents' contact details")
                elif not scope.contacts:
                    raise self._refuse("people's contact details")
            if op.entity == "person":
                # A person may come before the appointment that brings them into this
                # laptop's groups (bundles arrive in any order): a name travels, contact
                # details only to a laptop certified for them (above).
                continue
            if (op.entity, op.row_id) in waiting:
                # Whose it is cannot be told without its parent rows, which an honest
                # sender carries (or this laptop has confirmed receiving), so a row left
                # waiting on a laptop that reads only some groups would keep what it may
                # not read in the log.
                raise BundleError(
                    "This bundle was refused: it holds records whose parent records neither "
                    f"it nor this laptop ({self._name}) has, so it cannot tell whether this "
                    "laptop may read them; import the sender's earlier bundles first."
                )
            if not scope.has_row(op.entity, op.row_id):
                raise self._refuse(f"{_READ_NOUNS.get(op.entity, 'records')} of another group")

    def check_resolved(self) -> None:
        from sen_desktop.sync.scope import PROGRAMME_WIDE

        for entity, row_id in self._waiting_before - self._waiting:
            allowed = self._scope.rows.get(entity)
            if entity in PROGRAMME_WIDE or entity == "person":
                continue
            if allowed is None or row_id not in allowed:
                raise self._refuse(f"{_READ_NOUNS.get(entity, 'records')} of another group")


_EMPTY_VALUES: Final = frozenset({'""', "null"})

_READ_NOUNS: Final = {
    "meeting": "meetings",
    "agenda_item": "agenda items (or confidential items)",
    "minute_entry": "minutes",
    "resolution": "resolutions",
    "declaration": "declarations of interest",
    "attendance": "attendance records",
    "action": "actions",
    "action_update": "action updates",
    "recommendation": "recommendations",
    "recommendation_remit": "recommendations' remit links",
    "recommendation_event": "recommendation decisions",
    "remit_item": "remit points",
    "seat": "membership seats",
    "appointment": "appointments",
    "person": "people",
    "group": "groups",
    "paper": "confidential papers",
    "provision_entry": "provision maps",
    "provision_gap": "provision gaps",
    "criteria_version": "criteria for access",
    "access_criterion": "criteria for access",
    "recommendation_criterion": "recommendations' criteria for access",
    "policy_document": "policy documents",
    "policy_version": "policy documents not yet published",
    "policy_comment": "comments on policy documents",
    "policy_event": "policy decisions",
    "consultation": "consultations",
    "consultation_document": "consultations",
    "consultation_event": "consultation events",
    "consultation_theme": "consultation themes",
    "consultation_response": "consultation responses",
}


__all__ = ["ReadFence", "reads_everything", "waiting"]
