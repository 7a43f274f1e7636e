"""The self-service ticket kiosk of a hall: ``counter-app kiosk --hall KG [--windowed]``.

Nobody logs in: on PostgreSQL the kiosk connects as its own login role (its database URL's
user, made by ``counter-app device add``), which may only issue ordinary tickets of its
hall; on the embedded database it acts as ``Actor.kiosk``. Huge buttons, one tap per ticket; the slip is printed on the
default printer if there is one, else shown; after ten seconds the start screen returns.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

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
from counter_app.ui.app import install_excepthook, make_application
from counter_app.ui.issuing.station import IssuingStation, PrinterSource
from counter_app.ui.shared.slip_preview import default_printer
from counter_app.ui.translation import user_message
from counter_app.ui.shared.backend import Backend


class KioskWindow(QMainWindow):
    """A touch screen that issues queue numbers of one hall."""

    def __init__(
        self,
        actor: Actor,
        hall_name: str,
        *,
        printer: PrinterSource = default_printer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("{hall} — take a number").format(hall=hall_name))
        self.actor = actor
        self.backend = Backend(actor, parent=self)
        self.station = IssuingStation(self.backend, actor.hall_id, kiosk=True, kiosk_printer=printer)
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
        central.setStyleSheet("background: #fbfcfe;")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addLayout(header)
        layout.addWidget(self.station, 1)
        self.setCentralWidget(central)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._show_time)
        self._clock_timer.start()
        self._show_time()

    def _show_time(self) -> None:
        # The hall's time, as on the slip, whatever the machine's own time zone.
        self.clock.setText(datetime.now(ZoneInfo(self.station.timezone)).strftime("%Y-%m-%d  %H:%M"))

    def stop(self) -> None:
        self._clock_timer.stop()
        self.station.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().closeEvent(event)


def run_kiosk(db_option: str | None, hall: str, full_screen: bool) -> int:
    app = make_application()
    install_excepthook()
    try:
        opened = open_database(resolve_database(db_option))
    except UserError as error:
        QMessageBox.critical(None, QApplication.translate("Kiosk", "Cannot open the database"), user_message(error))
        return 2
    try:
        try:
            hall_id, hall_name = find_hall(opened.database, hall)
            actor = device_actor(opened.database, Role.KIOSK, hall_id)
        except UserError as error:
            QMessageBox.critical(None, QApplication.translate("Kiosk", "Unknown hall"), user_message(error))
            return 2
        window = KioskWindow(actor, hall_name)
        if full_screen:
            window.showFullScreen()
        else:
            window.resize(1280, 800)
            window.show()
        return app.exec()
    finally:
        opened.database.dispose()
