"""Item search as you type: the time of one keystroke's search over a catalogue of 2,000
items (``domain.item_search.ItemIndex``), typed one key at a time.

    uv run python -m benchmarks.item_search_bench [--items 2000] [--rounds 5] [--limit 50]

The catalogue: the demo's 48 item names varied to 2,000 (a prefix such as 变更 or 延续, a
suffix such as 登记 or 备案, a number), over the demo's departments. Queries, typed key by
key (each prefix is one search): Chinese names and fragments, full pinyin, pinyin initials,
codes (lower case, with and without the prefix), full-width input and several words.
Reported: building the index (pinyin of every name, once) and p50 / p99 / max of a
keystroke's search in ms, per kind of query and in all; the target is p99 ≤ 10 ms.
``--limit``: results wanted (the picker's list); ``--limit 0`` for all of them, ranked (the
catalogue tab).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PREFIXES = ("", "", "", "变更", "延续", "注销", "补办", "新办", "跨区域")
SUFFIXES = ("", "", "登记", "备案", "审核", "核准", "（分支机构）", "（个体工商户）", "证明开具")
QUERIES = {
    "Chinese": ("劳务派遣经营许可", "食品经营", "建设工程规划许可证核发", "居住证", "不动产登记资料查询", "许可"),
    "pinyin": ("laowupaiqian", "shipinjingying", "jianshegongcheng", "juzhuzheng", "budongchan"),
    "initials": ("lwpqjyxk", "spjyxk", "jsgcghxkzhf", "jzzsl", "bdcdjzlcx"),
    "code": ("tjbs-xk-0001-0417", "xk-0003", "tjbs-gg-0006-1999", "0042"),
    "other": ("ＬＷＰＱ", "行政审批局 食品", "lao wu pai qian", "no such item"),
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def catalogue(count: int, seed: int = 2026) -> list[object]:
    """``count`` items: the demo catalogue's names varied."""
    from counter_app.domain.item_search import SearchItem
    from counter_app.paths import demo_dir
    from counter_app.services.catalogue import parse_catalogue

    rows = parse_catalogue((demo_dir() / "catalogue.csv").read_bytes())
    rng = random.Random(seed)
    items: list[object] = []
    for number in range(count):
        row = rows[number % len(rows)]
        name = f"{rng.choice(PREFIXES)}{row.name}{rng.choice(SUFFIXES)}"
        if number >= len(rows):
            name += str(number // len(rows))
        items.append(SearchItem(number, f"{row.code}-{number:04d}", name[:200], row.department))
    return items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5, help="times every query is typed")
    parser.add_argument("--limit", type=int, default=50, help="results wanted; 0: all of them")
    args = parser.parse_args()
    from counter_app.domain.item_search import ItemIndex

    print(f"# item search benchmark, {datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    items = catalogue(args.items)
    ItemIndex(items[:10])  # pypinyin's dictionaries loaded: not the index's cost
    started = time.perf_counter()
    index = ItemIndex(items)
    built = time.perf_counter() - started
    print(f"{len(index)} items; index built in {built * 1000:.0f} ms (pinyin of every name, once)")
    limit = args.limit or None
    print(f"results wanted: {limit or 'all'}; each query typed {args.rounds} times, one search per key\n")
    print("| queries | keystrokes | p50 ms | p99 ms | max ms | results (last key, mean) |")
    print("|---|---|---|---|---|---|")
    everything: list[float] = []
    gc.collect()
    for kind, queries in QUERIES.items():
        timings: list[float] = []
        results: list[int] = []
        for _ in range(args.rounds):
            for query in queries:
                for end in range(1, len(query) + 1):
                    start = time.perf_counter()
                    found = index.search(query[:end], limit)
                    timings.append((time.perf_counter() - start) * 1000)
                results.append(len(found))
        everything += timings
        print(f"| {kind} | {len(timings)} | {percentile(timings, 0.5):.3f} | {percentile(timings, 0.99):.3f} | "
              f"{max(timings):.3f} | {sum(results) / len(results):.0f} |")
    print(f"| all | {len(everything)} | {percentile(everything, 0.5):.3f} | {percentile(everything, 0.99):.3f} | "
          f"{max(everything):.3f} | |")
    p99 = percentile(everything, 0.99)
    print(f"\np99 {p99:.2f} ms: {'within' if p99 <= 10 else 'OVER'} the 10 ms target")


if __name__ == "__main__":
    main()
