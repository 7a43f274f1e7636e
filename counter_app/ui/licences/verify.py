"""The verdict on a scanned licence QR code, big and unmistakable at the top of the search:
green "Genuine — valid", amber "Genuine — but replaced / suspended / revoked / expired…",
red "NOT GENUINE: why", or, for a scan that is no licence code at all, what is wrong with it.

The verdict itself is ``services.licences.verify_licence``'s; this only says it."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from counter_app.domain.licence_signing import SEPARATOR
from counter_app.domain.licences import LicenceStatus
from counter_app.errors import UserError
from counter_app.services.licences import LicenceVerification, Verdict
from counter_app.ui.licences.models import holder_text, status_text, validity_text
from counter_app.ui.translation import user_message

GENUINE_COLOUR = "#2e7d32"
NOT_IN_FORCE_COLOUR = "#e65100"
NOT_GENUINE_COLOUR = "#b71c1c"


def looks_like_payload(text: str) -> bool:
    """Whether ``text`` was meant as a licence's QR code (its parts are separated by colons;
    a number, identifier or holder never has one): it is then verified, not only searched."""
    return SEPARATOR in unicodedata.normalize("NFKC", text)


def verdict_headline(verification: LicenceVerification) -> str:
    """The verdict in a few words, in the user's language."""
    view = verification.licence
    if verification.verdict is Verdict.NOT_GENUINE:
        reason = QCoreApplication.translate("Errors", verification.problem or "").format(**verification.problem_params)
        return QCoreApplication.translate("Licences", "NOT GENUINE: {reason}").format(reason=reason)
    if verification.verdict is Verdict.VALID or view is None:
        return QCoreApplication.translate("Licences", "Genuine — valid")
    if verification.replaced_by:
        return QCoreApplication.translate("Licences", "Genuine — but replaced by {number}").format(number=verification.replaced_by)
    if view.status is LicenceStatus.LAPSED and not view.replaced and view.stored_status is not LicenceStatus.LAPSED:
        return QCoreApplication.translate("Licences", "Genuine — but expired on {date}").format(date=view.valid_to.isoformat() if view.valid_to else "")
    return QCoreApplication.translate("Licences", "Genuine — but {status}").format(status=status_text(view))


def verdict_detail(verification: LicenceVerification) -> str:
    """What the register holds for the scanned licence (to compare with the paper)."""
    view = verification.licence
    if view is None:
        return ""
    parts = [view.number, view.licence_type, holder_text(view), validity_text(view)]
    if verification.verdict is Verdict.NOT_IN_FORCE and view.status_reason:
        parts.append(QCoreApplication.translate("Licences", "reason: {reason}").format(reason=view.status_reason))
    text = " · ".join(parts)
    if verification.verdict is Verdict.NOT_GENUINE:  # what the paper should say, not what it proves
        return QCoreApplication.translate("Licences", "The register holds: {licence}").format(licence=text)
    return text


class VerdictBanner(QFrame):
    """The verdict on the last scan; hidden until a QR code is scanned.

    ``kind``: None (hidden), ``"valid"``, ``"not_in_force"``, ``"not_genuine"`` or ``"malformed"``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdict_banner")
        self.kind: str | None = None
        self.headline = QLabel()
        self.headline.setObjectName("verdict_headline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel()
        self.detail.setObjectName("verdict_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        self.hide()

    def _show(self, kind: str, colour: str, headline: str, detail: str) -> None:
        self.kind = kind
        self.setStyleSheet(
            f"QFrame#verdict_banner {{ background: {colour}; border-radius: 8px; }}"
            "QLabel#verdict_headline { color: white; font-size: 28px; font-weight: bold; }"
            "QLabel#verdict_detail { color: white; font-size: 16px; }"
        )
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.show()

    def show_verification(self, verification: LicenceVerification) -> None:
        colours = {
            Verdict.VALID: GENUINE_COLOUR,
            Verdict.NOT_IN_FORCE: NOT_IN_FORCE_COLOUR,
            Verdict.NOT_GENUINE: NOT_GENUINE_COLOUR,
        }
        self._show(
            verification.verdict.value, colours[verification.verdict], verdict_headline(verification), verdict_detail(verification)
        )

    def show_malformed(self, error: UserError) -> None:
        """A scan that is no licence's QR code: what is wrong with it."""
        self._show("malformed", NOT_GENUINE_COLOUR, self.tr("Cannot verify this code"), user_message(error))

    def clear(self) -> None:
        self.kind = None
        self.headline.clear()
        self.detail.clear()
        self.hide()
