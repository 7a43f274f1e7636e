"""The queue, by what hall staff do with it: issuing numbers (``issuing``), a clerk's
counter (``counters``), calling and serving (``calling``), what the panel and the display
show (``reads``) and the end of the day (``day``). The hot moves are written once as SQL
(``statements``); a ticket's event and the hall's poke are written in
``services.hall_events``; the rules (statuses, call order, recalls) live in
``domain.queue``.

The public use cases and views are re-exported here: ``from counter_app.services import
queue`` then ``queue.call_next(actor, counter_id)``."""

from counter_app.services.queue.calling import (
    call_next,
    call_ticket,
    finish_service,
    hold_ticket,
    mark_no_show,
    recall,
    reinstate,
    resume_ticket,
    start_service,
    transfer,
)
from counter_app.services.queue.counters import close_counter, hall_counters, open_counter, pause_counter
from counter_app.services.queue.day import DayClosed, close_business_day, open_ticket_count
from counter_app.services.queue.issuing import (
    actor_halls,
    hall_lines,
    issue_ticket,
    issuing_halls,
    issuing_hours,
    record_reprint,
    service_item_choices,
)
from counter_app.services.queue.reads import counter_panel, display_state, find_hall
from counter_app.services.queue.views import (
    STATUS_TERMS,
    CallView,
    ClerkFigures,
    CounterInfo,
    CounterPanel,
    DisplayState,
    HallChoice,
    IssuedTicket,
    LineInfo,
    ServiceItemChoice,
    TicketView,
    VisitorDetails,
)

__all__ = [
    "STATUS_TERMS",
    "CallView",
    "ClerkFigures",
    "CounterInfo",
    "CounterPanel",
    "DayClosed",
    "DisplayState",
    "HallChoice",
    "IssuedTicket",
    "LineInfo",
    "ServiceItemChoice",
    "TicketView",
    "VisitorDetails",
    "actor_halls",
    "call_next",
    "call_ticket",
    "close_business_day",
    "close_counter",
    "counter_panel",
    "display_state",
    "find_hall",
    "finish_service",
    "hall_counters",
    "hall_lines",
    "hold_ticket",
    "issue_ticket",
    "issuing_halls", "issuing_hours",
    "mark_no_show",
    "open_counter",
    "open_ticket_count",
    "pause_counter",
    "recall",
    "record_reprint",
    "reinstate",
    "resume_ticket",
    "service_item_choices",
    "start_service",
    "transfer",
]
