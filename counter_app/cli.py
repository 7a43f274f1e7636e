"""``counter-app``: the client, and the administrator's sub-commands."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import time
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from counter_app.domain.roles import DEVICE_ROLES, STAFF_ROLES

STARTED_AT = time.perf_counter()

ENV_PASSWORD = "COUNTER_APP_PASSWORD"  # the password of --user (or of the new administrator)
ENV_NEW_PASSWORD = "COUNTER_APP_NEW_PASSWORD"  # staff add / staff password / passwd: the account's new password


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-app", description="Desktop client of a government service hall (政务服务大厅)."
    )
    parser.add_argument("--db", metavar="URL", help="database URL (default: $COUNTER_APP_DB, config file, embedded SQLite)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(parent: Any, name: str, help_text: str) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help_text)
        sub.add_argument("--db", metavar="URL", dest="sub_db", help=argparse.SUPPRESS)
        return sub

    def signed(sub: argparse.ArgumentParser, who: str) -> argparse.ArgumentParser:
        sub.add_argument("--user", required=True, help=f"{who}'s user name (password asked, or ${ENV_PASSWORD})")
        return sub

    db = commands.add_parser("db", help="database administration (the owner's URL for upgrade and create-admin)")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    command(db_commands, "upgrade", "migrate the database to this version's schema (creates the group roles on PostgreSQL)")
    command(db_commands, "current", "show the schema revision")
    create_admin = command(db_commands, "create-admin", "PostgreSQL: create an administrator's account (the owner's URL)")
    create_admin.add_argument("username")
    create_admin.add_argument("--full-name", required=True)
    command(db_commands, "gate-password", "PostgreSQL: set the password of the login gate every counter PC uses")
    command(db_commands, "signer-password", "PostgreSQL: set the password of the licence signing agent's login (counter_app_signer)")
    for name, help_text in (
        ("display", "full-screen hall display of a hall (no login)"),
        ("kiosk", "touch-screen ticket kiosk of a hall (no login)"),
    ):
        mode = command(commands, name, help_text)
        mode.add_argument("--hall", required=True, help="hall code (e.g. KG) or id")
        mode.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    command(commands, "demo", "load the demo halls, staff and catalogue into an empty database")
    command(
        commands, "passwd",
        f"change your own password (the new one asked twice, or ${ENV_NEW_PASSWORD}); an account whose "
        "password an administrator or the demo set must do this before any other command",
    ).add_argument("--user", required=True, help=f"your user name (the current password asked, or ${ENV_PASSWORD})")
    catalogue = commands.add_parser("catalogue", help="service catalogue administration")
    catalogue_commands = catalogue.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)
    importer = signed(command(catalogue_commands, "import", "import a UTF-8 CSV catalogue (all rows or none)"), "administrator")
    importer.add_argument("file", type=Path)
    case_admin = commands.add_parser("cases", help="cases (办件)")
    case_commands = case_admin.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    signed(
        command(case_commands, "end-lapsed", "end the cases whose deferred (容缺) material is past its deadline (for a scheduled job)"),
        "clerk's or supervisor's",
    )
    close_day = signed(
        command(commands, "close-day", "close the open tickets of a hall at the end of the business day (for a scheduled job)"),
        "supervisor's or administrator",
    )
    close_day.add_argument("--hall", required=True, help="hall code (e.g. KG) or id")
    close_day.add_argument("--reason", help="the reason recorded on each ticket (default: end of business day)")
    close_day.add_argument("--date", metavar="YYYY-MM-DD", help="close this day and earlier ones (default: today, the hall's local date)")
    staff = commands.add_parser("staff", help="staff accounts (an administrator's)")
    staff_commands = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = signed(command(staff_commands, "add", "add an account; its password must be changed at its first login"), "administrator")
    add.add_argument("username")
    add.add_argument("--full-name", required=True)
    add.add_argument("--role", required=True, choices=[role.value for role in STAFF_ROLES])
    add.add_argument("--hall", help="hall code (e.g. KG); not for an administrator")
    for name, help_text in (
        ("password", "set a new password, to be changed at the next login (also unlocks)"),
        ("unlock", "lift a lock-out after too many wrong passwords"),
        ("disable", "disable an account: it stops at its next action, on every PC"),
        ("enable", "enable a disabled account again"),
    ):
        signed(command(staff_commands, name, help_text), "administrator").add_argument("username")
    from counter_app import cli_licences

    cli_licences.add_commands(commands, command, signed)
    device = commands.add_parser("device", help="PostgreSQL: the accounts of hall displays and kiosks")
    device_commands = device.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    device_add = signed(command(device_commands, "add", "create a display's or kiosk's account; prints its URL"), "administrator")
    device_add.add_argument("--hall", required=True, help="hall code (e.g. KG)")
    device_add.add_argument("--kind", required=True, choices=[role.value for role in DEVICE_ROLES])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["speech-worker"]:  # the display's speech child in a frozen build (ui/announcer.py)
        from counter_app.ui.display.announcer import worker_main

        return worker_main(arguments[1:])
    args = _parser().parse_args(arguments)
    from counter_app import logs

    logs.configure()
    if args.command is None:
        from counter_app.ui.app import run_client

        return run_client(args.db, started_at=STARTED_AT)
    if args.command == "display":
        from counter_app.ui.display.window import run_display

        return run_display(args.sub_db or args.db, args.hall, full_screen=not args.windowed)
    if args.command == "kiosk":
        from counter_app.ui.kiosk.window import run_kiosk

        return run_kiosk(args.sub_db or args.db, args.hall, full_screen=not args.windowed)
    return _run_admin_command(args)


def _run_admin_command(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QCoreApplication

    from counter_app.config import resolve_database, ui_language
    from counter_app.errors import UserError
    from counter_app.ui.translation import install_translators, user_message

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    del app
    try:
        install_translators(ui_language())
        location = resolve_database(getattr(args, "sub_db", None) or args.db)
        return _dispatch(args, location)
    except UserError as error:
        print(user_message(error), file=sys.stderr)
        for problem in getattr(error, "problems", ()):
            line_label = QCoreApplication.translate("Cli", "line {line}").format(line=problem.line)
            print(f"  {line_label}: {user_message(problem.message)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:
        logging.getLogger(__name__).exception("command failed")
        from counter_app.logs import log_file

        print(
            QCoreApplication.translate("Cli", "An unexpected error occurred; details are in {path}").format(
                path=log_file()
            ),
            file=sys.stderr,
        )
        return 1


def _password(prompt_user: str, *, new: bool = False) -> str:
    """A password from the environment (``$COUNTER_APP_PASSWORD``, or for a ``new`` one
    ``$COUNTER_APP_NEW_PASSWORD``), or asked on the terminal (never echoed; a new one
    twice). Without a terminal (cron, a pipe) there is nobody to ask: say how to give it."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.errors import ValidationError
    from counter_app.i18n import QT_TRANSLATE_NOOP

    variable = ENV_NEW_PASSWORD if new else ENV_PASSWORD
    given = os.environ.get(variable)
    if given:
        return given
    if not sys.stdin.isatty():
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "There is no terminal to ask for the password of {user}: run the command in a terminal, "
                "or give the password in the environment variable {variable}.",
            ),
            user=prompt_user,
            variable=variable,
        )
    first = getpass.getpass(QCoreApplication.translate("Cli", "Password for {user}: ").format(user=prompt_user))
    if new:
        again = getpass.getpass(QCoreApplication.translate("Cli", "The same password again: "))
        if again != first:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The two passwords differ; nothing was changed."))
    return first


@contextmanager
def _signed_in(location, username: str, password: str | None = None, *, changing_password: bool = False):  # type: ignore[no-untyped-def]
    """The database, and the user logged in (through their own login role on PostgreSQL);
    logged out at the end. An account that must change its password first is sent to
    ``counter-app passwd`` (but for that command itself, ``changing_password``)."""
    from counter_app.services.access import PasswordChangeRequired
    from counter_app.services.auth import login, logout
    from counter_app.services.setup import open_database

    if password is None:
        password = _password(username)  # asked first: nothing opened for nobody to answer
    opened = open_database(location)
    try:
        actor = login(opened.database, username, password)
        try:
            if actor.must_change_password and not changing_password:
                raise _change_password_first(actor.username)
            try:
                yield actor
            except PasswordChangeRequired as refused:  # an administrator set a new one meanwhile
                raise _change_password_first(actor.username) from refused
        finally:
            logout(actor)
    finally:
        opened.database.dispose()


def _change_password_first(username: str):  # type: ignore[no-untyped-def]
    from counter_app.i18n import QT_TRANSLATE_NOOP
    from counter_app.services.access import PasswordChangeRequired

    return PasswordChangeRequired(
        QT_TRANSLATE_NOOP(
            "Errors",
            "The account {user} must change its password before anything else. "
            "Change your password first: counter-app passwd --user {user}",
        ),
        user=username,
    )


def _change_own_password(args: argparse.Namespace, location) -> int:  # type: ignore[no-untyped-def]
    """``passwd``: the current password (asked, or $COUNTER_APP_PASSWORD), then the new one
    (asked twice, or $COUNTER_APP_NEW_PASSWORD); both asked before anything is opened."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.services.auth import change_own_password

    current = _password(args.user)
    new = _password(args.user, new=True)
    with _signed_in(location, args.user, current, changing_password=True) as actor:
        change_own_password(actor, current, new)
    print(QCoreApplication.translate("Cli", "The password of {user} is changed.").format(user=args.user.strip().lower()))
    return 0


def _dispatch(args: argparse.Namespace, location) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from counter_app.db.engine import describe_url

    url = describe_url(location.url)
    if args.command == "db":
        return _db_command(args, location, url)
    if args.command == "demo":
        from counter_app.services.demo import DEMO_PASSWORD
        from counter_app.services.setup import prepare_demo

        summary = prepare_demo(location)
        print(QCoreApplication.translate("Cli", "Demo loaded into {url}: {halls} halls, {counters} counters, {staff} staff, {items} service items. "
                 "Every demo account's password is {password}.").format(
            url=url, halls=summary.halls, counters=summary.counters, staff=summary.staff,
            items=summary.service_items, password=DEMO_PASSWORD))
        if summary.machines:
            print(QCoreApplication.translate("Cli", "Also {machines} accounts of hall displays and kiosks (kg_display, kg_kiosk …).").format(
                machines=summary.machines))
        return 0
    if args.command == "catalogue":
        from counter_app.services.catalogue import import_catalogue_file

        with _signed_in(location, args.user) as actor:
            report = import_catalogue_file(actor, args.file)
        print(QCoreApplication.translate("Cli", "Imported {total} items from {file}: {created} new, {updated} updated.").format(
            total=report.total, file=args.file.name, created=report.created, updated=report.updated))
        return 0
    if args.command == "passwd":
        return _change_own_password(args, location)
    if args.command == "close-day":
        return _close_day(args, location)
    if args.command == "cases":
        return _end_lapsed_cases(args, location)
    if args.command == "staff":
        return _staff_command(args, location)
    if args.command == "device":
        return _device_command(args, location)
    if args.command in ("licences", "verify"):
        from counter_app import cli_licences

        return cli_licences.run(args, location, _signed_in)
    raise AssertionError(args.command)


def _db_command(args: argparse.Namespace, location, url: str) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from counter_app.db import migrate
    from counter_app.db.engine import Database, make_engine
    from counter_app.services.setup import upgrade_database

    if args.db_command == "upgrade":
        before, after = upgrade_database(location)
        if before == after:
            print(QCoreApplication.translate("Cli", "{url} is up to date (schema {revision}).").format(url=url, revision=after))
        else:
            print(QCoreApplication.translate("Cli", "{url} upgraded from schema {before} to {after}.").format(
                url=url, before=before or "-", after=after))
        return 0
    engine = make_engine(location.url)
    database = Database(engine)
    try:
        if args.db_command == "current":
            current = migrate.current_revision(engine)
            print(QCoreApplication.translate("Cli", "{url}: schema {current}; this client needs {head}.").format(
                url=url, current=current or "-", head=migrate.head_revision()))
            return 0
        migrate.check_schema(engine)
        _require_postgresql(database)
        if args.db_command == "create-admin":
            from counter_app.services.auth import create_first_admin

            create_first_admin(database, args.username, args.full_name, _password(args.username, new=True))
            print(QCoreApplication.translate("Cli", "Administrator {user} created in {url}.").format(user=args.username, url=url))
            return 0
        if args.db_command == "gate-password":
            from counter_app.services.setup import GATE_ROLE, set_gate_password

            password = _password(GATE_ROLE, new=True)
            set_gate_password(database, password)
            print(QCoreApplication.translate(
                "Cli", "The login gate's password is set. On each counter PC put into config.toml:\n[database]\nurl = \"{url}\""
            ).format(url=describe_with(engine.url, GATE_ROLE)))
            return 0
        if args.db_command == "signer-password":
            from counter_app.services.setup import SIGNER_ROLE, set_login_password

            set_login_password(database, SIGNER_ROLE, _password(SIGNER_ROLE, new=True))
            print(QCoreApplication.translate(
                "Cli", "The signing agent's password is set. Beside the server run, as a service:\n"
                "counter-app --db \"{url}\" licences signer"
            ).format(url=describe_with(engine.url, SIGNER_ROLE)))
            return 0
        raise AssertionError(args.db_command)
    finally:
        database.dispose()


def describe_with(url, username: str) -> str:  # type: ignore[no-untyped-def]
    """The URL with another user and a placeholder for the password (printed for a config file)."""
    return url.set(drivername="postgresql", username=username, password="PASSWORD").render_as_string(hide_password=False)


def _require_postgresql(database) -> None:  # type: ignore[no-untyped-def]
    from counter_app.errors import ValidationError
    from counter_app.i18n import QT_TRANSLATE_NOOP

    if database.backend != "postgresql":
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "This command is for a PostgreSQL database; the embedded one has no database accounts."
            )
        )


def _staff_command(args: argparse.Namespace, location) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from counter_app.domain.roles import Role
    from counter_app.services import auth
    from counter_app.services.queue import find_hall

    with _signed_in(location, args.user) as actor:
        if args.staff_command == "add":
            hall_id = find_hall(actor.database, args.hall)[0] if args.hall else None
            password = _password(args.username, new=True)
            auth.create_staff(actor, auth.NewStaff(args.username, args.full_name, Role(args.role), password, hall_id))
            message = QCoreApplication.translate("Cli", "Account {user} created; its password must be changed at its first login.")
        elif args.staff_command == "password":
            password = _password(args.username, new=True)
            auth.reset_password(actor, args.username, password)
            message = QCoreApplication.translate("Cli", "New password set for {user}; it must be changed at the next login.")
        elif args.staff_command == "unlock":
            was_locked = auth.unlock_staff(actor, args.username)
            message = (
                QCoreApplication.translate("Cli", "{user} is unlocked.")
                if was_locked
                else QCoreApplication.translate("Cli", "{user} was not locked.")
            )
        else:
            auth.set_staff_active(actor, args.username, args.staff_command == "enable")
            message = (
                QCoreApplication.translate("Cli", "{user} is enabled.")
                if args.staff_command == "enable"
                else QCoreApplication.translate("Cli", "{user} is disabled: it stops at its next action.")
            )
    print(message.format(user=args.username.lower()))
    return 0


def _device_command(args: argparse.Namespace, location) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from counter_app.domain.roles import Role
    from counter_app.services.auth import create_device_account
    from counter_app.services.queue import find_hall

    with _signed_in(location, args.user) as actor:
        hall_id = find_hall(actor.database, args.hall)[0]
        account = create_device_account(actor, hall_id, Role(args.kind))
        url = actor.database.engine.url.set(drivername="postgresql", username=account.username, password=account.password)
    print(QCoreApplication.translate(
        "Cli", "Account {user} created. On that machine put into config.toml (the password is shown only now):\n[database]\nurl = \"{url}\""
    ).format(user=account.username, url=url.render_as_string(hide_password=False)))
    return 0


def _close_day(args: argparse.Namespace, location) -> int:  # type: ignore[no-untyped-def]
    """``close-day``: authenticated like ``catalogue import``; the reason and the output in
    the user's language."""
    from datetime import date

    from PySide6.QtCore import QCoreApplication

    from counter_app.errors import ValidationError
    from counter_app.i18n import QT_TRANSLATE_NOOP
    from counter_app.services import queue
    from counter_app.services.queue import find_hall

    day = None
    if args.date is not None:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "'{date}' is not a date: write it as YYYY-MM-DD."), date=args.date) from None
    reason = args.reason if args.reason is not None else QCoreApplication.translate("Cli", "End of business day")
    with _signed_in(location, args.user) as actor:
        hall_id, _name = find_hall(actor.database, args.hall)
        result = queue.close_business_day(actor, hall_id, reason, day)
    print(QCoreApplication.translate("Cli", "{hall}: closed {count} open tickets of {day} and earlier.").format(
        hall=result.hall_name, count=result.closed, day=result.day.isoformat()))
    return 0


def _end_lapsed_cases(args: argparse.Namespace, location) -> int:  # type: ignore[no-untyped-def]
    """``cases end-lapsed``: what a clerk's case search does when it opens, for cron."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.services import cases

    with _signed_in(location, args.user) as actor:
        ended = cases.end_lapsed_cases(actor)
    print(QCoreApplication.translate("Cli", "Ended {count} case(s) whose deferred material was overdue: {numbers}").format(
        count=len(ended), numbers=", ".join(ended) or "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
