"""The dashboard shows the working groups' policies by stage (issue 15, "Everywhere":
"Dashboard and home view show … policies by stage"): the figures carry each working
group's policy and the page says, in words, how many are at each stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sen_desktop.core.overview.dashboard import DashboardService
from sen_desktop.core.policies.service import PolicyService
from sen_desktop.core.programme.seed import group_id

if TYPE_CHECKING:
    from store_helpers import Store


def test_the_dashboard_gives_each_working_groups_policy_by_stage(store: Store) -> None:
    from sen_desktop.gui.dashboard.page import policy_section

    service = PolicyService(store.session_factory)
    besd = service.start(group_id("BESD"), "BESD policy")
    for step in ("agreed", "endorsed"):  # the endorsement unsigned: it does not count yet
        service.record_step(besd.id, step)
    service.start(group_id("CL"), "CL policy")
    board = DashboardService(store.session_factory).dashboard()
    assert [(p.group_code, p.stage_label) for p in board.policies] == [
        ("BESD", "Version 1: Agreed by the working group (“Endorsed by the Steering Group” "
                 "awaits the chair's signature)"),
        ("CL", "Version 1: Draft"),
        ("PD", "No policy yet"), ("ASD", "No policy yet"),
    ]
    html = policy_section(board)
    assert ("2 of 4 working groups have a policy document: 1 draft, 1 agreed by the "
            "working group.") in html
    assert "awaits the chair" in html and "No policy yet" in html
