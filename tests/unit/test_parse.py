"""The pflag rules, one parametrized case each (issue #2, item 4)."""

from __future__ import annotations

import pytest

from shim import spec
from shim.errors import DockerError
from shim.parse import parse_command


def parse(path: str, *argv: str):
    module, canonical = spec.PATHS[path]
    return parse_command(list(argv), spec.get(module), canonical)


@pytest.mark.parametrize(
    ("argv", "values", "args"),
    [
        pytest.param(["-it", "busybox"], {"interactive": True, "tty": True}, ["busybox"], id="bundled-shorts"),
        pytest.param(["-dit", "busybox"], {"detach": True, "interactive": True, "tty": True}, ["busybox"],
                     id="bundled-three"),
        pytest.param(["-p8080:80", "busybox"], {"publish": ["8080:80"]}, ["busybox"], id="attached-value"),
        pytest.param(["-eA=b", "busybox"], {"env": ["A=b"]}, ["busybox"], id="attached-value-with-equals"),
        pytest.param(["-p=80:80", "busybox"], {"publish": ["80:80"]}, ["busybox"], id="short-equals"),
        pytest.param(["--name=web", "busybox"], {"name": "web"}, ["busybox"], id="long-equals"),
        pytest.param(["--name", "web", "busybox"], {"name": "web"}, ["busybox"], id="long-space"),
        pytest.param(["--name=", "busybox"], {"name": ""}, ["busybox"], id="long-equals-empty"),
        pytest.param(["--rm=false", "busybox"], {"rm": False}, ["busybox"], id="bool-false"),
        pytest.param(["--rm=true", "busybox"], {"rm": True}, ["busybox"], id="bool-true"),
        pytest.param(["--rm=T", "--tty=1", "busybox"], {"rm": True, "tty": True}, ["busybox"],
                     id="bool-go-spellings"),
        pytest.param(["-d=false", "busybox"], {"detach": False}, ["busybox"], id="short-bool-equals"),
        pytest.param(["-e", "A=1", "-e", "B=2", "--env=C=3", "busybox"], {"env": ["A=1", "B=2", "C=3"]},
                     ["busybox"], id="repeated-flag-accumulates"),
        pytest.param(["--name", "a", "--name", "b", "busybox"], {"name": "b"}, ["busybox"],
                     id="repeated-scalar-last-wins"),
        pytest.param(["--", "busybox", "-it"], {}, ["busybox", "-it"], id="double-dash"),
        pytest.param(["-d", "busybox", "sh", "-c", "echo --rm -it"], {"detach": True},
                     ["busybox", "sh", "-c", "echo --rm -it"], id="stop-at-image"),
        pytest.param(["busybox", "--name", "x"], {}, ["busybox", "--name", "x"], id="flags-after-image-are-args"),
        pytest.param(["-dp", "80:80", "busybox"], {"detach": True, "publish": ["80:80"]}, ["busybox"],
                     id="bundle-ending-in-value-flag"),
        pytest.param(["-h", "myhost", "busybox"], {"hostname": "myhost"}, ["busybox"], id="run-h-is-hostname"),
        pytest.param(["-m", "512m", "busybox"], {"memory": 512 << 20}, ["busybox"], id="bytes"),
        pytest.param(["--memory-swap=-1", "busybox"], {"memory-swap": -1}, ["busybox"], id="swap-unlimited"),
        pytest.param(["--cpus", "1.5", "busybox"], {"cpus": 1_500_000_000}, ["busybox"], id="decimal"),
        pytest.param(["--health-interval", "1m30s", "busybox"], {"health-interval": 90_000_000_000}, ["busybox"],
                     id="duration"),
        pytest.param(["-c", "0x10", "busybox"], {"cpu-shares": 16}, ["busybox"], id="int-hex"),
        pytest.param(["--pids-limit", "010", "busybox"], {"pids-limit": 8}, ["busybox"], id="int-leading-zero-octal"),
    ],
)
def test_run_rules(argv, values, args):
    parsed = parse("run", *argv)
    assert parsed.values == values
    assert parsed.args == args


def test_bytes_reach_the_container_untouched():
    payload = ["sh", "-c", "printf '%s' \"$1\"", "--", "ünï\tcode $HOME `x` ' \" \\"]
    parsed = parse("run", "--rm", "busybox", *payload)
    assert parsed.args == ["busybox", *payload]


@pytest.mark.parametrize(
    ("path", "argv", "values", "args"),
    [
        pytest.param("rm", ["c1", "-f", "c2"], {"force": True}, ["c1", "c2"], id="interspersed-flags"),
        pytest.param("ps", ["-aq"], {"all": True, "quiet": True}, [], id="ps-bundle"),
        pytest.param("ps", ["-n", "3"], {"last": 3}, [], id="int-value"),
        pytest.param("ps", ["--filter", "name=x", "-f", "status=exited"],
                     {"filter": ["name=x", "status=exited"]}, [], id="filters"),
        pytest.param("container ls", ["-a"], {"all": True}, [], id="management-form"),
        pytest.param("container list", ["-a"], {"all": True}, [], id="management-alias"),
        pytest.param("image ls", ["-q"], {"quiet": True}, [], id="image-ls"),
        pytest.param("exec", ["-it", "c", "sh", "-c", "exit 3"], {"interactive": True, "tty": True},
                     ["c", "sh", "-c", "exit 3"], id="exec-stops-at-container"),
        pytest.param("exec", ["c", "ls", "-la"], {}, ["c", "ls", "-la"], id="exec-args-untouched"),
        pytest.param("stop", ["-t", "3", "c"], {"timeout": 3}, ["c"], id="stop-timeout-short"),
        pytest.param("logs", ["-n", "5", "-ft", "c"], {"tail": "5", "follow": True, "timestamps": True}, ["c"],
                     id="logs-flags"),
        pytest.param("images", ["-"], {}, ["-"], id="lone-dash-is-positional"),
    ],
)
def test_other_rules(path, argv, values, args):
    parsed = parse(path, *argv)
    assert parsed.values == values
    assert parsed.args == args


def test_canonical_path_of_aliases():
    assert parse("container list").path == "container ls"
    assert parse("image remove", "x").path == "image rm"
    assert parse("ps").path == "ps"


def test_deprecated_flag_warns():
    parsed = parse("stop", "--time", "3", "c")
    assert parsed.values == {"time": 3}
    assert parsed.warnings == ["Flag --time has been deprecated, use --timeout instead"]


@pytest.mark.parametrize(
    ("path", "argv"),
    [("run", ["--help"]), ("run", ["-d", "--help"]), ("ps", ["-h"]), ("ps", ["--help=true"]),
     ("rm", ["x", "--help"])],
)
def test_help_requests(path, argv):
    assert parse(path, *argv).help


RUN_USAGE = "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information"


@pytest.mark.parametrize(
    ("path", "argv", "message", "code"),
    [
        pytest.param("run", ["--foo", "busybox"], "unknown flag: --foo" + RUN_USAGE, 125, id="unknown-long"),
        pytest.param("run", ["-z", "busybox"], "unknown shorthand flag: 'z' in -z" + RUN_USAGE, 125,
                     id="unknown-short"),
        pytest.param("run", ["-zit", "busybox"], "unknown shorthand flag: 'z' in -zit" + RUN_USAGE, 125,
                     id="unknown-short-first-in-bundle"),
        pytest.param("run", ["-itz", "busybox"], "unknown shorthand flag: 'z' in -z" + RUN_USAGE, 125,
                     id="unknown-short-last-in-bundle"),
        pytest.param("run", ["--name"], "flag needs an argument: --name" + RUN_USAGE, 125, id="missing-long-value"),
        pytest.param("run", ["-p"], "flag needs an argument: 'p' in -p" + RUN_USAGE, 125, id="missing-short-value"),
        pytest.param("run", ["--rm=maybe", "busybox"],
                     'invalid argument "maybe" for "--rm" flag: strconv.ParseBool: parsing "maybe": invalid syntax'
                     + RUN_USAGE, 125, id="bad-bool"),
        pytest.param("run", ["-d=maybe", "x"],
                     'invalid argument "maybe" for "-d, --detach" flag: strconv.ParseBool: parsing "maybe": '
                     "invalid syntax" + RUN_USAGE, 125, id="bad-short-bool"),
        pytest.param("run", ["--memory", "abc", "busybox"],
                     "invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'" + RUN_USAGE, 125,
                     id="bad-bytes"),
        pytest.param("run", ["--cpus", "x", "busybox"],
                     'invalid argument "x" for "--cpus" flag: failed to parse x as a rational number' + RUN_USAGE,
                     125, id="bad-decimal"),
        pytest.param("run", ["--health-interval", "x", "busybox"],
                     'invalid argument "x" for "--health-interval" flag: time: invalid duration "x"' + RUN_USAGE,
                     125, id="bad-duration"),
        pytest.param("run", ["--blkio-weight", "70000", "busybox"],
                     'invalid argument "70000" for "--blkio-weight" flag: strconv.ParseUint: parsing "70000": '
                     "value out of range" + RUN_USAGE, 125, id="uint16-range"),
        pytest.param("run", [],
                     "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE "
                     "[COMMAND] [ARG...]\n\nSee 'docker run --help' for more information", 1, id="run-no-image"),
        pytest.param("ps", ["x"],
                     "docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\n"
                     "Run 'docker ps --help' for more information", 1, id="ps-no-args"),
        pytest.param("tag", ["a"],
                     "docker: 'docker tag' requires 2 arguments\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] "
                     "TARGET_IMAGE[:TAG]\n\nRun 'docker tag --help' for more information", 1, id="tag-exact"),
        pytest.param("image ls", ["a", "b"],
                     "docker: 'docker image ls' requires at most 1 argument\n\nUsage:  docker image ls [OPTIONS] "
                     "[REPOSITORY[:TAG]]\n\nSRun 'docker image ls --help' for more information", 1,
                     id="images-max-docker-typo"),
        pytest.param("container list", ["-x"],
                     "unknown shorthand flag: 'x' in -x\n\nUsage:  docker container ls [OPTIONS]\n\n"
                     "Run 'docker container ls --help' for more information", 125, id="alias-uses-canonical-path"),
        pytest.param("ps", ["-n", "x"],
                     'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax'
                     "\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information", 125,
                     id="bad-int"),
        pytest.param("ps", ["-f", "x"],
                     'invalid argument "x" for "-f, --filter" flag: bad format of filter (expected name=value)'
                     "\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information", 125,
                     id="bad-filter"),
        pytest.param("stop", ["--time", "3"],
                     "docker: 'docker stop' requires at "
                     "least 1 argument\n\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\n"
                     "See 'docker stop --help' for more information", 1, id="warning-kept-apart"),
    ],
)
def test_errors(path, argv, message, code):
    with pytest.raises(DockerError) as err:
        parse(path, *argv)
    assert err.value.message == message
    assert err.value.code == code


@pytest.mark.parametrize(("verb", "argv", "key", "value", "text"), [
    # Each value is typed once, by docker's (Go's) rules; str() gives what nerdctl is handed.
    ("ps", ["-n", "010"], "last", 8, "8"),  # strconv base 0: leading zero is octal (used to crash)
    ("ps", ["-n=0x10"], "last", 16, "16"),
    ("stop", ["-t", "-1", "c"], "timeout", -1, "-1"),
    ("run", ["--health-interval", "1.5s", "busybox"], "health-interval", 1_500_000_000, "1.5s"),
    ("run", ["--health-timeout", "90s", "busybox"], "health-timeout", 90_000_000_000, "1m30s"),
    ("run", ["--shm-size", "1.5g", "busybox"], "shm-size", 1_610_612_736, "1610612736"),
    ("run", ["--cpus", "3/2", "busybox"], "cpus", 1_500_000_000, "1.5"),
    ("run", ["--cpus", "2", "busybox"], "cpus", 2_000_000_000, "2"),
])
def test_values_are_typed_once(verb, argv, key, value, text):
    got = parse(verb, *argv).values[key]
    assert got == value and str(got) == text


def test_map_flags_are_dicts_and_a_later_key_wins():
    parsed = parse("run", "--sysctl", "net.a=1", "--sysctl=net.b=2", "--sysctl", "net.a=3", "busybox")
    assert parsed.values == {"sysctl": {"net.a": "3", "net.b": "2"}}
