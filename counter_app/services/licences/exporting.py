"""The licences expiring soon as a CSV file, for a hall to remind their holders.

UTF-8 with a byte order mark (Excel then opens it with the Chinese intact), CR LF line
ends, Chinese column names. A person's ID number is masked as on screen. A text that
Excel would take for a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a CR)
is written with a leading apostrophe: a holder's name imported from an earlier register
must not become a formula on the hall's PC.
"""

from __future__ import annotations

import csv
import inspect
import io
from datetime import date
from typing import cast

from sqlalchemy.orm import Session

from counter_app.domain.queue import business_date
from counter_app.domain.roles import Permission
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.services.access import IN_USE_CASE, Actor, Target, use_case
from counter_app.services.licences.registry import LicenceView, expiring_licences
from counter_app.services.queue.common import timezone_of

EXPIRING_COLUMNS = ("证照名称", "证照编号", "持证主体", "主体代码", "有效期至", "换证窗口开始", "剩余天数")
UTF8_BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it (OWASP's CSV injection advice)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def expiring_rows(views: list[LicenceView], today: date) -> list[list[str]]:
    """The rows of the file: one a licence, in the order given."""
    return [
        [
            spreadsheet_safe(view.licence_type),
            spreadsheet_safe(view.number),
            spreadsheet_safe(view.holder_name),
            spreadsheet_safe(view.holder_code_shown),
            view.valid_to.isoformat() if view.valid_to else "长期有效",
            view.renewal_opens.isoformat() if view.renewal_opens else "",
            str((view.valid_to - today).days) if view.valid_to else "",
        ]
        for view in views
    ]


@use_case(Permission.VIEW_LICENCES, QT_TRANSLATE_NOOP("Terms", "export the licences expiring soon"), Target.HALL)
def expiring_licences_csv(actor: Actor, hall_id: int, within_days: int = 90, *, session: Session = IN_USE_CASE) -> bytes:
    """``expiring_licences`` (the same licences, soonest first) as a CSV file's bytes."""
    today = business_date(actor.database.now(), timezone_of(session))
    # The list's own query, in this use case's transaction (checked once, by this use case's rule).
    listing = inspect.unwrap(expiring_licences)
    views = cast(list[LicenceView], listing(actor, hall_id, within_days, session=session))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPIRING_COLUMNS)
    writer.writerows(expiring_rows(views, today))
    return (UTF8_BOM + out.getvalue()).encode("utf-8")
