"""Every docker 28.2.2 command path beyond the verbs, against the real docker CLI where it needs no daemon:
help, argument counts, unknown flags and a bad value for each flag kind give docker's stdout, stderr and exit
code. (tests/unit/test_docker_cli_parity.py covers the 13 verbs the same way.)"""

from __future__ import annotations

import pytest

from shim.spec import others
from tests.conftest import DOCKER_CLI, PYDOCK
from tests.unit.test_docker_cli_parity import help_of_docker, run

pytestmark = pytest.mark.skipif(not DOCKER_CLI, reason="the docker CLI is not installed (required under CI)")

PATHS = sorted(others.PATHS)
# A value pflag refuses, per kind, where docker's client checks the kind before any daemon call.
BAD = {"int": "x", "uint": "-1", "uint16": "70000", "uint32": "x", "uint64": "x", "int64": "x", "duration": "3",
       "bytes": "12q", "decimal": "a", "float": "x", "filter": "nofilter", "bool": "maybe"}


def _argv_cases():
    for path in PATHS:
        words = path.split()
        yield [*words, "--help"]
        yield [*words, "--zz-no-such-flag"]
        yield [*words, "-Z"]
        yield words
        yield [*words, "a1", "a2", "a3"]
        command = others.lookup(path)[1]
        for flag in command.flags:
            if flag.kind in BAD and not flag.hidden:
                value = BAD[flag.kind]
                yield [*words, f"--{flag.long}={value}", "a1"]


CASES = list(_argv_cases())
# docker 28.2.2 without its buildx plugin prints this banner before `builder` commands; a docker with buildx, as
# users have, does not.
BANNER = ("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
          "            Install the buildx component to build images with BuildKit:\n"
          "            https://docs.docker.com/go/buildx/\n\n")
# Lines docker answers client-side that pydock answers for a command its backend lacks (refused in docker's
# voice, docs/commands.md), or where this docker CLI reaches for Docker Hub.
REFUSED_HERE = {"trust inspect a1 a2 a3", "swarm update", "manifest create a1 a2 a3",
                "manifest rm a1 a2 a3", "plugin create a1 a2 a3", "service scale a1 a2 a3", "stack config"}


@pytest.mark.parametrize("argv", CASES, ids=" ".join)
def test_matches_docker(argv):
    if " ".join(argv) in REFUSED_HERE:
        code, _, err = run(PYDOCK, argv)
        assert (code, "is not supported by pydock's" in err or "not a swarm manager" in err) == (1, True), err
        return
    # help, and the experimental-only commands, depend on what the daemon has: docker with a daemon
    with_daemon = argv[-1] == "--help" or argv[0] in others.EXPERIMENTAL_GROUPS
    code, out, err = help_of_docker(argv) if with_daemon else run(DOCKER_CLI, argv)
    docker = (code, out, err.removeprefix(BANNER))
    if "Cannot connect to the Docker daemon" in docker[2]:
        # docker accepted the line and went for its daemon (none here): pydock must accept it too
        _, _, err = run(PYDOCK, argv)
        assert "Usage:" not in err and "invalid argument" not in err, err
        return
    assert run(PYDOCK, argv) == docker
