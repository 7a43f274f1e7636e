"""Queue use cases on both databases: numbering, order, every clerk action's allowed and
refused transitions, counters, end of day."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import func, select, update

from counter_app.db.conninfo import conninfo_from_url
from counter_app.db.engine import Database
from counter_app.db.models import Counter, Role, Ticket, TicketEvent
from counter_app.domain.identifiers import IdentifierError
from counter_app.domain.queue import CounterState, PersonalDataPurpose, TicketPriority, TicketStatus
from counter_app.domain.text import TextError
from counter_app.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from counter_app.services import hall_events, queue
from counter_app.services.access import Actor
from counter_app.services.queue import VisitorDetails
from tests.queue_support import IN_HOURS, counter_id, display, hall_id, kiosk, line_id, staff


def issue(database: Database, actor: Actor, prefix: str = "A", now: datetime = IN_HOURS, **options: object) -> queue.IssuedTicket:
    return queue.issue_ticket(actor, line_id(database, prefix), now=now, **options)  # type: ignore[arg-type]


def test_numbers_per_line_per_day_and_per_hall(demo_database: Database, supervisor: Actor) -> None:
    assert [issue(demo_database, supervisor).ticket.label for _ in range(3)] == ["A001", "A002", "A003"]
    assert issue(demo_database, supervisor, "B").ticket.label == "B001"
    other_hall = queue.issue_ticket(kiosk(demo_database, "HK"), line_id(demo_database, "A", "HK"), now=IN_HOURS)
    assert other_hall.ticket.label == "A001" and other_hall.hall_code == "HK"


def test_numbering_restarts_at_local_midnight_not_utc(demo_database: Database, supervisor: Actor) -> None:
    with demo_database.transaction() as session:
        from sqlalchemy import update

        from counter_app.db.models import Hall

        session.execute(update(Hall).values(opens_at=datetime.min.time(), closes_at=datetime.max.time()))
    before_midnight = datetime(2026, 11, 23, 15, 59, 59, tzinfo=UTC)  # 23:59:59 in Shanghai
    after_midnight = before_midnight + timedelta(seconds=2)  # 00:00:01 on the 24th, still the 23rd in UTC
    first = issue(demo_database, supervisor, now=before_midnight)
    second = issue(demo_database, supervisor, now=after_midnight)
    assert (first.ticket.label, str(first.ticket.business_date)) == ("A001", "2026-11-23")
    assert (second.ticket.label, str(second.ticket.business_date)) == ("A001", "2026-11-24")
    # Yesterday's waiting ticket is not called today.
    clerk = staff(demo_database, "kg01")
    counter = counter_id(demo_database, 1)
    queue.open_counter(clerk, counter)
    called = queue.call_next(clerk, counter, now=after_midnight)
    assert called is not None and called.id == second.ticket.id
    queue.finish_service(clerk, counter, called.id, now=after_midnight)
    assert queue.call_next(clerk, counter, now=after_midnight) is None


def test_hours_cap_and_priority_rules(demo_database: Database, supervisor: Actor) -> None:
    with pytest.raises(ValidationError, match="issues tickets from 09:00 to 17:00"):
        issue(demo_database, supervisor, now=datetime(2026, 11, 23, 11, 0, tzinfo=UTC))  # 19:00 local
    with pytest.raises(ValidationError, match="does not take"):
        issue(demo_database, supervisor, priority=TicketPriority.GREEN_CHANNEL)  # line A has no green channel
    assert issue(demo_database, supervisor, "C", priority=TicketPriority.GREEN_CHANNEL).ticket.priority is TicketPriority.GREEN_CHANNEL
    with demo_database.transaction() as session:
        from sqlalchemy import update

        from counter_app.db.models import BusinessLine

        session.execute(update(BusinessLine).where(BusinessLine.id == line_id(demo_database, "B")).values(daily_cap=2))
    issue(demo_database, supervisor, "B")
    issue(demo_database, supervisor, "B")
    with pytest.raises(ValidationError, match="all 2 tickets"):
        issue(demo_database, supervisor, "B")
    # The refused ticket consumed no number: lifting the cap continues at 3.
    with demo_database.transaction() as session:
        from sqlalchemy import update

        from counter_app.db.models import BusinessLine

        session.execute(update(BusinessLine).where(BusinessLine.id == line_id(demo_database, "B")).values(daily_cap=3))
    assert issue(demo_database, supervisor, "B").ticket.label == "B003"


def test_visitor_details_are_validated_and_nothing_is_issued_on_error(demo_database: Database, supervisor: Actor) -> None:
    contact, intake = PersonalDataPurpose.CONTACT, PersonalDataPurpose.CASE_INTAKE
    with pytest.raises(ValidationError, match="phone"):
        issue(demo_database, supervisor, visitor=VisitorDetails(contact, phone="12345"))
    with pytest.raises(IdentifierError):
        issue(demo_database, supervisor, visitor=VisitorDetails(intake, id_number="110105194912310021"))
    with pytest.raises(ValidationError, match="appointment time"):
        issue(demo_database, supervisor, priority=TicketPriority.APPOINTMENT)
    with pytest.raises(TextError, match="U\\+202E"):
        issue(demo_database, supervisor, visitor=VisitorDetails(PersonalDataPurpose.CALL_BY_NAME, name="张\u202e三"))
    with demo_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0
    issued = issue(
        demo_database, supervisor, visitor=VisitorDetails(intake, "张三", "13812345678", "11010519491231002x")
    )
    assert issued.ticket.visitor_name_masked == "张*"
    assert issued.qr_payload.isascii() and issued.ticket.label in issued.qr_payload
    with demo_database.reading() as session:
        stored = session.get(Ticket, issued.ticket.id)
        assert stored is not None
        assert (stored.visitor_name, stored.visitor_name_masked, stored.personal_data_purpose) == ("张三", "张*", "case_intake")


def test_personal_data_only_with_a_purpose_that_needs_it(demo_database: Database, supervisor: Actor) -> None:
    """个人信息保护法: no purpose, no personal data; a purpose takes only what it needs."""
    with pytest.raises(ValidationError, match="Choose why"):
        issue(demo_database, supervisor, visitor=VisitorDetails(None, name="张三"))
    with pytest.raises(ValidationError, match="id_number"):
        issue(demo_database, supervisor, visitor=VisitorDetails(PersonalDataPurpose.CONTACT, "张三", "13812345678", "11010519491231002x"))
    with pytest.raises(ValidationError, match="phone"):
        issue(demo_database, supervisor, visitor=VisitorDetails(PersonalDataPurpose.CALL_BY_NAME, "张三", "13812345678"))
    plain = issue(demo_database, supervisor, visitor=VisitorDetails(PersonalDataPurpose.CONTACT))  # a purpose, nothing given
    with demo_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1
        stored = session.get(Ticket, plain.ticket.id)
        assert stored is not None and stored.personal_data_purpose is None  # nothing kept, so no purpose either


def test_only_issuers_issue(demo_database: Database, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        issue(demo_database, clerk)
    kiosk_of_other_hall = kiosk(demo_database, "HK")
    with pytest.raises(PermissionDenied, match="own hall"):
        issue(demo_database, kiosk_of_other_hall)


def test_people_ahead_and_wait_estimate(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    first = issue(demo_database, supervisor)
    assert first.people_ahead == 0 and first.wait_minutes is None  # no service yet to go on
    called = queue.call_next(clerk, counter_1, now=IN_HOURS)
    assert called is not None
    queue.start_service(clerk, counter_1, called.id, now=IN_HOURS)
    queue.finish_service(clerk, counter_1, called.id, now=IN_HOURS + timedelta(minutes=6))
    issue(demo_database, supervisor)
    third = issue(demo_database, supervisor)
    assert third.people_ahead == 1
    assert third.wait_minutes == 6  # one person ahead × 6 minutes / 1 open counter


def test_call_order_priority_first_then_longest_wait(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    ordinary = issue(demo_database, supervisor, now=IN_HOURS)
    elderly = issue(demo_database, supervisor, priority=TicketPriority.PRIORITY, now=IN_HOURS + timedelta(minutes=1))
    later_appointment = issue(
        demo_database, supervisor, priority=TicketPriority.APPOINTMENT, appointment_at=IN_HOURS + timedelta(hours=2),
        now=IN_HOURS + timedelta(minutes=2),
    )
    due_appointment = issue(
        demo_database, supervisor, priority=TicketPriority.APPOINTMENT, appointment_at=IN_HOURS + timedelta(minutes=5),
        now=IN_HOURS + timedelta(minutes=3),
    )
    order = []
    moment = IN_HOURS + timedelta(minutes=4)
    for _ in range(4):
        called = queue.call_next(clerk, counter_1, now=moment)
        assert called is not None
        order.append(called.id)
        queue.finish_service(clerk, counter_1, called.id, now=moment)
    assert order == [elderly.ticket.id, due_appointment.ticket.id, ordinary.ticket.id, later_appointment.ticket.id]
    assert queue.call_next(clerk, counter_1, now=moment) is None


def test_counter_only_calls_its_own_lines(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    issue(demo_database, supervisor, "B")
    assert queue.call_next(clerk, counter_1, now=IN_HOURS) is None  # counter 1 serves A only


def test_clerk_must_sign_in_and_open(demo_database: Database, supervisor: Actor, clerk: Actor) -> None:
    issue(demo_database, supervisor)
    counter = counter_id(demo_database, 1)
    with pytest.raises(ConflictError, match="not signed in"):
        queue.call_next(clerk, counter, now=IN_HOURS)
    info = queue.open_counter(clerk, counter)
    assert info.state is CounterState.OPEN and info.clerk_id == clerk.staff_id
    with pytest.raises(ConflictError, match="in use by someone else"):
        queue.open_counter(staff(demo_database, "kg02"), counter)
    with pytest.raises(ConflictError, match="still signed in at counter 1"):
        queue.open_counter(clerk, counter_id(demo_database, 2))
    queue.pause_counter(clerk, counter)
    with pytest.raises(ConflictError, match="paused or closed"):
        queue.call_next(clerk, counter, now=IN_HOURS)
    queue.open_counter(clerk, counter)
    called = queue.call_next(clerk, counter, now=IN_HOURS)
    assert called is not None
    with pytest.raises(ConflictError, match="still at this counter"):
        queue.call_next(clerk, counter, now=IN_HOURS)
    with pytest.raises(ConflictError, match="before closing"):
        queue.close_counter(clerk, counter)
    queue.finish_service(clerk, counter, called.id, now=IN_HOURS)
    assert queue.close_counter(clerk, counter).state is CounterState.CLOSED


def test_recall_cooldown_maximum_then_no_show_and_reinstate(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    ticket = issue(demo_database, supervisor).ticket
    queue.call_next(clerk, counter_1, now=IN_HOURS)
    with pytest.raises(ConflictError, match="wait 20 more seconds"):
        queue.recall(clerk, counter_1, ticket.id, now=IN_HOURS)
    moment = IN_HOURS
    for count in (1, 2, 3):
        with pytest.raises(ConflictError, match=f"Recall A001 first.*{count - 1} of 3"):  # no-show only after the last recall
            queue.mark_no_show(clerk, counter_1, ticket.id, now=moment + timedelta(minutes=5))
        moment += timedelta(seconds=21)
        assert queue.recall(clerk, counter_1, ticket.id, now=moment).recall_count == count
    with pytest.raises(ConflictError, match="recalled 3 times"):
        queue.recall(clerk, counter_1, ticket.id, now=moment + timedelta(minutes=5))
    with pytest.raises(ConflictError, match="12 more seconds"):  # the last recall's cooldown: time to come forward
        queue.mark_no_show(clerk, counter_1, ticket.id, now=moment + timedelta(seconds=8))
    moment += timedelta(seconds=20)
    assert queue.mark_no_show(clerk, counter_1, ticket.id, now=moment).status is TicketStatus.NO_SHOW
    with pytest.raises(ConflictError, match="not at counter 1"):  # a no-show has left the counter
        queue.start_service(clerk, counter_1, ticket.id, now=moment)
    panel = queue.counter_panel(clerk, counter_1, now=moment)
    assert [t.id for t in panel.no_shows] == [ticket.id] and not panel.current
    back = queue.reinstate(clerk, ticket.id, now=moment)
    assert back.status is TicketStatus.WAITING and back.queued_at == ticket.queued_at
    again = queue.call_next(clerk, counter_1, now=moment)
    assert again is not None and again.id == ticket.id and again.recall_count == 0


def test_every_refused_transition(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    ticket = issue(demo_database, supervisor).ticket
    for action in (queue.start_service, queue.finish_service, queue.hold_ticket, queue.resume_ticket, queue.mark_no_show, queue.recall):
        with pytest.raises(ConflictError, match="not at counter 1"):  # waiting, not at the counter
            action(clerk, counter_1, ticket.id, now=IN_HOURS)
    with pytest.raises(ConflictError, match="waiting"):
        queue.reinstate(clerk, ticket.id, now=IN_HOURS)
    queue.call_next(clerk, counter_1, now=IN_HOURS)
    with pytest.raises(ConflictError, match="called"):
        queue.resume_ticket(clerk, counter_1, ticket.id, now=IN_HOURS)
    queue.start_service(clerk, counter_1, ticket.id, now=IN_HOURS)
    for action in (queue.start_service, queue.mark_no_show, queue.resume_ticket):
        with pytest.raises(ConflictError, match="being served"):
            action(clerk, counter_1, ticket.id, now=IN_HOURS)
    assert queue.hold_ticket(clerk, counter_1, ticket.id, now=IN_HOURS).status is TicketStatus.HELD
    with pytest.raises(ConflictError, match="on hold"):
        queue.finish_service(clerk, counter_1, ticket.id, now=IN_HOURS)
    assert queue.resume_ticket(clerk, counter_1, ticket.id, now=IN_HOURS).status is TicketStatus.SERVING
    assert queue.finish_service(clerk, counter_1, ticket.id, now=IN_HOURS).status is TicketStatus.DONE
    with pytest.raises(ConflictError):
        queue.finish_service(clerk, counter_1, ticket.id, now=IN_HOURS)
    with pytest.raises(NotFound):
        queue.recall(clerk, counter_1, 999_999, now=IN_HOURS)
    with demo_database.reading() as session:
        actions = list(session.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)))
    assert actions == ["issue", "call", "start", "hold", "resume", "finish"]


def test_transfer_keeps_number_and_place(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    moved = issue(demo_database, supervisor, "A", now=IN_HOURS).ticket
    waiting_in_b = issue(demo_database, supervisor, "B", now=IN_HOURS + timedelta(minutes=1)).ticket
    queue.call_next(clerk, counter_1, now=IN_HOURS + timedelta(minutes=2))
    transferred = queue.transfer(clerk, moved.id, to_line_id=line_id(demo_database, "B"), now=IN_HOURS)
    assert (transferred.label, transferred.line_prefix, transferred.status) == ("A001", "B", TicketStatus.WAITING)
    b_clerk = staff(demo_database, "kg04")
    counter_4 = counter_id(demo_database, 4)
    queue.open_counter(b_clerk, counter_4)
    first = queue.call_next(b_clerk, counter_4, now=IN_HOURS + timedelta(minutes=3))
    assert first is not None and first.id == moved.id  # it kept its place ahead of B001
    queue.finish_service(b_clerk, counter_4, first.id, now=IN_HOURS)
    assert waiting_in_b.label == "B001"


def test_transfer_to_a_counter(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    ticket = issue(demo_database, supervisor).ticket
    counter_2 = counter_id(demo_database, 2)
    with pytest.raises(ValidationError, match="does not serve"):
        queue.transfer(clerk, ticket.id, to_counter_id=counter_id(demo_database, 4))
    with pytest.raises(ValidationError, match="Counter 2 is closed"):  # nobody would call it there
        queue.transfer(clerk, ticket.id, to_counter_id=counter_2)
    other = staff(demo_database, "kg02")
    queue.open_counter(other, counter_2)
    queue.pause_counter(other, counter_2)  # a paused counter will call again: a fair target
    queue.transfer(clerk, ticket.id, to_counter_id=counter_2)
    assert queue.call_next(clerk, counter_1, now=IN_HOURS) is None  # reserved for counter 2
    queue.open_counter(other, counter_2)
    called = queue.call_next(other, counter_2, now=IN_HOURS)
    assert called is not None and called.id == ticket.id
    with pytest.raises(ValidationError, match="Choose"):
        queue.transfer(clerk, ticket.id)


def test_service_time_runs_from_the_start_or_else_from_the_call(
    demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int
) -> None:
    def service_minutes(ticket_id: int) -> float:
        with demo_database.reading() as session:
            started, finished = session.execute(
                select(Ticket.service_started_at, Ticket.finished_at).where(Ticket.id == ticket_id)
            ).one()
        return (finished - started).total_seconds() / 60

    never_started = issue(demo_database, supervisor).ticket
    queue.call_next(clerk, counter_1, now=IN_HOURS)
    queue.finish_service(clerk, counter_1, never_started.id, now=IN_HOURS + timedelta(minutes=4))
    assert service_minutes(never_started.id) == 4  # from the call, not zero

    # Served at one counter, transferred, served again: the service time is the last counter's.
    moved = issue(demo_database, supervisor).ticket
    queue.call_next(clerk, counter_1, now=IN_HOURS + timedelta(minutes=5))
    queue.start_service(clerk, counter_1, moved.id, now=IN_HOURS + timedelta(minutes=5))
    queue.transfer(clerk, moved.id, to_line_id=line_id(demo_database, "A"), now=IN_HOURS + timedelta(minutes=10))
    called = queue.call_next(clerk, counter_1, now=IN_HOURS + timedelta(minutes=30))
    assert called is not None and called.id == moved.id
    queue.start_service(clerk, counter_1, moved.id, now=IN_HOURS + timedelta(minutes=31))
    queue.finish_service(clerk, counter_1, moved.id, now=IN_HOURS + timedelta(minutes=33))
    assert service_minutes(moved.id) == 2


def test_a_call_during_a_counter_close_waits_then_finds_the_counter_closed(
    demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int
) -> None:
    """A supervisor closes the counter while the clerk's call is under way: the call must
    not hand a ticket to the closed counter (PostgreSQL: the call locks the counter row)."""
    issue(demo_database, supervisor)
    outcome: list[object] = []
    url = demo_database.engine.url.render_as_string(hide_password=False)
    caller_database = Database.from_url(url)
    # Another connection than the supervisor's: on PostgreSQL the clerk's own login already is.
    caller_clerk = clerk if demo_database.backend == "postgresql" else replace(clerk, database=caller_database)
    try:
        with demo_database.transaction() as session:  # the close, not yet committed
            session.execute(update(Counter).where(Counter.id == counter_1).values(state=CounterState.CLOSED.value, clerk_id=None))
            session.flush()

            def call() -> None:
                try:
                    outcome.append(queue.call_next(caller_clerk, counter_1, now=IN_HOURS))
                except ConflictError as refused:
                    outcome.append(refused)

            caller = threading.Thread(target=call)
            caller.start()
            caller.join(0.5)
            assert caller.is_alive()  # waiting for the close
        caller.join(20)
    finally:
        caller_database.dispose()
    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError) and "not signed in" in outcome[0].english()
    with demo_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Ticket).where(Ticket.status == TicketStatus.WAITING.value)) == 1


def test_call_specific_ticket_out_of_order(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    issue(demo_database, supervisor)
    second = issue(demo_database, supervisor).ticket
    called = queue.call_ticket(clerk, counter_1, second.id, now=IN_HOURS)
    assert called.id == second.id and called.counter_number == 1


def test_crash_mid_service_loses_nothing(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    ticket = issue(demo_database, supervisor).ticket
    queue.call_next(clerk, counter_1, now=IN_HOURS)
    queue.start_service(clerk, counter_1, ticket.id, now=IN_HOURS)
    # A new process (a restart): the clerk logs in again and reads the counter afresh.
    restarted = Database.from_url(demo_database.engine.url.render_as_string(hide_password=False))
    try:
        panel = queue.counter_panel(staff(restarted, "kg01"), counter_1, now=IN_HOURS)
    finally:
        restarted.dispose()
    assert [(t.id, t.status) for t in panel.current] == [(ticket.id, TicketStatus.SERVING)]
    assert panel.counter.state is CounterState.OPEN


def test_display_state_and_masking(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    issue(demo_database, supervisor, visitor=VisitorDetails(PersonalDataPurpose.CALL_BY_NAME, "欧阳修"))
    issue(demo_database, supervisor)
    queue.call_next(clerk, counter_1, now=IN_HOURS)
    state = queue.display_state(display(demo_database), hall_id(demo_database), now=IN_HOURS)
    assert [(c.label, c.counter_number, c.visitor_name_masked) for c in state.current_calls] == [("A001", 1, "欧**")]
    assert ("A", "综合受理", 1) in state.waiting_by_line
    with pytest.raises(PermissionDenied):
        queue.display_state(clerk, hall_id(demo_database))


def test_a_ticket_still_called_stays_on_the_display_however_many_calls_follow(
    demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int
) -> None:
    waiting_long = issue(demo_database, supervisor).ticket
    queue.call_next(clerk, counter_1, now=IN_HOURS)
    busy_clerk = staff(demo_database, "kg02")
    counter_2 = counter_id(demo_database, 2)
    queue.open_counter(busy_clerk, counter_2)
    for minute in range(1, 71):
        issue(demo_database, supervisor)
        called = queue.call_next(busy_clerk, counter_2, now=IN_HOURS + timedelta(minutes=minute))
        assert called is not None
        queue.finish_service(busy_clerk, counter_2, called.id, now=IN_HOURS + timedelta(minutes=minute))
    state = queue.display_state(supervisor, hall_id(demo_database), recent=10, now=IN_HOURS)
    assert [call.label for call in state.current_calls] == [waiting_long.label]
    assert len(state.recent_calls) == 10 and state.recent_calls[0].called_at == IN_HOURS + timedelta(minutes=70)


def test_end_of_day_closes_open_tickets_with_a_reason(demo_database: Database, supervisor: Actor, clerk: Actor, counter_1: int) -> None:
    issue(demo_database, supervisor)
    issue(demo_database, supervisor)
    queue.call_next(clerk, counter_1, now=IN_HOURS)
    with pytest.raises(ValidationError, match="reason"):
        queue.close_business_day(supervisor, hall_id(demo_database), " ", IN_HOURS.date())
    with pytest.raises(ValidationError, match="has not begun"):
        queue.close_business_day(supervisor, hall_id(demo_database), "下班", IN_HOURS.date() + timedelta(days=1), now=IN_HOURS)
    with pytest.raises(PermissionDenied, match="own hall"):
        queue.close_business_day(supervisor, hall_id(demo_database, "HK"), "下班", IN_HOURS.date(), now=IN_HOURS)
    closed = queue.close_business_day(supervisor, hall_id(demo_database), "下班", IN_HOURS.date(), now=IN_HOURS).closed
    assert closed == 2
    with demo_database.reading() as session:
        assert set(session.scalars(select(Ticket.status))) == {TicketStatus.CLOSED.value}
        assert set(session.scalars(select(Ticket.close_reason))) == {"下班"}


def test_a_change_pokes_its_hall_and_says_who_made_it(demo_database: Database, supervisor: Actor) -> None:
    """SQLite: the hall's change counter moves by one and the database knows it moved it.
    PostgreSQL: a NOTIFY on the hall's channel, delivered at commit, carrying the origin."""
    kg = hall_id(demo_database)
    if demo_database.backend == "sqlite":
        before = hall_events.hall_change_marker(demo_database, kg)
        issue(demo_database, supervisor)
        after = hall_events.hall_change_marker(demo_database, kg)
        assert after == before + 1 and supervisor.database.own_poke(kg) == after
        return
    conninfo = conninfo_from_url(demo_database.connection_url())
    with psycopg.connect(conninfo, autocommit=True) as listener:
        listener.execute(f'LISTEN "{hall_events.hall_channel(kg)}"')
        assert list(listener.notifies(timeout=0.1)) == []
        issue(demo_database, supervisor)
        received = list(listener.notifies(timeout=2, stop_after=1))
    assert [notify.payload for notify in received] == [supervisor.database.origin]


def test_roles_for_kiosk_and_display_are_not_staff(database: Database) -> None:
    assert Actor.kiosk(database, 1).staff_id is None and Actor.kiosk(database, 1).role is Role.KIOSK
    assert Actor.display(database, 1).role is Role.DISPLAY


def test_find_hall_by_code(demo_database: Database) -> None:
    assert queue.find_hall(demo_database, "kg")[1] == "空港政务服务中心"
    with pytest.raises(NotFound, match="KG"):
        queue.find_hall(demo_database, "XX")
