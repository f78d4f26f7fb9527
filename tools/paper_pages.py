"""Render page images of each kind of paper for the README: docs/papers/*.png.

    python tools/paper_pages.py                      # a one-year demo built afresh
    python tools/paper_pages.py --data-dir FOLDER    # papers of an existing programme
    python tools/paper_pages.py --out docs/papers --pages 2 --resolution 60

Each paper is written with the program's own generators (the minutes of the held
meeting with the most agenda items, its group's action log, a decided recommendation's
decision report, and a pack of those three), converted to PDF by LibreOffice (headless,
with a profile folder of its own) and its first pages drawn by pdftoppm (poppler) at 60
dots per inch. The images are named by kind and page: minutes-1.png, minutes-2.png,
action-log-1.png, recommendation-1.png, pack-1.png … Nothing is written into the data
folder given: the papers are generated from a copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT_DIR = ROOT / "docs" / "papers"
KINDS = ("minutes", "action-log", "recommendation", "pack")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _demo(folder: Path) -> None:
    from sen_desktop.core.demo.service import generate
    from sen_desktop.core.store.datafolder import open_programme

    db = open_programme(folder)
    try:
        generate(db, 1, 1, 2010, today=dt.date(2011, 8, 1))
    finally:
        db.close()


def _choices(services: object) -> tuple[str, str, str]:
    """(meeting id, its group id, recommendation id) worth showing."""
    from sqlalchemy import func, select

    from sen_desktop.core.store.models import AgendaItem, Meeting, Recommendation

    factory = services.session_factory  # type: ignore[attr-defined]
    with factory() as s:
        meeting = s.execute(
            select(Meeting.id, Meeting.group_id)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .where(Meeting.deleted.is_(False), Meeting.status.in_(("confirmed", "circulated")))
            .group_by(Meeting.id)
            .order_by(func.count(AgendaItem.id).desc(), Meeting.date, Meeting.id)
            .limit(1)
        ).first()
        recommendation = s.scalars(
            select(Recommendation.id)
            .where(Recommendation.deleted.is_(False))
            .order_by(Recommendation.reference)
            .limit(1)
        ).first()
    if meeting is None or recommendation is None:
        raise LookupError("the programme has no minuted meeting or no recommendation")
    return str(meeting[0]), str(meeting[1]), str(recommendation)


def _write_papers(folder: Path, work: Path) -> dict[str, Path]:
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.papers.action_log import action_log_paper
    from sen_desktop.papers.minutes import minutes_paper
    from sen_desktop.papers.output import PaperServices
    from sen_desktop.papers.pack import pack_paper
    from sen_desktop.papers.recommendation import recommendation_paper

    db = open_programme(folder)
    try:
        ps = PaperServices.from_session_factory(db.session_factory)
        meeting_id, group_id, recommendation_id = _choices(ps)
        paths = {kind: work / f"{kind}.docx" for kind in KINDS}
        minutes_paper(ps, meeting_id, paths["minutes"])
        action_log_paper(ps, group_id, paths["action-log"])
        recommendation_paper(ps, recommendation_id, paths["recommendation"])
        meeting = ps.meetings.summary(meeting_id)
        pack_paper(
            ps,
            f"{meeting.group_name} papers",
            meeting.group_name,
            meeting.date,
            [("minutes", meeting_id), ("recommendation", recommendation_id),
             ("action_log", group_id)],
            paths["pack"],
        )
        return paths
    finally:
        db.close()


def _pdf(docx_path: Path, soffice: str, profile: Path) -> Path:
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)],
        capture_output=True, check=False, timeout=600,
    )
    pdf = docx_path.with_suffix(".pdf")
    if not pdf.is_file():
        raise OSError(f"LibreOffice did not convert {docx_path.name}")
    return pdf


def _images(pdf: Path, kind: str, out: Path, pages: int, resolution: int, tool: str) -> list[Path]:
    stem = out / kind
    subprocess.run(
        [tool, "-png", "-r", str(resolution), "-f", "1", "-l", str(pages), str(pdf), str(stem)],
        check=True, capture_output=True, timeout=600,
    )
    made = []
    # pdftoppm numbers pages with as many digits as the document's page count needs.
    for image in sorted(out.glob(f"{kind}-*.png")):
        number = image.stem.rsplit("-", 1)[-1]
        if number.isdigit():
            target = out / f"{kind}-{int(number)}.png"
            image.replace(target)
            made.append(target)
    return sorted(set(made))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="a programme's data folder (copied)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where the images go")
    parser.add_argument("--pages", type=int, default=2, help="pages drawn of each paper")
    parser.add_argument("--resolution", type=int, default=60, help="dots per inch")
    args = parser.parse_args(argv)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        return _fail("LibreOffice (soffice) and poppler's pdftoppm are needed to draw pages.")
    if args.pages < 1 or args.resolution < 10:
        return _fail("Draw at least one page, at 10 dots per inch or more.")
    with tempfile.TemporaryDirectory(prefix="sen-paper-pages-") as scratch:
        work = Path(scratch)
        folder = work / "data"
        if args.data_dir is not None:
            source = args.data_dir
            if not (source / "sen.sqlite3").is_file():
                return _fail(f"{source} is not a data folder (it has no sen.sqlite3).")
            folder.mkdir()
            shutil.copy2(source / "sen.sqlite3", folder / "sen.sqlite3")
        else:
            _demo(folder)
        paths = _write_papers(folder, work)
        args.out.mkdir(parents=True, exist_ok=True)
        for kind in KINDS:
            for old in args.out.glob(f"{kind}-*.png"):
                old.unlink()
            pdf = _pdf(paths[kind], soffice, work / "profile")
            for image in _images(pdf, kind, args.out, args.pages, args.resolution, pdftoppm):
                print(image.relative_to(ROOT) if image.is_relative_to(ROOT) else image)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
