"""Licence benchmarks (issue 10, first part): a whole renewal on commitment (eligibility
check, then the one transaction: renewal case, new licence, inspection) as a clerk, then
the licence PDF with its signed QR code, and verifying a payload. On SQLite and on a
throwaway PostgreSQL cluster.

    uv run python -m benchmarks.licence_bench [--renewals 100] [--backends postgresql sqlite]

Targets: a whole renewal (eligibility → issue → PDF) ≤ 300 ms p99 on PostgreSQL; one
licence PDF ≤ 50 ms; a verification ≤ 5 ms. The signing key here is made for the run
(where the installation keeps its key is the next part of the issue).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.case_bench import clerk_of, demo_databases, timings_text  # noqa: E402


def bench(url: str, renewals: int) -> dict[str, list[float]]:
    from sqlalchemy import update

    from counter_app.db.engine import Database
    from counter_app.db.models import Licence
    from counter_app.domain.applicants import ApplicantKind
    from counter_app.domain.licence_signing import new_signing_key, sign_licence, verify_payload
    from counter_app.printing.licence import LicenceDocument, LicenceTemplate, render_licence
    from counter_app.services import cases, licences, queue
    from tests.case_support import application, credit_code, enterprise, item_with_licence
    from tests.queue_support import counter_id

    owner = Database.from_url(url)
    item = item_with_licence(owner, "劳务派遣经营许可证")
    counter = counter_id(owner, 1)
    clerk = clerk_of(url)
    queue.open_counter(clerk, counter)
    private, public, key_id = new_signing_key()
    timings: dict[str, list[float]] = {"renewal (check + transaction)": [], "licence PDF (sign + render)": [], "whole renewal": [], "verify": []}
    for serial in range(renewals + 5):
        view = cases.accept_case(clerk, counter, application(item, enterprise(200_000 + serial)))
        old = licences.find_licences(clerk, view.licence_numbers[0])[0]
        with owner.transaction() as session:
            session.execute(update(Licence).where(Licence.id == old.id).values(valid_to=old.issued_on + timedelta(days=30)))
        started = time.perf_counter()
        check = licences.check_renewal(clerk, old.id, ApplicantKind.ENTERPRISE, credit_code(200_000 + serial))
        assert not check.refusals
        renewed = licences.renew_on_commitment(clerk, counter, old.id, enterprise(200_000 + serial), commitment_signed=True)
        issued = time.perf_counter()
        new = renewed.licence
        valid_to = new.valid_to or date.max
        payload = sign_licence(private, key_id, new.identifier, credit_code(200_000 + serial), new.valid_from, valid_to)
        render_licence(
            LicenceDocument(
                licence_type=new.licence_type, licence_number=new.number, identifier=new.identifier, holder_kind=new.holder_kind,
                holder_name=new.holder_name, holder_code=credit_code(200_000 + serial), scope=new.scope, valid_from=new.valid_from,
                valid_to=new.valid_to, issued_on=new.issued_on, authority=new.authority, hall_name="空港政务服务中心",
                qr_payload=payload, template=LicenceTemplate.A4_LANDSCAPE, replaces=new.replaces_number,
            )
        )
        done = time.perf_counter()
        verified = time.perf_counter()
        assert verify_payload(payload, {key_id: public}, credit_code(200_000 + serial), new.valid_from, valid_to)
        checked = time.perf_counter()
        if serial >= 5:  # warm-up: the font, the calendar, the statements
            timings["renewal (check + transaction)"].append(issued - started)
            timings["licence PDF (sign + render)"].append(done - issued)
            timings["whole renewal"].append(done - started)
            timings["verify"].append(checked - verified)
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
