"""The yardstick: every scenario of tests/compat/scenarios.py against Docker Engine and against pydock.

    python -m tests.compat.harness [--only ID ...] [--json FILE] [--timeout SECONDS] [-v]

Before the scenarios, both sides get the same busybox archive (tests/stack/busybox_image.py) with their
own `load -i`, and the reference engine pushes it to 127.0.0.1:5000 for the pull scenarios. Each snippet
then runs on both sides (at the same time, unless it uses the loopback registry or a host port, which
the two would share); stdout, stderr and the exit code are compared after tests/compat/normalize.py has
replaced what must differ. Between scenarios both sides lose every container and every image but
busybox. Prints PASS/FAIL per scenario, a unified diff per failure and the pass rate; --json writes the
results for docs (docs/compat-results.json is a full run's). Exit 0 after a full run whatever the pass
rate (tests/compat/test_compat.py holds the threshold), 2 when the stack is missing.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tests.compat import engines
from tests.compat.normalize import normalize_run
from tests.compat.scenarios import REMOTE, SCENARIOS, Scenario

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0
# Both sides would share these: the loopback registries and host ports.
SHARED_RESOURCE = "127.0.0.1:"


@dataclass
class Outcome:
    scenario: Scenario
    docker: engines.Run
    pydock: engines.Run
    diffs: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.diffs


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float
    versions: dict[str, str]

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def pass_rate(self) -> float:
        return self.passed / len(self.outcomes) if self.outcomes else 0.0

    def failing(self) -> list[str]:
        return [o.scenario.id for o in self.outcomes if not o.passed]

    def as_json(self) -> dict[str, object]:
        return {
            "versions": self.versions,
            "scenarios": len(self.outcomes),
            "passed": self.passed,
            "pass_rate": round(self.pass_rate, 4),
            "seconds": round(self.seconds),
            "results": [_result_json(o) for o in self.outcomes],
        }


def _result_json(o: Outcome) -> dict[str, object]:
    from tests.compat.differences import EXPLAINED

    entry: dict[str, object] = {"id": o.scenario.id, "passed": o.passed, "script": o.scenario.script}
    if o.scenario.note:
        entry["note"] = o.scenario.note
    if o.diffs:
        entry["diffs"] = o.diffs
    if not o.passed and o.scenario.id in EXPLAINED:
        entry["why"] = EXPLAINED[o.scenario.id]
    return entry


def compare(scenario: Scenario, docker: engines.Run, pydock: engines.Run,
            workdirs: tuple[str, str] = ("", "")) -> Outcome:
    """The normalised difference of the two runs: a unified diff per stream, and the exit codes."""
    want = normalize_run(docker.stdout, docker.stderr, workdirs[0])
    got = normalize_run(pydock.stdout, pydock.stderr, workdirs[1])
    outcome = Outcome(scenario, docker, pydock)
    for stream, expected, actual in (("stdout", want[0], got[0]), ("stderr", want[1], got[1])):
        if expected != actual:
            outcome.diffs[stream] = "".join(difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                f"docker/{stream}", f"pydock/{stream}"))
    if docker.code != pydock.code:
        outcome.diffs["exit"] = f"docker exited {docker.code}, pydock exited {pydock.code}"
    return outcome


def run_scenario(scenario: Scenario, docker: engines.Side, pydock: engines.Side, timeout: float,
                 pool: ThreadPoolExecutor) -> Outcome:
    if SHARED_RESOURCE in scenario.script:
        ran = (docker.run(scenario.script, timeout), pydock.run(scenario.script, timeout))
    else:
        futures = [pool.submit(side.run, scenario.script, timeout) for side in (docker, pydock)]
        ran = (futures[0].result(), futures[1].result())
    return compare(scenario, *ran, workdirs=(str(docker.workdir), str(pydock.workdir)))


def prepare(docker: engines.Side, pydock: engines.Side, archive: Path) -> None:
    """The same busybox on both sides, nothing else; busybox in the registry for the pull scenarios."""
    subprocess.run([sys.executable, str(ROOT / "tests/stack/busybox_image.py"), str(archive)], check=True)
    engines.clean_docker(docker)
    engines.clean_pydock(pydock)
    engines.load_busybox(docker, archive)
    engines.load_busybox(pydock, archive)
    engines.push_remote(docker, REMOTE)
    clean(docker, pydock, archive)  # the state every scenario starts from, the first one included


def clean(docker: engines.Side, pydock: engines.Side, archive: Path) -> None:
    engines.clean_docker(docker)
    engines.clean_pydock(pydock)
    for side in (docker, pydock):
        if not engines.has_busybox(side):  # a scenario went too far: put busybox back
            engines.load_busybox(side, archive)


def run_all(scenarios: tuple[Scenario, ...] = SCENARIOS, timeout: float = TIMEOUT,
            on_outcome: Callable[[Outcome], None] | None = None) -> Report:
    """Prepare both sides, run every scenario, clean between them; the report of the whole run."""
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pydock-compat-") as tmp, ThreadPoolExecutor(2) as pool:
        scratch = Path(tmp)
        archive = scratch / "busybox.tar"
        docker, pydock = engines.make_sides(scratch, archive)
        prepare(docker, pydock, archive)
        outcomes = []
        for scenario in scenarios:
            outcome = run_scenario(scenario, docker, pydock, timeout, pool)
            clean(docker, pydock, archive)
            outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
        found = engines.versions(docker, pydock)
    return Report(outcomes, time.monotonic() - start, found)


def print_outcome(o: Outcome, verbose: bool = False) -> None:
    timing = f"({o.docker.seconds:.1f}s docker, {o.pydock.seconds:.1f}s pydock)"
    print(f"{'PASS' if o.passed else 'FAIL'} {o.scenario.id} {timing}", flush=True)
    for stream in ("stdout", "stderr"):
        if stream in o.diffs:
            print("    " + o.diffs[stream].rstrip("\n").replace("\n", "\n    "))
    if "exit" in o.diffs:
        print(f"    exit: {o.diffs['exit']}")
    if verbose:
        for side, run in (("docker", o.docker), ("pydock", o.pydock)):
            for stream in ("stdout", "stderr"):
                text = getattr(run, stream).rstrip("\n")
                if text:
                    print(f"    {side} {stream} (as printed):\n        " + text.replace("\n", "\n        "))
            print(f"    {side} exit {run.code}")


def select(only: list[str] | None) -> tuple[Scenario, ...]:
    if not only:
        return SCENARIOS
    known = {s.id for s in SCENARIOS}
    unknown = [i for i in only if i not in known]
    if unknown:
        raise SystemExit(f"compat: no scenario {', '.join(unknown)} (ids are in tests/compat/scenarios.py)")
    return tuple(s for s in SCENARIOS if s.id in only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.compat.harness", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="ID", help="run only these scenarios")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print both sides' raw output")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per snippet and side")
    args = parser.parse_args(argv)
    scenarios = select(args.only)
    problem = engines.stack_problem()
    if problem:
        print(f"compat: cannot run: {problem}", file=sys.stderr)
        return 2
    report = run_all(scenarios, args.timeout,
                     on_outcome=lambda o: print_outcome(o, args.verbose))
    print(f"\n{report.passed}/{len(report.outcomes)} scenarios pass ({report.pass_rate:.1%}) "
          f"in {report.seconds:.0f}s")
    if report.failing():
        print("failing: " + " ".join(report.failing()))
    if args.json:
        args.json.write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
