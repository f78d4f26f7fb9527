"""`sen-desktop paper provision-map --group REF --out FILE`: one line on success, exit 2
with one sentence for a group that has no map or does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

import docx

from sen_desktop.app import main
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.provision.records import EntryFields
from sen_desktop.core.provision.service import ProvisionService

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from store_helpers import Store


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_writes_the_groups_map(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ProvisionService(store.session_factory).add_entry(group_id("CL"), EntryFields(
        name="Quillbrook unit", tier="specialist_in_mainstream", district="Maidstone",
        need_types=("MLD",), places="14",
    ))
    store.db.close()
    out = tmp_path / "map.docx"
    code, stdout, stderr = run(capsys, "--data-dir", store.data_dir, "paper", "provision-map",
                               "--group", "cl", "--out", out)
    assert (code, stderr) == (0, "")
    assert stdout == f"Wrote {out} (provision map CL/PM, version 1, public)\n"
    tables = docx.Document(str(out)).tables  # the map, then the provision (no gaps)
    cells = [c.text for row in tables[1].rows for c in row.cells]
    assert "Quillbrook unit" in cells


def test_refusals_are_one_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.db.close()
    out = tmp_path / "map.docx"
    code, stdout, stderr = run(capsys, "--data-dir", store.data_dir, "paper", "provision-map",
                               "--group", "SG", "--out", out)
    assert (code, stdout) == (2, "")
    assert stderr.count("\n") == 1 and "not a need dimension working group" in stderr
    code, _, stderr = run(capsys, "--data-dir", store.data_dir, "paper", "provision-map",
                          "--group", "NOPE", "--out", out)
    assert code == 2 and "No group NOPE" in stderr and stderr.count("\n") == 1
    assert not out.exists()
