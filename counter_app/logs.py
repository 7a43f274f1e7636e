"""Logging to a rotating file in the user's data folder (bugs are logged, never shown raw).

The folder and the files are readable by their owner only; statement parameters (which
hold citizens' details) never reach the log (``db.engine.make_engine`` hides them).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path
from typing import IO, Any

from counter_app.config import data_dir
from counter_app.db.engine import PRIVATE_FILE_MODE, make_private_dir


def log_file() -> Path:
    return data_dir() / "logs" / "counter_app.log"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file, the new one after a rollover too, is owner-only."""

    def _open(self) -> IO[Any]:
        stream = super()._open()
        try:
            os.chmod(self.baseFilename, PRIVATE_FILE_MODE)
        except OSError:
            pass
        return stream


def configure(level: int = logging.INFO) -> None:
    path = log_file()
    root = logging.getLogger()
    if any(getattr(handler, "_counter_app", False) for handler in root.handlers):
        return
    try:
        make_private_dir(path.parent)
        handler: logging.Handler = PrivateRotatingFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler._counter_app = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
