"""Spark throughput: ``textmend.spark.repair_udf`` in local mode against plain ``textmend.repair``.

On the same texts (the development corpus's articles, repeated up to ``--mb``, every other
one spun by ``benchmarks/spinner.py``; read by path, never copied), in one run:

1. plain ``textmend.repair`` over every text in one fresh process (one core), channel and language model loaded first;
2. for ``local[1]`` and ``local[2]``, a fresh Spark session:
   - first-batch cost: a one-row-per-partition repair job on fresh Python workers, minus
     the same job again on the warm workers (what each executor pays once: worker start,
     imports, channel and language model load);
   - throughput: every text through ``repair_udf`` into Spark's ``noop`` sink, with the
     input cached in the JVM first (no file reading in the clock); MB/s overall and per core;
   - CPU seconds of the Python workers during that job, and their peak RSS (``VmHWM``,
     read inside each worker by a probe UDF), and the peak RSS of the JVM (driver and
     executor are one JVM in local mode).

Per-core overhead is ``plain MB/s / (Spark MB/s / cores) - 1``. The machine may be shared,
so the load average is reported and CPU seconds are given next to wall time.

    python benchmarks/spark.py                 # writes the Spark section of benchmarks/SCALE.md
    python benchmarks/spark.py --mb 1 --output -    # quick look, prints only
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.corpus import CORPUS  # noqa: E402
from benchmarks.scale import SPARK_MARKER as MARKER  # noqa: E402  (scale.py keeps our section)
from benchmarks.speed import machine  # noqa: E402

MB = 1_000_000


def load_texts(path: Path, megabytes: float) -> list[str]:
    """The corpus's article texts, repeated in order until their UTF-8 size reaches ``megabytes``."""
    with path.open(encoding="utf-8") as handle:
        articles = [json.loads(line)["text"] for line in handle if line.strip()]
    texts: list[str] = []
    size = 0
    while size < megabytes * MB:
        for text in articles:
            texts.append(text)
            size += len(text.encode("utf-8"))
            if size >= megabytes * MB:
                break
    return texts


def spin_half(texts: list[str], rate: float) -> tuple[list[str], str]:
    """Every other text spun at ``rate`` by the benchmark spinner (Debian mythes-en-us), so the
    job carries edits as well as clean text; unchanged, with the reason, if it cannot spin."""
    from benchmarks.spinner import install_hint, missing_requirements, spin

    if missing_requirements():
        return texts, f"all clean (no spinner: {install_hint()})"
    spun = [spin(t, rate, seed=i).text if i % 2 else t for i, t in enumerate(texts)]
    return spun, f"every other one spun at rate {rate} by `benchmarks/spinner.py`"


def utf8_mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / MB


_PLAIN = """
import json, sys, time
import textmend
texts = json.load(open(sys.argv[1], encoding="utf-8"))
textmend.repair("The troopers were despatched.")
cpu0, wall0 = time.process_time(), time.perf_counter()
edits = sum(len(textmend.repair(t).edits) for t in texts)
print(json.dumps({"wall": time.perf_counter() - wall0, "cpu": time.process_time() - cpu0, "edits": edits}))
"""


def plain(texts: list[str]) -> dict[str, float]:
    """Wall and CPU seconds of ``textmend.repair`` over ``texts`` in a fresh interpreter (this
    one holds the spinner's thesaurus, whose objects would slow the garbage collector), with
    the channel and language model loaded before the clock starts."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "texts.json"
        path.write_text(json.dumps(texts), encoding="utf-8")
        done = subprocess.run([sys.executable, "-c", _PLAIN, str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _worker_stats() -> Any:
    """A probe UDF: per row, ``pid cpu_seconds vmhwm_kb`` of the Python worker that runs it."""
    from pyspark.sql import functions as F

    @F.pandas_udf("string")  # type: ignore[call-overload]
    def probe(values: pd.Series) -> pd.Series:
        import os as _os
        import resource as _resource

        usage = _resource.getrusage(_resource.RUSAGE_SELF)
        with open("/proc/self/status", encoding="ascii") as status:
            hwm = next((line.split()[1] for line in status if line.startswith("VmHWM")), "0")
        return pd.Series([f"{_os.getpid()} {usage.ru_utime + usage.ru_stime} {hwm}"] * len(values))

    return probe


def probe_workers(spark: Any, cores: int) -> dict[int, tuple[float, int]]:
    """pid -> (CPU seconds, peak RSS kB) of the Python workers answering ``cores`` probe tasks."""
    df = spark.range(0, cores * 4, numPartitions=cores * 4)
    rows = df.select(_worker_stats()("id").alias("s")).distinct().collect()
    found: dict[int, tuple[float, int]] = {}
    for row in rows:
        pid, cpu, hwm = row.s.split()
        found[int(pid)] = (float(cpu), int(hwm))
    return found


def jvm_peak_mb(spark: Any) -> float:
    """Peak RSS of this session's JVM (driver + executor in local mode), from /proc."""
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    match = re.search(r"VmHWM:\s+(\d+)", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def jvm_cpu_seconds(spark: Any) -> float:
    """CPU seconds used so far by this session's JVM (driver + executor in local mode), from /proc."""
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def spark_run(texts: list[str], cores: int) -> dict[str, Any]:
    """One fresh ``local[cores]`` session: first-batch cost, throughput, CPU, memory."""
    from pyspark.sql import SparkSession

    from textmend.spark import repair_udf

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(f"textmend-bench-{cores}")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        udf = repair_udf()
        tiny = spark.createDataFrame([(texts[i],) for i in range(cores)], "text string").repartition(cores).cache()
        tiny.count()
        timings = []
        for _ in range(2):  # cold workers, then the same job on warm ones
            start = time.perf_counter()
            tiny.select(udf("text").alias("r")).write.format("noop").mode("overwrite").save()
            timings.append(time.perf_counter() - start)
        df = spark.createDataFrame([(t,) for t in texts], "text string").repartition(cores).cache()
        df.count()
        before = probe_workers(spark, cores)
        jvm0, start = jvm_cpu_seconds(spark), time.perf_counter()
        df.select(udf("text").alias("r")).write.format("noop").mode("overwrite").save()
        wall, jvm_cpu = time.perf_counter() - start, jvm_cpu_seconds(spark) - jvm0
        after = probe_workers(spark, cores)
        cpu = sum(c for pid, (c, _) in after.items()) - sum(c for pid, (c, _) in before.items() if pid in after)
        return {
            "cores": cores,
            "cold": timings[0],
            "warm": timings[1],
            "wall": wall,
            "cpu": cpu,
            "jvm_cpu": jvm_cpu,
            "workers": len(after),
            "worker_peak_mb": max(h for _, h in after.values()) / 1024,
            "jvm_peak_mb": jvm_peak_mb(spark),
            "java": spark.sparkContext._jvm.java.lang.System.getProperty("java.version"),
        }
    finally:
        spark.stop()


def report(mb: float, docs: int, mix: str, base: dict[str, float], runs: list[dict[str, Any]], info: dict[str, str], end_load: str) -> str:
    import pyspark

    import textmend

    plain_rate = mb / base["wall"]
    lines = [
        MARKER,
        "",
        "## Spark (`textmend.spark.repair_udf`, local mode)",
        "",
        f"- Command: `python benchmarks/spark.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`",
        f"- Date: {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {info['cpu']}; {info['platform']}; {info['python']}; {info['load']}, {end_load} at the end",
        f"- textmend {textmend.__version__}, pyspark {pyspark.__version__}, Java {runs[0]['java'] if runs else '?'}",
        f"- Data: {mb:.2f} MB of UTF-8 text, {docs:,} documents (the development corpus's articles, repeated; "
        f"{mix}), cached in the JVM before timing; output to Spark's `noop` sink.",
        "",
        f"Plain repair applied {base['edits']:,} edits.",
        "",
        "| run | wall time | MB/s | MB/s per core | overhead per core, wall | Python CPU s | JVM CPU s | MB per CPU s | overhead per core, CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| plain `textmend.repair`, one process | {base['wall']:.1f} s | {plain_rate:.2f} | {plain_rate:.2f} | | "
        f"{base['cpu']:.1f} | | {mb / base['cpu']:.2f} | |",
    ]
    for run in runs:
        rate = mb / run["wall"]
        per_core = rate / run["cores"]
        total_cpu = run["cpu"] + run["jvm_cpu"]
        lines.append(
            f"| Spark `local[{run['cores']:.0f}]` | {run['wall']:.1f} s | {rate:.2f} | {per_core:.2f} | "
            f"{plain_rate / per_core - 1:+.0%} | {run['cpu']:.1f} | {run['jvm_cpu']:.1f} | {mb / total_cpu:.2f} | "
            f"{total_cpu / base['cpu'] - 1:+.0%} |"
        )
    lines += [
        "",
        "| run | first batch, cold workers | same job, warm | first-batch cost | Python workers | peak RSS per Python worker | peak RSS of the JVM |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        lines.append(
            f"| `local[{run['cores']:.0f}]` | {run['cold']:.1f} s | {run['warm']:.1f} s | {run['cold'] - run['warm']:.1f} s | "
            f"{run['workers']:.0f} | {run['worker_peak_mb']:.0f} MB | {run['jvm_peak_mb']:.0f} MB |"
        )
    lines += [
        "",
        "Overhead per core, wall, compares Spark's MB/s per core with plain repair on one core; on a shared "
        "machine (see the load average) wall time mostly measures the other load. Overhead per core, CPU, "
        "compares the CPU seconds the job cost (Python workers, probed in each worker before and after the "
        "job, plus the JVM's process CPU time during it) with plain repair's: the cost per core that other "
        "load does not distort. The first-batch "
        "cost is paid once per Python worker (Spark reuses workers, `spark.python.worker.reuse`): worker start, "
        "pandas/pyarrow import and the channel and language model load. Executor memory per core is about the Python worker's "
        "peak plus the JVM's share.",
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Replace (or append) the Spark section of ``path``, keeping everything before it."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    head = old.split(MARKER)[0].rstrip("\n")
    path.write_text((head + "\n\n" if head else "") + section, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="MB of text (default 4)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"JSON Lines with a text field [{CORPUS}]")
    parser.add_argument("--spin-rate", type=float, default=0.3, help="spin rate of every other document (default 0.3)")
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2], help="local[N] runs (default 1 2)")
    parser.add_argument("--output", default=str(HERE / "SCALE.md"), help="report to update, or - to print only")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(f"corpus not found at {args.corpus} (set --corpus or TEXTMEND_CORPUS)")
    info = machine()
    texts, mix = spin_half(load_texts(args.corpus, args.mb), args.spin_rate)
    mb = utf8_mb(texts)
    print(f"{mb:.2f} MB, {len(texts)} documents", file=sys.stderr)
    base = plain(texts)
    print(f"plain: {base}", file=sys.stderr)
    runs = []
    for cores in args.cores:
        runs.append(spark_run(texts, cores))
        print(f"local[{cores}]: {runs[-1]}", file=sys.stderr)
    end_load = "%.2f %.2f %.2f" % os.getloadavg()
    section = report(mb, len(texts), mix, base, runs, info, end_load)
    print(section)
    if args.output != "-":
        write_section(Path(args.output), section)
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
