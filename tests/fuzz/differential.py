"""Differential fuzz: generated command lines through the real docker CLI 28.2.2 and the real pydock, side by side.

docker is pointed at a socket that does not exist, so that everything it answers is its client's: a line docker
refuses before it needs a daemon must be refused by pydock in the same words with the same exit code, and a line
docker takes (it then says it cannot connect) must not be refused by pydock, unless pydock's backend cannot express
a flag (pydock's "not supported" refusal, documented per flag in docs/commands.md). pydock runs with --dry-run, so
that nothing reaches nerdctl. Generation is tests/unit/fuzz_argv.py's.

Not a pass/fail test (each line costs two process starts, and some differences are known: docs/reliability.md):
it prints each difference and a summary; with --strict it exits 1 when there is one. `make fuzz` runs it.

    python -m tests.fuzz.differential [--examples N] [--seed S] [--paths run,ps,...] [--strict]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from shim import spec
from shim.spec import others
from tests.unit.fuzz_argv import command_line

PYDOCK = str(Path(sys.executable).parent / "pydock")
DOCKER = "/usr/local/bin/docker" if os.path.exists("/usr/local/bin/docker") else "docker"
NO_DAEMON = "Cannot connect to the Docker daemon"
# Answers that depend on a daemon or on what is installed, not on the client's checks.
NOT_CLIENT = (NO_DAEMON, "Unable to find image")
DAEMON_ANSWERS = ("Error response from daemon", "docker: Error response from daemon")
# This docker CLI has no buildx plugin: its build commands are the legacy builder's, pydock's are buildx's.
BUILDX_PATHS = ("build", "image build", "builder build", "builder prune")


def _command(path: str) -> spec.Command:
    found = spec.PATHS.get(path) or spec.PLUGIN_PATHS.get(path)
    return spec.get(found[0], found[1]) if found else others.lookup(path)[1]  # type: ignore[index]


def _run(argv: list[str], env: dict[str, str], cwd: str) -> tuple[int, str]:
    proc = subprocess.run([os.fsencode(a) for a in argv], capture_output=True, env=env, cwd=cwd, timeout=60,
                          check=False)
    return proc.returncode, proc.stderr.decode("utf-8", "surrogateescape")


def compare(path: str, argv: list[str], env: dict[str, str], cwd: str) -> str:
    """"" when docker and pydock agree on the line, else a report of how they differ."""
    words = [*path.split(), *argv]
    docker_code, docker_err = _run([DOCKER, *words], env, cwd)
    pydock_code, pydock_err = _run([PYDOCK, "--dry-run", *words], env, cwd)
    docker_refused = docker_code != 0 and not any(text in docker_err for text in NOT_CLIENT)
    pydock_refused = pydock_code != 0
    # Where docker needs its daemon, pydock may answer as the daemon would (a swarm command: not a swarm manager),
    # or refuse what its backend cannot express: not the client's checks, so not compared.
    if pydock_refused and not docker_refused and pydock_err.startswith(DAEMON_ANSWERS):
        return ""
    if pydock_refused and "not supported by pydock's" in pydock_err:
        return ""
    if docker_refused == pydock_refused and (not docker_refused or (docker_code, docker_err) ==
                                             (pydock_code, pydock_err)):
        return ""
    return (f"### docker {path} {argv!r}\n  docker {docker_code}: {docker_err[:400]!r}\n"
            f"  pydock {pydock_code}: {pydock_err[:400]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=int(os.environ.get("PYDOCK_FUZZ_DIFF_EXAMPLES", "2000")))
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--paths", default="", help="comma-separated command paths (default: all of them)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a line differs")
    args = parser.parse_args()
    paths = args.paths.split(",") if args.paths else [*spec.PATHS, *others.PATHS]
    paths = [p for p in paths if p.split(" ")[0] not in others.EXPERIMENTAL_GROUPS and p not in BUILDX_PATHS]
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    rnd = random.Random(seed)
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/pydock-differential.sock",
           "DOCKER_CONFIG": "/nonexistent", "PYDOCK_CONTAINERD_API": "0"}
    env.pop("PYDOCK_DEBUG", None)
    differences = 0
    with tempfile.TemporaryDirectory(prefix="pydock-differential-") as cwd:
        for _ in range(args.examples):
            path = rnd.choice(paths)
            argv = command_line(rnd, _command(path))
            if "--help" in argv or "-h" in argv:
                continue
            report = compare(path, argv, env, cwd)
            if report:
                differences += 1
                print(report, flush=True)
    print(f"differential fuzz: {args.examples} lines over {len(paths)} command paths (seed {seed}), "
          f"{differences} differences")
    return 1 if differences and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
