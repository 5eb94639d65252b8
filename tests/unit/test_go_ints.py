"""Numeric flags take what docker takes: Go's integer syntax of strconv.ParseInt/ParseUint with base 0, as pflag
reads int, int64, uint and uint16 flags (issue #14: `ps -n 010`). Values and wording checked against the docker
CLI 28.2.2, which refuses a bad one before it needs a daemon."""

from __future__ import annotations

import os
import subprocess

import pytest

from shim import spec, values
from tests.conftest import DOCKER_CLI, PYDOCK

# raw → (ParseInt(raw, 0, 64), ParseUint(raw, 0, 16)): a value, or the complaint's tail
GO = {
    "010": (8, 8), "0_10": (8, 8), "1_000": (1000, 1000), "0x_1f": (31, 31), "0X1F": (31, 31), "0b_1": (1, 1),
    "0B1": (1, 1), "0o_7": (7, 7), "0O7": (7, 7), "00": (0, 0), "-0": (0, "invalid syntax"),
    "+5": (5, "invalid syntax"), "-0x10": (-16, "invalid syntax"), "65535": (65535, 65535),
    "65536": (65536, "value out of range"), "0x10000": (65536, "value out of range"),
    "9223372036854775807": (9223372036854775807, "value out of range"),
    "9223372036854775808": ("value out of range", "value out of range"),
    "-9223372036854775808": (-9223372036854775808, "invalid syntax"),
    "-9223372036854775809": ("value out of range", "invalid syntax"),
    "0x8000000000000000": ("value out of range", "value out of range"),
    "-0x8000000000000000": (-(1 << 63), "invalid syntax"),
    "18446744073709551616": ("value out of range", "value out of range"),
    # an overflow is reported as the digits are read, before a bad character after them
    "99999999999999999999x": ("value out of range", "value out of range"),
    "08": ("invalid syntax",) * 2, "1__0": ("invalid syntax",) * 2, "_1": ("invalid syntax",) * 2,
    "1_": ("invalid syntax",) * 2, "10_": ("invalid syntax",) * 2, "0x1_": ("invalid syntax",) * 2,
    "0_x1": ("invalid syntax",) * 2, "0__1": ("invalid syntax",) * 2, "0x_": ("invalid syntax",) * 2,
    "0x": ("invalid syntax",) * 2, "0b12": ("invalid syntax",) * 2, "-_1": ("invalid syntax",) * 2,
    "+-1": ("invalid syntax",) * 2, "-": ("invalid syntax",) * 2, "+": ("invalid syntax",) * 2,
    "1e3": ("invalid syntax",) * 2, " 1": ("invalid syntax",) * 2, "\uff10": ("invalid syntax",) * 2,
    "\u0663": ("invalid syntax",) * 2, "\u212a": ("invalid syntax",) * 2, "\u0130": ("invalid syntax",) * 2,
}


def _expected(raw: str, result: object, func: str) -> str:
    return "" if isinstance(result, int) else f'strconv.{func}: parsing "{raw}": {result}'


@pytest.mark.parametrize("raw", list(GO))
def test_go_integer_syntax(raw):
    signed, unsigned16 = GO[raw]
    assert values.value_problem("int", raw, "last") == _expected(raw, signed, "ParseInt")
    assert values.value_problem("uint16", raw, "blkio-weight") == _expected(raw, unsigned16, "ParseUint")
    if isinstance(signed, int):
        assert values.typed("int", raw, "last") == signed


def test_every_numeric_flag_reads_go_integers():
    """Every int and uint flag of every command path takes `010` as 8 and `1_000` as 1000 (a flag parsed by
    other rules later is how `ps -n 010` crashed)."""
    from shim.parse import parse_flags
    from shim.spec import others

    commands = {path: spec.get(module) for path, (module, _c) in spec.PATHS.items()} | others.commands()
    checked = 0
    for path, command in commands.items():
        for flag in command.flags:
            if flag.kind not in ("int", "int64", "uint", "uint16", "uint32", "uint64"):
                continue
            for raw, value in (("010", 8), ("1_000", 1000), ("0x10", 16)):
                store: dict[str, object] = {}
                parse_flags([f"--{flag.long}={raw}"], command, store, [])
                assert store[flag.long] == value, (path, flag.long, raw)
            checked += 1
    assert checked >= 30


def _docker(argv: list[str]) -> str:
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/pydock-ints.sock", "DOCKER_CONFIG": "/nonexistent"}
    proc = subprocess.run([DOCKER_CLI, *argv], capture_output=True, text=True, env=env, timeout=30, check=False)
    return proc.stderr


@pytest.mark.skipif(not DOCKER_CLI and not os.environ.get("CI"), reason="the docker CLI is not installed")
@pytest.mark.parametrize("raw", list(GO))
def test_docker_takes_the_same_integers(raw):
    """The table above is docker's: an int flag (`ps -n`) and a uint16 one (`run --blkio-weight`)."""
    for argv, result, func in ((["ps", "-n", raw], GO[raw][0], "ParseInt"),
                               (["run", "--blkio-weight", raw, "busybox"], GO[raw][1], "ParseUint")):
        stderr = _docker(argv)
        problem = _expected(raw, result, func)
        if problem:
            assert f"flag: {problem}\n" in stderr, stderr
        else:
            assert "invalid argument" not in stderr, stderr


@pytest.mark.parametrize(("argv", "shown"), [
    (["--dry-run", "ps", "-n", "010"], "nerdctl ps"), (["--dry-run", "ps", "-n", "1_000"], "nerdctl ps"),
    (["--dry-run", "stop", "-t", "0x10", "c1"], "--time=16"),
])
def test_the_console_script_takes_go_integers(argv, shown):
    proc = subprocess.run([PYDOCK, *argv], capture_output=True, text=True, timeout=30, check=False,
                          env={**os.environ, "PYDOCK_CONTAINERD_API": "0"})
    assert proc.returncode == 0, proc.stderr
    assert shown in proc.stdout


def test_the_console_script_refuses_what_docker_refuses():
    proc = subprocess.run([PYDOCK, "ps", "-n", "08"], capture_output=True, text=True, timeout=30, check=False)
    assert proc.returncode == 125
    assert proc.stderr.startswith('invalid argument "08" for "-n, --last" flag: strconv.ParseInt: parsing "08": '
                                  "invalid syntax\n\nUsage:  docker ps [OPTIONS]\n")
    assert proc.stdout == ""
