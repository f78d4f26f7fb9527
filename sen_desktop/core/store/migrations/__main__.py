"""Write a new migration: ``python -m sen_desktop.core.store.migrations "what changed"``.

Autogenerates against a scratch database brought to the current head, numbering the
revision after the last one (0002, 0003 …). Review the file it writes: autogenerate
misses renames and data moves, and the search triggers are maintained by hand. Then
update ``SCHEMA_REVISION`` in ``migrations/__init__.py`` and add a fixture database of the old
schema under tests/fixtures/.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from sen_desktop.core.store.migrations import MIGRATIONS_DIR


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].strip():
        print('usage: python -m sen_desktop.core.store.migrations "what changed"')
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", f"sqlite:///{Path(scratch) / 'scratch.db'}")
        heads = ScriptDirectory.from_config(config).get_heads()
        if heads:
            command.upgrade(config, "head")
        rev_id = f"{int(heads[0]) + 1:04d}" if heads else "0001"
        command.revision(config, message=argv[0], autogenerate=True, rev_id=rev_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
