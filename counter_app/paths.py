"""Where the bundled resources and migrations are: source tree, installed wheel or frozen build."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _bundle_root() -> Path:
    """The folder that holds ``resources/`` and ``migrations/``."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller one-folder build
        candidates.append(Path(frozen_root))
    candidates.append(_PACKAGE_DIR / "_bundled")  # installed wheel (hatch force-include)
    candidates.append(_PACKAGE_DIR.parent)  # source tree / editable install
    for root in candidates:
        if (root / "migrations" / "env.py").is_file():
            return root
    raise RuntimeError(f"counter_app resources not found in any of {candidates}")


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def migrations_dir() -> Path:
    return _bundle_root() / "migrations"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def demo_dir() -> Path:
    return resources_dir() / "demo"
