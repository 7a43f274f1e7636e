"""Logging in, changing one's password, and unlocking a window locked while idle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.accounts import MIN_PASSWORD_LENGTH
from counter_app.errors import AuthenticationError, UserError
from counter_app.services.access import Actor
from counter_app.services.auth import AccountLocked, change_own_password, login, verify_password
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.ui.translation import user_message

if TYPE_CHECKING:  # the type only: ui reaches the database through services
    from counter_app.db.engine import Database


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _message_label() -> QLabel:
    message = QLabel()
    message.setObjectName("message")
    message.setWordWrap(True)
    message.setStyleSheet("color: #b00020;")
    message.hide()
    return message


def _title(text: str) -> QLabel:
    title = QLabel(text)
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    title.setStyleSheet("font-size: 20px; font-weight: bold; margin: 8px;")
    return title


class LoginDialog(QDialog):
    """Asks for user name and password; ``actor`` holds who logged in once accepted."""

    def __init__(self, database: Database, show_demo_hint: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Log in — Government Service Hall"))
        self.setMinimumWidth(420)

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = _password_field("password")
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.message = _message_label()

        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(_title(self.tr("Government Service Hall")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        if show_demo_hint:
            hint = QLabel(
                self.tr(
                    "Demo hall: log in as admin, kg_zb (supervisor) or kg01 … kg14 (clerks) with the password "
                    "{password}; you will be asked to choose your own password first."
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


class ChangePasswordDialog(QDialog):
    """Change one's own password. ``forced``: the password was set by an administrator or
    the demo, and must be changed before any work (cancelling logs out). ``actor`` holds
    the actor as it is after the change."""

    def __init__(self, actor: Actor, forced: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("change_password")
        self.setWindowTitle(self.tr("Change your password"))
        self.setMinimumWidth(480)
        self.current = _password_field("current_password")
        self.new = _password_field("new_password")
        self.repeat = _password_field("repeat_password")
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("New password again"), self.repeat)
        self.message = _message_label()
        rules = QLabel(
            self.tr(
                "At least {minimum} characters, not your name and not easy to guess: a phrase of a few "
                "unrelated words works well."
            ).format(minimum=MIN_PASSWORD_LENGTH)
        )
        rules.setWordWrap(True)
        rules.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox()
        self.change_button = buttons.addButton(self.tr("Change password"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Log out") if forced else self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(self.tr("Change your password")))
        if forced:
            why = QLabel(
                self.tr(
                    "Your password was set by an administrator (or is the demo's). Choose your own before you start: "
                    "nobody else may know it."
                )
            )
            why.setObjectName("forced_reason")
            why.setWordWrap(True)
            layout.addWidget(why)
        layout.addLayout(form)
        layout.addWidget(rules)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.current.setFocus()

    def try_change(self) -> None:
        if self.new.text() != self.repeat.text():
            self._show(self.tr("The new password and its repetition differ."), self.new)
            return
        try:
            self.actor = change_own_password(self.actor, self.current.text(), self.new.text())
        except AccountLocked as error:
            self._show(user_message(error), self.current)
            self.reject()  # locked: the caller logs out
            return
        except AuthenticationError as error:  # the current password was wrong
            self._show(user_message(error), self.current)
            return
        except UserError as error:  # the new one was refused
            self._show(user_message(error), self.new)
            return
        self.accept()

    def _show(self, text: str, focus: QLineEdit) -> None:
        self.message.setText(text)
        self.message.show()
        for field in (self.current, self.new, self.repeat):
            field.clear()
        focus.setFocus()


class UnlockDialog(QDialog):
    """The window of a logged-in user locked after ``idle_minutes`` without input (None:
    locked by hand): the password again continues; too many wrong ones (the account locks) or "Log out" end the session
    (the dialog is rejected)."""

    def __init__(self, actor: Actor, idle_minutes: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("unlock")
        self.setWindowTitle(self.tr("Locked"))
        self.setMinimumWidth(440)
        self.password = _password_field("unlock_password")
        self.message = _message_label()
        if idle_minutes is None:  # locked by hand (Ctrl+L)
            text = self.tr("{name} ({username}): this window is locked. Enter your password to go on.")
        else:
            text = self.tr(
                "{name} ({username}): this window locked itself after {minutes} minutes without use. "
                "Enter your password to go on."
            )
        explanation = QLabel(text.format(name=actor.full_name, username=actor.username, minutes=idle_minutes))
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(self.tr("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.logout_button = QPushButton(self.tr("Log out"))
        buttons.addButton(self.logout_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(self.tr("Locked")))
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.password.setFocus()

    def try_unlock(self) -> None:
        try:
            verify_password(self.actor, self.password.text())
        except AccountLocked:
            self.reject()
            return
        except UserError as error:
            self.message.setText(user_message(error))
            self.message.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            return  # Escape would reject, i.e. log out: only the button does that
        super().keyPressEvent(event)
