"""The Programme page (the table of pages, gui/shell/pages.py): the Project Plan's
sections and the programme's facts, loaded on the worker when it is opened."""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from sen_desktop.gui.common.widgets import label, page_layout, reading_pane
from sen_desktop.gui.shell.session import programme_facts

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sen_desktop.core.programme.records import SectionRecord
    from sen_desktop.gui.shell.pages import PageContext

_BULLET = re.compile(r"^\s*(?:[•§\-*]|\d+[.)])\s+")


def text_to_html(body: str) -> str:
    """Plain reference text to HTML: each line a paragraph, bullet lines a list."""
    blocks: list[str] = []
    items: list[str] = []

    def flush_items() -> None:
        if items:
            lis = "".join(f"<li style='margin-bottom: 4px'>{escape(i)}</li>" for i in items)
            blocks.append(f"<ul>{lis}</ul>")
            items.clear()

    for line in body.splitlines():
        text = line.strip()
        if _BULLET.match(text):
            items.append(_BULLET.sub("", text, count=1))
            continue
        flush_items()
        if text:
            blocks.append(f"<p>{escape(text)}</p>")
    flush_items()
    return "".join(blocks)


class ProgrammePage(QWidget):
    """Purpose, key partners, principles and timeframe from the Project Plan."""

    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = label("The programme", role="heading")
        self.facts = label("", role="facts", wrap=True)
        self.text = reading_pane("Programme reference text")
        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.text, 1)

    def open(self, context: PageContext) -> None:
        """Load the Project Plan's sections and the programme's facts on the worker."""
        programme = context.session.programme

        def fetch() -> tuple[list[SectionRecord], str]:
            return programme.sections(), programme_facts(programme)

        context.runner.run(fetch, lambda result: self.set_sections(*result), channel="programme",
                           owner=self)

    def set_sections(self, sections: Sequence[SectionRecord], facts: str = "") -> None:
        self.facts.setText(facts)
        self.facts.setVisible(bool(facts))
        self.text.setHtml(
            "".join(
                f"<h2 style='margin-top: 14px'>{escape(s.title)}</h2>{text_to_html(s.body)}"
                for s in sections
            )
        )
        self.loaded.emit()
