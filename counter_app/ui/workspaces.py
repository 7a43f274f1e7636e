"""Which workspaces each role gets: one registry instead of tabs hard-coded per role.

A workspace is a QWidget built from the window's ``Backend``. Besides ``stop()`` it may
tell the window what leaving now would strand (``leave_warning``) and tidy up before the
window closes (``leave``: a clerk is signed out of their counter). A capability still to
come (cases, licences, administration) adds its entry here and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from counter_app.domain.roles import Role
from counter_app.i18n import QT_TRANSLATE_NOOP
from counter_app.ui.shared.backend import Backend


@runtime_checkable
class Leaving(Protocol):
    """A workspace with something to say or do before its window closes."""

    def leave_warning(self) -> str | None:
        """Why leaving now would strand something (a ticket in service), or None."""

    def leave(self) -> None:
        """Tidy up on the way out (sign out of the counter): runs on the GUI thread and only queues the work on the Backend, which the window then drains."""


@dataclass(frozen=True)
class Workspace:
    key: str
    title: str  # marked QT_TRANSLATE_NOOP("Workspaces", ...)
    roles: frozenset[Role]
    build: Callable[[Backend], QWidget]
    handles_function_keys: bool = False  # F1… act here (elsewhere the window says where they do)


def _counter(backend: Backend) -> QWidget:
    from counter_app.ui.cases.desk import CounterWorkspace

    return CounterWorkspace(backend)


def _issuing(backend: Backend) -> QWidget:
    from counter_app.ui.issuing.station import IssuingStation

    return IssuingStation(backend)


def _hall(backend: Backend) -> QWidget:
    from counter_app.ui.supervisor.hall_tab import HallDayTab

    return HallDayTab(backend)


def _cases(backend: Backend) -> QWidget:
    from counter_app.ui.cases.register import CasesWorkspace

    return CasesWorkspace(backend)


def _licences(backend: Backend) -> QWidget:
    from counter_app.ui.licences.registry import LicencesWorkspace

    return LicencesWorkspace(backend)


def _catalogue(backend: Backend) -> QWidget:
    from counter_app.ui.catalogue.tab import CatalogueTab

    notice = COMING_NEXT.get(backend.actor.role)
    return CatalogueTab(backend, notice=QCoreApplication.translate("Workspaces", notice) if notice else "")


COMING_NEXT = {
    Role.SUPERVISOR: QT_TRANSLATE_NOOP(
        "Workspaces", "Coming next to this window: waiting times per line, ratings (好差评) and statistics."
    ),
    Role.ADMIN: QT_TRANSLATE_NOOP(
        "Workspaces",
        "Coming next to this window: halls, counters, business lines, staff, the holiday calendar and settings. "
        "Today the catalogue is imported with: counter-app catalogue import FILE --user NAME",
    ),
}

STAFF = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})
WORKSPACES: tuple[Workspace, ...] = (
    Workspace("counter", QT_TRANSLATE_NOOP("Workspaces", "Counter"), frozenset({Role.CLERK}), _counter, handles_function_keys=True),
    Workspace("issuing", QT_TRANSLATE_NOOP("Workspaces", "Issue tickets"), frozenset({Role.SUPERVISOR, Role.ADMIN}), _issuing),
    Workspace("hall", QT_TRANSLATE_NOOP("Workspaces", "Hall"), frozenset({Role.SUPERVISOR, Role.ADMIN}), _hall),
    Workspace("cases", QT_TRANSLATE_NOOP("Workspaces", "Cases"), frozenset({Role.SUPERVISOR, Role.ADMIN}), _cases),
    Workspace("licences", QT_TRANSLATE_NOOP("Workspaces", "Licences"), STAFF, _licences),
    Workspace("catalogue", QT_TRANSLATE_NOOP("Workspaces", "Service catalogue"), STAFF, _catalogue),
)


def workspaces_for(role: Role) -> list[Workspace]:
    return [workspace for workspace in WORKSPACES if role in workspace.roles]
