"""Errors a user can fix, with a message fit to show (translated by the UI).

Anything that is not a ``UserError`` is a bug: it is logged, and the user sees a
generic apology rather than a traceback.
"""

from __future__ import annotations

from typing import Any

from counter_app.i18n import ERRORS


class UserError(Exception):
    """An error with an English message template, translated and filled in for display.

    ``template`` must be marked with ``QT_TRANSLATE_NOOP("Errors", ...)`` where it is written.
    """

    context: str = ERRORS

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(self.english())

    def english(self) -> str:
        return self.template.format(**self.params)


class ValidationError(UserError):
    """Input that breaks a rule; nothing was changed."""


class NotFound(UserError):
    """The thing asked for does not exist."""


class PermissionDenied(UserError):
    """The acting user's role may not do this; the refusal is in the audit log."""


class ConflictError(UserError):
    """The state changed under the user (e.g. someone else got there first)."""


class AuthenticationError(UserError):
    """Wrong user name or password, or a locked account."""


class DatabaseError(UserError):
    """The database cannot be used: wrong URL, unreachable server, wrong schema version."""


class SessionEnded(AuthenticationError):
    """The database no longer lets this login in (its account was disabled, or its
    password changed elsewhere): log in again."""
