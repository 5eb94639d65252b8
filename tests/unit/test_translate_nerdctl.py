"""docker → nerdctl translation of every flag in the spec, without a runtime (issue #2, item 5)."""

from __future__ import annotations

import pytest

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.errors import DockerError
from shim.parse import parse_command
from shim.plan import CAPTURE, DETACH, Done, Plan, Result

SAMPLE_ARGS = {
    "pull": ["busybox"], "images": [], "tag": ["busybox", "mine:1"], "push": ["127.0.0.1:5000/x"],
    "save": ["busybox"], "load": [], "rmi": ["busybox"], "run": ["busybox", "true"], "ps": [],
    "stop": ["c1"], "rm": ["c1"], "exec": ["c1", "true"], "logs": ["c1"],
}
SAMPLE_VALUE = {
    "int": "1", "int64": "1", "uint": "1", "uint16": "10", "bytes": "1m", "duration": "1s",
    "decimal": "1.5", "filter": "name=x", "list": "a=b", "map": "a=b", "string": "x",
}


def ctx(**kw) -> Context:
    base = {"stdin_tty": True, "stdout_tty": False}
    base.update(kw)
    return Context("nerdctl", "nerdctl", **base)


def translate(verb_path: str, *argv: str, context: Context | None = None) -> Plan:
    module, canonical = spec.PATHS[verb_path]
    parsed = parse_command(list(argv), spec.get(module), canonical)
    return backend.translate(parsed, context or ctx())


def every_flag():
    for verb in spec.VERBS:
        for flag in spec.get(verb).flags:
            yield pytest.param(verb, flag, id=f"{verb}--{flag.long}")


def flag_argv(flag) -> list[str]:
    if not flag.takes_value:
        return [f"--{flag.long}"]
    return [f"--{flag.long}={SAMPLE_VALUE.get(flag.kind, 'a=b')}"]


# Flags whose handling is EMULATE: each must have a behaviour test below (checked by a test).
EMULATED_TESTS = {
    ("pull", "disable-content-trust"), ("pull", "quiet"), ("push", "disable-content-trust"),
    ("load", "quiet"), ("run", "disable-content-trust"), ("run", "rm"),
}


@pytest.mark.parametrize(("verb", "flag"), list(every_flag()))
def test_every_flag_is_handled(verb, flag):
    given = flag_argv(flag)
    handling = flag.nerdctl
    if handling == spec.REFUSE:
        with pytest.raises(DockerError) as err:
            translate(verb, *given, *SAMPLE_ARGS[verb])
        assert err.value.code == 125
        assert f"unsupported flag: --{flag.long} is not supported by pydock's nerdctl backend" in err.value.message
        assert flag.note  # the user is told why
        return
    if handling == spec.EMULATE:
        assert (verb, flag.long) in EMULATED_TESTS, "an emulated flag needs its own behaviour test"
        return
    plan = translate(verb, *given, *SAMPLE_ARGS[verb])
    argv = plan.argv
    if handling == spec.NOOP:
        assert not any(a.startswith(f"--{flag.long}") for a in argv[2:]), argv
        assert flag.note
        return
    target = f"--{flag.long}" if handling == spec.PASS else handling
    expected = target if not flag.takes_value else f"{target}={given[0].split('=', 1)[1]}"
    assert expected in argv, argv
    # Flags come before the positionals, which are passed unchanged and last.
    tail = SAMPLE_ARGS[verb]
    assert argv[len(argv) - len(tail):] == tail


@pytest.mark.parametrize(
    ("docker", "nerdctl"),
    [
        pytest.param(["run", "-it", "--rm", "busybox", "sh"], ["run", "--interactive", "--tty", "--rm", "busybox", "sh"],
                     id="run-it-rm"),
        pytest.param(["run", "-p8080:80", "-p", "127.0.0.1:81:80", "busybox"],
                     ["run", "--publish=8080:80", "--publish=127.0.0.1:81:80", "busybox"], id="run-publish"),
        pytest.param(["run", "--sig-proxy=false", "busybox"], ["run", "--sig-proxy=false", "busybox"],
                     id="default-true-bool-off"),
        pytest.param(["run", "--rm=false", "busybox"], ["run", "busybox"], id="default-false-bool-off"),
        pytest.param(["run", "-c", "512", "busybox"], ["run", "--cpu-shares=512", "busybox"],
                     id="short-c-long-form"),
        pytest.param(["run", "--net", "host", "busybox"], ["run", "--net=host", "busybox"], id="hidden-net"),
        pytest.param(["stop", "--timeout", "5", "c"], ["stop", "--time=5", "c"], id="stop-timeout-renamed"),
        pytest.param(["stop", "-t", "5", "c"], ["stop", "--time=5", "c"], id="stop-t"),
        pytest.param(["stop", "--time", "5", "c"], ["stop", "--time=5", "c"], id="stop-time-deprecated"),
        pytest.param(["container", "ls", "-a"], ["ps", "--all"], id="container-ls"),
        pytest.param(["image", "ls", "-q"], ["images", "--quiet"], id="image-ls"),
        pytest.param(["image", "rm", "-f", "x"], ["rmi", "--force", "x"], id="image-rm"),
        pytest.param(["rmi", "--no-prune", "x"], ["rmi", "x"], id="rmi-no-prune-noop"),
        pytest.param(["logs", "-n", "5", "-ft", "c"], ["logs", "--tail=5", "--follow", "--timestamps", "c"],
                     id="logs"),
        pytest.param(["exec", "-e", "A=1", "-w", "/tmp", "-u", "nobody", "c", "env"],
                     ["exec", "--env=A=1", "--workdir=/tmp", "--user=nobody", "c", "env"], id="exec"),
        pytest.param(["run", "busybox", "sh", "-c", "echo -it --rm"], ["run", "busybox", "sh", "-c", "echo -it --rm"],
                     id="container-args-untouched"),
    ],
)
def test_translation_table(docker, nerdctl):
    plan = translate(docker[0] if docker[0] not in spec.GROUPS else f"{docker[0]} {docker[1]}",
                     *docker[2 if docker[0] in spec.GROUPS else 1:])
    assert plan.argv == ["nerdctl", *nerdctl]


def test_global_context_becomes_nerdctl_globals():
    plan = translate("ps", context=ctx(namespace="k8s.io", namespace_given=True, address="/run/x.sock",
                                       debug=True, config="/tmp/cfg"))
    assert plan.argv == ["nerdctl", "--namespace=k8s.io", "--address=/run/x.sock", "--debug", "ps"]
    assert plan.env == {"DOCKER_CONFIG": "/tmp/cfg"}


def test_pull_quiet_prints_full_reference():
    plan = translate("pull", "-q", "busybox")
    assert plan.argv == ["nerdctl", "pull", "--quiet", "busybox"]
    done = plan.then(Result(0))
    assert isinstance(done, Done)
    assert done.stdout == "docker.io/library/busybox:latest\n"


def test_pull_without_quiet_streams():
    plan = translate("pull", "127.0.0.1:5000/app:1")
    assert plan.argv == ["nerdctl", "pull", "127.0.0.1:5000/app:1"]
    assert plan.then is None


@pytest.mark.parametrize("verb", ["pull", "push", "run"])
def test_content_trust(verb):
    args = SAMPLE_ARGS[verb]
    plan = translate(verb, "--disable-content-trust", *args)
    assert not any("content-trust" in a for a in plan.argv)
    plan = translate(verb, "--disable-content-trust=true", *args)
    assert not any("content-trust" in a for a in plan.argv)
    with pytest.raises(DockerError) as err:
        translate(verb, "--disable-content-trust=false", *args)
    assert err.value.code == 125
    assert "nerdctl backend" in err.value.message


@pytest.mark.parametrize("quiet", [[], ["-q"]])
def test_load_prints_docker_lines_and_drops_import_ref(quiet):
    plan = translate("load", "-i", "x.tar", *quiet)
    assert plan.argv == ["nerdctl", "load", "--input=x.tar"]
    assert plan.mode == CAPTURE
    out = (b"import@sha256:aa\tsaved\nLoaded image: import@sha256:aa\n"
           b"Loaded image: docker.io/library/busybox:latest\nLoaded image: docker.io/library/busybox:latest\n"
           b"Loaded image: 127.0.0.1:5000/app:1\n")
    cleanup = plan.then(Result(0, out))
    assert isinstance(cleanup, Plan)
    assert cleanup.argv == ["nerdctl", "rmi", "import@sha256:aa"]
    done = cleanup.then(Result(0))
    assert done.stdout == "Loaded image: busybox:latest\nLoaded image: 127.0.0.1:5000/app:1\n"


def test_load_of_unnamed_image_reports_its_id():
    plan = translate("load")
    done = plan.then(Result(0, b"Loaded image: import@sha256:abc\n"))
    assert isinstance(done, Done)
    assert done.stdout == "Loaded image ID: sha256:abc\n"


def test_run_detached_rm_is_emulated():
    plan = translate("run", "-d", "--rm", "--name", "w", "busybox", "sleep", "5")
    assert plan.argv == ["nerdctl", "run", "--detach", "--name=w", "busybox", "sleep", "5"]
    assert plan.mode == CAPTURE
    cid = "a" * 64
    waiter = plan.then(Result(0, f"{cid}\n".encode()))
    assert waiter.mode == DETACH
    assert waiter.chain == (["nerdctl", "wait", cid], ["nerdctl", "rm", "--force", cid])
    assert waiter.then(Result(0)).stdout == cid + "\n"
    # --dry-run shows the follow-up commands with a placeholder
    assert plan.commands()[1:] == [["nerdctl", "wait", "<ID>"], ["nerdctl", "rm", "--force", "<ID>"]]


def test_run_rm_attached_passes():
    assert translate("run", "--rm", "busybox").argv == ["nerdctl", "run", "--rm", "busybox"]


def test_run_it_needs_a_terminal():
    with pytest.raises(DockerError) as err:
        translate("run", "-it", "busybox", context=ctx(stdin_tty=False))
    assert (err.value.message, err.value.code) == ("the input device is not a TTY", 1)
    assert translate("run", "-t", "busybox", context=ctx(stdin_tty=False)).argv[-1] == "busybox"


def test_exec_detach():
    assert translate("exec", "-d", "c", "true").argv == ["nerdctl", "exec", "--detach", "c", "true"]
    with pytest.raises(DockerError) as err:
        translate("exec", "-d", "-i", "c", "sh")
    assert err.value.code == 125


def test_save_refuses_a_terminal():
    with pytest.raises(DockerError) as err:
        translate("save", "busybox", context=ctx(stdout_tty=True))
    assert "Cowardly refusing" in err.value.message
    assert translate("save", "-o", "x.tar", "busybox", context=ctx(stdout_tty=True)).argv[-2:] == [
        "--output=x.tar", "busybox"]


def test_every_emulated_flag_has_a_test():
    emulated = {(verb, f.long) for verb in spec.VERBS for f in spec.get(verb).flags if f.nerdctl == spec.EMULATE}
    assert emulated == EMULATED_TESTS
