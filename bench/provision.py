"""Benchmark of the provision map view on ten years of data (issue 15).

Opening the map is what the Provision map page does: ``ProvisionService.provision_map``
on the worker (the group's entries and gaps, the recommendations a gap may name, the
programme's districts) and the grid model over it. The baseline is bare sqlite3 reading
the same entries and gaps and tallying the cells by hand. The data is the ten-year
demo programme at scale 10 (``bench.demo_data``), whose working groups' maps the demo
generator fills (core/provision/demo.py); the map is of what exists, so its size does
not grow with the years, but the recommendations a gap can name do.

Target: under 100 ms (the page's data on screen without a visible wait). The ratio to
the bare reads is reported, not a target: the map is seven small statements (the group,
the three programme settings, the entries, the gaps, the recommendations), and at this
size SQLAlchemy's fixed cost per statement, not the rows, is what the ratio measures
(about 13x at best on a one-year programme, 1 ms against 0.1 ms a statement).
"""

from __future__ import annotations

import json
import sqlite3

from bench import NOTES, Comparison, Workspace, benchmark, timed_turns
from bench.demo_data import demo_database, demo_size, read_only_store

YEARS, SCALE = demo_size(10, 10)
LIMIT_MS = 100.0

# What the map shows, read bare: the group, the districts, the entries, the gaps with the
# recommendations answering them, and the recommendations a gap may name.
_GROUP = 'SELECT id, code, name, dimension FROM "group" WHERE id = ? AND deleted IS 0'
_DISTRICTS = (
    "SELECT value FROM programme_setting WHERE key = 'districts' AND deleted IS 0 "
    "ORDER BY id LIMIT 1"
)
_ENTRIES = (
    "SELECT id, group_id, name, tier, district, need_types, age_from, age_to, setting, "
    "places, funding, notes FROM provision_entry WHERE group_id = ? AND deleted IS 0 "
    "ORDER BY district, tier, name, id"
)
_GAPS = (
    "SELECT g.id, g.district, g.tier, g.evidence, r.id, r.reference, r.title "
    "FROM provision_gap g "
    "LEFT JOIN recommendation r ON r.id = g.recommendation_id AND r.deleted IS 0 "
    "WHERE g.group_id = ? AND g.deleted IS 0 ORDER BY g.district, g.tier, g.id"
)
_CHOICES = (
    "SELECT id, reference, title FROM recommendation WHERE group_id = ? AND deleted IS 0 "
    "ORDER BY reference, id"
)


@benchmark(
    "open a provision map",
    ours="provision_map (entries, gaps, choices) + grid model",
    baseline="the entries and gaps, bare sqlite3, tallied by hand",
)
def open_provision_map(space: Workspace) -> Comparison:
    from sen_desktop.core.programme.seed import group_id
    from sen_desktop.core.provision.service import ProvisionService
    from sen_desktop.gui.provision.models import ProvisionMapModel

    path = demo_database(YEARS, SCALE)
    engine, factory = read_only_store(path)
    connection = sqlite3.connect(path)
    besd = group_id("BESD")
    try:
        service = ProvisionService(factory)
        model = ProvisionMapModel()

        def ours() -> ProvisionMapModel:
            model.set_map(service.provision_map(besd))
            return model

        def bare() -> dict[tuple[str, str], list[int]]:
            connection.execute(_GROUP, (besd,)).fetchone()
            json.loads(connection.execute(_DISTRICTS).fetchone()[0])
            connection.execute(_CHOICES, (besd,)).fetchall()
            cells: dict[tuple[str, str], list[int]] = {}
            for row in connection.execute(_ENTRIES, (besd,)):
                tally = cells.setdefault((row[4], row[3]), [0, 0, 0])
                tally[0] += 1
                tally[1] += row[9] or 0
            for row in connection.execute(_GAPS, (besd,)):
                cells.setdefault((row[1], row[2]), [0, 0, 0])[2] += 1
            return cells

        found = ours().provision_map()
        cells = bare()
        if found is None or len(found.entries) != sum(c[0] for c in cells.values()):
            raise RuntimeError("the map and the bare SQL disagree on the entries")
        if len(found.gaps) != sum(c[2] for c in cells.values()) or not found.entries:
            raise RuntimeError("the map and the bare SQL disagree on the gaps")
        comparison = timed_turns(ours, bare, space.repeat)
    finally:
        connection.close()
        engine.dispose()
    ms = comparison.ours_median * 1000
    verdict = "met" if ms < LIMIT_MS else "NOT MET"
    NOTES.append(
        f"open BESD's provision map ({len(found.entries)} entries, {len(found.gaps)} gaps, "
        f"{len(found.recommendations)} recommendations to choose from): {ms:.1f} ms against "
        f"{comparison.baseline_median * 1000:.1f} ms bare, {comparison.ratio:.2f}x "
        f"(under {LIMIT_MS:g} ms: {verdict})"
    )
    return comparison
