"""Screenshots of the client's windows, for a person to look at (offscreen, Chinese).

    uv run python tools/screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_APP_LANG", "zh_CN")
os.environ.setdefault("COUNTER_APP_DATA_DIR", tempfile.mkdtemp(prefix="ca-shots-"))


def main(out: Path) -> None:
    from counter_app.config import resolve_database
    from counter_app.services.auth import login
    from counter_app.services.demo import DEMO_PASSWORD
    from counter_app.services.setup import open_database
    from counter_app.ui.app import make_application
    from counter_app.ui.login import LoginDialog
    from counter_app.ui.main_window import RoleWindow

    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    location = resolve_database(None)
    database = open_database(location).database
    dialog = LoginDialog(database, show_demo_hint=True)
    dialog.username.setText("kg01")
    dialog.password.setText("wrong-password")
    dialog.try_login()
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "login.png"))
    for username in ("kg01", "kg_zb", "admin"):
        window = RoleWindow(database, login(database, username, DEMO_PASSWORD))
        window.resize(1920, 1080)
        window.show()
        app.processEvents()
        window.grab().save(str(out / f"window_{username}.png"))
        window.close()
    database.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
