"""One licence opened from the search: every field, the case it came from, the licence it
replaces or that replaced it, its status with the reason, when its renewal window opens,
its prints, and what may be done with it.

Print / Reprint go through the shared print flow (``ui.licences.printing``); a supervisor of
the issuing hall may suspend, reinstate, revoke, cancel or withdraw it: which of these is
enabled is asked of ``domain.licences.next_licence_status`` (the rule is never repeated
here), each asks the reason, and the final ones ask to confirm. Reads and changes run on
the window's ``Backend``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.applicants import ApplicantKind
from counter_app.domain.licences import (
    FINAL_STATUSES,
    MOVES,
    NEEDS_REASON,
    LicenceAction,
    next_licence_status,
    print_refusal,
)
from counter_app.domain.roles import Permission, acts_on_every_hall, may
from counter_app.errors import ConflictError, UserError
from counter_app.services import licences
from counter_app.services.licences import LicencePrintRecord, LicenceView
from counter_app.ui.licences.models import (
    MISSING,
    PrintsModel,
    chip_style,
    day_text,
    holder_text,
    status_text,
    validity_text,
)
from counter_app.ui.shared.backend import Backend
from counter_app.ui.shared.hall_widgets import MessageLine, detail_header
from counter_app.ui.shared.table_model import row_table
from counter_app.ui.translation import user_message

if TYPE_CHECKING:
    from counter_app.ui.licences.printing import LicencePrintFlow

ACTIONS = (LicenceAction.SUSPEND, LicenceAction.REINSTATE, LicenceAction.REVOKE, LicenceAction.CANCEL, LicenceAction.WITHDRAW)


def is_final(action: LicenceAction) -> bool:
    """Whether ``action`` ends the licence for good (the domain's final statuses)."""
    return MOVES[action][1] in FINAL_STATUSES


def refusal_of(action: LicenceAction, view: LicenceView) -> ConflictError | None:
    """Why the domain does not allow ``action`` on the licence as it is today, or None."""
    try:
        next_licence_status(action, view.status, number=view.number)
    except ConflictError as error:
        return error
    return None


def make_print_flow(backend: Backend, parent: QWidget, printed: Callable[[list[int]], None]) -> LicencePrintFlow:
    """The shared print flow (preview, printer, recording each print), made when first needed."""
    from counter_app.ui.licences.printing import LicencePrintFlow

    flow = LicencePrintFlow(backend, parent)
    flow.printed.connect(printed)
    return flow


class NoteDialog(QDialog):
    """A decision with its words: what it does, a text (required or not) kept with it and, for
    a decision that cannot be undone, a warning and a tick that the user read it. Cancel is
    the default button (a stray Enter changes nothing).

    Open with ``open()`` and connect ``accepted``; ``reason()`` is the text given."""

    def __init__(
        self, title: str, text: str, ok_text: str, *, field_label: str, needs_reason: bool,
        warning: str | None = None, confirm_text: str = "", parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(580)
        self.setStyleSheet("QLabel, QPlainTextEdit, QPushButton, QCheckBox { font-size: 15px; }")
        self.needs_reason = needs_reason
        layout = QVBoxLayout(self)
        self.text = QLabel(text)
        self.text.setObjectName("action_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.text)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(95)
        self.reason_edit.textChanged.connect(self._sync)
        form = QFormLayout()
        form.addRow(field_label, self.reason_edit)
        layout.addLayout(form)
        self.confirm: QCheckBox | None = None
        if warning is not None:
            label = QLabel(warning)
            label.setObjectName("final_warning")
            label.setWordWrap(True)
            label.setStyleSheet("color: #b00020; font-weight: bold;")
            layout.addWidget(label)
            self.confirm = QCheckBox(confirm_text)
            self.confirm.setObjectName("confirm_final")
            self.confirm.toggled.connect(self._sync)
            layout.addWidget(self.confirm)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._sync()
        width = 580  # a top-level window ignores its wrapped labels' height-for-width: size it for that width
        self.resize(width, max(self.sizeHint().height(), layout.totalHeightForWidth(width)))

    def _sync(self) -> None:
        reason_ok = not self.needs_reason or bool(self.reason_edit.toPlainText().strip())
        confirmed = self.confirm is None or self.confirm.isChecked()
        self.ok_button.setEnabled(reason_ok and confirmed)

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()


class StatusChangeDialog(NoteDialog):
    """The reason of a status change (kept with the licence); a final one (revoke, cancel,
    withdraw) also a tick that it cannot be undone."""

    def __init__(self, title: str, text: str, ok_text: str, *, needs_reason: bool, final: bool, parent: QWidget | None = None) -> None:
        # QCoreApplication.translate with the class as context: self.tr needs the QObject made first.
        super().__init__(
            title, text, ok_text,
            field_label=QCoreApplication.translate("StatusChangeDialog", "Reason") if needs_reason else QCoreApplication.translate("StatusChangeDialog", "Note (optional)"),
            needs_reason=needs_reason,
            warning=QCoreApplication.translate(
                "StatusChangeDialog", "This is final: the licence will never be valid again; the holder must apply for a new one."
            ) if final else None,
            confirm_text=QCoreApplication.translate("StatusChangeDialog", "I understand that this cannot be undone"), parent=parent,
        )


class LicencePage(QWidget):
    """One licence: its fields, prints, and the actions allowed on it.

    Signals:
        loaded(LicenceView): a licence was read and shown.
        changed(LicenceView): its status changed, or it was printed (the search re-reads).
        back_requested: the user wants the results back (Esc, or the button).
    """

    loaded = Signal(object)
    changed = Signal(object)
    back_requested = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("licence_page")
        self.licence: LicenceView | None = None
        self.prints: list[LicencePrintRecord] | None = None  # None: not read yet
        self.replaced_by: str | None = None
        self.dialog: QDialog | None = None
        self.print_flow: LicencePrintFlow | None = None
        self._busy = False
        role = backend.actor.role
        self.may_print = may(role, Permission.PRINT_LICENCES)
        self.may_change = may(role, Permission.CHANGE_LICENCE_STATUS)
        self._build()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top, self.back_button, self.title, self.status_chip = detail_header(self.back_requested, "licence")
        layout.addLayout(top)

        box = QGroupBox(self.tr("Licence"))
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(18)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.fields: dict[str, QLabel] = {}
        names = [
            ("type", self.tr("Licence type")), ("number", self.tr("Licence number")),
            ("holder", self.tr("Holder")), ("holder_kind", self.tr("Holder type")),
            ("scope", self.tr("Scope")), ("authority", self.tr("Issuing authority")),
            ("issued", self.tr("Issued on")), ("validity", self.tr("Valid")),
            ("status", self.tr("Status today")), ("reason", self.tr("Reason of the status")),
            ("renewal", self.tr("Renewal window opens")), ("case", self.tr("From case")),
            ("replaces", self.tr("Replaces")), ("replaced_by", self.tr("Replaced by")),
            ("identifier", self.tr("Identifier (GB/T 36904)")),
        ]
        for position, (key, caption) in enumerate(names):
            row, column = divmod(position, 2)
            title = QLabel(caption)
            title.setStyleSheet("color: #555;")
            value = QLabel()
            value.setObjectName(f"licence_{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setStyleSheet("font-size: 15px;")
            span = 3 if key == "identifier" else 1
            grid.addWidget(title, row, column * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, column * 2 + 1, 1, span, Qt.AlignmentFlag.AlignTop)
            self.fields[key] = value
        self.links: dict[str, str | None] = {}
        for key in ("replaces", "replaced_by"):
            label = self.fields[key]
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            label.linkActivated.connect(lambda _href, label=label: self._link_activated(label))
        layout.addWidget(box)

        prints_box = QGroupBox(self.tr("Prints"))
        prints_layout = QVBoxLayout(prints_box)
        self.prints_model = PrintsModel(self)
        self.prints_view = row_table("licence_prints", self.prints_model, 4)
        self.prints_view.setMaximumHeight(260)
        prints_layout.addWidget(self.prints_view)
        self.prints_empty = QLabel(self.tr("Not printed yet."))
        self.prints_empty.setObjectName("licence_not_printed")
        self.prints_empty.setStyleSheet("color: #555;")
        self.prints_empty.hide()
        prints_layout.addWidget(self.prints_empty)
        layout.addWidget(prints_box)
        layout.addStretch(1)

        actions = QHBoxLayout()
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("licence_print")
        self.print_button.setMinimumHeight(36)
        self.print_button.clicked.connect(self.print_licence)
        actions.addWidget(self.print_button)
        self.reprint_button = QPushButton(self.tr("Reprint (补打)…"))
        self.reprint_button.setObjectName("licence_reprint")
        self.reprint_button.setMinimumHeight(36)
        self.reprint_button.clicked.connect(self.reprint_licence)
        actions.addWidget(self.reprint_button)
        actions.addStretch(1)
        self.action_buttons: dict[LicenceAction, QPushButton] = {}
        captions = {
            LicenceAction.SUSPEND: self.tr("Suspend (暂扣)…"),
            LicenceAction.REINSTATE: self.tr("Reinstate…"),
            LicenceAction.REVOKE: self.tr("Revoke (撤销)…"),
            LicenceAction.CANCEL: self.tr("Cancel (注销)…"),
            LicenceAction.WITHDRAW: self.tr("Withdraw (吊销)…"),
        }
        for action in ACTIONS:
            button = QPushButton(captions[action])
            button.setObjectName(f"licence_{action.value}")
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _checked=False, action=action: self.ask(action))
            actions.addWidget(button)
            self.action_buttons[action] = button
        layout.addLayout(actions)
        self.message = MessageLine(parent=self)
        layout.addWidget(self.message)

        shortcut = QShortcut(QKeySequence("Esc"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.back_requested.emit)
        self._sync_buttons()

    # ------------------------------------------------------------------ reading

    def show_licence(self, view: LicenceView, *, keep_message: bool = False) -> None:
        """Show ``view`` at once, then read it afresh with its prints (and its successor)."""
        if self.licence is None or self.licence.id != view.id:
            self.prints = None
            self.replaced_by = None
            self.prints_model.set_prints([])
        if not keep_message:
            self.message.clear()
        self._show(view)
        self.reload()

    def open_number(self, number: str) -> None:
        """Find the licence ``number`` (a link to the one it replaces, or that replaced it) and show it."""
        wanted = number.strip()

        def found(views: list[LicenceView]) -> None:
            match = next((view for view in views if view.number == wanted), None)
            if match is None:
                self.message.show_error(self.tr("There is no licence {number}.").format(number=wanted))
            else:
                self.show_licence(match)

        self.backend.run(licences.find_licences, wanted, done=found, failed=self._failed, owner=self, key=("licence_open", id(self)))

    def reload(self) -> None:
        view = self.licence
        if view is None:
            return
        find = self.backend.bind(licences.find_licences, view.identifier)
        prints = self.backend.bind(licences.licence_prints, view.id)

        def work() -> tuple[LicenceView | None, list[LicencePrintRecord], str | None]:
            fresh = next((found for found in find() if found.id == view.id), None)
            return fresh, prints(), fresh.replaced_by_number if fresh is not None else None

        self.backend.run_work(work, done=lambda result: self._read(view.id, *result), failed=self._failed, owner=self, key=("licence_page", id(self)))

    def _read(self, licence_id: int, view: LicenceView | None, prints: list[LicencePrintRecord], replaced_by: str | None) -> None:
        if self.licence is None or self.licence.id != licence_id:
            return  # another licence was opened meanwhile
        self.prints = prints
        self.replaced_by = replaced_by
        self.prints_model.set_prints(prints)
        for column in range(self.prints_model.columnCount() - 1 if prints else 0):
            self.prints_view.resizeColumnToContents(column)
        self.prints_empty.setVisible(not prints)
        self.prints_view.setVisible(bool(prints))
        if view is not None:
            self._show(view)
            self.loaded.emit(view)
        else:
            self._sync_buttons()

    def _show(self, view: LicenceView) -> None:
        self.licence = view
        self.title.setText(self.tr("Licence {number}").format(number=view.number))
        self.status_chip.setText(status_text(view))
        self.status_chip.setStyleSheet(chip_style(view.status))
        kinds = {ApplicantKind.ENTERPRISE: self.tr("enterprise (credit code)"), ApplicantKind.PERSON: self.tr("person (resident ID)")}
        fields = self.fields
        fields["type"].setText(view.licence_type)
        fields["number"].setText(view.number)
        fields["identifier"].setText(view.identifier)
        fields["holder"].setText(holder_text(view))
        fields["holder_kind"].setText(kinds.get(view.holder_kind, MISSING))
        fields["scope"].setText(view.scope or MISSING)
        fields["authority"].setText(view.authority or MISSING)
        fields["issued"].setText(day_text(view.issued_on))
        fields["validity"].setText(validity_text(view))
        fields["status"].setText(status_text(view))
        fields["reason"].setText(view.status_reason or MISSING)
        if view.replaced:
            fields["renewal"].setText(MISSING)  # renewed already
        else:
            fields["renewal"].setText(day_text(view.renewal_opens) if view.renewal_opens else self.tr("no renewal: no expiry"))
        fields["case"].setText(view.case_number or self.tr("none (imported)"))
        self._link(fields["replaces"], view.replaces_number)
        if view.replaced:
            self._link(fields["replaced_by"], self.replaced_by, self.tr("a renewal (looking it up…)") if self.prints is None else self.tr("a renewal"))
        else:
            self._link(fields["replaced_by"], None)
        self._sync_buttons()

    def _link(self, label: QLabel, number: str | None, fallback: str | None = None) -> None:
        """A licence number the user can click to open that licence (``_build`` connected the label)."""
        self.links[label.objectName()] = number
        if number is None:
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(fallback or MISSING)
            return
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setText(f'<a href="licence">{_escape(number)}</a>')

    def _link_activated(self, label: QLabel) -> None:
        number = self.links.get(label.objectName())
        if number:
            self.open_number(number)

    # ------------------------------------------------------------------ what may be done

    def stop(self) -> None:
        if self.print_flow is not None:
            self.print_flow.close()

    def may_change_this(self) -> bool:
        """A supervisor of the issuing hall (an administrator: any hall) may change its status.

        The service checks it again."""
        view = self.licence
        if view is None or not self.may_change:
            return False
        actor = self.backend.actor
        return acts_on_every_hall(actor.role) or view.hall_id == actor.hall_id

    def _sync_buttons(self) -> None:
        view = self.licence
        may_change = self.may_change_this()
        for action, button in self.action_buttons.items():
            button.setVisible(may_change)
            refusal = refusal_of(action, view) if view is not None else None
            button.setEnabled(may_change and view is not None and refusal is None and not self._busy)
            button.setToolTip(user_message(refusal) if refusal is not None else "")
        printable = view is not None and print_refusal(view.status, view.number) is None
        printed_before = bool(self.prints)
        self.print_button.setVisible(self.may_print and not printed_before)
        self.reprint_button.setVisible(self.may_print and printed_before)
        ready = printable and self.prints is not None and not self._busy
        self.print_button.setEnabled(ready)
        self.reprint_button.setEnabled(ready)
        refusal_text = ""
        if view is not None and not printable:
            template, params = print_refusal(view.status, view.number) or ("", {})
            refusal_text = user_message(UserError(template, **params))
        self.print_button.setToolTip(refusal_text)
        self.reprint_button.setToolTip(refusal_text)

    # ------------------------------------------------------------------ printing

    def _flow(self) -> LicencePrintFlow:
        if self.print_flow is None:
            self.print_flow = make_print_flow(self.backend, self, self._printed)
        return self.print_flow

    def print_licence(self) -> None:
        if self.licence is not None and self.print_button.isEnabled():
            self._flow().start([self.licence.id], reprint=False)

    def reprint_licence(self) -> None:
        if self.licence is not None and self.reprint_button.isEnabled():
            self._flow().start([self.licence.id], reprint=True)

    def _printed(self, licence_ids: list[int]) -> None:
        view = self.licence
        if view is not None and view.id in licence_ids:
            self.message.show_info(self.tr("Licence {number}: the print was recorded.").format(number=view.number))
            self.reload()
            self.changed.emit(view)

    # ------------------------------------------------------------------ status changes

    def ask(self, action: LicenceAction) -> None:
        """Ask for the reason of ``action`` (and, for a final one, to confirm), then do it."""
        view = self.licence
        if view is None or self._busy or not self.action_buttons[action].isEnabled():
            return
        texts = {
            LicenceAction.SUSPEND: (
                self.tr("Suspend the licence"),
                self.tr("Suspend licence {number} (暂扣)? It is not in force until it is reinstated. The reason is kept with the licence."),
                self.tr("Suspend"),
            ),
            LicenceAction.REINSTATE: (
                self.tr("Reinstate the licence"),
                self.tr("End the suspension of licence {number}: it is valid again."),
                self.tr("Reinstate"),
            ),
            LicenceAction.REVOKE: (
                self.tr("Revoke the licence"),
                self.tr("Revoke licence {number} (撤销, 行政许可法 §69)? The reason is kept with the licence."),
                self.tr("Revoke"),
            ),
            LicenceAction.CANCEL: (
                self.tr("Cancel the licence"),
                self.tr("Cancel licence {number} (注销, 行政许可法 §70)? The reason is kept with the licence."),
                self.tr("Cancel the licence"),
            ),
            LicenceAction.WITHDRAW: (
                self.tr("Withdraw the licence"),
                self.tr("Withdraw licence {number} as a penalty (吊销)? The reason is kept with the licence."),
                self.tr("Withdraw"),
            ),
        }
        title, text, ok_text = texts[action]
        dialog = StatusChangeDialog(
            title, text.format(number=view.number), ok_text, needs_reason=action in NEEDS_REASON, final=is_final(action), parent=self
        )
        dialog.setObjectName(f"ask_{action.value}")
        dialog.accepted.connect(lambda: self.act(action, dialog.reason()))
        self._open_dialog(dialog)

    def act(self, action: LicenceAction, reason: str) -> None:
        """Change the status of the licence shown (no question asked)."""
        view = self.licence
        if view is None:
            return
        self._busy = True
        self._sync_buttons()
        self.message.clear()

        def done(changed: LicenceView) -> None:
            self._busy = False
            self.show_licence(changed, keep_message=True)
            self.message.show_info(self.tr("Licence {number} is now {status}.").format(number=changed.number, status=status_text(changed)))
            self.changed.emit(changed)

        def failed(error: UserError) -> None:
            self._busy = False
            self.message.show_error(user_message(error))
            self.reload()  # another PC may have changed it: show it as it is

        self.backend.run(licences.change_licence_status, view.id, action, reason, done=done, failed=failed, owner=self, urgent=True)

    # ------------------------------------------------------------------ helpers

    def _open_dialog(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def _failed(self, error: UserError) -> None:
        self.message.show_error(user_message(error))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
