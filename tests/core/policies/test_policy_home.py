"""Home's figures carry the person's working groups' policy documents by stage (issue 15,
"Everywhere": "Dashboard and home view show … policies by stage")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sen_desktop.core.overview.home import HomeService
from sen_desktop.core.policies.service import PolicyService
from sen_desktop.core.programme.seed import group_id

if TYPE_CHECKING:
    from store_helpers import Store


def test_home_lists_the_working_groups_policies_by_stage(store: Store) -> None:
    service = PolicyService(store.session_factory)
    besd = service.start(group_id("BESD"), "BESD policy")
    service.record_step(besd.id, "agreed")
    home = HomeService(store.session_factory).home(None)
    assert [(p.group_code, p.stage_label) for p in home.policies] == [
        ("BESD", "Version 1: Agreed by the working group"), ("CL", "No policy yet"),
        ("PD", "No policy yet"), ("ASD", "No policy yet"),
    ]


def test_home_page_shows_each_groups_policy_stage(store: Store) -> None:
    from sen_desktop.gui.home.page import home_html

    service = PolicyService(store.session_factory)
    besd = service.start(group_id("BESD"), "BESD policy")
    service.record_step(besd.id, "agreed")
    home = HomeService(store.session_factory).home(None)
    html = home_html(home)
    assert "Policy documents" in html
    assert "BESD Working Group: Version 1: Agreed by the working group" in html
    assert html.index("Provision gaps") < html.index("Policy documents")
