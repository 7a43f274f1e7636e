"""Screenshots of finding and continuing cases (offscreen, Chinese, 1920×1080): the case
search with overdue rows, an opened case, the supervisors' "不说NO" register.

    uv run python tools/screenshots_case_search.py [OUT_DIR] [MAPPING.py]

A fresh demo database gets ``tools/demo_cases.add_demo_cases``. MAPPING.py (``ZH = {English:
中文}``, default /tmp/zh_search.py if present) fills strings the shipped .ts lacks yet, in a
copy of it compiled for this run only: the repository's translations are not touched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["COUNTER_APP_LANG"] = "zh_CN"
os.environ["COUNTER_APP_DATA_DIR"] = tempfile.mkdtemp(prefix="ca-case-shots-")

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))
sys.path.insert(0, str(TOOLS.parent))

SIZE = (1920, 1080)


def translations_with(mapping: Path | None) -> Path | None:
    """A .qm of the shipped translations plus ``mapping``, in a temporary folder."""
    if mapping is None or not mapping.exists():
        return None
    import fill_translations
    import i18n

    folder = Path(tempfile.mkdtemp(prefix="ca-ts-"))
    ts = folder / "counter_app_zh_CN.ts"
    shutil.copy(i18n.ts_file("zh_CN"), ts)
    i18n.update(ts, language="zh_CN")  # the new strings, as unfinished entries
    fill_translations.main(ts, mapping)
    qm = ts.with_suffix(".qm")
    i18n.release(ts, qm)
    return qm


def main(out: Path, mapping: Path | None) -> None:
    qm = translations_with(mapping)

    from PySide6.QtCore import QCoreApplication, QTranslator
    from sqlalchemy import update

    from counter_app.config import resolve_database
    from counter_app.db.models import Staff
    from counter_app.services import cases
    from counter_app.services.auth import login
    from counter_app.services.demo import DEMO_PASSWORD
    from counter_app.services.setup import open_database
    from counter_app.ui.app import make_application
    from counter_app.ui.cases.register import CasesWorkspace
    from counter_app.ui.shared.backend import Backend
    from tools.demo_cases import add_demo_cases

    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    translator = QTranslator(app)
    if qm is not None and translator.load(str(qm)):
        QCoreApplication.installTranslator(translator)  # searched before the shipped one
    database = open_database(resolve_database(None)).database
    with database.transaction() as session:  # a throwaway demo: first passwords taken as changed
        session.execute(update(Staff).values(must_change_password=False))
    numbers = add_demo_cases(database, 40)
    print(f"{len(numbers)} demo cases")
    backend = Backend(login(database, "kg_zb", DEMO_PASSWORD))

    def settle(seconds: float = 1.0) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or not backend.operations.idle:
            app.processEvents()
            time.sleep(0.02)

    workspace = CasesWorkspace(backend)
    workspace.setWindowTitle(QCoreApplication.translate("Workspaces", "Cases"))
    workspace.resize(*SIZE)
    workspace.show()
    settle(1.5)
    search = workspace.search
    search.open_only.setChecked(True)
    settle(1.0)
    overdue = [case for case in search.model.cases if case.overdue]
    print(f"{search.model.rowCount()} open cases shown, {len(overdue)} overdue")
    workspace.grab().save(str(out / "case_search.png"))

    # The opened case: an open one with the longest trail (a material supplied, an extension).
    views = [cases.get_case(backend.actor, case.number) for case in search.model.cases]
    chosen = max(views, key=lambda view: (len(view.events), bool(view.outstanding)))
    search.open_case(chosen.number)
    settle(1.0)
    workspace.grab().save(str(out / "case_page.png"))
    search.show_results()

    workspace.tabs.setCurrentIndex(1)
    settle(1.5)
    workspace.grab().save(str(out / "unmet_register.png"))
    workspace.register.show_all.setChecked(True)
    settle(1.0)
    workspace.grab().save(str(out / "unmet_register_all.png"))
    workspace.stop()
    workspace.close()
    backend.stop()
    database.dispose()
    print("written to", out)


if __name__ == "__main__":
    default_mapping = Path("/tmp/zh_search.py")
    main(
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/shots_case_search"),
        Path(sys.argv[2]) if len(sys.argv) > 2 else (default_mapping if default_mapping.exists() else None),
    )
