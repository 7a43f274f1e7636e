"""Licence benchmarks (issue 10): a whole renewal on commitment as a clerk — the
eligibility check, the one transaction (renewal case, new licence, inspection), the
licence's signature (by the signing agent on PostgreSQL, running beside the server as its
own login; by the client on SQLite), the PDF with its QR code — and verifying a scanned
code against the register, and offline with the public keys. On SQLite and on a throwaway
PostgreSQL cluster.

    uv run python -m benchmarks.licence_bench [--renewals 100] [--backends postgresql sqlite]

Targets: a whole renewal (eligibility → issue → signed PDF) ≤ 300 ms p99 on PostgreSQL;
one licence PDF ≤ 50 ms; a verification ≤ 5 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.case_bench import clerk_of, demo_databases, timings_text  # noqa: E402


def _start_agent(owner):  # type: ignore[no-untyped-def]
    """PostgreSQL: the signing agent on a thread, as its own login (as beside a server)."""
    import threading

    from counter_app.db.engine import Database
    from counter_app.services.licences.signing import run_signer
    from counter_app.services.setup import SIGNER_ROLE, set_login_password

    if owner.backend != "postgresql":
        return None
    set_login_password(owner, SIGNER_ROLE, "benchmark-signer")
    signer = Database.from_url(owner.engine.url.set(username=SIGNER_ROLE, password="benchmark-signer").render_as_string(hide_password=False))
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=run_signer, args=(signer, stop), kwargs={"ready": ready}, daemon=True)
    thread.start()
    assert ready.wait(10)
    return stop, thread, signer


def bench(url: str, renewals: int) -> dict[str, list[float]]:
    from sqlalchemy import update

    from counter_app.db.engine import Database
    from counter_app.db.models import Licence
    from counter_app.domain.applicants import ApplicantKind
    from counter_app.domain.licence_signing import verify_payload
    from counter_app.services import cases, licences, queue
    from counter_app.services.licences.signing import sign_if_embedded
    from tests.case_support import application, credit_code, enterprise, item_with_licence
    from tests.queue_support import counter_id

    owner = Database.from_url(url)
    agent = _start_agent(owner)
    item = item_with_licence(owner, "劳务派遣经营许可证")
    counter = counter_id(owner, 1)
    clerk = clerk_of(url)
    queue.open_counter(clerk, counter)
    keys = licences.signing_public_keys(clerk)
    timings: dict[str, list[float]] = {
        "renewal (check + transaction)": [], "signed licence PDF (wait for the signature + render)": [], "whole renewal": [],
        "verify a scanned code against the register": [], "verify offline": [],
    }
    for serial in range(renewals + 5):
        view = cases.accept_case(clerk, counter, application(item, enterprise(200_000 + serial)))
        old = licences.find_licences(clerk, view.licence_numbers[0])[0]
        with owner.transaction() as session:  # due for renewal (and signed again for its new dates)
            session.execute(
                update(Licence).where(Licence.id == old.id).values(valid_to=old.issued_on + timedelta(days=30), qr_payload=None, signed_at=None)
            )
            sign_if_embedded(session, owner.now())
        started = time.perf_counter()
        check = licences.check_renewal(clerk, old.id, ApplicantKind.ENTERPRISE, credit_code(200_000 + serial))
        assert not check.refusals
        renewed = licences.renew_on_commitment(clerk, counter, old.id, enterprise(200_000 + serial), commitment_signed=True)
        issued = time.perf_counter()
        printout = licences.licence_printout(clerk, renewed.licence.id)
        done = time.perf_counter()
        assert printout.pdf.startswith(b"%PDF")
        new = renewed.licence
        with owner.reading() as session:
            payload = session.get_one(Licence, new.id).qr_payload or ""
        verified = time.perf_counter()
        assert licences.verify_licence(clerk, payload).verdict is licences.Verdict.VALID
        checked = time.perf_counter()
        assert verify_payload(payload, keys, credit_code(200_000 + serial), new.valid_from, new.valid_to)
        offline = time.perf_counter()
        if serial >= 5:  # warm-up: the font, the calendar, the statements
            timings["renewal (check + transaction)"].append(issued - started)
            timings["signed licence PDF (wait for the signature + render)"].append(done - issued)
            timings["whole renewal"].append(done - started)
            timings["verify a scanned code against the register"].append(checked - verified)
            timings["verify offline"].append(offline - checked)
    if agent is not None:
        stop, thread, signer = agent
        stop.set()
        thread.join(10)
        signer.dispose()
    clerk.database.dispose()
    owner.dispose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renewals", type=int, default=100)
    parser.add_argument("--backends", nargs="+", default=["postgresql", "sqlite"])
    args = parser.parse_args()
    for url in demo_databases("licence benchmark", args.backends):
        for label, values in bench(url, args.renewals).items():
            print(f"- {label}, n={len(values)}: {timings_text(values)}", flush=True)


if __name__ == "__main__":
    main()
