"""Licences (证照): the registry, issuing a licence when its case is approved, finding one
(by number, identifier, holder, or the scanned QR code), status changes by a supervisor,
and the licences whose renewal window opens soon. The rules live in ``domain.licences``.

    from counter_app.services import licences
    found = licences.find_licences(actor, "91120116…")
"""

from counter_app.services.licences.inspections import InspectionView, inspections_due, record_inspection
from counter_app.services.licences.registry import (
    LicenceView,
    change_licence_status,
    expiring_licences,
    find_licences,
    issue_for_case,
)
from counter_app.services.licences.renewal import Renewal, RenewalCheck, check_renewal, renew_on_commitment

__all__ = [
    "InspectionView",
    "LicenceView",
    "Renewal",
    "RenewalCheck",
    "change_licence_status",
    "check_renewal",
    "expiring_licences",
    "find_licences",
    "inspections_due",
    "issue_for_case",
    "record_inspection",
    "renew_on_commitment",
]
