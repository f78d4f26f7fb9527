"""How an import is refused: every exception on the way becomes one sentence a person can
act on (``BundleError``), never a traceback (docs/TRUST.md "Bounds").
Split from ``sync.exchange`` (modules stay under about 500 lines)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import OperationalError

from sen_desktop.core.errors import StoreError, ValidationError
from sen_desktop.core.progress import Cancelled
from sen_desktop.sync.bundle import BundleError

if TYPE_CHECKING:
    from collections.abc import Callable


class FutureBundleError(BundleError):
    """The bundle's clocks run more than a day ahead: held for a person to confirm."""


_T = TypeVar("_T")


def one_sentence(work: Callable[[], _T]) -> _T:
    """Run ``work``; whatever goes wrong becomes one ``BundleError`` sentence."""
    try:
        return work()
    except (BundleError, Cancelled):  # a person's Cancel is not a refusal
        raise
    except StoreError:  # a full disk, a lock, a read-only folder: core/store/failures.py's sentence
        raise
    except ValidationError as error:
        text = error.message
        if text.startswith("This bundle"):  # a sentence about the bundle already
            raise BundleError(text) from error
        raise BundleError(
            f"This bundle cannot be imported: {text[:1].lower()}{text[1:]}"
        ) from error
    except RecursionError as error:
        raise BundleError(
            "This bundle nests its contents too deeply to be read; it was refused."
        ) from error
    except OverflowError as error:
        raise BundleError(
            "This bundle holds a number too large to be read; it was refused."
        ) from error
    except MemoryError as error:
        raise BundleError(
            "This bundle needs more memory than this laptop has free; it was refused."
        ) from error
    except UnicodeError as error:
        raise BundleError("This bundle holds text that is not valid; it was refused.") from error
    except (OperationalError, sqlite3.OperationalError) as error:
        from sen_desktop.core.store.failures import store_failure

        failure = store_failure(error)
        if failure is not None:
            raise failure from None
        raise BundleError(
            f"The programme's database could not take this bundle ({type(error).__name__}); "
            "nothing was changed."
        ) from error
    except OSError as error:
        raise BundleError(
            "The bundle could not be read or staged "
            f"({error.strerror or type(error).__name__}); nothing was changed."
        ) from error
    except Exception as error:
        raise BundleError(
            f"This bundle could not be imported ({type(error).__name__}); nothing was changed."
        ) from error


__all__ = ["FutureBundleError", "one_sentence"]
