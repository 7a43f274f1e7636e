"""``counter-app licences …``: the signing agent, verifying a licence's QR code (offline with
the exported public keys, or against the register), the public keys, importing an earlier
register and the list of licences expiring soon. Output in the user's language."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

# Exit codes of ``licences verify`` (scripts at a service window can branch on them).
GENUINE_AND_VALID = 0
GENUINE_NOT_IN_FORCE = 3
NOT_GENUINE = 4


def add_commands(commands: Any, command: Callable[..., argparse.ArgumentParser], signed: Callable[..., argparse.ArgumentParser]) -> None:
    group = commands.add_parser("licences", help="licences (证照): signing agent, verifying, keys, import, expiring list")
    actions = group.add_subparsers(dest="licences_command", metavar="ACTION", required=True)
    command(actions, "signer", "PostgreSQL: run the signing agent (beside the server, as counter_app_signer) until stopped")
    # ``counter-app verify`` and ``counter-app licences verify``: the same command.
    for parent in (commands, actions):
        _verify_arguments(command(parent, "verify", "is a licence genuine and in force? (exit 0 valid, 3 genuine but not in force, 4 not genuine)"))
    export = signed(command(actions, "export-keys", "write the installation's public keys (for verifying offline)"), "staff member's")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    importer = signed(command(actions, "import", "import licences of an earlier register from a UTF-8 CSV (all rows or none)"), "administrator")
    importer.add_argument("file", type=Path)
    expiring = signed(command(actions, "expiring", "the hall's licences whose renewal window opens soon, as CSV"), "staff member's")
    expiring.add_argument("--hall", required=True, help="hall code (e.g. KG)")
    expiring.add_argument("--days", type=int, default=90, choices=(30, 60, 90), help="window opening within this many days")
    expiring.add_argument("--out", type=Path, help="file to write (default: standard output)")


def _verify_arguments(verify: argparse.ArgumentParser) -> None:
    verify.add_argument("payload", help="the text of the licence's QR code (quote it)")
    verify.add_argument("--user", help="check against the register as this staff member (password asked, or $COUNTER_APP_PASSWORD)")
    verify.add_argument("--keys", type=Path, help="offline: the public keys file (licences export-keys)")
    verify.add_argument("--holder", help="offline: the holder's code as printed on the licence")
    verify.add_argument("--valid-from", type=date.fromisoformat, metavar="YYYY-MM-DD", help="offline: as printed")
    verify.add_argument("--valid-to", type=date.fromisoformat, metavar="YYYY-MM-DD", help="offline: as printed (leave out for 长期有效)")


def run(args: argparse.Namespace, location: Any, signed_in: Callable[[Any, str], Any]) -> int:
    action = "verify" if args.command == "verify" else args.licences_command
    if action == "signer":
        return _signer(location)
    if action == "verify":
        return _verify(args, location, signed_in)
    with signed_in(location, args.user) as actor:
        if action == "export-keys":
            from counter_app.domain.licence_signing import public_key_bundle
            from counter_app.services.licences import signing_public_keys

            return _write(public_key_bundle(signing_public_keys(actor)).encode("ascii"), args.out)
        if action == "import":
            return _import(actor, args.file)
        if action == "expiring":
            from counter_app.services.licences.exporting import expiring_licences_csv
            from counter_app.services.queue import find_hall

            hall_id = find_hall(actor.database, args.hall)[0]
            return _write(expiring_licences_csv(actor, hall_id, args.days), args.out)
    raise AssertionError(action)


def _write(data: bytes, out: Path | None) -> int:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
    return 0


def _import(actor: Any, file: Path) -> int:
    from PySide6.QtCore import QCoreApplication

    from counter_app.services.licences.importing import import_licences_file

    report = import_licences_file(actor, file)
    print(QCoreApplication.translate("Cli", "Imported {total} licences from {file}.").format(total=report.total, file=file.name))
    return 0


def _signer(location: Any) -> int:
    from PySide6.QtCore import QCoreApplication

    from counter_app.db.engine import Database, make_engine
    from counter_app.db.migrate import check_schema
    from counter_app.errors import ValidationError
    from counter_app.i18n import QT_TRANSLATE_NOOP
    from counter_app.services.licences.signing import run_signer

    database = Database(make_engine(location.url))
    try:
        if database.backend != "postgresql":
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "The embedded database needs no signing agent: the client signs each licence as it issues it."
            ))
        check_schema(database.engine)
        stop = threading.Event()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signal_number, lambda *_args: stop.set())
        print(QCoreApplication.translate("Cli", "Signing licences for {url}; stop with Ctrl+C.").format(url=database.url), flush=True)

        def signed(count: int) -> None:
            print(QCoreApplication.translate("Cli", "Signed {count} licence(s).").format(count=count), flush=True)

        run_signer(database, stop, on_signed=signed)
        return 0
    finally:
        database.dispose()


def _verify(args: argparse.Namespace, location: Any, signed_in: Callable[[Any, str], Any]) -> int:
    from PySide6.QtCore import QCoreApplication

    from counter_app.errors import ValidationError
    from counter_app.i18n import QT_TRANSLATE_NOOP

    translate = QCoreApplication.translate
    if args.keys is not None:
        from counter_app.domain.licence_signing import parse_public_key_bundle, verify_payload

        if not args.holder or args.valid_from is None:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "Verifying offline needs the holder's code and the validity as printed: --holder, --valid-from (and --valid-to)."
            ))
        try:
            keys = parse_public_key_bundle(args.keys.read_text(encoding="ascii"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{file} holds no public key: {reason}"), file=args.keys, reason=str(error)) from error
        if verify_payload(args.payload, keys, args.holder, args.valid_from, args.valid_to):
            print(translate("Cli", "Genuine: signed by this installation for that holder and validity."))
            return GENUINE_AND_VALID
        print(translate("Cli", "NOT GENUINE: the signature does not match that holder and validity, or the key is unknown."))
        return NOT_GENUINE
    if not args.user:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Give --user to check against the register, or --keys to verify offline."))
    from counter_app.services.licences import Verdict, verify_licence
    from counter_app.ui.translation import user_message

    with signed_in(location, args.user) as actor:
        verification = verify_licence(actor, args.payload)
    if verification.verdict is Verdict.NOT_GENUINE:
        from counter_app.errors import UserError

        reason = user_message(UserError(verification.problem or "", **verification.problem_params))
        print(translate("Cli", "NOT GENUINE: {reason}").format(reason=reason))
        return NOT_GENUINE
    licence = verification.licence
    assert licence is not None
    from counter_app.domain.licences import STATUS_TERMS

    status = translate("Terms", STATUS_TERMS[licence.status])
    print(translate("Cli", "Genuine: {number}, {holder}, {status}.").format(number=licence.number, holder=licence.holder_name, status=status))
    if verification.replaced_by:
        print(translate("Cli", "Replaced by {number}.").format(number=verification.replaced_by))
    return GENUINE_AND_VALID if verification.verdict is Verdict.VALID else GENUINE_NOT_IN_FORCE
