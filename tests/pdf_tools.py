"""Reading PDFs back with poppler-utils and zbar-tools, as a person would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: install the Debian package {package}"
    return path


def pdf_text(pdf: Path) -> str:
    return subprocess.run([_tool("pdftotext", "poppler-utils"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) of every font of the PDF."""
    output = subprocess.run([_tool("pdffonts", "poppler-utils"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = output.splitlines()[2:]
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows if row.strip()]


def page_size_points(pdf: Path) -> tuple[float, float]:
    output = subprocess.run([_tool("pdfinfo", "poppler-utils"), str(pdf)], capture_output=True, text=True, check=True).stdout
    line = next(row for row in output.splitlines() if row.startswith("Page size:"))
    width, _, height = line.split(":", 1)[1].split()[:3]
    return float(width), float(height)


def decode_qr(pdf: Path, workdir: Path) -> list[str]:
    prefix = workdir / "page"
    subprocess.run([_tool("pdftoppm", "poppler-utils"), "-r", "300", "-png", str(pdf), str(prefix)], check=True)
    found: list[str] = []
    for image in sorted(workdir.glob("page*.png")):
        result = subprocess.run([_tool("zbarimg", "zbar-tools"), "--raw", "-q", str(image)], capture_output=True, text=True)
        found += [line for line in result.stdout.splitlines() if line]
    return found
