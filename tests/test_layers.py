"""The layers of DESIGN.md: no Qt below ui/, no SQL in ui/."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "counter_app"
QT_FREE = ("domain", "services", "db", "printing")
DOMAIN_FORBIDDEN = ("PySide6", "sqlalchemy", "counter_app.db", "counter_app.services", "counter_app.ui")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / folder).rglob("*.py")
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in forbidden)
    )


@pytest.mark.parametrize("folder", QT_FREE)
def test_no_qt_below_ui(folder: str) -> None:
    assert not _offenders(folder, ("PySide6", "shiboken6", "counter_app.ui")), f"Qt in {folder}/"


def test_domain_is_plain_python() -> None:
    assert not _offenders("domain", DOMAIN_FORBIDDEN)


def test_no_sql_in_ui() -> None:
    assert not _offenders("ui", ("sqlalchemy",))


def test_the_check_itself_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n", encoding="utf-8")
    assert _imports(sample) == {"PySide6.QtCore", "sqlalchemy.orm"}


def test_the_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    """import-linter's contracts in pyproject.toml (domain imports nothing of ours but the
    kernel; db and printing only domain; services never ui or events; ui never db), run
    on the real import graph, indirect imports included."""
    from importlinter.cli import lint_imports

    # import-linter configures logging with dictConfig, which disables every logger that
    # exists: the tests after this one would capture no log records.
    loggers = [logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    disabled = {logger: logger.disabled for logger in loggers}
    try:
        exit_code = lint_imports(config_filename=str(PACKAGE.parent / "pyproject.toml"), no_cache=True, no_logo=True)
    finally:
        for logger, was_disabled in disabled.items():
            logger.disabled = was_disabled
    output = capsys.readouterr().out
    assert exit_code == 0, output
    assert "6 kept, 0 broken" in output
