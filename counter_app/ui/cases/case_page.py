"""One case (办件) opened: what it is, its materials, its trail, and what may be done next.

The page reads the case with ``cases.get_case`` on the window's ``Backend`` and shows the
``CaseView`` it gets; every action (a deferred material supplied, the decision, an
extension, delivery, closing) runs there too and its result, the case as it now is, is
shown at once. The buttons offered follow the rules of ``domain.cases.MOVES``; a refusal
by the services (another PC got there first) is shown as a sentence in the message line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.cases import (
    MOVES,
    OPEN_STATUSES,
    CaseAction,
    CaseStatus,
    Route,
)
from counter_app.domain.queue import DEFAULT_TIMEZONE
from counter_app.domain.roles import Permission, may
from counter_app.errors import UserError
from counter_app.services import cases
from counter_app.services.cases import CaseMaterialView, CaseView
from counter_app.ui.cases.case_models import (
    MISSING,
    STATUS_COLOURS,
    EventsModel,
    MaterialsModel,
    action_text,
    counter_text,
    day_text,
    moment_text,
    status_text,
)
from counter_app.ui.cases.preview import DocumentPreview
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import MessageLine, detail_header
from counter_app.ui.shared.table_model import RowsTableModel
from counter_app.ui.translation import user_message


class CaseActionDialog(QDialog):
    """Asks before an action, with the reason (kept with the case) or a count of pages where needed.

    Open with ``open()`` and connect ``accepted``; ``reason()`` and ``pages()`` are what was given."""

    def __init__(
        self, title: str, text: str, ok_text: str, *, reason: bool = False, pages: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.setStyleSheet("QLabel, QPlainTextEdit, QPushButton, QSpinBox { font-size: 15px; }")
        layout = QVBoxLayout(self)
        self.text = QLabel(text)
        self.text.setObjectName("action_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.text)
        form = QFormLayout()
        self.reason_edit: QPlainTextEdit | None = None
        self.pages_spin: QSpinBox | None = None
        if reason:
            self.reason_edit = QPlainTextEdit()
            self.reason_edit.setObjectName("reason")
            self.reason_edit.setTabChangesFocus(True)
            self.reason_edit.setFixedHeight(90)
            self.reason_edit.textChanged.connect(self._sync)
            form.addRow(self.tr("Reason"), self.reason_edit)
        if pages:
            self.pages_spin = QSpinBox()
            self.pages_spin.setObjectName("pages")
            self.pages_spin.setRange(0, 9999)
            self.pages_spin.setSpecialValueText(self.tr("not counted"))
            form.addRow(self.tr("Pages"), self.pages_spin)
        if form.rowCount():
            layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._sync()

    def _sync(self) -> None:
        self.ok_button.setEnabled(self.reason_edit is None or bool(self.reason_edit.toPlainText().strip()))

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip() if self.reason_edit is not None else ""

    def pages(self) -> int | None:
        if self.pages_spin is None:
            return None
        return self.pages_spin.value() or None


# ---------------------------------------------------------------- the page


class CasePage(QWidget):
    """One case: header, materials, trail and the actions its status allows.

    Signals:
        loaded(CaseView): a case was read and shown.
        changed(CaseView): an action changed the case (the search re-reads its list).
        back_requested: the user wants the results back (Esc, or the button).
    """

    loaded = Signal(object)
    changed = Signal(object)
    back_requested = Signal()

    def __init__(
        self, backend: Backend, counter_id: Callable[[], int | None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.counter_id = counter_id
        self.setObjectName("case_page")
        self.case: CaseView | None = None
        self.number: str | None = None
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)
        self.dialog: QDialog | None = None
        self._busy = False
        self.may_handle = may(backend.actor.role, Permission.HANDLE_CASES)
        self._build()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top, self.back_button, self.title, self.status_chip = detail_header(self.back_requested, "case")
        layout.addLayout(top)

        header_box = QGroupBox(self.tr("Case"))
        self.header = QGridLayout(header_box)
        self.header.setHorizontalSpacing(18)
        self.header.setColumnStretch(1, 1)
        self.header.setColumnStretch(3, 1)
        self.fields: dict[str, QLabel] = {}
        names = [
            ("item", self.tr("Service item")), ("department", self.tr("Department")),
            ("applicant", self.tr("Applicant")), ("phone", self.tr("Phone")),
            ("agent", self.tr("Agent")), ("route", self.tr("Route")),
            ("accepted", self.tr("Accepted")), ("where", self.tr("Accepted at")),
            ("promised", self.tr("Promised due")), ("statutory", self.tr("Statutory due")),
            ("materials_due", self.tr("Materials due")), ("extension", self.tr("Extension")),
            ("reason", self.tr("Reason given")), ("ticket", self.tr("Ticket")),
        ]
        for position, (key, caption) in enumerate(names):
            row, column = divmod(position, 2)
            title = QLabel(caption)
            title.setStyleSheet("color: #555;")
            value = QLabel()
            value.setObjectName(f"case_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setStyleSheet("font-size: 15px;")
            self.header.addWidget(title, row, column * 2, Qt.AlignmentFlag.AlignTop)
            self.header.addWidget(value, row, column * 2 + 1, Qt.AlignmentFlag.AlignTop)
            self.fields[key] = value
        layout.addWidget(header_box)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        materials_box = QGroupBox(self.tr("Materials"))
        materials_layout = QVBoxLayout(materials_box)
        self.materials_model = MaterialsModel(self)
        self.materials_view = self._table(self.materials_model, "case_materials", stretch=1)
        self.materials_view.selectionModel().currentChanged.connect(lambda *_: self._sync_buttons())
        materials_layout.addWidget(self.materials_view)
        supply_row = QHBoxLayout()
        self.supply_button = QPushButton(self.tr("Record as supplied… (Ctrl+S)"))
        self.supply_button.setObjectName("supply_material")
        self.supply_button.clicked.connect(self.ask_supply)
        supply_row.addWidget(self.supply_button)
        supply_row.addStretch(1)
        materials_layout.addLayout(supply_row)
        splitter.addWidget(materials_box)
        events_box = QGroupBox(self.tr("Trail"))
        events_layout = QVBoxLayout(events_box)
        self.events_model = EventsModel(self)
        self.events_view = self._table(self.events_model, "case_events", stretch=6)
        events_layout.addWidget(self.events_view)
        splitter.addWidget(events_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        actions = QHBoxLayout()
        self.action_buttons: dict[CaseAction, QPushButton] = {}
        for action, caption in (
            (CaseAction.APPROVE, self.tr("Approve (准予)…")),
            (CaseAction.REJECT, self.tr("Refuse (不予)…")),
            (CaseAction.WITHDRAW, self.tr("Withdraw…")),
            (CaseAction.EXTEND, self.tr("Extend the time limit…")),
            (CaseAction.DELIVER, self.tr("Result delivered…")),
            (CaseAction.CLOSE, self.tr("Close the case…")),
        ):
            button = QPushButton(caption)
            button.setObjectName(f"case_{action.value}")
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _checked=False, action=action: self.ask(action))
            actions.addWidget(button)
            self.action_buttons[action] = button
        actions.addStretch(1)
        self.reprint_button = QPushButton(self.tr("Reprint acceptance notice…"))
        self.reprint_button.setObjectName("reprint_notice")
        self.reprint_button.setMinimumHeight(36)
        self.reprint_button.clicked.connect(self.reprint_notice)
        actions.addWidget(self.reprint_button)
        layout.addLayout(actions)
        self.message = MessageLine(parent=self)
        layout.addWidget(self.message)

        for keys, slot in (("Ctrl+S", self.ask_supply), ("Esc", self.back_requested.emit)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._sync_buttons()

    @staticmethod
    def _table(model: RowsTableModel, name: str, stretch: int) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return view

    @staticmethod
    def _fit_columns(view: QTableView, stretch: int) -> None:
        for column in range(view.model().columnCount()):
            if column != stretch:
                view.resizeColumnToContents(column)

    # ------------------------------------------------------------------ reading

    def set_zone(self, zone: ZoneInfo) -> None:
        self.zone = self.materials_model.zone = self.events_model.zone = zone
        if self.case is not None:
            self.show_case(self.case)

    def open_case(self, number: str, *, keep_message: bool = False) -> None:
        """Read the case ``number`` and show it."""
        self.number = number.strip().upper()
        if not keep_message:
            self.message.clear()
        if self.case is None or self.case.number != self.number:
            self.title.setText(self.tr("Case {number}").format(number=self.number))
            self.status_chip.setText(self.tr("Loading…"))
        self.backend.run(
            cases.get_case, self.number, done=self._read, failed=self._failed, key=("case_page", id(self)), owner=self
        )

    def reload(self) -> None:
        if self.number is not None:
            self.open_case(self.number, keep_message=True)

    def _read(self, view: CaseView) -> None:
        if view.number != self.number:
            return  # another case was opened meanwhile
        self.show_case(view)
        self.loaded.emit(view)

    def _today(self) -> date:
        return self.backend.now().astimezone(self.zone).date()

    def show_case(self, view: CaseView) -> None:
        self.case = view
        self.number = view.number
        today = self._today()
        self.title.setText(self.tr("Case {number}").format(number=view.number))
        colour = STATUS_COLOURS[view.status]
        self.status_chip.setText(status_text(view.status))
        self.status_chip.setStyleSheet(
            f"background: {colour}; color: white; border-radius: 6px; padding: 3px 12px; font-size: 16px; font-weight: bold;"
        )
        item = view.item
        applicant = view.applicant
        fields = self.fields
        fields["item"].setText(f"{item.name}（{item.code}）")
        fields["department"].setText(item.department or MISSING)
        fields["applicant"].setText(f"{applicant.name} · {view.applicant_code_shown}")
        fields["phone"].setText(view.applicant_phone_shown or MISSING)
        agent = [part for part in (view.agent_name, view.agent_id_shown, view.agent_phone_shown) if part]
        fields["agent"].setText(" · ".join(agent) if agent else MISSING)
        if view.route is Route.COMMITMENT:
            signed = moment_text(view.commitment_signed_at, self.zone)
            fields["route"].setText(self.tr("Commitment (告知承诺), signed {when}").format(when=signed))
        else:
            fields["route"].setText(self.tr("Materials checked at the counter"))
        fields["accepted"].setText(f"{moment_text(view.accepted_at, self.zone)} · {view.clerk_name or MISSING}")
        fields["where"].setText(f"{view.hall_name} · {counter_text(view.counter_number)}")
        is_open = view.status in OPEN_STATUSES
        for key, day in (("promised", view.promised_due), ("statutory", view.statutory_due)):
            label = fields[key]
            label.setText(day_text(day, day in view.provisional_dates) if day is not None else self.tr("no time limit"))
            late = is_open and day is not None and day < today
            label.setStyleSheet("font-size: 15px;" + (" color: #b00020; font-weight: bold;" if late else ""))
        late_materials = view.status is CaseStatus.ACCEPTED and view.materials_due is not None and view.materials_due < today
        fields["materials_due"].setText(
            day_text(view.materials_due, view.materials_due in view.provisional_dates)
        )
        fields["materials_due"].setStyleSheet("font-size: 15px;" + (" color: #b00020; font-weight: bold;" if late_materials else ""))
        if view.extended_days:
            fields["extension"].setText(
                self.tr("extended by {days} working days: {reason}").format(days=view.extended_days, reason=view.extension_reason or "")
            )
        elif item.extension_days:
            fields["extension"].setText(self.tr("may be extended once by {days} working days").format(days=item.extension_days))
        else:
            fields["extension"].setText(self.tr("no extension allowed"))
        fields["reason"].setText(view.status_reason or MISSING)
        fields["ticket"].setText(view.ticket_label or MISSING)
        self.materials_model.today = today
        self.materials_model.set_rows(view.materials)
        self.events_model.set_events(view.events)
        self._fit_columns(self.materials_view, 1)
        self._fit_columns(self.events_view, 6)
        self.events_view.scrollToBottom()
        outstanding = view.outstanding
        current = self.materials_view.currentIndex()
        if outstanding and (not current.isValid() or self._material_at(current.row()) not in outstanding):
            row = self.materials_model.row_of(outstanding[0].position)
            if row is not None:
                self.materials_view.selectRow(row)
        self._sync_buttons()

    def _material_at(self, row: int) -> CaseMaterialView | None:
        materials = self.materials_model.materials
        return materials[row] if 0 <= row < len(materials) else None

    def selected_outstanding(self) -> CaseMaterialView | None:
        if self.case is None:
            return None
        material = self._material_at(self.materials_view.currentIndex().row())
        if material is not None and material in self.case.outstanding:
            return material
        return self.case.outstanding[0] if self.case.outstanding else None

    def _sync_buttons(self) -> None:
        view = self.case
        status = view.status if view is not None else None
        for action, button in self.action_buttons.items():
            allowed = status is not None and status in MOVES[action][0] and self.may_handle
            if allowed and view is not None and action is CaseAction.EXTEND:
                allowed = view.item.extension_days > 0 and view.extended_days == 0
            button.setVisible(allowed)
            button.setEnabled(allowed and not self._busy)
        approve = self.action_buttons[CaseAction.APPROVE]
        if view is not None and view.outstanding:
            approve.setEnabled(False)
            approve.setToolTip(self.tr("Approval waits for the deferred materials."))
        else:
            approve.setToolTip("")
        can_supply = (
            self.may_handle and view is not None and view.status in MOVES[CaseAction.SUPPLEMENT][0] and bool(view.outstanding)
        )
        self.supply_button.setVisible(bool(can_supply))
        self.supply_button.setEnabled(bool(can_supply) and not self._busy)
        self.reprint_button.setEnabled(view is not None and not self._busy)

    # ------------------------------------------------------------------ actions

    def _counter(self) -> int | None:
        return self.counter_id() if self.counter_id is not None else None

    def ask(self, action: CaseAction) -> None:
        """Ask before ``action`` (with its reason where one is needed), then do it."""
        view = self.case
        if view is None or self._busy or not self.action_buttons[action].isEnabled():
            return
        number = view.number
        texts = {
            CaseAction.APPROVE: (self.tr("Approve the case"), self.tr("Approve case {number} (准予)?"), self.tr("Approve"), False),
            CaseAction.REJECT: (
                self.tr("Refuse the case"),
                self.tr("Refuse case {number} (不予)? Give the reason: the decision states it to the applicant."),
                self.tr("Refuse"), True,
            ),
            CaseAction.WITHDRAW: (
                self.tr("Withdraw the case"),
                self.tr("The applicant withdraws case {number}. Give the reason they gave."),
                self.tr("Withdraw"), True,
            ),
            CaseAction.EXTEND: (
                self.tr("Extend the time limit"),
                self.tr(
                    "Extend the statutory time limit of case {number} once by {days} working days (行政许可法 §42)? "
                    "Give the reason: the applicant is told it."
                ),
                self.tr("Extend"), True,
            ),
            CaseAction.DELIVER: (
                self.tr("Result delivered"),
                self.tr("The result of case {number} was handed over or sent to the applicant?"),
                self.tr("Delivered"), False,
            ),
            CaseAction.CLOSE: (self.tr("Close the case"), self.tr("Close case {number} (办结)?"), self.tr("Close"), False),
        }
        title, text, ok_text, needs_reason = texts[action]
        dialog = CaseActionDialog(
            title, text.format(number=number, days=view.item.extension_days), ok_text, reason=needs_reason, parent=self
        )
        dialog.setObjectName(f"ask_{action.value}")
        dialog.accepted.connect(lambda: self.act(action, dialog.reason()))
        self._open_dialog(dialog)

    def act(self, action: CaseAction, reason: str = "") -> None:
        """Do ``action`` on the case shown (no question asked)."""
        view = self.case
        if view is None:
            return
        counter = self._counter()
        calls: dict[CaseAction, tuple[Callable[..., CaseView], tuple[Any, ...]]] = {
            CaseAction.APPROVE: (cases.approve_case, ()),
            CaseAction.REJECT: (cases.reject_case, (reason,)),
            CaseAction.WITHDRAW: (cases.withdraw_case, (reason,)),
            CaseAction.EXTEND: (cases.extend_case, (reason,)),
            CaseAction.DELIVER: (cases.deliver_result, ()),
            CaseAction.CLOSE: (cases.close_case, ()),
        }
        use_case, args = calls[action]
        self._change(use_case, view.number, *args, counter_id=counter, done_text=self.tr("Case {number}: {action}.").format(
            number=view.number, action=action_text(action)
        ))

    def ask_supply(self) -> None:
        material = self.selected_outstanding()
        if material is None or self._busy or not self.supply_button.isEnabled():
            return
        dialog = CaseActionDialog(
            self.tr("Material supplied"),
            self.tr("Record “{material}” as supplied for case {number}?").format(
                material=material.name, number=self.case.number if self.case else ""
            ),
            self.tr("Record as supplied"),
            pages=True,
            parent=self,
        )
        dialog.setObjectName("ask_supply")
        dialog.accepted.connect(lambda: self.supply(material.position, dialog.pages()))
        self._open_dialog(dialog)

    def supply(self, position: int, pages: int | None = None) -> None:
        view = self.case
        if view is None:
            return
        name = next((m.name for m in view.materials if m.position == position), "")
        self._change(
            cases.supply_material, view.number, position, pages, counter_id=self._counter(),
            done_text=self.tr("“{material}” recorded as supplied.").format(material=name),
        )

    def _open_dialog(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def _change(self, use_case: Callable[..., CaseView], *args: Any, done_text: str, **kwargs: Any) -> None:
        self._busy = True
        self._sync_buttons()
        self.message.clear()

        def done(view: CaseView) -> None:
            self._busy = False
            self.show_case(view)
            self.message.show_info(done_text)
            self.changed.emit(view)

        def failed(error: UserError) -> None:
            self._busy = False
            self._sync_buttons()
            self.message.show_error(user_message(error))
            self.reload()  # another PC may have moved the case: show it as it is

        self.backend.run(use_case, *args, done=done, failed=failed, owner=self, urgent=True, **kwargs)

    def _failed(self, error: UserError) -> None:
        self.message.show_error(user_message(error))
        if self.case is None or self.case.number != self.number:
            self.status_chip.clear()
            self.status_chip.setStyleSheet("")

    # ------------------------------------------------------------------ the notice

    def reprint_notice(self) -> None:
        """The acceptance notice (受理通知书) again, previewed, to print."""
        view = self.case
        if view is None:
            return
        number = view.number
        dialog = DocumentPreview(self.tr("Acceptance notice {number}").format(number=number), f"受理通知书-{number}", self)
        dialog.setObjectName("notice_dialog")
        self._open_dialog(dialog)
        self.backend.run(
            cases.acceptance_notice, number,
            done=dialog.set_pdf, failed=lambda error: dialog.set_unavailable(user_message(error)),
            owner=dialog, key=("notice", id(self)),
        )
