"""Writing a paper to disk safely, and recording it with its version.

``publish`` is the one way a generator finishes: it settles the version printed in the
footer, writes the file through ``write_docx`` and records it with ``PaperRegistry``.

Versions: a paper is identified by (kind, reference, confidential). The bytes of a
paper are deterministic (``docx_bytes`` writes the package with fixed zip timestamps), so
"unchanged" simply means "the same bytes as the latest recorded version when printed with
that version number". ``publish`` renders once with the latest version in the footer; if
the sha256 matches, the paper is unchanged: the file is written and the existing record
returned (no new version). Otherwise the footer is moved on to the next version and the
package written again; that version is recorded. Regenerating an unchanged paper
therefore never raises its version, and the recorded sha256 is the file's own.

Writing: bytes go to a temporary file in the target's folder (``.~STEM.PID-HOST.….tmp``,
the folder remembered first in the data folder so that start-up removes the file if a
kill leaves it: ``core/store/litter.py``), are flushed to disk and renamed over the
target with ``os.replace``. A target open in Word (Windows refuses the
rename), a read-only folder, a folder given as the file, or a full disk raise
``PaperWriteError`` with one sentence, and any existing file is left as it was.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.errors import SenError
from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.minutes.service import MinutesService
from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.programme.service import ProgrammeService
from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.core.store.litter import (
    database_folder,
    remember_written_folder,
    temporary_prefix,
)
from sen_desktop.core.store.models import Paper
from sen_desktop.papers.columns import fit_columns
from sen_desktop.papers.document import set_version

if TYPE_CHECKING:
    from collections.abc import Callable

    from docx.document import Document

#: 1980-01-01, the earliest time a zip entry can carry: every package the same bytes.
_ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)
DEFAULT_AUTHORITY: Final = "Kent County Council"


class PaperWriteError(SenError):
    """The paper could not be written; any existing file is untouched."""


# --- the services a paper reads --------------------------------------------------------


@dataclass(frozen=True)
class PaperServices:
    """The core services generators read from, over one database."""

    session_factory: sessionmaker[Session]
    programme: ProgrammeService
    people: PeopleService
    meetings: MeetingService
    minutes: MinutesService
    actions: ActionService
    recommendations: RecommendationService

    @classmethod
    def from_session_factory(
        cls,
        session_factory: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> PaperServices:
        return cls(
            session_factory=session_factory,
            programme=ProgrammeService(session_factory, today=today),
            people=PeopleService(session_factory),
            meetings=MeetingService(session_factory, today=today),
            minutes=MinutesService(session_factory),
            actions=ActionService(session_factory, today=today),
            recommendations=RecommendationService(session_factory, today=today),
        )

    @property
    def registry(self) -> PaperRegistry:
        return PaperRegistry(self.session_factory)

    def authority(self) -> str:
        """The programme setting authority_name ("Kent County Council")."""
        try:
            value = self.programme.setting("authority_name")
        except SenError:
            return DEFAULT_AUTHORITY
        return value if isinstance(value, str) and value.strip() else DEFAULT_AUTHORITY


def paper_services(source: Any) -> PaperServices:
    """``PaperServices`` from a session factory, a ``PaperServices``, or anything with
    the services as attributes and ``db.session_factory`` (the GUI's OpenProgramme)."""
    if isinstance(source, PaperServices):
        return source
    if isinstance(source, sessionmaker):
        return PaperServices.from_session_factory(source)
    db = getattr(source, "db", None)
    factory = getattr(db, "session_factory", None) or getattr(source, "session_factory", None)
    if not isinstance(factory, sessionmaker):
        raise TypeError("papers need a session factory, PaperServices or an open programme")
    built = PaperServices.from_session_factory(factory)
    given = {
        name: getattr(source, name)
        for name in ("programme", "people", "meetings", "minutes", "actions", "recommendations")
        if getattr(source, name, None) is not None
    }
    return replace(built, **given)


# --- bytes and files -------------------------------------------------------------------


class _FixedTimeZip:
    """python-docx's physical package writer, with every entry dated 1980-01-01 so that
    the same document always gives the same bytes (and the same sha256)."""

    def __init__(self, target: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def docx_bytes(document: Document) -> bytes:
    """The document as .docx bytes, the same bytes for the same content."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    buffer = io.BytesIO()
    try:
        for part in package.parts:
            part.before_marshal()
        writer: Any = _FixedTimeZip(buffer)
        steps: Any = PackageWriter
        # The three steps of PackageWriter.write, with our writer in place of its zip.
        steps._write_content_types_stream(writer, package.parts)
        steps._write_pkg_rels(writer, package.rels)
        steps._write_parts(writer, package.parts)
        writer.close()
    except AttributeError:  # a python-docx without these steps: save, then re-date
        return _redated(document)
    return buffer.getvalue()


def _redated(document: Document) -> bytes:
    plain = io.BytesIO()
    document.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(
        out, "w", compression=zipfile.ZIP_DEFLATED
    ) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item))
    return out.getvalue()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_docx(document: Document, path: Path) -> str:
    """Write ``document`` to ``path`` safely (see the module notes); returns the file's
    sha256 (hex). Raises PaperWriteError with one clear sentence."""
    fit_columns(document)
    data = docx_bytes(document)
    write_bytes(data, Path(path))
    return sha256_hex(data)


def write_bytes(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    target = Path(path)
    if target.is_dir():
        raise PaperWriteError(
            f"{target} is a folder; choose a file name such as {target / 'paper.docx'}."
        )
    folder = target.parent
    if not folder.is_dir():
        raise PaperWriteError(f"The folder {folder} does not exist; choose another folder.")
    try:
        # The name says which process wrote it: start-up removes it if that one has
        # ended (core/store/litter.py), never while it is still writing.
        handle, temp_name = tempfile.mkstemp(
            dir=folder, prefix=temporary_prefix(target), suffix=".tmp"
        )
    except OSError as error:
        raise _write_error(error, target) from error
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            # mkstemp makes the file private (0600); a paper is an ordinary document.
            if _CAN_FCHMOD:
                os.chmod(stream.fileno(), _file_mode(target))
            os.fsync(stream.fileno())
        if not _CAN_FCHMOD:
            os.chmod(temp, _file_mode(target))
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _write_error(error, target) from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


_CAN_FCHMOD: Final = os.chmod in os.supports_fd


def _file_mode(target: Path) -> int:
    """The mode a new file gets from the user's umask (0644 under the usual 022); a file
    being replaced keeps its own."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        pass
    return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_error(error: OSError, target: Path) -> PaperWriteError:
    kept = " The existing file was not changed." if target.exists() else ""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return PaperWriteError(
            f"The disk is full, so {target.name} could not be saved; free some space "
            f"or choose another folder.{kept}"
        )
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        if target.exists():
            return PaperWriteError(
                f"{target} could not be replaced: it may be open in Word or another "
                f"program, or the folder is read-only. Close it and try again, or choose "
                f"another name.{kept}"
            )
        return PaperWriteError(
            f"You cannot save in the folder {target.parent}: it is read-only or you do not "
            "have permission. Choose another folder."
        )
    if error.errno == errno.EROFS:
        return PaperWriteError(
            f"The folder {target.parent} is on a read-only disk; choose another folder.{kept}"
        )
    reason = error.strerror or str(error)
    return PaperWriteError(f"{target} could not be saved ({reason}).{kept}")


# --- the record of papers --------------------------------------------------------------


@dataclass(frozen=True)
class PaperRecord:
    id: str
    kind: str  # "minutes", "action_log", "recommendation", "pack"
    reference: str  # "BESD/M12"
    title: str
    version: int
    sha256: str
    confidential: bool
    created_at: str  # ISO-8601 UTC
    created_by: str
    path: Path | None = None  # where this generation wrote it (not stored)
    new_version: bool = True  # False when the paper was unchanged since ``version``


def _record_of(row: Paper, path: Path | None = None, new: bool = True) -> PaperRecord:
    return PaperRecord(
        id=row.id,
        kind=row.kind,
        reference=row.reference,
        title=row.title,
        version=row.version,
        sha256=row.sha256,
        confidential=bool(row.confidential),
        created_at=row.created_at,
        created_by=row.created_by,
        path=path,
        new_version=new,
    )


class PaperRegistry:
    """Every paper generated: kind, reference, version, sha256, when and by whom."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self._sf = session_factory
        self._now = now

    @property
    def data_folder(self) -> Path | None:
        """The data folder of the database the register is in (None in memory)."""
        return database_folder(self._sf)

    def latest(self, kind: str, reference: str, confidential: bool) -> PaperRecord | None:
        """The highest recorded version of this paper, or None if never generated."""
        with self._sf() as s:
            row = self._latest_row(s, kind, reference, confidential)
            return _record_of(row, new=False) if row is not None else None

    def history(self, kind: str | None = None, reference: str | None = None) -> list[PaperRecord]:
        """Recorded papers, newest first (optionally of one kind and/or reference)."""
        query = select(Paper).where(Paper.deleted.is_(False))
        if kind is not None:
            query = query.where(Paper.kind == kind)
        if reference is not None:
            query = query.where(Paper.reference == reference)
        with self._sf() as s:
            rows = s.scalars(query.order_by(Paper.created_at.desc(), Paper.version.desc()))
            return [_record_of(row, new=False) for row in rows]

    def record(
        self,
        kind: str,
        reference: str,
        title: str,
        sha256: str,
        confidential: bool,
        by: str = "",
        version: int | None = None,
    ) -> PaperRecord:
        """Record a generated paper. Without ``version``: the latest version again if the
        sha256 is the latest's (nothing new is written), else the latest + 1."""
        with self._sf.begin() as s:
            latest = self._latest_row(s, kind, reference, confidential)
            if version is None:
                if latest is not None and latest.sha256 == sha256:
                    return _record_of(latest, new=False)
                version = (latest.version + 1) if latest is not None else 1
            row = Paper(
                kind=kind[:30],
                reference=reference[:80],
                title=title[:500],
                version=version,
                sha256=sha256,
                confidential=confidential,
                created_at=self._now().isoformat(timespec="seconds"),
                created_by=by[:200],
            )
            s.add(row)
            s.flush()
            return _record_of(row)

    @staticmethod
    def _latest_row(s: Session, kind: str, reference: str, confidential: bool) -> Paper | None:
        return s.scalars(
            select(Paper)
            .where(
                Paper.deleted.is_(False),
                Paper.kind == kind,
                Paper.reference == reference,
                Paper.confidential.is_(confidential),
            )
            .order_by(Paper.version.desc(), Paper.created_at.desc())
            .limit(1)
        ).first()


@dataclass(frozen=True)
class Settled:
    """A paper's version settled against the register: the footer already says it."""

    version: int
    data: bytes
    sha256: str
    latest: PaperRecord | None
    new: bool  # False when the bytes equal the latest recorded version's


def settle_version(
    document: Document, registry: PaperRegistry, kind: str, reference: str, confidential: bool
) -> Settled:
    """Print the latest recorded version in the footer; if the bytes then differ from
    what was recorded, print the next version instead. Records nothing."""
    fit_columns(document)
    latest = registry.latest(kind, reference, confidential)
    version = latest.version if latest is not None else 1
    set_version(document, version)
    data = docx_bytes(document)
    digest = sha256_hex(data)
    if latest is not None and digest == latest.sha256:
        return Settled(version, data, digest, latest, new=False)
    if latest is not None:
        version = latest.version + 1
        set_version(document, version)
        data = docx_bytes(document)
        digest = sha256_hex(data)
    return Settled(version, data, digest, latest, new=True)


def publish(
    document: Document,
    out_path: Path,
    registry: PaperRegistry,
    *,
    kind: str,
    reference: str,
    title: str,
    confidential: bool,
    by: str = "",
) -> PaperRecord:
    """Settle the footer's version, write the file safely and record it (see the module
    notes). Nothing is recorded if the file cannot be written."""
    target = Path(out_path)
    settled = settle_version(document, registry, kind, reference, confidential)
    # Before writing: a kill during the write leaves a temporary file the next start
    # must know where to find.
    remember_written_folder(registry.data_folder, target.parent)
    write_bytes(settled.data, target)
    if not settled.new and settled.latest is not None:
        return replace(settled.latest, path=target, new_version=False)
    record = registry.record(
        kind, reference, title, settled.sha256, confidential, by=by, version=settled.version
    )
    return replace(record, path=target)


class _Published(Protocol):
    """What a paper's gathered data names it by."""

    @property
    def reference(self) -> str: ...

    @property
    def title(self) -> str: ...


_Data = TypeVar("_Data", bound=_Published)


def public_paper(
    source: Any,
    gather: Callable[[sessionmaker[Session]], _Data],
    render: Callable[[_Data, str, Path | None], Document],
    out_path: Path | str,
    *,
    kind: str,
    by: str | None = None,
    data_dir: Path | None = None,
) -> PaperRecord:
    """Gather, render and ``publish`` a paper that has only a public version, named by
    its data's ``reference`` and ``title``. ``source``: a session factory,
    PaperServices or the window's open programme. ``by`` defaults to the login name, as
    ``PapersService`` records it for the other kinds, whether the window or a command
    writes the paper."""
    from sen_desktop.papers.service import current_user

    services = paper_services(source)
    data = gather(services.session_factory)
    document = render(data, services.authority(), data_dir)
    return publish(
        document,
        Path(out_path),
        services.registry,
        kind=kind,
        reference=data.reference,
        title=data.title,
        confidential=False,
        by=current_user() if by is None else by,
    )
