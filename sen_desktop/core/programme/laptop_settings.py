"""This laptop's own settings: who uses it, where its templates and backups are, and how
much room its backups may take.

Kept in ``<data folder>/this-laptop.json``, never in the database. Decisions:
- Who uses a laptop is a fact about that laptop, not about the programme: synced, the
  lead's laptop would learn that "Jane Smith, BESD secretary" uses every laptop in turn.
  Bundles carry only the database's operations, so a file beside the database is never
  exported, and needs no schema change.
- A folder path means something only on the laptop that has it (``C:\\Users\\jane\\…``),
  so the templates and backup folders live here too. Empty means the default: the
  ``templates`` and ``backups`` folders inside the data folder.
- "Keep backups up to N MB" (``backup_limit_mb``) bounds all the database's backups
  together (``core/store/backup_rotation.py`` removes the oldest first when over); 0 or
  empty is automatic: ten times the newest backup's size. Megabytes are 1,000,000 bytes,
  as file managers on the council's laptops show them. A bound below the newest backup's
  size is refused (it would keep that one alone), and a new bound is applied to the
  folder when saved, not only at the next backup.
- Restoring the database from a backup is still the same laptop and the same person:
  the file is outside the database and survives it.
- The file is written to a temporary name, fsynced and renamed. One that cannot be
  read (damaged, or from a newer version) reads as "nobody recorded yet", so the window
  still opens and the welcome asks again rather than refusing to start.

``first_run`` is true until the welcome has been answered (or put off with "Not now")
on this data folder. Reading and writing the file needs only the standard library (the
store's modules load only for ``ThisLaptop``), so the data folder and the command line
can ask for the folders without loading SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.errors import StoreError, ValidationError
from sen_desktop.core.validation import require_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session, sessionmaker

FILE_NAME: Final = "this-laptop.json"
FORMAT: Final = 1
TEMPLATES_NAME: Final = "templates"  # as papers/template.py looks for replacements
BACKUPS_NAME: Final = "backups"  # as core/store/datafolder.py keeps them

#: (key, words) for "who uses this laptop": the jobs in docs/architecture.md's table.
ROLES: Final = (
    ("secretary", "Group secretary"),
    ("chair", "Chair"),
    ("lead", "Programme lead"),
    ("officer", "Officer or member"),
)
ROLE_LABELS: Final = dict(ROLES)
MAX_NAME: Final = 100
MAX_BACKUP_LIMIT_MB: Final = 10_000_000  # 10 TB: more than any disk a laptop has
MEGABYTE: Final = 1_000_000
DATABASE_NAME: Final = "sen.sqlite3"  # as core/store/datafolder.py names it


@dataclass(frozen=True)
class LaptopUser:
    name: str
    role: str  # a key of ROLES
    group_ids: tuple[str, ...]  # the groups they support, in the programme's order

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class LaptopSettings:
    user: LaptopUser | None = None
    welcomed: bool = False  # the welcome was answered or put off on this data folder
    templates_folder: str = ""  # "" = <data folder>/templates
    backup_folder: str = ""  # "" = <data folder>/backups
    backup_limit_mb: int = 0  # all the backups together; 0 = automatic
    groups_text: tuple[str, ...] = field(default=(), compare=False)  # names, for showing

    @property
    def first_run(self) -> bool:
        return self.user is None and not self.welcomed


# --- the file --------------------------------------------------------------------------


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def read_laptop_settings(data_dir: Path) -> LaptopSettings:
    """What the file says, or the defaults when there is no readable file."""
    try:
        raw = json.loads(settings_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return LaptopSettings()
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return LaptopSettings()
    return LaptopSettings(
        user=_user_from(raw.get("user")),
        welcomed=raw.get("welcomed") is True,
        templates_folder=_text(raw.get("templates_folder")),
        backup_folder=_text(raw.get("backup_folder")),
        backup_limit_mb=_limit(raw.get("backup_limit_mb")),
    )


def write_laptop_settings(data_dir: Path, settings: LaptopSettings) -> None:
    """Write the file through a temporary file, fsynced and renamed into place."""
    user = settings.user
    data: dict[str, Any] = {
        "format": FORMAT,
        "user": None if user is None else {
            "name": user.name, "role": user.role, "groups": list(user.group_ids),
        },
        "welcomed": settings.welcomed,
        "templates_folder": settings.templates_folder,
        "backup_folder": settings.backup_folder,
        "backup_limit_mb": settings.backup_limit_mb,
    }
    target = settings_path(data_dir)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    try:
        _write_atomically(target, text)
    except OSError as error:
        raise StoreError(
            f"This laptop's settings could not be saved in {target.parent} "
            f"({error.strerror or error}); check the folder is there, has space and can be "
            "written to, then try again."
        ) from error


def _write_atomically(target: Path, text: str) -> None:
    fd, scratch = tempfile.mkstemp(prefix=".this-laptop-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(scratch, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        raise
    if os.name == "posix":  # the rename itself survives a power cut
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def templates_dir(data_dir: Path, settings: LaptopSettings | None = None) -> Path:
    """Where this laptop's replacement templates are looked for."""
    chosen = (settings or read_laptop_settings(data_dir)).templates_folder
    return Path(chosen) if chosen else Path(data_dir) / TEMPLATES_NAME


def backups_dir(data_dir: Path, settings: LaptopSettings | None = None) -> Path:
    """Where this laptop's daily backups go."""
    chosen = (settings or read_laptop_settings(data_dir)).backup_folder
    return Path(chosen) if chosen else Path(data_dir) / BACKUPS_NAME


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _limit(value: object) -> int:
    """A stored limit, or 0 (automatic) for anything a hand-edited file may hold."""
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return value if 0 < value <= MAX_BACKUP_LIMIT_MB else 0


def _user_from(raw: object) -> LaptopUser | None:
    if not isinstance(raw, dict):
        return None
    name, role, groups = raw.get("name"), raw.get("role"), raw.get("groups")
    if not isinstance(name, str) or not name.strip() or role not in ROLE_LABELS:
        return None
    ids = tuple(g for g in groups if isinstance(g, str)) if isinstance(groups, list) else ()
    return LaptopUser(name=name, role=str(role), group_ids=ids)


# --- checks ------------------------------------------------------------------------------


def check_name(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError("Enter your name as text.", field="name")
    name = require_text(value, "name", "your name, as colleagues know you", MAX_NAME)
    return " ".join(name.split())


def check_role(value: object) -> str:
    if value not in ROLE_LABELS:
        words = ", ".join(label.lower() for _, label in ROLES[:-1])
        raise ValidationError(
            f"Choose your role: {words} or {ROLES[-1][1].lower()}.", field="role"
        )
    return str(value)


def check_folder(value: object, field_name: str, *, writable: bool = False) -> str:
    """A folder that exists on this laptop, as a whole path; "" keeps the default."""
    if not isinstance(value, str):
        raise ValidationError("Enter the folder as text.", field=field_name)
    text = value.strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise ValidationError(
            "Enter the folder's whole path (choose it with Browse…), or leave it empty "
            "for the usual folder.",
            field=field_name,
        )
    if not path.is_dir():
        raise ValidationError(
            f"There is no folder {path}; create it first or choose another.",
            field=field_name,
        )
    if writable and not os.access(path, os.W_OK):
        raise ValidationError(
            f"This laptop cannot save files in {path}; choose a folder you can write to.",
            field=field_name,
        )
    return str(path)


def check_backup_limit(value: object) -> int:
    """"Keep backups up to N MB": a whole number of megabytes; empty or 0 = automatic."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
    else:
        text = "?"
    if text.upper().endswith("MB"):
        text = text[:-2].strip()
    if not text:
        return 0
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_BACKUP_LIMIT_MB:
        raise ValidationError(
            "Enter the space for backups as a whole number of megabytes, such as 2000, or "
            "leave it empty to keep ten times the newest backup's size.",
            field="backup_limit_mb",
        )
    return int(text)


def check_limit_holds_a_backup(limit_mb: int, newest_bytes: int | None) -> None:
    """A bound smaller than the newest backup would keep that one alone: refused."""
    if limit_mb and newest_bytes and limit_mb * MEGABYTE < newest_bytes:
        at_least = -(-newest_bytes // MEGABYTE)
        raise ValidationError(
            f"The newest backup alone takes {at_least:,} MB; enter at least {at_least}, or "
            "leave it empty to keep ten times its size.",
            field="backup_limit_mb",
        )


# --- the service -------------------------------------------------------------------------


class ThisLaptop:
    """Who uses this laptop and its folders: read and written on the worker."""

    def __init__(self, session_factory: sessionmaker[Session], data_dir: Path) -> None:
        self._sf = session_factory
        self.data_dir = Path(data_dir)

    def read(self) -> LaptopSettings:
        """The settings, with the names of the user's groups (gone ones left out)."""
        settings = read_laptop_settings(self.data_dir)
        if settings.user is None:
            return settings
        with self._sf() as s:
            names = _live_groups(s, settings.user.group_ids)
        user = replace(settings.user, group_ids=tuple(names))
        return replace(settings, user=user, groups_text=tuple(names.values()))

    def first_run(self) -> bool:
        return read_laptop_settings(self.data_dir).first_run

    def check_user(self, name: str, role: str, group_ids: Iterable[str]) -> LaptopUser:
        """Check a person's answers without saving them (for a form's messages)."""
        clean_name = check_name(name)
        clean_role = check_role(role)
        wanted = list(dict.fromkeys(group_ids))
        with self._sf() as s:
            found = _live_groups(s, wanted)
        missing = [g for g in wanted if g not in found]
        if missing:
            raise ValidationError(
                "One of the groups chosen no longer exists; choose again from the list.",
                field="group_ids",
            )
        if not found and clean_role in ("secretary", "chair"):
            what = "support" if clean_role == "secretary" else "chair"
            raise ValidationError(
                f"Tick the group or groups you {what}.", field="group_ids"
            )
        return LaptopUser(clean_name, clean_role, tuple(found))

    def save_user(self, name: str, role: str, group_ids: Iterable[str]) -> LaptopUser:
        """The welcome's answers: who uses this laptop (and the welcome is done)."""
        user = self.check_user(name, role, group_ids)
        current = read_laptop_settings(self.data_dir)
        write_laptop_settings(self.data_dir, replace(current, user=user, welcomed=True))
        return user

    def skip_welcome(self) -> None:
        """"Not now": no user recorded, and the welcome does not ask again."""
        current = read_laptop_settings(self.data_dir)
        write_laptop_settings(self.data_dir, replace(current, welcomed=True))

    def save(
        self,
        name: str,
        role: str,
        group_ids: Iterable[str],
        templates_folder: str,
        backup_folder: str,
        backup_limit: str | int = "",
    ) -> LaptopSettings:
        """Edit ▸ Settings…, this laptop's part: all checked before anything is written.
        An empty name with no groups records nobody (the laptop is shared)."""
        templates = check_folder(templates_folder, "templates_folder")
        backups = check_folder(backup_folder, "backup_folder", writable=True)
        limit = check_backup_limit(backup_limit)
        ids = list(group_ids)
        user = None if not name.strip() and not ids else self.check_user(name, role, ids)
        settings = LaptopSettings(
            user=user, welcomed=True, templates_folder=templates, backup_folder=backups,
            backup_limit_mb=limit,
        )
        from sen_desktop.core.store import backups as store_backups

        database = self.data_dir / DATABASE_NAME
        folder = backups_dir(self.data_dir, settings)
        check_limit_holds_a_backup(limit, store_backups.newest_size(database, folder))
        before = read_laptop_settings(self.data_dir).backup_limit_mb
        write_laptop_settings(self.data_dir, settings)
        if limit != before:  # a new bound holds from now, not from the next backup
            store_backups.rotate_quietly(database, folder)
        return self.read()


def _live_groups(s: Session, ids: Iterable[str]) -> dict[str, str]:
    """id -> name of the groups among ``ids`` that still exist, in the programme's order."""
    from sqlalchemy import select

    from sen_desktop.core.store.models import Group

    wanted = list(ids)
    if not wanted:
        return {}
    rows = s.execute(
        select(Group.id, Group.name)
        .where(Group.id.in_(wanted), Group.deleted.is_(False))
        .order_by(Group.position, Group.code)
    )
    return {gid: name for gid, name in rows}
