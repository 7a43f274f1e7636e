"""What the guide desk and the kiosk truly share: a hall's lines kept fresh through the
window's shared watcher, the slip rendered off the GUI thread, and a few texts.

Everything here reaches the database through ``Backend`` only: nothing blocks the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from counter_app.domain.queue import DEFAULT_TIMEZONE
from counter_app.errors import UserError
from counter_app.services import queue
from counter_app.services.printing import ticket_slip_pdf
from counter_app.services.queue import IssuedTicket, LineInfo
from counter_app.services.settings import cached_setting
from counter_app.ui.shared.backend import Backend

PrinterSource = Callable[[], QPrinter | None]


def wait_text(issued: IssuedTicket) -> str:
    if issued.wait_minutes is None:
        return QCoreApplication.translate("Issuing", "unknown")
    return QCoreApplication.translate("Issuing", "about {minutes} min").format(minutes=issued.wait_minutes)


def waiting_text(waiting: int) -> str:
    return QCoreApplication.translate("Issuing", "{waiting} waiting").format(waiting=waiting)


class HallLines(QObject):
    """The active lines of one hall with their waiting counts, re-read after every change
    the hall's shared watcher reports (bursts become one read).

    Signals:
        loaded(list[LineInfo]): the lines as just read.
        failed(UserError): they could not be read.
    """

    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, backend: Backend, owner: QWidget, banner: QWidget | None = None) -> None:
        super().__init__(owner)
        self.backend = backend
        self.owner = owner
        self.banner = banner
        self.hall_id: int | None = None
        self.lines: list[LineInfo] = []

    def watch(self, hall_id: int | None) -> None:
        """Serve ``hall_id`` (None: no hall): read its lines now and after each change."""
        if hall_id == self.hall_id:
            return
        if self.hall_id is not None:
            self.backend.watchers.unsubscribe(self.hall_id, self)
        self.hall_id = hall_id
        self.lines = []
        if hall_id is None:
            return
        # Every change, ours too: another tab of this window (the hall tab) may have moved
        # tickets back to the queue, and a keyed read is cheap.
        if not self.backend.watchers.subscribe(hall_id, self, lambda _own_only: self.refresh(), self.banner):
            self.refresh()

    def refresh(self) -> None:
        hall_id = self.hall_id
        if hall_id is None:
            return
        self.backend.run(
            queue.hall_lines, hall_id,
            done=lambda lines: self._loaded(hall_id, lines), failed=self.failed.emit,
            key=("hall_lines", id(self)), owner=self,
        )

    def stop(self) -> None:
        if self.hall_id is not None:
            self.backend.watchers.unsubscribe(self.hall_id, self)

    def _loaded(self, hall_id: int, lines: list[LineInfo]) -> None:
        if hall_id != self.hall_id:  # another hall was chosen meanwhile
            return
        self.lines = list(lines)
        self.loaded.emit(self.lines)


def load_timezone(backend: Backend, owner: QObject, done: Callable[[str], None]) -> None:
    """The zone's business time zone (appointment dates, the kiosk's clock), read on the worker."""
    database = backend.database
    backend.run_work(
        lambda: str(cached_setting(database, "business_timezone")),
        done=done, failed=lambda _error: done(DEFAULT_TIMEZONE), owner=owner,
    )


def render_slip(
    backend: Backend,
    issued: IssuedTicket,
    owner: QObject,
    done: Callable[[bytes], None],
    failed: Callable[[UserError], None],
    *,
    item_name: str | None = None,
) -> None:
    """The slip's PDF, made on the worker (ReportLab and the 17 MB font take a while)."""
    backend.run_work(
        lambda: ticket_slip_pdf(issued, reprint=issued.reprint, service_item_name=item_name),
        done=done, failed=failed, owner=owner,
    )
