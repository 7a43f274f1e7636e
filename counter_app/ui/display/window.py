"""The hall display (叫号大屏): current calls, last calls, waiting counts, clock, notice,
and every call spoken in Mandarin. Read-only, no login, full screen on a wall.

Laid out for 1920×1080; every size, margin and spacing scales with the window, so a
1280×720 window (``--windowed``) looks the same, only smaller. A call ("A001 → 14号窗口")
is never cut: where it does not fit its row at the scaled size, its font shrinks to the
row (``widgets.FittedRow``); recent calls go to one column where two would be too small.

The database is read on the display's own worker thread (``Backend``): a slow or lost
server never freezes the clock, the blinking or the speech queue.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from time import monotonic
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QPointF, QSize, Qt, QTime, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QFontMetricsF,
    QHideEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from counter_app.config import resolve_database
from counter_app.domain.queue import DEFAULT_TIMEZONE, TicketStatus, call_announcement
from counter_app.domain.roles import Role
from counter_app.errors import ConflictError, NotFound, PermissionDenied, UserError, ValidationError
from counter_app.services import devices
from counter_app.services.access import Actor
from counter_app.services.auth import device_actor
from counter_app.services.queue import CallView, DisplayState, display_state, find_hall
from counter_app.services.setup import open_database
from counter_app.ui.app import install_excepthook, make_application
from counter_app.ui.display.announcer import Announcer
from counter_app.ui.display.widgets import (
    MIN_FONT_PX,
    RECENT_PX,
    CallKey,
    CallRow,
    FittedRow,
    RecentCall,
    SpeechOffMark,
    call_key,
)
from counter_app.ui.shared.backend import Backend, Clock
from counter_app.ui.translation import user_message

log = logging.getLogger(__name__)

CURRENT_ROWS = 6  # the newest call, big, and five more
RECENT_ROWS = 10  # last calls, in two columns (one in a narrow window)
FLASH_MS = 8_000  # a new call or recall blinks this long
BLINK_MS = 500
MARQUEE_STEP_MS = 30
SEEN_LIMIT = 5_000  # calls remembered as announced (a busy hall makes a few hundred a day)
DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080
SIDE_WIDTH = 640  # the right column at 1920 wide: recent calls and waiting counts
WAITING_ROWS = 7
REPORT_MS = devices.REPORT_EVERY_SECONDS * 1000  # the speech heartbeat to the Hall tab
DETAIL_MAX = 200  # devices.report_display stores this much of the detail
RECENT_SPACING = 18  # between the two columns of recent calls
PANEL_MARGIN = 28  # left and right inside a panel
RECENT_SHRINK = 0.75  # two columns of recent calls while their font keeps this much of its size

L = TypeVar("L", bound=QLayout)

# Colours: white and amber on deep blue, readable from the back of a hall.
BACKGROUND = "#0b2545"
PANEL = "#13315c"
ROW = "#1b3d6e"
ACCENT = "#ffd166"
MUTED = "#9fb7d4"
ALERT = "#c1121f"
NOTICE = "#134074"


def _stylesheet(scale: float) -> str:
    def px(size: float) -> str:
        return f"{max(MIN_FONT_PX, round(size * scale))}px"

    # The call rows' and recent calls' font sizes are not here: FittedRow sets them per label.
    return f"""
        HallDisplayWindow {{ background: {BACKGROUND}; }}
        QLabel {{ color: white; background: transparent; }}
        QLabel#hall_name {{ font-size: {px(52)}; font-weight: bold; }}
        QLabel#clock {{ font-size: {px(38)}; color: {MUTED}; }}
        SpeechOffMark {{ font-size: {px(26)}; color: {MUTED}; }}
        QLabel#connection_banner {{
            background: {ALERT}; font-size: {px(36)}; font-weight: bold; padding: {px(10)}; border-radius: {px(8)};
        }}
        QFrame#panel {{ background: {PANEL}; border-radius: {px(16)}; }}
        QLabel[role="title"] {{ font-size: {px(34)}; color: {ACCENT}; font-weight: bold; }}
        QLabel#idle_line {{ font-size: {px(44)}; color: {MUTED}; }}
        QFrame#call_row {{ background: {ROW}; border-radius: {px(12)}; }}
        QFrame#call_row[flash="true"] {{ background: {ACCENT}; }}
        QFrame#call_row QLabel#arrow {{ color: {MUTED}; }}
        QFrame#call_row QLabel#name {{ color: {MUTED}; }}
        QFrame#call_row[lead="true"] QLabel {{ color: {ACCENT}; }}
        QFrame#call_row[lead="true"] QLabel#arrow, QFrame#call_row[lead="true"] QLabel#name {{ color: white; }}
        QFrame#call_row[flash="true"] QLabel, QFrame#call_row[flash="true"] QLabel#arrow,
        QFrame#call_row[flash="true"] QLabel#name {{ color: {BACKGROUND}; }}
        RecentCall QLabel#counter {{ color: {MUTED}; }}
        RecentCall QLabel#tag {{ border-radius: {px(6)}; }}
        RecentCall QLabel#tag[state="no_show"] {{ color: {BACKGROUND}; background: {ACCENT}; }}
        RecentCall QLabel#tag[state="moved"] {{ color: {BACKGROUND}; background: {MUTED}; }}
        QLabel[role="line"] {{ font-size: {px(34)}; }}
        QLabel[role="waiting"] {{ font-size: {px(34)}; color: {ACCENT}; font-weight: bold; }}
        QLabel[role="line"][compact="true"], QLabel[role="waiting"][compact="true"] {{ font-size: {px(27)}; }}
        Marquee {{ background: {NOTICE}; color: white; font-size: {px(36)}; }}
    """


class Marquee(QWidget):
    """The hall's notice, scrolling right to left when it is wider than the screen.

    Painted with a pixel offset (smooth, unlike rotating a label's characters); the timer
    runs only while the widget is visible and the text does not fit.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._text = ""
        self._offset = 0.0
        self._running = True
        self._timer = QTimer(self)
        self._timer.setInterval(MARQUEE_STEP_MS)
        self._timer.timeout.connect(self._step)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._offset = 0.0
            self._update_timer()
            self.update()

    def set_running(self, running: bool) -> None:
        """Stop (or allow again) the scrolling timer."""
        self._running = running
        self._update_timer()

    def _gap(self) -> float:
        return self.font().pixelSize() * 4 if self.font().pixelSize() > 0 else 120.0

    def _text_width(self) -> float:
        return QFontMetricsF(self.font()).horizontalAdvance(self._text)

    def _scrolls(self) -> bool:
        return bool(self._text) and self._text_width() > self.width() - 40

    def _update_timer(self) -> None:
        if self._running and self.isVisible() and self._scrolls():
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()

    def _step(self) -> None:
        period = self._text_width() + self._gap()
        self._offset = (self._offset + max(1.0, self.height() / 30)) % period
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(400, round(QFontMetricsF(self.font()).height() * 1.3))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.sizeHint()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the stylesheet's font size changed
            self.setFixedHeight(self.sizeHint().height())
            self._update_timer()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._update_timer()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        super().hideEvent(event)
        self._timer.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_timer()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        if not self._text:
            return
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = QFontMetricsF(self.font())
        baseline = (self.height() + metrics.ascent() - metrics.descent()) / 2
        if not self._scrolls():
            x = (self.width() - self._text_width()) / 2
            painter.drawText(QPointF(x, baseline), self._text)
            return
        period = self._text_width() + self._gap()
        x = 20 - self._offset
        while x < self.width():
            painter.drawText(QPointF(x, baseline), self._text)
            x += period


def _clean_detail(text: str) -> str:
    """An engine's error as the device status stores it: one printable line, not too long."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())[:DETAIL_MAX]


class HallDisplayWindow(QWidget):
    """A wall screen for one hall. ``state`` holds the last state read (kept while the
    database is away); ``announcer`` speaks new calls; the hall's watcher says when to
    re-read, on the display's own ``backend``.

    Signals:
        refreshed(): a fresh state was read and shown (``state`` holds it).
    """

    refreshed = Signal()

    def __init__(
        self,
        actor: Actor,
        *,
        speech_engine: str | None = None,
        poll_ms: int = 200,
        refresh_ms: int = 5000,
        retry_ms: int = 2000,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert actor.hall_id is not None, "a hall display belongs to one hall"
        self.backend = Backend(actor, clock=clock, parent=self)
        # The display's watcher polls faster than a staff screen's (set before it starts).
        self.backend.watchers.watcher_options.update(poll_ms=poll_ms, refresh_ms=refresh_ms, retry_ms=retry_ms)
        self.hall_id: int = actor.hall_id
        self.timezone = ZoneInfo(DEFAULT_TIMEZONE)  # the hall's, from the first read on
        self.state: DisplayState | None = None
        self._shown: DisplayState | None = None  # what is on screen, read_at left out
        self._seen: OrderedDict[CallKey, None] | None = None  # announced calls; None before the first read
        self._flash_until: dict[CallKey, float] = {}
        self._blink_on = True
        self._read_ok = True
        self._started = False
        self._scale = 0.0
        self._waiting_lines: tuple[tuple[str, str], ...] | None = None
        self._waiting_rows: list[tuple[QLabel, QLabel]] = []
        self._layouts: list[tuple[QLayout, tuple[int, int, int, int], int, int | None]] = []
        self.speech_ok: bool | None = None  # None until the speech worker has said
        self.setWindowTitle(self.tr("Hall display"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._build()
        self._apply_scale()

        self.announcer = Announcer(speech_engine, parent=self)
        self.announcer.availability_changed.connect(self._on_speech)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(250)  # checked often, changed once a second: no skipped seconds
        self._clock_timer.timeout.connect(self._update_clock)
        self._blink_timer = QTimer(self)
        self._blink_timer.setInterval(BLINK_MS)
        self._blink_timer.timeout.connect(self._blink)
        self._report_timer = QTimer(self)
        self._report_timer.setInterval(REPORT_MS)
        self._report_timer.timeout.connect(self.report_speech)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)
        # Escape deliberately does nothing: a wall display is left alone.

    @property
    def actor(self) -> Actor:
        return self.backend.actor

    # -- building ---------------------------------------------------------------

    def _build(self) -> None:
        self.hall_label = QLabel()
        self.hall_label.setObjectName("hall_name")
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        self.speech_off = SpeechOffMark(self.tr("Speech unavailable"))
        self.speech_off.hide()
        header = self._scaled(QHBoxLayout(), (0, 0, 0, 0), 24)
        header.addWidget(self.hall_label)
        header.addStretch(1)
        header.addWidget(self.speech_off)
        header.addWidget(self.clock)

        now_panel = QFrame()
        now_panel.setObjectName("panel")
        # The panel takes what the side leaves; its rows fit themselves to that.
        now_panel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        now_box = self._scaled(QVBoxLayout(now_panel), (PANEL_MARGIN, 20, PANEL_MARGIN, 28), 16)
        now_box.addWidget(self._title(self.tr("Now calling")))
        self.call_rows = [CallRow(lead=index == 0) for index in range(CURRENT_ROWS)]
        for row in self.call_rows:
            row.hide()
            now_box.addWidget(row)
        self.idle_line = QLabel(self.tr("Please wait for your number to be called."))
        self.idle_line.setObjectName("idle_line")
        self.idle_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.idle_line.setWordWrap(True)
        now_box.addWidget(self.idle_line, 1)
        now_box.addStretch(1)

        recent_panel = QFrame()
        recent_panel.setObjectName("panel")
        recent_box = self._scaled(QVBoxLayout(recent_panel), (PANEL_MARGIN, 20, PANEL_MARGIN, 20), 6)
        recent_box.addWidget(self._title(self.tr("Recent calls")))
        self.recent_grid = self._scaled(QGridLayout(), (0, 0, 0, 0), 6, RECENT_SPACING)
        self.recent_calls = [RecentCall() for _ in range(RECENT_ROWS)]
        self.recent_columns = 0
        self._arrange_recent(2)
        recent_box.addLayout(self.recent_grid)
        recent_box.addStretch(1)

        waiting_panel = QFrame()
        waiting_panel.setObjectName("panel")
        waiting_box = self._scaled(QVBoxLayout(waiting_panel), (PANEL_MARGIN, 20, PANEL_MARGIN, 20), 6)
        waiting_box.addWidget(self._title(self.tr("Waiting")))
        self.waiting_grid = self._scaled(QGridLayout(), (0, 0, 0, 0), 6, RECENT_SPACING)
        waiting_box.addLayout(self.waiting_grid)
        waiting_box.addStretch(1)

        self.side = QWidget()
        side = self._scaled(QVBoxLayout(self.side), (0, 0, 0, 0), 20)
        side.addWidget(recent_panel, 1)
        side.addWidget(waiting_panel, 1)
        body = self._scaled(QHBoxLayout(), (0, 0, 0, 0), 20)
        body.addWidget(now_panel, 1)
        body.addWidget(self.side)

        self.notice = Marquee()
        self.notice.setObjectName("notice")

        layout = self._scaled(QVBoxLayout(self), (32, 16, 32, 20), 16)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        layout.addWidget(self.notice)
        # The screen's size is the window's size: content that does not fit is cut, the
        # window never grows past the screen.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        # Over the header, so that the calls on screen do not move when it comes and goes.
        self.banner = QLabel(self.tr("Connection lost, reconnecting…"), self)
        self.banner.setObjectName("connection_banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.hide()

    def _arrange_recent(self, columns: int) -> None:
        """Recent calls newest first, read left to right, line by line, in ``columns`` columns."""
        if columns == self.recent_columns:
            return
        self.recent_columns = columns
        for entry in self.recent_calls:
            self.recent_grid.removeWidget(entry)
        for index, entry in enumerate(self.recent_calls):
            row, column = divmod(index, columns)
            self.recent_grid.addWidget(entry, row, column)
        for column in range(2):
            self.recent_grid.setColumnStretch(column, 1 if column < columns else 0)

    def _fit_recent(self) -> None:
        """Two columns of recent calls where they fit at about their size; else one, so that
        a narrow window (or a long language) shows them legible rather than tiny."""
        scale = self._scale or 1.0
        inner = self.side.minimumWidth() - 2 * round(PANEL_MARGIN * scale)
        half = (inner - round(RECENT_SPACING * scale)) // 2
        smallest = RECENT_SHRINK * max(MIN_FONT_PX, round(RECENT_PX * scale))
        fits = all(entry.fitted_sizes(half)[0] >= smallest for entry in self.recent_calls if entry.number.text())
        self._arrange_recent(2 if fits else 1)

    @property
    def recent_labels(self) -> list[tuple[QLabel, QLabel]]:
        """Number and counter of each recent call, newest first."""
        return [(entry.number, entry.counter) for entry in self.recent_calls]

    def _scaled(self, layout: L, margins: tuple[int, int, int, int], spacing: int, horizontal: int | None = None) -> L:
        """``layout`` with margins and spacings that follow the window's scale: at a small
        window, fixed 28-pixel margins would take the room the calls need."""
        self._layouts.append((layout, margins, spacing, horizontal))
        return layout

    def _scale_layouts(self, scale: float) -> None:
        for layout, margins, spacing, horizontal in self._layouts:
            layout.setContentsMargins(*(round(value * scale) for value in margins))
            if isinstance(layout, QGridLayout):
                layout.setVerticalSpacing(round(spacing * scale))
                layout.setHorizontalSpacing(round((horizontal if horizontal is not None else spacing) * scale))
            else:
                layout.setSpacing(round(spacing * scale))

    @staticmethod
    def _title(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "title")
        return label

    def _fitted_rows(self) -> Sequence[FittedRow]:
        return [*self.call_rows, *self.recent_calls]

    def _apply_scale(self) -> None:
        size = self.size() if self.width() > 0 and self.height() > 0 else QSize(DESIGN_WIDTH, DESIGN_HEIGHT)
        scale = max(0.4, min(size.width() / DESIGN_WIDTH, size.height() / DESIGN_HEIGHT))
        if abs(scale - self._scale) >= 0.02:
            self._scale = scale
            self.setStyleSheet(_stylesheet(scale))
            self._scale_layouts(scale)
            for row in self._fitted_rows():
                row.set_scale(scale)
        # A window narrower than 16:9 (740×600) scales by its width and has height to spare:
        # the side column then takes up to 40 % of the width, so that recent calls stay legible.
        height_scale = size.height() / DESIGN_HEIGHT
        side = max(SIDE_WIDTH * scale, min(SIDE_WIDTH * height_scale, 0.4 * size.width()))
        if self.side.minimumWidth() != round(side):
            self.side.setFixedWidth(round(side))
        self._fit_recent()
        self.banner.setGeometry(0, 0, self.width(), round(self.banner.sizeHint().height() * 1.4))
        self.banner.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._apply_scale()

    # -- running ----------------------------------------------------------------

    def start(self) -> None:
        """Read and show the hall, then follow its changes."""
        self._started = True
        self._update_clock()
        self._clock_timer.start()
        self._report_timer.start()
        self.notice.set_running(True)
        first_read_coming = self.backend.watchers.subscribe(self.hall_id, self, self._on_hall_changed)
        watcher = self.backend.watchers.watcher(self.hall_id)
        if watcher is not None:
            watcher.connection_lost.connect(self._update_banner)
            watcher.connection_restored.connect(self._update_banner)  # its ``changed`` follows and re-reads
        self._update_banner()
        if not first_read_coming:
            self.refresh()
        if self.speech_ok is not None:  # the worker answered before the display started
            self.report_speech()

    def stop(self) -> None:
        """Stop every timer, the watcher, the database worker and the speech worker (idempotent)."""
        self._started = False
        self.backend.stop()
        self.announcer.stop()
        for timer in (self._clock_timer, self._blink_timer, self._report_timer):
            timer.stop()
        self.notice.set_running(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)

    def _on_hall_changed(self, _own_only: bool) -> None:
        self.refresh()  # a display makes no changes of its own: every poke is news

    def refresh(self) -> None:
        """Ask for the hall's state; it is shown, and new calls and recalls announced, when
        it arrives. Requests made while one waits are merged into one read."""
        # The module's name is looked up now, so that a test may replace the read.
        self.backend.run(
            display_state, self.hall_id, recent=RECENT_ROWS,
            done=self._show_state, failed=self._read_failed, key="display_state", owner=self,
        )

    def _read_failed(self, error: UserError) -> None:
        if isinstance(error, (NotFound, PermissionDenied, ValidationError, ConflictError)):
            # e.g. the hall was removed: keep what is shown, say why in the log.
            log.warning("display read refused: %s", error)
            return
        # The database is away (or a bug, logged by the worker): the last state stays on
        # screen under the banner; nobody stands at a wall screen to close an error dialog.
        log.info("display read failed; the last state stays on screen: %s", error)
        self._read_ok = False
        self._update_banner()

    def _show_state(self, state: DisplayState) -> None:
        """Show a state read, and announce calls and recalls not seen before.

        The first read announces nothing: what is on screen then was called before."""
        self._read_ok = True
        self._update_banner()
        if state.timezone != self.timezone.key:
            self.timezone = ZoneInfo(state.timezone)
            self._update_clock()
        new_calls = self._new_calls(state)
        shown = dataclasses.replace(state, read_at=datetime.min)
        if shown != self._shown:  # most pokes and the periodic refresh change nothing on screen
            self._show(state)
            self._shown = shown
        self.state = state
        if new_calls:
            deadline = monotonic() + FLASH_MS / 1000
            for call in new_calls:
                self._flash_until[call_key(call)] = deadline
            self._blink_on = True
            self._blink_timer.start()
            self._update_flash()
            self.announcer.repeat = state.repeat
            for call in new_calls:
                self.announcer.announce(call_announcement(call.label, call.counter_number))
        self.refreshed.emit()

    def _new_calls(self, state: DisplayState) -> list[CallView]:
        """Current calls (oldest first) whose (ticket, recall count, call time) is new. A
        recent call still waiting for its visitor is not marked seen unless it is current:
        it is announced when it shows as current."""
        keys = [
            call_key(call)
            for call in (*state.current_calls, *state.recent_calls)
            if call in state.current_calls or call.status is not TicketStatus.CALLED
        ]
        if self._seen is None:
            self._seen = OrderedDict.fromkeys(keys)
            return []
        fresh = [call for call in reversed(state.current_calls) if call_key(call) not in self._seen]
        for key in keys:
            self._seen[key] = None
            self._seen.move_to_end(key)
        while len(self._seen) > SEEN_LIMIT:
            self._seen.popitem(last=False)
        return fresh

    # -- showing ----------------------------------------------------------------

    def recent_tag(self, status: TicketStatus) -> tuple[str, str]:
        """The tag of a recent call and its style: the visitor did not come, or the ticket
        was sent back to the queue or on to another counter (it will be called again)."""
        if status is TicketStatus.NO_SHOW:
            return self.tr("No-show"), "no_show"
        if status is TicketStatus.WAITING:
            return self.tr("Transferred"), "moved"
        return "", ""

    def _show(self, state: DisplayState) -> None:
        self.hall_label.setText(state.hall_name)
        counter_text = self.tr("Counter {number}")
        for index, row in enumerate(self.call_rows):
            row.set_call(state.current_calls[index] if index < len(state.current_calls) else None, counter_text)
        self.idle_line.setVisible(not state.current_calls)
        # The big panel shows the calls still waiting for their visitor; this list the rest.
        current = {call.ticket_id for call in state.current_calls}
        earlier = [call for call in state.recent_calls if call.ticket_id not in current]
        for index, entry in enumerate(self.recent_calls):
            call = earlier[index] if index < len(earlier) else None
            if call is None:
                entry.set_call("—" if index == 0 else "", "", "", "")  # a dash: nothing yet
            else:
                tag, style = self.recent_tag(call.status)
                entry.set_call(call.label, counter_text.format(number=call.counter_number), tag, style)
        self._fit_recent()
        lines = tuple((prefix, name) for prefix, name, _ in state.waiting_by_line)
        if lines != self._waiting_lines:
            self._rebuild_waiting_rows(lines)
        waiting_text = self.tr("{count} waiting")
        for (_, _, waiting), (_, count_label) in zip(state.waiting_by_line, self._waiting_rows, strict=True):
            count_label.setText(waiting_text.format(count=waiting))
        self.notice.set_text(state.notice)
        self._update_flash()

    def _rebuild_waiting_rows(self, lines: tuple[tuple[str, str], ...]) -> None:
        """Lines rarely change: their rows are built once and then only their counts change."""
        for labels in self._waiting_rows:
            for label in labels:
                self.waiting_grid.removeWidget(label)
                label.deleteLater()
        self._waiting_rows = []
        # Up to WAITING_ROWS lines in one column; a hall with more gets two, in a smaller font.
        columns = 1 if len(lines) <= WAITING_ROWS else 2
        for index, (prefix, name) in enumerate(lines):
            line_label = QLabel(f"{prefix}  {name}")
            line_label.setProperty("role", "line")
            count_label = QLabel()
            count_label.setProperty("role", "waiting")
            count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for label in (line_label, count_label):
                label.setProperty("compact", columns > 1)
            row, column = divmod(index, columns)
            self.waiting_grid.addWidget(line_label, row, column * 2)
            self.waiting_grid.addWidget(count_label, row, column * 2 + 1)
            self._waiting_rows.append((line_label, count_label))
        for column in range(4):
            self.waiting_grid.setColumnStretch(column, 1 if column % 2 == 0 and column // 2 < columns else 0)
        self._waiting_lines = lines

    def _blink(self) -> None:
        now = monotonic()
        self._flash_until = {key: until for key, until in self._flash_until.items() if until > now}
        self._blink_on = not self._blink_on
        if not self._flash_until:
            self._blink_timer.stop()
        self._update_flash()

    def _update_flash(self) -> None:
        for row in self.call_rows:
            row.set_flash(self._blink_on and row.key is not None and row.key in self._flash_until)

    def _update_clock(self) -> None:
        """The hall's date and time (its business time zone, by the database server's clock
        as last measured: no round trip), whatever the zone and the clock of the PC behind
        the screen."""
        local = self.backend.now().astimezone(self.timezone)
        moment = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))
        text = QLocale().toString(moment, "yyyy-MM-dd  dddd  HH:mm:ss")
        if text != self.clock.text():
            self.clock.setText(text)

    # -- speech -------------------------------------------------------------------

    def _on_speech(self, available: bool) -> None:
        """The speech engine started working or stopped: show it, and tell the Hall tab."""
        self.speech_ok = available
        self.speech_off.setVisible(not available)
        if self._started:
            self.report_speech()

    def speech_detail(self) -> str:
        """For the supervisor: why the display is mute, or which voice reads the calls."""
        info = self.announcer.engine_info
        if not info.get("ok"):
            return _clean_detail(str(info.get("error") or "no speech engine"))
        detail = f"{info.get('engine')} · {info.get('voice')} ({info.get('locale')})"
        if not info.get("mandarin"):
            detail += " · no Mandarin voice"
        return _clean_detail(detail)

    def report_speech(self) -> None:
        """Report whether the calls are spoken (on a change, and as the heartbeat that tells
        the Hall tab this display is alive)."""
        if self.speech_ok is None:
            return  # not known yet; the worker answers within its start timeout
        self.backend.run(
            devices.report_display, self.hall_id, self.speech_ok, self.speech_detail(),
            failed=lambda error: log.info("could not report the speech state: %s", error),
            key="report_display", owner=self,
        )

    # -- connection ---------------------------------------------------------------

    def _update_banner(self) -> None:
        watcher = self.backend.watchers.watcher(self.hall_id)
        connected = watcher is None or watcher.connected
        self.banner.setVisible(not (self._read_ok and connected))


def run_display(db_option: str | None, hall: str, full_screen: bool = True) -> int:
    """``counter-app display --hall KG [--windowed] [--db URL]``."""
    app = make_application()
    install_excepthook()
    try:
        opened = open_database(resolve_database(db_option))
    except UserError as error:
        QMessageBox.critical(None, QApplication.translate("App", "Cannot start the hall display"), user_message(error))
        return 2
    try:
        try:
            hall_id, _ = find_hall(opened.database, hall)
            actor = device_actor(opened.database, Role.DISPLAY, hall_id)
        except UserError as error:
            QMessageBox.critical(None, QApplication.translate("App", "Cannot start the hall display"), user_message(error))
            return 2
        window = HallDisplayWindow(actor)  # with its own Backend: reads off the GUI thread
        if full_screen:
            window.setCursor(Qt.CursorShape.BlankCursor)
            window.showFullScreen()
        else:
            window.resize(1280, 720)
            window.show()
        window.start()
        try:
            return app.exec()
        finally:
            window.stop()
    finally:
        opened.database.dispose()
