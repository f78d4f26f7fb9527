"""run_gui's screenshot mode: each view renders to a non-blank PNG; a refused
database gives exit code 2 and is left byte-identical."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from sen_desktop.gui.shell.main import run_gui
from sen_desktop.gui.shell.window import VIEWS

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication


def _distinct_colours(image: QImage, step: int = 7) -> int:
    colours = {
        image.pixel(x, y)
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    }
    return len(colours)


#: Views drawn in a window of their own (over the main window) rather than the window.
OWN_WINDOW = {"help", "settings"}


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_renders_to_a_non_blank_png(
    qapp: QApplication, data_dir: Path, tmp_path: Path, view: str
) -> None:
    png = tmp_path / f"{view}.png"
    assert run_gui(data_dir, screenshot=png, view=view) == 0
    image = QImage(str(png))
    assert not image.isNull()
    if view in OWN_WINDOW:  # the dialog alone, smaller than the window it opens over
        assert image.width() < 1280 and image.height() < 800
    else:
        assert (image.width(), image.height()) == (1280, 800)
    assert _distinct_colours(image) > 1


def test_a_screen_size_draws_the_first_start_window_on_that_screen(
    qapp: QApplication, data_dir: Path, tmp_path: Path
) -> None:
    png = tmp_path / "laptop.png"
    assert run_gui(data_dir, screenshot=png, view="groups", size=(1366, 768)) == 0
    image = QImage(str(png))
    # 1280 wide (the preferred width fits); the height is what a 1366 x 768 screen
    # leaves below a 48-pixel taskbar and a 31-pixel title bar and borders.
    assert (image.width(), image.height()) == (1280, 768 - 48 - 31 - 8)


def test_a_scaled_screen_keeps_its_own_pixels(
    qapp: QApplication, data_dir: Path, tmp_path: Path
) -> None:
    png = tmp_path / "scaled.png"
    assert run_gui(data_dir, screenshot=png, view="groups", size=(1366, 768), scale=1.25) == 0
    image = QImage(str(png))
    # Laid out in 1093 x 614 logical pixels less the desktop's, drawn at 1.25 each.
    logical = QSize(1093 - 16, 614 - 48 - 39)
    assert (image.width(), image.height()) == (round(logical.width() * 1.25),
                                               round(logical.height() * 1.25))
    assert _distinct_colours(image) > 1


def test_the_help_view_is_the_user_guide(
    qapp: QApplication, data_dir: Path, tmp_path: Path
) -> None:
    png = tmp_path / "help.png"
    assert run_gui(data_dir, screenshot=png, view="help", size=(1366, 768)) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (900, 620)  # fits the laptop's window


def test_the_default_screenshot_is_the_group_page(
    qapp: QApplication, data_dir: Path, tmp_path: Path
) -> None:
    png = tmp_path / "window.png"
    assert run_gui(data_dir, screenshot=png) == 0
    assert _distinct_colours(QImage(str(png))) > 1


def test_a_refused_database_exits_2_and_is_left_untouched(
    qapp: QApplication, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = data_dir / "sen.sqlite3"
    database.write_text("These are my notes, not a database.\n", encoding="utf-8")
    before = database.read_bytes()
    png = tmp_path / "refused.png"

    assert run_gui(data_dir, screenshot=png, view="groups") == 2

    assert database.read_bytes() == before
    assert not png.exists()
    message = capsys.readouterr().err.strip()
    assert message and "\n" not in message


def test_an_unknown_view_exits_2(
    qapp: QApplication, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_gui(data_dir, screenshot=tmp_path / "x.png", view="nonsense") == 2
    assert "groups" in capsys.readouterr().err


def test_a_refused_database_shows_one_box_alone_and_exits_2(
    qapp: QApplication, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    database = data_dir / "sen.sqlite3"
    database.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)  # a header, then garbage
    before = database.read_bytes()
    shown: list[tuple[object, str]] = []
    # Answer the modal box as a person would, without a nested event loop.
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, _title, text: shown.append((parent, text))
    )

    assert run_gui(data_dir) == 2

    assert len(shown) == 1 and shown[0][1]
    assert shown[0][0] is None  # a box on its own: the empty window behind it is hidden
    assert database.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--size", "1366x768"], "--screenshot only"),
        (["--screenshot", "x.png", "--size", "wide"], "like 1366x768"),
        (["--screenshot", "x.png", "--size", "100x100"], "outside the screens"),
        (["--screenshot", "x.png", "--scale", "big"], "like 1.25 or 125%"),
        (["--screenshot", "x.png", "--scale", "0.5"], "outside 1 to 3"),
    ],
)
def test_size_and_scale_mistakes_are_one_line(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from sen_desktop.app import main

    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    error = capsys.readouterr().err.strip()
    assert words in error and "\n" not in error


def test_size_and_scale_are_read_as_a_person_writes_them() -> None:
    from sen_desktop.app import screen_scale, screen_size

    assert screen_size("1366x768") == (1366, 768)
    assert screen_size(" 1920×1080 ") == (1920, 1080)
    assert screen_scale("125%") == 1.25
    assert screen_scale("1.5") == 1.5
