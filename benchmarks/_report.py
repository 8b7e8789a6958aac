"""Shared by the benchmark commands: where results go and what every section records."""

from __future__ import annotations

import datetime as _dt
import os
import platform
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SHARED = Path(os.environ.get("RASHOMON_SHARED", ROOT.parent / "shared"))
DATASETS = SHARED / "datasets"


def machine() -> str:
    cores = os.cpu_count() or 0
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        mem = "? GiB"
    return f"{cores}-core {platform.machine()}, {mem}, Python {platform.python_version()}"


def header(title: str) -> str:
    cmd = " ".join(shlex.quote(a) for a in [".venv/bin/python", *sys.argv])
    when = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"## {title}\n\n- command: `{cmd}`\n- machine: {machine()}\n- date: {when}\n\n"


def cpu_reference() -> float:
    """Seconds one core takes for a fixed pure-Python loop. This shared machine's cores run at
    varying speed (the same loop took 1.06 to 1.33 s within minutes, no load of ours), so a
    throughput figure is only comparable with another taken at a similar reference time."""
    t = time.process_time()
    x = 0
    for i in range(20_000_000):
        x += i * i
    return time.process_time() - t


def tree_cpu() -> float:
    """CPU seconds used so far by this process and all its descendants: the reaped ones
    (``RUSAGE_CHILDREN``) and the live ones with what they reaped (``/proc``), so that workers
    forked by a fork server, which is this process's child but outlives a run, are counted too.
    Take the difference of two readings."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        total += ru.ru_utime + ru.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:  # exited meanwhile
            continue
        f = stat[stat.rindex(")") + 2 :].split()  # fields from the 3rd (state) on
        parent[int(d.name)] = int(f[1])
        ticks[int(d.name)] = sum(int(x) for x in f[11:15])  # utime stime cutime cstime
    mine = {os.getpid()}
    grew = True
    while grew:
        new = {p for p, pp in parent.items() if pp in mine and p not in mine}
        mine |= new
        grew = bool(new)
    mine.discard(os.getpid())
    return total + sum(ticks[p] for p in mine) / tick


def write(name: str, markdown: str) -> Path:
    """Write one benchmark's section and rebuild BENCHMARKS.md from all sections."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text(markdown.rstrip() + "\n", encoding="utf-8")
    collect()
    return path


def collect() -> None:
    parts = [
        "# Benchmarks\n\n"
        "Each section is written by the command it names (`benchmarks/*.py`), on the machine and at\n"
        "the date it states. Re-run a command to refresh its section; `benchmarks/results/*.md` hold\n"
        "the sections and this file is rebuilt from them.\n"
    ]
    for p in sorted(RESULTS.glob("*.md")):
        parts.append(p.read_text(encoding="utf-8").rstrip() + "\n")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    collect()
