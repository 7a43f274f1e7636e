"""Every shipped string has a Chinese translation, and the built .qm matches the .ts."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import i18n  # noqa: E402

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(ts)
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message.find("translation")
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    }


@pytest.fixture(scope="module")
def shipped_strings(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    fresh = tmp_path_factory.mktemp("ts") / "fresh.ts"
    i18n.update(fresh)
    strings = set(_messages(fresh))
    assert len(strings) > 50, "lupdate found too few strings: is the source scan broken?"
    return strings


def test_every_shipped_string_has_a_chinese_translation(shipped_strings: set[tuple[str, str]]) -> None:
    translations = _messages(i18n.ts_file("zh_CN"))
    missing = sorted(
        f"[{context}] {source}"
        for context, source in shipped_strings
        if (element := translations.get((context, source))) is None
        or element.get("type") in {"unfinished", "vanished", "obsolete"}
        or not (element.text or "").strip()
    )
    assert not missing, "untranslated (run tools/i18n.py update, translate, release):\n" + "\n".join(missing)


def test_translations_keep_the_placeholders() -> None:
    for (context, source), element in _messages(i18n.ts_file("zh_CN")).items():
        if element is None or not element.text:
            continue
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(element.text)), (context, source)


def test_translations_are_chinese() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    for (context, source), element in _messages(i18n.ts_file("zh_CN")).items():
        if not re.search(r"[A-Za-z]", PLACEHOLDER.sub("", source)):
            continue  # nothing but placeholders and punctuation, e.g. "{field}: {problem}"
        assert element is not None and han.search(element.text or ""), (context, source)


def test_the_built_qm_matches_the_ts(tmp_path: Path) -> None:
    ts = i18n.ts_file("zh_CN")
    built = tmp_path / "built.qm"
    i18n.release(ts, built)
    assert built.read_bytes() == ts.with_suffix(".qm").read_bytes(), "run: uv run python tools/i18n.py release"


def test_qt_translates_an_error_message_at_run_time(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication

    from counter_app.domain.identifiers import parse_resident_id
    from counter_app.errors import ValidationError
    from counter_app.ui.translation import install_translators, user_message

    assert install_translators("zh_CN")
    try:
        with pytest.raises(ValidationError) as caught:
            parse_resident_id("123")
        message = user_message(caught.value)
        assert re.search(r"[\u4e00-\u9fff]", message) and "3" in message
    finally:
        install_translators("en")
        from counter_app.ui import translation

        for translator in translation._installed:
            QCoreApplication.removeTranslator(translator)
        translation._installed.clear()
