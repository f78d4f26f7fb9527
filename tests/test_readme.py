"""The README's promises that can drift: its keyboard table against the window's actions,
the pictures it shows, the views it names, and the tool that draws the pictures.

(Its Quick start commands and .ci/run are checked in tests/cli/test_cli.py.)
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtGui import QColor, QImage

from sen_desktop.app import VIEWS

if TYPE_CHECKING:
    from types import ModuleType

    from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"


def _tool(name: str) -> ModuleType:
    """Load tools/NAME.py (tools/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"tools_{name}", REPO / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def test_the_keyboard_table_is_the_one_the_window_actions_give(qapp: QApplication) -> None:
    keyboard = _tool("keyboard_table")
    written = keyboard.current_table(_readme())
    assert written == keyboard.keyboard_table(), (
        "README.md's keyboard table differs from the window's actions: "
        "run python tools/keyboard_table.py"
    )
    # The keys the README's own prose promises are in the table the actions give.
    for keys in ("Ctrl+1", "Ctrl+9", "F6", "F1", "Ctrl+/", "Ctrl+Shift+M", "Ctrl+R",
                 "Ctrl+Shift+N", "Ctrl+PgDown", "Ctrl+E", "Ctrl+Shift+P"):
        assert f"`{keys}`" in written, keys


def test_the_keyboard_table_tool_replaces_only_what_lies_between_its_markers() -> None:
    keyboard = _tool("keyboard_table")
    before = f"# Title\n\nintro\n\n{keyboard.BEGIN}\n| old |\n{keyboard.END}\n\n## Next\n"
    after = keyboard.with_table(before, "| new |")
    assert after == f"# Title\n\nintro\n\n{keyboard.BEGIN}\n| new |\n{keyboard.END}\n\n## Next\n"
    assert keyboard.current_table(after) == "| new |"
    with pytest.raises(SystemExit, match="markers"):
        keyboard.with_table("# A README without the markers\n", "| new |")


def test_every_picture_the_readme_shows_is_a_png_in_the_repository() -> None:
    text = _readme()
    pictures = re.findall(r"\]\((docs/[^)\s]+\.png)\)", text)
    pictures += re.findall(r'src="(docs/[^"]+\.png)"', text)
    assert any(p.startswith("docs/screenshots/") for p in pictures)
    for picture in pictures:
        image = QImage(str(REPO / picture))
        assert not image.isNull(), f"README.md shows {picture}, which is missing or not an image"
        if picture.startswith("docs/screenshots/"):  # drawn by tools/screenshots.py
            assert Path(picture).stem in VIEWS, f"{picture} is not a view the tool draws"


def test_the_readme_names_every_view_the_window_opens_on() -> None:
    [row] = [line for line in _readme().splitlines() if line.startswith("| `sen-desktop --view")]
    named = set(re.findall(r"`([a-z]+)`", row))
    assert set(VIEWS) <= named, f"views missing from README.md: {set(VIEWS) - named}"


def test_the_screenshot_tool_rewrites_a_picture_only_when_its_pixels_change(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The program's own --screenshot is exercised in tests/gui/shell/test_screenshot.py; here
    # it is stood in for by a drawing whose colour the test chooses, so this stays quick.
    shots = _tool("screenshots")
    colour = {"now": "#1f4e79"}
    asked: list[list[str]] = []

    def draw(args: list[str]) -> None:
        asked.append(list(args))
        image = QImage(640, 400, QImage.Format.Format_RGB32)
        image.fill(QColor(colour["now"]))
        # Each drawing is encoded differently (another compression level): only the
        # pixels may decide whether the picture changed.
        assert image.save(args[args.index("--screenshot") + 1], quality=len(asked) * 30)

    monkeypatch.setattr(shots, "run", draw)
    folder, target = tmp_path / "data", tmp_path / "out" / "meetings.png"
    target.parent.mkdir()

    assert shots.render(folder, "meetings", target, "1280x800") is True
    first = target.read_bytes()
    assert shots.render(folder, "meetings", target, "1280x800") is False  # same pixels
    assert target.read_bytes() == first
    colour["now"] = "#ffffff"
    assert shots.render(folder, "meetings", target, None) is True
    assert QImage(str(target)).pixelColor(5, 5) == QColor("#ffffff")
    assert sorted(p.name for p in target.parent.iterdir()) == ["meetings.png"]  # no scraps
    assert asked[0][:2] == ["--data-dir", str(folder)]
    assert asked[0][4:] == ["--view", "meetings", "--size", "1280x800"]
    assert "--size" not in asked[2]


def test_the_screenshot_tool_never_deletes_a_folder_it_did_not_make(tmp_path: Path) -> None:
    shots = _tool("screenshots")
    theirs = tmp_path / "SEN Secretariat demo"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("someone's own notes", encoding="utf-8")
    with pytest.raises(SystemExit, match="not made by this tool"):
        shots.fresh_demo_folder(theirs)
    assert (theirs / "notes.txt").read_text(encoding="utf-8") == "someone's own notes"
