"""Translation upkeep for developers.

    uv run python tools/i18n.py update    # collect strings into resources/translations/*.ts
    uv run python tools/i18n.py release   # build the .qm files the client loads

Translate the ``unfinished`` entries of the .ts (Qt Linguist: ``uv run pyside6-linguist``)
between the two steps. tests/test_translations.py fails while any string lacks Chinese.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def source_files() -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in (ROOT / "counter_app").rglob("*.py"))


def ts_file(language: str) -> Path:
    return TRANSLATIONS / f"counter_app_{language}.ts"


def update(target: Path | None = None, language: str = "zh_CN") -> None:
    target = target or ts_file(language)
    subprocess.run(
        [tool("pyside6-lupdate"), *source_files(), "-no-obsolete", "-locations", "none",
         "-source-language", "en", "-target-language", language, "-ts", str(target)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )


def release(source: Path, target: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(source), "-qm", str(target)], check=True, capture_output=True, text=True)


def main(argv: list[str]) -> int:
    if argv[1:] == ["update"]:
        for language in LANGUAGES:
            update(language=language)
        return 0
    if argv[1:] == ["release"]:
        for language in LANGUAGES:
            release(ts_file(language), ts_file(language).with_suffix(".qm"))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
