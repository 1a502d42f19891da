"""Time cold builds of the shipped brief (not a test: prints medians, asserts nothing).

Each run is a fresh `reportgen build` process into an empty directory, so interpreter start-up,
imports, validation, charts and layout are all counted. Usage:
    .venv/bin/python benchmarks/build_times.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = [("zh", "html"), ("zh", "pdf"), ("en", "html"), ("en", "pdf"), ("zh,en", "html,pdf")]


def build_seconds(lang: str, fmt: str) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "reportgen.cli", "build", "--lang", lang, "--format", fmt,
             "--data", str(REPO / "datasets"), "--out", out],
            check=True, capture_output=True, cwd=REPO,
        )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    build_seconds("en", "html")  # warm the OS file cache and the Vega bundle cache
    medians = {}
    for lang, fmt in CASES:
        times = [build_seconds(lang, fmt) for _ in range(args.runs)]
        medians[(lang, fmt)] = statistics.median(times)
        print(f"{lang:>6} {fmt:>9}: median {medians[(lang, fmt)]:6.2f} s over {args.runs} runs")
    print(f"zh PDF / en PDF: {medians[('zh', 'pdf')] / medians[('en', 'pdf')]:.2f}")


if __name__ == "__main__":
    main()
