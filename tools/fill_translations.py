"""Fill unfinished entries of a .ts file from a Python mapping (English source → translation).

    uv run python tools/fill_translations.py resources/translations/counter_app_zh_CN.ts MAPPING.py

MAPPING.py defines ``ZH = {source: translation}``; entries already translated are kept.
"""

from __future__ import annotations

import runpy
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def main(ts_path: Path, mapping_path: Path) -> int:
    mapping: dict[str, str] = runpy.run_path(str(mapping_path))["ZH"]
    tree = ET.parse(ts_path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") != "unfinished" and (translation.text or "").strip():
            continue
        if source in mapping:
            translation.text = mapping[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    ET.indent(tree, space="    ")
    with ts_path.open("wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(handle, encoding="utf-8", xml_declaration=False)
        handle.write(b"\n")
    # Back to lupdate's own layout, so that a translation's commit shows only its own lines.
    sys.path.insert(0, str(Path(__file__).parent))
    from i18n import update

    update(ts_path, language=ts_path.stem.removeprefix("counter_app_"))
    for source in missing:
        print("untranslated:", source)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
