"""Pieces every staff screen of a hall shares: the connection banner, the message line, the
hall chooser and the queue's words (the watcher itself is shared through
``ui.shared.hall_watchers``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, SignalInstance
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from counter_app.domain.queue import TicketPriority
from counter_app.services.queue import HallChoice


class ConnectionBanner(QLabel):
    """Shown while the database cannot be reached (the watcher retries by itself)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("The database cannot be reached; retrying… Actions may fail."), parent)
        self.setObjectName("connection_banner")
        self.setStyleSheet("background: #ffebee; color: #b71c1c; padding: 6px; font-weight: bold;")
        self.hide()


class MessageLine(QLabel):
    """The line under a screen's actions that says what happened, or why not."""

    def __init__(self, font_px: int = 15, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.font_px = font_px
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setMinimumHeight(28)

    def show_error(self, text: str) -> None:
        self.setStyleSheet(f"color: #b00020; font-size: {self.font_px}px; font-weight: bold;")
        self.setText(text)

    def show_info(self, text: str) -> None:
        self.setStyleSheet(f"color: #1b5e20; font-size: {self.font_px}px;")
        self.setText(text)


def fill_hall_choice(choice: QComboBox, halls: Sequence[HallChoice], current: int | None) -> int | None:
    """List ``halls`` in ``choice`` (without signalling) and select ``current``, or the
    first hall when there is none yet; returns the selected hall's id."""
    if current is None and halls:
        current = halls[0].id
    choice.blockSignals(True)
    choice.clear()
    for hall in halls:
        choice.addItem(f"{hall.code} {hall.name}", hall.id)
    choice.setCurrentIndex(max(0, choice.findData(current)))
    choice.blockSignals(False)
    return current


def hall_chooser(on_chosen: Callable[[], None]) -> tuple[QWidget, QComboBox]:
    """A "Hall: [choice]" row for the screens an administrator uses for any hall; the
    row is hidden by the screen when its user has one hall."""
    choice = QComboBox()
    choice.setObjectName("hall_choice")
    choice.setMinimumWidth(280)
    choice.currentIndexChanged.connect(lambda _index: on_chosen())
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(QCoreApplication.translate("HallChooser", "Hall")))
    layout.addWidget(choice)
    layout.addStretch(1)
    return row, choice


def priority_text(priority: TicketPriority) -> str:
    names = {
        TicketPriority.NORMAL: QCoreApplication.translate("Queue", "Ordinary"),
        TicketPriority.APPOINTMENT: QCoreApplication.translate("Queue", "Appointment"),
        TicketPriority.PRIORITY: QCoreApplication.translate("Queue", "Elderly / disabled"),
        TicketPriority.GREEN_CHANNEL: QCoreApplication.translate("Queue", "Green channel"),
    }
    return names[priority]


class HallScopedList:
    """A list of one hall's rows, for a widget that has ``hall_choice`` (an administrator's
    hall chooser), ``hall_id``, ``model`` (with ``rows``/``set_rows``), ``_started`` (set
    when first shown) and ``refresh()``: choosing a hall empties the list and reads it again."""

    hall_choice: QComboBox
    hall_id: int | None
    _started: bool

    def set_halls(self, halls: list[HallChoice]) -> None:
        """An administrator's halls for the chooser (the first is shown if none was)."""
        self.set_hall(fill_hall_choice(self.hall_choice, halls, self.hall_id))

    def _hall_chosen(self) -> None:
        data = self.hall_choice.currentData()
        if data is not None:
            self.set_hall(int(data))

    def set_hall(self, hall_id: int | None) -> None:
        model = self.model  # type: ignore[attr-defined]
        if hall_id == self.hall_id and model.rows:
            return
        self.hall_id = hall_id
        model.set_rows([])
        if self._started:
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


def detail_header(back_requested: SignalInstance, name: str) -> tuple[QHBoxLayout, QPushButton, QLabel, QLabel]:
    """The top of a detail page (a case, a licence): "← Back to the results" (Esc), a large
    selectable title and a status chip; object names ``<name>_title``, ``<name>_status``."""
    top = QHBoxLayout()
    back = QPushButton(QCoreApplication.translate("DetailHeader", "← Back to the results"))
    back.setObjectName("back_to_results")
    back.setToolTip("Esc")  # a key name, the same in every language
    back.clicked.connect(back_requested.emit)
    top.addWidget(back)
    title = QLabel()
    title.setObjectName(f"{name}_title")
    title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    title.setStyleSheet("font-size: 24px; font-weight: bold; margin-left: 12px;")
    top.addWidget(title)
    chip = QLabel()
    chip.setObjectName(f"{name}_status")
    top.addWidget(chip)
    top.addStretch(1)
    return top, back, title, chip
