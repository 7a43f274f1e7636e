"""What the counter panel shows in lists, and the words it uses for queue terms.

The ticket lists are ``RowsTableModel``s keyed by ticket id: a refresh moves, inserts and
removes rows instead of resetting, so the clerk's selection survives by itself. Their
clock column ticks locally (``tick``) from the injected clock, without a database read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from counter_app.domain.queue import CounterState, TicketPriority, TicketStatus
from counter_app.services import queue
from counter_app.services.queue import CounterInfo, LineInfo, TicketView
from counter_app.ui.shared.hall_widgets import priority_text
from counter_app.ui.shared.table_model import Index, RowsTableModel

Clock = Callable[[], datetime]
PRIORITY_COLOUR = QColor("#b71c1c")


def clock_text(seconds: float | None) -> str:
    """mm:ss (minutes may exceed 59); a dash when there is nothing to show."""
    if seconds is None:
        return "–"
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def status_text(status: TicketStatus) -> str:
    return QCoreApplication.translate("Terms", queue.STATUS_TERMS[status])


def counter_state_text(state: CounterState) -> str:
    names = {
        CounterState.OPEN: QCoreApplication.translate("Queue", "open"),
        CounterState.PAUSED: QCoreApplication.translate("Queue", "paused"),
        CounterState.CLOSED: QCoreApplication.translate("Queue", "closed"),
    }
    return names[state]


def counter_text(counter: CounterInfo, lines: dict[int, LineInfo]) -> str:
    """"3号窗口 · A B · open (张伟)" for choosers."""
    prefixes = " ".join(sorted(lines[i].prefix for i in counter.line_ids if i in lines))
    state = counter_state_text(counter.state)
    if counter.clerk_name and counter.state is not CounterState.CLOSED:
        state = f"{state} ({counter.clerk_name})"
    return f"{counter.name} · {prefixes} · {state}"


class TicketTableModel(RowsTableModel):
    """Waiting tickets or no-shows, with a clock column ticking locally: the wait since
    queued (or since called). Names are shown masked: these visitors are not being served."""

    def __init__(self, clock_title: str, clock_from: str, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.clock_from = clock_from
        self.clock = clock
        self.headers = [self.tr("Number"), self.tr("Line"), self.tr("Priority"), self.tr("Visitor"), clock_title]
        self.clock_column = len(self.headers) - 1

    @property
    def tickets(self) -> list[TicketView]:
        return self.rows

    def set_tickets(self, tickets: Sequence[TicketView]) -> None:
        self.set_rows(tickets)

    def ticket_at(self, row: int) -> TicketView | None:
        return self.tickets[row] if 0 <= row < len(self.tickets) else None

    def tick(self) -> None:
        if self.tickets:
            self.dataChanged.emit(
                self.index(0, self.clock_column),
                self.index(len(self.tickets) - 1, self.clock_column),
                [Qt.ItemDataRole.DisplayRole],
            )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.tickets):
            return None
        ticket = self.tickets[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.clock_column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and ticket.priority is not TicketPriority.NORMAL:
            return QBrush(PRIORITY_COLOUR)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return ticket.label
        if column == 1:
            return f"{ticket.line_prefix} {ticket.line_name}"
        if column == 2:
            return priority_text(ticket.priority)
        if column == 3:
            return ticket.visitor_name_masked
        since: datetime | None = getattr(ticket, self.clock_from)
        return clock_text((self.clock() - since).total_seconds() if since else None)


class HeldTicketsModel(RowsTableModel):
    """The tickets on hold at this counter, one column, for a horizontal list: keyed by
    ticket id, so the one the clerk picked stays picked across refreshes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([""], parent)

    @property
    def tickets(self) -> list[TicketView]:
        return self.rows

    def ticket_at(self, row: int) -> TicketView | None:
        return self.tickets[row] if 0 <= row < len(self.tickets) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.tickets):
            return None
        ticket = self.tickets[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{ticket.label}  {ticket.line_name}"
        if role == Qt.ItemDataRole.UserRole:
            return ticket.id
        return None
