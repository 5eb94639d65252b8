"""The yardstick: every scenario of tests/compat/scenarios.py against Docker Engine and against pydock.

    python -m tests.compat.harness [--only ID ...] [--engines 29 20.10] [--backend nerdctl|ctr] [--json FILE]
                                   [--timeout SECONDS] [-v]

The reference is Docker Engine 29 (PYDOCK_REFERENCE picks another); `--engines` compares pydock with more
engines in the same run, the first being the reference (`make compat`: 29, then 20.10 as a second column).
`--backend ctr` runs pydock's side on its ctr backend (PYDOCK_BACKEND=ctr, no nerdctl on its PATH, a namespace
of its own; issue #15): `make compat` does that in a second run, against Engine 29, for docs/compat.md's ctr
column (docs/compat-results-ctr.json).
Before the scenarios, every side gets the same busybox archive (tests/stack/busybox_image.py) with its
own `load -i`, and the reference engine pushes it to 127.0.0.1:5000 for the pull scenarios. Each snippet
then runs on every side (at the same time, unless it uses the loopback registry or a host port, which
they would share: then the engines first, pydock last); pydock's stdout, stderr and exit code are compared
with each engine's after tests/compat/normalize.py has replaced what must differ. Between scenarios every
side loses every container and every image but busybox. Prints PASS/FAIL per scenario against the
reference (and the other engines' verdicts), a unified diff per failure and the pass rates; --json writes
the results for docs (docs/compat-results.json is a full run's). Exit 0 after a full run whatever the
pass rate (tests/compat/test_compat.py holds the threshold), 2 when the stack is missing.
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
from tests.compat.scenario import docker_argvs
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
    refusal: str = ""  # what pydock's backend refused of the script, where the script hid it (`2>/dev/null`)

    @property
    def passed(self) -> bool:
        return not self.diffs


@dataclass
class Report:
    outcomes: list[Outcome]  # against the reference engine
    seconds: float
    versions: dict[str, object]
    engine: str = engines.REFERENCE
    others: dict[str, list[Outcome]] = field(default_factory=dict)  # engine → outcomes, same order
    backend: str = "nerdctl"  # pydock's backend on its side

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def pass_rate(self) -> float:
        return self.passed / len(self.outcomes) if self.outcomes else 0.0

    def failing(self) -> list[str]:
        return [o.scenario.id for o in self.outcomes if not o.passed]

    def columns(self) -> dict[str, list[Outcome]]:
        """engine → its outcomes, the reference first."""
        return {self.engine: self.outcomes, **self.others}

    def as_json(self) -> dict[str, object]:
        """The reference's figures at the top level; every engine's in `engines`, and per result."""
        columns = self.columns()
        return {
            "versions": self.versions,
            "backend": self.backend,
            "reference": self.engine,
            "scenarios": len(self.outcomes),
            "passed": self.passed,
            "pass_rate": round(self.pass_rate, 4),
            "engines": {engine: {"passed": sum(o.passed for o in outs),
                                 "pass_rate": round(sum(o.passed for o in outs) / len(outs), 4) if outs else 0.0}
                        for engine, outs in columns.items()},
            "seconds": round(self.seconds),
            "results": [_result_json(self.engine, {engine: outs[i] for engine, outs in columns.items()},
                                     explain=self.backend == "nerdctl")
                        for i in range(len(self.outcomes))],
        }


def _result_json(reference: str, by_engine: dict[str, Outcome], explain: bool = True) -> dict[str, object]:
    """One scenario's verdicts; `explain`: with tests/compat/differences.py's reason for a difference (written
    for the nerdctl backend's run)."""
    from tests.compat.differences import EXPLAINED

    o = by_engine[reference]
    entry: dict[str, object] = {"id": o.scenario.id, "passed": o.passed, "script": o.scenario.script}
    if o.scenario.note:
        entry["note"] = o.scenario.note
    if o.diffs:
        entry["diffs"] = o.diffs
    if explain and not o.passed and o.scenario.id in EXPLAINED:
        entry["why"] = EXPLAINED[o.scenario.id]
    refusal = refused(o.pydock) or o.refusal
    if not o.passed and refusal:
        entry["refused"] = refusal
    # every other engine's verdict, with its diffs where pydock differs from it
    entry["others"] = {engine: {"passed": other.passed, **({"diffs": other.diffs} if other.diffs else {})}
                       for engine, other in by_engine.items() if engine != reference}
    return entry


# How a backend says it cannot do something (shim/errors.py): `… is not supported by pydock's ctr backend: …`,
# `… was not run with -d by pydock's ctr backend: …`.
REFUSAL = "by pydock's "


def refused(pydock: engines.Run) -> str:
    """The first line where pydock's backend refused what the snippet asked, or ""."""
    return next((line for line in pydock.stderr.splitlines() if REFUSAL in line), "")


def refusal_of(scenario: Scenario, pydock: engines.Side) -> str:
    """The first refusal of the backend among the script's docker commands, asked with pydock's --dry-run (which
    runs nothing): for a script that hides its errors."""
    for argv in docker_argvs(scenario.script):
        if any("$" in word for word in argv):  # bash would have put something else there
            continue
        shown = pydock.tool(str(engines.PYDOCK), "--dry-run", *argv, timeout=30)
        refusal = refused(engines.Run(shown.stdout, shown.stderr, shown.returncode, 0.0))
        if refusal:
            return refusal
    return ""


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


def run_scenario(scenario: Scenario, dockers: list[engines.Side], pydock: engines.Side, timeout: float,
                 pool: ThreadPoolExecutor) -> list[Outcome]:
    """pydock's run compared with each engine's, in the order of `dockers`."""
    sides = [*dockers, pydock]
    if SHARED_RESOURCE in scenario.script:
        ran = [side.run(scenario.script, timeout) for side in sides]
    else:
        ran = [f.result() for f in [pool.submit(side.run, scenario.script, timeout) for side in sides]]
    return [compare(scenario, run, ran[-1], workdirs=(str(side.workdir), str(pydock.workdir)))
            for side, run in zip(dockers, ran[:-1], strict=True)]


def prepare(dockers: list[engines.Side], pydock: engines.Side, archive: Path) -> None:
    """The same busybox on every side, nothing else; busybox in the registry (pushed by the reference) for the
    pull scenarios."""
    subprocess.run([sys.executable, str(ROOT / "tests/stack/busybox_image.py"), str(archive)], check=True)
    clean_all(dockers, pydock)
    if pydock.backend != "ctr":  # the ctr backend refuses builds: no builder to start for it
        engines.start_builder(pydock)
    for side in [*dockers, pydock]:
        engines.load_busybox(side, archive)
    engines.push_remote(dockers[0], REMOTE)
    clean(dockers, pydock, archive)  # the state every scenario starts from, the first one included


def clean_all(dockers: list[engines.Side], pydock: engines.Side) -> list[bool]:
    """Every side cleaned at the same time (they share nothing); whether each still has busybox."""
    with ThreadPoolExecutor(len(dockers) + 1) as pool:
        futures = [*(pool.submit(engines.clean_docker, side) for side in dockers),
                   pool.submit(engines.clean_pydock, pydock)]
        return [f.result() for f in futures]


def clean(dockers: list[engines.Side], pydock: engines.Side, archive: Path) -> None:
    for side, kept in zip([*dockers, pydock], clean_all(dockers, pydock), strict=True):
        if not kept:  # a scenario went too far: put busybox back
            engines.load_busybox(side, archive)


def run_all(scenarios: tuple[Scenario, ...] = SCENARIOS, timeout: float = TIMEOUT,
            on_outcome: Callable[[list[Outcome]], None] | None = None,
            compared: tuple[str, ...] = (engines.REFERENCE,), backend: str = "nerdctl") -> Report:
    """Prepare every side, run every scenario, clean between them; the report of the whole run of pydock on
    `backend`, against the first engine of `compared` (the reference) and each other one."""
    start = time.monotonic()
    with (tempfile.TemporaryDirectory(prefix="pydock-compat-") as tmp,
          ThreadPoolExecutor(len(compared) + 1) as pool):
        scratch = Path(tmp)
        archive = scratch / "busybox.tar"
        dockers, pydock = engines.make_sides(scratch, archive, compared, backend)
        prepare(dockers, pydock, archive)
        columns: dict[str, list[Outcome]] = {engine: [] for engine in compared}
        for scenario in scenarios:
            outcomes = run_scenario(scenario, dockers, pydock, timeout, pool)
            clean(dockers, pydock, archive)
            if backend != "nerdctl" and not outcomes[0].passed and not refused(outcomes[0].pydock):
                outcomes[0].refusal = refusal_of(scenario, pydock)
            for engine, outcome in zip(compared, outcomes, strict=True):
                columns[engine].append(outcome)
            if on_outcome:
                on_outcome(outcomes)
        found = engines.versions(dockers, pydock)
    reference, *others = compared
    return Report(columns[reference], time.monotonic() - start, found, reference,
                  {engine: columns[engine] for engine in others}, backend)


def print_outcome(outcomes: list[Outcome], compared: tuple[str, ...], verbose: bool = False) -> None:
    """PASS/FAIL against the reference, the other engines' verdicts, and the diffs against each."""
    o = outcomes[0]
    timing = f"({o.docker.seconds:.1f}s docker, {o.pydock.seconds:.1f}s pydock)"
    also = "".join(f" [{engine}: {'pass' if other.passed else 'FAIL'}]"
                   for engine, other in zip(compared[1:], outcomes[1:], strict=True))
    print(f"{'PASS' if o.passed else 'FAIL'} {o.scenario.id} {timing}{also}", flush=True)
    for engine, other in zip(compared, outcomes, strict=True):
        label = f"    [{engine}] " if len(compared) > 1 else "    "
        for stream in ("stdout", "stderr"):
            if stream in other.diffs:
                print(label + other.diffs[stream].rstrip("\n").replace("\n", "\n    "))
        if "exit" in other.diffs:
            print(f"{label}exit: {other.diffs['exit']}")
    if verbose:
        runs = [(f"docker {engine}", other.docker) for engine, other in zip(compared, outcomes, strict=True)]
        for side, run in [*runs, ("pydock", o.pydock)]:
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
    parser.add_argument("--engines", nargs="+", choices=list(engines.REFERENCE_SOCKETS),
                        default=[engines.REFERENCE], help="the engines compared, the reference first")
    parser.add_argument("--backend", choices=engines.BACKENDS, default="nerdctl",
                        help="pydock's backend (ctr: PYDOCK_BACKEND=ctr and no nerdctl on its PATH)")
    args = parser.parse_args(argv)
    scenarios = select(args.only)
    compared = tuple(dict.fromkeys(args.engines))
    problem = engines.stack_problem(compared, args.backend)
    if problem:
        print(f"compat: cannot run: {problem}", file=sys.stderr)
        return 2
    report = run_all(scenarios, args.timeout, compared=compared, backend=args.backend,
                     on_outcome=lambda outcomes: print_outcome(outcomes, compared, args.verbose))
    print()
    for engine, outcomes in report.columns().items():
        passed = sum(o.passed for o in outcomes)
        role = "reference" if engine == report.engine else "second column"
        print(f"Engine {engine} ({role}), pydock on {report.backend}: {passed}/{len(outcomes)} scenarios pass "
              f"({passed / len(outcomes):.1%})" if outcomes else f"Engine {engine}: no scenarios")
        failing = [o.scenario.id for o in outcomes if not o.passed]
        if failing:
            print(f"  failing: {' '.join(failing)}")
    print(f"in {report.seconds:.0f}s")
    if args.json:
        args.json.write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
