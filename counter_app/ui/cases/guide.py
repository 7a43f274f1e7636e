"""The guide (办事指南) of the picked item, beside the form: materials (可容缺 marked), the
statutory and promised limits, 即办件/承诺件, fees, the flags as chips and the legal basis."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTextBrowser, QWidget

from counter_app.domain.cases import ItemFlags, ItemSnapshot, LimitUnit, TimeLimit
from counter_app.domain.catalogue import CaseType


def limit_text(limit: TimeLimit, *, statutory: bool = True) -> str:
    """"20 working days", "3 months", "on the spot", "no statutory limit"."""
    count = limit.amount
    if limit.unit is LimitUnit.ON_THE_SPOT:
        return QCoreApplication.translate("CaseGuide", "on the spot")
    if limit.unit is LimitUnit.NONE:
        return QCoreApplication.translate("CaseGuide", "no statutory limit") if statutory else QCoreApplication.translate("CaseGuide", "no time limit")
    if limit.unit is LimitUnit.WORKING_DAYS:
        return QCoreApplication.translate("CaseGuide", "1 working day") if count == 1 else QCoreApplication.translate("CaseGuide", "{count} working days").format(count=count)
    if limit.unit is LimitUnit.CALENDAR_DAYS:
        return QCoreApplication.translate("CaseGuide", "1 calendar day") if count == 1 else QCoreApplication.translate("CaseGuide", "{count} calendar days").format(count=count)
    return QCoreApplication.translate("CaseGuide", "1 month") if count == 1 else QCoreApplication.translate("CaseGuide", "{count} months").format(count=count)


def case_type_text(case_type: CaseType) -> str:
    if case_type is CaseType.ON_THE_SPOT:
        return QCoreApplication.translate("CaseGuide", "on-the-spot case")
    return QCoreApplication.translate("CaseGuide", "promised-time case")


def flag_texts(flags: ItemFlags) -> list[str]:
    """The item's flags, as the chips show them."""
    names = [
        (flags.notify_commit, QCoreApplication.translate("CaseGuide", "notification and commitment")),
        (flags.tolerance_acceptance, QCoreApplication.translate("CaseGuide", "deferrable materials")),
        (flags.nearby, QCoreApplication.translate("CaseGuide", "nearby")),
        (flags.online, QCoreApplication.translate("CaseGuide", "online")),
        (flags.one_visit, QCoreApplication.translate("CaseGuide", "one visit")),
        (flags.on_the_spot, QCoreApplication.translate("CaseGuide", "done at once")),
    ]
    return [name for on, name in names if on]


def deferrable_mark() -> str:
    return QCoreApplication.translate("CaseGuide", "deferrable")


def guide_html(item: ItemSnapshot) -> str:
    chips = "".join(
        f'<span style="background:#e3f2fd; color:#0d47a1;">&nbsp;{escape(text)}&nbsp;</span>&nbsp; '
        for text in flag_texts(item.flags)
    )
    materials = []
    for number, material in enumerate(item.materials, start=1):
        mark = ""
        if material.deferrable and item.flags.tolerance_acceptance:
            mark = f' <span style="color:#ef6c00; font-weight:bold;">[{escape(deferrable_mark())}]</span>'
        materials.append(f"<tr><td valign='top'>{number}.&nbsp;</td><td>{escape(material.name)}{mark}</td></tr>")
    rows = [
        (QCoreApplication.translate("CaseGuide", "Department"), item.department),
        (QCoreApplication.translate("CaseGuide", "Case type"), case_type_text(item.case_type)),
        (QCoreApplication.translate("CaseGuide", "Statutory limit"), limit_text(item.statutory_limit)),
        (QCoreApplication.translate("CaseGuide", "Promised limit"), limit_text(item.promised_limit, statutory=False)),
        (QCoreApplication.translate("CaseGuide", "Fees"), item.fees or QCoreApplication.translate("CaseGuide", "free of charge")),
    ]
    if item.allows_deferral:
        rows.append((QCoreApplication.translate("CaseGuide", "Deferred materials"), QCoreApplication.translate("CaseGuide", "may follow within {days} days").format(days=item.deferral_days)))
    if item.licence_type:
        rows.append((QCoreApplication.translate("CaseGuide", "Licence"), item.licence_type))
    facts = "".join(
        f"<tr><td style='color:#555; padding-right:8px;' valign='top'>{escape(name)}</td><td>{escape(value)}</td></tr>"
        for name, value in rows
    )
    materials_word = QCoreApplication.translate("CaseGuide", "Materials")
    none_word = QCoreApplication.translate("CaseGuide", "none")
    basis_word = QCoreApplication.translate("CaseGuide", "Legal basis")
    return (
        f"<div style='font-size:17px; font-weight:bold;'>{escape(item.name)}</div>"
        f"<div style='color:#555;'>{escape(item.code)}</div>"
        f"<p>{chips}</p>"
        f"<table cellspacing='2'>{facts}</table>"
        f"<p style='font-weight:bold; margin-bottom:2px;'>{escape(materials_word)}</p>"
        f"<table cellspacing='1'>{''.join(materials) or escape(none_word)}</table>"
        f"<p style='color:#555;'><b>{escape(basis_word)}</b>: {escape(item.legal_basis or '—')}</p>"
    )


class GuideView(QTextBrowser):
    """Read-only; out of the Tab chain (the clerk tabs from the item list to the applicant)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("item_guide")
        self.item: ItemSnapshot | None = None
        self.setOpenLinks(False)
        self.setStyleSheet("QTextBrowser { font-size: 14px; background: #fafbff; }")
        self.setTabChangesFocus(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.show_item(None)

    def show_item(self, item: ItemSnapshot | None, loading: bool = False) -> None:
        self.item = item
        if item is not None:
            self.setHtml(guide_html(item))
        else:
            text = (
                QCoreApplication.translate("CaseGuide", "Loading the guide…") if loading
                else QCoreApplication.translate("CaseGuide", "Pick a service item: its guide shows here.")
            )
            self.setHtml(f"<p style='color:#777;'>{escape(text)}</p>")
