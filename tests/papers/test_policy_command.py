"""`sen-desktop paper policy --group REF [--version N] --out FILE` and `sen-desktop list
policies`: one line on success, exit 2 with one sentence for a group with no policy, a
version it does not have, or a version that is not a whole number."""

from __future__ import annotations

from typing import TYPE_CHECKING

import docx

from sen_desktop.app import main
from sen_desktop.core.policies.service import PolicyService
from sen_desktop.core.programme.seed import group_id

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from store_helpers import Store


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as stopped:  # argparse's refusals
        code = int(stopped.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_writes_a_version_and_lists_the_policies(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service = PolicyService(store.session_factory)
    detail = service.start(group_id("CL"), "Cognition and learning policy")
    service.save_section(detail.current.id, "purpose", "Quillbrook first.")
    service.record_step(detail.id, "agreed")
    service.new_draft(detail.id)
    store.db.close()
    out = tmp_path / "policy.docx"
    code, stdout, stderr = run(capsys, "--data-dir", store.data_dir, "paper", "policy",
                               "--group", "cl", "--version", "1", "--out", out)
    assert (code, stderr) == (0, "")
    assert stdout == f"Wrote {out} (policy document CL/POLICY-1, version 1, public)\n"
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Quillbrook first." in texts
    code, stdout, stderr = run(capsys, "--data-dir", store.data_dir, "list", "policies")
    assert (code, stderr) == (0, "")
    assert stdout == "CL\tCognition and learning policy (version 2: Draft)\n"


def test_refusals_are_one_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    PolicyService(store.session_factory).start(group_id("BESD"))
    store.db.close()
    out = tmp_path / "policy.docx"
    for args, words in (
        (("--group", "ASD"), "has no policy document yet"),
        (("--group", "BESD", "--version", "4"), "has no version 4; its versions are 1"),
        (("--group", "BESD", "--version", "two"), "a version is a whole number from 1"),
        (("--group", "NOPE"), "No group NOPE"),
    ):
        code, stdout, stderr = run(capsys, "--data-dir", store.data_dir, "paper", "policy",
                                   *args, "--out", out)
        assert (code, stdout) == (2, ""), args
        assert stderr.count("\n") == 1 and words in stderr, (args, stderr)
    assert not out.exists()
