"""Translation markers usable below ui/ (no Qt here).

User-facing strings raised by domain/ and services/ are English templates marked with
``QT_TRANSLATE_NOOP(context, text)`` so that ``pyside6-lupdate`` collects them into the
Chinese ``.ts`` file; the UI (and the CLI) translate them with
``QCoreApplication.translate(context, text)`` and then fill in the ``{named}`` fields.
"""

from __future__ import annotations

ERRORS = "Errors"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name read by lupdate
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    del context
    return text


class Term(str):
    """A word filled into a message that is itself translated when shown (a role, an action).

    Mark the text where it is written: ``Term(QT_TRANSLATE_NOOP("Terms", "clerk"))``.
    """

    context = "Terms"
