"""The window a user sees after logging in: the role's workspace and the catalogue.

The clerk works at the counter panel, the supervisor (and the administrator) at the
issuing station and the hall day (counters, queue settings, end of day); every role also
has the service catalogue, read-only. What is still to come is said honestly on the
catalogue tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.db.models import CaseType, ItemKind
from counter_app.domain.roles import Role
from counter_app.services.access import Actor
from counter_app.services.catalogue import ServiceItemSummary, list_service_items
from counter_app.services.settings import cached_setting
from counter_app.ui.counter_panel import CounterPanel
from counter_app.ui.hall_day import HallDayTab
from counter_app.ui.issuing import IssuingStation
from counter_app.ui.login import ChangePasswordDialog, UnlockDialog
from counter_app.ui.session import IdleGuard
from counter_app.ui.table_model import Index, RowsTableModel



class CatalogueModel(RowsTableModel):
    """Read-only table of catalogue items."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Code"),
            self.tr("Service item"),
            self.tr("Department"),
            self.tr("Kind"),
            self.tr("Case type"),
            self.tr("Statutory limit (working days)"),
            self.tr("Promised limit (working days)"),
            self.tr("Licence"),
            self.tr("Materials"),
        ]
        self.kind_names = {
            ItemKind.LICENSING: self.tr("Administrative licence"),
            ItemKind.CONFIRMATION: self.tr("Administrative confirmation"),
            ItemKind.PUBLIC_SERVICE: self.tr("Public service"),
            ItemKind.INTERNAL: self.tr("Internal approval"),
            ItemKind.OTHER: self.tr("Other"),
        }
        self.case_type_names = {
            CaseType.ON_THE_SPOT: self.tr("Done on the spot"),
            CaseType.PROMISED: self.tr("Promised time"),
        }

    @property
    def items(self) -> list[ServiceItemSummary]:
        return self.rows

    def set_items(self, items: list[ServiceItemSummary]) -> None:
        self.set_rows(items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (5, 6, 8):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            item.code,
            item.name,
            item.department,
            self.kind_names[item.kind],
            self.case_type_names[item.case_type],
            item.statutory_limit_days,
            item.promised_limit_days,
            item.licence_type or "",
            item.material_count,
        )
        return values[index.column()]


class RoleWindow(QMainWindow):
    """Main window of a logged-in user: the role's workspace and the catalogue, as tabs.

    Clerk: the counter panel. Supervisor: the issuing station and the hall day of their
    hall. Administrator: both with a hall chooser.

    Signals:
        logout_requested: the user chose to log out.
    """

    logout_requested = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = actor.database
        self.actor = actor
        self.counter_panel: CounterPanel | None = None
        self.issuing: IssuingStation | None = None
        self.hall_day: HallDayTab | None = None
        role_titles = {
            Role.CLERK: self.tr("Clerk workspace"),
            Role.SUPERVISOR: self.tr("Supervisor workspace"),
            Role.ADMIN: self.tr("Administration"),
        }
        coming = {
            Role.CLERK: self.tr(
                "Coming next to this window: application entry (受理) and commit-and-issue licence renewal."
            ),
            Role.SUPERVISOR: self.tr(
                "Coming next to this window: waiting times per line, ratings (好差评) and statistics."
            ),
            Role.ADMIN: self.tr(
                "Coming next to this window: halls, counters, business lines, staff, the holiday calendar and "
                "settings. Today the catalogue is imported with: counter-app catalogue import FILE --user NAME"
            ),
        }
        self.setWindowTitle(f"{role_titles[actor.role]} — {actor.full_name}")
        self.resize(1280, 800)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("role_tabs")
        if actor.role is Role.CLERK:
            self.counter_panel = CounterPanel(actor)
            self.tabs.addTab(self.counter_panel, self.tr("Counter"))
        elif actor.role in (Role.SUPERVISOR, Role.ADMIN):
            self.issuing = IssuingStation(actor)
            self.tabs.addTab(self.issuing, self.tr("Issue tickets"))
            self.hall_day = HallDayTab(actor)
            self.tabs.addTab(self.hall_day, self.tr("Hall"))

        heading = QLabel(role_titles[actor.role])
        heading.setStyleSheet("font-size: 22px; font-weight: bold;")
        notice = QLabel(coming[actor.role])
        notice.setObjectName("coming_next")
        notice.setWordWrap(True)
        notice.setStyleSheet("background: #fff8e1; border: 1px solid #f0c36d; padding: 8px;")

        catalogue_title = QLabel(self.tr("Service catalogue"))
        catalogue_title.setStyleSheet("font-size: 16px; font-weight: bold; margin-top: 8px;")
        self.search = QLineEdit()
        self.search.setObjectName("catalogue_search")
        self.search.setPlaceholderText(self.tr("Search by item name or code"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh_catalogue)
        self.catalogue = CatalogueModel(self)
        table = QTableView()
        table.setObjectName("catalogue_table")
        table.setModel(self.catalogue)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table = table

        catalogue_page = QWidget()
        layout = QVBoxLayout(catalogue_page)
        layout.addWidget(heading)
        layout.addWidget(notice)
        layout.addWidget(catalogue_title)
        layout.addWidget(self.search)
        layout.addWidget(table)
        self.tabs.addTab(catalogue_page, self.tr("Service catalogue"))
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
        self.logout_action.triggered.connect(self.logout_requested.emit)
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
        self.refresh_catalogue()
        self.unlock_dialog: UnlockDialog | None = None
        self.idle_minutes = int(cached_setting(self.database, "session_idle_lock_minutes"))
        self.idle_guard = IdleGuard(self.idle_minutes * 60_000, parent=self)
        self.idle_guard.idle.connect(lambda: self.lock(idle=True))

    # ------------------------------------------------------------------ the session

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(self.actor, parent=self)
        if dialog.exec():
            self.actor = dialog.actor
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

    def refresh_catalogue(self) -> None:
        self.catalogue.set_items(list_service_items(self.actor, self.search.text()))

    def stop(self) -> None:
        """Stop the workspaces' watchers and timers."""
        self.idle_guard.stop()
        if self.counter_panel is not None:
            self.counter_panel.stop()
        if self.issuing is not None:
            self.issuing.stop()
        if self.hall_day is not None:
            self.hall_day.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)
