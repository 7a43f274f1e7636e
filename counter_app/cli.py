"""``counter-app``: the client, and the administrator's sub-commands."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

STARTED_AT = time.perf_counter()

ENV_PASSWORD = "COUNTER_APP_PASSWORD"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-app", description="Desktop client of a government service hall (政务服务大厅)."
    )
    parser.add_argument("--db", metavar="URL", help="database URL (default: $COUNTER_APP_DB, config file, embedded SQLite)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    db = commands.add_parser("db", help="database administration")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, help_text in (("upgrade", "migrate the database to this version's schema"), ("current", "show the schema revision")):
        sub = db_commands.add_parser(name, help=help_text)
        sub.add_argument("--db", metavar="URL", dest="sub_db", help=argparse.SUPPRESS)
    for name, help_text in (
        ("display", "full-screen hall display of a hall (no login)"),
        ("kiosk", "touch-screen ticket kiosk of a hall (no login)"),
    ):
        mode = commands.add_parser(name, help=help_text)
        mode.add_argument("--hall", required=True, help="hall code (e.g. KG) or id")
        mode.add_argument("--db", metavar="URL", dest="sub_db", help=argparse.SUPPRESS)
        mode.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    demo = commands.add_parser("demo", help="load the demo halls, staff and catalogue into an empty database")
    demo.add_argument("--db", metavar="URL", dest="sub_db", help=argparse.SUPPRESS)
    catalogue = commands.add_parser("catalogue", help="service catalogue administration")
    catalogue_commands = catalogue.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)
    importer = catalogue_commands.add_parser("import", help="import a UTF-8 CSV catalogue (all rows or none)")
    importer.add_argument("file", type=Path)
    importer.add_argument("--user", required=True, help=f"administrator's user name (password asked, or ${ENV_PASSWORD})")
    importer.add_argument("--db", metavar="URL", dest="sub_db", help=argparse.SUPPRESS)
    close_day = commands.add_parser(
        "close-day", help="close the open tickets of a hall at the end of the business day (for a scheduled job)"
    )
    close_day.add_argument("--hall", required=True, help="hall code (e.g. KG) or id")
    close_day.add_argument("--user", required=True, help=f"supervisor's or administrator's user name (password asked, or ${ENV_PASSWORD})")
    close_day.add_argument("--reason", help="the reason recorded on each ticket (default: end of business day)")
    close_day.add_argument("--date", metavar="YYYY-MM-DD", help="close this day and earlier ones (default: today, the hall's local date)")
    close_day.add_argument("--db", metavar="URL", dest="sub_db", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["speech-worker"]:  # the display's speech child in a frozen build (ui/announcer.py)
        from counter_app.ui.announcer import worker_main

        return worker_main(arguments[1:])
    args = _parser().parse_args(arguments)
    from counter_app import logs

    logs.configure()
    if args.command is None:
        from counter_app.ui.app import run_client

        return run_client(args.db, started_at=STARTED_AT)
    if args.command == "display":
        from counter_app.ui.display import run_display

        return run_display(args.sub_db or args.db, args.hall, full_screen=not args.windowed)
    if args.command == "kiosk":
        from counter_app.ui.kiosk import run_kiosk

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


def _dispatch(args: argparse.Namespace, location) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from counter_app.db.engine import describe_url

    url = describe_url(location.url)
    if args.command == "db":
        from counter_app.db import migrate
        from counter_app.db.engine import make_engine
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
        try:
            current = migrate.current_revision(engine)
        finally:
            engine.dispose()
        print(QCoreApplication.translate("Cli", "{url}: schema {current}; this client needs {head}.").format(
            url=url, current=current or "-", head=migrate.head_revision()))
        return 0
    if args.command == "demo":
        from counter_app.services.demo import DEMO_PASSWORD
        from counter_app.services.setup import prepare_demo

        summary = prepare_demo(location)
        print(QCoreApplication.translate("Cli", "Demo loaded into {url}: {halls} halls, {counters} counters, {staff} staff, {items} service items. "
                 "Every demo account's password is {password}.").format(
            url=url, halls=summary.halls, counters=summary.counters, staff=summary.staff,
            items=summary.service_items, password=DEMO_PASSWORD))
        return 0
    if args.command == "catalogue":
        from counter_app.services.auth import login
        from counter_app.services.catalogue import import_catalogue_file
        from counter_app.services.setup import open_database

        password = os.environ.get(ENV_PASSWORD) or getpass.getpass(QCoreApplication.translate("Cli", "Password for {user}: ").format(user=args.user))
        opened = open_database(location)
        try:
            actor = login(opened.database, args.user, password)
            report = import_catalogue_file(opened.database, actor, args.file)
        finally:
            opened.database.dispose()
        print(QCoreApplication.translate("Cli", "Imported {total} items from {file}: {created} new, {updated} updated.").format(
            total=report.total, file=args.file.name, created=report.created, updated=report.updated))
        return 0
    if args.command == "close-day":
        return _close_day(args, location)
    raise AssertionError(args.command)


def _close_day(args: argparse.Namespace, location) -> int:  # type: ignore[no-untyped-def]
    """``close-day``: authenticated like ``catalogue import``; the reason and the output in
    the user's language."""
    from datetime import date

    from PySide6.QtCore import QCoreApplication

    from counter_app.errors import ValidationError
    from counter_app.i18n import QT_TRANSLATE_NOOP
    from counter_app.services import hall_day
    from counter_app.services.auth import login
    from counter_app.services.queue import find_hall
    from counter_app.services.setup import open_database

    day = None
    if args.date is not None:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "'{date}' is not a date: write it as YYYY-MM-DD."), date=args.date) from None
    reason = args.reason if args.reason is not None else QCoreApplication.translate("Cli", "End of business day")
    password = os.environ.get(ENV_PASSWORD) or getpass.getpass(QCoreApplication.translate("Cli", "Password for {user}: ").format(user=args.user))
    opened = open_database(location)
    try:
        actor = login(opened.database, args.user, password)
        hall_id, _name = find_hall(opened.database, args.hall)
        result = hall_day.close_day(opened.database, actor, hall_id, reason, day)
    finally:
        opened.database.dispose()
    print(QCoreApplication.translate("Cli", "{hall}: closed {count} open tickets of {day} and earlier.").format(
        hall=result.hall_name, count=result.closed, day=result.day.isoformat()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
