"""pydock and the real docker CLI 28.2.2, side by side, where docker needs no daemon: flag and argument
errors, and help. Same stdout, same stderr, same exit code."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import DOCKER_CLI, PYDOCK

pytestmark = pytest.mark.skipif(
    not DOCKER_CLI and not os.environ.get("CI"), reason="the docker CLI is not installed (required under CI)")

CASES = [
    # unknown and malformed flags (exit 125)
    "run --foo busybox", "run -z busybox", "run -zit busybox", "run -itz busybox", "run --name",
    "run -p", "run -e", "run --rm=maybe busybox", "run -d=maybe x", "run --memory abc busybox",
    "run --cpus x busybox", "run --health-interval x busybox", "run --blkio-weight 70000 busybox",
    "run --blkio-weight x busybox", "run -c x busybox", "ps --foo", "ps -n x", "ps --last=abc",
    "ps -f x", "images -f x", "stop -t abc x", "container ls --foo", "container list -x",
    "image ls --nope", "logs --foo c", "exec --foo c true", "rm -x c", "rmi --nope x", "pull --nope x",
    "push --nope x", "save --nope x", "load --nope", "tag --nope a b",
    # pflag's `-x=`: the value "=" for a flag with a value, an unknown shorthand '=' after a boolean
    "ps -n=", "run -d= busybox", "stop -t= x",
    # argument counts (exit 1)
    "run", "run -it", "run -d=false --name=x", "ps x", "ps -q x", "tag a", "tag a b c", "stop", "logs",
    "logs a b", "exec c", "images a b", "image ls a b", "rmi", "rm", "save", "pull", "push", "load x",
    "container run", "image rm", "stop --time 3", "container stop", "image pull",
    # unknown commands (exit 1)
    "nosuch", "container nosuch", "image lss",
    # global flags
    "--foo ps", "-H", "--nope",
]

HELP = ["pull", "images", "tag", "push", "save", "load", "rmi", "run", "ps", "stop", "rm", "exec", "logs",
        "container ls", "container list", "container run", "container rm", "image ls", "image rm", "image pull",
        "image tag", "image push", "image save", "image load", "container exec", "container logs",
        "container stop"]


# docker's help hides the flags its daemon lacks (Windows-only, experimental, swarm), which it cannot know
# without one: help is compared with the docker CLI talking to the reference Docker Engine 29 when it runs.
ENGINE29 = "/run/pydock-ref29/docker.sock"


def run(binary: str, argv: list[str], host: str = "unix:///nonexistent/pydock-parity.sock",
        config: str = "/nonexistent") -> tuple[int, str, str]:
    # By default an unreachable socket of our own: no case here may get as far as a daemon.
    env = {**os.environ, "DOCKER_HOST": host, "DOCKER_CONFIG": config}
    env.pop("PYDOCK_DEBUG", None)
    proc = subprocess.run([binary, *argv], capture_output=True, text=True, env=env, timeout=30, check=False)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("line", CASES)
def test_errors_match_docker(line):
    argv = line.split()
    assert run(PYDOCK, argv) == run(DOCKER_CLI, argv)


@pytest.mark.parametrize("path", HELP)
def test_help_matches_docker(path):
    argv = [*path.split(), "--help"]
    assert run(PYDOCK, argv) == help_of_docker(argv)


def help_of_docker(argv: list[str]) -> tuple[int, str, str]:
    """docker's help as a user with a daemon sees it (Engine 29's, when it runs; CI provisions it)."""
    if not os.path.exists(ENGINE29):
        if os.environ.get("CI"):
            pytest.fail(f"the help comparison needs the reference Docker Engine 29 ({ENGINE29}) under CI")
        pytest.skip("the reference Docker Engine 29 is not running")
    return run(DOCKER_CLI, argv, f"unix://{ENGINE29}")


# docker's root help, section by section: pydock's differs only in its description line and the pydock
# sections it adds after docker's Global Options.
ROOT_SECTIONS = ("Common Commands:", "Management Commands:", "Swarm Commands:", "Commands:", "Global Options:")


def sections(text: str) -> dict[str, str]:
    """Blank-line separated blocks of a root help, by their title line."""
    return {block.split("\n", 1)[0]: block for block in text.split("\n\n")}


@pytest.mark.parametrize("argv", [["--help"], ["--help=true"]], ids=" ".join)
def test_root_help_has_dockers_sections(argv):
    code, out, err = run(PYDOCK, argv)
    docker_code, docker_out, docker_err = run(DOCKER_CLI, argv)
    assert (code, err) == (docker_code, docker_err)
    ours, theirs = sections(out), sections(docker_out)
    # the command sections as docker lists them with its buildx and compose plugins, which pydock answers
    with_plugins = sections(run(DOCKER_CLI, argv, config=_reference_plugins())[1])
    for title in ROOT_SECTIONS:
        assert ours[title] == (theirs if title == "Global Options:" else with_plugins)[title], title
    assert out.splitlines()[0] == docker_out.splitlines()[0]  # the usage line
    trailer = docker_out[docker_out.index("\n\nRun 'docker COMMAND --help'"):]
    assert out.endswith(trailer)


def _reference_plugins() -> str:
    """The docker config folder holding docker's buildx and compose plugins (tests/stack/reference-plugins.sh)."""
    config = os.environ.get("PYDOCK_REFERENCE_CONFIG", "/var/lib/pydock-stack/reference-docker-config")
    if not os.access(os.path.join(config, "cli-plugins", "docker-compose"), os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"docker's plugins are missing from {config} under CI (tests/stack/reference-plugins.sh)")
        pytest.skip("docker's buildx and compose plugins are not built here")
    return config


def test_root_help_adds_pydock_sections_after_dockers():
    _, out, _ = run(PYDOCK, ["--help"])
    titles = [line for line in out.splitlines() if line.endswith(":") and not line.startswith(" ")]
    assert titles == [*ROOT_SECTIONS, "pydock Commands:", "pydock Options:"]


# docker 28.2.2 without buildx prints its legacy builder's deprecation banner on stderr first; pydock builds
# with BuildKit, as docker does once buildx is installed, so it prints none. The rest must match.
LEGACY_BANNER = ("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
                 "            Install the buildx component to build images with BuildKit:\n"
                 "            https://docs.docker.com/go/buildx/\n\n")


@pytest.mark.parametrize("line", ["build --help", "image build --help", "builder build --help", "build",
                                  "build a b", "build --foo .", "image build -z .", "build -t"])
def test_build_parse_errors_and_help_match_docker(line):
    argv = line.split()
    code, out, err = run(DOCKER_CLI, argv)
    assert err.startswith(LEGACY_BANNER)
    assert run(PYDOCK, argv) == (code, out, err.removeprefix(LEGACY_BANNER))
