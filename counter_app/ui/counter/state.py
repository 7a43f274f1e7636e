"""The counter panel's state, without Qt: what a move of the ticket in hand changes in
what the panel shows, and which actions make sense now.

The hot moves (call next, start, finish, hold, resume, recall) return the moved ticket;
``with_move`` applies it to the panel last read, so the clerk's key press costs one round
trip and no re-read. Which actions apply to a ticket comes from the domain's transitions
(``next_status``), the countdowns from its recall and no-show rules: written once there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from counter_app.domain.queue import (
    ACTIVE_AT_COUNTER,
    CounterState,
    TicketAction,
    TicketStatus,
    next_status,
    no_show_wait_seconds,
    recall_wait_seconds,
    recalls_left,
)
from counter_app.services.queue import ClerkFigures, CounterPanel, TicketView

IN_SERVICE = (TicketStatus.CALLED, TicketStatus.SERVING)  # the one ticket a counter works on


def signed_in(panel: CounterPanel | None, staff_id: int | None) -> bool:
    """The clerk holds this counter (open or paused)."""
    return (
        panel is not None
        and panel.counter.clerk_id is not None
        and panel.counter.clerk_id == staff_id
        and panel.counter.state is not CounterState.CLOSED
    )


def active_ticket(panel: CounterPanel | None) -> TicketView | None:
    """The called or served ticket at this counter (at most one)."""
    if panel is None:
        return None
    return next((ticket for ticket in panel.current if ticket.status in IN_SERVICE), None)


def held_tickets(panel: CounterPanel | None) -> list[TicketView]:
    return [ticket for ticket in panel.current if ticket.status is TicketStatus.HELD] if panel is not None else []


def waiting_count(panel: CounterPanel | None) -> int:
    """Tickets waiting for this counter: the lines' exact counts (the list is capped)."""
    if panel is None:
        return 0
    return max(len(panel.waiting), sum(line.waiting for line in panel.lines))


def allowed(action: TicketAction, ticket: TicketView | None) -> bool:
    """The domain allows ``action`` on the ticket in its status."""
    return ticket is not None and next_status(action, ticket.status) is not None


def seconds_since_call(ticket: TicketView, now: datetime) -> float | None:
    """Since the latest call or recall: the cooldowns run from then."""
    latest = ticket.last_called_at or ticket.called_at
    return (now - latest).total_seconds() if latest is not None else None


def recall_wait(panel: CounterPanel, ticket: TicketView, now: datetime) -> int:
    """Seconds before the ticket may be recalled (0: now)."""
    since = seconds_since_call(ticket, now)
    return recall_wait_seconds(since, panel.recall_cooldown_seconds) if since is not None else 0


def no_show_wait(panel: CounterPanel, ticket: TicketView, now: datetime) -> int | None:
    """Seconds before the ticket may be marked no-show; None while recalls remain."""
    since = seconds_since_call(ticket, now)
    if since is None:
        return None
    return no_show_wait_seconds(ticket.recall_count, panel.recall_max, since, panel.recall_cooldown_seconds)


@dataclass(frozen=True)
class Choices:
    """What the clerk may do now, and what the buttons say."""

    enabled: frozenset[str]  # keys of ``ACTION_KEYS``
    recall_in: int  # seconds until Recall (0: now, or no recall to wait for)
    no_show_in: int  # seconds until No-show (0: now, or no no-show to wait for)
    hold_resumes: bool  # the hold key resumes the held ticket in focus
    open_resumes: bool  # the open key resumes this clerk's paused counter


def choices(
    panel: CounterPanel | None,
    staff_id: int | None,
    focus: TicketView | None,
    selected_waiting: TicketView | None,
    selected_no_show: TicketView | None,
    now: datetime,
) -> Choices:
    """Enable exactly the actions that make sense now: the counter's rules (signed in,
    open, one ticket in hand) and the domain's for the ticket in focus."""
    counter = panel.counter if panel is not None else None
    mine = signed_in(panel, staff_id)
    is_open = mine and counter is not None and counter.state is CounterState.OPEN
    in_service = active_ticket(panel)
    enabled: set[str] = set()
    free_for_me = counter is not None and (counter.clerk_id in (None, staff_id) or counter.state is CounterState.CLOSED)
    if free_for_me and not is_open:
        enabled.add("open")
    if is_open:
        enabled.add("pause")
    if mine and panel is not None and not panel.current:
        enabled.add("close")
    if is_open and in_service is None:
        if waiting_count(panel):
            enabled.add("call_next")
        if allowed(TicketAction.CALL_SPECIFIC, selected_waiting):
            enabled.add("call_selected")
    recall_in = no_show_in = 0
    if panel is not None and focus is not None:
        if allowed(TicketAction.RECALL, focus) and recalls_left(focus.recall_count, panel.recall_max):
            recall_in = recall_wait(panel, focus, now)
            if is_open and not recall_in:
                enabled.add("recall")
        if allowed(TicketAction.NO_SHOW, focus):
            no_show_in = no_show_wait(panel, focus, now) or 0
            if mine and no_show_wait(panel, focus, now) == 0:
                enabled.add("no_show")
    hold_resumes = focus is not None and focus.status is TicketStatus.HELD
    if mine:
        for key, action in (
            ("start", TicketAction.START),
            ("finish", TicketAction.FINISH),
            ("hold_resume", TicketAction.RESUME if hold_resumes else TicketAction.HOLD),
            ("transfer", TicketAction.TRANSFER),
        ):
            if allowed(action, focus):
                enabled.add(key)
    if allowed(TicketAction.REINSTATE, selected_no_show):
        enabled.add("reinstate")
    return Choices(
        enabled=frozenset(enabled),
        recall_in=recall_in if is_open else 0,
        no_show_in=no_show_in if mine else 0,
        hold_resumes=hold_resumes,
        open_resumes=mine and counter is not None and counter.state is CounterState.PAUSED,
    )


def with_move(panel: CounterPanel, moved: TicketView, finished_at: datetime) -> CounterPanel:
    """The panel as ``moved`` (a ticket a move of this counter returned) leaves it: in hand
    while it is active here, else gone; out of the waiting list, its line counting one
    fewer; a finish counted in the clerk's figures. Idempotent: a re-read that already
    shows the move (its poke came first) is left as it is."""
    current = list(panel.current)
    position = next((i for i, ticket in enumerate(current) if ticket.id == moved.id), None)
    in_hand_before = position is not None
    if moved.status in ACTIVE_AT_COUNTER and moved.counter_id == panel.counter.id:
        if position is None:
            current.append(moved)
        else:
            current[position] = moved
    elif position is not None:
        del current[position]
    left = next((ticket for ticket in panel.waiting if ticket.id == moved.id), None)
    waiting = panel.waiting
    lines = panel.lines
    if left is not None:
        waiting = tuple(ticket for ticket in panel.waiting if ticket.id != moved.id)
        lines = tuple(replace(line, waiting=max(0, line.waiting - 1)) if line.id == left.line_id else line for line in lines)
    figures = panel.figures
    if in_hand_before and moved.status is TicketStatus.DONE:
        figures = with_served(figures, moved, finished_at)
    return replace(panel, current=tuple(current), waiting=waiting, lines=lines, figures=figures)


def with_served(figures: ClerkFigures, ticket: TicketView, finished_at: datetime) -> ClerkFigures:
    """The clerk's figures with one more finished ticket (as ``reads`` computes them: the
    wait from issue to call, the service from start, or the call, to finish). The next
    re-read brings the exact figures; this keeps the count right meanwhile."""
    count = figures.served_today
    wait = (ticket.called_at - ticket.issued_at).total_seconds() if ticket.called_at is not None else None
    started = ticket.service_started_at or ticket.called_at
    service = (finished_at - started).total_seconds() if started is not None else None
    return ClerkFigures(
        served_today=count + 1,
        average_wait_seconds=_with_one_more(figures.average_wait_seconds, count, wait),
        average_service_seconds=_with_one_more(figures.average_service_seconds, count, service),
    )


def _with_one_more(average: float | None, count: int, value: float | None) -> float | None:
    if value is None:
        return average
    if average is None or count <= 0:
        return value
    return (average * count + value) / (count + 1)
