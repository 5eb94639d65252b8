"""ssh transport benchmark (issue #16): `pydock -H ssh://…` against raw `ssh … nerdctl …` and local pydock.

The remote is tests/stack/sshd.sh's sshd on 127.0.0.1:42222 (this machine's containerd, in the namespace
`pydock-bench-ssh`), reached with the test key through an ssh config of the benchmark's own. Rows: `ps` and
`run --rm IMAGE true`. Columns: pydock over ssh with a cold connection (its shared connection closed before each
run, so the run pays ssh's handshake and pydock's check that the remote has nerdctl) and a warm one (the shared
connection open); raw `ssh HOST nerdctl …` cold (no shared connection) and warm (a shared connection of its own);
local pydock. Each round runs every column once, in an order balanced across rounds (tests/bench/order.py; round 0 warms up and is
dropped). Reported: medians with min-max, and the medians of the per-round ratios of pydock over ssh to raw ssh
at the same temperature and to local pydock.

`--write FILE` replaces the marked ssh section of FILE; `--quick` runs 3 rounds (a check that it works, not a
measurement). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.order import balanced
from tests.bench.startup import PYDOCK, replace_section, when_and_machine

MARK_BEGIN = "<!-- ssh-benchmark:begin -->"
MARK_END = "<!-- ssh-benchmark:end -->"
HEADING = "## The ssh transport: `pydock -H ssh://…` against raw ssh and local pydock\n\n"
NAMESPACE = "pydock-bench-ssh"
IMAGE = "pydock-bench-ssh-busybox:latest"
PORT = os.environ.get("PYDOCK_TEST_SSH_PORT", "42222")
HOST = f"ssh://root@127.0.0.1:{PORT}"
KEYS = Path("/var/lib/pydock-stack/sshd")
NERDCTL = os.environ.get("PYDOCK_NERDCTL", "nerdctl")
COLUMNS = ("pydock ssh cold", "pydock ssh warm", "raw ssh cold", "raw ssh warm", "pydock local")


class Setup:
    """The benchmark's ssh config, its folders for the shared connections, and the commands of each column."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.config = folder / "config"
        self.config.write_text(f"Host 127.0.0.1\n  IdentityFile {KEYS / 'client_ed25519'}\n  IdentitiesOnly yes\n"
                               f"  UserKnownHostsFile {KEYS / 'known_hosts'}\n  BatchMode yes\n")
        self.runtime = folder / "run"
        self.runtime.mkdir(mode=0o700)
        self.raw_master = folder / "raw-master"
        self.env = dict(os.environ, PYDOCK_SSH_CONFIG=str(self.config), XDG_RUNTIME_DIR=str(self.runtime),
                        CONTAINERD_NAMESPACE=NAMESPACE)
        self.env.pop("PYDOCK_DEBUG", None)

    def raw(self, *, shared: bool) -> list[str]:
        how = ["-o", "ControlMaster=auto", "-o", f"ControlPath={self.raw_master}", "-o", "ControlPersist=60"] \
            if shared else ["-o", "ControlMaster=no", "-o", "ControlPath=none"]
        return ["ssh", "-F", str(self.config), *how, "-p", PORT, "-l", "root", "-T", "-n", "--", "127.0.0.1"]

    def argv(self, column: str, verb: list[str]) -> list[str]:
        if column.startswith("pydock ssh"):
            return [PYDOCK, "-H", HOST, "--namespace", NAMESPACE, *verb]
        if column == "pydock local":
            return [PYDOCK, "--namespace", NAMESPACE, *verb]
        # raw: nerdctl's own command line, one word per argument (none needs quoting for the remote shell)
        return [*self.raw(shared=column == "raw ssh warm"), " ".join([NERDCTL, f"--namespace={NAMESPACE}", *verb])]

    def close_pydock_connection(self) -> None:
        """pydock's shared connection closed: its next run opens a new one (a cold start)."""
        for master in self.runtime.glob(".pydock-ssh-*/*"):
            if master.is_socket():
                subprocess.run(["ssh", "-o", f"ControlPath={master}", "-O", "exit", "x"], capture_output=True,
                               check=False)

    def close(self) -> None:
        self.close_pydock_connection()
        subprocess.run(["ssh", "-o", f"ControlPath={self.raw_master}", "-O", "exit", "x"], capture_output=True,
                       check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def once(argv: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one run, output discarded; a failure stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchmark command failed ({done.returncode}): {' '.join(argv)}\n"
                         f"{done.stderr.decode(errors='replace')}")
    return elapsed


def measure(setup: Setup, verb: list[str], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {c: [] for c in COLUMNS}
    for r in range(rounds + 1):
        for column in balanced(list(COLUMNS), r):  # each column follows each other equally often
            if column == "pydock ssh cold":
                setup.close_pydock_connection()
            elif column == "pydock ssh warm":
                once(setup.argv(column, ["ps", "-q"]), setup.env)  # untimed: the shared connection open
            elif column == "raw ssh warm":
                once([*setup.raw(shared=True), "true"], setup.env)
            seconds = once(setup.argv(column, verb), setup.env)
            if r:
                times[column].append(seconds)
    return times


def _cell(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"


def _ratio(times: dict[str, list[float]], a: str, b: str) -> str:
    return f"{statistics.median(x / y for x, y in zip(times[a], times[b], strict=True)):.2f}"


def report(results: list[tuple[str, dict[str, list[float]]]], rounds: int) -> str:
    when, machine = when_and_machine()
    lines = [MARK_BEGIN,
             f"Measured {when} on {machine}; sshd on 127.0.0.1:{PORT} (loopback: the figures are ssh's and the "
             f"commands' own costs, no network latency), namespace `{NAMESPACE}`, {rounds} rounds. Milliseconds of "
             "whole processes: median (min-max); the ratios are medians of each round's pair. Cold: a new ssh "
             "connection for the run (pydock also checks the remote has nerdctl then); warm: an open shared "
             "connection (pydock's ControlMaster, or raw ssh's own).",
             "",
             "| command | " + " | ".join(COLUMNS) + " | cold / raw cold | warm / raw warm | warm / local |",
             "|---|" + "---:|" * (len(COLUMNS) + 3)]
    for label, times in results:
        lines.append(f"| {label} | " + " | ".join(_cell(times[c]) for c in COLUMNS) + " | "
                     f"{_ratio(times, 'pydock ssh cold', 'raw ssh cold')} | "
                     f"{_ratio(times, 'pydock ssh warm', 'raw ssh warm')} | "
                     f"{_ratio(times, 'pydock ssh warm', 'pydock local')} |")
    lines += ["", "Raw ssh runs `nerdctl --namespace=NS ps` / `run --rm IMAGE true` itself: its output is nerdctl's, "
                  "not docker's (pydock's `ps` reshapes it; its `run` adds docker's labels and the name it proxies "
                  "signals by).", MARK_END]
    return "\n".join(lines)


def prepare(setup: Setup) -> None:
    """The image in the namespace (loaded locally: the remote's containerd is this machine's)."""
    from tests.stack.busybox_image import image_archive

    subprocess.run([PYDOCK, "--namespace", NAMESPACE, "load"], input=image_archive(IMAGE), env=setup.env,
                   capture_output=True, check=True)
    once([PYDOCK, "-H", HOST, "--namespace", NAMESPACE, "ps"], setup.env)  # the remote is reachable


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="3 rounds: a check that it works")
    parser.add_argument("--write", metavar="FILE", help="replace the ssh section of FILE")
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds
    setup = Setup(Path(tempfile.mkdtemp(prefix="pbssh")))  # short: ssh's control socket path has a length limit
    try:
        prepare(setup)
        results = []
        for label, verb in (("`ps`", ["ps"]), ("`run --rm IMAGE true`", ["run", "--rm", IMAGE, "true"])):
            results.append((label, measure(setup, verb, rounds)))
            print(f"  {label}: " + ", ".join(f"{c} {statistics.median(v) * 1000:.0f} ms"
                                             for c, v in results[-1][1].items()), file=sys.stderr)
    finally:
        setup.close()
        subprocess.run([PYDOCK, "--namespace", NAMESPACE, "rmi", "-f", IMAGE], env=setup.env, capture_output=True,
                       check=False)
    text = report(results, rounds)
    print(text)
    if args.write:
        replace_section(Path(args.write), MARK_BEGIN, MARK_END, text, HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
