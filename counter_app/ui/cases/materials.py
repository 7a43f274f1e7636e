"""The materials checklist of the picked item: per material received? (Space), original or
copy, pages; what becomes of each one not received (容缺 with its date once accepted,
committed under 告知承诺, or missing). Tab moves through the row's fields; a field of a
material not received is skipped."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from counter_app.domain.cases import (
    MAX_PAGES,
    ItemSnapshot,
    MaterialEntry,
    MaterialForm,
    MaterialOutcome,
    MaterialState,
    Route,
    assess_materials,
)
from counter_app.errors import UserError


class MaterialRow:
    def __init__(self, position: int, name: str, deferrable: bool, owner: QWidget) -> None:
        self.position = position
        self.name = name
        self.deferrable = deferrable
        self.received = QCheckBox(owner)
        self.received.setObjectName(f"material_received_{position}")
        self.received.setAccessibleName(name)
        self.label = QLabel(name, owner)
        self.label.setWordWrap(True)
        self.label.setBuddy(self.received)
        self.form = QComboBox(owner)
        self.form.setObjectName(f"material_form_{position}")
        self.form.addItem(QCoreApplication.translate("MaterialsChecklist", "original"), MaterialForm.ORIGINAL)
        self.form.addItem(QCoreApplication.translate("MaterialsChecklist", "copy"), MaterialForm.COPY)
        self.pages = QSpinBox(owner)
        self.pages.setObjectName(f"material_pages_{position}")
        self.pages.setRange(0, MAX_PAGES)
        self.pages.setSpecialValueText("—")  # 0: not counted
        self.pages.setSuffix(QCoreApplication.translate("MaterialsChecklist", " p."))
        self.pages.setMinimumWidth(72)
        self.status = QLabel(owner)
        self.status.setObjectName(f"material_status_{position}")
        self.status.setWordWrap(True)
        self.status.setMinimumWidth(130)
        self.deadline: date | None = None
        self.set_received(False)

    def set_received(self, received: bool) -> None:
        self.received.setChecked(received)
        self.form.setEnabled(received)
        self.pages.setEnabled(received)

    def entry(self) -> MaterialEntry:
        if not self.received.isChecked():
            return MaterialEntry(self.position, False)
        form = self.form.currentData()
        return MaterialEntry(self.position, True, MaterialForm(form), self.pages.value() or None)

    def widgets(self) -> list[QWidget]:
        return [self.received, self.label, self.form, self.pages, self.status]


class MaterialsChecklist(QWidget):
    """Signals:
        changed: a material was ticked or unticked (what becomes of it changed)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("materials_checklist")
        self.item: ItemSnapshot | None = None
        self.route = Route.MATERIALS
        self.rows: list[MaterialRow] = []
        self.accepted = False
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setMinimumHeight(150)  # four rows at least, whatever is shown below
        self._new_body()
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.empty = QLabel(self.tr("Pick a service item: its materials are listed here."))
        self.empty.setStyleSheet("color: #777;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroller, 1)
        self.scroller.hide()

    # ---------------------------------------------------------------- building

    def set_item(self, item: ItemSnapshot | None) -> None:
        self._new_body()  # the old rows go with the old body, at once
        self.rows = []
        self.item = item
        self.accepted = False
        self.route = Route.MATERIALS
        if item is None or not item.materials:
            self.empty.setText(
                self.tr("This item asks for no materials.") if item is not None
                else self.tr("Pick a service item: its materials are listed here.")
            )
            self.empty.show()
            self.scroller.hide()
            return
        self.empty.hide()
        self.scroller.show()
        headers = (self.tr("Received"), self.tr("Material"), self.tr("Form"), self.tr("Pages"), self.tr("Status"))
        for column, text in enumerate(headers):
            header = QLabel(text, self.body)
            header.setStyleSheet("font-weight: bold; color: #37474f;")
            self.grid.addWidget(header, 0, column)
        deferral = item.flags.tolerance_acceptance
        for position, spec in enumerate(item.materials):
            row = MaterialRow(position, spec.name, spec.deferrable and deferral, self.body)
            row.received.toggled.connect(lambda on, row=row: self._toggled(row, on))
            for column, widget in enumerate(row.widgets()):
                alignment = Qt.AlignmentFlag.AlignVCenter
                self.grid.addWidget(widget, position + 1, column, alignment)
            self.rows.append(row)
        self.grid.setRowStretch(len(item.materials) + 1, 1)
        previous: QWidget | None = None
        for row in self.rows:  # Tab: received → form → pages → the next material
            for widget in (row.received, row.form, row.pages):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        self.update_status()

    def _new_body(self) -> None:
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 4)
        self.grid.setColumnStretch(4, 1)
        self.scroller.setWidget(self.body)  # deletes the previous body and its rows

    def _toggled(self, row: MaterialRow, on: bool) -> None:
        row.form.setEnabled(on)
        row.pages.setEnabled(on)
        self.update_status()
        self.changed.emit()

    def set_route(self, route: Route) -> None:
        self.route = route
        self.update_status()

    def clear(self) -> None:
        self.set_item(self.item)

    def set_enabled_for_entry(self, enabled: bool) -> None:
        for row in self.rows:
            row.received.setEnabled(enabled)
            row.form.setEnabled(enabled and row.received.isChecked())
            row.pages.setEnabled(enabled and row.received.isChecked())

    # ---------------------------------------------------------------- reading

    def entries(self) -> tuple[MaterialEntry, ...]:
        return tuple(row.entry() for row in self.rows)

    def outcomes(self) -> list[MaterialOutcome]:
        if self.item is None:
            return []
        try:
            return assess_materials(self.item, self.entries(), self.route)
        except UserError:
            return []

    def missing_names(self) -> list[str]:
        return [outcome.name for outcome in self.outcomes() if outcome.state is MaterialState.MISSING]

    def received_count(self) -> int:
        return sum(row.received.isChecked() for row in self.rows)

    def first_field(self) -> QWidget | None:
        return self.rows[0].received if self.rows else None

    # ---------------------------------------------------------------- showing

    def show_deadlines(self, deadlines: dict[int, date | None]) -> None:
        """After acceptance: the date each deferred material is due (position -> date)."""
        self.accepted = True
        for row in self.rows:
            row.deadline = deadlines.get(row.position)
        self.update_status()
        self.set_enabled_for_entry(False)

    def update_status(self) -> None:
        states = {outcome.position: outcome.state for outcome in self.outcomes()}
        for row in self.rows:
            state = states.get(row.position)
            if state is MaterialState.DEFERRED:
                if row.deadline is not None:
                    text = self.tr("Deferred: due {date}").format(date=row.deadline.isoformat())
                else:
                    text = self.tr("Deferred: may follow later")
                style = "color: #ef6c00; font-weight: bold;"
            elif state is MaterialState.COMMITTED:
                text, style = self.tr("Committed to"), "color: #1565c0;"
            elif state is MaterialState.MISSING:
                text, style = self.tr("missing"), "color: #b00020; font-weight: bold;"
            elif state is MaterialState.RECEIVED:
                text, style = self.tr("received"), "color: #2e7d32;"
            else:
                text, style = "", ""
            if row.deferrable and state is not MaterialState.DEFERRED and not self.accepted:
                text = f"{text} · {self.tr('deferrable')}" if text else self.tr("deferrable")
            row.status.setText(text)
            row.status.setStyleSheet(style)
