"""The counter panel's parts without a database: its ticket models under Qt's model
tester, and its state rules (local moves, which actions make sense)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.qtbot import QtBot

from counter_app.domain.queue import CounterState, TicketPriority, TicketStatus
from counter_app.services.queue import ClerkFigures, CounterInfo, CounterPanel, LineInfo, TicketView
from counter_app.ui.counter import state
from counter_app.ui.counter.models import HeldTicketsModel, TicketTableModel
from counter_app.ui.counter.transfer import transfer_counters

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
CLERK = 7
COUNTER = 1


def ticket(number: int, status: TicketStatus = TicketStatus.WAITING, **changes: object) -> TicketView:
    view = TicketView(
        id=number, label=f"A{number:03d}", hall_id=1, line_id=10, line_prefix="A", line_name="综合受理",
        status=status, priority=TicketPriority.NORMAL, issued_at=NOW - timedelta(minutes=30),
        queued_at=NOW - timedelta(minutes=30 - number), called_at=None, service_started_at=None,
        counter_id=None, counter_number=None, target_counter_id=None, recall_count=0,
        visitor_name_masked="张*", business_date=date(2026, 11, 23),
    )
    if status in (TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD):
        view = replace(view, counter_id=COUNTER, counter_number=1, called_at=NOW - timedelta(seconds=5),
                       last_called_at=NOW - timedelta(seconds=5), visitor_name="张三")
    return replace(view, **changes)  # type: ignore[arg-type]


def panel(
    *, current: tuple[TicketView, ...] = (), waiting: tuple[TicketView, ...] = (), state_: CounterState = CounterState.OPEN,
    clerk: int | None = CLERK, served: int = 0,
) -> CounterPanel:
    return CounterPanel(
        counter=CounterInfo(COUNTER, 1, 1, "1号窗口", state_, clerk, "张伟" if clerk else None, (10,)),
        lines=(LineInfo(10, "A", "综合受理", "", None, len(waiting), False, False, False),),
        current=current, waiting=waiting, no_shows=(),
        figures=ClerkFigures(served, 60.0 if served else None, 120.0 if served else None),
        recall_cooldown_seconds=20, recall_max=3,
    )


# ---------------------------------------------------------------- the models


@pytest.mark.parametrize("seed", range(5))
def test_the_ticket_models_pass_qts_model_tester_while_rows_change(qtbot: QtBot, seed: int) -> None:
    waiting = TicketTableModel("Waited", "queued_at", lambda: NOW)
    held = HeldTicketsModel()
    testers = [
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal) for model in (waiting, held)
    ]
    chance = random.Random(seed)
    pool = [ticket(n) for n in range(1, 13)]
    for _round in range(40):
        rows = chance.sample(pool, chance.randint(0, len(pool)))  # some gone, some new, reordered
        rows = [replace(t, recall_count=chance.randint(0, 1)) for t in rows]  # some changed in place
        waiting.set_tickets(rows)
        held.set_rows(rows)
        assert [t.id for t in waiting.tickets] == [t.id for t in rows] == [t.id for t in held.tickets]
        waiting.tick()
    assert len(testers) == 2


def test_a_selected_ticket_stays_selected_when_rows_move_around_it(qtbot: QtBot) -> None:
    model = TicketTableModel("Waited", "queued_at", lambda: NOW)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    model.set_tickets([ticket(1), ticket(2), ticket(3)])
    view.selectionModel().setCurrentIndex(
        model.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    green = replace(ticket(9), priority=TicketPriority.GREEN_CHANNEL)
    model.set_tickets([green, ticket(3), ticket(2)])  # one called away, one ahead, one moved
    rows = view.selectionModel().selectedRows()
    assert [model.ticket_at(index.row()).id for index in rows] == [2]  # type: ignore[union-attr]
    model.set_tickets([green, ticket(3)])
    assert view.selectionModel().selectedRows() == []


def test_the_waiting_list_shows_masked_names_and_a_ticking_clock(qtbot: QtBot) -> None:
    clock = [NOW]
    model = TicketTableModel("Waited", "queued_at", lambda: clock[0])
    model.set_tickets([ticket(5, visitor_name="张三")])
    assert model.data(model.index(0, 3)) == "张*"  # never the full name in a list
    assert model.data(model.index(0, model.clock_column)) == "25:00"
    clock[0] += timedelta(seconds=61)
    assert model.data(model.index(0, model.clock_column)) == "26:01"


# ---------------------------------------------------------------- local moves


def test_a_call_moves_the_ticket_into_hand_and_counts_one_fewer_waiting() -> None:
    before = panel(waiting=(ticket(1), ticket(2)))
    called = ticket(1, TicketStatus.CALLED)
    after = state.with_move(before, called, NOW)
    assert after.current == (called,) and [t.id for t in after.waiting] == [2]
    assert after.lines[0].waiting == 1 and state.waiting_count(after) == 1
    assert state.with_move(after, called, NOW) == after  # idempotent: a re-read came first


def test_start_hold_and_finish_update_the_ticket_in_hand_and_the_figures() -> None:
    called = ticket(1, TicketStatus.CALLED)
    serving = replace(called, status=TicketStatus.SERVING, service_started_at=NOW - timedelta(seconds=100))
    after = state.with_move(panel(current=(called,), served=1), serving, NOW)
    assert after.current == (serving,)
    held = replace(serving, status=TicketStatus.HELD)
    assert state.with_move(after, held, NOW).current == (held,)
    done = replace(serving, status=TicketStatus.DONE)
    finished = state.with_move(after, done, NOW)
    assert finished.current == ()
    assert finished.figures.served_today == 2
    assert finished.figures.average_service_seconds == pytest.approx((120 + 100) / 2)
    assert finished.figures.average_wait_seconds == pytest.approx((60 + (30 * 60 - 5)) / 2)  # issued to called
    assert state.with_move(finished, done, NOW) == finished  # counted once


# ---------------------------------------------------------------- which actions


def choices_for(current: TicketView | None, **kwargs: object) -> state.Choices:
    shown = panel(current=(current,) if current else (), waiting=(ticket(9),), **kwargs)  # type: ignore[arg-type]
    return state.choices(shown, CLERK, current, None, None, NOW)


def test_the_actions_for_each_status_come_from_the_domains_transitions() -> None:
    called = ticket(1, TicketStatus.CALLED)
    assert choices_for(None).enabled == {"call_next", "pause", "close"}
    assert choices_for(called).enabled == {"start", "finish", "hold_resume", "transfer", "pause"}
    assert choices_for(called).recall_in == 15  # the cooldown runs from the call
    recallable = replace(called, last_called_at=NOW - timedelta(seconds=30))
    assert "recall" in choices_for(recallable).enabled
    last_recall = replace(recallable, recall_count=3)
    assert choices_for(last_recall).enabled >= {"no_show"} and "recall" not in choices_for(last_recall).enabled
    serving = ticket(1, TicketStatus.SERVING)
    assert choices_for(serving).enabled == {"finish", "hold_resume", "transfer", "pause"}
    held = ticket(1, TicketStatus.HELD)
    held_choices = choices_for(held)
    assert held_choices.hold_resumes and held_choices.enabled == {"hold_resume", "transfer", "pause", "call_next"}
    assert choices_for(serving, state_=CounterState.PAUSED).enabled == {"open", "finish", "hold_resume", "transfer"}
    assert choices_for(None, clerk=None, state_=CounterState.CLOSED).enabled == {"open"}
    assert choices_for(None, clerk=CLERK + 1).enabled == set()  # someone else's counter


def test_only_open_or_paused_counters_serving_the_line_are_transfer_targets() -> None:
    counters = [
        CounterInfo(n, 1, n, f"{n}号窗口", s, None, None, lines)
        for n, s, lines in (
            (1, CounterState.OPEN, (10,)),  # this one
            (2, CounterState.OPEN, (10,)),
            (3, CounterState.PAUSED, (10,)),
            (4, CounterState.CLOSED, (10,)),
            (5, CounterState.OPEN, (11,)),  # another line
        )
    ]
    assert [c.number for c in transfer_counters(ticket(1, TicketStatus.CALLED), counters, COUNTER)] == [2, 3]
