"""The login dialog and the role windows, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.services.auth import login
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.ui.login import LoginDialog
from counter_app.ui.main_window import RoleWindow


def _fill(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_good_password_accepts_with_the_actor(qtbot: QtBot, demo_database: Database) -> None:
    dialog = LoginDialog(demo_database, show_demo_hint=True)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        _fill(qtbot, dialog, "kg_zb", DEMO_PASSWORD)
    assert dialog.actor is not None and dialog.actor.username == "kg_zb"


def test_wrong_password_shows_the_reason_and_stays_open(qtbot: QtBot, demo_database: Database) -> None:
    dialog = LoginDialog(demo_database)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, "kg01", "nope-nope")
    assert dialog.isVisible() and dialog.actor is None
    assert "Wrong user name or password" in dialog.message.text()
    assert dialog.password.text() == ""
    assert dialog.findChild(QLabel, "demo_hint") is None


@pytest.mark.parametrize(("username", "heading"), [("kg01", "Clerk workspace"), ("kg_zb", "Supervisor workspace"), ("admin", "Administration")])
def test_each_role_gets_its_window_with_an_honest_notice(
    qtbot: QtBot, demo_database: Database, username: str, heading: str
) -> None:
    window = RoleWindow(demo_database, login(demo_database, username, DEMO_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith(heading)
    assert "Coming next" in window.findChild(QLabel, "coming_next").text()
    assert window.catalogue.rowCount() >= 30
    window.search.setText("食品")
    assert 0 < window.catalogue.rowCount() < 30
    with qtbot.waitSignal(window.logout_requested):
        window.logout_action.trigger()
