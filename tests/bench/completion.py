"""Completion benchmark: how long Tab takes with 50 containers present (the issue's bound: 100 ms).

1. Tab in real bash, zsh and fish (under pexpect, the checked-in scripts loaded): from the Tab key to
   the completed container name on the screen, for `pydock exec <unique prefix><Tab>`.
2. The name lookup alone, as a process, for the two ways a script can ask: pydock's hot-path helper
   (`pydock __complete`: nerdctl's name files + containerd's task state) against nerdctl's own listing
   (`nerdctl ps --format '{{.Names}}'`, what a script could call directly), run alternately.

Creates 50 running busybox containers in a namespace of its own, removes them (and the namespace)
afterwards, and prints a Markdown report; `--write FILE` replaces the Completion section of FILE.
Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.startup import PYDOCK, paired, replace_section  # noqa: E402 - after the path entry above

NAMESPACE = "pydock-bench-completion"
COUNT = 50
MARK_BEGIN = "<!-- completion-benchmark:begin -->"
MARK_END = "<!-- completion-benchmark:end -->"
HEADING = "## Completion: Tab with 50 containers"
PROMPT = "bench$ "
INTRO = """Produced by `tests/bench/completion.py`, which rewrites the tables below (the issue's bound: 100 ms).

- The scripts ask pydock's hot-path helper (`pydock __complete NS KIND`) for names. For containers it
  reads nerdctl's name files and containerd's task state (which tasks have a live init process)
  instead of `nerdctl ps`, which asks containerd about every container's task, spec and networks:
  about 150-250 ms with 50 containers here, over the bound on its own. Where that layout is not
  there (rootless, another data root or containerd) the helper falls back to `ctr tasks ls`, then
  to nerdctl's listing.
- Images and networks come from nerdctl's own listings through the same helper, which adds
  Python's start-up to them: one code path for three shells, with one deadline (a second) and
  silence on errors."""


def _quiet(argv: list[str]) -> int:
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    finally:
        os.close(devnull)


def _nerdctl(*argv: str) -> list[str]:
    return ["nerdctl", "--namespace", NAMESPACE, *argv]


def setup(tag: str) -> list[str]:
    """Load busybox and start COUNT containers named bench-NN-TAG (a few at a time)."""
    archive = Path("/tmp/pydock-bench-busybox.tar")
    if not archive.exists():
        _quiet([sys.executable, str(ROOT / "tests/stack/busybox_image.py"), str(archive)])
    if _quiet(_nerdctl("load", "-i", str(archive))) != 0:
        raise SystemExit("could not load the busybox image (is the stack up? tests/stack/provision.sh)")
    names = [f"bench-{i:02d}-{tag}" for i in range(COUNT)]
    devnull = os.open(os.devnull, os.O_RDWR)
    quiet = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    try:
        for start in range(0, COUNT, 5):
            pids = [os.posix_spawnp("nerdctl", argv, os.environ, file_actions=quiet) for argv in
                    (_nerdctl("run", "-d", "--name", n, "busybox", "sleep", "3600") for n in names[start:start + 5])]
            for pid in pids:
                os.waitpid(pid, 0)
    finally:
        os.close(devnull)
    return names


def cleanup() -> None:
    from shim.backends.nerdctl.names import run_lines

    ids = run_lines(_nerdctl("ps", "-aq"), time.monotonic() + 60)
    if ids:
        _quiet(_nerdctl("rm", "-f", *ids))
    images = run_lines(_nerdctl("images", "-q"), time.monotonic() + 60)  # the namespace is the bench's own
    if images:
        _quiet(_nerdctl("rmi", "-f", *set(images)))
    _quiet(["nerdctl", "namespace", "remove", NAMESPACE])


def _shell(name: str, env: dict[str, str]):
    import pexpect

    completions = ROOT / "completions"
    argv = {"bash": ["--norc", "--noprofile"], "zsh": ["-f"], "fish": ["--no-config", "--private"]}[name]
    child = pexpect.spawn(name, argv, env=env, encoding="utf-8", timeout=30, dimensions=(60, 250))
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default: not Tab's time
    setup_lines = {
        "bash": [f"source {completions}/pydock.bash", "PS1='bench$ '"],
        "zsh": [f"fpath=({completions} $fpath); autoload -Uz compinit; compinit -u -D", "PS1='bench$ '"],
        "fish": [f"source {completions}/pydock.fish", "function fish_prompt; printf 'bench$ '; end"],
    }[name]
    for line in setup_lines:
        child.sendline(line)
    child.sendline("echo 'rea'dy")
    child.expect_exact("ready")
    child.expect_exact(PROMPT)
    return child


def tab_ms(shell: str, names: list[str], rounds: int) -> list[float]:
    """Milliseconds from Tab to the completed name on screen, once per round (after 2 warm-ups)."""
    env = dict(os.environ, CONTAINERD_NAMESPACE=NAMESPACE, TERM="xterm",
               PATH=f"{Path(PYDOCK).parent}{os.pathsep}{os.environ.get('PATH', os.defpath)}")
    child = _shell(shell, env)
    out = []
    try:
        for i in range(rounds + 2):
            target = names[(i * 7) % len(names)]
            head, tail = target[:8], target[8:]  # bench-NN is unique; the rest comes from Tab
            child.send(f"pydock exec {head}")
            child.expect_exact(head)
            time.sleep(0.05)  # let the shell finish drawing what was typed
            start = time.perf_counter()
            child.send("\t")
            child.expect_exact(tail)
            elapsed = (time.perf_counter() - start) * 1000
            # Clear the line and sync on a command's output: Ctrl-C racing the end of a completion can
            # leave zsh waiting, and typing before the next prompt could be thrown away.
            child.sendcontrol("u")
            child.sendline(f"echo 'syn'c{i}")
            child.expect_exact(f"sync{i}")
            child.expect_exact(PROMPT)
            if i >= 2:
                out.append(elapsed)
    finally:
        child.close(force=True)
    return out


def report(rounds: int) -> str:
    tag = uuid.uuid4().hex[:6]
    cleanup()
    try:
        names = setup(tag)
        tabs = {shell: tab_ms(shell, names, rounds) for shell in ("bash", "zsh", "fish")}
        helper_running = paired([PYDOCK, "__complete", NAMESPACE, "running"],
                                _nerdctl("ps", "--format", "{{.Names}}"), rounds)
        helper_all = paired([PYDOCK, "__complete", NAMESPACE, "container"],
                            _nerdctl("ps", "--all", "--format", "{{.Names}}"), rounds)
        images = paired([PYDOCK, "__complete", NAMESPACE, "image"],
                        _nerdctl("images", "--format", "{{.Repository}}:{{.Tag}}"), rounds)
    finally:
        cleanup()
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.node()}: {platform.system()} {platform.release()}, {os.cpu_count()} CPUs, " \
              f"Python {platform.python_version()}"
    tab_rows = [f"| {shell} | {statistics.median(ms):.1f} | {min(ms):.1f} | {max(ms):.1f} | {len(ms)} |"
                for shell, ms in tabs.items()]
    lookup_rows = [
        f"| {what} | {r['a_ms']:.1f} | {alt} | {r['b_ms']:.1f} | {r['ratio']:.2f} |"
        for what, alt, r in [
            ("running containers: `pydock __complete NS running`", "`nerdctl ps --format '{{.Names}}'`",
             helper_running),
            ("all containers: `pydock __complete NS container`", "`nerdctl ps -a --format '{{.Names}}'`",
             helper_all),
            ("images: `pydock __complete NS image`", "`nerdctl images --format …`", images),
        ]]
    return "\n".join([
        MARK_BEGIN,
        f"Measured {when} on {machine}, with {COUNT} running containers in namespace `{NAMESPACE}`, by "
        "`tests/bench/completion.py`.",
        "",
        "Tab to the completed name on screen, `pydock exec bench-NN<Tab>` in each shell (ms):",
        "",
        "| shell | median | min | max | runs |",
        "|---|---:|---:|---:|---:|",
        *tab_rows,
        "",
        "The lookup alone, whole processes run alternately (medians, ms):",
        "",
        "| pydock's helper | ms | nerdctl directly | ms | ratio |",
        "|---|---:|---|---:|---:|",
        *lookup_rows,
        MARK_END,
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--write", metavar="FILE", help="replace the Completion section of FILE")
    args = parser.parse_args()
    text = report(args.rounds)
    print(text)
    if args.write:
        replace_section(Path(args.write), MARK_BEGIN, MARK_END, text, heading=f"{HEADING}\n\n{INTRO}\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
