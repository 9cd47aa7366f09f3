"""Run every benchmark in bench/ and print one table of figures and ratios.

Each benchmark module exposes ``main() -> dict[str, float | str]``; this runner imports them in turn
(each in its own process, so one benchmark's memory and Django setup cannot colour another's) and
prints their figures side by side. Usage: ``scripts/bench.sh`` (or ``python bench/run.py [names]``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BENCHMARKS = ["geocoding", "component_import", "case_loop"]


def run_one(name: str) -> dict[str, object]:
    code = (
        f"import json, sys; sys.path.insert(0, {str(BENCH_DIR)!r}); import importlib; "
        f"m = importlib.import_module({name!r}); print('@@RESULT@@' + json.dumps(m.main()))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=BENCH_DIR.parent
    )
    sys.stderr.write(completed.stderr[-4000:])
    for line in completed.stdout.splitlines():
        if line.startswith("@@RESULT@@"):
            return json.loads(line.removeprefix("@@RESULT@@"))
        print(line)
    return {"error": f"exit code {completed.returncode}"}


def main(names: list[str]) -> int:
    results = {name: run_one(name) for name in names}
    print("\n== CityLoop benchmarks ==")
    width = max((len(f"{n}.{k}") for n, figures in results.items() for k in figures), default=20)
    failed = False
    for name, figures in results.items():
        for key, value in figures.items():
            shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
            print(f"{name + '.' + key:<{width}}  {shown}")
            failed = failed or key == "error"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or BENCHMARKS))
