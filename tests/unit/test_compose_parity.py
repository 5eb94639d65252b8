"""`docker compose`'s command line against the real plugin (Docker Compose v5.5.0, built by
tests/stack/reference-plugins.sh): every subcommand's help, unknown flags, argument counts, a bad value of each
checked flag kind, the plugin's own help and version give the plugin's stdout, stderr and exit code. None of
these lines reaches a daemon or reads a compose file (`-f` names one that does not exist, which both report
the same way once the line parses)."""

from __future__ import annotations

import os
import subprocess

import pytest

from shim.spec import compose
from tests.conftest import DOCKER_CLI, PYDOCK

PLUGINS = os.environ.get("PYDOCK_REFERENCE_CONFIG", "/var/lib/pydock-stack/reference-docker-config")
MISSING = "/nonexistent/pydock-parity/compose.yaml"
BAD = {"int": "x", "bytes": "12q", "bool": "maybe"}


def _have_plugin() -> bool:
    return bool(DOCKER_CLI) and os.access(os.path.join(PLUGINS, "cli-plugins", "docker-compose"), os.X_OK)


if not _have_plugin() and os.environ.get("CI"):
    raise RuntimeError(f"docker's compose plugin is missing from {PLUGINS} (tests/stack/reference-plugins.sh)")
pytestmark = pytest.mark.skipif(not _have_plugin(), reason="docker's compose plugin is not built here")


def run(binary: str, argv: list[str]) -> tuple[int, str, str]:
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/pydock-parity.sock", "DOCKER_CONFIG": PLUGINS}
    env.pop("PYDOCK_DEBUG", None)
    proc = subprocess.run([binary, *argv], capture_output=True, text=True, env=env, timeout=30, check=False,
                          cwd="/")
    return proc.returncode, proc.stdout, proc.stderr


def _cases():
    yield ["compose"]
    yield ["compose", "--help"]
    yield ["compose", "-h"]
    yield ["compose", "--help=x"]
    yield ["compose", "--zz-no-such-flag", "ps"]
    yield ["compose", "-Z", "ps"]
    yield ["compose", "-p"]
    yield ["compose", "no-such-command"]
    yield ["compose", "version"]
    yield ["compose", "version", "--short"]
    yield ["compose", "version", "--format", "json"]
    yield ["compose", "version", "extra"]
    for name in sorted(compose.COMMANDS):
        words = ["compose", "-f", MISSING, name]
        yield ["compose", name, "--help"]
        yield [*words, "--zz-no-such-flag"]
        yield [*words, "-Z"]
        yield words
        yield [*words, "a1", "a2", "a3", "a4", "a5"]
        for flag in compose.COMMANDS[name].flags:
            if flag.kind in BAD and flag.kind != "bool":
                yield [*words, f"--{flag.long}={BAD[flag.kind]}", "a1", "a2"]


# Lines the plugin gets past (it goes on to read the file or reach the daemon) where pydock's backend lacks the
# command: pydock refuses it in docker's voice instead (docs/commands.md).
LACKING = {"attach", "commit", "events", "export", "publish", "scale", "stats", "volumes", "wait", "watch"}


@pytest.mark.parametrize("argv", list(_cases()), ids=" ".join)
def test_compose_matches_the_plugin(argv):
    plugin = run(DOCKER_CLI, argv)
    name = next((w for w in argv[1:] if w in compose.COMMANDS), "")
    mine = run(PYDOCK, argv)
    if name in LACKING and plugin[0] != 0 and "--help" not in argv and not _parse_error(plugin[2]):
        assert mine[0] == 1 and "is not supported by pydock's nerdctl backend" in mine[2], mine
        return
    if "failed to connect to the docker API" in plugin[2]:
        # the plugin accepted the line and went for its daemon (none here): pydock must accept it too
        assert not _parse_error(mine[2]), mine
        return
    assert mine == plugin


def _parse_error(stderr: str) -> bool:
    return stderr.startswith(("unknown flag", "unknown shorthand", "invalid argument", "requires at least",
                              "accepts ", "docker: 'docker compose", "unknown command", "flag needs"))
