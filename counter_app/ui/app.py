"""The client: open the database, log in, show the window of the user's role."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app import __version__
from counter_app.config import resolve_database, ui_language
from counter_app.errors import UserError
from counter_app.logs import log_file
from counter_app.services.access import Actor
from counter_app.services.auth import logout
from counter_app.services.setup import OpenedDatabase, open_database
from counter_app.ui.fonts import BUNDLED_CJK_FAMILY, register_bundled_fonts
from counter_app.ui.login import ChangePasswordDialog, LoginDialog
from counter_app.ui.main_window import RoleWindow
from counter_app.ui.translation import install_translators, user_message

log = logging.getLogger(__name__)

ENV_STARTUP_PROBE = "COUNTER_APP_STARTUP_PROBE"


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("counter-app")
    app.setApplicationDisplayName("政务服务大厅")
    app.setApplicationVersion(__version__)
    register_bundled_fonts()  # Chinese shows even on a PC without a CJK font of its own
    font = QFont(app.font())
    font.setFamilies(["Noto Sans CJK SC", BUNDLED_CJK_FAMILY, "Microsoft YaHei", font.family()])
    app.setFont(font)
    install_translators(ui_language())
    return app


def install_excepthook() -> None:
    """A bug is logged and apologised for; a traceback never reaches the user."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, error, trace)))
        if isinstance(error, UserError):
            QMessageBox.warning(None, QApplication.translate("App", "Not done"), user_message(error))
            return
        QMessageBox.critical(
            None,
            QApplication.translate("App", "Unexpected error"),
            QApplication.translate(
                "App", "Something went wrong and the action was not completed. Details are in {path}"
            ).format(path=log_file()),
        )

    sys.excepthook = hook


def run_client(db_option: str | None, started_at: float | None = None) -> int:
    app = make_application()
    install_excepthook()
    try:
        location = resolve_database(db_option)
        opened: OpenedDatabase = open_database(location)
    except UserError as error:
        QMessageBox.critical(None, QApplication.translate("App", "Cannot open the database"), user_message(error))
        return 2
    dialog = LoginDialog(opened.database, show_demo_hint=location.is_embedded_default)
    if os.environ.get(ENV_STARTUP_PROBE):
        # For benchmarks/startup.py: report when the login window is on screen, then leave.
        def report() -> None:
            elapsed = time.perf_counter() - (started_at or 0.0)
            print(f"login-window-shown {elapsed:.3f}", flush=True)
            dialog.reject()

        QTimer.singleShot(0, report)
    windows: list[RoleWindow] = []

    def logged_in(actor: Actor) -> bool:
        """Open the role's window; first the new password an administrator's (or the
        demo's) password calls for. False: the user logged out instead."""
        if actor.must_change_password:
            change = ChangePasswordDialog(actor, forced=True)
            if not change.exec():
                logout(actor)
                return False
            actor = change.actor
        window = RoleWindow(actor)
        window.logout_requested.connect(lambda: restart_login(window))
        windows.append(window)
        window.show()
        return True

    def restart_login(window: RoleWindow) -> None:
        window.close()
        windows.remove(window)
        logout(window.actor)
        while True:
            again = LoginDialog(opened.database, show_demo_hint=location.is_embedded_default)
            if not again.exec():
                app.quit()
                return
            if logged_in(again.actor):
                return

    try:
        while True:
            if not dialog.exec():
                return 0
            if logged_in(dialog.actor):
                break
            dialog = LoginDialog(opened.database, show_demo_hint=location.is_embedded_default)
        status = app.exec()
        for window in windows:
            logout(window.actor)
        return status
    finally:
        opened.database.dispose()
