"""The one family of errors the core raises for input a person can correct.

Every message is a sentence a secretary can act on. ``field`` names the form field
the GUI shows the message beside; the command line prints ``str(error)`` and exits 2.
"""

from __future__ import annotations


class SenError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(SenError):
    """Input that breaks a rule; nothing was saved."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(SenError):
    """A reference to a row that does not exist (or was deleted)."""


class ConflictError(SenError):
    """The change collides with the current state (e.g. a second chair)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StoreError(SenError):
    """The database file cannot be used: not a database, corrupt, too new, locked."""


class StoreFailure(StoreError):
    """The surroundings stopped the store, not the data: a read-only folder or file, a full
    disk, another program holding the database, a damaged file, a failing disk.

    ``reason`` names which (one of ``core.store.failures.REASONS``), for tests and logs;
    the message is the sentence a person acts on, and holds no SQL, parameters or data.
    Built by ``core.store.failures.store_failure``.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason
