"""Qt translations: Simplified Chinese by default, English (the source language) on request."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from counter_app.errors import UserError
from counter_app.i18n import Term
from counter_app.paths import translations_dir

_installed: list[QTranslator] = []  # keep the translators alive as long as the application


def install_translators(language: str) -> bool:
    """Install our catalogue and Qt's own for ``language``; True if ours was found."""
    if language.lower() in {"en", "en_us", "en_gb", "c"}:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    locale = QLocale(language)
    QLocale.setDefault(locale)
    ours = QTranslator()
    found = ours.load(f"counter_app_{language}", str(translations_dir()))
    if found:
        QCoreApplication.installTranslator(ours)
        _installed.append(ours)
    qt_base = QTranslator()
    if qt_base.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        QCoreApplication.installTranslator(qt_base)
        _installed.append(qt_base)
    return found


def user_message(error: UserError) -> str:
    """The error's message in the user's language, with its fields filled in."""
    template = QCoreApplication.translate(error.context, error.template)
    params = {
        name: QCoreApplication.translate(value.context, value) if isinstance(value, Term) else value
        for name, value in error.params.items()
    }
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the message
        return error.english()
