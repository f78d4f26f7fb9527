"""One operation as it travels, and reading the operation log (docs/architecture.md
"Sync-by-export").

``OpRow`` is an operation as bundles carry it and the ``operation`` table stores it;
``validate`` checks one against the whitelist of entities and fields and the bounds of
docs/TRUST.md ("Bounds"); ``knowledge`` and ``ops_since`` read the log for an export.
Split from ``sync.merge`` (docs/contributing.md rule 10), which folds operations into the tables;
``merge`` still offers these names.
"""

from __future__ import annotations

import gc
import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import Column, Table, func, select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store.hlc import LOGICAL_DIGITS, MILLIS_DIGITS
from sen_desktop.core.store.log_values import decoder
from sen_desktop.core.store.models import ENTITY_BY_TABLE, Operation
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync.fields import CHOICES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_OPERATION = cast("Table", Operation.__table__)

MAX_ID = 36
MAX_FIELD = 60

# Bounds (docs/TRUST.md "Bounds"): what one operation may hold, whoever made it.
MAX_COUNTER = 2**53  # counters are below it: exact in every JSON reader, and never exhausted
MAX_VALUE_CHARS = 1024 * 1024  # a value's JSON text
MAX_DEPTH = 32  # a value's JSON nesting, checked before any parser recurses into it
MIN_MILLIS = 946_684_800_000  # 2000-01-01T00:00:00Z: no stamp of a real operation is older
_MIN_HLC = f"{MIN_MILLIS:013d}.00000"


class OpRow(NamedTuple):
    """One operation as it travels: the ``operation`` table's columns, value as JSON text.

    A named tuple, not a dataclass: an import makes one per operation (100,000 in a big
    bundle), and a tuple is made four times faster; ``_replace`` makes a changed copy.
    """

    op_id: str
    site_id: str
    counter: int
    entity: str
    row_id: str
    field: str
    value: str
    hlc: str
    prev: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "op_id": self.op_id,
            "site_id": self.site_id,
            "counter": self.counter,
            "entity": self.entity,
            "row_id": self.row_id,
            "field": self.field,
            "value": self.value,
            "hlc": self.hlc,
            "prev": list(self.prev),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OpRow:
        """An OpRow from parsed JSON; ValidationError if any key is missing or mistyped."""
        if not isinstance(data, Mapping):
            raise ValidationError("An operation is not a JSON object.")
        expected = {
            "op_id": str,
            "site_id": str,
            "counter": int,
            "entity": str,
            "row_id": str,
            "field": str,
            "value": str,
            "hlc": str,
            "prev": list,
        }
        if set(data) != set(expected):
            raise ValidationError(
                f"An operation has the keys {sorted(map(str, data))}, not {sorted(expected)}."
            )
        for key, kind in expected.items():
            if type(data[key]) is not kind:
                raise ValidationError(f"An operation's {key} is not a {kind.__name__}.", key)
        prev = data["prev"]
        if not all(type(p) is str for p in prev):
            raise ValidationError("An operation's prev is not a list of operation ids.", "prev")
        return cls(
            op_id=data["op_id"],
            site_id=data["site_id"],
            counter=data["counter"],
            entity=data["entity"],
            row_id=data["row_id"],
            field=data["field"],
            value=data["value"],
            hlc=data["hlc"],
            prev=tuple(prev),
        )


# --- bulk work ---------------------------------------------------------------------------


class _CollectorPause:
    """Pause the cyclic garbage collector while a bulk import or export runs.

    Such work makes a few hundred thousand small objects that all stay alive until it
    ends, and each full collection on the way walks every one of them for nothing
    (about a tenth of an import of 100,000 operations). Re-entrant and thread-safe: the
    collector runs again when the last pause ends, if it was running before the first.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._was_enabled = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0 and self._was_enabled:
                    # Everything made during the pause is in the youngest generation, and
                    # the first collection after it would walk all of it (another tenth
                    # of an import) just as most of it is about to be freed. Freezing and
                    # unfreezing moves it to the oldest generation unwalked; a full
                    # collection, rare, finds whatever cycles remain.
                    gc.freeze()
                    gc.unfreeze()
                    gc.enable()


collector_paused = _CollectorPause()


# The hot paths (export, import, replay) talk to SQLite directly with ``executemany`` and
# plain tuples: the operation log's columns are text and integers, so there is nothing
# for Core's type processing to do, and at 100,000 operations its per-row cost would
# be most of the import.
OP_COLUMNS = "op_id, site_id, counter, entity, row_id, field, value, hlc, prev"
SELECT_OPS = f"SELECT {OP_COLUMNS} FROM operation"

# What capture writes for an operation that overwrote nothing (most of a log).
NO_PREV = "[]"
_MISSING: Any = object()


# --- reading the log -------------------------------------------------------------------


def knowledge(session: Session) -> dict[str, int]:
    """Per site, the counter up to which this laptop holds *every* operation.

    A laptop given part of the programme (a scoped export), or one that imported
    everything from such a laptop, holds a site's operations with gaps; its highest
    counter would claim the gaps too, and whoever trusted it would never fill them.
    Counters run 1, 2, 3 … per site, so where the count equals the highest there is no
    gap; otherwise the first gap is found along the (site, counter) index.
    """
    conn = session.connection()
    rows = conn.execute(
        select(
            _OPERATION.c.site_id,
            func.max(_OPERATION.c.counter),
            func.count(),
            func.min(_OPERATION.c.counter),
        ).group_by(_OPERATION.c.site_id)
    ).all()
    out: dict[str, int] = {}
    for site, top, count, bottom in rows:
        if int(count) == int(top):
            out[site] = int(top)
        elif int(bottom) > 1:
            out[site] = 0
        else:
            out[site] = int(
                conn.exec_driver_sql(
                    "SELECT o.counter FROM operation AS o WHERE o.site_id = ? AND NOT EXISTS "
                    "(SELECT 1 FROM operation AS p WHERE p.site_id = o.site_id "
                    "AND p.counter = o.counter + 1) ORDER BY o.counter LIMIT 1",
                    (site,),
                ).scalar_one()
            )
    return {site: counter for site, counter in out.items() if counter > 0}


def op_from_row(row: Sequence[Any]) -> OpRow:
    """An OpRow from the operation table's columns, in ``_OP_COLUMNS`` order."""
    prev = row[8]
    return _make(OpRow, (*row[:8], () if prev == NO_PREV else tuple(json.loads(prev))))


_make = tuple.__new__  # an OpRow from a built tuple, without NamedTuple's argument handling


def ops_since(session: Session, known: Mapping[str, int]) -> list[OpRow]:
    """The operations a laptop with knowledge ``known`` lacks, in (HLC, site, counter) order."""
    with collector_paused():
        return _ops_since(session, known)


def _ops_since(session: Session, known: Mapping[str, int]) -> list[OpRow]:
    # The session's own DB-API connection, in its transaction: plain tuples, sorted
    # before they become OpRows (an export of everything is the whole log).
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute("SELECT DISTINCT site_id FROM operation")
        sites = sorted(site for (site,) in cursor.fetchall())
        rows: list[Sequence[Any]] = []
        for site in sites:
            cursor.execute(
                f"{SELECT_OPS} WHERE site_id = ? AND counter > ? ORDER BY counter",
                (site, int(known.get(site, 0))),
            )
            rows.extend(cursor.fetchall())
    finally:
        cursor.close()
    # (hlc, site_id, counter), as merge orders operations: the rows are in (site, counter)
    # order already, and a stable sort on the stamp alone keeps that order among equal
    # stamps -- without a key tuple per row, and a site's stamps mostly rise with its
    # counter, so the sort mostly merges runs.
    rows.sort(key=_HLC_OF_ROW)
    return [op_from_row(row) for row in rows]


_HLC_OF_ROW = itemgetter(7)


# --- validation ---------------------------------------------------------------------------

# Timestamp.parse's pattern: fixed-width digits, so a match is always in range.
# ASCII only: ``\d`` alone matches Arabic-Indic and other digits, and a stamp of those
# sorts after every real one, so it could never be overridden (issue 10).
_HLC_TEXT = re.compile(rf"\d{{{MILLIS_DIGITS}}}\.\d{{{LOGICAL_DIGITS}}}", re.ASCII)
_hlc_matches = _HLC_TEXT.fullmatch


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deeply ``text``'s arrays and objects nest (0 for a scalar), read without
    recursion, so a hostile value is measured before any parser recurses into it."""
    if "[" not in text and "{" not in text:
        return 0
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether ``text`` nests deeper than ``limit``: counted brackets first (a long text
    with few brackets, like a batch's digests, is not scanned), exactly otherwise."""
    if text.count("[") + text.count("{") <= limit:
        return False
    return json_depth(text) > limit


class _Rule(NamedTuple):
    """What an operation on one field must meet, looked up once per field."""

    column: Column[Any]
    decode: Callable[[str], Any]  # log_values.decoder of the column, made once
    nullable: bool
    choices: frozenset[str] | None
    length: int | None
    # Short JSON texts already decoded for this field ("", false, a status, a date):
    # a log repeats them endlessly. Values are immutable; the cache is bounded.
    decoded: dict[str, Any]
    # Of those, the ones that met every check of the field (bounded the same way).
    valid: dict[str, Any]


_SHORT = 40  # characters: a quoted id fits
_KEEP = 512  # decoded texts kept per field


_RULES: dict[tuple[str, str], _Rule] = {}  # only known fields: bounded by the schema


def _rule(entity: str, field: str) -> _Rule:
    rule = _RULES.get((entity, field))
    if rule is None:
        column = column_of(entity, field)
        rule = _Rule(
            column,
            decoder(column),
            bool(column.nullable),
            CHOICES.get((entity, field)),
            getattr(column.type, "length", None),
            {},
            {},
        )
        _RULES[(entity, field)] = rule
    return rule


def column_of(entity: str, field: str) -> Column[Any]:
    model = ENTITY_BY_TABLE.get(entity)
    if model is None:
        raise ValidationError(f"An operation names an unknown kind of record {entity!r}.")
    column = cast("Table", model.__table__).c.get(field)
    if column is None or column.primary_key:
        raise ValidationError(f"An operation names an unknown field {entity}.{field}.", field)
    return column


def _decode(rule: _Rule, text: str) -> Any:
    """``decode_value`` for the rule's column, remembering short texts."""
    value = rule.decoded.get(text, _MISSING)
    if value is _MISSING:
        value = rule.decode(text)  # raises before anything is kept
        if len(text) <= _SHORT and len(rule.decoded) < _KEEP:
            rule.decoded[text] = value
    return value


def validate(op: OpRow) -> Any:
    """Check one operation against the whitelist; returns its decoded value."""
    # Every import runs this on each operation: attributes and rules are read once into
    # locals, and a value text decoded before for its field is not decoded again.
    op_id = op.op_id
    site_id = op.site_id
    counter = op.counter
    if not site_id or len(site_id) > MAX_ID or ":" in site_id:
        raise ValidationError(f"Operation {op_id!r} has a malformed site id.")
    if counter < 1 or op_id != f"{site_id}:{counter}":
        raise ValidationError(f"Operation {op_id!r} does not match its site and counter.")
    if counter >= MAX_COUNTER:
        raise ValidationError(f"Operation {op_id[:60]!r} has a counter beyond 2^53.")
    row_id = op.row_id
    if not row_id or len(row_id) > MAX_ID:
        raise ValidationError(f"Operation {op_id!r} has a malformed row id.")
    if _hlc_matches(op.hlc) is None:
        raise ValidationError(f"Operation {op_id!r} has a malformed clock stamp.")
    return validate_shaped(op)


def validate_shaped(op: OpRow) -> Any:
    """``validate`` of an operation read by ``bundle.parse_ops``, which already checked its
    id, site, counter, row id, names and stamp as ``validate`` does: the rest (the field
    is known, the stamp's year, prev, the value) is checked here."""
    entity = op.entity
    field = op.field
    rule = _RULES.get((entity, field))
    if rule is None:
        rule = _rule(entity, field)
    op_id = op.op_id
    hlc = op.hlc
    if hlc < _MIN_HLC and op.site_id != GENESIS_SITE:
        raise ValidationError(f"Operation {op_id!r} is stamped before the year 2000.")
    prev = op.prev
    if prev and any(not p or len(p) > MAX_FIELD or p == op_id for p in prev):
        raise ValidationError(f"Operation {op_id!r} has a malformed prev list.")
    text = op.value
    value = rule.valid.get(text, _MISSING)
    if value is not _MISSING:
        return value
    value = _checked_value(rule, op_id, entity, field, text)
    if len(text) <= _SHORT and len(rule.valid) < _KEEP:
        rule.valid[text] = value
    return value


def _checked_value(rule: _Rule, op_id: str, entity: str, field: str, text: str) -> Any:
    """The value ``text`` holds, checked against the field's rule."""
    value = rule.decoded.get(text, _MISSING)
    if value is _MISSING:
        if len(text) > MAX_VALUE_CHARS:
            raise ValidationError(
                f"Operation {op_id!r} gives {entity}.{field} a value longer than 1 MB.", field
            )
        if too_deep(text):
            raise ValidationError(
                f"Operation {op_id!r} gives {entity}.{field} a value nested more than "
                f"{MAX_DEPTH} levels deep.",
                field,
            )
        try:
            value = _decode(rule, text)
        except (ValueError, TypeError, RecursionError, OverflowError) as exc:
            raise ValidationError(
                f"Operation {op_id!r} gives {entity}.{field} a value of the wrong type.",
                field,
            ) from exc
    if value is None:
        if not rule.nullable:
            raise ValidationError(
                f"Operation {op_id!r} leaves {entity}.{field} empty, which it may not be.",
                field,
            )
        return value
    choices = rule.choices
    if choices is not None and value not in choices:
        raise ValidationError(
            f"Operation {op_id!r} gives {entity}.{field} the unknown value {value!r}.",
            field,
        )
    length = rule.length
    if length is not None and isinstance(value, str) and len(value) > length:
        raise ValidationError(
            f"Operation {op_id!r} gives {entity}.{field} more than {length} characters.",
            field,
        )
    return value


__all__ = [
    "MAX_COUNTER",
    "MAX_DEPTH",
    "MAX_VALUE_CHARS",
    "MIN_MILLIS",
    "NO_PREV",
    "OP_COLUMNS",
    "SELECT_OPS",
    "OpRow",
    "collector_paused",
    "column_of",
    "json_depth",
    "knowledge",
    "op_from_row",
    "ops_since",
    "too_deep",
    "validate",
    "validate_shaped",
]
