"""Bad input by the thousand (issue #14): generated docker command lines for every command path pydock translates.

Properties, for each example:
- parse and translate raise nothing but pydock's own docker-shaped errors (DockerError), never an internal one;
- for run/exec (and the other commands that stop at IMAGE / CONTAINER), everything after it reaches the backend's
  argv byte for byte, last;
- every command a plan may run is a list of str, starts no shell of pydock's own (a user's `sh -c` in the
  container's command is theirs), and translating starts no process at all.

PYDOCK_FUZZ_EXAMPLES sets the examples per command path (2,000 in `make test`; `make fuzz` runs 100,000).
Each example's `random.Random` is seeded from the run's seed (random, or PYDOCK_FUZZ_SEED), the test and the
example's number: a failure names the command line, and the seed and number that give it again. (Hypothesis drew
these seeds before, a true-random seed that it could not shrink anyway: its engine cost 15 times the checks.)
"""

from __future__ import annotations

import atexit
import itertools
import os
import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable

import pytest

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.errors import DockerError, needs_daemon
from shim.parse import parse_command
from shim.plan import CAPTURE, FEED, PREPARE, Done, Plan, Result
from tests.unit.fuzz_argv import command_line

EXAMPLES = int(os.environ.get("PYDOCK_FUZZ_EXAMPLES", "2000"))
# New lines every run, as before; PYDOCK_FUZZ_SEED gives a failed run's lines again.
SEED = int(os.environ.get("PYDOCK_FUZZ_SEED") or random.SystemRandom().getrandbits(32))


def fuzz(name: str, count: int, paths: list[str], check_one: Callable[[str, list[str], bool], None],
         line: Callable[[random.Random], list[str]]) -> None:
    """`count` examples: each draws a path of `paths`, a terminal or none, and a command line (`line`), from a
    Random of its own, and checks them (`check_one`); the first failure is reported with its command line and
    what replays it."""
    for number in range(count):
        rnd = random.Random(f"{SEED}:{name}:{number}")
        path, tty = rnd.choice(paths), rnd.random() < 0.5
        argv = line(rnd)
        try:
            check_one(path, argv, tty)
        except Exception as e:  # an assertion, a process started, or an internal error: all failures
            raise AssertionError(f"docker {path} {argv!r} (terminal: {tty}); again with PYDOCK_FUZZ_SEED={SEED} "
                                 f"(example {number} of {name})") from e
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash"})


def _verbs() -> dict[str, list[str]]:
    """Every spec module pydock translates → the command paths that reach it (`ps`, `container ls` …)."""
    verbs: dict[str, list[str]] = {}
    for path, (module, _canonical) in spec.PATHS.items():
        verbs.setdefault(module, []).append(path)
    return verbs


VERBS = _verbs()


class StartedProcess(AssertionError):
    """Translation tried to start a process."""


def _no_process(*_args, **_kwargs):
    raise StartedProcess("translation started a process")


@pytest.fixture(autouse=True, scope="module")
def no_processes():
    """Translation is pure: any attempt to start a process (or a shell) fails the example."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYDOCK_CONTAINERD_API", "0")  # conftest's setting, for a module-scoped fixture
        mp.setattr(subprocess, "Popen", _no_process)
        for name in ("system", "popen", "fork", "forkpty", "execv", "execve", "execvp", "execvpe", "execl",
                     "execlp", "posix_spawn", "posix_spawnp", "spawnv", "spawnvp"):
            if hasattr(os, name):
                mp.setattr(os, name, _no_process)
        yield


def ctx(tty: bool) -> Context:
    return Context("nerdctl", "nerdctl", stdin_tty=tty, stdout_tty=tty, scratch="/nonexistent/.pydock-fuzz")


# The backend's answers to the probes a plan makes before its command: run's "is the image here?" and exec's
# "which container, in which state?"
PROBES = {"run": ["image", "inspect"], "exec": ["container", "inspect"]}
PROBED = {"run": b'["busybox@sha256:' + b"a" * 64 + b'"]', "exec": b"0123abcd running\n"}


def commands_of(plan: object, verb: str) -> tuple[list[list[str]], bool]:
    """Every command a plan may run, following the steps that need no backend or user answer (a look at
    containerd's files, off here; not login's prompt for a username) and run's and exec's probes; and whether
    the plan ended refusing (docker's error)."""
    found: list[list[str]] = []
    for _ in range(4):
        if not isinstance(plan, Plan):
            break
        found.extend(plan.commands())
        if plan.mode == PREPARE and plan.stdin != FEED:
            plan = plan.then(Result(0))
        elif plan.then is not None and plan.mode == CAPTURE and plan.argv[1:3] == PROBES.get(verb):
            plan = plan.then(Result(0, PROBED[verb]))
        else:
            break
    return found, isinstance(plan, Done) and plan.code != 0


def carries_command(command: spec.Command) -> bool:
    """Whether everything after the command's first positional is the container's (run, create, exec: its
    command; top: ps's options)."""
    return not command.interspersed and command.usage.endswith(("[ARG...]", "[ps OPTIONS]"))


def shell_calls(argv: list[str]) -> int:
    return sum(1 for a, b in itertools.pairwise(argv) if a.rsplit("/", 1)[-1] in SHELLS and b == "-c")


def check(canonical: str, command: spec.Command, argv: list[str], tty: bool) -> None:
    """The properties, for one generated command line."""
    try:
        parsed = parse_command(list(argv), command, canonical)
        if parsed.help:
            return
        needs_daemon(parsed)
        commands, refused = commands_of(backend.translate(parsed, ctx(tty)), command.name)
    except DockerError as e:
        assert_docker_shaped(e)
        return
    assert_commands(command, argv, parsed, commands, refused)


def assert_docker_shaped(error: DockerError) -> None:
    assert isinstance(error.message, str) and error.message, error
    assert 0 < error.code < 256, error.code  # 1 and 125 mostly; 64 for an inspect template


def assert_commands(command: spec.Command, argv: list[str], parsed, commands: list[list[str]], refused: bool) -> None:
    """No shell of pydock's own, argv as lists of str, the container's command last and whole."""
    given_shells = shell_calls(argv)
    for run in commands:
        assert isinstance(run, list) and all(isinstance(a, str) for a in run), run
        assert run and run[0].rsplit("/", 1)[-1] not in SHELLS, run
        assert shell_calls(run) <= given_shells, run
    if carries_command(command) and len(parsed.args) > 1:
        # everything after IMAGE / CONTAINER is the container's: kept whole by the parser, and last in the
        # command that runs it, byte for byte
        assert argv[len(argv) - len(parsed.args):] == parsed.args
        payload = parsed.args[1:]
        assert refused or any(run[len(run) - len(payload):] == payload for run in commands), (payload, commands)


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_generated_command_lines(verb):
    command = spec.get(verb)
    fuzz(verb, EXAMPLES, VERBS[verb], lambda path, argv, tty: check(spec.PATHS[path][1], command, argv, tty),
         lambda rnd: command_line(rnd, command))


def _other_paths() -> list[str]:
    """docker's other command paths (spec/others.py, aliases included) and buildx's, but the groups docker answers
    before it parses anything (an experimental daemon's `checkpoint`)."""
    from shim.spec import others

    paths = [*others.PATHS, *others._ALIAS_OF, *spec.PLUGIN_PATHS]
    return [p for p in paths if p.split(" ")[0] not in others.EXPERIMENTAL_GROUPS]


OTHER_PATHS = _other_paths()
CONTEXT_STORE = tempfile.mkdtemp(prefix="pydock-fuzz-contexts-")
atexit.register(shutil.rmtree, CONTEXT_STORE, True)
# Fewer examples per path for these: docker's other commands are mostly passed to nerdctl's command of the same
# words, flag by flag, on the code path the verbs above share.
OTHER_EXAMPLES = max(EXAMPLES // 10, 50)


def check_other(path: str, argv: list[str], tty: bool) -> None:
    """cli._run_other's steps (and buildx's), for one generated command line."""
    from shim import contexts
    from shim.client_checks import check_other as client_checks
    from shim.spec import others

    if path in spec.PLUGIN_PATHS:
        module, canonical = spec.PLUGIN_PATHS[path]
        command = spec.get(module, canonical)
    else:
        canonical, command = others.lookup(path)
    try:
        parsed = parse_command(list(argv), command, canonical)
        if parsed.help:
            return
        needs_daemon(parsed)
        if canonical in contexts.EMULATED:  # on a store of the test's own, exports written there too
            here = os.getcwd()
            os.chdir(CONTEXT_STORE)
            try:
                contexts.answer(parsed, {"config": CONTEXT_STORE})
            finally:
                os.chdir(here)
            return
        backend.refuse_lacking(canonical)
        client_checks(parsed, tty, "/nonexistent")
        commands, refused = commands_of(backend.translate(parsed, ctx(tty)), command.name)
    except DockerError as e:
        assert_docker_shaped(e)
        return
    assert_commands(command, argv, parsed, commands, refused)


@pytest.mark.parametrize("path", OTHER_PATHS)
def test_generated_command_lines_of_other_commands(path):
    from shim.spec import others

    found = spec.PLUGIN_PATHS.get(path)
    command = spec.get(*found) if found else others.lookup(path)[1]
    fuzz(path, OTHER_EXAMPLES, [path], check_other, lambda rnd: command_line(rnd, command))
