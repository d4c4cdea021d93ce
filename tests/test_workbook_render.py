"""The committee workbook opens and prints outside Excel: LibreOffice (headless, its own profile so that
parallel runs do not clash) turns it into a PDF, poppler renders the first page (the summary sheet, set
to landscape A4 one page wide) to a PNG kept under test-artifacts/workbooks/, and the page is checked
as a person would look at it: a real landscape page, ink on it, the report's Chinese title and the
quota chart's title in its text (so a CJK font was found), and the chart's coloured bars drawn.

Skipped when LibreOffice or poppler is missing, unless ``MQA_REQUIRE_OFFICE`` is set (CI sets it and
installs them: libreoffice-calc-nogui, poppler-utils, fonts-noto-cjk); then it fails instead.
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.test_review_walk import review_a_cycle
from tests.test_workbooks import ARTIFACTS, request_workbook

TIMEOUT = 120


def _tools() -> tuple[str, str, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm, pdftotext = shutil.which("pdftoppm"), shutil.which("pdftotext")
    if not (soffice and pdftoppm and pdftotext):
        missing = [name for name, path in (("soffice", soffice), ("pdftoppm", pdftoppm), ("pdftotext", pdftotext))
                   if not path]
        message = f"rendering the committee workbook needs {', '.join(missing)} (libreoffice-calc-nogui, poppler-utils)"
        if os.environ.get("MQA_REQUIRE_OFFICE"):
            pytest.fail(f"MQA_REQUIRE_OFFICE is set: {message}")
        pytest.skip(message)
    return soffice, pdftoppm, pdftotext  # type: ignore[return-value]


def _run(args: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(args, check=False, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, f"{args[0]} failed ({done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's signature and IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def ppm_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a binary PPM (P6, maxval 255) as pdftoppm writes it."""
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6" and parts[3] == b"255", parts[:4]
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4]
    assert len(pixels) == width * height * 3
    return width, height, pixels


def test_the_committee_summary_renders_to_a_landscape_page(mqa_factory, anon, mqa_runtime, tmp_path):
    soffice, pdftoppm, pdftotext = _tools()
    walked = review_a_cycle("nantong", "2023", mqa_factory, anon, mqa_runtime, code="wb-render")
    _job, content, _download = request_workbook(walked["world"].admin, walked["cycle"], "committee")
    workbook = tmp_path / "committee.xlsx"
    workbook.write_bytes(content)

    profile = tmp_path / "lo-profile"  # a private LibreOffice profile and HOME: parallel runs never share one
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    _run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
          "--convert-to", "pdf", "--outdir", str(tmp_path), str(workbook)], env)
    pdf = tmp_path / "committee.pdf"
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"

    _run([pdftotext, "-f", "1", "-l", "1", "-layout", str(pdf), str(tmp_path / "page.txt")])
    text = (tmp_path / "page.txt").read_text(encoding="utf-8")
    assert "评审情况报告" in text and "一、申报与受理" in text and "五、名额使用" in text, text[:1500]
    assert "名额使用（按等次）" in text, text[:1500]  # the chart is drawn on the first page, with its title

    _run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_path / "page")])
    png = (tmp_path / "page.png").read_bytes()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kept = ARTIFACTS / "committee-summary.png"
    kept.write_bytes(png)
    width, height = png_size(png)
    assert width > height, (width, height)  # landscape
    assert abs(width - round(297 / 25.4 * 80)) <= 3 and abs(height - round(210 / 25.4 * 80)) <= 3  # A4 at 80 dpi
    assert len(png) > 5_000, len(png)

    _run([pdftoppm, "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_path / "small")])
    w, h, pixels = ppm_pixels((tmp_path / "small.ppm").read_bytes())
    triples = [pixels[i:i + 3] for i in range(0, len(pixels), 3)]
    ink = sum(1 for r, g, b in triples if min(r, g, b) < 160)
    blue = sum(1 for r, g, b in triples if b > 150 and b - r > 60)  # the chart's first series (名额上限)
    assert ink > 0.01 * w * h, f"a nearly blank page: {ink} dark pixels of {w * h}"
    assert blue > 50, f"no chart bars drawn: {blue} blue pixels"


def test_artifacts_folder_is_not_committed():
    ignored = (Path(__file__).resolve().parent.parent / ".gitignore").read_text().splitlines()
    assert "test-artifacts/" in ignored
