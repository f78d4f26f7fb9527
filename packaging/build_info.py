"""The build's facts the Windows installer script reads: ``dist/build-info.ini``.

The spec (packaging/sen-desktop.spec) writes it beside the app folder on every build, so
Inno Setup takes the version from the package that was frozen (``sen_desktop.__version__``,
read by packaging/windows/sen-desktop.iss with ``ReadIni``) and never from a number
typed twice.
"""

from __future__ import annotations

import configparser
import io
import os
import tempfile
from pathlib import Path

NAME = "build-info.ini"


def write_build_info(dist: Path, version: str) -> Path:
    """Write ``dist/build-info.ini`` saying ``version``; return its path."""
    info = configparser.ConfigParser()
    info["app"] = {"version": version}
    text = io.StringIO()
    info.write(text)
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / NAME
    fd, scratch = tempfile.mkstemp(prefix=f".{NAME}.", suffix=".tmp", dir=dist)
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="\r\n") as out:
            out.write(text.getvalue())
        os.chmod(scratch, 0o644)
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return target


def read_version(dist: Path) -> str:
    """The version a build in ``dist`` recorded ("" if none)."""
    info = configparser.ConfigParser()
    info.read(dist / NAME, encoding="ascii")
    return info.get("app", "version", fallback="")
