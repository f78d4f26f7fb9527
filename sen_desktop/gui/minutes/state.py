"""What the minute-taking view holds while a meeting is open: every item's text,
resolutions and actions, so moving between items never waits for the database.

``loaded_state`` builds it from the minutes as read, keeping what the secretary has done
that the database does not hold yet: typing still on its way (or kept after a refused
save) and resolutions added or removed here and not yet settled. What was typed is newer
than what was read, so it wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sen_desktop.gui.minutes.widgets import ResolutionLine

if TYPE_CHECKING:
    from sen_desktop.core.minutes.records import ItemMinutes, MeetingMinutes, MinuteAction
    from sen_desktop.core.people.records import OwnerChoice
    from sen_desktop.gui.common.autosave import Autosaver


@dataclass
class ItemState:
    """One agenda item's minutes as the page holds them while the meeting is open."""

    minutes: ItemMinutes
    text: str
    resolutions: list[ResolutionLine]
    actions: list[MinuteAction]

    @property
    def id(self) -> str:
        return self.minutes.item.id

    @property
    def name(self) -> str:
        """ "12. Budget 2011–12": how the Edit menu and the heading name the item."""
        return f"{self.minutes.minute_number}. {self.minutes.item.title}"

    def resolution_index(self, resolution_id: str) -> int:
        for index, line in enumerate(self.resolutions):
            if line.id == resolution_id:
                return index
        return -1


@dataclass
class MeetingState:
    """The open meeting: its minutes as loaded, who can own actions, and every item."""

    minutes: MeetingMinutes
    owners: list[OwnerChoice]
    items: dict[str, ItemState] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


def loaded_state(
    minutes: MeetingMinutes,
    owners: list[OwnerChoice],
    previous: MeetingState | None,
    autosaver: Autosaver,
    resolution_wanted: dict[str, bool],
) -> MeetingState:
    """The meeting as read, with what is not in the database yet laid over it.

    ``previous`` is the state on show (kept resolutions come from it when it is the same
    meeting); ``resolution_wanted`` says, for each resolution added or removed here,
    whether it should be in the database.
    """
    same = previous is not None and previous.minutes.meeting_id == minutes.meeting_id
    # Typing not in the database yet (on its way, or kept after a refused save,
    # perhaps from a visit to this meeting before) is newer than what was read.
    unsaved = autosaver.pending_text

    def unsettled(rid: str) -> bool:
        return autosaver.has_pending(("resolution row", rid))

    meeting = MeetingState(minutes=minutes, owners=owners)
    for item in minutes.items:
        text = unsaved(("text", item.item.id))
        state = ItemState(
            minutes=item,
            text=item.text if text is None else text,
            resolutions=[ResolutionLine(r.id, r.text) for r in item.resolutions],
            actions=list(item.actions),
        )
        kept = previous.items.get(item.item.id) if same and previous is not None else None
        if kept is not None:  # resolutions added or removed here, not yet saved
            state.resolutions = [
                line for line in state.resolutions
                if not unsettled(line.id) or resolution_wanted.get(line.id, True)]
            loaded = {line.id for line in state.resolutions}
            for index, line in enumerate(kept.resolutions):
                if (line.id not in loaded and unsettled(line.id)
                        and resolution_wanted.get(line.id, False)):
                    state.resolutions.insert(min(index, len(state.resolutions)),
                                             ResolutionLine(line.id, line.text))
        for line in state.resolutions:
            typed = unsaved(("resolution", line.id))
            line.text = line.text if typed is None else typed
        meeting.items[item.item.id] = state
        meeting.order.append(item.item.id)
    return meeting
