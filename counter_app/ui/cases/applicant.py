"""The applicant (申请人) of a case: an enterprise by its 统一社会信用代码 or a person by the
resident ID, an optional agent (代办人). Codes are checked as they are typed; a complete
valid code looks the applicant up ("automatic entry", ``cases.find_applicant``) and fills
the form; a field the clerk then changes is named, as the service keeps the change in the
applicant's history. A name or address the PDF font cannot draw is flagged as typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app.domain.applicants import AgentDetails, ApplicantDetails, ApplicantKind
from counter_app.domain.cases import mask_id_number, mask_phone, normalise_phone
from counter_app.domain.identifiers import LENGTH, parse_credit_code, parse_resident_id
from counter_app.errors import UserError
from counter_app.services import cases
from counter_app.services.cases import KnownApplicant
from counter_app.ui.cases import papers
from counter_app.ui.shared.backend import Backend
from counter_app.ui.translation import user_message

NOTE_STYLES = {
    "error": "color: #b00020; font-size: 13px;",
    "warning": "color: #e65100; font-size: 13px;",
    "ok": "color: #2e7d32; font-size: 13px;",
    "info": "color: #607d8b; font-size: 13px;",
}


class NotedField(QWidget):
    """A line edit with a note under it (what is wrong with it, or what it found)."""

    def __init__(self, name: str, max_length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(name)
        self.edit.setMaxLength(max_length)
        self.note = QLabel(self)
        self.note.setObjectName(f"{name}_note")
        self.note.setWordWrap(True)
        self.note.hide()
        self.level = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.note)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def set_note(self, text: str, level: str = "info") -> None:
        self.level = level if text else ""
        self.note.setText(text)
        self.note.setStyleSheet(NOTE_STYLES.get(level, ""))
        self.note.setVisible(bool(text))


class ApplicantSection(QWidget):
    """Signals:
        changed: something the summary line or the route depends on changed."""

    changed = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.known: KnownApplicant | None = None
        self.looked_up: tuple[ApplicantKind, str] | None = None  # the code last asked about
        self._lookups = 0  # answers still to come (for tests)

        self.kind = QComboBox()
        self.kind.setObjectName("applicant_kind")
        self.kind.addItem(self.tr("Enterprise or organisation"), ApplicantKind.ENTERPRISE)
        self.kind.addItem(self.tr("Person"), ApplicantKind.PERSON)
        self.kind.currentIndexChanged.connect(lambda _index: self._kind_changed())
        self.code = NotedField("applicant_code", 24)
        self.name = NotedField("applicant_name", 200)
        self.legal_representative = NotedField("applicant_legal_representative", 50)
        self.address = NotedField("applicant_address", 200)
        self.contact = NotedField("applicant_contact", 50)
        self.phone = NotedField("applicant_phone", 30)
        self.known_label = QLabel()
        self.known_label.setObjectName("known_applicant")
        self.known_label.setWordWrap(True)
        self.known_label.hide()
        self.barred_label = QLabel()
        self.barred_label.setObjectName("commitment_barred")
        self.barred_label.setWordWrap(True)
        self.barred_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.barred_label.hide()
        self.changes_label = QLabel()
        self.changes_label.setObjectName("applicant_changes")
        self.changes_label.setWordWrap(True)
        self.changes_label.setStyleSheet("color: #e65100;")
        self.changes_label.hide()

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(5)
        self.code_label = QLabel()
        self.name_label = QLabel()
        self.form.addRow(self.tr("Applicant"), self.kind)
        self.form.addRow(self.code_label, self.code)
        self.form.addRow(self.known_label)
        self.form.addRow(self.barred_label)
        self.form.addRow(self.name_label, self.name)
        self.form.addRow(self.tr("Legal representative"), self.legal_representative)
        self.form.addRow(self.tr("Address"), self.address)
        self.form.addRow(self.tr("Contact person"), self.contact)
        self.form.addRow(self.tr("Phone"), self.phone)
        self.form.addRow(self.changes_label)
        for label, field in ((self.code_label, self.code), (self.name_label, self.name)):
            label.setBuddy(field.edit)

        # The agent (代办人): optional, switched on with Space on the group's title.
        self.agent_box = QGroupBox(self.tr("Agent (someone applying on the applicant's behalf)"))
        self.agent_box.setObjectName("agent_box")
        self.agent_box.setCheckable(True)
        self.agent_box.setChecked(False)
        self.agent_name = NotedField("agent_name", 50)
        self.agent_id = NotedField("agent_id", 24)
        self.agent_phone = NotedField("agent_phone", 30)
        agent_form = QFormLayout(self.agent_box)
        agent_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        agent_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        agent_form.addRow(self.tr("Name"), self.agent_name)
        agent_form.addRow(self.tr("Resident ID"), self.agent_id)
        agent_form.addRow(self.tr("Phone"), self.agent_phone)
        self.agent_box.toggled.connect(lambda _on: self.changed.emit())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.agent_box)
        layout.addStretch(1)

        self.code.edit.textChanged.connect(lambda _text: self._code_typed())
        self.code.edit.editingFinished.connect(lambda: self._check_code(finished=True))
        self.agent_id.edit.textChanged.connect(lambda _text: self._check_agent_id(finished=False))
        self.agent_id.edit.editingFinished.connect(lambda: self._check_agent_id(finished=True))
        for field in (self.phone, self.agent_phone):
            field.edit.editingFinished.connect(lambda field=field: self._check_phone(field))
            field.edit.textChanged.connect(lambda _text, field=field: field.set_note("") if field.level == "error" else None)
        for field in self.printed_fields():
            field.edit.textChanged.connect(lambda _text, field=field: self._check_printable(field))
        for field in self.detail_fields().values():
            field.edit.textEdited.connect(lambda _text: self._edited())
        for field in (self.code, self.name, self.phone, self.agent_name, self.agent_id, self.agent_phone):
            field.edit.textChanged.connect(lambda _text: self.changed.emit())
        self._kind_changed()

    # ---------------------------------------------------------------- the fields

    def detail_fields(self) -> dict[str, NotedField]:
        """The fields kept per applicant (and in its history), by ``ApplicantDetails`` field."""
        return {
            "name": self.name,
            "legal_representative": self.legal_representative,
            "address": self.address,
            "contact_name": self.contact,
            "phone": self.phone,
        }

    def field_words(self) -> dict[str, str]:
        return {
            "name": self.tr("name"),
            "legal_representative": self.tr("legal representative"),
            "address": self.tr("address"),
            "contact_name": self.tr("contact person"),
            "phone": self.tr("phone"),
        }

    def printed_fields(self) -> list[NotedField]:
        return [self.name, self.legal_representative, self.address, self.contact, self.agent_name]

    @property
    def applicant_kind(self) -> ApplicantKind:
        return ApplicantKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        enterprise = self.applicant_kind is ApplicantKind.ENTERPRISE
        self.code_label.setText(self.tr("Unified social credit code") if enterprise else self.tr("Resident ID"))
        self.name_label.setText(self.tr("Enterprise name") if enterprise else self.tr("Name"))
        self.code.edit.setPlaceholderText(
            self.tr("18 characters, e.g. 91120116MA05XXXX0X") if enterprise else self.tr("18 characters")
        )
        self.form.setRowVisible(self.legal_representative, enterprise)
        self.form.setRowVisible(self.contact, enterprise)
        self._forget_known()
        self._code_typed()
        self.changed.emit()

    def take_scanned_code(self, code: str) -> bool:
        """A code scanned (or typed) elsewhere: a valid credit code or resident ID becomes the
        applicant's, the kind chosen by which it is, and is looked up. False if it is neither."""
        for kind in (ApplicantKind.ENTERPRISE, ApplicantKind.PERSON):
            try:
                normalised = self._parse(kind)(code)
            except UserError:
                continue
            self.kind.setCurrentIndex(next(index for index in range(self.kind.count()) if self.kind.itemData(index) == kind))
            self.code.edit.setText(normalised)
            self._check_code(finished=True)
            return True
        return False

    def details(self) -> ApplicantDetails:
        enterprise = self.applicant_kind is ApplicantKind.ENTERPRISE
        return ApplicantDetails(
            kind=self.applicant_kind,
            code=self.code.text().strip(),
            name=self.name.text().strip(),
            legal_representative=self.legal_representative.text().strip() if enterprise else "",
            address=self.address.text().strip(),
            contact_name=self.contact.text().strip() if enterprise else "",
            phone=self.phone.text().strip(),
        )

    def agent(self) -> AgentDetails | None:
        if not self.agent_box.isChecked():
            return None
        details = AgentDetails(self.agent_name.text().strip(), self.agent_id.text().strip(), self.agent_phone.text().strip())
        return details if (details.name or details.id_number or details.phone) else None

    def printable_texts(self) -> list[str]:
        return [field.text() for field in self.printed_fields() if field.isVisibleTo(self) or field is self.name]

    def barred_reason(self) -> str | None:
        return self.known.barred_reason if self.known is not None else None

    def clear(self) -> None:
        self.kind.setCurrentIndex(0)
        for field in (self.code, *self.detail_fields().values(), self.agent_name, self.agent_id, self.agent_phone):
            field.edit.clear()
            field.set_note("")
        self.agent_box.setChecked(False)
        self._forget_known()

    def set_read_only(self, read_only: bool) -> None:
        self.kind.setEnabled(not read_only)
        self.agent_box.setEnabled(not read_only)
        for field in (self.code, *self.detail_fields().values()):
            field.edit.setReadOnly(read_only)

    def is_empty(self) -> bool:
        return not any(
            field.text().strip()
            for field in (self.code, *self.detail_fields().values(), self.agent_name, self.agent_id, self.agent_phone)
        )

    @property
    def busy(self) -> bool:
        return self._lookups > 0

    # ---------------------------------------------------------------- what is shown elsewhere: masked

    def code_shown(self) -> str:
        code = self.code.text().strip().upper()
        return code if self.applicant_kind is ApplicantKind.ENTERPRISE else mask_id_number(code)

    def summary(self) -> str:
        """One line for the form's foot and confirmations: numbers masked."""
        details = self.details()
        parts = [details.name or self.tr("(no name yet)")]
        if details.code:
            parts.append(self.code_shown())
        if details.phone:
            parts.append(mask_phone(details.phone))
        agent = self.agent()
        if agent is not None:
            parts.append(self.tr("agent {name} {id}").format(name=agent.name, id=mask_id_number(agent.id_number)))
        return " · ".join(parts)

    # ---------------------------------------------------------------- checking as typed

    def _today(self) -> date:
        return self.backend.now().date()

    def _parse(self, kind: ApplicantKind) -> Callable[[str], str]:
        """The code's checker: its normalised value, or ``IdentifierError``."""
        if kind is ApplicantKind.ENTERPRISE:
            return lambda text: parse_credit_code(text).value
        return lambda text: parse_resident_id(text, self._today()).value

    def _code_typed(self) -> None:
        self._check_code(finished=False)

    def _check_code(self, *, finished: bool) -> None:
        """As typed: the characters counted until 18, then checked; on leaving the field a
        short code is named too. A complete valid code is looked up."""
        code = self.code.text().strip()
        kind = self.applicant_kind
        if self.known is not None and self.looked_up != (kind, code.upper()):
            self._forget_known()
        if not code:
            self.code.set_note("")
            return
        if len(code) < LENGTH and not finished:
            self.code.set_note(self.tr("{count} of 18 characters").format(count=len(code)), "info")
            return
        try:
            value = self._parse(kind)(code)
        except UserError as error:
            self.code.set_note(user_message(error), "error")
            return
        self.code.set_note(self.tr("valid"), "ok")
        self._look_up(kind, value)

    def _check_agent_id(self, *, finished: bool) -> None:
        text = self.agent_id.text().strip()
        if not text:
            self.agent_id.set_note("")
            return
        if len(text) < LENGTH and not finished:
            self.agent_id.set_note(self.tr("{count} of 18 characters").format(count=len(text)), "info")
            return
        try:
            parse_resident_id(text, self._today())
        except UserError as error:
            self.agent_id.set_note(user_message(error), "error")
            return
        self.agent_id.set_note(self.tr("valid"), "ok")

    def _check_phone(self, field: NotedField) -> None:
        try:
            normalise_phone(field.text())
        except UserError as error:
            field.set_note(user_message(error), "error")
            return
        if field.level == "error":
            field.set_note("")

    def _check_printable(self, field: NotedField) -> None:
        characters = cases.unprintable(field.text())
        if characters:
            field.set_note(
                self.tr("{characters} cannot be printed: the printing font has no glyph for it. Check how it was typed.").format(
                    characters=papers.describe(characters)
                ),
                "warning",
            )
        elif field.level == "warning":
            field.set_note("")

    # ---------------------------------------------------------------- automatic entry

    def _look_up(self, kind: ApplicantKind, code: str) -> None:
        if self.looked_up == (kind, code):
            return
        self.looked_up = (kind, code)
        self._lookups += 1

        def done(known: KnownApplicant | None) -> None:
            self._lookups -= 1
            if self.looked_up != (kind, code) or self.applicant_kind is not kind:
                return  # the code changed meanwhile
            self._found(known)

        def failed(error: UserError) -> None:
            self._lookups -= 1
            if self.looked_up == (kind, code):
                self.code.set_note(user_message(error), "error")

        # No key: a replaced request would never answer (and the count would not come down).
        self.backend.run(cases.find_applicant, kind, code, done=done, failed=failed, owner=self)

    def _found(self, known: KnownApplicant | None) -> None:
        self.known = known
        if known is None:
            self.code.set_note(self.tr("valid · new applicant"), "ok")
            self.known_label.hide()
            self.barred_label.hide()
            self.changed.emit()
            return
        details = known.details
        for name, field in self.detail_fields().items():
            field.edit.setText(str(getattr(details, name)))
        last = ""
        if known.last_case_number:
            last = self.tr(", last {number}").format(number=known.last_case_number)
            if known.last_case_at is not None:
                last += self.tr(" on {date}").format(date=known.last_case_at.date().isoformat())
        self.known_label.setText(
            self.tr("Known applicant: {count} case(s){last}. The details of the last case are filled in.").format(
                count=known.case_count, last=last
            )
        )
        self.known_label.setStyleSheet("color: #1565c0;")
        self.known_label.show()
        self.code.set_note(self.tr("valid · known applicant"), "ok")
        if known.barred_reason:
            self.barred_label.setText(
                self.tr("Barred from the commitment route (告知承诺): {reason}. Accept with the full materials.").format(
                    reason=known.barred_reason
                )
            )
            self.barred_label.show()
        else:
            self.barred_label.hide()
        self.changes_label.hide()
        self.changed.emit()

    def _forget_known(self) -> None:
        self.known = None
        self.looked_up = None
        self.known_label.hide()
        self.barred_label.hide()
        self.changes_label.hide()

    def changed_fields(self) -> list[str]:
        """The fields changed since automatic entry filled them (by ``ApplicantDetails`` field)."""
        if self.known is None:
            return []
        return sorted(self.details().changes_from(self.known.details), key=list(self.detail_fields()).index)

    def _edited(self) -> None:
        changed = self.changed_fields()
        if not changed:
            self.changes_label.hide()
            return
        words = self.field_words()
        self.changes_label.setText(
            self.tr("Changed since the last case: {fields}. The change will be kept in the applicant's history.").format(
                fields=", ".join(words[name] for name in changed)
            )
        )
        self.changes_label.show()
