"""Applicants (申请人): an enterprise by its 统一社会信用代码 or a person by the resident ID,
and an optional agent (代办人); each field checked with a message that says what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import Enum

from counter_app.domain.cases import normalise_phone
from counter_app.domain.identifiers import parse_credit_code, parse_resident_id
from counter_app.domain.text import clean_text
from counter_app.errors import ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP, Term


class ApplicantKind(str, Enum):
    ENTERPRISE = "enterprise"  # 法人/其他组织: 统一社会信用代码
    PERSON = "person"  # 自然人: 居民身份证号码


# Holder code types of the national licence standard: 001 credit code, 111 resident ID.
HOLDER_CODE_TYPE = {ApplicantKind.ENTERPRISE: "001", ApplicantKind.PERSON: "111"}

NAME_MAX = 200
PERSON_NAME_MAX = 50
ADDRESS_MAX = 200

NAME = Term(QT_TRANSLATE_NOOP("Terms", "Name"))
ENTERPRISE_NAME = Term(QT_TRANSLATE_NOOP("Terms", "Enterprise name"))
LEGAL_REPRESENTATIVE = Term(QT_TRANSLATE_NOOP("Terms", "Legal representative"))
ADDRESS = Term(QT_TRANSLATE_NOOP("Terms", "Address"))
CONTACT = Term(QT_TRANSLATE_NOOP("Terms", "Contact person"))
AGENT_NAME = Term(QT_TRANSLATE_NOOP("Terms", "Agent's name"))

_AGENT_INCOMPLETE = QT_TRANSLATE_NOOP("Errors", "An agent needs both a name and a resident ID number.")
_AGENT_IS_APPLICANT = QT_TRANSLATE_NOOP("Errors", "The agent is the applicant: leave the agent empty.")


@dataclass(frozen=True)
class ApplicantDetails:
    """An applicant as entered (and as a case keeps it)."""

    kind: ApplicantKind
    code: str  # credit code or resident ID, normalised
    name: str
    legal_representative: str = ""  # enterprises
    address: str = ""
    contact_name: str = ""
    phone: str = ""

    def changes_from(self, before: ApplicantDetails) -> dict[str, tuple[str, str]]:
        """The fields that differ from ``before``: field -> (old, new)."""
        return {
            item.name: (getattr(before, item.name), getattr(self, item.name))
            for item in fields(self)
            if item.name not in ("kind", "code") and getattr(before, item.name) != getattr(self, item.name)
        }

    def as_row(self) -> dict[str, str]:
        return {item.name: (value.value if isinstance(value := getattr(self, item.name), Enum) else value) for item in fields(self)}

    @classmethod
    def from_row(cls, row: Mapping[str, object]) -> ApplicantDetails:
        texts = {item.name: str(row.get(item.name) or "") for item in fields(cls) if item.name != "kind"}
        return cls(kind=ApplicantKind(str(row["kind"])), **texts)


@dataclass(frozen=True)
class AgentDetails:
    name: str
    id_number: str
    phone: str = ""


def normalise_code(kind: ApplicantKind, text: str, today: date | None = None) -> str:
    """The applicant's code checked by its standard's rules (raises ``IdentifierError``)."""
    if kind is ApplicantKind.ENTERPRISE:
        return parse_credit_code(text).value
    return parse_resident_id(text, today).value


def check_applicant(raw: ApplicantDetails, today: date | None = None) -> ApplicantDetails:
    """Every field checked and tidied, or ``ValidationError`` naming the first wrong one."""
    enterprise = raw.kind is ApplicantKind.ENTERPRISE
    return replace(
        raw,
        code=normalise_code(raw.kind, raw.code, today),
        name=clean_text(raw.name, max_length=NAME_MAX if enterprise else PERSON_NAME_MAX, field=ENTERPRISE_NAME if enterprise else NAME, required=True),
        legal_representative=clean_text(raw.legal_representative, max_length=PERSON_NAME_MAX, field=LEGAL_REPRESENTATIVE, required=enterprise)
        if enterprise
        else "",
        address=clean_text(raw.address, max_length=ADDRESS_MAX, field=ADDRESS),
        contact_name=clean_text(raw.contact_name, max_length=PERSON_NAME_MAX, field=CONTACT),
        phone=normalise_phone(raw.phone, required=True),
    )


def check_agent(raw: AgentDetails | None, applicant: ApplicantDetails, today: date | None = None) -> AgentDetails | None:
    """The agent checked, or None when none was entered."""
    if raw is None or not (raw.name.strip() or raw.id_number.strip() or raw.phone.strip()):
        return None
    if not raw.name.strip() or not raw.id_number.strip():
        raise ValidationError(_AGENT_INCOMPLETE)
    agent = AgentDetails(
        name=clean_text(raw.name, max_length=PERSON_NAME_MAX, field=AGENT_NAME, required=True),
        id_number=parse_resident_id(raw.id_number, today).value,
        phone=normalise_phone(raw.phone),
    )
    if applicant.kind is ApplicantKind.PERSON and agent.id_number == applicant.code:
        raise ValidationError(_AGENT_IS_APPLICANT)
    return agent
