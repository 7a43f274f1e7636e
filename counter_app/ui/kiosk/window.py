"""The self-service ticket kiosk of a hall: ``counter-app kiosk --hall KG [--windowed]``.

Nobody logs in: on PostgreSQL the kiosk connects as its own login role (its database URL's
user, made by ``counter-app device add``), which may only issue ordinary tickets of its
hall; on the embedded database it acts as ``Actor.kiosk``. Huge buttons, one tap per
ticket; the slip is printed on the default printer if there is one, else shown; after ten
seconds the start screen returns. Outside the opening hours it shows itself closed.

With ``COUNTER_APP_STARTUP_PROBE`` set (start checks, the tests) the kiosk prints what it
showed once it is ready, or the message it would have shown in a box, and leaves.
"""

from __future__ import annotations

import os
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from counter_app.config import resolve_database
from counter_app.domain.roles import Role
from counter_app.errors import UserError
from counter_app.services.access import Actor
from counter_app.services.auth import device_actor
from counter_app.services.queue import find_hall
from counter_app.services.setup import open_database
from counter_app.ui.app import ENV_STARTUP_PROBE, install_excepthook, make_application
from counter_app.ui.issuing.core import PrinterSource
from counter_app.ui.kiosk.screen import HoursSource, KioskScreen, kiosk_clock_text
from counter_app.ui.shared.backend import Backend, Clock
from counter_app.ui.shared.slip_preview import default_printer
from counter_app.ui.translation import user_message

PROBE_TIMEOUT_MS = 30_000  # a probed kiosk that is not ready by then reports it and leaves


class KioskWindow(QMainWindow):
    """A touch screen that issues queue numbers of one hall."""

    def __init__(
        self,
        actor: Actor,
        hall_name: str,
        *,
        printer: PrinterSource = default_printer,
        hours: HoursSource | None = None,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert actor.hall_id is not None, "a kiosk belongs to a hall"
        self.setWindowTitle(self.tr("{hall} — take a number").format(hall=hall_name))
        self.actor = actor
        self.backend = Backend(actor, clock=clock, parent=self)
        self.kiosk_screen = KioskScreen(self.backend, actor.hall_id, hall_name, printer=printer, hours=hours)
        self.clock = QLabel()
        self.clock.setObjectName("kiosk_clock")
        self.clock.setStyleSheet("font-size: 26px; color: #455a64;")
        header = QHBoxLayout()
        welcome = QLabel(self.tr("Welcome"))
        welcome.setStyleSheet("font-size: 26px; color: #455a64;")
        header.addWidget(welcome)
        header.addStretch(1)
        header.addWidget(self.clock)
        central = QWidget()
        central.setObjectName("kiosk_central")
        central.setStyleSheet("QWidget#kiosk_central { background: #fbfcfe; }")  # not inherited by every child
        layout = QVBoxLayout(central)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addLayout(header)
        layout.addWidget(self.kiosk_screen, 1)
        self.setCentralWidget(central)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._show_time)
        self._clock_timer.start()
        self._show_time()
        self._stopped = False

    def _show_time(self) -> None:
        self.clock.setText(kiosk_clock_text(self.backend.now(), self.kiosk_screen.timezone))

    def stop(self) -> None:
        """Timers, the hall's watcher and the database worker: all end here."""
        if self._stopped:
            return
        self._stopped = True
        self._clock_timer.stop()
        self.kiosk_screen.stop()
        self.backend.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)


def run_kiosk(db_option: str | None, hall: str, full_screen: bool) -> int:
    app = make_application()
    install_excepthook()
    probe = bool(os.environ.get(ENV_STARTUP_PROBE))

    def refuse(title: str, error: UserError) -> int:
        if probe:  # nobody is there to close a box
            print(f"kiosk-refused {title}: {user_message(error)}", file=sys.stderr, flush=True)
        else:
            QMessageBox.critical(None, title, user_message(error))
        return 2

    try:
        opened = open_database(resolve_database(db_option))
    except UserError as error:
        return refuse(QApplication.translate("Kiosk", "Cannot open the database"), error)
    try:
        try:
            hall_id, hall_name = find_hall(opened.database, hall)
            actor = device_actor(opened.database, Role.KIOSK, hall_id)
        except UserError as error:
            return refuse(QApplication.translate("Kiosk", "Unknown hall"), error)
        window = KioskWindow(actor, hall_name)
        if probe:
            _probe(window)
        if full_screen:
            window.showFullScreen()
        else:
            window.resize(1280, 800)
            window.show()
        return app.exec()
    finally:
        opened.database.dispose()


def _probe(window: KioskWindow) -> None:
    """Report the first page once the kiosk is ready, then close it (the last window: the
    application quits, and ``run_kiosk`` returns as after a normal close)."""
    screen = window.kiosk_screen

    def report() -> None:
        if not window.isVisible():
            return
        print(
            f"kiosk-ready title={window.windowTitle()!r} page={screen.page().value} lines={len(screen.line_buttons)} "
            f"message={screen.message.text()!r}",
            flush=True,
        )
        window.close()

    def too_late() -> None:
        print("kiosk-not-ready", flush=True)
        window.stop()
        QApplication.exit(1)

    def unexpected(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        # The usual hook shows a box nobody would close: say it and leave with an error.
        traceback.print_exception(kind, error, trace)
        window.stop()
        QApplication.exit(1)

    sys.excepthook = unexpected
    screen.ready.connect(lambda: QTimer.singleShot(0, report))  # after the frame that shows it
    QTimer.singleShot(PROBE_TIMEOUT_MS, too_late)
