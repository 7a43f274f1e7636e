"""The hall display (叫号大屏): current calls, last calls, waiting counts, clock, notice,
and every call spoken in Mandarin. Read-only, no login, full screen."""

from __future__ import annotations

import logging

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.config import resolve_database
from counter_app.db.engine import Database
from counter_app.domain.queue import call_announcement
from counter_app.errors import DatabaseError, UserError
from counter_app.events.watcher import HallWatcher
from counter_app.services.access import Actor
from counter_app.services.queue import DisplayState, display_state, find_hall
from counter_app.services.setup import open_database
from counter_app.ui.announcer import Announcer
from counter_app.ui.app import install_excepthook, make_application
from counter_app.ui.translation import user_message

log = logging.getLogger(__name__)

CURRENT_ROWS = 6
RECENT_ROWS = 8
BACKGROUND = "#0b2545"
HIGHLIGHT = "#ffd166"


class HallDisplayWindow(QWidget):
    """A wall screen for one hall. ``state`` holds the last state read."""

    def __init__(
        self,
        database: Database,
        hall_id: int,
        *,
        speech_engine: str | None = None,
        poll_ms: int = 200,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.hall_id = hall_id
        self.actor = Actor.display(hall_id)
        self.state: DisplayState | None = None
        self._seen_calls: set[tuple[int, int]] | None = None  # (ticket, recall count) announced
        self.setWindowTitle(self.tr("Hall display"))
        self.setStyleSheet(f"background: {BACKGROUND}; color: white;")

        self.hall_label = QLabel()
        self.hall_label.setStyleSheet("font-size: 44px; font-weight: bold;")
        self.clock = QLabel()
        self.clock.setStyleSheet("font-size: 36px;")
        header = QHBoxLayout()
        header.addWidget(self.hall_label)
        header.addStretch()
        header.addWidget(self.clock)

        self.banner = QLabel(self.tr("Connection lost, reconnecting…"))
        self.banner.setObjectName("connection_banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("background: #c1121f; font-size: 30px; padding: 8px;")
        self.banner.hide()

        now_title = QLabel(self.tr("Now calling"))
        now_title.setStyleSheet(f"font-size: 34px; color: {HIGHLIGHT};")
        self.current_labels = [QLabel() for _ in range(CURRENT_ROWS)]
        current_box = QVBoxLayout()
        current_box.addWidget(now_title)
        for index, label in enumerate(self.current_labels):
            label.setStyleSheet(f"font-size: {96 if index == 0 else 60}px; font-weight: bold; color: {HIGHLIGHT if index == 0 else 'white'};")
            current_box.addWidget(label)
        current_box.addStretch()
        current_frame = QFrame()
        current_frame.setLayout(current_box)
        current_frame.setStyleSheet("QFrame { background: #13315c; border-radius: 12px; }")

        recent_title = QLabel(self.tr("Recent calls"))
        recent_title.setStyleSheet("font-size: 30px; color: #8da9c4;")
        self.recent_labels = [QLabel() for _ in range(RECENT_ROWS)]
        recent_box = QVBoxLayout()
        recent_box.addWidget(recent_title)
        for label in self.recent_labels:
            label.setStyleSheet("font-size: 34px;")
            recent_box.addWidget(label)
        recent_box.addStretch()

        waiting_title = QLabel(self.tr("Waiting"))
        waiting_title.setStyleSheet("font-size: 30px; color: #8da9c4;")
        self.waiting_grid = QGridLayout()
        self._waiting_rows: list[tuple[QLabel, QLabel]] = []
        self._waiting_prefixes: list[str] = []
        waiting_box = QVBoxLayout()
        waiting_box.addWidget(waiting_title)
        waiting_box.addLayout(self.waiting_grid)
        waiting_box.addStretch()

        body = QHBoxLayout()
        body.addWidget(current_frame, 6)
        body.addLayout(recent_box, 3)
        body.addLayout(waiting_box, 3)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet("font-size: 30px; background: #134074; padding: 6px;")
        self._notice_text = ""
        self._notice_offset = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.notice)

        self.announcer = Announcer(speech_engine, repeat=1, parent=self)
        self.watcher = HallWatcher(database, hall_id, poll_ms=poll_ms, parent=self)
        self.watcher.changed.connect(self.refresh)
        self.watcher.connection_lost.connect(self.banner.show)
        self.watcher.connection_restored.connect(self.banner.hide)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self._marquee = QTimer(self)
        self._marquee.setInterval(250)
        self._marquee.timeout.connect(self._scroll_notice)
        QShortcut(QKeySequence("Ctrl+Q"), self, activated=self.close)

    def start(self) -> None:
        self._on_tick()
        self.refresh()
        self.watcher.start()
        self._tick.start()
        self._marquee.start()

    def stop(self) -> None:
        self.watcher.stop()
        self._tick.stop()
        self._marquee.stop()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)

    def refresh(self) -> None:
        """Re-read the hall's state; announce calls and recalls not seen before."""
        try:
            state = display_state(self.database, self.actor, self.hall_id)
        except DatabaseError:
            log.info("display read failed", exc_info=True)
            self.banner.show()
            return
        if self.watcher.connected:
            self.banner.hide()
        self._show(state)
        keys = {(call.ticket_id, call.recall_count) for call in state.recent_calls}
        if self._seen_calls is None:
            self._seen_calls = keys  # what is on screen at start was announced before
        else:
            new_calls = [call for call in reversed(state.current_calls) if (call.ticket_id, call.recall_count) not in self._seen_calls]
            self._seen_calls |= keys
            self.announcer.repeat = state.repeat
            for call in new_calls:
                self.announcer.announce(call_announcement(call.label, call.counter_number))
        self.state = state

    def _show(self, state: DisplayState) -> None:
        self.hall_label.setText(state.hall_name)
        counter_text = self.tr("Counter {number}")
        for index, label in enumerate(self.current_labels):
            if index < len(state.current_calls):
                call = state.current_calls[index]
                name = f"  {call.visitor_name_masked}" if call.visitor_name_masked else ""
                label.setText(f"{call.label} → {counter_text.format(number=call.counter_number)}{name}")
            else:
                label.setText("")
        for index, label in enumerate(self.recent_labels):
            if index < len(state.recent_calls):
                call = state.recent_calls[index]
                label.setText(f"{call.label}  {counter_text.format(number=call.counter_number)}")
            else:
                label.setText("")
        waiting_text = self.tr("{count} waiting")
        if [prefix for prefix, _, _ in state.waiting_by_line] != self._waiting_prefixes:
            self._rebuild_waiting_rows(state)
        for (_, _, waiting), (_, count_label) in zip(state.waiting_by_line, self._waiting_rows, strict=True):
            count_label.setText(waiting_text.format(count=waiting))
        if state.notice != self._notice_text:
            self._notice_text = state.notice
            self._notice_offset = 0
            self._scroll_notice()

    def _rebuild_waiting_rows(self, state: DisplayState) -> None:
        """Lines rarely change: their rows are built once and then only their counts change."""
        for line_label, count_label in self._waiting_rows:
            for label in (line_label, count_label):
                self.waiting_grid.removeWidget(label)
                label.hide()
                label.deleteLater()
        self._waiting_rows = []
        for row, (prefix, name, _) in enumerate(state.waiting_by_line):
            line_label = QLabel(f"{prefix}  {name}")
            line_label.setStyleSheet("font-size: 30px;")
            count_label = QLabel()
            count_label.setStyleSheet(f"font-size: 30px; color: {HIGHLIGHT};")
            self.waiting_grid.addWidget(line_label, row, 0)
            self.waiting_grid.addWidget(count_label, row, 1, Qt.AlignmentFlag.AlignRight)
            self._waiting_rows.append((line_label, count_label))
        self._waiting_prefixes = [prefix for prefix, _, _ in state.waiting_by_line]

    def _on_tick(self) -> None:
        self.clock.setText(QDateTime.currentDateTime().toString("yyyy-MM-dd  HH:mm:ss"))

    def _scroll_notice(self) -> None:
        if not self._notice_text:
            self.notice.setText("")
            return
        padded = self._notice_text + "　　　　"
        self._notice_offset = (self._notice_offset + 1) % len(padded)
        self.notice.setText((padded[self._notice_offset:] + padded[: self._notice_offset]) * 2)


def run_display(db_option: str | None, hall: str, full_screen: bool = True) -> int:
    app = make_application()
    install_excepthook()
    try:
        opened = open_database(resolve_database(db_option))
        hall_id, _ = find_hall(opened.database, hall)
    except UserError as error:
        QMessageBox.critical(None, QApplication.translate("App", "Cannot start the hall display"), user_message(error))
        return 2
    window = HallDisplayWindow(opened.database, hall_id)
    window.start()
    if full_screen:
        window.setCursor(Qt.CursorShape.BlankCursor)
        window.showFullScreen()
    else:
        window.resize(1280, 720)
        window.show()
    try:
        return app.exec()
    finally:
        window.stop()
        opened.database.dispose()
