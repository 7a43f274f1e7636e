"""Account rules: what a user name may be, how strong a password must be, and how many
wrong passwords lock an account.

Password strength follows NIST SP 800-63B rather than composition rules: long enough,
not guessable (zxcvbn's estimate: dictionary words, common passwords, keyboard patterns,
repeats, sequences and dates), and not made of the user's own name.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from zxcvbn import zxcvbn

from counter_app.errors import ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128  # zxcvbn's cost grows with the length; no one types more at a counter
MIN_STRENGTH = 2  # zxcvbn's 0-4 scale: 2 resists online guessing, which the lock-out limits anyway
# PostgreSQL login role names: lower case, so that typing KG01 logs in as kg01; never
# PostgreSQL's own (pg_…) or ours (counter_app_…).
USERNAME = re.compile(r"^[a-z][a-z0-9_]{1,62}$")
RESERVED_PREFIXES = ("pg_", "counter_app_")
RESERVED_NAMES = frozenset({"postgres", "public", "system", "none", "current_user", "session_user", "current_role"})

DEFAULT_MAX_FAILED_LOGINS = 5
DEFAULT_LOCKOUT_MINUTES = 15


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_username(username: str) -> str:
    """The user name as stored (lower case), or a ``ValidationError`` saying what is wrong."""
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "A user name has 2 to 63 characters: lower-case letters a-z, digits and '_', starting with a letter.",
            )
        )
    if name in RESERVED_NAMES or name.startswith(RESERVED_PREFIXES):
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The user name '{username}' is reserved."), username=name)
    return name


def check_new_password(password: str, username: str, full_name: str = "") -> None:
    """Refuse a password that is too short, too long or too easy to guess, with the reason."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A password needs at least {minimum} characters."), minimum=MIN_PASSWORD_LENGTH
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A password has at most {maximum} characters."), maximum=MAX_PASSWORD_LENGTH
        )
    if password != password.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A password may not begin or end with a space."))
    lowered = password.lower()
    personal = [part for part in (normalise_username(username), *full_name.lower().split()) if len(part) >= 3]
    if any(part in lowered for part in personal):
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A password may not contain your user name or your name."))
    if zxcvbn(password, user_inputs=personal)["score"] < MIN_STRENGTH:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "This password is too easy to guess (a common word or password, a keyboard pattern, a repeat, "
                "a sequence or a date). Use a longer phrase or mix unrelated words and digits.",
            )
        )


@dataclass(frozen=True)
class LoginAttempt:
    """The outcome of counting one login attempt (before the password is checked)."""

    allowed: bool  # False: the account is locked; the password is not even checked
    failures: int  # attempts counted since the last success, this one included
    locked_until: datetime | None

    def remaining(self, max_failures: int) -> int:
        return max(0, max_failures - self.failures)

    def minutes_locked(self, now: datetime) -> int:
        if self.locked_until is None:
            return 0
        return max(1, math.ceil((self.locked_until - now) / timedelta(minutes=1)))
