"""The guide desk's appointment time: HH:mm, typed as four digits ("0945").

A plain QTimeEdit loses typed digits in two ways: with its whole text selected (a click
and Ctrl+A, or a select-all on focus) it rejects every digit, as "0" alone is no time;
and a shortcut such as Ctrl+Enter fires before the text typed is interpreted, so
``time()`` still holds the old value. This field types into the hour section whatever
was selected, keeps digit keys from the window's shortcuts, and ``committed_time()``
interprets what was typed before reading it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit, QTimeEdit, QWidget


class TimeField(QTimeEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")
        self.setCorrectionMode(QTimeEdit.CorrectionMode.CorrectToNearestValue)

    def committed_time(self) -> QTime:
        """The time shown, typed digits included (a shortcut may come before they are read)."""
        self.interpretText()
        return self.time()

    def start_typing(self) -> None:
        """Focus with the hours selected: the next four digits are the time."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.setSelectedSection(QDateTimeEdit.Section.HourSection)

    def event(self, event: QEvent) -> bool:
        # A digit typed here is part of the time, not the priority key of the same digit.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _is_digit(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        edit = self.lineEdit()
        if _is_digit(event) and edit.hasSelectedText() and len(edit.selectedText()) == len(edit.text()):
            self.setSelectedSection(QDateTimeEdit.Section.HourSection)  # retype from the hours
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.ShortcutFocusReason):
            self.setSelectedSection(QDateTimeEdit.Section.HourSection)


def _is_digit(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return modifiers == Qt.KeyboardModifier.NoModifier and event.text().isdigit()
