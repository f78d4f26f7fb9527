"""The process the fault tests kill (run as a script by fault_helpers.KillRun).

    python fault_child.py save DATA_DIR ITEM_ID
    python fault_child.py add DATA_DIR PREFIX COUNT
    python fault_child.py cli KEYRING_JSON -- SEN-DESKTOP ARGUMENTS…

It prints ``go`` (flushed) when its imports are done and the work starts, so the parent
aims its kill at the work rather than at Python starting. ``save`` then loops forever
through the services, a new person and a new minute text per round, printing each
commit (flushed) only after the service call returned, so every line the parent reads is
a promise that the change is saved. ``add`` saves COUNT people named PREFIX 1… and says
``added``, then waits to be killed: the write-ahead log then holds them, never copied
into the database file, as after a crash. ``cli`` runs the real command line in this process,
with the laptop's keys in a keyring backend kept in the given JSON file (the OS keyring
must not be touched by tests); what the command prints reaches the parent at its exit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from keyring.backend import KeyringBackend


class JsonKeyring(KeyringBackend):
    """The laptop's secrets, read from a JSON list of [service, username, secret]."""

    priority = 1

    def __init__(self, path: Path) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring has no hints
        self.secrets = {(s, u): p for s, u, p in json.loads(path.read_text(encoding="utf-8"))}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def minute_text(n: int) -> str:
    """The discussion text saved in round ``n`` (the parent reads the round back)."""
    return f"Round {n}: members discussed the outreach paper and agreed the next steps."


def person_name(n: int) -> str:
    return f"Saved person {n}"


def save_forever(data_dir: Path, item_id: str) -> None:
    from sen_desktop.core.minutes.service import MinutesService
    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.core.store.datafolder import open_programme

    db = open_programme(data_dir, daily_backup=False)
    people = PeopleService(db.session_factory)
    minutes = MinutesService(db.session_factory)
    print("go", flush=True)
    n = 0
    while True:
        n += 1
        people.create(person_name(n))
        print(f"person {n}", flush=True)
        minutes.save_text(item_id, minute_text(n))
        print(f"minute {n}", flush=True)


def add_and_wait(data_dir: Path, prefix: str, count: int) -> None:
    import time

    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.core.store.datafolder import open_programme

    db = open_programme(data_dir, daily_backup=False)
    people = PeopleService(db.session_factory)
    print("go", flush=True)
    for n in range(count):
        people.create(f"{prefix} {n}")
    print("added", flush=True)
    time.sleep(600)


def run_cli(keyring_file: Path, argv: list[str]) -> int:
    import keyring

    keyring.set_keyring(JsonKeyring(keyring_file))
    # What every command loads anyway, so the kill lands in the work, not in imports.
    import sen_desktop.papers.service  # noqa: F401
    import sen_desktop.sync.exchange  # noqa: F401
    import sen_desktop.sync.laptop  # noqa: F401
    from sen_desktop.app import main

    print("go", flush=True)
    return main(argv)


if __name__ == "__main__":
    mode, first, *rest = sys.argv[1:]
    if mode == "save":
        save_forever(Path(first), rest[0])
    elif mode == "add":
        add_and_wait(Path(first), rest[0], int(rest[1]))
    elif mode == "cli":
        sys.exit(run_cli(Path(first), rest[1:] if rest[:1] == ["--"] else rest))
    else:
        sys.exit(f"fault_child: unknown mode {mode!r}")
