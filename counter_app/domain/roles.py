"""Who may do what: the roles, what each role may do, and which halls it acts on.

This is the one statement of the access rules. ``services.access`` applies it to every
use case; on PostgreSQL the database grants and row-level policies (migration 0004)
enforce the same rules a second time, for anyone who bypasses the client.
"""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    """Who acts. Staff log in as clerk, supervisor or admin; the hall display and the
    kiosk are machines of one hall with accounts of their own (on PostgreSQL a login role
    each; on the one-machine SQLite database they need no login)."""

    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    KIOSK = "kiosk"
    DISPLAY = "display"


STAFF_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)  # people, who log in with a password
DEVICE_ROLES = (Role.KIOSK, Role.DISPLAY)  # machines of one hall


class Permission(str, Enum):
    """What a use case needs. Each public service function names exactly one."""

    VIEW_QUEUE = "view the queue"  # a hall's lines and waiting counts
    VIEW_CATALOGUE = "view the catalogue"
    ISSUE_TICKETS = "issue tickets"  # ordinary ones, as a kiosk does
    ISSUE_AT_GUIDE_DESK = "issue tickets at the guide desk"  # any priority, a visitor's details, reprints
    SERVE_AT_COUNTER = "serve at a counter"  # sign in at a counter, call, recall, serve
    VIEW_COUNTER = "view a counter"
    MOVE_TICKETS = "transfer or reinstate tickets"
    VIEW_DISPLAY = "view the hall display"
    SUPERVISE_HALL = "supervise a hall"  # counters overview, closing counters and the day
    EDIT_HALL_SETTINGS = "change a hall's settings"
    EDIT_ZONE_SETTINGS = "change the zone's settings"
    MANAGE_STAFF = "manage staff accounts"
    MANAGE_CATALOGUE = "manage the catalogue"
    MANAGE_CALENDAR = "manage the holiday calendar"
    OWN_ACCOUNT = "manage one's own account"  # change one's password, log out
    REPORT_DEVICE_STATUS = "report a hall machine's status"  # a display: its speech works or not
    VIEW_CASES = "view cases"  # any hall's (全区通办)
    ACCEPT_CASES = "accept applications"  # at a counter: a case, or a visit in the "不说NO" register
    HANDLE_CASES = "continue cases"  # supplement, extend, decide, deliver, close
    REVIEW_UNMET_REQUESTS = "follow up the register of unmet requests"
    BAR_FROM_COMMITMENT = "bar an applicant from the commitment route"
    LIFT_COMMITMENT_BAR = "lift a bar from the commitment route"
    VIEW_LICENCES = "view licences"  # any hall's
    CHANGE_LICENCE_STATUS = "suspend, revoke, cancel or withdraw licences"
    RECORD_INSPECTIONS = "record the inspections after a commitment"
    PRINT_LICENCES = "print and reprint licences"  # each print recorded, in the printing hall
    IMPORT_LICENCES = "import licences from an earlier register"


_DEVICE = {Permission.VIEW_QUEUE}
_CLERK = {
    Permission.VIEW_QUEUE,
    Permission.VIEW_CATALOGUE,
    Permission.SERVE_AT_COUNTER,
    Permission.VIEW_COUNTER,
    Permission.MOVE_TICKETS,
    Permission.OWN_ACCOUNT,
    Permission.VIEW_CASES,
    Permission.ACCEPT_CASES,
    Permission.HANDLE_CASES,
    Permission.VIEW_LICENCES,
    Permission.PRINT_LICENCES,
}
_SUPERVISOR = _CLERK | {
    Permission.ISSUE_TICKETS,
    Permission.ISSUE_AT_GUIDE_DESK,
    Permission.VIEW_DISPLAY,
    Permission.SUPERVISE_HALL,
    Permission.EDIT_HALL_SETTINGS,
    Permission.REVIEW_UNMET_REQUESTS,
    Permission.BAR_FROM_COMMITMENT,
    Permission.CHANGE_LICENCE_STATUS,
    Permission.RECORD_INSPECTIONS,
}
# An administrator works for the whole zone from the back office: no counter of their own.
_ADMIN = (
    _SUPERVISOR - {Permission.SERVE_AT_COUNTER, Permission.ACCEPT_CASES, Permission.HANDLE_CASES, Permission.PRINT_LICENCES}
) | {
    Permission.IMPORT_LICENCES,
    Permission.EDIT_ZONE_SETTINGS,
    Permission.MANAGE_STAFF,
    Permission.MANAGE_CATALOGUE,
    Permission.MANAGE_CALENDAR,
    Permission.LIFT_COMMITMENT_BAR,
}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
    Role.KIOSK: frozenset(_DEVICE | {Permission.ISSUE_TICKETS, Permission.VIEW_CATALOGUE}),
    Role.DISPLAY: frozenset(_DEVICE | {Permission.VIEW_DISPLAY, Permission.REPORT_DEVICE_STATUS}),
}


def may(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def roles_with(permission: Permission) -> frozenset[Role]:
    return frozenset(role for role, permissions in ROLE_PERMISSIONS.items() if permission in permissions)


def acts_on_every_hall(role: Role) -> bool:
    """Administrators act on every hall; everyone else on their own hall only."""
    return role is Role.ADMIN


def may_act_on_hall(role: Role, own_hall_id: int | None, hall_id: int) -> bool:
    return acts_on_every_hall(role) or (own_hall_id is not None and own_hall_id == hall_id)


def may_move_ticket_held_elsewhere(role: Role) -> bool:
    """A ticket being called or served at a counter belongs to the clerk signed in there:
    another clerk may not transfer or finish it; the hall's supervisor may (a clerk who
    left without finishing)."""
    return role in (Role.SUPERVISOR, Role.ADMIN)
