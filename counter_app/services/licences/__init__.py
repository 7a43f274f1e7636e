"""Licences (证照): the registry, issuing a licence when its case is approved, finding one
(by number, identifier, holder, or the scanned QR code), status changes by a supervisor,
the licences whose renewal window opens soon, printing (each print recorded) and verifying
a scanned QR code. The rules live in ``domain.licences``.

    from counter_app.services import licences
    found = licences.find_licences(actor, "91120116…")
"""

from counter_app.services.licences.exporting import expiring_licences_csv
from counter_app.services.licences.importing import LicenceImportError, LicenceImportReport, import_licences, import_licences_file
from counter_app.services.licences.inspections import InspectionView, inspections_due, record_inspection
from counter_app.services.licences.printouts import (
    LicencePrintout,
    LicencePrintRecord,
    ReprintReasonNeeded,
    licence_batch_printout,
    licence_printout,
    licence_prints,
    record_licence_print,
)
from counter_app.services.licences.registry import (
    LicenceView,
    change_licence_status,
    expiring_licences,
    find_licences,
    issue_for_case,
)
from counter_app.services.licences.renewal import Renewal, RenewalCheck, RenewalRefused, check_renewal, renew_on_commitment
from counter_app.services.licences.signing import NotSignedYet
from counter_app.services.licences.verification import LicenceVerification, Verdict, signing_public_keys, verify_licence

__all__ = [
    "InspectionView",
    "LicenceImportError",
    "LicenceImportReport",
    "LicencePrintRecord",
    "LicencePrintout",
    "LicenceVerification",
    "LicenceView",
    "NotSignedYet",
    "Renewal",
    "RenewalCheck",
    "RenewalRefused",
    "ReprintReasonNeeded",
    "Verdict",
    "change_licence_status",
    "check_renewal",
    "expiring_licences",
    "expiring_licences_csv",
    "find_licences",
    "import_licences",
    "import_licences_file",
    "inspections_due",
    "issue_for_case",
    "licence_batch_printout",
    "licence_printout",
    "licence_prints",
    "record_inspection",
    "record_licence_print",
    "renew_on_commitment",
    "signing_public_keys",
    "verify_licence",
]
