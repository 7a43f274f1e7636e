"""Application entry (办件受理) beside the counter panel, by keyboard alone.

Ctrl+N opens a new case for the ticket in hand and puts the cursor in the item search;
the item is found as the clerk types (code, name, pinyin: in memory, ``ItemIndex``),
Down/Up move in the list and Enter picks it: its guide shows beside the search and its
materials below. Tab walks the applicant (codes checked as typed, a known applicant filled
in), the agent, the materials (Space: received) and the route; Ctrl+Enter accepts
(``cases.accept_case`` on the worker). An accepted case shows its number and due dates
and opens its acceptance notice; one that lacks materials that may not follow later lists
them and offers the one-time notice, which records the visit in the "不说NO" register.
A case number typed or scanned into the search (a notice's QR code) finds that case.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.cases import ItemSnapshot, MaterialState, Route, looks_like_case_number
from counter_app.domain.item_search import ItemIndex
from counter_app.errors import UserError
from counter_app.services import cases
from counter_app.services.cases import Application, CaseView
from counter_app.services.catalogue import ServiceItemSummary, list_service_items
from counter_app.services.queue import TicketView
from counter_app.ui.cases import papers
from counter_app.ui.cases.applicant import ApplicantSection
from counter_app.ui.cases.guide import GuideView
from counter_app.ui.cases.materials import MaterialsChecklist
from counter_app.ui.cases.outcome import RefusalFrame, ResultFrame
from counter_app.ui.cases.preview import DocumentPreview
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import MessageLine
from counter_app.ui.translation import user_message

SEARCH_SHOWN = 50
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

STYLE = """
QGroupBox { font-size: 15px; font-weight: bold; }
QLabel#form_title { font-size: 20px; font-weight: bold; color: #1a237e; }
QLineEdit#item_search { font-size: 17px; padding: 4px; }
QListWidget#item_list { font-size: 15px; }
QLabel#case_number { font-size: 34px; font-weight: bold; color: #1b5e20; }
QFrame#result_frame { border: 2px solid #a5d6a7; border-radius: 6px; background: #f1f8e9; }
QFrame#refusal_frame { border: 2px solid #ef9a9a; border-radius: 6px; background: #fff5f5; }
QPushButton#accept_button { font-size: 17px; font-weight: bold; padding: 8px 18px; }
QLabel#summary_line { font-size: 14px; color: #37474f; }
"""


class ApplicationForm(QWidget):
    """A new case for the ticket in hand (see the module's docstring).

    Signals:
        find_case(str): a case number was typed or scanned into the item search.
        case_accepted(CaseView): a case was accepted.
    """

    find_case = Signal(str)
    case_accepted = Signal(object)

    def __init__(self, backend: Backend, counter_id: Callable[[], int | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("application_form")
        self.backend = backend
        self.counter_id = counter_id
        self.ticket_in_hand: TicketView | None = None  # what the panel holds now
        self.ticket: TicketView | None = None  # the ticket this case is for
        self.index: ItemIndex[ServiceItemSummary] | None = None
        self._catalogue_asked = False
        self.item: ItemSnapshot | None = None
        self.view: CaseView | None = None  # the case accepted
        self.missing: tuple[str, ...] = ()  # what kept the case from being accepted
        self.unmet_entry_id: int | None = None  # its entry in the 不说NO register
        self.preview: DocumentPreview | None = None
        self._accepting = False
        self._discard_asked = False
        self.setStyleSheet(STYLE)
        self._build()
        self._build_actions()
        self._show_ticket()
        self._update()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("form_title")
        self.new_case_button = QPushButton(self.tr("New case (Ctrl+N)"))
        self.new_case_button.setObjectName("new_case_button")
        self.new_case_button.clicked.connect(self.new_case)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.new_case_button)

        # The item: search as you type, and its guide beside it.
        self.search = QLineEdit()
        self.search.setObjectName("item_search")
        self.search.setPlaceholderText(self.tr("Service item: code, name or pinyin (e.g. lwpq); or scan a case number"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.apply_search())
        self.search.installEventFilter(self)
        self.item_list = QListWidget()
        self.item_list.setObjectName("item_list")
        self.item_list.itemActivated.connect(lambda _item: self.pick_current())
        self.search_status = QLabel()
        self.search_status.setObjectName("search_status")
        self.search_status.setStyleSheet("color: #607d8b;")
        item_box = QGroupBox(self.tr("1  Service item"))
        item_layout = QVBoxLayout(item_box)
        item_layout.addWidget(self.search)
        item_layout.addWidget(self.search_status)
        item_layout.addWidget(self.item_list, 1)
        self.guide = GuideView()
        guide_box = QGroupBox(self.tr("Guide"))
        guide_layout = QVBoxLayout(guide_box)
        guide_layout.addWidget(self.guide)

        # The applicant.
        self.applicant = ApplicantSection(self.backend)
        self.applicant.changed.connect(self._update)
        applicant_scroll = QScrollArea()
        applicant_scroll.setWidgetResizable(True)
        applicant_scroll.setFrameShape(QFrame.Shape.NoFrame)
        applicant_scroll.setWidget(self.applicant)
        applicant_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        applicant_box = QGroupBox(self.tr("2  Applicant"))
        applicant_layout = QVBoxLayout(applicant_box)
        applicant_layout.addWidget(applicant_scroll)

        # The materials, the route, accepting.
        self.materials = MaterialsChecklist()
        self.materials.changed.connect(self._update)
        materials_box = QGroupBox(self.tr("3  Materials"))
        materials_layout = QVBoxLayout(materials_box)
        materials_layout.addWidget(self.materials)

        self.route_box = QGroupBox(self.tr("Notification and commitment (告知承诺)"))
        self.route_box.setObjectName("route_box")
        self.commitment = QCheckBox(self.tr("The applicant chooses the commitment route (a right, not a duty)"))
        self.commitment.setObjectName("commitment_route")
        self.commitment.toggled.connect(lambda _on: self._route_changed())
        self.print_commitment_button = QPushButton(self.tr("Print the notice and commitment letter"))
        self.print_commitment_button.setObjectName("print_commitment")
        self.print_commitment_button.clicked.connect(self.print_commitment_documents)
        self.signed = QCheckBox(self.tr("The commitment letter is signed"))
        self.signed.setObjectName("commitment_signed")
        self.signed.toggled.connect(lambda _on: self._update())
        route_layout = QVBoxLayout(self.route_box)
        route_layout.addWidget(self.commitment)
        signed_row = QHBoxLayout()
        signed_row.addWidget(self.print_commitment_button)
        signed_row.addWidget(self.signed)
        signed_row.addStretch(1)
        route_layout.addLayout(signed_row)

        self.summary = QLabel()
        self.summary.setObjectName("summary_line")
        self.summary.setWordWrap(True)
        self.accept_button = QPushButton(self.tr("Accept (Ctrl+Enter)"))
        self.accept_button.setObjectName("accept_button")
        self.accept_button.clicked.connect(self.accept)
        accept_row = QHBoxLayout()
        accept_row.addWidget(self.summary, 1)
        accept_row.addWidget(self.accept_button)

        self.result_frame = ResultFrame()
        self.result_frame.notice_button.clicked.connect(lambda: self.show_notice())
        self.refusal_frame = RefusalFrame()
        self.refusal_frame.one_time_button.clicked.connect(self.print_one_time_notice)
        # Short names for what the keyboard and the tests reach.
        self.result_number = self.result_frame.number
        self.result_dues = self.result_frame.dues
        self.notice_button = self.result_frame.notice_button
        self.missing_list = self.refusal_frame.missing_list
        self.reason = self.refusal_frame.reason
        self.one_time_button = self.refusal_frame.one_time_button
        self.message = MessageLine(15)

        right = QVBoxLayout()
        right.addWidget(materials_box, 1)
        right.addWidget(self.route_box)
        right.addLayout(accept_row)

        grid = QGridLayout()
        grid.addWidget(item_box, 0, 0)
        grid.addWidget(guide_box, 0, 1)
        grid.addWidget(applicant_box, 1, 0)
        grid.addLayout(right, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        layout.addWidget(self.result_frame)
        layout.addWidget(self.refusal_frame)
        layout.addWidget(self.message)

    def _build_actions(self) -> None:
        self.accept_action = QAction(self.tr("Accept"), self)
        self.accept_action.setObjectName("accept_action")
        self.accept_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.accept_action.triggered.connect(self.accept)
        self.addAction(self.accept_action)

    def _fix_tab_order(self) -> None:
        """Search, list, applicant, agent, each material, route, accept: whatever was built last."""
        applicant = self.applicant
        chain: list[QWidget] = [
            self.search, self.item_list, applicant.kind, applicant.code.edit, applicant.name.edit,
            applicant.legal_representative.edit, applicant.address.edit, applicant.contact.edit, applicant.phone.edit,
            applicant.agent_box, applicant.agent_name.edit, applicant.agent_id.edit, applicant.agent_phone.edit,
        ]
        for row in self.materials.rows:
            chain.extend((row.received, row.form, row.pages))
        chain.extend((self.commitment, self.print_commitment_button, self.signed, self.accept_button,
                      self.reason, self.one_time_button, self.notice_button, self.new_case_button))
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ the ticket

    def set_ticket_in_hand(self, ticket: TicketView | None) -> None:
        """The panel's ticket in hand changed: an empty or finished form follows it."""
        self.ticket_in_hand = ticket
        if self.view is None and self.pristine():
            self.ticket = ticket
        self._show_ticket()

    def _show_ticket(self) -> None:
        if self.ticket is not None:
            title = self.tr("New case for ticket {label}").format(label=self.ticket.label)
            if self.ticket_in_hand is None or self.ticket_in_hand.id != self.ticket.id:
                title += self.tr(" (no longer in hand: Ctrl+N for the next)")
        else:
            title = self.tr("New case (no ticket in hand)")
        if self.view is not None:
            title = self.tr("Case {number} accepted").format(number=self.view.number)
            if self.ticket is not None:
                title += self.tr(" for ticket {label}").format(label=self.ticket.label)
        self.title.setText(title)

    # ------------------------------------------------------------------ the item

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fix_tab_order()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.search:
            if event.type() == QEvent.Type.FocusIn:
                self.load_catalogue()
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                key = event.key()
                if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                    self._move_in_list(key)
                    return True
                if key in ENTER_KEYS and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.search_entered()
                    return True
        return super().eventFilter(watched, event)

    def load_catalogue(self) -> None:
        """Read the catalogue once (on first use: the window's opening reads nothing for
        it) and index it on the worker; every keystroke then searches in memory."""
        if self._catalogue_asked:
            return
        self._catalogue_asked = True
        self.search_status.setText(self.tr("Loading the catalogue…"))
        read = self.backend.bind(list_service_items)

        def failed(error: UserError) -> None:
            self._catalogue_asked = False
            self.search_status.setText(user_message(error))

        self.backend.run_work(lambda: ItemIndex(read()), done=self._catalogue_loaded, failed=failed, key=("form catalogue",), owner=self)

    def _catalogue_loaded(self, index: ItemIndex[ServiceItemSummary]) -> None:
        self.index = index
        self.apply_search()

    def apply_search(self) -> None:
        text = self.search.text()
        if text.strip():
            self.load_catalogue()
        if looks_like_case_number(text):
            self.item_list.clear()
            self.search_status.setText(self.tr("Enter: find case {number}").format(number=text.strip().upper()))
            return
        if self.index is None:
            return
        found = self.index.search(text, limit=SEARCH_SHOWN)[:SEARCH_SHOWN] if text.strip() else list(self.index.items)[:SEARCH_SHOWN]
        self.item_list.clear()
        for summary in found:
            entry = QListWidgetItem(f"{summary.name}    {summary.code} · {summary.department}")
            entry.setData(Qt.ItemDataRole.UserRole, summary.item_id)
            self.item_list.addItem(entry)
        if found:
            self.item_list.setCurrentRow(0)
        total = len(self.index)
        if text.strip():
            self.search_status.setText(
                self.tr("{count} found: Down/Up to choose, Enter to pick").format(count=len(found)) if found
                else self.tr("No service item matches “{text}”.").format(text=text.strip())
            )
        else:
            self.search_status.setText(self.tr("{total} service items: type to search").format(total=total))

    def _move_in_list(self, key: int) -> None:
        count = self.item_list.count()
        if not count:
            return
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}[Qt.Key(key)]
        row = min(max(self.item_list.currentRow() + step, 0), count - 1)
        self.item_list.setCurrentRow(row)

    def search_entered(self) -> None:
        text = self.search.text().strip()
        if looks_like_case_number(text):
            self.find_case.emit(text.upper())
            return
        if len(text) == 18 and not self.item_list.count() and self.view is None and self.applicant.take_scanned_code(text):
            self.search.clear()  # an applicant's code scanned here (no item matches it): it fills the applicant
            return
        self.pick_current()

    def pick_current(self) -> None:
        entry = self.item_list.currentItem()
        if entry is None:
            return
        self.pick_item(int(entry.data(Qt.ItemDataRole.UserRole)))

    def pick_item(self, item_id: int) -> None:
        """Read the item's guide (and materials) and move on to the applicant."""
        if self.view is not None:
            return
        self.guide.show_item(None, loading=True)
        self.backend.run(
            cases.item_guide, item_id, done=self._item_read, failed=self._failed, key=("item guide",), owner=self, urgent=True
        )
        self.applicant.kind.setFocus()

    def _item_read(self, item: ItemSnapshot) -> None:
        self.item = item
        self.guide.show_item(item)
        self.materials.set_item(item)
        self.commitment.setChecked(False)
        self.signed.setChecked(False)
        self._hide_outcomes()
        self.message.clear()
        self._fix_tab_order()
        self._update()

    # ------------------------------------------------------------------ the route, the summary

    def route(self) -> Route:
        if self.item is not None and self.item.flags.notify_commit and self.commitment.isChecked():
            return Route.COMMITMENT
        return Route.MATERIALS

    def _route_changed(self) -> None:
        if not self.commitment.isChecked():
            self.signed.setChecked(False)
        self.materials.set_route(self.route())
        self._update()

    def _update(self) -> None:
        offered = self.item is not None and self.item.flags.notify_commit
        self.route_box.setVisible(offered)
        chosen = self.route() is Route.COMMITMENT
        self.print_commitment_button.setVisible(chosen)
        self.signed.setVisible(chosen)
        barred = self.applicant.barred_reason()
        self.commitment.setEnabled(self.view is None and not barred)
        if barred and self.commitment.isChecked():
            self.commitment.setChecked(False)
        open_case = self.view is None
        self.accept_action.setEnabled(open_case and self.item is not None and not self._accepting)
        self.accept_button.setEnabled(self.accept_action.isEnabled())
        if self.item is None:
            self.summary.setText(self.tr("Pick a service item first."))
            return
        parts = [self.item.name, self.applicant.summary()]
        if self.materials.rows:
            parts.append(
                self.tr("materials {received}/{total}").format(received=self.materials.received_count(), total=len(self.materials.rows))
            )
        missing = self.materials.missing_names()
        if missing and open_case:
            parts.append(self.tr("{count} missing").format(count=len(missing)))
        self.summary.setText(" · ".join(parts))

    def _hide_outcomes(self) -> None:
        self.result_frame.hide()
        self.refusal_frame.hide()

    # ------------------------------------------------------------------ accepting

    def application(self) -> Application | None:
        if self.item is None:
            return None
        route = self.route()
        return Application(
            item_id=self.item.item_id,
            applicant=self.applicant.details(),
            materials=self.materials.entries(),
            route=route,
            agent=self.applicant.agent(),
            commitment_signed=route is Route.COMMITMENT and self.signed.isChecked(),
            ticket_id=self.ticket.id if self.ticket is not None else None,
        )

    def accept(self) -> None:
        """Ctrl+Enter: accept the case at the clerk's counter (on the worker)."""
        if self.view is not None or self._accepting:
            return
        application = self.application()
        if application is None:
            self.message.show_error(self.tr("Pick a service item first."))
            self.search.setFocus()
            return
        counter_id = self.counter_id()
        if counter_id is None:
            self.message.show_error(self.tr("Choose your counter and sign in at it (F10) first."))
            return
        self._accepting = True
        self._update()
        self.message.show_info(self.tr("Accepting…"))
        self.backend.run(
            cases.accept_case, counter_id, application, done=self._accepted, failed=self._accept_failed, owner=self, urgent=True
        )

    def _accepted(self, view: CaseView) -> None:
        self._accepting = False
        self.view = view
        self._discard_asked = False
        self.refusal_frame.hide()
        self.result_frame.show_case(view)
        self.materials.show_deadlines({m.position: m.deadline for m in view.materials if m.state is MaterialState.DEFERRED})
        self.applicant.set_read_only(True)
        self.commitment.setEnabled(False)
        self.signed.setEnabled(False)
        self.message.show_info(
            self.tr("Case {number} accepted for {applicant}. Ctrl+N: the next case of this ticket.").format(
                number=view.number, applicant=self.applicant.summary()
            )
        )
        self._show_ticket()
        self._update()
        self.case_accepted.emit(view)
        self.show_notice()

    def _accept_failed(self, error: UserError) -> None:
        self._accepting = False
        self._update()
        if isinstance(error, cases.MaterialsMissing):
            self.missing = tuple(material.name for material in error.materials)
            self._show_refusal()
            self.message.show_error(
                self.tr("Not accepted: {count} material(s) missing that may not follow later. "
                        "Print the one-time notice: it records the visit in the register.").format(count=len(self.missing))
            )
            return
        self.message.show_error(user_message(error))

    def _show_refusal(self) -> None:
        self.result_frame.hide()
        self.unmet_entry_id = None
        self.refusal_frame.show_missing(self.missing)

    def _failed(self, error: UserError) -> None:
        self.message.show_error(user_message(error))

    # ------------------------------------------------------------------ documents

    def _unprintable_stop(self) -> str | None:
        """Why nothing can be printed for this applicant (a character the font lacks), or None."""
        characters = cases.unprintable(*self.applicant.printable_texts())
        if not characters:
            return None
        return self.tr("{characters} cannot be printed: the printing font has no glyph for it. Correct the name or address first.").format(
            characters=papers.describe(characters)
        )

    def _open_preview(self, title: str, stem: str) -> DocumentPreview:
        if self.preview is not None:
            self.preview.reject()
        dialog = DocumentPreview(title, stem, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _result: self._preview_closed(dialog))
        self.preview = dialog
        dialog.open()
        return dialog

    def _preview_closed(self, dialog: DocumentPreview) -> None:
        if self.preview is dialog:
            self.preview = None
        dialog.deleteLater()

    def _render(self, dialog: DocumentPreview, work: Callable[[], bytes]) -> None:
        stop = self._unprintable_stop()
        if stop:
            dialog.set_unavailable(stop)
            self.message.show_error(stop)
            return

        def failed(error: UserError) -> None:
            dialog.set_unavailable(user_message(error))
            self.message.show_error(user_message(error))

        self.backend.run_work(work, done=dialog.set_pdf, failed=failed, owner=dialog)

    def show_notice(self) -> None:
        """The acceptance notice (受理通知书) of the case accepted, previewed to print."""
        view = self.view
        if view is None:
            return
        dialog = self._open_preview(self.tr("Acceptance notice {number}").format(number=view.number), view.number)
        self._render(dialog, lambda: cases.acceptance_notice_pdf(view))  # pure: no database

    def print_commitment_documents(self) -> None:
        """The notice and commitment letter (告知承诺书) for the applicant to read and sign."""
        counter_id = self.counter_id()
        if self.item is None or counter_id is None:
            self.message.show_error(self.tr("Choose your counter and sign in at it (F10) first."))
            return
        dialog = self._open_preview(self.tr("Notice and commitment letter — {item}").format(item=self.item.name), "commitment")
        self._render(
            dialog,
            self.backend.bind(cases.commitment_documents, counter_id, self.item.item_id, self.applicant.details(), self.applicant.agent()),
        )

    def print_one_time_notice(self) -> None:
        """The one-time notice (一次性告知单) of what is missing; the visit is recorded in the
        "不说NO" register first (once, however often the notice is printed)."""
        counter_id = self.counter_id()
        if self.item is None or not self.missing or counter_id is None:
            return
        item_id = self.item.item_id
        applicant = self.applicant.details()
        reason = self.reason.toPlainText()
        agent = self.applicant.agent()
        missing = self.missing
        stop = self._unprintable_stop()
        if stop:
            self.message.show_error(stop)
            return

        def print_it() -> None:
            dialog = self._open_preview(self.tr("One-time notice — {item}").format(item=self.item.name if self.item else ""), "one-time-notice")
            self._render(
                dialog,
                self.backend.bind(cases.one_time_notice, counter_id, item_id, applicant, missing, reason, agent, self.unmet_entry_id),
            )

        if self.unmet_entry_id is not None:
            print_it()
            return

        def recorded(entry_id: int) -> None:
            self.unmet_entry_id = entry_id
            self.refusal_frame.recorded(entry_id)
            self.message.show_info(self.tr("The visit of {applicant} is recorded in the register.").format(applicant=self.applicant.summary()))
            print_it()

        self.backend.run(
            cases.record_unmet_request, counter_id, item_id, applicant, missing, reason,
            self.ticket.id if self.ticket is not None else None,
            done=recorded, failed=self._failed, owner=self, urgent=True,
        )

    # ------------------------------------------------------------------ a new case

    def pristine(self) -> bool:
        """Nothing entered yet (an item picked counts as entered)."""
        return self.item is None and self.applicant.is_empty()

    def new_case(self) -> bool:
        """Ctrl+N: clear the form for a new case of the ticket in hand and put the cursor
        in the item search. A half-entered case asks for a second Ctrl+N first."""
        if self.view is None and not self.pristine() and not self._discard_asked:
            self._discard_asked = True
            self.message.show_error(self.tr("This case is not accepted yet: press Ctrl+N again to discard it."))
            return False
        self._discard_asked = False
        self.ticket = self.ticket_in_hand
        self.view = None
        self.item = None
        self.missing = ()
        self.unmet_entry_id = None
        self.search.clear()
        self.guide.show_item(None)
        self.materials.set_item(None)
        self.applicant.clear()
        self.applicant.set_read_only(False)
        self.commitment.setChecked(False)
        self.signed.setChecked(False)
        self.signed.setEnabled(True)
        self._hide_outcomes()
        self.message.clear()
        self._show_ticket()
        self._update()
        self.load_catalogue()
        self.search.setFocus()
        return True

    def leave_warning(self) -> str | None:
        if self.view is None and not self.pristine():
            return self.tr("A case is half entered and not accepted: it is lost if you leave now.")
        return None

    def stop(self) -> None:
        if self.preview is not None:
            self.preview.reject()
