"""Logging to a rotating file in the user's data folder (bugs are logged, never shown raw)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from counter_app.config import data_dir


def log_file() -> Path:
    return data_dir() / "logs" / "counter_app.log"


def configure(level: int = logging.INFO) -> None:
    path = log_file()
    root = logging.getLogger()
    if any(getattr(handler, "_counter_app", False) for handler in root.handlers):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler._counter_app = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
