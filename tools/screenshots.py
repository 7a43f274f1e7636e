"""Screenshots of the client's windows, for a person to look at (offscreen, Chinese).

    uv run python tools/screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_APP_LANG", "zh_CN")
os.environ.setdefault("COUNTER_APP_DATA_DIR", tempfile.mkdtemp(prefix="ca-shots-"))


def settle(app: object, window: object, seconds: float = 1.5) -> None:
    """Let the window's reads answer (and the hall's watcher connect) before the picture."""
    end = time.monotonic() + seconds
    while time.monotonic() < end or not window.backend.operations.idle:  # type: ignore[attr-defined]
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def main(out: Path) -> None:
    from sqlalchemy import update

    from counter_app.config import resolve_database
    from counter_app.db.models import Staff
    from counter_app.services.auth import login
    from counter_app.services.demo import DEMO_PASSWORD
    from counter_app.services.setup import open_database
    from counter_app.ui.app import make_application
    from counter_app.ui.login import ChangePasswordDialog, LoginDialog
    from counter_app.ui.main_window import RoleWindow

    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    location = resolve_database(None)
    database = open_database(location).database
    with database.transaction() as session:  # a throwaway demo: first passwords taken as changed, but kg02's
        session.execute(update(Staff).where(Staff.username != "kg02").values(must_change_password=False))
    dialog = LoginDialog(database, show_demo_hint=True)
    dialog.username.setText("kg01")
    dialog.password.setText("wrong-password")
    dialog.try_login()
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "login.png"))
    first = login(database, "kg02", DEMO_PASSWORD)
    change = ChangePasswordDialog(first, forced=True)
    change.current.setText(DEMO_PASSWORD)
    change.new.setText("12345678")
    change.repeat.setText("12345678")
    change.try_change()  # refused: too easy to guess
    change.show()
    app.processEvents()
    change.grab().save(str(out / "change_password_first_login.png"))
    change.close()
    for username in ("kg01", "kg_zb", "admin"):
        window = RoleWindow(login(database, username, DEMO_PASSWORD))
        window.resize(1920, 1080)
        window.show()
        settle(app, window)  # the workspaces' first reads, on the worker and the hall's watcher
        window.grab().save(str(out / f"window_{username}.png"))
        if username == "kg01":  # locked after idling: the work hidden, the password asked
            window.lock()
            assert window.unlock_dialog is not None
            window.unlock_dialog.password.setText("wrong-password")
            window.unlock_dialog.try_unlock()
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(out / "window_locked.png"))
            window.unlock_dialog.grab().save(str(out / "unlock_dialog.png"))
        window.close()
    database.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
