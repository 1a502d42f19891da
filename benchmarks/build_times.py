"""Benchmark of the shipped brief (not a test: it prints measurements and asserts nothing).

Every figure is a median over --runs runs of a fresh `reportgen build` process (interpreter
start-up included), and every ratio is taken between measurements made in this same run, so
a noisy machine moves both sides together. "Cold" means an empty output directory and an empty
cache directory (charts, Vega runtime); "warm" means nothing changed since the last build.

Usage: .venv/bin/python benchmarks/build_times.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "datasets"
OUTPUTS = [("zh", "html"), ("zh", "pdf"), ("en", "html"), ("en", "pdf")]


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def run_build(args: list[str], env: dict, out: Path, data: Path = DATA) -> dict:
    """Run one build; return wall seconds, the largest single-process RSS and the largest
    summed RSS of the process tree (sampled every 20 ms), and stderr."""
    command = [sys.executable, "-m", "reportgen.cli", "build", "--data", str(data), "--out", str(out), *args]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_sum = 0
    done = threading.Event()

    def sample():
        nonlocal peak_sum
        while not done.is_set():
            peak_sum = max(peak_sum, tree_rss_kb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed: {stderr}")
    return {"seconds": seconds, "stderr": stderr, "tree_mb": peak_sum / 1024}


def cold(args: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "REPORTGEN_CACHE_DIR": cache}
        return run_build(args, env, Path(out))


def median(values):
    return statistics.median(values)


def stage_split(lang: str) -> dict:
    """In-process split of one language's PDF: data + analysis, chart rendering (cold cache),
    HTML render, PDF layout with and without the charts."""
    code = f"""
import os, re, tempfile, time, json
os.environ["REPORTGEN_CACHE_DIR"] = tempfile.mkdtemp()
from pathlib import Path
t0 = time.perf_counter()
from reportgen.data import load_dataset
from reportgen.brief import analyse, brief_content
from reportgen.pipeline import previous_view
ds = load_dataset(Path({str(DATA)!r})); q = ds.latest_quarter(); v = ds.as_of(q)
a = analyse(v, q, previous_view(ds, q))
c = brief_content(v, a, {lang!r})
t1 = time.perf_counter()
from reportgen.render.html import render_charts, render_html
charts = render_charts(c)
t2 = time.perf_counter()
html = render_html(c, charts, interactive=False)
t3 = time.perf_counter()
from reportgen.render.pdf import html_to_pdf
html_to_pdf(html, "x")
t4 = time.perf_counter()
no_charts = re.sub(r'<div class="chart-body"><img[^>]*></div>', '', html)
html_to_pdf(no_charts, "x")
t5 = time.perf_counter()
print(json.dumps({{"data_analysis": t1 - t0, "charts": t2 - t1, "html": t3 - t2, "pdf_layout": t4 - t3, "pdf_layout_no_charts": t5 - t4}}))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = args.runs
    print(f"reportgen build benchmark: {runs} runs each, {os.cpu_count()} cores\n")

    singles = {}
    peaks_tree = []
    for lang, fmt in OUTPUTS:
        results = [cold(["--lang", lang, "--format", fmt]) for _ in range(runs)]
        singles[(lang, fmt)] = median([r["seconds"] for r in results])
        print(f"cold {lang} {fmt:4}: {singles[(lang, fmt)]:6.2f} s")
    all_four = [cold([]) for _ in range(runs)]
    all_four_s = median([r["seconds"] for r in all_four])
    peaks_tree = [r["tree_mb"] for r in all_four]
    print(f"cold all four: {all_four_s:6.2f} s")

    # Warm: build once, then time rebuilds with nothing changed.
    with tempfile.TemporaryDirectory() as cache_dir, tempfile.TemporaryDirectory() as out_dir, \
            tempfile.TemporaryDirectory() as data_parent:
        env = {**os.environ, "REPORTGEN_CACHE_DIR": cache_dir}
        out, data = Path(out_dir), Path(data_parent) / "datasets"
        shutil.copytree(DATA, data)
        run_build([], env, out, data)
        warm = median([run_build([], env, out, data)["seconds"] for _ in range(max(runs, 5))])
        print(f"warm rebuild, nothing changed: {warm:6.3f} s")

        # One data value changes (Kuaishou's 2024Q4 GMV, quote and value together).
        metrics = data / "metrics.csv"
        original = metrics.read_text(encoding="utf-8")
        changed = []
        for i in range(runs):
            new = f"462.{i + 2}"
            metrics.write_text(original.replace("2024Q4,462.1,", f"2024Q4,{new},").replace("Q4 2024 was 462.1 billion", f"Q4 2024 was {new} billion"),
                               encoding="utf-8")
            changed.append(run_build([], env, out, data))
        one_value = median([r["seconds"] for r in changed])
        rebuilt = len(re.findall(r"· wrote ", changed[-1]["stderr"]))
        print(f"rebuild after one data value changed: {one_value:6.2f} s ({rebuilt} of 4 outputs rebuilt: every "
              f"output of the latest brief shows that value; its unchanged charts came from the chart cache)")
        # The same change does not touch a brief for an earlier quarter.
        metrics.write_text(original, encoding="utf-8")
        run_build(["--quarter", "2024Q4"], env, out, data)
        metrics.write_text(original.replace("2025Q3,3850.44,", "2025Q3,3850.45,").replace("达到3850.44亿元", "达到3850.45亿元"), encoding="utf-8")
        earlier = run_build(["--quarter", "2024Q4"], env, out, data)
        kept = "Unchanged, kept" in earlier["stderr"] and "· wrote " not in earlier["stderr"]
        print(f"2024Q4 brief after a change to a 2025 source: {earlier['seconds']:6.2f} s, "
              f"{'nothing rebuilt' if kept else 'REBUILT'}")
        metrics.write_text(original, encoding="utf-8")

    split = {lang: stage_split(lang) for lang in ("zh", "en")}
    for lang, parts in split.items():
        print(f"split {lang} PDF: data+analysis {parts['data_analysis']:.2f} s, charts {parts['charts']:.2f} s, "
              f"HTML {parts['html']:.2f} s, HTML->PDF layout {parts['pdf_layout']:.2f} s "
              f"(without charts {parts['pdf_layout_no_charts']:.2f} s)")

    # Peak memory: the largest single process (what /usr/bin/time reports) and the summed tree.
    with tempfile.TemporaryDirectory() as cache_dir, tempfile.TemporaryDirectory() as out_dir:
        env = {**os.environ, "REPORTGEN_CACHE_DIR": cache_dir}
        measured = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "reportgen.cli", "build",
                                   "--data", str(DATA), "--out", out_dir], cwd=REPO, env=env, capture_output=True, text=True)
        single_peak = int(measured.stderr.strip().splitlines()[-1]) / 1024 if measured.returncode == 0 else float("nan")
    print(f"peak memory, full cold build: largest process {single_peak:.0f} MB; all processes together {max(peaks_tree):.0f} MB")

    slowest = max(singles.values())
    ratios = [
        ("zh PDF / en PDF (cold)", singles[("zh", "pdf")] / singles[("en", "pdf")], 1.2),
        ("PDF layout with charts / without (zh)", split["zh"]["pdf_layout"] / split["zh"]["pdf_layout_no_charts"], 2.0),
        ("PDF layout with charts / without (en)", split["en"]["pdf_layout"] / split["en"]["pdf_layout_no_charts"], 2.0),
        ("all four cold / slowest single output", all_four_s / slowest, 1.5),
    ]
    print("\nTargets")
    for label, value, limit in ratios:
        print(f"  {label:40s} {value:5.2f}  (target <= {limit})  {'met' if value <= limit else 'NOT MET'}")
    print(f"  {'warm rebuild, wall time':40s} {warm:5.2f}s (target <= 0.5 s)  {'met' if warm <= 0.5 else 'NOT MET'}")
    print(f"  {'earlier brief untouched by later data':40s} {'yes' if kept else 'no':>5}  {'met' if kept else 'NOT MET'}")
    print(f"  {'peak memory, largest process':40s} {single_peak:5.0f}MB (target <= 400 MB)  {'met' if single_peak <= 400 else 'NOT MET'}")


if __name__ == "__main__":
    main()
