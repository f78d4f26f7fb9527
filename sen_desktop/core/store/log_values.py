"""How a column value travels in the operation log: as JSON text (docs/architecture.md
"Sync-by-export"); ``core.store.oplog`` writes them, ``sync`` reads them."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Boolean, Column, Date, Integer, String, Time

if TYPE_CHECKING:
    from collections.abc import Callable

# One encoder, made once: json.dumps with options builds a new encoder on every call.
to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_value(column: Column[Any], value: Any) -> str:
    """The JSON text of a column value as it travels in an operation."""
    if value is None or isinstance(value, bool | int | str):
        return to_json(value)
    if isinstance(value, dt.datetime):
        raise TypeError(f"{column.name}: date-times travel as ISO text, not datetime.")
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"'
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise TypeError(f"{column.name}: times are local wall-clock times, without a zone.")
        spec = "minutes" if value.second == 0 and value.microsecond == 0 else "auto"
        return f'"{value.isoformat(timespec=spec)}"'
    raise TypeError(f"{column.name}: cannot record a {type(value).__name__} in the log.")


def decode_value(column: Column[Any], text: str) -> Any:
    """The column-typed value of an operation's JSON; ValueError if it does not fit.

    Read by orjson (strict JSON, a tenth of the standard library's time on the short
    texts a log is made of): what it refuses that ``json`` would take (NaN, integers
    past 64 bits) fits no column anyway."""
    return decoder(column)(text)


def decoder(column: Column[Any]) -> Callable[[str], Any]:
    """``decode_value`` for one column, its type looked at once: for a caller decoding
    many values of the same field (an import)."""
    kind = column.type
    name = column.name
    expected: type | None
    convert: Callable[[str], Any] | None = None
    if isinstance(kind, Boolean):
        expected = bool
    elif isinstance(kind, Integer):
        expected = int
    elif isinstance(kind, Date):
        expected, convert = str, dt.date.fromisoformat
    elif isinstance(kind, Time):
        expected, convert = str, dt.time.fromisoformat
    elif isinstance(kind, String):
        expected = str
    else:
        expected = None
    loads = orjson.loads

    def decode(text: str) -> Any:
        raw: Any = loads(text)
        if raw is None:
            return None
        if expected is None:
            raise TypeError(f"{name}: the log does not know {kind!r} columns.")
        # bool is an int in Python; a flag must not pass as a number or the reverse.
        if type(raw) is not expected:
            raise ValueError(f"{name}: expected {expected.__name__}, got {raw!r}.")
        return raw if convert is None else convert(str(raw))

    return decode


__all__ = ["decode_value", "decoder", "encode_value", "to_json"]
