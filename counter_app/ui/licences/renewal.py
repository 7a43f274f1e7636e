"""Renewal on commitment (延期换证承诺即办结) at the counter, for the ticket in hand, on one
page in four steps, by keyboard alone:

1. **Find the licence**: its number, identifier, the holder's code or name typed, or the QR
   code scanned (a keyboard-wedge scanner types the payload and Enter); one licence found
   is chosen at once, several are listed (Down/Up, Enter).
2. **Applicant**: the holder's code as presented (the kind taken from the licence), a known
   holder's details filled in ("automatic entry"); the eligibility is checked as soon as
   the code is valid (``licences.check_renewal``): every refusal listed at once, or the
   window and the new validity.
3. **Commitment**: the notice and commitment letter (告知承诺书) printed for the holder to
   sign; "signed" ticked.
4. **Issue** (Ctrl+Enter): ``licences.renew_on_commitment`` in one transaction; the new
   licence's number, validity and inspection are shown, the old one is replaced; it is
   printed (Ctrl+P, ``LicencePrintFlow``), then "Done" (or Ctrl+R) for the next visitor.

Like the application form, a renewal belongs to the ticket in hand when it starts, and can
be done without one (a visitor who came without a number); the clerk must be signed in
at a counter to print the letter and to issue.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.applicants import ApplicantKind, check_applicant
from counter_app.domain.licences import STATUS_TERMS, LicenceStatus, Refusal
from counter_app.errors import UserError
from counter_app.i18n import Term
from counter_app.services import cases, licences
from counter_app.services.licences import LicenceView, Renewal, RenewalCheck, RenewalRefused
from counter_app.services.queue import TicketView
from counter_app.ui.cases import papers
from counter_app.ui.cases.applicant import ApplicantSection
from counter_app.ui.cases.preview import DocumentPreview
from counter_app.ui.licences.printing import LicencePrintFlow
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import MessageLine
from counter_app.ui.translation import user_message

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
MOVE_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
FIND, APPLICANT, COMMITMENT, ISSUE, FINISHED = 1, 2, 3, 4, 5

STYLE = """
QLabel#renewal_title { font-size: 20px; font-weight: bold; color: #1a237e; }
QGroupBox { font-size: 16px; font-weight: bold; }
QLineEdit#licence_search { font-size: 17px; padding: 4px; }
QTableWidget#licence_results { font-size: 15px; }
QLabel#chosen_licence { font-size: 15px; color: #263238; }
QLabel#eligibility_heading { font-size: 17px; font-weight: bold; }
QLabel#eligibility_details { font-size: 15px; }
QLabel#commitment_hint { font-size: 14px; color: #37474f; }
QCheckBox#renewal_signed { font-size: 16px; }
QPushButton#print_commitment_letter, QPushButton#issue_button, QPushButton#print_new_licence, QPushButton#renewal_done {
    font-size: 16px; padding: 7px 14px;
}
QPushButton#issue_button { font-weight: bold; }
QLabel#new_licence_number { font-size: 28px; font-weight: bold; color: #1b5e20; }
QLabel#new_licence_details { font-size: 15px; }
QFrame#renewal_result { border: 2px solid #a5d6a7; border-radius: 6px; background: #f1f8e9; }
"""
ELIGIBLE_STYLE = "QFrame#eligibility_frame { border: 2px solid #a5d6a7; border-radius: 6px; background: #f1f8e9; }"
REFUSED_STYLE = "QFrame#eligibility_frame { border: 2px solid #ef9a9a; border-radius: 6px; background: #fff5f5; }"
WAITING_STYLE = "QFrame#eligibility_frame { border: 1px solid #cfd8dc; border-radius: 6px; background: #fafafa; }"
STEP_STYLES = {
    "done": "background: #e8f5e9; color: #2e7d32; border: 1px solid #a5d6a7; border-radius: 14px; padding: 4px 12px; font-size: 15px;",
    "current": "background: #1a237e; color: white; border-radius: 14px; padding: 4px 12px; font-size: 15px; font-weight: bold;",
    "later": "background: #eceff1; color: #78909c; border-radius: 14px; padding: 4px 12px; font-size: 15px;",
}


def translated(term: Term | str) -> str:
    return QCoreApplication.translate(Term.context, term)


def refusal_text(refusal: Refusal) -> str:
    """A refusal in the user's language, its fields filled in (terms translated too)."""
    return user_message(UserError(refusal.template, **dict(refusal.params)))


class StepIndicator(QWidget):
    """① Find the licence → ② Applicant → ③ Commitment → ④ Issue: done ones ticked, the
    current one highlighted."""

    def __init__(self, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("step_indicator")
        self.titles = titles
        self.labels: list[QLabel] = []
        self.current = 1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for number, _title in enumerate(titles, start=1):
            if number > 1:
                arrow = QLabel("→")
                arrow.setStyleSheet("color: #90a4ae; font-size: 16px;")
                layout.addWidget(arrow)
            label = QLabel()
            label.setObjectName(f"step_{number}")
            self.labels.append(label)
            layout.addWidget(label)
        layout.addStretch(1)
        self.set_step(1)

    def set_step(self, current: int) -> None:
        """``current``: the step being done (1-4); 5: all done."""
        self.current = current
        for number, (label, title) in enumerate(zip(self.labels, self.titles, strict=True), start=1):
            state = "done" if number < current else "current" if number == current else "later"
            label.setText(f"✓ {title}" if state == "done" else f"{number}  {title}")
            label.setStyleSheet(STEP_STYLES[state])
            label.setProperty("state", state)

    def state(self, number: int) -> str:
        return str(self.labels[number - 1].property("state"))


class RenewalFlow(QWidget):
    """The renewal on commitment for the ticket in hand (see the module's docstring).

    Signals:
        renewed(Renewal): a licence was renewed (the new one issued, the old one replaced).
    """

    renewed = Signal(object)

    def __init__(self, backend: Backend, counter_id: Callable[[], int | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("renewal_flow")
        self.backend = backend
        self.counter_id = counter_id
        self.ticket_in_hand: TicketView | None = None
        self.ticket: TicketView | None = None  # the ticket this renewal is for
        self.results: list[LicenceView] = []
        self.searched = ""  # the text the results are for
        self.licence: LicenceView | None = None  # the licence chosen
        self.check: RenewalCheck | None = None  # its eligibility for the applicant entered
        self.checked_for: tuple[int, ApplicantKind, str] | None = None
        self.refusals: list[str] = []  # shown, translated
        self.renewal: Renewal | None = None  # issued
        self.printed = False  # the new licence printed and recorded
        self.preview: DocumentPreview | None = None  # the commitment letter
        self._searching = False
        self._checking = False
        self._issuing = False
        self._discard_asked = False
        self.print_flow = LicencePrintFlow(backend, self)
        self.print_flow.printed.connect(self._licence_printed)
        self.setStyleSheet(STYLE)
        self._build()
        self._build_actions()
        self.chosen.setText(self.tr("No licence chosen yet."))
        self._forget_check()
        self._show_ticket()
        self._update()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("renewal_title")
        self.steps = StepIndicator([self.tr("Find the licence"), self.tr("Applicant"), self.tr("Commitment"), self.tr("Issue")])
        top = QVBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.title)
        top.addWidget(self.steps)

        # 1 The licence.
        self.search = QLineEdit()
        self.search.setObjectName("licence_search")
        self.search.setPlaceholderText(self.tr("Licence number, identifier, holder's code or name; or scan the QR code"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.setObjectName("find_licence")
        self.find_button.clicked.connect(self.find)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.find_button)
        self.search_status = QLabel()
        self.search_status.setObjectName("licence_search_status")
        self.search_status.setWordWrap(True)
        self.search_status.setStyleSheet("color: #607d8b; font-size: 14px;")
        self.results_table = QTableWidget(0, 5)
        self.results_table.setObjectName("licence_results")
        self.results_table.setHorizontalHeaderLabels(
            [self.tr("Number"), self.tr("Type"), self.tr("Holder"), self.tr("Valid to"), self.tr("Status")]
        )
        self.results_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_table.setTabKeyNavigation(False)
        self.results_table.setWordWrap(False)
        self.results_table.verticalHeader().hide()
        header = self.results_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.results_table.setMinimumHeight(110)
        self.results_table.setMaximumHeight(190)  # five rows: the steps below need the room
        self.results_table.activated.connect(lambda _index: self.pick_current())
        self.results_table.doubleClicked.connect(lambda _index: self.pick_current())
        find_box = QGroupBox(self.tr("1  Find the licence"))
        find_layout = QVBoxLayout(find_box)
        find_layout.addLayout(search_row)
        find_layout.addWidget(self.search_status)
        find_layout.addWidget(self.results_table, 1)

        # 2 The applicant: the holder, as presented.
        self.chosen = QLabel()
        self.chosen.setObjectName("chosen_licence")
        self.chosen.setWordWrap(True)
        self.applicant = ApplicantSection(self.backend)
        self.applicant.agent_box.hide()  # the holder renews in person (or by its representative)
        self.applicant.changed.connect(self._applicant_changed)
        applicant_box = QGroupBox(self.tr("2  Applicant (the holder)"))
        applicant_layout = QVBoxLayout(applicant_box)
        applicant_layout.addWidget(self.chosen)
        applicant_layout.addWidget(self.applicant, 1)

        # The eligibility (step 2's answer).
        self.eligibility = QFrame()
        self.eligibility.setObjectName("eligibility_frame")
        self.eligibility_heading = QLabel()
        self.eligibility_heading.setObjectName("eligibility_heading")
        self.eligibility_heading.setWordWrap(True)
        self.eligibility_details = QLabel()
        self.eligibility_details.setObjectName("eligibility_details")
        self.eligibility_details.setWordWrap(True)
        self.eligibility_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_button = QPushButton(self.tr("Check again"))
        self.check_button.setObjectName("check_again")
        self.check_button.clicked.connect(lambda: self.check_eligibility(force=True))
        eligibility_layout = QGridLayout(self.eligibility)
        eligibility_layout.addWidget(self.eligibility_heading, 0, 0)
        eligibility_layout.addWidget(self.check_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        eligibility_layout.addWidget(self.eligibility_details, 1, 0, 1, 2)
        eligibility_layout.setColumnStretch(0, 1)

        # 3 The commitment letter.
        self.commitment_hint = QLabel(
            self.tr("Print the notice and commitment letter (告知承诺书); the holder reads it and signs the letter.")
        )
        self.commitment_hint.setObjectName("commitment_hint")
        self.commitment_hint.setWordWrap(True)
        self.print_letter_button = QPushButton(self.tr("Print the notice and commitment letter"))
        self.print_letter_button.setObjectName("print_commitment_letter")
        self.print_letter_button.clicked.connect(self.print_commitment_letter)
        self.signed = QCheckBox(self.tr("The holder has signed the commitment letter"))
        self.signed.setObjectName("renewal_signed")
        self.signed.toggled.connect(self._signed_toggled)
        commitment_box = QGroupBox(self.tr("3  Commitment"))
        commitment_layout = QVBoxLayout(commitment_box)
        commitment_layout.addWidget(self.commitment_hint)
        letter_row = QHBoxLayout()
        letter_row.addWidget(self.print_letter_button)
        letter_row.addStretch(1)
        commitment_layout.addLayout(letter_row)
        commitment_layout.addWidget(self.signed)

        # 4 Issuing, and the new licence.
        self.issue_button = QPushButton(self.tr("Issue the new licence (Ctrl+Enter)"))
        self.issue_button.setObjectName("issue_button")
        self.issue_button.clicked.connect(self.issue)
        self.result = QFrame()
        self.result.setObjectName("renewal_result")
        result_title = QLabel(self.tr("New licence issued"))
        result_title.setStyleSheet("font-size: 15px; color: #1b5e20; font-weight: bold;")
        self.new_number = QLabel()
        self.new_number.setObjectName("new_licence_number")
        self.new_number.setWordWrap(True)
        self.new_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_details = QLabel()
        self.new_details.setObjectName("new_licence_details")
        self.new_details.setWordWrap(True)
        self.new_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_licence_button = QPushButton(self.tr("Print the new licence (Ctrl+P)"))
        self.print_licence_button.setObjectName("print_new_licence")
        self.print_licence_button.clicked.connect(self.print_new_licence)
        self.done_button = QPushButton(self.tr("Done: next visitor"))
        self.done_button.setObjectName("renewal_done")
        self.done_button.clicked.connect(self.new_renewal)
        result_layout = QVBoxLayout(self.result)
        result_layout.addWidget(result_title)
        result_layout.addWidget(self.new_number)
        result_layout.addWidget(self.new_details)
        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.print_licence_button)
        result_buttons.addStretch(1)
        result_buttons.addWidget(self.done_button)
        result_layout.addLayout(result_buttons)
        self.result.hide()
        issue_box = QGroupBox(self.tr("4  Issue"))
        issue_layout = QVBoxLayout(issue_box)
        issue_row = QHBoxLayout()
        issue_row.addWidget(self.issue_button)
        issue_row.addStretch(1)
        issue_layout.addLayout(issue_row)
        issue_layout.addWidget(self.result)

        self.message = MessageLine(15)

        # 1 across the top (the results need their columns); 2 below on the left, its
        # answer, 3 and 4 on the right.
        right = QVBoxLayout()
        right.addWidget(self.eligibility)
        right.addWidget(commitment_box)
        right.addWidget(issue_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(applicant_box, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(find_box)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)

    def _build_actions(self) -> None:
        self.issue_action = QAction(self.tr("Issue the new licence"), self)
        self.issue_action.setObjectName("issue_action")
        self.issue_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.issue_action.triggered.connect(self.issue)
        self.addAction(self.issue_action)
        self.print_action = QAction(self.tr("Print the new licence"), self)
        self.print_action.setObjectName("print_licence_action")
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.print_action.triggered.connect(self.print_new_licence)
        self.addAction(self.print_action)

    def _fix_tab_order(self) -> None:
        applicant = self.applicant
        chain: list[QWidget] = [
            self.search, self.find_button, self.results_table, applicant.kind, applicant.code.edit, applicant.name.edit,
            applicant.legal_representative.edit, applicant.address.edit, applicant.contact.edit, applicant.phone.edit,
            self.check_button, self.print_letter_button, self.signed, self.issue_button, self.print_licence_button, self.done_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fix_tab_order()

    # ------------------------------------------------------------------ the ticket

    def set_ticket_in_hand(self, ticket: TicketView | None) -> None:
        """The panel's ticket in hand changed: a renewal not started (or finished) follows it."""
        self.ticket_in_hand = ticket
        if self.renewal is None and self.pristine():
            self.ticket = ticket
        self._show_ticket()

    def _show_ticket(self) -> None:
        if self.renewal is not None:
            title = self.tr("Licence {number} renewed").format(number=self.renewal.licence.number)
            if self.ticket is not None:
                title += self.tr(" for ticket {label}").format(label=self.ticket.label)
        elif self.ticket is not None:
            title = self.tr("Renew a licence for ticket {label}").format(label=self.ticket.label)
            if self.ticket_in_hand is None or self.ticket_in_hand.id != self.ticket.id:
                title += self.tr(" (no longer in hand: Ctrl+R for the next)")
        else:
            title = self.tr("Renew a licence on commitment (no ticket in hand)")
        self.title.setText(title)

    # ------------------------------------------------------------------ 1 finding the licence

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in MOVE_KEYS and self.results_table.rowCount():
                self._move_in_results(key)
                return True
            if key in ENTER_KEYS and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.search_entered()
                return True
        return super().eventFilter(watched, event)

    def _move_in_results(self, key: int) -> None:
        count = self.results_table.rowCount()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}[Qt.Key(key)]
        self.results_table.selectRow(min(max(self.results_table.currentRow() + step, 0), count - 1))

    def search_entered(self) -> None:
        """Enter in the search: the results of this text listed already → pick the one
        selected; else find (a scanner's payload ends here too)."""
        text = " ".join(self.search.text().split())
        if text and text == self.searched and self.results_table.rowCount() and not self._searching:
            self.pick_current()
            return
        self.find()

    def search_for(self, text: str) -> None:
        """Find ``text`` (a number given by another screen)."""
        self.search.setText(text)
        self.find()

    def find(self) -> None:
        text = " ".join(self.search.text().split())
        if not text:
            self.search_status.setText(self.tr("Type a licence number, identifier, holder's code or name, or scan the QR code."))
            self.search.setFocus()
            return
        if self.renewal is not None:
            self.message.show_error(self.tr("This renewal is done: press Done (or Ctrl+R) for the next visitor."))
            return
        self._searching = True
        self.searched = text
        self.search_status.setText(self.tr("Searching…"))

        def failed(error: UserError) -> None:
            self._searching = False
            self.search_status.setText(user_message(error))

        self.backend.run(
            licences.find_licences, text, done=lambda found: self._found(text, found), failed=failed,
            key=("renewal find",), owner=self, urgent=True,
        )

    def _found(self, text: str, found: list[LicenceView]) -> None:
        self._searching = False
        if text != self.searched:
            return
        self.results = found
        self._fill_results()
        if not found:
            self.search_status.setText(self.tr("No licence matches “{text}”.").format(text=text))
            return
        self.results_table.selectRow(0)
        if len(found) == 1:
            self.search_status.setText(self.tr("1 licence found."))
            self.pick(found[0])
            return
        self.search_status.setText(self.tr("{count} licences found: Down/Up to choose, Enter to pick.").format(count=len(found)))
        # A holder's code scanned: it is also the applicant's (the kind by which it is).
        if len(text) == 18 and self.applicant.is_empty():
            self.applicant.take_scanned_code(text)

    def _fill_results(self) -> None:
        table = self.results_table
        current = table.currentRow()
        table.setRowCount(len(self.results))
        for row, view in enumerate(self.results):
            status = translated(STATUS_TERMS[view.status])
            if view.replaced:
                status = self.tr("{status} (replaced)").format(status=status)
            cells = [
                view.number, view.licence_type, f"{view.holder_name}  {view.holder_code_shown}",
                view.valid_to.isoformat() if view.valid_to else self.tr("no end"), status,
            ]
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, view.id)
                if column == 4 and view.status is not LicenceStatus.VALID:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                table.setItem(row, column, cell)
        if 0 <= current < table.rowCount():
            table.selectRow(current)

    def pick_current(self) -> None:
        row = self.results_table.currentRow()
        if 0 <= row < len(self.results):
            self.pick(self.results[row])

    def pick(self, view: LicenceView) -> None:
        """Choose the licence to renew: on to the applicant, the kind taken from the licence."""
        if self.renewal is not None:
            return
        changed = self.licence is None or self.licence.id != view.id
        self.licence = view
        if changed:
            self._forget_check()
            self.signed.setChecked(False)
        valid_to = view.valid_to.isoformat() if view.valid_to else self.tr("no end")
        self.chosen.setText(
            self.tr("{number} · {type}\nHolder: {holder} {code} · valid to {valid_to}").format(
                number=view.number, type=view.licence_type, holder=view.holder_name, code=view.holder_code_shown, valid_to=valid_to
            )
        )
        row = next((row for row, result in enumerate(self.results) if result.id == view.id), None)
        if row is not None and row != self.results_table.currentRow():
            self.results_table.selectRow(row)
        if self.applicant.applicant_kind is not view.holder_kind and not self.applicant.code.text().strip():
            self.applicant.kind.setCurrentIndex(self.applicant.kind.findData(view.holder_kind))
        self.message.clear()
        self._update()
        self.check_eligibility()
        if not self.applicant.code.text().strip():
            self.applicant.code.edit.setFocus()

    # ------------------------------------------------------------------ 2 the applicant, the eligibility

    def _applicant_changed(self) -> None:
        # The bar (if any) is one of the refusals listed beside: not said twice.
        self.applicant.barred_label.hide()
        if self.checked_for is not None and self.checked_for[1:] != self._entered_code():
            self._forget_check()
            self.signed.setChecked(False)
        self.check_eligibility()
        self._update()

    def _entered_code(self) -> tuple[ApplicantKind, str]:
        return self.applicant.applicant_kind, self.applicant.code.text().strip().upper()

    def check_eligibility(self, *, force: bool = False) -> None:
        """Ask whether the applicant may renew the licence today (once the code is valid)."""
        if self.licence is None or self.renewal is not None:
            return
        kind, code = self._entered_code()
        if not code or self.applicant.code.level != "ok":
            return
        asked = (self.licence.id, kind, code)
        if asked == self.checked_for and not force:
            return
        self.checked_for = asked
        self._checking = True
        self.eligibility_heading.setText(self.tr("Checking…"))

        def done(check: RenewalCheck) -> None:
            self._checking = False
            if self.checked_for == asked and self.renewal is None:
                self._show_check(check)

        def failed(error: UserError) -> None:
            self._checking = False
            if self.checked_for == asked:
                self.checked_for = None
                self.eligibility_heading.setText(self.tr("Could not check"))
                self.eligibility_details.setText(user_message(error))
                self._update()

        self.backend.run(licences.check_renewal, self.licence.id, kind, code, done=done, failed=failed, key=("renewal check",), owner=self)

    def _show_check(self, check: RenewalCheck) -> None:
        self.check = check
        self.licence = check.licence
        if check.refusals:
            self._show_refusals(list(check.refusals))
        else:
            self.refusals = []
            lines = []
            if check.window is not None:
                lines.append(self.tr("Renewal window: {opens} to {closes}").format(
                    opens=check.window[0].isoformat(), closes=check.window[1].isoformat()))
            if check.new_valid_from is not None and check.new_valid_to is not None:
                lines.append(self.tr("New licence valid {start} to {end}").format(
                    start=check.new_valid_from.isoformat(), end=check.new_valid_to.isoformat()))
            lines.append(self.tr("After issue, what the holder commits to is inspected (核查); a false commitment revokes the licence."))
            self.eligibility_heading.setText(self.tr("✓ Can be renewed on commitment today"))
            self.eligibility_heading.setStyleSheet("color: #1b5e20;")
            self.eligibility_details.setText("\n".join(lines))
            self.eligibility.setStyleSheet(ELIGIBLE_STYLE)
            if self.applicant.code.edit.hasFocus() and self.applicant.known is not None:
                self.print_letter_button.setFocus()  # a known holder scanned: straight on to the letter
        self._update()

    def _show_refusals(self, refusals: list[Refusal]) -> None:
        self.refusals = [refusal_text(refusal) for refusal in refusals]
        self.eligibility_heading.setText(
            self.tr("✗ Cannot be renewed on commitment: {count} reason(s)").format(count=len(refusals))
        )
        self.eligibility_heading.setStyleSheet("color: #b00020;")
        self.eligibility_details.setText("\n".join(f"• {text}" for text in self.refusals))
        self.eligibility.setStyleSheet(REFUSED_STYLE)

    def _forget_check(self) -> None:
        self.check = None
        self.checked_for = None
        self.refusals = []
        self.eligibility_heading.setStyleSheet("")
        self.eligibility_heading.setText(self.tr("Eligibility"))
        self.eligibility_details.setText(
            self.tr("Choose the licence and enter the holder's code: the renewal is checked at once.")
        )
        self.eligibility.setStyleSheet(WAITING_STYLE)

    def eligible(self) -> bool:
        return self.check is not None and not self.check.refusals and self.checked_for is not None

    # ------------------------------------------------------------------ 3 the commitment letter

    def _details_stop(self) -> str | None:
        """Why the letter cannot be printed for the details entered (a wrong field, a
        character the font lacks), or None."""
        try:
            check_applicant(self.applicant.details(), self.backend.now().date())
        except UserError as error:
            return user_message(error)
        characters = cases.unprintable(*self.applicant.printable_texts())
        if characters:
            return self.tr("{characters} cannot be printed: the printing font has no glyph for it. Correct the name or address first.").format(
                characters=papers.describe(characters)
            )
        return None

    def print_commitment_letter(self) -> None:
        """The notice and commitment letter (告知承诺书) of the renewal's item, to sign."""
        check = self.check
        counter_id = self.counter_id()
        if counter_id is None:
            self.message.show_error(self.tr("Choose your counter and sign in at it (F10) first."))
            return
        if check is None or not self.eligible() or self.licence is None:
            self.message.show_error(self.tr("Find the licence and check the holder first."))
            return
        if check.item_id is None:
            self.message.show_error(self.tr("No catalogue item renews this licence type on commitment: ask the administrator."))
            return
        stop = self._details_stop()
        if stop:
            self.message.show_error(stop)
            return
        if self.preview is not None:
            self.preview.reject()
        dialog = DocumentPreview(self.tr("Notice and commitment letter — {number}").format(number=self.licence.number), "commitment", self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _result: self._preview_closed(dialog))
        self.preview = dialog
        dialog.open()

        def failed(error: UserError) -> None:
            dialog.set_unavailable(user_message(error))
            self.message.show_error(user_message(error))

        self.backend.run(
            cases.commitment_documents, counter_id, check.item_id, self.applicant.details(),
            done=dialog.set_pdf, failed=failed, owner=dialog, urgent=True,
        )
        self.message.show_info(self.tr("Have the letter signed, then tick “signed”."))

    def _signed_toggled(self, signed: bool) -> None:
        if signed and self.renewal is None:
            self.message.show_info(self.tr("Signed: issue the new licence (Ctrl+Enter)."))
        self._update()

    def _preview_closed(self, dialog: DocumentPreview) -> None:
        if self.preview is dialog:
            self.preview = None
            self.signed.setFocus()
        dialog.deleteLater()

    # ------------------------------------------------------------------ 4 issuing

    def issue(self) -> None:
        """Ctrl+Enter: renew at the clerk's counter, in one transaction (on the worker)."""
        if self.renewal is not None or self._issuing:
            return
        if self.licence is None:
            self.message.show_error(self.tr("Find the licence first."))
            self.search.setFocus()
            return
        counter_id = self.counter_id()
        if counter_id is None:
            self.message.show_error(self.tr("Choose your counter and sign in at it (F10) first."))
            return
        if self.applicant.code.level != "ok":
            self.message.show_error(self.tr("Enter the holder's code as presented first."))
            self.applicant.code.edit.setFocus()
            return
        self._issuing = True
        self._update()
        self.message.show_info(self.tr("Issuing…"))
        self.backend.run(
            licences.renew_on_commitment, counter_id, self.licence.id, self.applicant.details(), self.signed.isChecked(),
            self.ticket.id if self.ticket is not None else None,
            done=self._issued, failed=self._issue_failed, owner=self, urgent=True,
        )

    def _issued(self, renewal: Renewal) -> None:
        self._issuing = False
        self.renewal = renewal
        self.printed = False
        self._discard_asked = False
        new = renewal.licence
        self.new_number.setText(new.number)
        lines = [
            self.tr("Valid {start} to {end}").format(
                start=new.valid_from.isoformat(), end=new.valid_to.isoformat() if new.valid_to else self.tr("no end")
            ),
            self.tr("Licence {old} is replaced by it and no longer in force.").format(old=renewal.replaced.number),
        ]
        due = renewal.inspection_due
        if due is not None:
            inspection = self.tr("Inspection (核查) due by {date}").format(date=due.day.isoformat())
            if due.provisional:
                inspection += self.tr(" (provisional: that year's holidays are not known yet)")
            lines.append(inspection)
        else:
            lines.append(self.tr("No inspection is scheduled for this licence type."))
        lines.append(self.tr("Renewal case {number}").format(number=renewal.case.number))
        self.new_details.setText("\n".join(lines))
        self.result.show()
        # What is over takes less room: the result needs it.
        self.eligibility_heading.setText(self.tr("✓ Renewed on commitment"))
        self.eligibility_details.hide()
        self.commitment_hint.hide()
        self.results = [renewal.replaced if view.id == renewal.replaced.id else view for view in self.results]
        self._fill_results()
        self.applicant.set_read_only(True)
        self.signed.setEnabled(False)
        self.message.show_info(
            self.tr("Licence {number} issued. Print it (Ctrl+P), then Done for the next visitor.").format(number=new.number)
        )
        self._show_ticket()
        self._update()
        self.print_licence_button.setFocus()
        self.renewed.emit(renewal)

    def _issue_failed(self, error: UserError) -> None:
        self._issuing = False
        if isinstance(error, RenewalRefused):
            self.check = None
            self._show_refusals(list(error.refusals))
            self.message.show_error(self.tr("Not renewed: the reasons are listed above."))
        else:
            self.message.show_error(user_message(error))
        self._update()

    def print_new_licence(self) -> None:
        """Ctrl+P: the new licence, previewed and printed; a second print is a reprint."""
        if self.renewal is None:
            return
        self.print_flow.start([self.renewal.licence.id], reprint=self.printed)

    def _licence_printed(self, ids: list[int]) -> None:
        if self.renewal is not None and self.renewal.licence.id in ids:
            self.printed = True
            self.message.show_info(
                self.tr("Licence {number} printed and recorded. Done: the next visitor.").format(number=self.renewal.licence.number)
            )
            self._update()
            self.done_button.setFocus()

    # ------------------------------------------------------------------ state

    def step(self) -> int:
        if self.renewal is not None:
            return FINISHED
        if self.licence is None:
            return FIND
        if not self.eligible():
            return APPLICANT
        if not self.signed.isChecked():
            return COMMITMENT
        return ISSUE

    def _update(self) -> None:
        self.steps.set_step(self.step())
        open_renewal = self.renewal is None
        eligible = open_renewal and self.eligible()
        self.search.setReadOnly(not open_renewal)
        self.find_button.setEnabled(open_renewal)
        self.check_button.setEnabled(open_renewal and self.licence is not None and self.applicant.code.level == "ok")
        self.print_letter_button.setEnabled(eligible)
        self.signed.setEnabled(eligible)
        self.issue_action.setEnabled(open_renewal and self.licence is not None and not self._issuing)
        self.issue_button.setEnabled(self.issue_action.isEnabled())
        self.print_action.setEnabled(not open_renewal)
        self.print_licence_button.setText(
            self.tr("Print again (reprint)…") if self.printed else self.tr("Print the new licence (Ctrl+P)")
        )
        if open_renewal:
            self.result.hide()

    def pristine(self) -> bool:
        """Nothing done yet (a licence looked up and chosen counts as started)."""
        return self.licence is None and self.applicant.is_empty()

    @property
    def busy(self) -> bool:
        """Waiting for an answer (tests)."""
        return self._searching or self._checking or self._issuing or self.applicant.busy

    def new_renewal(self) -> bool:
        """Done / Ctrl+R: clear the page for the next visitor (the ticket in hand), the cursor
        in the search. A renewal half done, or a new licence not printed, asks twice."""
        if not self._discard_asked:
            warning = None
            if self.renewal is None and not self.pristine():
                warning = self.tr("This renewal is not finished: press again to discard it.")
            elif self.renewal is not None and not self.printed:
                warning = self.tr("The new licence is not printed yet: press again to leave it unprinted (the registry can print it).")
            if warning is not None:
                self._discard_asked = True
                self.message.show_error(warning)
                return False
        self._discard_asked = False
        if self.preview is not None:
            self.preview.reject()
        self.print_flow.close()
        self.ticket = self.ticket_in_hand
        self.renewal = None
        self.printed = False
        self.licence = None
        self.results = []
        self.searched = ""
        self.search.clear()
        self.results_table.setRowCount(0)
        self.search_status.clear()
        self.chosen.setText(self.tr("No licence chosen yet."))
        self.eligibility_details.show()
        self.commitment_hint.show()
        self.applicant.clear()
        self.applicant.set_read_only(False)
        self.signed.setChecked(False)
        self._forget_check()
        self.message.clear()
        self._show_ticket()
        self._update()
        self.search.setFocus()
        return True

    def leave_warning(self) -> str | None:
        if self.renewal is None and self.licence is not None and not self.pristine():
            return self.tr("A licence renewal is half done: it is lost if you leave now.")
        if self.renewal is not None and not self.printed:
            return self.tr("The renewed licence {number} is not printed yet.").format(number=self.renewal.licence.number)
        return None

    def stop(self) -> None:
        if self.preview is not None:
            self.preview.reject()
        self.print_flow.close()
