"""Where a ticket in hand goes: another line of the hall, or another counter serving its line."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.queue import CounterState
from counter_app.services.queue import CounterInfo, LineInfo, TicketView
from counter_app.ui.counter.models import counter_text

# A closed counter calls nobody: a ticket sent there would wait for a clerk who never
# comes (the service refuses it too). A paused one will call it when it resumes.
TRANSFER_TARGET_STATES = frozenset({CounterState.OPEN, CounterState.PAUSED})


def transfer_counters(ticket: TicketView, counters: Sequence[CounterInfo], own_counter_id: int) -> list[CounterInfo]:
    """The counters the ticket may be sent to: open or paused, serving its line, not this one."""
    return [
        counter
        for counter in counters
        if counter.id != own_counter_id and ticket.line_id in counter.line_ids and counter.state in TRANSFER_TARGET_STATES
    ]


class TransferDialog(QDialog):
    """Choose where a ticket goes: another line of the hall, or another counter serving its line."""

    def __init__(
        self,
        ticket: TicketView,
        lines: Sequence[LineInfo],
        counters: Sequence[CounterInfo],
        own_counter_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ticket = ticket
        self.setWindowTitle(self.tr("Transfer {label}").format(label=ticket.label))
        self.setMinimumWidth(440)
        line_names = {line.id: line for line in lines}
        self.to_line = QRadioButton(self.tr("To another line"))
        self.to_line.setObjectName("transfer_to_line")
        self.to_counter = QRadioButton(self.tr("To another counter"))
        self.to_counter.setObjectName("transfer_to_counter")
        group = QButtonGroup(self)
        group.addButton(self.to_line)
        group.addButton(self.to_counter)
        self.line_choice = QComboBox()
        self.line_choice.setObjectName("transfer_line")
        for line in lines:
            if line.id != ticket.line_id:
                self.line_choice.addItem(f"{line.prefix} {line.name}", line.id)
        self.counter_choice = QComboBox()
        self.counter_choice.setObjectName("transfer_counter")
        for counter in transfer_counters(ticket, counters, own_counter_id):
            self.counter_choice.addItem(counter_text(counter, line_names), counter.id)
        self.to_line.setEnabled(self.line_choice.count() > 0)
        self.to_counter.setEnabled(self.counter_choice.count() > 0)
        (self.to_line if self.to_line.isEnabled() else self.to_counter).setChecked(True)
        self.to_line.toggled.connect(self._sync)
        self.to_counter.toggled.connect(self._sync)

        note = QLabel(
            self.tr("The ticket keeps its number and its place in the queue.")
            + " "
            + self.tr("Only open or paused counters are offered.")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        grid = QGridLayout()
        grid.addWidget(self.to_line, 0, 0)
        grid.addWidget(self.line_choice, 0, 1)
        grid.addWidget(self.to_counter, 1, 0)
        grid.addWidget(self.counter_choice, 1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Transfer"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._sync()

    def _sync(self) -> None:
        self.line_choice.setEnabled(self.to_line.isChecked())
        self.counter_choice.setEnabled(self.to_counter.isChecked())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.to_line.isEnabled() or self.to_counter.isEnabled())

    def target(self) -> tuple[int | None, int | None]:
        """(line id, counter id): one of them set."""
        if self.to_line.isChecked() and self.line_choice.count():
            return int(self.line_choice.currentData()), None
        if self.to_counter.isChecked() and self.counter_choice.count():
            return None, int(self.counter_choice.currentData())
        return None, None
