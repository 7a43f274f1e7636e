"""Shared helpers for case tests: valid codes, demo items chosen by their rules, applications."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from counter_app.db.engine import Database
from counter_app.db.models import ServiceItem
from counter_app.domain.applicants import AgentDetails, ApplicantDetails, ApplicantKind
from counter_app.domain.cases import MaterialEntry, MaterialForm, Route
from counter_app.domain.identifiers import check_character_credit_code, check_character_resident_id
from counter_app.services.cases import Application


def credit_code(serial: int) -> str:
    """A valid 统一社会信用代码 of an enterprise registered in Tianjin's Binhai New Area."""
    body = f"91120116{serial:09d}"
    return body + check_character_credit_code(body)


def resident_id(serial: int, birth: str = "19900307") -> str:
    body = f"120116{birth}{serial % 1000:03d}"
    return body + check_character_resident_id(body)


def enterprise(serial: int = 1, **changes: str) -> ApplicantDetails:
    fields = {
        "name": f"天津港保税区示例物流有限公司{serial}",
        "legal_representative": "王建华",
        "address": "天津港保税区空港经济区西三道166号",
        "contact_name": "李芳",
        "phone": "13812345678",
    } | changes
    return ApplicantDetails(kind=ApplicantKind.ENTERPRISE, code=credit_code(serial), **fields)


def person(serial: int = 1, **changes: str) -> ApplicantDetails:
    fields = {"name": "张伟", "phone": "13900001111", "address": "天津市滨海新区"} | changes
    return ApplicantDetails(kind=ApplicantKind.PERSON, code=resident_id(serial), **fields)


def agent(serial: int = 7) -> AgentDetails:
    return AgentDetails(name="赵敏", id_number=resident_id(serial, "19850612"), phone="13700002222")


def item_where(
    database: Database,
    *,
    deferrable: bool | None = None,
    commit: bool | None = None,
    on_the_spot: bool | None = None,
    licence: bool | None = None,
) -> ServiceItem:
    """A demo item with the rules a test needs (the first by code, so tests are repeatable)."""
    with database.reading() as session:
        items = session.scalars(select(ServiceItem).options(selectinload(ServiceItem.materials)).order_by(ServiceItem.code)).all()
        for item in items:
            has_deferrable = item.tolerance_acceptance and any(material.deferrable for material in item.materials)
            if deferrable is not None and has_deferrable != deferrable:
                continue
            if commit is not None and item.notify_commit != commit:
                continue
            if on_the_spot is not None and (item.case_type == "on_the_spot") != on_the_spot:
                continue
            if licence is not None and bool(item.licence_type) != licence:
                continue
            if not item.materials:
                continue
            session.expunge(item)
            return item
    raise LookupError("no demo item with these rules")


def item_with_licence(database: Database, licence_type: str) -> ServiceItem:
    """The first on-the-spot demo item (by code) that produces ``licence_type``."""
    with database.reading() as session:
        item = session.scalars(
            select(ServiceItem)
            .options(selectinload(ServiceItem.materials))
            .where(ServiceItem.licence_type == licence_type, ServiceItem.case_type == "on_the_spot")
            .order_by(ServiceItem.code)
            .limit(1)
        ).one()
        session.expunge(item)
        return item


def all_received(item: ServiceItem) -> tuple[MaterialEntry, ...]:
    return tuple(MaterialEntry(index, True, MaterialForm.ORIGINAL, 2) for index in range(len(item.materials)))


def deferring(item: ServiceItem) -> tuple[MaterialEntry, ...]:
    """Every deferrable material left to follow, the others received."""
    return tuple(
        MaterialEntry(index, False) if material.deferrable else MaterialEntry(index, True, MaterialForm.COPY, 1)
        for index, material in enumerate(item.materials)
    )


def application(
    item: ServiceItem,
    applicant: ApplicantDetails | None = None,
    materials: tuple[MaterialEntry, ...] | None = None,
    **changes: object,
) -> Application:
    return Application(
        item_id=item.id,
        applicant=applicant or enterprise(),
        materials=materials if materials is not None else all_received(item),
        **changes,  # type: ignore[arg-type]
    )


def committing(item: ServiceItem, applicant: ApplicantDetails | None = None) -> Application:
    return application(
        item, applicant, tuple(MaterialEntry(index, False) for index in range(len(item.materials))),
        route=Route.COMMITMENT, commitment_signed=True,
    )
