"""Benchmark of the shipped brief, as multiples of a fixed reference workload (not a test: it prints
measurements and asserts nothing).

Seconds on a shared machine swing by a factor of four with load; a ratio to a fixed workload timed
in the same run does not. The reference is `../shared/bench/ref_layout.py` (WeasyPrint laying out a
ten-page Chinese document, about 0.5 s on an idle machine; `--ref` names another copy). Every
measurement is taken `--runs` times (default 3), each run right after a run of the reference
(alternated: ref, measure, ref, measure …), and reported as the median of the measurement over the
median of the reference, and in seconds. Run it on an idle machine: nothing else working on it.

Cold means an empty output folder and an empty chart cache; warm, nothing changed since the last
build; every build is a fresh `reportgen build` process (interpreter start-up included).

Usage: .venv/bin/python benchmarks/build_times.py [--runs 3] [--ref PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "datasets"
REF = REPO.parent / "shared" / "bench" / "ref_layout.py"


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
    """One build: wall seconds, the process tree's peak summed RSS and PSS (sampled every 20 ms)."""
    command = [sys.executable, "-m", "reportgen.cli", "build", "--data", str(data), "--out", str(out), *args]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
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
    return {"seconds": seconds, "stderr": stderr, "rss_mb": peak_rss / 1024, "pss_mb": peak_pss / 1024}


class Bench:
    """Measurements alternated with the reference workload; each reported as a multiple of it."""

    def __init__(self, ref: Path, runs: int):
        self.ref, self.runs, self.refs = ref, runs, []

    def reference(self) -> float:
        result = subprocess.run([sys.executable, str(self.ref)], capture_output=True, text=True, check=True)
        seconds = float(result.stdout.strip().splitlines()[-1])
        self.refs.append(seconds)
        return seconds

    def measure(self, name: str, once) -> dict:
        """`once()` returns seconds (or a dict with "seconds"); run it `runs` times, each after a
        reference run; the median over the median of those reference runs."""
        refs, values, extra = [], [], []
        for _ in range(self.runs):
            refs.append(self.reference())
            result = once()
            extra.append(result if isinstance(result, dict) else {})
            values.append(result["seconds"] if isinstance(result, dict) else result)
        seconds, ref = statistics.median(values), statistics.median(refs)
        row = {"name": name, "seconds": seconds, "ref": ref, "multiple": seconds / ref, "runs": extra}
        print(f"  {name:58s} {seconds:7.2f} s  {seconds / ref:6.2f}x ref  (ref median {ref:.2f} s)", flush=True)
        return row


ORIGINAL_METRICS = (DATA / "metrics.csv").read_text(encoding="utf-8")


def set_kuaishou_q4(metrics: Path, value: str) -> None:
    """One data value changed: Kuaishou's 2024Q4 GMV (in the brief's quarterly chart), in its
    value and its quote together."""
    metrics.write_text(ORIGINAL_METRICS.replace("2024Q4,462.1,", f"2024Q4,{value},")
                       .replace("Q4 2024 was 462.1 billion", f"Q4 2024 was {value} billion"), encoding="utf-8")


def latest_quarter() -> str:
    return max(p.name.split(".")[0] for p in (DATA / "commentary").glob("*.en.md"))


def cold(args: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        return run_build(args, {**os.environ, "REPORTGEN_CACHE_DIR": cache}, Path(out))


def preview_session(runs: int):
    """A running `reportgen preview` on a copy of the data; yields a function that saves an edit
    of `kind` (commentary | data value) and returns the seconds until the served page shows it."""
    cache_dir, parent = tempfile.mkdtemp(), tempfile.mkdtemp()
    data, out = Path(parent) / "datasets", Path(parent) / "out"
    shutil.copytree(DATA, data)
    quarter = latest_quarter()
    process = subprocess.Popen([sys.executable, "-m", "reportgen.cli", "preview", "--port", "0", "--no-pdf",
                                "--data", str(data), "--out", str(out)], cwd=REPO,
                               env={**os.environ, "REPORTGEN_CACHE_DIR": cache_dir},
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = process.stdout.readline().strip()
    urllib.request.urlopen(url).read()  # a reader opens the Chinese edition (rebuilt first)
    poll = url + f"__wait?page=brief-{quarter}-zh.html&v="
    commentary, metrics = data / "commentary" / f"{quarter}.zh.md", data / "metrics.csv"
    counter = iter(range(10_000))

    def save(kind: str) -> float:
        i = next(counter)
        version = json.load(urllib.request.urlopen(poll + "-1"))["version"]
        start = time.perf_counter()
        if kind == "commentary":
            commentary.write_text(commentary.read_text(encoding="utf-8") + f"\n%% edit {i}\n", encoding="utf-8")
        else:
            set_kuaishou_q4(metrics, f"462.{i % 8 + 2}")
        json.load(urllib.request.urlopen(poll + str(version)))
        urllib.request.urlopen(url).read()
        return time.perf_counter() - start

    def close() -> None:
        process.terminate()
        process.wait()
        shutil.rmtree(cache_dir, ignore_errors=True)
        shutil.rmtree(parent, ignore_errors=True)

    return save, close


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ref", type=Path, default=REF, help="the reference workload (ref_layout.py)")
    args = parser.parse_args()
    if not args.ref.is_file():
        raise SystemExit(f"The reference workload {args.ref} is missing; pass --ref PATH to ref_layout.py.")
    bench = Bench(args.ref, args.runs)
    print(f"reportgen benchmark: {args.runs} runs each, alternated with the reference, {os.cpu_count()} cores\n")
    rows = {}

    rows["all four cold"] = bench.measure("all four outputs, cold", lambda: cold([]))
    rows["zh pdf"] = bench.measure("zh PDF alone, cold", lambda: cold(["--lang", "zh", "--format", "pdf"]))
    rows["en pdf"] = bench.measure("en PDF alone, cold", lambda: cold(["--lang", "en", "--format", "pdf"]))

    with tempfile.TemporaryDirectory() as cache_dir, tempfile.TemporaryDirectory() as out_dir, \
            tempfile.TemporaryDirectory() as data_parent:
        env = {**os.environ, "REPORTGEN_CACHE_DIR": cache_dir}
        out, data = Path(out_dir), Path(data_parent) / "datasets"
        shutil.copytree(DATA, data)
        run_build([], env, out, data)
        rows["warm"] = bench.measure("all four, warm (nothing changed)", lambda: run_build([], env, out, data))
        values = iter(range(2, 100))

        def one_value() -> dict:
            set_kuaishou_q4(data / "metrics.csv", f"462.{next(values)}")
            return run_build([], env, out, data)

        rows["one value"] = bench.measure("all four, one data value changed", one_value)
        rebuilt = len(re.findall(r"^·.*  wrote ", rows["one value"]["runs"][-1]["stderr"], re.M))
        print(f"    ({rebuilt} of 4 outputs rewritten: each shows that value; unchanged charts from the cache)")

    save, close = preview_session(args.runs)
    try:
        rows["preview data"] = bench.measure("preview: a data value saved -> page shows it", lambda: save("data value"))
        rows["preview commentary"] = bench.measure("preview: a commentary save -> page shows it", lambda: save("commentary"))
    finally:
        close()

    peak = max(r["pss_mb"] for r in rows["all four cold"]["runs"])
    ratio = rows["zh pdf"]["seconds"] / rows["en pdf"]["seconds"]
    ref = statistics.median(bench.refs)
    targets = [
        ("all four outputs cold", rows["all four cold"]["multiple"], 14, "x"),
        ("one data value changed: all four", rows["one value"]["multiple"], 12, "x"),
        ("preview: data value saved -> page", rows["preview data"]["multiple"], 1.0, "x"),
        ("preview: commentary saved -> page", rows["preview commentary"]["multiple"], 0.4, "x"),
        ("zh PDF / en PDF (cold)", ratio, 1.2, ""),
        ("warm rebuild, nothing changed (s)", rows["warm"]["seconds"], 0.3, "s"),
        ("peak memory, all processes, cold all four (MB PSS)", peak, 500, "MB"),
    ]
    print(f"\nTargets (reference: median {ref:.2f} s over {len(bench.refs)} runs)")
    for label, value, limit, unit in targets:
        print(f"  {label:52s} {value:8.2f}{unit:>3}  target <= {limit:g}{unit}  {'met' if value <= limit else 'NOT MET'}")


if __name__ == "__main__":
    main()
