"""The login dialog and the role windows, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.domain.roles import Role
from counter_app.services.auth import NewStaff, create_staff, login
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.ui.login import ChangePasswordDialog, LoginDialog
from counter_app.ui.main_window import RoleWindow
from counter_app.ui.session import IdleGuard
from tests.queue_support import hall_id, staff, unique_username

NEW_PASSWORD = "harbour-lantern-1907"
FIRST_PASSWORD = "chosen-by-the-admin-42"


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
    window = RoleWindow(staff(demo_database, username))
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith(heading)
    notice = window.findChild(QLabel, "coming_next")
    if username == "kg01":  # everything announced to clerks is built (renewal: the counter's third tab)
        assert notice is None
    else:
        assert "Coming next" in notice.text()
    catalogue = window.workspace("catalogue")
    window.tabs.setCurrentWidget(catalogue)  # read when first shown, once, on the worker
    qtbot.waitUntil(lambda: catalogue.model.rowCount() >= 30)
    catalogue.search.setText("食品")  # searched in memory, once typing pauses
    qtbot.waitUntil(lambda: 0 < catalogue.model.rowCount() < 30)
    assert "of" in catalogue.status.text()
    with qtbot.waitSignal(window.logout_requested):
        window.logout_action.trigger()


def test_first_login_must_choose_a_password(qtbot: QtBot, demo_database: Database) -> None:
    name = unique_username("first")
    admin = staff(demo_database, "admin")
    create_staff(admin, NewStaff(name, "新职员", Role.CLERK, FIRST_PASSWORD, hall_id(demo_database)))
    actor = login(demo_database, name, FIRST_PASSWORD)
    assert actor.must_change_password
    dialog = ChangePasswordDialog(actor, forced=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.findChild(QLabel, "forced_reason") is not None
    dialog.current.setText(FIRST_PASSWORD)
    dialog.new.setText("12345678")
    dialog.repeat.setText("12345678")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "too easy to guess" in dialog.message.text()
    assert dialog.new.hasFocus() or dialog.new.text() == ""
    dialog.current.setText(FIRST_PASSWORD)
    dialog.new.setText(NEW_PASSWORD)
    dialog.repeat.setText(NEW_PASSWORD + "x")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.message.text()
    dialog.current.setText(FIRST_PASSWORD)
    dialog.new.setText(NEW_PASSWORD)
    dialog.repeat.setText(NEW_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert not dialog.actor.must_change_password
    assert login(demo_database, name, NEW_PASSWORD).username == name


def test_an_idle_window_locks_and_asks_for_the_password(qtbot: QtBot, demo_database: Database) -> None:
    clerk = staff(demo_database, "kg03")
    window = RoleWindow(clerk)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.backend.operations.idle, timeout=5000)  # the settings read
    window.idle_guard.stop()
    window.idle_guard = IdleGuard(300, parent=window)  # 0.3 s instead of minutes
    window.idle_guard.idle.connect(lambda: window.lock(idle=True))
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert window.pages.currentWidget() is window.locked_page and not window.menuBar().isEnabled()
    dialog = window.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.password.setText("wrong-password")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert window.locked and "Wrong" in dialog.message.text()
    dialog.password.setText(DEMO_PASSWORD)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.locked and window.pages.currentWidget() is window.tabs
    with qtbot.waitSignal(window.logout_requested):  # "Log out" on the lock ends the session
        window.lock()
        assert window.unlock_dialog is not None
        qtbot.mouseClick(window.unlock_dialog.logout_button, Qt.MouseButton.LeftButton)
    window.close()


def test_the_idle_time_is_a_setting(qtbot: QtBot, demo_database: Database) -> None:
    from sqlalchemy import insert

    from counter_app.db.models import Setting

    with demo_database.transaction() as session:
        session.execute(insert(Setting).values(key="session_idle_lock_minutes", value="3"))
    window = RoleWindow(staff(demo_database, "kg_zb"))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.idle_minutes == 3, timeout=5000)  # read on the worker
    assert window.idle_guard.idle_ms == 180_000
    window.close()
