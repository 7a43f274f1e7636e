"""Catalogue import benchmark: wall time and peak memory of importing a large catalogue CSV
(all new items), then of importing the same file again (all updates), on SQLite and on
PostgreSQL.

    uv run python -m benchmarks.catalogue_import_bench [--rows 20000] [--pg-url URL | --pg-cluster] [--tracemalloc]
        [--old-format]

The file is generated (deterministic): items spread over the demo's departments, 2 to 12
materials each from a pool of real material names, some marked (可容缺), licence types and
validities, legal bases (some quoted with commas, a few spanning two lines), time limits in
every unit (mostly working days; calendar days, months, on the spot, none; units written in
Chinese or English), extensions, 容缺 deadlines and fees. ``--old-format``: the earlier
columns (statutory_limit_days, promised_limit_days) instead.

Each import runs in a child process of its own (``import_catalogue_file`` as the CLI calls
it), so that its peak RSS (``getrusage``: the child's maximum resident set) is its own; the
child's RSS before the import (interpreter, SQLAlchemy, the connection) is printed too, and
the difference is what the import itself needed. ``--tracemalloc`` also reports the peak of
Python allocations during the import (this slows the import down: its time is not the
figure to quote).

``--pg-url`` is a server where the URL's user may create databases: a fresh database is
created there, migrated, used and dropped. ``--pg-cluster`` starts a throwaway cluster
(``tests/pg_cluster.py``) instead. Without either, SQLite only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = (
    "code,name,department,kind,case_type,statutory_limit,statutory_limit_unit,promised_limit,promised_limit_unit,"
    "extension_days,deferral_days,fees,materials,licence_type,licence_validity_months,notify_commit,"
    "renew_on_commitment,tolerance_acceptance,on_the_spot,nearby,online,one_visit,legal_basis"
)
OLD_HEADER = HEADER.replace(
    "statutory_limit,statutory_limit_unit,promised_limit,promised_limit_unit,extension_days,deferral_days,fees",
    "statutory_limit_days,promised_limit_days",
)
WORKING_DAYS = ("工作日", "working_days")
FEES = ("不收费", "不收费", "不收费", "", "工本费10元", "按件收费：住宅80元/件，非住宅550元/件")
SUBJECTS = (
    "劳务派遣经营", "人力资源服务", "食品经营", "食品生产", "药品零售", "医疗器械经营", "建筑施工", "道路运输经营",
    "出租汽车经营", "危险化学品经营", "烟草专卖零售", "旅行社业务经营", "娱乐场所经营", "公共场所卫生",
    "放射诊疗", "民办学校办学", "养老机构设立", "排污", "取水", "建设工程规划", "施工", "特种设备使用",
    "广告发布", "出版物零售", "印刷经营", "电影放映", "营业性演出", "互联网上网服务营业场所", "二类疫苗储运",
)
ACTIONS = ("许可", "许可证核发", "许可延续", "许可变更", "登记", "备案", "审批", "确认", "注销")
MATERIALS = (
    "申请书", "营业执照", "法定代表人身份证明", "公司章程", "经营场所使用证明", "租赁合同", "房屋产权证明",
    "主要设备设施清单", "管理制度文本", "专业技术人员资格证书", "从业人员健康证明", "安全评价报告",
    "环境影响评价文件", "消防验收意见", "授权委托书及受托人身份证明", "原许可证正副本", "告知承诺书",
    "财务审计报告", "验资报告", "场所平面布局图", "工艺流程图", "质量管理文件", "应急预案",
    "法定代表人（负责人）身份证明", "主要负责人安全培训合格证明", "车辆行驶证及道路运输证",
)
LICENCE_TYPES = ("经营许可证", "生产许可证", "卫生许可证", "登记证", "备案凭证", "资格证")
LAWS = (
    "《中华人民共和国行政许可法》", "《食品经营许可和备案管理办法》", "《劳务派遣行政许可实施办法》",
    "《人力资源市场暂行条例》第十八条", "《中华人民共和国道路运输条例》第二十四条",
    "《危险化学品安全管理条例》", "《娱乐场所管理条例》第九条", "《中华人民共和国食品安全法》第三十五条",
)
KINDS = ("行政许可", "行政确认", "公共服务", "内部审批", "其他")


def departments() -> tuple[tuple[str, str], ...]:
    from counter_app.services.demo import DEPARTMENTS

    return DEPARTMENTS


def _limits(rng: random.Random, statutory: int, promised: int, case_type: str) -> list[str]:
    """The seven limit columns: mostly working days; some calendar days, months or none."""
    draw = rng.random()
    if statutory == 0:
        statutory_limit = ["", "无" if draw < 0.3 else "当场"]
    elif draw < 0.1:
        statutory_limit = [str(statutory), rng.choice(("自然日", "calendar_days"))]
    elif draw < 0.15:
        statutory_limit = [str(max(1, statutory // 20)), rng.choice(("个月", "months"))]
    else:
        statutory_limit = [str(statutory), rng.choice(WORKING_DAYS)]
    promised_limit = ["", "当场"] if case_type == "即办件" else [str(promised), rng.choice(WORKING_DAYS)]
    extension = "10" if statutory_limit[1] in WORKING_DAYS and rng.random() < 0.7 else "0"
    deferral = rng.choice(("60", "60", "30", ""))
    return [*statutory_limit, *promised_limit, extension, deferral, rng.choice(FEES)]


def generate(path: Path, rows: int, seed: int = 20261123, *, old_format: bool = False) -> None:
    """A valid catalogue of ``rows`` items (deterministic for a given seed)."""
    rng = random.Random(seed)
    depts = departments()
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write((OLD_HEADER if old_format else HEADER) + "\r\n")
        for number in range(1, rows + 1):
            code_name, dept_name = depts[number % len(depts)]
            department = dept_name if number % 5 else code_name  # the column takes a name or a code
            kind = KINDS[0] if number % 3 else rng.choice(KINDS)
            tolerance = rng.random() < 0.3
            materials = rng.sample(MATERIALS, rng.randint(2, 12))
            if tolerance:
                materials[-1] += "(可容缺)" if number % 2 else "（可容缺）"
            has_licence = kind == "行政许可" and rng.random() < 0.7
            validity = rng.choice((12, 24, 36, 60, 72)) if has_licence and rng.random() < 0.8 else None
            statutory = rng.choice((0, 5, 10, 15, 20, 30, 60))
            case_type = "即办件" if statutory == 0 or rng.random() < 0.3 else "承诺件"
            promised = 0 if case_type == "即办件" else rng.randint(1, statutory)
            renew = validity is not None and rng.random() < 0.5
            flags = [rng.random() < 0.5, renew, tolerance] + [rng.random() < 0.5 for _ in range(4)]
            legal = rng.choice(LAWS)
            if number % 7 == 0:
                legal = f'"{legal}，{rng.choice(LAWS)}"'
            if number % 997 == 0:
                legal = f'"{rng.choice(LAWS)}\n第{number % 50 + 1}条"'
            fields = [
                f"BENCH-{number:06d}",
                rng.choice(SUBJECTS) + rng.choice(ACTIONS),
                department,
                kind,
                case_type,
                *([str(statutory), str(promised)] if old_format else _limits(rng, statutory, promised, case_type)),
                ";".join(materials),
                rng.choice(SUBJECTS) + rng.choice(LICENCE_TYPES) if has_licence else "",
                str(validity) if validity is not None else "",
                *("是" if flag else "否" for flag in flags),
                legal,
            ]
            out.write(",".join(fields) + "\r\n")


def prepare(url: str) -> None:
    """Migrate a fresh database and add the departments the catalogue names."""
    from counter_app.db import migrate
    from counter_app.db.engine import Database
    from counter_app.db.models import Department

    database = Database.from_url(url)
    try:
        migrate.upgrade(database.engine)
        with database.transaction() as session:
            session.add_all(Department(code=code, name=name) for code, name in departments())
    finally:
        database.dispose()


def child(url: str, path: Path, trace: bool) -> None:
    """One import, in this process; prints its figures as JSON."""
    import resource
    import tracemalloc

    from sqlalchemy import func, select

    from counter_app.db.engine import Database
    from counter_app.db.models import ServiceItem, ServiceItemMaterial
    from counter_app.services.access import Actor
    from counter_app.services.catalogue import import_catalogue_file

    database = Database.from_url(url)
    with database.reading() as session:  # connect before measuring
        session.scalar(select(func.count()).select_from(ServiceItem))
    rss_before = _rss_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    report = import_catalogue_file(Actor.system(database), path)
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    if trace:
        tracemalloc.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with database.reading() as session:
        items = session.scalar(select(func.count()).select_from(ServiceItem))
        materials = session.scalar(select(func.count()).select_from(ServiceItemMaterial))
    database.dispose()
    print(json.dumps({
        "seconds": seconds, "created": report.created, "updated": report.updated, "rss_before_mb": rss_before,
        "peak_rss_mb": peak, "traced_peak_mb": traced_peak, "items": items, "materials": materials,
    }))


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_child(url: str, path: Path, trace: bool) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.catalogue_import_bench", "--child", url, str(path)]
    if trace:
        command.append("--tracemalloc")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"the import failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def describe(label: str, figures: dict[str, float]) -> str:
    text = (f"- {label}: {figures['seconds']:.2f} s, {figures['created']} created, {figures['updated']} updated "
            f"({figures['items']} items, {figures['materials']} materials in the database); peak RSS "
            f"{figures['peak_rss_mb']:.0f} MB (before the import {figures['rss_before_mb']:.0f} MB, "
            f"so +{figures['peak_rss_mb'] - figures['rss_before_mb']:.0f} MB)")
    if figures.get("traced_peak_mb") is not None:
        text += f"; Python allocations peak {figures['traced_peak_mb']:.1f} MB (tracemalloc)"
    return text


def bench(label: str, url: str, path: Path, trace: bool) -> None:
    print(f"\n## {label}")
    prepare(url)
    print(describe("first import (all new)", run_child(url, path, trace)))
    print(describe("same file again (all updates)", run_child(url, path, trace)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--pg-url", help="a PostgreSQL server where the user may create databases")
    parser.add_argument("--pg-cluster", action="store_true", help="start a throwaway PostgreSQL cluster")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true", help="also the peak of Python allocations (slower)")
    parser.add_argument("--old-format", action="store_true", help="the earlier limit columns (in working days)")
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.tracemalloc)
        return
    print(f"# catalogue import benchmark, {datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    cluster = None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalogue.csv"
        generate(path, args.rows, old_format=args.old_format)
        print(f"file: {args.rows} rows{' (earlier format)' if args.old_format else ''}, "
              f"{path.stat().st_size / 2**20:.1f} MB")
        if not args.no_sqlite:
            bench("SQLite", f"sqlite:///{folder}/bench.sqlite3", path, args.tracemalloc)
        pg_url = args.pg_url
        if args.pg_cluster and not pg_url:
            from tests.pg_cluster import start_cluster

            cluster = start_cluster()
            pg_url = cluster.admin_url()
        if pg_url:
            from sqlalchemy.engine import make_url

            from tests.conftest import _pg_execute

            name = f"bench_catalogue_{os.getpid()}_{int(time.time())}"
            _pg_execute(pg_url, f'CREATE DATABASE "{name}"')
            try:
                url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
                bench("PostgreSQL", url, path, args.tracemalloc)
            finally:
                _pg_execute(pg_url, f'DROP DATABASE IF EXISTS "{name}"')
                if cluster is not None:
                    cluster.stop()


if __name__ == "__main__":
    main()
