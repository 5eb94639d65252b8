"""Values docker's client refuses are refused by pydock with docker's message and exit code, before any backend
call (issue #14): ports, image references, labels and label files, environment variables, and the quoting of a
value in pflag's and strconv's errors. Each case runs through the real console script, with a stand-in nerdctl that
records being called; where the docker CLI 28.2.2 is installed, the same line runs through it as well.

(Container names such as `bad name!` are the daemon's to refuse, once the image is found: pydock restates nerdctl's
refusal in Engine's words, compared with Docker Engine 29 and 20.10 by tests/compat's `run-invalid-name`.)"""

from __future__ import annotations

import hashlib
import os
import subprocess

import pytest

from tests.conftest import DOCKER_CLI, PYDOCK

LONG = "a" * 300
HEX32 = "a" * 32
HEX64 = "a" * 64
UNPRINTABLE_DIGEST = hashlib.sha256("a\U000def5a".encode()).hexdigest()  # docker's context store names it so


def _run_error(message: str, verb: str = "run") -> str:
    return f"docker: {message}\n\nRun 'docker {verb} --help' for more information\n"


def _flag_error(message: str, path: str, usage: str) -> str:
    return f"{message}\n\nUsage:  docker {path} {usage}\n\nRun 'docker {path} --help' for more information\n"


RUN_USAGE = "[OPTIONS] IMAGE [COMMAND] [ARG...]"
# argv → (docker's stderr, exit code); files are made by the fixture below
CASES = {
    ("run", "-p", "99999:80", "busybox"): (_run_error("invalid hostPort: 99999"), 125),
    ("run", "-p", "80:99999", "busybox"): (_run_error("invalid containerPort: 99999"), 125),
    ("create", "-p", "99999", "busybox"): (_run_error("invalid containerPort: 99999", "create"), 125),
    ("run", "-p", "1.2.3.4.5:80:80", "busybox"): (_run_error("invalid IP address: 1.2.3.4.5"), 125),
    ("run", "-p", "[::1:80:80", "busybox"): (
        _run_error("invalid IP address [::1: address [::1:: missing ']' in address"), 125),
    ("run", "-p", "80/xyz", "busybox"): (_run_error("invalid proto: xyz"), 125),
    ("run", "-p", "80:", "busybox"): (_run_error("no port specified: 80:<empty>"), 125),
    ("run", "-p", "1-3:1-2", "busybox"): (
        _run_error("invalid ranges specified for container and host Ports: 1-2 and 1-3"), 125),
    ("run", "-m", "12x", "busybox"): (_flag_error(
        """invalid argument "12x" for "-m, --memory" flag: invalid suffix: 'x'""", "run", RUN_USAGE), 125),
    ("run", "Busybox"): (_run_error("invalid reference format: repository name (library/Busybox) must be lowercase"),
                         125),
    ("run", "a::b"): (_run_error("invalid reference format"), 125),
    ("run", LONG): (_run_error("repository name must not be more than 255 characters"), 125),
    ("run", f"a@sha256:{HEX32}"): (_run_error("invalid checksum digest length"), 125),
    ("run", f"a@md5:{HEX32}"): (_run_error("unsupported digest algorithm"), 125),
    ("create", "a::b"): ("invalid reference format\n", 1),
    ("pull", LONG): ("repository name must not be more than 255 characters\n", 1),
    ("pull", HEX64): (f"invalid repository name ({HEX64}), cannot specify 64-byte hexadecimal strings\n", 1),
    # tag's TARGET is a name, never an image ID (its SOURCE may be one: tests/integration/test_image_metadata.py)
    ("tag", "busybox", HEX64): (f'Error parsing reference: "{HEX64}" is not a valid repository/tag: invalid '
                                f"repository name ({HEX64}), cannot specify 64-byte hexadecimal strings\n", 1),
    # the repository's case is looked at first, up to a first `:`
    ("tag", "busybox", "A::b"): ('Error parsing reference: "A::b" is not a valid repository/tag: invalid reference '
                                 "format: repository name (library/A) must be lowercase\n", 1),
    ("pull", f"a@Sha256:{HEX64}"): (
        "invalid reference format: repository name (library/a@Sha256) must be lowercase\n", 1),
    ("run", "--label", "", "busybox"): (_flag_error(
        """invalid argument "" for "-l, --label" flag: invalid label '': empty name""", "run", RUN_USAGE), 125),
    ("run", "-l", "a b=c", "busybox"): (_flag_error(
        """invalid argument "a b=c" for "-l, --label" flag: label 'a b' contains whitespaces""", "run", RUN_USAGE),
        125),
    ("volume", "create", "--label", "=x"): (_flag_error(
        """invalid argument "=x" for "--label" flag: invalid label '=x': empty name""", "volume create",
        "[OPTIONS] [VOLUME]"), 125),
    ("run", "-e", "=x", "busybox"): (_flag_error(
        """invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x""", "run", RUN_USAGE), 125),
    ("exec", "-e", "", "c1", "true"): (_flag_error(
        """invalid argument "" for "-e, --env" flag: invalid environment variable: """, "exec",
        "[OPTIONS] CONTAINER COMMAND [ARG...]"), 125),
    ("run", "--label-file", "{spaced}", "busybox"): (
        _run_error("invalid env file ({spaced}): variable 'a b' contains whitespaces"), 125),
    ("run", "--label-file", "{missing}", "busybox"): (_run_error("open {missing}: no such file or directory"), 125),
    ("run", "--env-file", "{nameless}", "busybox"): (
        _run_error("invalid env file ({nameless}): no variable name on line '=x'"), 125),
    ("ps", "-n", 'a"b\t\udcff'): (_flag_error(
        r'invalid argument "a\"b\t\xff" for "-n, --last" flag: strconv.ParseInt: parsing "a\"b\t\xff": invalid '
        "syntax", "ps", "[OPTIONS]"), 125),
    # found by the differential fuzz (docs/reliability.md): pflag's syntax errors, cobra's -h inside a bundle, the
    # verb run's errors point at, an empty filter, registries that are no host names, bytes that are no UTF-8
    ("ps", "---x"): (_flag_error("bad flag syntax: ---x", "ps", "[OPTIONS]"), 125),
    ("tag", "--=x", "a", "b"): (_flag_error("bad flag syntax: --=x", "tag",
                                            "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]"), 125),
    ("ps", "-qh", "-1"): (_flag_error("unknown shorthand flag: '1' in -1", "ps", "[OPTIONS]"), 125),
    ("container", "run", "-p", "99999", "busybox"): (_run_error("invalid containerPort: 99999"), 125),
    ("container", "prune", "--filter=", "x"): (
        "docker: 'docker container prune' accepts no arguments\n\nUsage:  docker container prune [OPTIONS]\n\n"
        "Run 'docker container prune --help' for more information\n", 1),
    ("pull", "../x"): ("invalid reference format\n", 1),
    ("pull", "\udcf8B"): ("invalid reference format: repository name (library/\udcf8B) must be lowercase\n", 1),
    # run's option types (docker/cli opts), found by the same fuzz
    ("run", "--device-read-bps", "/dev/sda", "busybox"): (_flag_error(
        'invalid argument "/dev/sda" for "--device-read-bps" flag: bad format: /dev/sda', "run", RUN_USAGE), 125),
    ("run", "--device-write-iops", "/x:1", "busybox"): (_flag_error(
        'invalid argument "/x:1" for "--device-write-iops" flag: bad format for device path: /x:1', "run", RUN_USAGE),
        125),
    ("run", "--blkio-weight-device", "/dev/sda:5", "busybox"): (_flag_error(
        'invalid argument "/dev/sda:5" for "--blkio-weight-device" flag: invalid weight for device: /dev/sda:5', "run",
        RUN_USAGE), 125),
    ("run", "--dns", "01.2.3.4", "busybox"): (_flag_error(
        'invalid argument "01.2.3.4" for "--dns" flag: IP address is not correctly formatted: 01.2.3.4', "run",
        RUN_USAGE), 125),
    ("run", "--dns-search", "a..b", "busybox"): (_flag_error(
        'invalid argument "a..b" for "--dns-search" flag: a..b is not a valid domain', "run", RUN_USAGE), 125),
    ("run", "--pid", "container:", "busybox"): (_run_error("--pid: invalid PID mode"), 125),
    ("create", "--userns", "private", "busybox"): (_run_error("--userns: invalid USER mode", "create"), 125),
    ("run", "--mac-address", "92d0c60a2933", "-p", "99999", "busybox"): (
        _run_error("92d0c60a2933 is not a valid mac address"), 125),
    ("run", "--pid", "x", "--rm", "--restart", "always", "busybox"): (_run_error("--pid: invalid PID mode"), 125),
    ("run", "--no-healthcheck", "--health-retries", "1", "busybox"): (
        _run_error("--no-healthcheck conflicts with --health-* options"), 125),
    ("run", "--health-retries", "-1", "--health-interval", "-1s", "busybox"): (
        _run_error("--health-interval cannot be negative"), 125),
    ("create", "--health-retries", "-1", "--rm", "--restart", "always", "busybox"): (
        _run_error("--health-retries cannot be negative", "create"), 125),
    # pflag names an unknown shorthand by its first byte, quoted as Go quotes a rune
    ("ps", "-\u00e9"): (_flag_error("unknown shorthand flag: '\u00c3' in -\u00e9", "ps", "[OPTIONS]"), 125),
    ("ps", "-\x01"): (_flag_error("unknown shorthand flag: '\\x01' in -\x01", "ps", "[OPTIONS]"), 125),
    ("ps", "-\udc80"): (_flag_error("unknown shorthand flag: '\\u0080' in -\udc80", "ps", "[OPTIONS]"), 125),
    ("context", "inspect", "a\U000def5a"): (
        "context \"a\\U000def5a\": context not found: open /nonexistent/contexts/meta/"
        f"{UNPRINTABLE_DIGEST}/meta.json: no such file or directory\n", 1),
    ("run", "--sysctl", "kernel.x=1", "busybox"): (_flag_error(
        """invalid argument "kernel.x=1" for "--sysctl" flag: sysctl 'kernel.x=1' is not allowed""", "run",
        RUN_USAGE), 125),
    ("run", "--device-cgroup-rule", "c 1:3", "busybox"): (_flag_error(
        """invalid argument "c 1:3" for "--device-cgroup-rule" flag: invalid device cgroup format 'c 1:3'""", "run",
        RUN_USAGE), 125),
    ("inspect", "--type", "\udc8a", "x"): ('unknown type: "\\x8a": must be one of "config", "container", "image", '
                                          '"network", "node", "plugin", "secret", "service", "task", "volume"\n', 1),
    ("tag", "busybox", "x\x1c"): ('Error parsing reference: "x\\x1c" is not a valid repository/tag: invalid reference '
                                  "format\n", 1),
    ("stop", "-t", "1", "--time", "1", "c1"): ("conflicting options: cannot specify both --timeout and --time\n", 1),
    ("restart", "--time", "1", "--timeout", "1", "c1"): (
        "conflicting options: cannot specify both --timeout and --time\n", 1),
    ("run", "--security-opt", "apparmor", "busybox"): (_run_error('Invalid --security-opt: "apparmor"'), 125),
    ("run", "--security-opt", "seccomp={missing}", "busybox"): (_run_error(
        "opening seccomp profile ({missing}) failed: open {missing}: no such file or directory"), 125),
    # go-units reads the number with ParseFloat, which takes `_` between digits
    ("run", "-m", "1_000:", "busybox"): (_flag_error(
        """invalid argument "1_000:" for "-m, --memory" flag: invalid suffix: ':'""", "run", RUN_USAGE), 125),
    ("run", "-m", "1__0m", "busybox"): (_flag_error(
        'invalid argument "1__0m" for "-m, --memory" flag: strconv.ParseFloat: parsing "1__0": invalid syntax', "run",
        RUN_USAGE), 125),
    # docker's tag stops reading flags at its first argument
    ("tag", "a", "b", "--nosuch"): (
        "docker: 'docker tag' requires 2 arguments\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\n"
        "Run 'docker tag --help' for more information\n", 1),
    # a byte that is no UTF-8 changes under Go's strings.ToLower
    ("run", "__9\udcac"): (_run_error("invalid reference format: repository name (library/__9\udcac) must be "
                                       "lowercase"), 125),
    ("run", "--health-interval", "1\u00e9", "busybox"): (_flag_error(
        r'invalid argument "1é" for "--health-interval" flag: time: unknown unit "\xc3\xa9" in duration '
        r'"1\xc3\xa9"', "run", RUN_USAGE), 125),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("bad-values")
    (folder / "spaced").write_text("a b=1\n")
    (folder / "nameless").write_text("A=1\n=x\n")
    marker = folder / "nerdctl-ran"
    stand_in = folder / "nerdctl"
    stand_in.write_text(f"#!/bin/sh\ntouch {marker}\nexit 0\n")
    stand_in.chmod(0o755)
    return {"spaced": str(folder / "spaced"), "nameless": str(folder / "nameless"),
            "missing": str(folder / "missing"), "nerdctl": str(stand_in), "marker": str(marker)}


def _argv(case: tuple[str, ...], files: dict[str, str]) -> list[str]:
    return [arg.format(**files) if "{" in arg and arg.endswith("}") else arg for arg in case]


def _run(binary: str, argv: list[str], files: dict[str, str]) -> tuple[str, int]:
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/pydock-bad-values.sock", "DOCKER_CONFIG": "/nonexistent",
           "PYDOCK_NERDCTL": files["nerdctl"], "PYDOCK_CONTAINERD_API": "0"}
    env.pop("PYDOCK_DEBUG", None)
    proc = subprocess.run([binary, *(os.fsencode(a) for a in argv)], capture_output=True, env=env, timeout=30,
                          check=False)
    return proc.stderr.decode("utf-8", "surrogateescape"), proc.returncode


def _case_id(case: tuple[str, ...]) -> str:
    return " ".join(a if len(a) < 20 else a[:8] + "…" for a in case).encode("ascii", "backslashreplace").decode()


@pytest.mark.parametrize("case", list(CASES), ids=_case_id)
def test_pydock_refuses_before_the_backend(case, files):
    stderr, code = _run(PYDOCK, _argv(case, files), files)
    expected, expected_code = CASES[case]
    assert (stderr, code) == (expected.format(**files), expected_code)
    assert not os.path.exists(files["marker"]), "the backend ran"


@pytest.mark.skipif(not DOCKER_CLI and not os.environ.get("CI"), reason="the docker CLI is not installed")
@pytest.mark.parametrize("case", list(CASES), ids=_case_id)
def test_docker_refuses_the_same(case, files):
    """The table is docker's: the docker CLI, with no daemon to reach, says the same."""
    stderr, code = _run(DOCKER_CLI, _argv(case, files), files)
    expected, expected_code = CASES[case]
    assert (stderr, code) == (expected.format(**files), expected_code)


def test_import_of_a_folder_fails_as_docker_reads_it(files, tmp_path):
    """docker's client opens a folder as it opens a file, checks the repository, then fails reading it
    (`Error during connect: Post "…/images/create?fromSrc=-": read DIR: is a directory`: the prefix names docker's
    socket and API; pydock says the rest). The fuzz found an internal error here."""
    stderr, code = _run(PYDOCK, ["import", str(tmp_path)], files)
    assert (stderr, code) == (f"read {tmp_path}: is a directory\n", 1)
    stderr, code = _run(PYDOCK, ["import", str(tmp_path), "Bad"], files)
    assert (stderr, code) == ("invalid reference format: repository name (library/Bad) must be lowercase\n", 1)
