"""``sen-desktop programme …`` and ``sen-desktop laptop …``: enrolment from the command line.

    sen-desktop programme start [--name NAME]                  the lead's laptop, once
    sen-desktop programme fingerprint
    sen-desktop laptop request --name NAME --out FILE.senrequest
    sen-desktop laptop admit REQUEST --groups SG,BESD [--write GROUPS] [--contacts]
        [--confidential] [--chair-of GROUP] [--chair-from DATE] [--person NAME]
        --out FILE.sencert                                      the lead's laptop only
    sen-desktop laptop join CERTIFICATE [--fingerprint "XXXX …"]
    sen-desktop laptop list
    sen-desktop laptop revoke NAME [--from YYYY-MM-DD]          the lead's laptop only

Each prints one line (``list`` one per laptop) on success; a refusal exits 2 with one
sentence. Where the laptop has no working keyring, the keys are kept in an encrypted key
file whose passphrase comes from ``--key-passphrase-file`` (or is asked for at a
terminal), and a one-line warning goes to stderr.

Like app.py, this module imports only the standard library at load time.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from sen_desktop.core.store.database import Database
    from sen_desktop.sync.trust import TrustService

EXIT_OK = 0
EXIT_USAGE = 2

REQUEST_SUFFIX = ".senrequest"
CERTIFICATE_SUFFIX = ".sencert"

_START_HELP = (
    "Make this laptop the programme's root: it creates the programme's root key and "
    "certifies itself (every group, contacts, confidential). Run it once, on the programme "
    "lead's laptop; a laptop that joined another programme is refused. Then each other "
    "laptop runs `laptop request`, the lead runs `laptop admit`, and the laptop runs "
    "`laptop join`. A programme set up under the earlier passphrase scheme migrates: run "
    "this on the lead's laptop (its operations, and those it holds from other laptops, are "
    "vouched for by the new root); every other laptop then re-joins once with a request "
    "and a certificate."
)


def add_key_passphrase_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--key-passphrase-file",
        metavar="F",
        type=Path,
        default=None,
        help=(
            "without a working keyring: read the passphrase of this laptop's key file from "
            "the first line of F"
        ),
    )


def add_trust_commands(commands: Any) -> None:
    """Register ``programme`` and ``laptop`` on app.py's subcommands."""
    programme = commands.add_parser(
        "programme",
        help="the programme's root: start it (lead's laptop, once) or show its fingerprint",
        description="Start the programme on the lead's laptop, or print its fingerprint.",
    )
    programme.set_defaults(command=_need(programme, "say what to do: start or fingerprint"))
    kinds = programme.add_subparsers(title="programme commands", metavar="WHAT")
    start = kinds.add_parser(
        "start", help="make this laptop the programme's root (once)", description=_START_HELP
    )
    start.add_argument(
        "--name", metavar="NAME", default="", help="the programme's name (shown when joining)"
    )
    add_key_passphrase_file(start)
    start.set_defaults(command=_run_start)
    fingerprint = kinds.add_parser(
        "fingerprint",
        help="print the programme root's fingerprint",
        description=(
            "Print the programme root's full fingerprint (16 groups of 4), for a joining "
            "laptop's user to compare."
        ),
    )
    fingerprint.set_defaults(command=_run_fingerprint)

    laptop = commands.add_parser(
        "laptop",
        help="enrol laptops: request, admit, join, list, revoke",
        description=(
            "A laptop joins a programme with a request file; the lead's laptop admits it "
            "with a certificate file naming what it may read and write; the laptop joins "
            "with that file after comparing the programme's fingerprint with the lead's."
        ),
    )
    laptop.set_defaults(
        command=_need(laptop, "say what to do: request, admit, join, list or revoke")
    )
    laptop_kinds = laptop.add_subparsers(title="laptop commands", metavar="WHAT")

    request = laptop_kinds.add_parser(
        "request",
        help="write this laptop's request to join",
        description=(
            "Make this laptop's keys (once) and write its signed request to join, for the "
            "programme lead to admit."
        ),
    )
    request.add_argument("--name", metavar="NAME", required=True, help="this laptop's name")
    request.add_argument(
        "--out", metavar="FILE", type=Path, required=True,
        help=f"the request file to write (a name ending in {REQUEST_SUFFIX})",
    )
    add_key_passphrase_file(request)
    request.set_defaults(command=_run_request)

    admit = laptop_kinds.add_parser(
        "admit",
        help="certify a laptop from its request (lead's laptop only)",
        description=(
            "Certify the laptop that made REQUEST: the groups it may read (--groups) and "
            "write (--write, default the same), whether it gets people's contact details "
            "and exempt (Part 2) items, and chairs' roles. Writes a certificate file for it."
        ),
    )
    admit.add_argument("request", metavar="REQUEST", type=Path, help="the .senrequest file")
    admit.add_argument(
        "--groups", metavar="CODES", required=True,
        help="groups it may read, separated by commas, e.g. SG,BESD (* for every group)",
    )
    admit.add_argument(
        "--write", metavar="CODES", default=None,
        help="groups it may write (default: the same as --groups)",
    )
    admit.add_argument(
        "--contacts", action="store_true", help="it may read people's email, phone and notes"
    )
    admit.add_argument(
        "--confidential", action="store_true",
        help="it may read exempt (Part 2) items and confidential papers",
    )
    admit.add_argument(
        "--chair-of", metavar="GROUP", action="append", default=[],
        help="certify it to sign decisions as chair of GROUP (repeatable)",
    )
    admit.add_argument(
        "--chair-from", metavar="YYYY-MM-DD", default=None,
        help="the date the chair's role starts (default today)",
    )
    admit.add_argument(
        "--person", metavar="NAME", default=None,
        help="the chair (default: whoever holds GROUP's chair seat today)",
    )
    admit.add_argument(
        "--out", metavar="FILE", type=Path, required=True,
        help=f"the certificate file to write (a name ending in {CERTIFICATE_SUFFIX})",
    )
    add_key_passphrase_file(admit)
    admit.set_defaults(command=_run_admit)

    join = laptop_kinds.add_parser(
        "join",
        help="install this laptop's certificate and pin the programme",
        description=(
            "Install the certificate file the lead made from this laptop's request. The "
            "programme's fingerprint is printed in full: it must match the one the lead's "
            "laptop shows (`programme fingerprint`). At a terminal you are asked to confirm; "
            "with --fingerprint a mismatch refuses the certificate."
        ),
    )
    join.add_argument("certificate", metavar="CERTIFICATE", type=Path, help="the .sencert file")
    join.add_argument(
        "--fingerprint", metavar="FINGERPRINT", default=None,
        help="the fingerprint the lead gave you (spaces and case do not matter)",
    )
    add_key_passphrase_file(join)
    join.set_defaults(command=_run_join)

    listing = laptop_kinds.add_parser(
        "list",
        help="list the certified laptops",
        description="One line per laptop: name, what it may read and write, serial, state.",
    )
    listing.set_defaults(command=_run_list)

    revoke = laptop_kinds.add_parser(
        "revoke",
        help="revoke a laptop's certificate (lead's laptop only)",
        description=(
            "Revoke the named laptop (a lost or replaced laptop): its operations stamped at "
            "or after the date, and its decisions dated then or later, stop counting."
        ),
    )
    revoke.add_argument("name", metavar="NAME", help="the laptop's name (see `laptop list`)")
    revoke.add_argument(
        "--from", dest="start", metavar="YYYY-MM-DD", default=None,
        help="revoke from the start of this day, UTC (default: now)",
    )
    add_key_passphrase_file(revoke)
    revoke.set_defaults(command=_run_revoke)


def _need(parser: argparse.ArgumentParser, message: str) -> Any:
    def run(_args: argparse.Namespace) -> int:
        parser.error(message)

    return run


# --- helpers ----------------------------------------------------------------------------------


def _key_passphrase(args: argparse.Namespace) -> Any:
    from sen_desktop.sync.certificates import TrustError

    path: Path | None = getattr(args, "key_passphrase_file", None)

    def ask() -> str:
        if path is not None:
            try:
                lines = Path(path).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                raise TrustError(
                    f"The passphrase file {path} cannot be read ({type(error).__name__})."
                ) from error
            return lines[0] if lines else ""
        if sys.stdin is not None and sys.stdin.isatty():
            import getpass

            from sen_desktop.sync.identity import KEY_FILE_NAME

            phrase = getpass.getpass("Passphrase of this laptop's key file: ")
            # A new key file: a mistyped passphrase would lock this laptop out of it.
            new_file = not (Path(args.data_dir) / KEY_FILE_NAME).exists()
            if new_file and getpass.getpass("The same passphrase again: ") != phrase:
                raise TrustError("The two passphrases differ; nothing was changed.")
            return phrase
        raise TrustError(
            "This laptop has no working keyring, so its keys are kept in an encrypted key "
            "file: give its passphrase with --key-passphrase-file."
        )

    return ask


def open_with_trust(args: argparse.Namespace) -> tuple[Database, TrustService]:
    """The data folder's database (restore fence applied) and this laptop's trust service,
    with the key-file passphrase from --key-passphrase-file; shared with cli/sync.py."""
    from sen_desktop.sync.laptop import open_laptop
    from sen_desktop.sync.trust import TrustService

    db = open_laptop(args.data_dir)
    try:
        service = TrustService(
            db.session_factory, args.data_dir, key_passphrase=_key_passphrase(args)
        )
    except BaseException:
        db.close()
        raise
    return db, service


def warn_keys(service: TrustService) -> None:
    """One stderr line when this laptop's keys are not in a working keyring."""
    if service.warning:
        print(f"sen-desktop: {service.warning}", file=sys.stderr)


def _read(path: Path, what: str) -> bytes:
    from sen_desktop.sync.certificates import TrustError

    try:
        with Path(path).open("rb") as file:
            return file.read(1024 * 1024 + 1)
    except FileNotFoundError as error:
        raise TrustError(f"There is no {what} {path}.") from error
    except OSError as error:
        raise TrustError(
            f"The {what} {path} cannot be read ({error.strerror or type(error).__name__})."
        ) from error


def _write(path: Path, data: bytes, suffix: str, what: str) -> None:
    from sen_desktop.sync.certificates import TrustError
    from sen_desktop.sync.identity import write_file_atomically

    if not str(path).lower().endswith(suffix):
        raise TrustError(f"The {what}'s name must end in {suffix}, e.g. laptop{suffix}.")
    try:
        write_file_atomically(Path(path), data)
    except OSError as error:
        raise TrustError(
            f"The {what} {path} cannot be written ({error.strerror or type(error).__name__})."
        ) from error


def _date(text: str, option: str) -> dt.date:
    from sen_desktop.sync.certificates import TrustError

    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as error:
        raise TrustError(f"{option} takes a date as YYYY-MM-DD, e.g. 2026-01-31.") from error


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


# --- running ------------------------------------------------------------------------------------


def _run_start(args: argparse.Namespace) -> int:
    db, service = open_with_trust(args)
    try:
        legacy = service.is_legacy()
        status = service.start_programme(args.name)
    finally:
        db.close()
    warn_keys(service)
    migrated = (
        " The earlier passphrase scheme's operations are now vouched for by this root; "
        "every other laptop re-joins once (laptop request, admit, join)."
        if legacy
        else ""
    )
    print(
        f"Started the programme {status.programme_name} with this laptop as its root; "
        f"fingerprint: {status.root_fingerprint}.{migrated}"
    )
    return EXIT_OK


def _run_fingerprint(args: argparse.Namespace) -> int:
    db, service = open_with_trust(args)
    try:
        fingerprint = service.root_fingerprint()
    finally:
        db.close()
    print(fingerprint)
    return EXIT_OK


def _run_request(args: argparse.Namespace) -> int:
    if not str(args.out).lower().endswith(REQUEST_SUFFIX):
        from sen_desktop.sync.certificates import TrustError

        raise TrustError(
            f"The request file's name must end in {REQUEST_SUFFIX}, e.g. laptop{REQUEST_SUFFIX}."
        )
    db, service = open_with_trust(args)
    try:
        data = service.make_request(args.name)
        summary = service.read_request(data)
        _write(args.out, data, REQUEST_SUFFIX, "request file")
    finally:
        db.close()
    warn_keys(service)
    print(
        f"Wrote {args.out}: the request of the laptop {summary.name}; give it to the "
        "programme lead to admit."
    )
    return EXIT_OK


def _run_admit(args: argparse.Namespace) -> int:
    if not str(args.out).lower().endswith(CERTIFICATE_SUFFIX):
        from sen_desktop.sync.certificates import TrustError

        raise TrustError(
            f"The certificate file's name must end in {CERTIFICATE_SUFFIX}, e.g. "
            f"laptop{CERTIFICATE_SUFFIX}."
        )
    request = _read(args.request, "request file")
    chair_from = _date(args.chair_from, "--chair-from") if args.chair_from else None
    db, service = open_with_trust(args)
    try:
        data = service.admit(
            request,
            read=_codes(args.groups),
            write=_codes(args.write) if args.write is not None else None,
            contacts=args.contacts,
            confidential=args.confidential,
            chair_of=args.chair_of,
            chair_from=chair_from,
            person=args.person,
        )
        summary = service.read_certificate_file(data)
        _write(args.out, data, CERTIFICATE_SUFFIX, "certificate file")
    finally:
        db.close()
    warn_keys(service)
    print(
        f"Wrote {args.out}: certificate {summary.certificate.serial} for {summary.laptop_name} "
        f"({summary.certificate.grants}); programme fingerprint {summary.root_fingerprint}."
    )
    return EXIT_OK


def _run_join(args: argparse.Namespace) -> int:
    from sen_desktop.sync.certificates import TrustError

    data = _read(args.certificate, "certificate file")
    expected: str | None = args.fingerprint
    db, service = open_with_trust(args)
    try:
        summary = service.read_certificate_file(data)
        if expected is None and sys.stdin is not None and sys.stdin.isatty():
            print(
                f"Programme {summary.programme_name}, fingerprint:\n  "
                f"{summary.root_fingerprint}\nIs this the fingerprint the programme lead's "
                "laptop shows? [y/N] ",
                end="",
                flush=True,
            )
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                raise TrustError(
                    "Not joined: compare the fingerprint with the programme lead's first."
                )
            expected = summary.root_fingerprint
        status = service.join(data, expected_fingerprint=expected)
    finally:
        db.close()
    warn_keys(service)
    grants = status.certificate.grants if status.certificate is not None else ""
    compare = "" if expected is not None else " (compare it with the lead's)"
    print(
        f"Joined the programme {status.programme_name} as {status.laptop_name} ({grants}); "
        f"programme fingerprint{compare}: {status.root_fingerprint}."
    )
    return EXIT_OK


def _run_list(args: argparse.Namespace) -> int:
    db, service = open_with_trust(args)
    try:
        laptops = service.laptops()
    finally:
        db.close()
    if not laptops:
        print("No laptops yet: this laptop belongs to no programme.")
    for laptop in laptops:
        state = (
            f"revoked from {laptop.revoked_from}"
            if laptop.revoked_from
            else ("this laptop" if laptop.is_self else "admitted")
        )
        print(
            "\t".join(
                (laptop.name, laptop.certificate.grants, f"serial {laptop.certificate.serial}",
                 state)
            )
        )
    return EXIT_OK


def _run_revoke(args: argparse.Namespace) -> int:
    effective = None
    if args.start:
        day = _date(args.start, "--from")
        effective = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    db, service = open_with_trust(args)
    try:
        laptop = service.revoke(args.name, effective)
    finally:
        db.close()
    warn_keys(service)
    print(f"Revoked the laptop {laptop.name} from {laptop.revoked_from}.")
    return EXIT_OK
