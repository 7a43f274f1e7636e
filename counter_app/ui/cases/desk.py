"""The clerk's counter workspace: the counter panel (call, serve… with the function keys)
and, beside it, the application form for the ticket in hand ("New case", Ctrl+N), the
case search ("Find cases") and the renewal of a licence on commitment for the ticket in
hand ("Renew licence", Ctrl+R)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from counter_app.services.queue import TicketView
from counter_app.ui.cases.form import ApplicationForm
from counter_app.ui.cases.search import CaseSearch
from counter_app.ui.counter.panel import CounterPanel
from counter_app.ui.licences.renewal import RenewalFlow
from counter_app.ui.shared.backend import Backend


class CounterWorkspace(QWidget):
    """The counter panel on the left, the cases on the right; what the window asks of a
    workspace (``stop``, ``leave_warning``, ``leave``) goes to both."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.panel = CounterPanel(backend)
        self.form = ApplicationForm(backend, lambda: self.panel.counter_id)
        self.search = CaseSearch(backend, lambda: self.panel.counter_id)
        self.case_tabs = QTabWidget()
        self.case_tabs.setObjectName("case_tabs")
        self.case_tabs.addTab(self.form, self.tr("New case"))
        # In a scroll area: a wide search page must not push the counter panel out of the window.
        self.search_scroll = QScrollArea()
        self.search_scroll.setObjectName("case_search_scroll")
        self.search_scroll.setWidgetResizable(True)
        self.search_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.search_scroll.setWidget(self.search)
        self.case_tabs.addTab(self.search_scroll, self.tr("Find cases"))
        self.renewal = RenewalFlow(backend, lambda: self.panel.counter_id)
        self.case_tabs.addTab(self.renewal, self.tr("Renew licence"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("counter_splitter")
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.case_tabs)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.new_case_action = QAction(self.tr("New case for the ticket in hand"), self)
        self.new_case_action.setObjectName("new_case_action")
        self.new_case_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_case_action.triggered.connect(self.new_case)
        self.addAction(self.new_case_action)
        self.form.new_case_button.clicked.disconnect()
        self.form.new_case_button.clicked.connect(self.new_case_action.trigger)

        self.renew_action = QAction(self.tr("Renew a licence for the ticket in hand"), self)
        self.renew_action.setObjectName("renew_licence_action")
        self.renew_action.setShortcut(QKeySequence("Ctrl+R"))
        self.renew_action.triggered.connect(self.renew_licence)
        self.addAction(self.renew_action)

        self.panel.ticket_in_hand.connect(self._ticket_in_hand)
        self.form.find_case.connect(self.find_case)

    def _ticket_in_hand(self, ticket: TicketView | None) -> None:
        self.form.set_ticket_in_hand(ticket)
        self.renewal.set_ticket_in_hand(ticket)

    def new_case(self) -> None:
        """Ctrl+N: the form, cleared for the ticket in hand, the cursor in the item search."""
        self.case_tabs.setCurrentWidget(self.form)
        self.form.new_case()

    def renew_licence(self) -> None:
        """Ctrl+R: the renewal, for the ticket in hand: a renewal not started (or done) is
        cleared and the cursor put in the licence search; one under way is shown as it is
        (Ctrl+R again, or its "Done", starts the next)."""
        renewal = self.renewal
        if self.case_tabs.currentWidget() is not renewal:
            self.case_tabs.setCurrentWidget(renewal)
            under_way = not renewal.pristine() and not (renewal.renewal is not None and renewal.printed)
            if under_way:
                if renewal.licence is None:
                    renewal.search.setFocus()
                return
        renewal.new_renewal()

    def find_case(self, number: str) -> None:
        """A case number scanned into the item search: find it."""
        self.case_tabs.setCurrentWidget(self.search_scroll)
        self.search.search_for(number)

    # ------------------------------------------------------------------ the window's workspace

    def leave_warning(self) -> str | None:
        warnings = [
            warning for warning in (self.panel.leave_warning(), self.form.leave_warning(), self.renewal.leave_warning()) if warning
        ]
        return "\n\n".join(warnings) or None

    def leave(self) -> None:
        self.form.stop()
        self.renewal.stop()
        self.panel.leave()

    def stop(self) -> None:
        self.form.stop()
        self.renewal.stop()
        self.panel.stop()
        self.search.stop()
