"""Whether this machine can speak: the real speech worker needs QtTextToSpeech (and, through
Qt Multimedia, libpulse0); the real engine test needs speech-dispatcher. Missing, the tests
that need them skip and name the Debian packages; with ``COUNTER_APP_REQUIRE_SPEECH=1`` (CI)
they fail instead."""

from __future__ import annotations

import functools
import os
import subprocess
import sys

import pytest


def speech_missing(reason: str) -> None:
    """Skip a test whose speech packages are missing; CI (COUNTER_APP_REQUIRE_SPEECH=1) fails it."""
    if os.environ.get("COUNTER_APP_REQUIRE_SPEECH") == "1":
        pytest.fail(f"speech is required (COUNTER_APP_REQUIRE_SPEECH=1): {reason}")
    pytest.skip(reason)


# The Debian package of each library QtTextToSpeech (through Qt Multimedia) may not find.
QT_SPEECH_LIBRARIES = {"libpulse.so.0": "libpulse0"}


@functools.cache
def qt_speech_missing() -> str | None:
    """What keeps the speech worker from loading QtTextToSpeech here (with the Debian package
    where known), or None. Asked in a child process, as the worker is one."""
    result = subprocess.run(
        [sys.executable, "-c", "import PySide6.QtTextToSpeech"], capture_output=True, text=True, timeout=60,
    )
    if result.returncode == 0:
        return None
    error = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
    for library, package in QT_SPEECH_LIBRARIES.items():
        if library in error:
            return f"{library}, a runtime library of Qt Multimedia, which QtTextToSpeech links ({package}): {error}"
    return f"QtTextToSpeech cannot be loaded: {error}"


def require_qt_speech() -> None:
    """The real speech worker can load QtTextToSpeech: all its ``mock`` engine needs."""
    missing = qt_speech_missing()
    if missing:
        speech_missing(f"needs the Debian package {' '.join(QT_SPEECH_LIBRARIES.values())} (no speech engine); missing: {missing}")
