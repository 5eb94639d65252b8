"""Start-up benchmark: what pydock adds on top of the backend, measured in one paired run.

Pairs (A against B, run alternately so that drift in the machine's speed hits both alike):
  1. `pydock --dry-run ps`  vs  `python -c pass`   (pydock's own cost over a bare interpreter)
  2. `pydock tag …`         vs  `nerdctl tag …`    (a verb nerdctl answers as docker does: pure overhead)
  3. `pydock ps`            vs  `nerdctl ps`       (docker's columns need nerdctl's inspect: two calls)
  4. `pydock run --rm busybox true`  vs  `nerdctl run --rm busybox true` (plus docker's image check)

Prints a Markdown report (medians, median of pairwise differences and ratios); `--write FILE`
replaces the benchmark section of FILE. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYDOCK = str(Path(sys.executable).parent / "pydock")
MARK_BEGIN = "<!-- startup-benchmark:begin -->"
MARK_END = "<!-- startup-benchmark:end -->"


def once(argv: list[str]) -> float:
    """Wall seconds of one run, output discarded."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                            (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status = os.waitpid(pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}")
    return elapsed


def paired(a: list[str], b: list[str], rounds: int, warmup: int = 3) -> dict[str, float]:
    for _ in range(warmup):
        once(a)
        once(b)
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(once(a))
        tb.append(once(b))
    return {
        "a_ms": statistics.median(ta) * 1000,
        "b_ms": statistics.median(tb) * 1000,
        "diff_ms": statistics.median(x - y for x, y in zip(ta, tb, strict=True)) * 1000,
        "ratio": statistics.median(x / y for x, y in zip(ta, tb, strict=True)),
    }


def report(rounds: int) -> str:
    env_ns = os.environ.setdefault("CONTAINERD_NAMESPACE", "pydock-bench")
    image = ROOT / "tests/stack/busybox_image.py"
    archive = Path("/tmp/pydock-bench-busybox.tar")
    if not archive.exists():
        os.spawnv(os.P_WAIT, sys.executable, [sys.executable, str(image), str(archive)])
    once([PYDOCK, "load", "-i", str(archive)])
    pairs = [
        ("`pydock --dry-run ps`", "`python -c pass`", [PYDOCK, "--dry-run", "ps"],
         [sys.executable, "-c", "pass"], rounds),
        ("`pydock tag busybox pydock-bench:1`", "`nerdctl tag busybox pydock-bench:1`",
         [PYDOCK, "tag", "busybox", "pydock-bench:1"], ["nerdctl", "tag", "busybox", "pydock-bench:1"], rounds),
        ("`pydock ps`", "`nerdctl ps`", [PYDOCK, "ps"], ["nerdctl", "ps"], rounds),
        ("`pydock run --rm busybox true`", "`nerdctl run --rm busybox true`",
         [PYDOCK, "run", "--rm", "busybox", "true"], ["nerdctl", "run", "--rm", "busybox", "true"],
         max(rounds // 3, 5)),
    ]
    rows = []
    for a_name, b_name, a, b, n in pairs:
        r = paired(a, b, n)
        rows.append(f"| {a_name} | {r['a_ms']:.1f} | {b_name} | {r['b_ms']:.1f} | {r['diff_ms']:+.1f} | "
                    f"{r['ratio']:.2f} | {n} |")
    when, machine = when_and_machine()
    return "\n".join([
        MARK_BEGIN,
        f"Measured {when} on {machine}; namespace `{env_ns}`. Wall time of whole processes, "
        "median of alternating runs after 3 warm-ups; diff and ratio are medians of the pairs.",
        "",
        "| A | A median ms | B | B median ms | A - B (ms) | A / B | pairs |",
        "|---|---:|---|---:|---:|---:|---:|",
        *rows,
        MARK_END,
    ])


def when_and_machine() -> tuple[str, str]:
    """When a benchmark ran (UTC, to the minute) and on what, as every benchmark's report says it."""
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.node()}: {platform.system()} {platform.release()}, {os.cpu_count()} CPUs, " \
              f"Python {platform.python_version()}"
    return when, machine


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--write", metavar="FILE", help="replace the benchmark section of FILE")
    args = parser.parse_args()
    text = report(args.rounds)
    print(text)
    if args.write:
        replace_section(Path(args.write), MARK_BEGIN, MARK_END, text)
    return 0


def replace_section(path: Path, begin: str, end: str, block: str, heading: str = "") -> None:
    """Put `block` (which starts with `begin` and ends with `end`) in place of the marked section of a
    document; where there is none yet, append it after `heading`. The rest of the file stays as it is."""
    old = path.read_text() if path.exists() else ""
    if begin in old and end in old:
        new = old[: old.index(begin)] + block + old[old.index(end) + len(end):]
    elif heading:
        new = old.rstrip("\n") + "\n\n" + heading + block + "\n"
    else:
        new = old + ("\n" if old else "") + block + "\n"
    path.write_text(new)


if __name__ == "__main__":
    sys.exit(main())
