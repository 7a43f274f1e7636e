"""The window a user sees after logging in: the role's workspaces as tabs.

Which workspaces a role gets comes from ``ui.workspaces``; they share the window's
``Backend`` (the services bound to the actor, one database worker, one watcher per hall).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget, QTabWidget, QWidget

from counter_app.domain.roles import Role
from counter_app.services.access import Actor
from counter_app.services.settings import DEFAULTS, cached_settings
from counter_app.ui.login import ChangePasswordDialog, UnlockDialog
from counter_app.ui.session import IdleGuard
from counter_app.ui.shared.backend import Backend, Clock
from counter_app.ui.workspaces import Leaving, Workspace, workspaces_for

# Read once when a window opens: the idle lock, and the time zone every workspace works in.
WINDOW_SETTINGS = ("session_idle_lock_minutes", "business_timezone")
FUNCTION_KEYS = frozenset(getattr(Qt.Key, f"Key_F{n}") for n in range(1, 13))


class RoleWindow(QMainWindow):
    """Main window of a logged-in user: the role's workspaces, as tabs (Ctrl+1, Ctrl+2 …).

    Signals:
        logout_requested: the user chose to log out (and the workspaces have left).
    """

    logout_requested = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.backend = Backend(actor, clock=clock, parent=self)
        # First on the worker: the settings this window and its workspaces need, in one read
        # (they are then served from the cache).
        database = actor.database
        self.backend.run_work(
            lambda: cached_settings(database, WINDOW_SETTINGS), done=self._settings_read, owner=self
        )
        self.database = actor.database
        role_titles = {
            Role.CLERK: self.tr("Clerk workspace"),
            Role.SUPERVISOR: self.tr("Supervisor workspace"),
            Role.ADMIN: self.tr("Administration"),
        }
        self.setWindowTitle(f"{role_titles[actor.role]} — {actor.full_name}")
        self.resize(1280, 800)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("role_tabs")
        self.workspaces: dict[str, QWidget] = {}
        self.specs: dict[str, Workspace] = {}
        for number, spec in enumerate(workspaces_for(actor.role), start=1):
            widget = spec.build(self.backend)
            widget.setObjectName(f"workspace_{spec.key}")
            self.workspaces[spec.key] = widget
            self.specs[spec.key] = spec
            self.tabs.addTab(widget, QCoreApplication.translate("Workspaces", spec.title))
            switch = QAction(self)
            switch.setShortcut(QKeySequence(f"Ctrl+{number}"))
            switch.triggered.connect(lambda _checked=False, page=widget: self.tabs.setCurrentWidget(page))
            self.addAction(switch)
        self.backend.operations.error.connect(self._unhandled_error)
        # While locked, the work is hidden (and its shortcuts dead) behind a blank page.
        self.locked_page = QLabel(self.tr("Locked"))
        self.locked_page.setObjectName("locked_page")
        self.locked_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.locked_page.setStyleSheet("font-size: 28px; color: #78909c; background: #eceff1;")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.locked_page)
        self.setCentralWidget(self.pages)

        session_menu = self.menuBar().addMenu(self.tr("&Session"))
        self.change_password_action = QAction(self.tr("Change password…"), self)
        self.change_password_action.triggered.connect(self.change_password)
        session_menu.addAction(self.change_password_action)
        self.lock_action = QAction(self.tr("Lock the window"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock())
        session_menu.addAction(self.lock_action)
        self.logout_action = QAction(self.tr("Log out"), self)
        self.logout_action.triggered.connect(self.request_logout)
        session_menu.addAction(self.logout_action)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        session_menu.addAction(quit_action)
        self.statusBar().showMessage(
            self.tr("{name} ({username}) · database {url}").format(
                name=actor.full_name, username=actor.username, url=self.database.url
            )
        )
        self.unlock_dialog: UnlockDialog | None = None
        self._leaving = False
        self.idle_minutes = int(DEFAULTS["session_idle_lock_minutes"])  # until the setting is read
        self.idle_guard = IdleGuard(self.idle_minutes * 60_000, parent=self)
        self.idle_guard.idle.connect(lambda: self.lock(idle=True))

    # ------------------------------------------------------------------ the session

    def _settings_read(self, values: dict[str, object]) -> None:
        self.idle_minutes = int(str(values["session_idle_lock_minutes"]))
        self.idle_guard.set_idle_ms(self.idle_minutes * 60_000)

    @property
    def actor(self) -> Actor:
        return self.backend.actor

    def workspace(self, key: str) -> QWidget | None:
        return self.workspaces.get(key)

    @property
    def counter_panel(self) -> QWidget | None:
        """The counter panel, inside the clerk's counter workspace (beside the cases)."""
        workspace = self.workspaces.get("counter")
        return getattr(workspace, "panel", workspace) if workspace is not None else None

    @property
    def issuing(self) -> QWidget | None:
        return self.workspaces.get("issuing")

    @property
    def hall_day(self) -> QWidget | None:
        return self.workspaces.get("hall")

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(self.actor, parent=self)
        if dialog.exec():
            self.backend.actor = dialog.actor
            self.statusBar().showMessage(self.tr("Your password has been changed."), 10_000)

    @property
    def locked(self) -> bool:
        return self.pages.currentWidget() is self.locked_page

    def lock(self, idle: bool = False) -> None:
        """Hide the work and ask for the password again (``idle``: after ``idle_minutes``
        without input; else at once, from the menu); wrong passwords count towards the
        lock-out, and a locked account or "Log out" ends the session."""
        if self.locked:
            return
        self.pages.setCurrentWidget(self.locked_page)
        self.menuBar().setEnabled(False)
        self.unlock_dialog = UnlockDialog(self.actor, self.idle_minutes if idle else None, parent=self)
        self.unlock_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.unlock_dialog.finished.connect(self._unlock_finished)
        self.unlock_dialog.open()

    def _unlock_finished(self, result: int) -> None:
        self.unlock_dialog = None
        if result != QDialog.DialogCode.Accepted:
            self.logout_requested.emit()
            return
        self.pages.setCurrentWidget(self.tabs)
        self.menuBar().setEnabled(True)
        self.idle_guard.restart()

    def _unhandled_error(self, error: object) -> None:
        from counter_app.ui.translation import user_message

        self.statusBar().showMessage(user_message(error), 15_000)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """An F key on a tab where it does nothing (it reached the window unhandled) says
        where the function keys work."""
        current = self.tabs.currentWidget()
        spec = next((self.specs[key] for key, widget in self.workspaces.items() if widget is current), None)
        if event.key() in FUNCTION_KEYS and (spec is None or not spec.handles_function_keys):
            self._hint_function_keys()
            event.accept()
            return
        super().keyPressEvent(event)

    def _hint_function_keys(self) -> None:
        homes = [(number, spec) for number, spec in enumerate(self.specs.values(), start=1) if spec.handles_function_keys]
        if homes:
            number, spec = homes[0]
            self.statusBar().showMessage(
                self.tr("The function keys work on the {tab} tab (Ctrl+{number}).").format(
                    tab=QCoreApplication.translate("Workspaces", spec.title), number=number
                ),
                8_000,
            )
        else:
            self.statusBar().showMessage(self.tr("The function keys do nothing in this window."), 8_000)

    # ------------------------------------------------------------------ leaving

    def leave_warnings(self) -> list[str]:
        return [
            warning
            for widget in self.workspaces.values()
            if isinstance(widget, Leaving) and (warning := widget.leave_warning())
        ]

    def confirm_leaving(self) -> bool:
        """Ask before leaving with work in hand; True to go on."""
        warnings = self.leave_warnings()
        if not warnings:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Leave now?"), "\n\n".join(warnings), parent=self)
        stay = box.addButton(self.tr("Stay"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("Leave anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is not stay

    def leave(self) -> None:
        """Let the workspaces tidy up (sign out of the counter), then stop everything."""
        if self._leaving:
            return
        self._leaving = True
        for widget in self.workspaces.values():
            if isinstance(widget, Leaving):
                widget.leave()
        self.stop()

    def request_logout(self) -> None:
        if self.confirm_leaving():
            self.leave()
            self.logout_requested.emit()

    def stop(self) -> None:
        """Stop the workspaces' timers, the watchers and the database worker."""
        self.idle_guard.stop()
        for widget in self.workspaces.values():
            stop = getattr(widget, "stop", None)
            if stop is not None:
                stop()
        self.backend.stop(drain=self._leaving)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._leaving and not self.confirm_leaving():
            event.ignore()
            return
        self.leave()
        super().closeEvent(event)
