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


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants, from /proc: the sum of RSS (which
    counts a shared library or font file once per process) and the sum of PSS (which divides
    each shared page among the processes mapping it: what the tree takes from the machine)."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            rss += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{current}/status").read_text()).group(1))
            pss += int(re.search(r"^Pss:\s+(\d+)", Path(f"/proc/{current}/smaps_rollup").read_text(), re.M).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return rss, pss


def run_build(args: list[str], env: dict, out: Path, data: Path = DATA) -> dict:
    """Run one build; return wall seconds, the process tree's peak summed RSS and PSS (sampled
    every 20 ms), and stderr."""
    command = [sys.executable, "-m", "reportgen.cli", "build", "--data", str(data), "--out", str(out), *args]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    done = threading.Event()

    def sample():
        nonlocal peak_rss, peak_pss
        while not done.is_set():
            rss, pss = tree_memory_kb(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed: {stderr}")
    return {"seconds": seconds, "stderr": stderr, "tree_rss_mb": peak_rss / 1024, "tree_pss_mb": peak_pss / 1024}


def cold(args: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "REPORTGEN_CACHE_DIR": cache}
        return run_build(args, env, Path(out))


def median(values):
    return statistics.median(values)


def stage_split(lang: str) -> dict:
    """In-process split of one language's cold PDF build into its stages (seconds)."""
    code = f"""
import os, tempfile, time, json
os.environ["REPORTGEN_CACHE_DIR"] = tempfile.mkdtemp()
from pathlib import Path
t = [time.perf_counter()]
from reportgen.pipeline import Stages
from reportgen.render.html import render_charts, render_html
t.append(time.perf_counter())
stages = Stages(Path({str(DATA)!r})); q = stages.quarter(None)
t.append(time.perf_counter())
a = stages.analysis(q)
t.append(time.perf_counter())
c = stages.content(q, {lang!r}, stages.check(q).resolved.get({lang!r}))
t.append(time.perf_counter())
charts = render_charts(c, stages.charts(c))
t.append(time.perf_counter())
html = render_html(c, charts, interactive=False)
t.append(time.perf_counter())
from reportgen.render.pdf import html_to_pdf
t.append(time.perf_counter())
html_to_pdf(html, "x")
t.append(time.perf_counter())
names = ["imports", "data and validation", "analysis", "tables and sentences", "charts", "templating",
         "WeasyPrint import", "PDF layout and writing"]
print(json.dumps(dict(zip(names, [b - a for a, b in zip(t, t[1:])]))))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def preview_latency(runs: int) -> dict:
    """Seconds from saving a file to the served HTML showing the change, with `reportgen preview`
    running (the browser's long poll answered, then the page fetched)."""
    import json
    import urllib.request

    with tempfile.TemporaryDirectory() as cache_dir, tempfile.TemporaryDirectory() as parent:
        data, out = Path(parent) / "datasets", Path(parent) / "out"
        shutil.copytree(DATA, data)
        env = {**os.environ, "REPORTGEN_CACHE_DIR": cache_dir}
        process = subprocess.Popen([sys.executable, "-m", "reportgen.cli", "preview", "--port", "0", "--no-pdf",
                                    "--data", str(data), "--out", str(out)], cwd=REPO, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            url = process.stdout.readline().strip()
            urllib.request.urlopen(url).read()  # a browser reads the Chinese edition (rebuilt first)
            poll = url + "__wait?page=brief-2026Q1-zh.html&v="
            results = {"commentary": [], "data value": []}
            commentary, metrics = data / "commentary" / "2026Q1.zh.md", data / "metrics.csv"
            for i in range(runs):
                for kind in results:
                    version = json.load(urllib.request.urlopen(poll + "-1"))["version"]
                    start = time.perf_counter()
                    if kind == "commentary":
                        commentary.write_text(commentary.read_text(encoding="utf-8") + f"\n%% edit {i}\n", encoding="utf-8")
                    else:
                        set_kuaishou_q4(metrics, f"462.{i + 2}")
                    json.load(urllib.request.urlopen(poll + str(version)))
                    urllib.request.urlopen(url).read()
                    results[kind].append(time.perf_counter() - start)
            return {kind: median(values) for kind, values in results.items()}
        finally:
            process.terminate()
            process.wait()


ORIGINAL_METRICS = (DATA / "metrics.csv").read_text(encoding="utf-8")


def set_kuaishou_q4(metrics: Path, value: str) -> None:
    """One data value changed: Kuaishou's 2024Q4 GMV, in its value and its quote together."""
    metrics.write_text(ORIGINAL_METRICS.replace("2024Q4,462.1,", f"2024Q4,{value},")
                       .replace("Q4 2024 was 462.1 billion", f"Q4 2024 was {value} billion"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = args.runs
    print(f"reportgen build benchmark: {runs} runs each, {os.cpu_count()} cores\n")

    singles = {}
    for lang, fmt in OUTPUTS:
        results = [cold(["--lang", lang, "--format", fmt]) for _ in range(runs)]
        singles[(lang, fmt)] = median([r["seconds"] for r in results])
        print(f"cold {lang} {fmt:4}: {singles[(lang, fmt)]:6.2f} s")
    all_four = [cold([]) for _ in range(runs)]
    all_four_s = median([r["seconds"] for r in all_four])
    tree_rss = max(r["tree_rss_mb"] for r in all_four)
    tree_pss = max(r["tree_pss_mb"] for r in all_four)
    print(f"cold all four: {all_four_s:6.2f} s")
    lean = [cold(["--jobs", "1"]) for _ in range(runs)]
    lean_s, lean_pss = median([r["seconds"] for r in lean]), max(r["tree_pss_mb"] for r in lean)
    print(f"cold all four, --jobs 1 (one PDF layout at a time): {lean_s:6.2f} s, peak {lean_pss:.0f} MB PSS")

    with tempfile.TemporaryDirectory() as cache_dir, tempfile.TemporaryDirectory() as out_dir, \
            tempfile.TemporaryDirectory() as data_parent:
        env = {**os.environ, "REPORTGEN_CACHE_DIR": cache_dir}
        out, data = Path(out_dir), Path(data_parent) / "datasets"
        shutil.copytree(DATA, data)
        run_build([], env, out, data)
        warm = median([run_build([], env, out, data)["seconds"] for _ in range(max(runs, 5))])
        print(f"warm rebuild, nothing changed: {warm:6.3f} s")

        metrics, commentary = data / "metrics.csv", data / "commentary" / "2026Q1.en.md"
        changed, changed_html = [], []
        for i in range(runs):
            set_kuaishou_q4(metrics, f"462.{i + 2}")
            changed_html.append(run_build(["--format", "html"], env, out, data))
            set_kuaishou_q4(metrics, f"462.{i + 5}")
            changed.append(run_build([], env, out, data))
        one_value = median([r["seconds"] for r in changed])
        one_value_html = median([r["seconds"] for r in changed_html])
        rebuilt = len(re.findall(r"^·.*  wrote ", changed[-1]["stderr"], re.M))
        print(f"one data value changed: all four {one_value:6.2f} s ({rebuilt} of 4 outputs rebuilt: each shows "
              f"that value; unchanged charts from the chart cache); both HTML {one_value_html:6.2f} s")
        text = commentary.read_text(encoding="utf-8")
        edited = []
        for i in range(runs):
            commentary.write_text(text + f"\nOne more paragraph, edit {i}.\n", encoding="utf-8")
            edited.append(run_build([], env, out, data))
        one_paragraph = median([r["seconds"] for r in edited])
        rebuilt_c = len(re.findall(r"^·.*  wrote ", edited[-1]["stderr"], re.M))
        print(f"one commentary paragraph changed (en): all four {one_paragraph:6.2f} s ({rebuilt_c} of 4 outputs "
              f"rebuilt: the English ones)")
        commentary.write_text(text, encoding="utf-8")
        # A change to a later source does not touch a brief for an earlier quarter.
        metrics.write_text(ORIGINAL_METRICS, encoding="utf-8")
        run_build(["--quarter", "2024Q4"], env, out, data)
        metrics.write_text(ORIGINAL_METRICS.replace("2025Q3,3850.44,", "2025Q3,3850.45,").replace("达到3850.44亿元", "达到3850.45亿元"), encoding="utf-8")
        earlier = run_build(["--quarter", "2024Q4"], env, out, data)
        kept = "Unchanged, kept" in earlier["stderr"] and not re.search(r"^·.*  wrote ", earlier["stderr"], re.M)
        print(f"2024Q4 brief after a change to a 2025 source: {earlier['seconds']:6.2f} s, "
              f"{'nothing rebuilt' if kept else 'REBUILT'}")

    latency = preview_latency(runs)
    print(f"preview, save to the updated page being read (zh; en follows): commentary {latency['commentary']:.2f} s, "
          f"one data value {latency['data value']:.2f} s")

    split = {lang: stage_split(lang) for lang in ("zh", "en")}
    for lang, parts in split.items():
        total = sum(parts.values())
        shares = ", ".join(f"{name} {seconds:.2f} s ({seconds / total:.0%})" for name, seconds in parts.items())
        print(f"stages of a cold {lang} PDF ({total:.2f} s in one process): {shares}")

    with tempfile.TemporaryDirectory() as cache_dir, tempfile.TemporaryDirectory() as out_dir:
        env = {**os.environ, "REPORTGEN_CACHE_DIR": cache_dir}
        measured = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "reportgen.cli", "build",
                                   "--data", str(DATA), "--out", out_dir], cwd=REPO, env=env, capture_output=True, text=True)
        single_peak = int(measured.stderr.strip().splitlines()[-1]) / 1024 if measured.returncode == 0 else float("nan")
    print(f"peak memory, full cold build, all processes together: {tree_pss:.0f} MB PSS ({tree_rss:.0f} MB summed RSS, "
          f"which counts shared libraries and fonts once per process); largest process {single_peak:.0f} MB")

    targets = [
        ("preview: commentary saved -> HTML", latency["commentary"], 1.0, "s"),
        ("preview: one data value saved -> HTML", latency["data value"], 1.0, "s"),
        ("one data value changed: both HTML", one_value_html, 1.0, "s"),
        ("one data value changed: all four", one_value, 6.0, "s"),
        ("one commentary paragraph: all four", one_paragraph, 6.0, "s"),
        ("all four outputs cold", all_four_s, 7.0, "s"),
        ("cold zh PDF", singles[("zh", "pdf")], 5.0, "s"),
        ("zh PDF / en PDF (cold)", singles[("zh", "pdf")] / singles[("en", "pdf")], 1.2, ""),
        ("warm rebuild, nothing changed", warm, 0.3, "s"),
        ("peak memory, all processes (PSS)", tree_pss, 500, "MB"),
    ]
    print("\nTargets")
    for label, value, limit, unit in targets:
        shown = f"{value:.0f} {unit}" if unit == "MB" else f"{value:.2f}{' ' + unit if unit else ''}"
        print(f"  {label:40s} {shown:>9}  (target <= {limit:g}{' ' + unit if unit else ''})  {'met' if value <= limit else 'NOT MET'}")
    print(f"  {'earlier brief untouched by later data':40s} {'yes' if kept else 'no':>9}  {'met' if kept else 'NOT MET'}")


if __name__ == "__main__":
    main()
