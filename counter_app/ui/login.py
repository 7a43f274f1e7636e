"""The login dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.db.engine import Database
from counter_app.errors import UserError
from counter_app.services.access import Actor
from counter_app.services.auth import login
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.ui.translation import user_message


class LoginDialog(QDialog):
    """Asks for user name and password; ``actor`` holds who logged in once accepted."""

    def __init__(self, database: Database, show_demo_hint: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Log in — Government Service Hall"))
        self.setMinimumWidth(420)

        title = QLabel(self.tr("Government Service Hall"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 20px; font-weight: bold; margin: 8px;")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        if show_demo_hint:
            hint = QLabel(
                self.tr(
                    "Demo hall: log in as admin, kg_zb (supervisor) or kg01 … kg14 (clerks), password {password}"
                ).format(password=DEMO_PASSWORD)
            )
            hint.setObjectName("demo_hint")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        layout.addWidget(buttons)
        self.username.setFocus()

    def try_login(self) -> None:
        try:
            self.actor = login(self.database, self.username.text(), self.password.text())
        except UserError as error:
            self.message.setText(user_message(error))
            self.message.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
