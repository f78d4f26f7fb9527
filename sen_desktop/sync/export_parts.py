"""The parts of an export (docs/TRUST.md "Bounds"), split from ``sync.exporting``.

An export larger than one bundle holds is a numbered series: ``split_parts`` cuts its
operations into parts (a row's operations kept together), ``with_parents`` adds to a part
the histories of the parent rows its rows refer to, so each part imports on its own in any
order, and ``write_part`` writes one part to a temporary file beside its final name,
fsynced, for the export to rename once every part is ready. The temporary names say
which process wrote them (``core/store/litter.py``: ``.NAME.senbundle.PID-HOST.part``
and its payload ``….zip``), so start-up removes them once a killed export has ended.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sen_desktop.core.store.litter import part_name, payload_prefix
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import BundleHeader, PayloadWriter

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.core.progress import Progress
    from sen_desktop.sync.operations import OpRow


def split_parts(ops: list[OpRow], limit: int) -> list[list[OpRow]]:
    """Parts of at most ``limit`` operations, a row's operations kept together (a row
    with more than ``limit`` has a part of its own); one (maybe empty) part if they fit."""
    if len(ops) <= limit:
        return [ops]
    by_row: dict[tuple[str, str], list[OpRow]] = {}
    for op in ops:
        by_row.setdefault((op.entity, op.row_id), []).append(op)
    parts: list[list[OpRow]] = []
    current: list[OpRow] = []
    for row_ops in by_row.values():
        if current and len(current) + len(row_ops) > limit:
            parts.append(current)
            current = []
        current.extend(row_ops)
    if current:
        parts.append(current)
    for part in parts:
        part.sort(key=lambda op: (op.hlc, op.site_id, op.counter))
    return parts


def with_parents(
    session: Session,
    ops: list[OpRow],
    includes: Callable[[OpRow], bool] | None,
    counts: Callable[[OpRow], bool] | None = None,
) -> list[OpRow]:
    """One part's operations and the histories of the parent rows its rows refer to."""
    from sen_desktop.sync.export_plan import parent_rows, row_histories

    rows: dict[str, set[str]] = defaultdict(set)
    for op in ops:
        rows[op.entity].add(op.row_id)
    parents = parent_rows(session, rows)
    have = {op.op_id for op in ops}
    extra = [
        op
        for op in row_histories(session, parents)
        if op.site_id != GENESIS_SITE
        and op.op_id not in have
        and (includes is None or includes(op))
        and (counts is None or counts(op))
    ]
    if not extra:
        return ops
    out = ops + extra
    out.sort(key=lambda op: (op.hlc, op.site_id, op.counter))
    return out


def write_part(
    final: Path,
    header: BundleHeader,
    manifest: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
    batches: Sequence[Mapping[str, Any]],
    ops: Sequence[OpRow],
    ages: Sequence[str],
    sign: Callable[[bytes], bytes],
    progress: Progress,
) -> Path:
    """One part, written to a temporary file beside ``final`` and fsynced; its path."""
    folder = final.parent
    handle, zip_name = tempfile.mkstemp(prefix=payload_prefix(final), suffix=".zip", dir=folder)
    os.close(handle)
    zip_path = Path(zip_name)
    temporary = folder / part_name(final)
    try:
        with PayloadWriter(zip_path) as payload:
            payload.manifest(manifest)
            payload.items("registry.ndjson", items)
            payload.items("batches.ndjson", batches)
            payload.lines("ops.ndjson", map(fmt.op_line, ops))
        progress.check()
        with temporary.open("wb") as out:
            fmt.write_bundle(out, header, zip_path, ages, sign)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    finally:
        with suppress(OSError):
            zip_path.unlink()
    return temporary


__all__ = ["split_parts", "with_parents", "write_part"]
