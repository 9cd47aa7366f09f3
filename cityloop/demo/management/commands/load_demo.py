"""``manage.py load_demo --seed S --grids N [--components M] [--districts D]``.

Loads the generated demo city once (a second run changes nothing) and prints the demo accounts.
Refused where ``settings.CITYLOOP_DEMO_ALLOWED`` is false, i.e. in production.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from cityloop.demo.build import (
    DEFAULT_COMPONENTS,
    DEFAULT_GRIDS,
    DEFAULT_SEED,
    STEP_NAMES,
    STEPS,
    build_demo,
    demo_accounts,
    demo_counts,
    demo_exists,
)
from cityloop.demo.geometry import MAX_DISTRICTS

# Beyond this many accounts the table shows the first few of each post and a count of the rest.
FULL_TABLE_LIMIT = 120
ROWS_PER_POST_WHEN_LONG = 4


class Command(BaseCommand):
    help = "生成并载入演示城市（示范市）：网格、部门、分类、责任矩阵、部件和演示账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子：同一种子生成同一城市")
        parser.add_argument("--grids", type=int, default=DEFAULT_GRIDS, help="单元网格总数")
        parser.add_argument("--components", type=int, default=DEFAULT_COMPONENTS, help="部件数量")
        parser.add_argument("--districts", type=int, default=1, help=f"区的数量（1–{MAX_DISTRICTS}）")

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "CITYLOOP_DEMO_ALLOWED", False):
            raise CommandError("生产环境不允许载入演示数据（CITYLOOP_DEMO_ALLOWED 为 False）。")
        seed, grids, components, districts = (
            options["seed"],
            options["grids"],
            options["components"],
            options["districts"],
        )
        if not 1 <= districts <= MAX_DISTRICTS:
            raise CommandError(f"--districts 须在 1 到 {MAX_DISTRICTS} 之间。")
        if grids < 2 * districts:
            raise CommandError("--grids 至少为区数的两倍。")
        if components < 0:
            raise CommandError("--components 不能为负数。")

        if demo_exists():
            self.stdout.write("演示城市已存在，未做任何改动。")
        else:
            with tqdm(
                total=len(STEPS), desc="生成演示城市", unit="步", disable=options["verbosity"] < 1
            ) as bar:
                bar.set_postfix_str(STEP_NAMES[STEPS[0]])

                def advance(finished: str) -> None:
                    bar.update(1)
                    following = STEPS.index(finished) + 1
                    if following < len(STEPS):
                        bar.set_postfix_str(STEP_NAMES[STEPS[following]])

                report = build_demo(seed, grids, components, districts, on_step=advance)
            timings = "，".join(f"{STEP_NAMES[s]} {t:.1f}s" for s, t in report.timings.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"演示城市已生成（种子 {seed}），用时 {report.total_seconds:.1f} 秒：{timings}"
                )
            )
        self._print_accounts()
        counts = "，".join(f"{label} {count}" for label, count in demo_counts().items())
        self.stdout.write(f"数据量：{counts}")

    def _print_accounts(self) -> None:
        rows = demo_accounts()
        shown = rows
        if len(rows) > FULL_TABLE_LIMIT:
            seen: dict[str, int] = {}
            shown = []
            for row in rows:
                seen[row.post] = seen.get(row.post, 0) + 1
                if seen[row.post] <= ROWS_PER_POST_WHEN_LONG:
                    shown.append(row)
        table = [("用户名", "密码", "岗位", "范围")] + [
            (r.username, r.password, r.post, r.scope) for r in shown
        ]
        widths = [max(_width(line[i]) for line in table) for i in range(3)]
        self.stdout.write("演示账号（仅用于本机演示，密码均为 demo-<用户名>）：")
        for line in table:
            cells = [_pad(line[i], widths[i]) for i in range(3)]
            self.stdout.write("  " + "  ".join([*cells, line[3]]))
        if len(shown) < len(rows):
            self.stdout.write(f"  …… 共 {len(rows)} 个账号，每个岗位只列出前 {ROWS_PER_POST_WHEN_LONG} 个。")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
