"""What the form shows once the clerk pressed Accept: the case accepted (its number big,
its due dates, provisional ones marked), or the materials that kept it from being
accepted, with the reason for the one-time notice and the "不说NO" register."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPlainTextEdit, QPushButton, QWidget

from counter_app.domain.cases import CaseStatus
from counter_app.services.cases import CaseView


class ResultFrame(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("result_frame")
        title = QLabel(self.tr("Case accepted"))
        title.setStyleSheet("font-size: 15px; color: #1b5e20; font-weight: bold;")
        self.number = QLabel()
        self.number.setObjectName("case_number")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dues = QLabel()
        self.dues.setObjectName("case_dues")
        self.dues.setWordWrap(True)
        self.dues.setStyleSheet("font-size: 14px;")
        self.notice_button = QPushButton(self.tr("Acceptance notice…"))
        self.notice_button.setObjectName("notice_button")
        layout = QGridLayout(self)
        layout.addWidget(title, 0, 0)
        layout.addWidget(self.number, 1, 0)
        layout.addWidget(self.notice_button, 1, 1, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.dues, 2, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        self.hide()

    def show_case(self, view: CaseView) -> None:
        self.number.setText(view.number)
        self.dues.setText(self.dues_text(view))
        self.show()

    def dues_text(self, view: CaseView) -> str:
        lines = []
        if view.status is CaseStatus.APPROVED:
            lines.append(self.tr("Approved on the spot (即办件)."))
        if view.promised_due is not None:
            lines.append(self.tr("Promised by {date}").format(date=view.promised_due.isoformat()))
        if view.statutory_due is not None:
            lines.append(self.tr("statutory limit {date}").format(date=view.statutory_due.isoformat()))
        if view.materials_due is not None:
            lines.append(self.tr("deferred materials due {date}").format(date=view.materials_due.isoformat()))
        text = " · ".join(lines) or self.tr("No time limit.")
        if view.due_provisional:
            text += "\n" + self.tr("Provisional — the holiday calendar of that year is not known yet.")
        return text


class RefusalFrame(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusal_frame")
        title = QLabel(self.tr("Cannot be accepted today: these materials are missing and may not follow later"))
        title.setWordWrap(True)
        title.setStyleSheet("font-size: 15px; color: #b00020; font-weight: bold;")
        self.missing_list = QLabel()
        self.missing_list.setObjectName("missing_list")
        self.missing_list.setWordWrap(True)
        self.missing_list.setStyleSheet("font-size: 14px;")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("unmet_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(56)
        self.one_time_button = QPushButton(self.tr("Print the one-time notice (一次性告知单)"))
        self.one_time_button.setObjectName("one_time_notice")
        self.register_note = QLabel()
        self.register_note.setObjectName("register_note")
        self.register_note.setWordWrap(True)
        self.register_note.setStyleSheet("color: #1b5e20;")
        reason_label = QLabel(self.tr("Reason (printed on the notice and kept in the register)"))
        reason_label.setBuddy(self.reason)
        layout = QGridLayout(self)
        layout.addWidget(title, 0, 0, 1, 2)
        layout.addWidget(self.missing_list, 1, 0, 1, 2)
        layout.addWidget(reason_label, 2, 0)
        layout.addWidget(self.reason, 3, 0, 2, 1)
        layout.addWidget(self.one_time_button, 3, 1)
        layout.addWidget(self.register_note, 4, 1)
        layout.setColumnStretch(0, 1)
        self.hide()

    def show_missing(self, names: tuple[str, ...]) -> None:
        """The missing materials, the reason prefilled, the print button focused."""
        self.missing_list.setText("；".join(f"{number}. {name}" for number, name in enumerate(names, start=1)))
        self.reason.setPlainText(self.tr("The following materials are missing: {names}").format(names="、".join(names)))
        self.register_note.clear()
        self.show()
        self.one_time_button.setFocus()

    def recorded(self, entry_id: int) -> None:
        self.register_note.setText(self.tr("Recorded in the “不说NO” register (entry {id}).").format(id=entry_id))
