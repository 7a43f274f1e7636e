"""Opening any window costs at most ``WINDOW_OPENING_STATEMENTS`` statements: the clerk's,
the supervisor's and the administrator's main windows, the hall display and the kiosk,
counted from construction until every operation the window started has answered, the
hall's watcher listens and its first change has been read.

On SQLite the watcher waits by reading the hall's change counter every ``poll_ms`` (an
in-process read of one row, on its own thread): that waiting is not part of the opening,
and on PostgreSQL it is a LISTEN, with no reads at all."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from counter_app.db.engine import Database
from counter_app.domain.roles import Role
from counter_app.services import queue
from counter_app.ui.display.window import HallDisplayWindow
from counter_app.ui.kiosk.window import KioskWindow
from counter_app.ui.main_window import RoleWindow
from tests.queue_support import display, kiosk, line_id, staff
from tests.test_statement_budget import counting

WINDOW_OPENING_STATEMENTS = 10
WATCHER_THREAD = "counter_app hall "  # the watcher's thread: "counter_app hall 3 watcher"


def _open(qtbot: QtBot, build: Callable[[], QWidget]) -> list[str]:
    with counting() as count:
        window = build()
        qtbot.addWidget(window)
        window.show()
        if isinstance(window, HallDisplayWindow):
            window.start()  # as ``counter-app display`` does once the window is up
        backend = window.backend  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: backend.operations.idle, timeout=10_000)
        end = time.monotonic() + 1.0  # the watcher connects and its first poke (if any) is read
        while time.monotonic() < end:
            qtbot.wait(50)
        qtbot.waitUntil(lambda: backend.operations.idle, timeout=10_000)
        statements = count.not_from(WATCHER_THREAD)
    backend.stop()
    window.close()
    return statements


@pytest.mark.parametrize("who", ["kg01", "kg_zb", "admin"])
def test_opening_a_role_window(qtbot: QtBot, hall_open_all_day: Database, who: str) -> None:
    demo_database = hall_open_all_day  # a ticket is issued by the real clock, at any hour CI runs
    actor = staff(demo_database, who)
    queue.issue_ticket(staff(demo_database, "kg_zb"), line_id(demo_database, "A")) if actor.role is Role.CLERK else None
    statements = _open(qtbot, lambda: RoleWindow(actor))
    assert len(statements) <= WINDOW_OPENING_STATEMENTS, "\n".join(statements)


def test_opening_the_hall_display(qtbot: QtBot, demo_database: Database, qt_speech: None) -> None:
    actor = display(demo_database)
    statements = _open(qtbot, lambda: HallDisplayWindow(actor, speech_engine="mock"))
    assert len(statements) <= WINDOW_OPENING_STATEMENTS, "\n".join(statements)
    assert any("ticket" in statement for statement in statements)  # it did read the hall


def test_opening_the_kiosk(qtbot: QtBot, demo_database: Database) -> None:
    actor = kiosk(demo_database)
    statements = _open(qtbot, lambda: KioskWindow(actor, "KG", printer=lambda: None))
    assert len(statements) <= WINDOW_OPENING_STATEMENTS, "\n".join(statements)
    assert any("business_lines" in statement for statement in statements)  # it did read the lines
