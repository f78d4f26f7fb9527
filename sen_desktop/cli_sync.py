"""``sen-desktop bundle …``: sync-by-export from the command line.

    sen-desktop bundle passphrase [--passphrase-file F]       set once per laptop
    sen-desktop bundle profile add NAME --groups SG,BESD [--contacts] [--confidential]
    sen-desktop bundle profile list
    sen-desktop bundle profile remove NAME
    sen-desktop bundle laptop list
    sen-desktop bundle laptop name SITE_PREFIX NAME
    sen-desktop bundle export --to FILE.senbundle [--for PROFILE] [--passphrase-file F]
    sen-desktop bundle import FILE.senbundle [--dry-run] [--accept-future]
                                             [--passphrase-file F]

Each prints one line on success. A refused bundle exits 2 with one sentence, and the
database is left as it was. Where the laptop has no working keyring a warning line goes
to stderr, and the passphrase must be given with --passphrase-file each time.

Like app.py, this module imports only the standard library at load time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sen_desktop.core.store.database import Database
    from sen_desktop.sync.keys import SyncKeys

EXIT_OK = 0


def _add_passphrase_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="F",
        type=Path,
        default=None,
        help="read the programme passphrase from the first line of F instead of the keyring",
    )


def add_bundle_commands(commands: Any) -> None:
    """Register ``bundle`` on app.py's subcommands."""
    bundle = commands.add_parser(
        "bundle",
        help=(
            "exchange encrypted bundles with other laptops: export, import, passphrase, "
            "profile, laptop"
        ),
        description=(
            "Sync by export: write the changes another laptop has not seen to an encrypted, "
            "signed .senbundle file, and import such files from other laptops."
        ),
    )
    bundle.set_defaults(
        command=_need(bundle, "say what to do: export, import, passphrase, profile or laptop")
    )
    kinds = bundle.add_subparsers(title="bundle commands", metavar="WHAT")

    export = kinds.add_parser(
        "export",
        help="write a bundle for a profile, or of everything",
        description=(
            "Write every change the recipient has not yet acknowledged, scoped to its "
            "profile's groups (or everything, without --for), to an encrypted bundle."
        ),
    )
    export.add_argument(
        "--to",
        metavar="FILE",
        type=Path,
        required=True,
        help="the bundle to write (a name ending in .senbundle)",
    )
    export.add_argument(
        "--for",
        metavar="PROFILE",
        dest="profile",
        default=None,
        help="the recipient's profile (see `bundle profile list`)",
    )
    _add_passphrase_file(export)
    export.set_defaults(command=_run_export)

    imp = kinds.add_parser(
        "import",
        help="import a bundle from another laptop",
        description=(
            "Check, decrypt and merge a bundle in one transaction; a refused bundle "
            "changes nothing."
        ),
    )
    imp.add_argument("file", metavar="FILE", type=Path, help="the .senbundle file")
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="only say what importing would do (new, changed, conflicting, had)",
    )
    imp.add_argument(
        "--accept-future",
        action="store_true",
        help="import a bundle stamped more than 24 hours ahead of this laptop",
    )
    _add_passphrase_file(imp)
    imp.set_defaults(command=_run_import)

    phrase = kinds.add_parser(
        "passphrase",
        help="set the programme's sync passphrase on this laptop (once)",
        description=(
            "Keep the programme's sync passphrase (as a derived key) in this laptop's "
            "keyring, and make this laptop's signing key. Asks for it twice unless "
            "--passphrase-file is given."
        ),
    )
    _add_passphrase_file(phrase)
    phrase.set_defaults(command=_run_passphrase)

    profile = kinds.add_parser(
        "profile",
        help="export profiles: which groups a recipient laptop may see",
        description="Add, list or remove export profiles.",
    )
    profile.set_defaults(command=_need(profile, "say what to do: add, list or remove"))
    profile_kinds = profile.add_subparsers(title="profile commands", metavar="WHAT")
    add = profile_kinds.add_parser(
        "add",
        help="add (or change) a profile",
        description=(
            "Add a profile naming the groups a recipient may see. Without --contacts its "
            "people travel without email, phone or notes; without --confidential exempt "
            "(Part 2) items stay behind. Name it as the recipient laptop is known."
        ),
    )
    add.add_argument("name", metavar="NAME", help="the profile's name, e.g. PCRG secretary")
    add.add_argument(
        "--groups",
        metavar="CODES",
        required=True,
        help="group codes separated by commas, e.g. SG,BESD",
    )
    add.add_argument(
        "--contacts", action="store_true", help="include people's email, phone and notes"
    )
    add.add_argument(
        "--confidential",
        action="store_true",
        help="include exempt (Part 2) items and confidential papers",
    )
    add.set_defaults(command=_run_profile_add)
    listing = profile_kinds.add_parser(
        "list", help="list the profiles", description="One line per profile."
    )
    listing.set_defaults(command=_run_profile_list)
    remove = profile_kinds.add_parser(
        "remove",
        help="remove a profile",
        description=(
            "Remove an export profile. Its laptop keeps what it has; a profile added again "
            "later starts from nothing (its first bundle resends everything in scope)."
        ),
    )
    remove.add_argument("name", metavar="NAME", help="the profile's name")
    remove.set_defaults(command=_run_profile_remove)

    laptop = kinds.add_parser(
        "laptop",
        help="known laptops: list them, or name one",
        description=(
            "The laptops this one has imported bundles from. A laptop named as a profile "
            "is linked to it: the bundles it sends confirm what that profile's exports "
            "delivered."
        ),
    )
    laptop.set_defaults(command=_need(laptop, "say what to do: list or name"))
    laptop_kinds = laptop.add_subparsers(title="laptop commands", metavar="WHAT")
    laptops = laptop_kinds.add_parser(
        "list",
        help="list the known laptops",
        description="One line per laptop: site prefix, name, linked profile, key fingerprint.",
    )
    laptops.set_defaults(command=_run_laptop_list)
    name = laptop_kinds.add_parser(
        "name",
        help="name a known laptop",
        description=(
            "Name a known laptop on this laptop (see `bundle laptop list` for the site "
            "prefixes). Give it a profile's name to link it to that profile."
        ),
    )
    name.add_argument("site", metavar="SITE_PREFIX", help="the start of the laptop's site id")
    name.add_argument("name", metavar="NAME", help="its name, e.g. a profile's name")
    name.set_defaults(command=_run_laptop_name)


def _need(parser: argparse.ArgumentParser, message: str) -> Any:
    def run(_args: argparse.Namespace) -> int:
        parser.error(message)

    return run


# --- running ---------------------------------------------------------------------------


def _keys(args: argparse.Namespace) -> tuple[SyncKeys, str | None]:
    from sen_desktop.sync.keys import SyncKeys, read_passphrase_file

    keys = SyncKeys(args.data_dir)
    path = getattr(args, "passphrase_file", None)
    return keys, (read_passphrase_file(path) if path is not None else None)


def _warn(keys: SyncKeys) -> None:
    if keys.warning:
        print(f"sen-desktop: {keys.warning}", file=sys.stderr)


def _open(args: argparse.Namespace) -> Database:
    from sen_desktop.core.datafolder import open_programme

    return open_programme(args.data_dir)


def _run_export(args: argparse.Namespace) -> int:
    from sen_desktop.sync.exchange import export_bundle

    keys, passphrase = _keys(args)
    db = _open(args)
    try:
        result = export_bundle(
            db.session_factory, args.to, keys, passphrase=passphrase, profile=args.profile
        )
    finally:
        db.close()
        _warn(keys)
    who = (
        f"for {result.recipient} ({', '.join(result.scopes)})"
        if result.recipient
        else ("of everything")
    )
    print(f"Wrote {result.path}: {result.operations:,} operations {who}.")
    return EXIT_OK


def _run_import(args: argparse.Namespace) -> int:
    from sen_desktop.sync.exchange import import_bundle

    keys, passphrase = _keys(args)
    db = _open(args)
    try:
        result = import_bundle(
            db.session_factory,
            args.file,
            keys,
            passphrase=passphrase,
            dry_run=args.dry_run,
            accept_future=args.accept_future,
        )
    finally:
        db.close()
        _warn(keys)
    print(result.summary())
    return EXIT_OK


def _run_passphrase(args: argparse.Namespace) -> int:
    from sen_desktop.core.errors import ValidationError
    from sen_desktop.core.store.oplog import local_site_id

    keys, passphrase = _keys(args)
    if passphrase is None:
        import getpass

        passphrase = getpass.getpass("Programme sync passphrase: ")
        again = getpass.getpass("The same again: ")
        if again != passphrase:
            raise ValidationError("The two passphrases differ; nothing was changed.")
    key = keys.set_passphrase(passphrase)
    db = _open(args)
    try:
        with db.session_factory.begin() as session:
            site_id = local_site_id(session)
        laptop = keys.laptop_key(site_id, key)
    finally:
        db.close()
    _warn(keys)
    kept = "kept in this laptop's keyring" if not keys.warning else "not kept (no keyring)"
    print(f"Programme passphrase {kept}; this laptop's key fingerprint is {laptop.fingerprint}.")
    return EXIT_OK


def _run_profile_add(args: argparse.Namespace) -> int:
    from sen_desktop.sync.scope import add_profile

    db = _open(args)
    try:
        with db.session_factory.begin() as session:
            profile = add_profile(
                session,
                args.name,
                args.groups.split(","),
                contacts=args.contacts,
                confidential=args.confidential,
            )
    finally:
        db.close()
    print(_profile_line(profile))
    return EXIT_OK


def _profile_line(profile: Any) -> str:
    extras = [
        w
        for w, on in (("contacts", profile.contacts), ("confidential", profile.confidential))
        if on
    ]
    more = f", with {' and '.join(extras)}" if extras else ""
    return f"{profile.name}\t{','.join(profile.group_codes)}{more}"


def _run_profile_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from sen_desktop.core.store.models import SyncProfile
    from sen_desktop.sync.scope import profile_of

    db = _open(args)
    try:
        with db.session_factory() as session:
            rows = session.scalars(select(SyncProfile).order_by(SyncProfile.name)).all()
            lines = [_profile_line(profile_of(row)) for row in rows]
    finally:
        db.close()
    for line in lines:
        print(line)
    return EXIT_OK


def _run_profile_remove(args: argparse.Namespace) -> int:
    from sen_desktop.sync.profiles import remove_profile
    from sen_desktop.sync.scope import load_profile

    db = _open(args)
    try:
        with db.session_factory.begin() as session:
            name = load_profile(session, args.name).name
            remove_profile(session, name)
    finally:
        db.close()
    print(f"Removed the export profile {name}.")
    return EXIT_OK


def _laptop_line(laptop: Any) -> str:
    from sen_desktop.core.signing import fingerprint

    linked = f"profile {laptop.profile}" if laptop.profile else "no profile"
    return "\t".join(
        (laptop.site_id[:8], laptop.name or "(not named)", linked, fingerprint(laptop.public_key))
    )


def _run_laptop_list(args: argparse.Namespace) -> int:
    from sen_desktop.sync.profiles import known_laptops

    db = _open(args)
    try:
        with db.session_factory() as session:
            lines = [_laptop_line(laptop) for laptop in known_laptops(session)]
    finally:
        db.close()
    for line in lines:
        print(line)
    return EXIT_OK


def _run_laptop_name(args: argparse.Namespace) -> int:
    from sen_desktop.sync.profiles import find_laptop, name_laptop

    db = _open(args)
    try:
        with db.session_factory.begin() as session:
            laptop = name_laptop(session, find_laptop(session, args.site), args.name)
    finally:
        db.close()
    linked = f", linked to the profile {laptop.profile}" if laptop.profile else ""
    print(f"Named laptop {laptop.site_id[:8]} {laptop.name}{linked}.")
    return EXIT_OK
