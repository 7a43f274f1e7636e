"""Print documents of use case results: plain data in, PDF bytes out (no Qt here)."""

from __future__ import annotations

from counter_app.domain.queue import TicketPriority
from counter_app.printing.ticket_slip import TicketSlip, render_ticket_slip
from counter_app.services.queue import IssuedTicket

# The slip is printed in Chinese whatever the client's language: it goes to the visitor.
PRIORITY_LABELS: dict[TicketPriority, str | None] = {
    TicketPriority.NORMAL: None,
    TicketPriority.APPOINTMENT: "预约",
    TicketPriority.PRIORITY: "老弱病残优先",
    TicketPriority.GREEN_CHANNEL: "绿色通道",
}


def ticket_slip(issued: IssuedTicket, reprint: bool = False, service_item_name: str | None = None) -> TicketSlip:
    """The slip's data for an issued (or reprinted) ticket."""
    ticket = issued.ticket
    return TicketSlip(
        hall_name=issued.hall_name,
        line_name=ticket.line_name,
        label=ticket.label,
        people_ahead=issued.people_ahead,
        wait_minutes=issued.wait_minutes,
        issued_at=ticket.issued_at,
        timezone=issued.timezone,
        qr_payload=issued.qr_payload,
        priority_label=PRIORITY_LABELS[ticket.priority],
        service_item_name=service_item_name,
        reprint=reprint,
        appointment_at=ticket.appointment_at,
    )


def ticket_slip_pdf(issued: IssuedTicket, reprint: bool = False, service_item_name: str | None = None) -> bytes:
    """The 80 mm ticket slip as PDF bytes; a reprint is marked 补打."""
    return render_ticket_slip(ticket_slip(issued, reprint, service_item_name))
