"""`make clients`: python-on-whales v0.81.0's own container and image tests, run three times in one run.

With the docker CLI 28.2.2 on the reference Docker Engine 29 and on Engine 20.10, the second column (under
/tmp/pydock-ref.lock, the lock every user of those shared engines takes), then with `docker` resolving to
pydock in a containerd namespace of its own. The table of outcomes goes to a JSON file that
`python -m shim.docgen` turns into a section of docs/compat.md.

The tests are not in the PyPI sdist or wheel (the sdist carries only python_on_whales/test_utils.py), and
pydock's repository does not carry another project's code, so the source comes from a folder given with
--source (make: POW_SRC), a checkout of the tag:

    git clone --branch v0.81.0 --depth 1 https://github.com/gabrieldemarmiesse/python-on-whales "$POW_SRC"

Without it the run is skipped, loudly, with exit 0: CI machines do not reach GitHub.
Usage: python -m tests.clients.pow_suite --source DIR [--json docs/clients-results.json]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from tests.clients import selection, standin_images
from tests.compat.engines import REFERENCE, SECOND, engine_host, engine_version
from tests.stack import busybox_image

VERSION = "0.81.0"
DOCKER_CLI = "/usr/local/bin/docker"
REFERENCE_LOCK = "/tmp/pydock-ref.lock"
PYDOCK = Path(sys.executable).parent / "pydock"
_DROPPED = ("DOCKER_", "PYDOCK_", "CONTAINERD_", "NERDCTL_", "PYTEST_")
# How the stand-ins' containers are named by image in `ps` on the reference engine: only these are removed.
STANDIN_IMAGES = {"busybox", "busybox:1", "busybox:latest", "hello-world", "hello-world:latest", "ubuntu",
                  "ubuntu:latest"}


def source_problem(given: str) -> str:
    """Why the folder `given` is not python-on-whales v0.81.0 with its tests, or ""."""
    if not given:
        return "no source given (make clients POW_SRC=DIR)"
    source = Path(given)
    meta = source / "pyproject.toml"
    if not meta.is_file():
        return f"{source} has no pyproject.toml"
    version = tomllib.loads(meta.read_text()).get("project", {}).get("version")
    if version != VERSION:
        return f"{source} is python-on-whales {version}, not {VERSION}"
    missing = [f for f in selection.FILES if not (source / f).is_file()]
    return f"{source} lacks {', '.join(missing)}" if missing else ""


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED)}
    env.update(extra)
    return env


def _tool(argv: list[str], env: dict[str, str], check: bool = True) -> str:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=False,
                            stdin=subprocess.DEVNULL)
    if check and result.returncode != 0:
        raise RuntimeError(f"{shlex.join(argv)} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
    return result.stdout


class Engine:
    """One side: the `docker` executable the tests call, its environment, how to prepare and clean it."""

    def __init__(self, name: str, docker: str, env: dict[str, str]) -> None:
        self.name = name
        self.docker = docker
        self.env = env

    def docker_cmd(self, *args: str, check: bool = True) -> str:
        return _tool([self.docker, *args], self.env, check)

    def containers(self) -> dict[str, str]:
        rows = self.docker_cmd("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Image}}").splitlines()
        return dict(row.split(" ", 1) for row in rows if " " in row)

    def load_standins(self, folder: Path) -> None:
        busybox = folder / "busybox.tar"
        busybox.write_bytes(busybox_image.image_archive("busybox:latest"))
        if not self.docker_cmd("images", "-q", "busybox:latest").strip():
            self.docker_cmd("load", "-i", str(busybox))
        self.docker_cmd("tag", "busybox:latest", "busybox:1")
        for path in standin_images.write_all(folder).values():
            self.docker_cmd("load", "-i", str(path))

    def clean(self, before: dict[str, str]) -> None:
        """Remove the containers the run made (from the stand-ins, not there before) and the stand-in tags
        other than busybox:latest, which pydock's own tests and the compat harness keep."""
        made = [cid for cid, image in self.containers().items() if cid not in before and image in STANDIN_IMAGES]
        if made:
            self.docker_cmd("rm", "-f", *made, check=False)
        for tag in [*standin_images.all_tags(), "busybox:1"]:
            self.docker_cmd("rmi", tag, check=False)


def reset_namespace(namespace: str) -> None:
    """Empty pydock's namespace for this run with containerd's own tools, never pydock: a pydock bug must not
    leave state behind for the next run. The namespace is this target's alone."""
    env = _env({})
    containers = _tool(["nerdctl", f"--namespace={namespace}", "ps", "-aq"], env, check=False).split()
    if containers:
        _tool(["nerdctl", f"--namespace={namespace}", "rm", "-f", *containers], env, check=False)
    images = _tool(["ctr", f"--namespace={namespace}", "images", "ls", "-q"], env, check=False).split()
    if images:
        _tool(["ctr", f"--namespace={namespace}", "images", "rm", *images], env, check=False)


def run_tests(engine: Engine, source: Path, junit: Path, log: Path) -> None:
    deselect = [f"--deselect={f.rsplit('/', 1)[0]}/{test}" for test in selection.DESELECTED
                for f in selection.FILES if f.endswith(test.split("::")[0])]
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", selection.MARK,
            f"--docker-exe={engine.docker}", f"--junitxml={junit}", *deselect, *selection.FILES]
    print(f"clients: {engine.name}: python-on-whales' tests marked {selection.MARK} ({len(deselect)} deselected), "
          f"output in {log}", flush=True)
    with open(log, "wb") as out:
        subprocess.run(argv, cwd=source, env=engine.env, timeout=1800, check=False, stdin=subprocess.DEVNULL,
                       stdout=out, stderr=subprocess.STDOUT)


def outcomes(junit: Path) -> dict[str, str]:
    """test id (file::name) → passed / failed / error / skipped, from pytest's JUnit XML."""
    import xml.etree.ElementTree as ET

    found = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        test = f"{case.get('classname', '').rsplit('.', 1)[-1]}.py::{case.get('name')}"
        state = "passed"
        for kind, word in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
            if case.find(kind) is not None:
                state = word
                break
        found[test] = state
    return found


def table(reference: dict[str, str], others: dict[str, dict[str, str]], pydock: dict[str, str]) -> list[dict]:
    """A row per test: the reference engine's outcome, every other engine's, pydock's, and why pydock fails
    where the reference passes."""
    rows = []
    for test in sorted(set(reference) | set(pydock) | {t for found in others.values() for t in found}):
        row: dict[str, object] = {"test": test, "reference": reference.get(test, "not run"),
                                  "others": {engine: found.get(test, "not run") for engine, found in others.items()},
                                  "pydock": pydock.get(test, "not run")}
        if row["reference"] == "passed" and row["pydock"] != "passed":
            row["why"] = selection.CAUSES.get(test.split("::", 1)[1], "not yet explained")
        rows.append(row)
    return rows


def _versions(references: list[Engine], pydock: Engine) -> dict[str, object]:
    """docker_engine is the reference's version; engines every engine's, by name."""
    fmt = "{{.Server.Version}}"
    found = {engine.name: engine_version(engine.name, engine.docker_cmd("version", "--format", fmt).strip())
             for engine in references}
    return {"python_on_whales": VERSION, "docker_cli": references[0].docker_cmd("version", "--format",
                                                                                "{{.Client.Version}}").strip(),
            "docker_engine": found[references[0].name], "engines": found,
            "pydock": pydock.docker_cmd("--version").strip()}


def make_engines(scratch: Path, namespace: str, compared: tuple[str, ...]) -> tuple[list[Engine], Engine]:
    """The docker CLI on each reference engine (named by its version, the reference first), and pydock."""
    bin_dir = scratch / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "docker"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(str(PYDOCK))} "$@"\n')
    shim.chmod(0o755)
    path = os.environ.get("PATH", "/usr/bin:/bin")
    references = [Engine(engine, DOCKER_CLI, _env({"DOCKER_HOST": engine_host(engine),
                                                   "DOCKER_CONFIG": str(scratch / f"config-{engine}")}))
                  for engine in compared]
    pydock = Engine("pydock", str(shim), _env({"PATH": f"{bin_dir}:{path}", "CONTAINERD_NAMESPACE": namespace,
                                               "DOCKER_CONFIG": str(scratch / "pydock-config")}))
    return references, pydock


def run_side(engine: Engine, source: Path, scratch: Path, logs: Path) -> dict[str, str]:
    before = engine.containers()
    try:
        engine.load_standins(scratch / engine.name)
        junit = logs / f"{engine.name}.xml"
        run_tests(engine, source, junit, logs / f"{engine.name}.log")
        return outcomes(junit)
    finally:
        engine.clean(before)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.clients.pow_suite")
    parser.add_argument("--source", default="")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--namespace", default="pydock-clients")
    parser.add_argument("--logs", type=Path, default=Path("build/clients"), help="pytest's output and JUnit XML")
    parser.add_argument("--engines", nargs="+", default=[REFERENCE, SECOND],
                        help="the reference engines the tests also run on, the reference first")
    args = parser.parse_args(argv)
    problem = source_problem(args.source)
    if problem:
        bar = "!" * 100
        print(f"{bar}\nmake clients SKIPPED: {problem}.\nIt needs python-on-whales v{VERSION}'s source "
              "(its tests are in no PyPI artifact). Get it on a machine that reaches GitHub with\n  git clone "
              f"--branch v{VERSION} --depth 1 https://github.com/gabrieldemarmiesse/python-on-whales DIR\n"
              f"and run: make clients POW_SRC=DIR\n{bar}", file=sys.stderr)
        return 0
    source = Path(args.source).resolve()
    logs = args.logs.resolve()
    logs.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pydock-clients-") as tmp:
        scratch = Path(tmp)
        references, pydock = make_engines(scratch, args.namespace, tuple(dict.fromkeys(args.engines)))
        for engine in (*references, pydock):
            (scratch / engine.name).mkdir()
        with open(REFERENCE_LOCK, "a") as lock:
            print(f"clients: waiting for {REFERENCE_LOCK} (the reference engines are shared)", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)  # as `flock /tmp/pydock-ref.lock`: one user of the engines at a time
            found = {engine.name: run_side(engine, source, scratch, logs) for engine in references}
            versions = _versions(references, pydock)
        reset_namespace(args.namespace)
        try:
            pydock_results = run_side(pydock, source, scratch, logs)
        finally:
            reset_namespace(args.namespace)
    reference, *others = found
    rows = table(found[reference], {engine: found[engine] for engine in others}, pydock_results)
    summary: dict[str, object] = {side: sum(r[side] == "passed" for r in rows) for side in ("reference", "pydock")}
    summary["others"] = {engine: sum(r["others"][engine] == "passed" for r in rows) for engine in others}
    regressions = [r for r in rows if "why" in r]
    run = {"versions": versions, "reference": reference, "selected": len(rows), "passed": summary,
           "seconds": round(time.monotonic() - start),
           "deselected": [{"test": t, "reason": r} for t, r in selection.DESELECTED.items()], "results": rows}
    if args.json:
        args.json.write_text(json.dumps(run, indent=2) + "\n")
    also = "".join(f", Engine {engine} passed {n}" for engine, n in summary["others"].items())
    print(f"clients: {len(rows)} tests; Engine {reference} (reference) passed {summary['reference']}{also}, "
          f"pydock passed {summary['pydock']}; {len(regressions)} pass on the reference and not on pydock")
    for row in regressions:
        print(f"  {row['test']}: {row['pydock']} ({row['why']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
