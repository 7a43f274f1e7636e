"""Cases (办件), by what hall staff do with them: accepting at a counter (``intake``),
continuing from any hall (``progress``), finding (``reads``), the "不说NO" register and
bars from the commitment route (``register``), provisional due dates (``due_dates``) and
the documents printed (``documents``). The rules live in ``domain.cases`` and
``domain.applicants``.

    from counter_app.services import cases
    view = cases.accept_case(actor, counter_id, application)
"""

from counter_app.services.cases.documents import (
    acceptance_notice,
    acceptance_notice_pdf,
    commitment_documents,
    one_time_notice,
    unprintable,
)
from counter_app.services.cases.due_dates import recompute_due_dates
from counter_app.services.cases.intake import (
    MaterialsMissing,
    accept_case,
    find_applicant,
    item_guide,
    record_unmet_request,
)
from counter_app.services.cases.progress import (
    approve_case,
    close_case,
    deliver_result,
    end_lapsed_cases,
    extend_case,
    reject_case,
    supply_material,
    withdraw_case,
)
from counter_app.services.cases.reads import case_halls, get_case, search_cases
from counter_app.services.cases.register import bar_from_commitment, follow_up_unmet_request, lift_commitment_bar, unmet_requests
from counter_app.services.cases.views import (
    ACTION_TERMS,
    STATUS_TERMS,
    Application,
    CaseEventView,
    CaseMaterialView,
    CaseQuery,
    CaseSummary,
    CaseView,
    KnownApplicant,
    MovedDueDate,
    UnmetRequestView,
)

__all__ = [
    "ACTION_TERMS",
    "STATUS_TERMS",
    "Application",
    "CaseEventView",
    "CaseMaterialView",
    "CaseQuery",
    "CaseSummary",
    "CaseView",
    "KnownApplicant",
    "MaterialsMissing",
    "MovedDueDate",
    "UnmetRequestView",
    "accept_case",
    "acceptance_notice",
    "acceptance_notice_pdf",
    "approve_case",
    "bar_from_commitment",
    "case_halls",
    "close_case",
    "commitment_documents",
    "deliver_result",
    "end_lapsed_cases",
    "extend_case",
    "find_applicant",
    "follow_up_unmet_request",
    "get_case",
    "item_guide",
    "lift_commitment_bar",
    "one_time_notice",
    "recompute_due_dates",
    "record_unmet_request",
    "reject_case",
    "search_cases",
    "supply_material",
    "unmet_requests",
    "unprintable",
    "withdraw_case",
]
