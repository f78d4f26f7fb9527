"""Benchmark of a consultation's analysis on ten years of data (issue 15).

Choosing a consultation on the Consultations page reads it whole
(``ConsultationService.detail``: the consultation, its documents, events, themes and
responses, the programme's districts) and counts its responses by audience, district
and theme (``analysis.analyse``). The baseline is bare sqlite3 counting the same
responses with GROUP BY. The data is the ten-year demo programme (``bench.demo_data``)
with the Action Plan's two consultations (core/consultations/demo.py); when the demo
generator does not write them yet, they are added to a copy of the demo database in a
temporary folder, so the cached demo and the workspace stay as they were.

Target: under 100 ms (the tabs of the chosen consultation filled without a visible
wait). The ratio to the bare counts is reported, not a target: ours builds a record of
every response (the page's table shows them), the baseline only counts.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING, Any

from bench import NOTES, Comparison, Workspace, benchmark, timed_turns
from bench.demo_data import demo_database, demo_size, read_only_store

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sen_desktop.core.store import models as m

YEARS, SCALE = demo_size(10, 1)
LIMIT_MS = 100.0
REFERENCE = "C2"  # all partners and stakeholders: the larger of the two

_RESPONSES = (
    "SELECT respondent_type, district, themes FROM consultation_response "
    "WHERE consultation_id = ? AND deleted IS 0"
)


def _with_consultations(path: Path, folder: Path) -> Path:
    """``path`` if its programme has consultations, else a copy with the demo's two."""
    with sqlite3.connect(path) as connection:
        held = connection.execute(
            "SELECT count(*) FROM consultation WHERE deleted IS 0").fetchone()[0]
    if held:
        return path
    from sen_desktop.core.consultations.demo import demo_consultations
    from sen_desktop.core.programme.data import GROUPS
    from sen_desktop.core.programme.seed import group_id
    from sen_desktop.core.store.oplog import insert_new_rows, install_capture

    copy = folder / path.name
    shutil.copyfile(path, copy)
    engine, factory = read_only_store(copy)
    install_capture(factory)
    ids = Random(2010)
    try:
        with factory.begin() as s:
            def write(model: type[m.Synced], rows: Sequence[Mapping[str, Any]]) -> None:
                insert_new_rows(s, model, rows)

            demo_consultations(s, 2010, lambda: str(uuid.UUID(int=ids.getrandbits(128),
                                                              version=4)),
                               {g.code: group_id(g.code) for g in GROUPS}, write)
    finally:
        engine.dispose()
    return copy


@benchmark(
    "analyse a consultation",
    ours="ConsultationService.detail + analyse (audience, district, theme)",
    baseline="the responses counted by bare sqlite3",
)
def analyse_consultation(space: Workspace) -> Comparison:
    from sen_desktop.core.consultations.analysis import analyse
    from sen_desktop.core.consultations.service import ConsultationService

    with tempfile.TemporaryDirectory(prefix="sen-bench-consultations-") as scratch:
        path = _with_consultations(demo_database(YEARS, SCALE), Path(scratch))
        engine, factory = read_only_store(path)
        connection = sqlite3.connect(path)
        try:
            service = ConsultationService(factory)
            consultation = service.by_reference(REFERENCE).id

            def ours() -> Any:
                return analyse(service.detail(consultation))

            def bare() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
                audiences: dict[str, int] = {}
                districts: dict[str, int] = {}
                themes: dict[str, int] = {}
                for kind, district, tagged in connection.execute(_RESPONSES, (consultation,)):
                    audiences[kind] = audiences.get(kind, 0) + 1
                    districts[district] = districts.get(district, 0) + 1
                    for theme in json.loads(tagged):
                        themes[theme] = themes.get(theme, 0) + 1
                return audiences, districts, themes

            found = ours()
            audiences, _districts, _themes = bare()
            if found.total != sum(audiences.values()) or not found.total:
                raise RuntimeError("the analysis and the bare SQL disagree on the responses")
            comparison = timed_turns(ours, bare, space.repeat)
        finally:
            connection.close()
            engine.dispose()
    ms = comparison.ours_median * 1000
    verdict = "met" if ms < LIMIT_MS else "NOT MET"
    NOTES.append(
        f"analyse consultation {REFERENCE} ({found.total} responses, "
        f"{len(found.by_theme)} theme rows) on a {YEARS}-year programme: {ms:.1f} ms against "
        f"{comparison.baseline_median * 1000:.2f} ms bare, {comparison.ratio:.1f}x "
        f"(under {LIMIT_MS:g} ms: {verdict})"
    )
    return comparison
