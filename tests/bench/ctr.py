"""The ctr backend's benchmark (issue #15): `run --rm` and `ps` on ctr against pydock on nerdctl and nerdctl.

One namespace (`pydock-bench-ctr`) holds the test busybox; each round runs the three columns in an order
balanced across rounds (tests/bench/order.py; the first round warms up and is dropped): `pydock --backend ctr`, `pydock --backend nerdctl` and
`nerdctl` itself. Rows: `run --rm busybox true` as each runs it by default (all on nerdctl's bridge: pydock's
OCI hook runs the CNI plugins for ctr), the same with `--network none` for all, then `ps` with 50
running containers (started once, untimed, and listed by all three). Reported: medians with min-max and
the medians of the rounds' ratios to nerdctl and to pydock on nerdctl.

`--write FILE` replaces the marked ctr section of FILE; `--quick` runs 2 rounds. Everything it creates goes
again, also when interrupted. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.order import balanced
from tests.bench.scale import timed
from tests.bench.startup import PYDOCK, replace_section

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "pydock-bench-ctr"
NERDCTL = shutil.which("nerdctl") or "nerdctl"
CTR = shutil.which("ctr") or "ctr"
RUNNING = 50
MARK_BEGIN = "<!-- ctr-benchmark:begin -->"
MARK_END = "<!-- ctr-benchmark:end -->"
HEADING = "## The ctr backend: `run --rm` and `ps` against nerdctl"
COLUMNS = {
    "pydock on ctr": [PYDOCK, "--backend", "ctr", "--namespace", NAMESPACE],
    "pydock on nerdctl": [PYDOCK, "--backend", "nerdctl", "--namespace", NAMESPACE],
    "nerdctl": [NERDCTL, "--namespace", NAMESPACE],
}


def environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYDOCK_DEBUG", "CONTAINERD_NAMESPACE")}


def quiet(argv: list[str]) -> None:
    subprocess.run(argv, capture_output=True, env=environ(), check=False, timeout=300)


def setup() -> None:
    archive = Path(f"/tmp/{NAMESPACE}-busybox.tar")
    subprocess.run([sys.executable, str(ROOT / "tests/stack/busybox_image.py"), str(archive)], check=True)
    quiet([NERDCTL, "--namespace", NAMESPACE, "load", "-i", str(archive)])
    archive.unlink()


def start_containers(count: int) -> None:
    for i in range(count):
        quiet([*COLUMNS["pydock on ctr"], "run", "-d", "--name", f"{NAMESPACE}-{i}", "busybox", "sleep", "3600"])


def clean() -> None:
    """Every container and image of the namespace, through ctr (which needs no name reservations)."""
    listed = subprocess.run([CTR, "-n", NAMESPACE, "containers", "ls", "-q"], capture_output=True, text=True,
                            check=False).stdout.split()
    if listed:
        quiet([*COLUMNS["pydock on ctr"], "rm", "--force", *listed])
    images = subprocess.run([CTR, "-n", NAMESPACE, "images", "ls", "-q"], capture_output=True, text=True,
                            check=False).stdout.split()
    if images:
        quiet([CTR, "-n", NAMESPACE, "images", "rm", *images])


def measure(args: list[str], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {label: [] for label in COLUMNS}
    labels = list(COLUMNS)
    for r in range(rounds + 1):
        for label in balanced(labels, r):  # each column follows each other equally often
            seconds, _, code = timed([*COLUMNS[label], *args], environ())
            if code != 0:
                raise SystemExit(f"{label} {' '.join(args)} exited {code}")
            if r:
                times[label].append(seconds)
    return times


def ratio(times: dict[str, list[float]], over: str) -> float:
    """The median of the rounds' ratios of pydock on ctr to `over` (pairs of one round)."""
    return statistics.median(a / b for a, b in zip(times["pydock on ctr"], times[over], strict=True))


def cell(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):.0f} ({min(ms):.0f}-{max(ms):.0f})"


def render(rows: list[tuple[str, dict[str, list[float]]]], minutes: float, rounds: int) -> str:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    lines = [MARK_BEGIN,
             f"Measured {when} on {platform.node()}: Linux {platform.release()}, {os.cpu_count()} CPUs, Python "
             f"{platform.python_version()}, by `python -m tests.bench.ctr` ({minutes:.1f} minutes; {rounds} rounds "
             f"after one warm-up; 1-minute load average {load:.1f} at the end, other work included); namespace "
             f"`{NAMESPACE}`. Milliseconds of wall time: median (min-max); the ratios are medians of the rounds' "
             "pairs.", "",
             "| command | pydock on ctr | pydock on nerdctl | nerdctl | ctr / nerdctl | ctr / pydock on nerdctl |",
             "|---|---:|---:|---:|---:|---:|"]
    for label, times in rows:
        lines.append(f"| {label} | {cell(times['pydock on ctr'])} | {cell(times['pydock on nerdctl'])} | "
                     f"{cell(times['nerdctl'])} | {ratio(times, 'nerdctl'):.2f} | "
                     f"{ratio(times, 'pydock on nerdctl'):.2f} |")
    lines.append(MARK_END)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="replace the marked ctr section of this file")
    parser.add_argument("--quick", action="store_true", help="2 rounds")
    parser.add_argument("--rounds", type=int, default=10)
    options = parser.parse_args()
    rounds = 2 if options.quick else options.rounds
    started = time.monotonic()
    rows = []
    try:
        clean()
        setup()
        rows.append(("`run --rm busybox true` (each its default network)",
                     measure(["run", "--rm", "busybox", "true"], max(2, rounds // 2))))
        rows.append(("`run --rm --network none busybox true`",
                     measure(["run", "--rm", "--network", "none", "busybox", "true"], max(2, rounds // 2))))
        start_containers(RUNNING)
        rows.append((f"`ps`, {RUNNING} running containers", measure(["ps"], rounds)))
    finally:
        clean()
    block = render(rows, (time.monotonic() - started) / 60, rounds)
    print(block)
    if options.write:
        replace_section(options.write, MARK_BEGIN, MARK_END, block, HEADING + "\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
