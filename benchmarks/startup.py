"""Time from the first-run command to the login window.

    uv run python benchmarks/startup.py [--runs N]

Each run starts ``counter-app`` in a fresh data folder (so the embedded SQLite database is
created, migrated and filled with the demo) with ``COUNTER_APP_STARTUP_PROBE=1``: the client
prints ``login-window-shown`` once the login dialog is up, then quits. The wall time is
measured from before the process starts; a second start (existing database) is timed too.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_start(data_dir: Path) -> float:
    env = {**os.environ, "COUNTER_APP_DATA_DIR": str(data_dir), "COUNTER_APP_STARTUP_PROBE": "1",
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("COUNTER_APP_DB", None)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "counter_app"], env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("login-window-shown"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"the client never showed the login window (exit {process.wait()})")
    process.wait(timeout=30)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    first, second = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            first.append(one_start(Path(folder)))
            second.append(one_start(Path(folder)))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for label, values in (("first run (create + migrate + demo)", first), ("later start", second)):
        print(f"{label}: median {statistics.median(values):.2f} s, min {min(values):.2f} s, max {max(values):.2f} s, n={runs}")


if __name__ == "__main__":
    main()
