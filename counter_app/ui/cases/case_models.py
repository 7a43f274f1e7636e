"""How a case's parts read on screen: its status, dates and counters in words, and the
tables of its materials and its trail (the case page and the case search share them)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QWidget,
)

from counter_app.domain.cases import (
    CaseAction,
    CaseStatus,
    MaterialForm,
    MaterialState,
)
from counter_app.domain.queue import DEFAULT_TIMEZONE
from counter_app.services import cases
from counter_app.services.cases import CaseEventView, CaseMaterialView
from counter_app.ui.shared.table_model import Index, RowsTableModel

STATUS_COLOURS = {
    CaseStatus.ACCEPTED: "#1565c0",
    CaseStatus.SUPPLEMENTED: "#1565c0",
    CaseStatus.APPROVED: "#2e7d32",
    CaseStatus.REJECTED: "#c62828",
    CaseStatus.WITHDRAWN: "#616161",
    CaseStatus.DELIVERED: "#00695c",
    CaseStatus.CLOSED: "#424242",
    CaseStatus.LAPSED: "#8e0000",
}
OVERDUE_BACKGROUND = QColor("#ffcdd2")
SOON_BACKGROUND = QColor("#ffe0b2")
MISSING = "—"


# ---------------------------------------------------------------- words shared with the search


def status_text(status: CaseStatus) -> str:
    return QCoreApplication.translate("Terms", cases.STATUS_TERMS[status])


def action_text(action: CaseAction) -> str:
    return QCoreApplication.translate("Terms", cases.ACTION_TERMS[action])


def day_text(day: date | None, provisional: bool = False) -> str:
    """``2026-05-12``, marked when it rests on a year with no known holiday calendar."""
    if day is None:
        return MISSING
    text = day.isoformat()
    return QCoreApplication.translate("Cases", "{date} (provisional)").format(date=text) if provisional else text


def moment_text(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return MISSING
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def days_left_text(days: int | None) -> str:
    if days is None:
        return MISSING
    if days < 0:
        return QCoreApplication.translate("Cases", "{days} day(s) overdue").format(days=-days)
    if days == 0:
        return QCoreApplication.translate("Cases", "due today")
    return QCoreApplication.translate("Cases", "{days} day(s)").format(days=days)


def counter_text(number: int | None) -> str:
    return QCoreApplication.translate("Cases", "Counter {number}").format(number=number) if number is not None else MISSING


# ---------------------------------------------------------------- the tables


class MaterialsModel(RowsTableModel):
    """The case's materials: received, deferred (with deadline, until supplied) or committed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [self.tr("No."), self.tr("Material"), self.tr("State"), self.tr("Form"), self.tr("Pages"), self.tr("Deadline")]
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)
        self.today: date | None = None

    def row_key(self, row: Any) -> Any:
        return row.position

    @property
    def materials(self) -> list[CaseMaterialView]:
        return self.rows

    def state_text(self, material: CaseMaterialView) -> str:
        if material.state is MaterialState.RECEIVED:
            return self.tr("received")
        if material.state is MaterialState.COMMITTED:
            return self.tr("committed (告知承诺)")
        if material.state is MaterialState.DEFERRED:
            if material.supplied_at is not None:
                return self.tr("supplied {when}").format(when=moment_text(material.supplied_at, self.zone))
            return self.tr("deferred (容缺): awaited")
        return self.tr("missing")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        material = self.materials[index.row()]
        awaited = material.state is MaterialState.DEFERRED and material.supplied_at is None
        late = awaited and material.deadline is not None and self.today is not None and material.deadline < self.today
        if role == Qt.ItemDataRole.BackgroundRole and awaited:
            return OVERDUE_BACKGROUND if late else SOON_BACKGROUND
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        forms = {MaterialForm.ORIGINAL: self.tr("original"), MaterialForm.COPY: self.tr("copy")}
        values = (
            material.position + 1,
            material.name,
            self.state_text(material),
            forms[material.form] if material.form is not None else MISSING,
            material.pages if material.pages is not None else MISSING,
            day_text(material.deadline) if material.state is MaterialState.DEFERRED else MISSING,
        )
        return values[index.column()]


class EventsModel(RowsTableModel):
    """The case's trail: when, what, who, where."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)
        self.headers = [self.tr("When"), self.tr("Action"), self.tr("Status"), self.tr("Who"), self.tr("Hall"), self.tr("Counter"), self.tr("Details")]
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)

    def row_key(self, row: Any) -> Any:
        return (row.at, row.action, row.to_status, row.detail)

    def set_events(self, events: Sequence[CaseEventView]) -> None:
        seen: set[Any] = set()
        unique = []
        for event in events:  # two identical events in one instant would share a key
            if self.row_key(event) not in seen:
                seen.add(self.row_key(event))
                unique.append(event)
        self.set_rows(unique)

    def detail_text(self, event: CaseEventView) -> str:
        try:
            detail = json.loads(event.detail) if event.detail else {}
        except ValueError:
            return event.detail
        if not isinstance(detail, dict):
            return ""
        parts = []
        if detail.get("material"):
            parts.append(str(detail["material"]))
        if detail.get("days"):
            parts.append(self.tr("+{days} working days").format(days=detail["days"]))
        if detail.get("reason"):
            parts.append(str(detail["reason"]))
        return "; ".join(parts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        event: CaseEventView = self.rows[index.row()]
        moved = event.from_status is not None and event.from_status != event.to_status
        values = (
            moment_text(event.at, self.zone),
            action_text(event.action),
            f"{status_text(event.from_status)} → {status_text(event.to_status)}" if moved and event.from_status else status_text(event.to_status),
            event.staff_name or MISSING,
            event.hall_name or MISSING,
            counter_text(event.counter_number),
            self.detail_text(event),
        )
        return values[index.column()]


# ---------------------------------------------------------------- dialogs
