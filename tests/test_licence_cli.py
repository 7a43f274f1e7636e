"""``counter-app licences …`` as an administrator or a member of the public would run it:
the public keys exported, a licence verified offline and against the register (exit 0
genuine and valid, 3 genuine but not in force, 4 not genuine), an earlier register
imported, the expiring list written, and the signing agent refused where it is not needed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select

from counter_app.db.engine import Database
from counter_app.db.models import Licence
from counter_app.domain.licences import LicenceAction
from counter_app.services import cases, licences, queue
from tests.case_support import application, enterprise, item_where
from tests.queue_support import counter_id, password_changed, staff
from tests.test_first_run_and_cli import _cli

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "licences_example.csv"
ENV = {"COUNTER_APP_PASSWORD": "hall2026", "COUNTER_APP_LANG": "en"}


def test_keys_exported_and_a_licence_verified_offline_and_against_the_register(sqlite_demo_database: Database, tmp_path: Path) -> None:
    database = sqlite_demo_database
    url = database.url
    for username in ("kg01", "kg_zb", "admin"):
        password_changed(database, username)
    clerk = staff(database, "kg01")
    counter = counter_id(database, 1)
    queue.open_counter(clerk, counter)
    item = item_where(database, on_the_spot=True, deferrable=False, licence=True)
    number = cases.accept_case(clerk, counter, application(item, enterprise(400))).licence_numbers[0]
    with database.reading() as session:
        licence = session.scalars(select(Licence).where(Licence.number == number)).one()
    payload = licence.qr_payload or ""
    assert payload

    keys = tmp_path / "keys.pem"
    exported = _cli("--db", url, "licences", "export-keys", "--out", str(keys), "--user", "kg01", env=ENV)
    assert exported.returncode == 0, exported.stderr
    assert "BEGIN PUBLIC KEY" in keys.read_text() and "PRIVATE" not in keys.read_text()

    as_printed = ["--keys", str(keys), "--holder", licence.holder_code, "--valid-from", licence.valid_from.isoformat()]
    if licence.valid_to is not None:
        as_printed += ["--valid-to", licence.valid_to.isoformat()]
    genuine = _cli("verify", payload, *as_printed, env=ENV)  # also ``licences verify``
    assert genuine.returncode == 0 and "Genuine" in genuine.stdout, genuine.stderr
    altered = [*as_printed[:3], "911201160000000029", *as_printed[4:]]  # another holder on the paper
    assert _cli("licences", "verify", payload, *altered, env=ENV).returncode == 4
    malformed = _cli("licences", "verify", "HELLO", *as_printed, env=ENV)
    assert malformed.returncode == 2 and "Traceback" not in malformed.stderr

    online = _cli("--db", url, "licences", "verify", payload, "--user", "kg01", env=ENV)
    assert online.returncode == 0 and number in online.stdout, online.stderr
    licences.change_licence_status(staff(database, "kg_zb"), licence.id, LicenceAction.SUSPEND, "经营异常")
    suspended = _cli("--db", url, "licences", "verify", payload, "--user", "kg01", env=ENV)
    assert suspended.returncode == 3 and "suspended" in suspended.stdout
    forged = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBA")
    assert _cli("--db", url, "licences", "verify", forged, "--user", "kg01", env=ENV).returncode in (2, 4)
    assert _cli("licences", "verify", payload, env=ENV).returncode == 2  # neither --user nor --keys: said how

    imported = _cli("--db", url, "licences", "import", str(EXAMPLE), "--user", "admin", env=ENV)
    assert imported.returncode == 0, imported.stderr
    assert "Imported" in imported.stdout
    again = _cli("--db", url, "licences", "import", str(EXAMPLE), "--user", "admin", env=ENV)
    assert again.returncode == 2 and "line 2" in again.stderr  # all already in the register: refused whole, line by line
    by_clerk = _cli("--db", url, "licences", "import", str(EXAMPLE), "--user", "kg01", env=ENV)
    assert by_clerk.returncode == 2 and "may not" in by_clerk.stderr

    expiring = _cli("--db", url, "licences", "expiring", "--hall", "KG", "--days", "90", "--user", "kg_zb", env=ENV)
    assert expiring.returncode == 0, expiring.stderr
    header = next(csv.reader(io.StringIO(expiring.stdout.lstrip("\ufeff"))))
    assert "证照编号" in header

    no_agent = _cli("--db", url, "licences", "signer", env=ENV)
    assert no_agent.returncode == 2 and "needs no signing agent" in no_agent.stderr


def test_the_signing_agent_runs_as_a_command_and_stops_cleanly(pg_demo_database: Database) -> None:
    """As beside a real server: ``counter-app licences signer`` under its own login signs a
    licence a clerk issues, and SIGTERM (systemd's stop) ends it with exit 0."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from counter_app.services.setup import SIGNER_ROLE, set_login_password

    database = pg_demo_database
    set_login_password(database, SIGNER_ROLE, "agent-password")
    url = database.engine.url.set(drivername="postgresql", username=SIGNER_ROLE, password="agent-password").render_as_string(hide_password=False)
    with subprocess.Popen(
        [sys.executable, "-m", "counter_app", "--db", url, "licences", "signer"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "COUNTER_APP_LANG": "en"},
    ) as agent:
        try:
            assert agent.stdout is not None and agent.stderr is not None
            first = agent.stdout.readline()
            assert "Signing licences" in first, (agent.wait(5), agent.stderr.read())
            clerk = staff(database, "kg01")
            counter = counter_id(database, 1)
            queue.open_counter(clerk, counter)
            item = item_where(database, on_the_spot=True, deferrable=False, licence=True)
            number = cases.accept_case(clerk, counter, application(item, enterprise(410))).licence_numbers[0]
            deadline = time.monotonic() + 15
            while True:
                with database.reading() as session:
                    payload = session.scalar(select(Licence.qr_payload).where(Licence.number == number))
                if payload is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.02)
            assert payload is not None and licences.verify_licence(clerk, payload).verdict is licences.Verdict.VALID
            agent.send_signal(signal.SIGTERM)
            assert agent.wait(15) == 0
            assert "Signed 1 licence" in agent.stdout.read()
        finally:
            if agent.poll() is None:
                agent.kill()
