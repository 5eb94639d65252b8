"""Scale benchmark (issue #13): pydock against nerdctl and Docker Engine with 0, 50 and 200 containers.

Every store (the namespace `pydock-bench-scale`, Engine 20.10, Engine 29) gets the same population:
the test busybox, 100 distinct generated images (tests/bench/scale_images.py), then 0, 50 and 200
running `sleep` containers. Each row runs pydock, nerdctl and, where docker has the same command, the
docker CLI on both engines, in an order balanced across rounds (tests/bench/order.py: each column follows each
other equally often; round 0 warms up and is dropped).
Reported: medians with min-max, the median of pydock's pairwise differences and ratios to nerdctl, the
row's target and whether it is met, and pydock's peak RSS (wait4's ru_maxrss, which on Linux is the
largest of the process and the children it waited for, so a delegating verb shows nerdctl's).

`--write FILE` replaces the marked scale section of FILE; `--quick` runs fewer rounds at 0 and 50
containers only; `--no-engines` leaves the reference engines out (and does not take their lock).
Everything it creates goes again, also when interrupted. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tests.bench import scale_population as pop
from tests.bench.order import balanced
from tests.bench.scale_report import render
from tests.bench.startup import PYDOCK, replace_section

if TYPE_CHECKING:
    from collections.abc import Callable

MARK_BEGIN = "<!-- scale-benchmark:begin -->"
MARK_END = "<!-- scale-benchmark:end -->"
SHORT = f"{pop.PREFIX}-short"  # an exited container that printed one line: `stop` and `logs` use it
HEADING = "## Speed at scale: listings, small verbs and `run` with 0, 50 and 200 containers"


@dataclass(frozen=True)
class Tool:
    """A column: the program timed and the store it works on."""
    label: str
    program: str
    store: pop.Store


@dataclass(frozen=True)
class Target:
    kind: str  # "ratio" (pydock / nerdctl), "diff" (pydock - nerdctl, ms) or "ms" (pydock's median)
    limit: float
    stretch_engine: str = ""  # a stretch goal: at or below this engine's median

    def text(self) -> str:
        base = {"ratio": f"≤ {self.limit}x nerdctl", "diff": f"≤ +{self.limit:g} ms over nerdctl",
                "ms": f"≤ {self.limit:g} ms"}[self.kind]
        return base + (f" (stretch: ≤ {self.stretch_engine})" if self.stretch_engine else "")


@dataclass
class Row:
    label: str
    args: Callable[[Tool, int], list[str] | None]  # a tool's arguments for round r; None: not in this column
    target: Target
    rounds: int
    listing: bool = False  # count the rows each column prints, to show the populations match
    times: dict[str, list[float]] = field(default_factory=dict)
    rss_kib: dict[str, list[int]] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    printed_rows: dict[str, int] = field(default_factory=dict)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KiB) and exit code of one run, output discarded."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
        try:
            _, status, usage = os.wait4(pid, 0)
        except BaseException:  # interrupted: the run ends before the clean-up looks
            os.waitpid(pid, 0)
            raise
        elapsed = time.perf_counter() - start
    finally:
        os.close(devnull)
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def measure(row: Row, tools: list[Tool]) -> None:
    for r in range(row.rounds + 1):
        for tool in balanced(tools, r):  # each tool follows each other equally often
            args = row.args(tool, r)
            if args is None or tool.label in row.failed:
                continue
            seconds, kib, code = timed([tool.program, *args], tool.store.environ())
            if code != 0:
                row.failed[tool.label] = code
                print(f"  {row.label}: {tool.label} exited {code}: {' '.join(args)}", file=sys.stderr)
            elif r:
                row.times.setdefault(tool.label, []).append(seconds)
                row.rss_kib.setdefault(tool.label, []).append(kib)
    if row.listing:
        for tool in tools:
            args = row.args(tool, 0)
            if args is not None:
                row.printed_rows[tool.label] = len(pop.output_lines([tool.program, *args], tool.store.environ())) - 1
    print(f"  {row.label}: " + ", ".join(f"{k} {statistics.median(v) * 1000:.0f} ms" for k, v in row.times.items()),
          file=sys.stderr)


def tools_for(with_engines: bool) -> tuple[list[Tool], list[pop.Store]]:
    ns = pop.namespace_store()
    tools = [Tool("pydock", PYDOCK, ns), Tool("nerdctl", pop.NERDCTL, ns)]
    engines = pop.engine_stores() if with_engines else []
    tools += [Tool(store.label, pop.DOCKER, store) for store in engines]
    return tools, [ns, *engines]


def same(*args: str) -> Callable[[Tool, int], list[str]]:
    return lambda tool, r: list(args)


def small_verb_rows(rounds: int) -> list[Row]:
    """tag, rm, rmi, stop, logs (their objects made untimed, per round where the verb consumes them)."""
    diff = Target("diff", 10)

    def key(tool: Tool) -> str:
        return tool.label.replace(" ", "").replace(".", "").lower()

    def rm_args(tool: Tool, r: int) -> list[str]:
        name = f"{pop.PREFIX}-rm-{key(tool)}-{r}"
        pop.quiet(tool.store.argv("create", "--network", "none", "--name", name, pop.IMAGE, "true"),
                  tool.store.environ())
        return ["rm", name]

    def rmi_args(tool: Tool, r: int) -> list[str]:
        ref = f"{pop.PREFIX}-rmi:{key(tool)}-{r}"
        pop.quiet(tool.store.argv("tag", pop.IMAGE, ref), tool.store.environ())
        return ["rmi", ref]

    return [
        Row("`tag IMAGE NEW`", lambda tool, r: ["tag", pop.IMAGE, f"{pop.PREFIX}-tagged:{key(tool)}"], diff, rounds),
        Row("`rm` of a created container", rm_args, diff, rounds),
        Row("`rmi` of a tag", rmi_args, diff, rounds),
        Row("`stop` of a stopped container", same("stop", SHORT), diff, rounds),
        Row("`logs` of a short log (1 line)", same("logs", SHORT), diff, rounds),
    ]


def listing_rows(count: int, rounds: int) -> list[Row]:
    # issue #13's ratio names 50 and 200 containers; an empty listing is start-up alone, held to the small verbs' +10 ms
    target = Target("ratio", 1.0, "Engine 29") if count else Target("diff", 10, "Engine 29")
    what = f"{count} running containers"
    return [Row(f"`ps`, {what}", same("ps"), target, rounds, listing=True),
            Row(f"`ps -a`, {what}", same("ps", "-a"), target, rounds, listing=True)]


def inspect_row(tools: list[Tool], rounds: int) -> Row:
    ids = {}
    for tool in tools:
        found = pop.lines(tool.store, "ps", "-q", "--no-trunc", "--filter", f"name={pop.PREFIX}-")
        ids[tool.label] = found[:50]

    def args(tool: Tool, r: int) -> list[str]:
        verb = ["container", "inspect"] if tool.program == pop.NERDCTL else ["inspect"]
        return [*verb, *ids[tool.label]]

    return Row("`inspect` of 50 containers (IDs)", args, Target("ratio", 1.0), rounds)


def completion_row(count: int, rounds: int) -> Row:
    def args(tool: Tool, r: int) -> list[str] | None:
        if tool.label == "pydock":
            return ["__complete", pop.NAMESPACE, "running"]
        return ["ps", "--format", "{{.Names}}"] if tool.label == "nerdctl" else None

    return Row(f"Tab completion lookup, {count} running containers (`pydock __complete NS running` vs "
               "`nerdctl ps --format '{{.Names}}'`)", args, Target("ms", 100), rounds)


def run_all(levels: list[int], rounds: int, with_engines: bool) -> tuple[list[tuple[int, Row]], float]:
    tools, stores = tools_for(with_engines)
    results: list[tuple[int, Row]] = []
    start = time.monotonic()
    lock = pop.engine_lock() if with_engines else None
    try:
        for store in stores:
            pop.clean(store)
        pop.write_archives()
        for store in stores:
            pop.load_images(store)
        have = 0
        for level in levels:
            pop.grow(stores, have, level)
            have = level
            print(f"{level} containers running in every store", file=sys.stderr)
            rows = listing_rows(level, rounds)
            if level == 0:
                rows.append(Row(f"`images`, {pop.IMAGE_COUNT} images", same("images"), Target("ratio", 1.2),
                                rounds, listing=True))
            for row in rows:
                measure(row, tools)
                results.append((level, row))
            if level == 0:
                results += [(level, row) for row in verbs_at_zero(tools, stores, rounds)]
            if level == 50:
                row = inspect_row(tools, rounds)
                measure(row, tools)
                results.append((level, row))
            if level == max(levels):
                row = completion_row(level, 2 * rounds)
                measure(row, tools)
                results.append((level, row))
    finally:
        for store in stores:
            pop.clean(store)
        pop.remove_archives()
        if lock:
            lock.close()
    return results, time.monotonic() - start


def verbs_at_zero(tools: list[Tool], stores: list[pop.Store], rounds: int) -> list[Row]:
    """The small verbs and `run --rm`, on an exited container that printed one line (made untimed)."""
    for store in stores:
        pop.quiet(store.argv("run", "--network", "none", "--name", SHORT, pop.IMAGE, "echo", "one short line"),
                  store.environ())
    rows = small_verb_rows(rounds)
    rows.append(Row("`run --rm IMAGE true`", same("run", "--rm", pop.IMAGE, "true"), Target("ratio", 1.05, "Engine 29"),
                    3 * rounds))  # run --rm's own spread (±60 ms on ~0.8 s) moved a 10-pair median by 0.05x
    for row in rows:
        measure(row, tools)
    for store in stores:  # the next levels count only their own containers
        pop.quiet(store.argv("rm", "-f", SHORT), store.environ())
    return rows


def machine() -> str:
    return (f"{platform.node()}: {platform.system()} {platform.release()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds, 0 and 50 containers only")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--no-engines", action="store_true", help="pydock and nerdctl only")
    parser.add_argument("--write", metavar="FILE", help="replace the scale section of FILE")
    args = parser.parse_args()

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # unwinds through run_all's cleanup

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    levels = [0, 50] if args.quick else [0, 50, 200]
    rounds = 3 if args.quick else args.rounds
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = os.getloadavg()[0]
    try:
        results, seconds = run_all(levels, rounds, not args.no_engines)
    except KeyboardInterrupt:
        print("interrupted; what the benchmark made is removed", file=sys.stderr)
        return 130
    load = (load_before, os.getloadavg()[0])
    text = "\n".join([MARK_BEGIN, render(results, when=when, machine=machine(), seconds=seconds, load=load,
                                         quick=args.quick, namespace=pop.NAMESPACE), MARK_END])
    print(text)
    if args.write:
        replace_section(Path(args.write), MARK_BEGIN, MARK_END, text, heading=f"{HEADING}\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
