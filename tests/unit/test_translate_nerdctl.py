"""docker → nerdctl translation of every flag in the spec, without a runtime (issue #2, item 5)."""

from __future__ import annotations

import pytest

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.backends.handling import EMULATE, NOOP, PASS, REFUSE
from shim.backends.nerdctl import dockerenv
from shim.backends.nerdctl.support import handling
from shim.errors import DockerError
from shim.parse import parse_command
from shim.plan import ARCHIVE, CAPTURE, DETACH, PREPARE, Done, Plan, Result

SAMPLE_ARGS = {
    "pull": ["busybox"], "images": [], "tag": ["busybox", "mine:1"], "push": ["127.0.0.1:5000/x"],
    "save": ["busybox"], "load": [], "rmi": ["busybox"], "run": ["busybox", "true"], "ps": [],
    "stop": ["c1"], "rm": ["c1"], "exec": ["c1", "true"], "logs": ["c1"],
}
# pydock records the image as typed, for docker's IMAGE column in `ps`.
LABEL = "--label=pydock/image=busybox"
DOCKERENV = dockerenv.mount()  # /.dockerenv, bind-mounted into every container (shim/backends/nerdctl/dockerenv.py)
STDIN = "--label=pydock/stdin=open"  # run -i: what inspect shows as Config.OpenStdin
DETACHED = "--label=pydock/detached=true"  # run -d: inspect's Config.AttachStdout is false
SAMPLE_VALUE = {
    "int": "1", "int64": "1", "uint": "1", "uint16": "10", "bytes": "1m", "duration": "1s",
    "decimal": "1.5", "filter": "name=x", "list": "a=b", "map": "a=b", "string": "x",
}
# Flags whose values docker's client checks (shim/client_checks.py): a value it accepts.
SAMPLE_FOR_FLAG = {"add-host": "h:1.2.3.4", "attach": "stdout", "env-file": "/dev/null", "label-file": "/dev/null",
                   "ulimit": "nofile=1024", "workdir": "/x", "blkio-weight-device": "/dev/sda:100",
                   "device-read-bps": "/dev/sda:1mb", "device-write-bps": "/dev/sda:1mb",
                   "device-read-iops": "/dev/sda:100", "device-write-iops": "/dev/sda:100", "dns": "1.1.1.1",
                   "dns-search": "example.com", "mac-address": "92:d0:c6:0a:29:33", "pid": "host", "uts": "host",
                   "userns": "host", "cgroupns": "private", "sysctl": "net.ipv4.ip_forward=1",
                   "device-cgroup-rule": "c 1:3 mr", "platform": "linux/amd64"}


def ctx(**kw) -> Context:
    base = {"stdin_tty": False, "stdout_tty": False}
    base.update(kw)
    return Context("nerdctl", "nerdctl", **base)


def translate(verb_path: str, *argv: str, context: Context | None = None, image_present: bool = True) -> Plan:
    """The plan for a docker command line; for `run`, the container plan that follows docker's
    "is the image here?" check (which test_run_pulls_a_missing_image_first covers)."""
    module, canonical = spec.PATHS[verb_path]
    parsed = parse_command(list(argv), spec.get(module), canonical)
    plan = backend.translate(parsed, context or ctx())
    if isinstance(plan, Plan) and plan.mode == PREPARE:  # a look at containerd's file, off here: nerdctl is asked
        plan = plan.then(Result(0))
    if module == "run" and plan.argv[1:3] == ["image", "inspect"] and image_present:
        plan = plan.then(Result(0, b'["busybox@sha256:aa"]'))
    return plan


def every_flag():
    for verb in spec.VERBS:
        for flag in spec.get(verb).flags:
            yield pytest.param(verb, flag, id=f"{verb}--{flag.long}")


def flag_argv(flag) -> list[str]:
    if not flag.takes_value:
        return [f"--{flag.long}"]
    return [f"--{flag.long}={SAMPLE_FOR_FLAG.get(flag.long) or SAMPLE_VALUE.get(flag.kind, 'a=b')}"]


# Flags whose handling is EMULATE: each must have a behaviour test below (checked by a test).
EMULATED_TESTS = {
    ("pull", "disable-content-trust"), ("pull", "quiet"), ("push", "disable-content-trust"),
    ("load", "quiet"), ("load", "input"), ("logs", "tail"), ("rmi", "force"), ("push", "all-tags"), ("push", "quiet"), ("run", "disable-content-trust"), ("run", "rm"), ("run", "init"),
    # tests/unit/test_run_lookups.py: -P, --expose, --link, --cgroupns
    ("run", "publish-all"), ("run", "expose"), ("run", "link"), ("run", "cgroupns"),
    # tests/unit/test_envfile.py and tests/integration/test_container_lifecycle.py: --env-file
    ("run", "env-file"), ("exec", "env-file"),
    # tests/unit/test_signal_plans.py and tests/integration/test_signals.py: exec's detach keys
    ("exec", "detach-keys"),
    # tests/integration/test_container_lifecycle.py: run -a (and test_attached_streams below)
    ("run", "attach"),
    # test_save_output_is_a_private_file_linked_into_place below; tests/integration/test_faults.py
    ("save", "output"),
    # docker's own answer on a Linux daemon: test_windows_only_flags_get_dockers_answer below
    *(("run", f) for f in ("cpu-count", "cpu-percent", "io-maxbandwidth", "io-maxiops")),
    # ps and images are selected and printed by pydock: tests/unit/test_lists.py covers each flag.
    *(("ps", f.long) for f in spec.get("ps").flags),
    *(("images", f.long) for f in spec.get("images").flags if handling("images", f.long)[0] == EMULATE),
}


@pytest.mark.parametrize(("verb", "flag"), list(every_flag()))
def test_every_flag_is_handled(verb, flag):
    given = flag_argv(flag)
    how, why = handling(verb, flag.long)
    if how == REFUSE:
        with pytest.raises(DockerError) as err:
            translate(verb, *given, *SAMPLE_ARGS[verb])
        assert err.value.code == 125
        assert f"unsupported flag: --{flag.long} is not supported by pydock's nerdctl backend" in err.value.message
        assert why  # the user is told why
        return
    if how == EMULATE:
        assert (verb, flag.long) in EMULATED_TESTS, "an emulated flag needs its own behaviour test"
        return
    plan = translate(verb, *given, *SAMPLE_ARGS[verb])
    commands = plan.commands()  # a plan may probe first (pull): the flag must reach the real command
    if how == NOOP:
        assert not any(a.startswith(f"--{flag.long}") for argv in commands for a in argv[2:]), commands
        assert why
        return
    target = f"--{flag.long}" if how == PASS else how
    # nerdctl is handed the typed value (shim/values.typed): `512m` reaches it as its byte count
    from shim.values import typed

    expected = target if not flag.takes_value else f"{target}={typed(flag.kind, given[0].split('=', 1)[1], flag.long)}"
    argv = next((argv for argv in commands if expected in argv), None)
    assert argv is not None, commands
    # Flags come before the positionals, which are passed unchanged and last.
    tail = SAMPLE_ARGS[verb]
    assert argv[len(argv) - len(tail):] == tail


@pytest.mark.parametrize(
    ("docker", "nerdctl"),
    [
        pytest.param(["run", "-it", "--rm", "busybox", "sh"],
                     ["run", "--interactive", "--tty", *DOCKERENV, LABEL, STDIN, "--cidfile=/run/.pydock.cid", "--rm", "busybox", "sh"], id="run-it-rm"),
        pytest.param(["run", "-p8080:80", "-p", "127.0.0.1:81:80", "busybox"],
                     ["run", "--publish=8080:80", "--publish=127.0.0.1:81:80", *DOCKERENV, LABEL,
                      '--label=pydock/inspect={"PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"},'
                      '{"HostIp":"127.0.0.1","HostPort":"81"}]}}', "busybox"], id="run-publish"),
        pytest.param(["run", "--sig-proxy=false", "busybox"], ["run", "--sig-proxy=false", *DOCKERENV, LABEL, "busybox"],
                     id="default-true-bool-off"),
        pytest.param(["run", "--rm=false", "busybox"], ["run", *DOCKERENV, LABEL, "busybox"], id="default-false-bool-off"),
        pytest.param(["run", "-c", "512", "busybox"], ["run", "--cpu-shares=512", *DOCKERENV, LABEL, "busybox"],
                     id="short-c-long-form"),
        pytest.param(["run", "--net", "host", "busybox"], ["run", "--net=host", *DOCKERENV, LABEL, "busybox"], id="hidden-net"),
        pytest.param(["stop", "--timeout", "5", "c"], ["stop", "--time=5", "c"], id="stop-timeout-renamed"),
        pytest.param(["stop", "-t", "5", "c"], ["stop", "--time=5", "c"], id="stop-t"),
        pytest.param(["stop", "--time", "5", "c"], ["stop", "--time=5", "c"], id="stop-time-deprecated"),
        pytest.param(["logs", "-n", "5", "-ft", "c"], ["logs", "--follow", "--timestamps", "--tail=5", "c"],
                     id="logs"),
        pytest.param(["logs", "--tail", "x", "c"], ["logs", "c"], id="logs-tail-not-a-number-is-all"),
        pytest.param(["logs", "--tail", "all", "c"], ["logs", "c"], id="logs-tail-all"),
        pytest.param(["exec", "-e", "A=1", "-w", "/tmp", "-u", "nobody", "c", "env"],
                     ["exec", "--env=A=1", "--workdir=/tmp", "--user=nobody", "c", "env"], id="exec"),
        pytest.param(["run", "busybox", "sh", "-c", "echo -it --rm"],
                     ["run", *DOCKERENV, LABEL, "busybox", "sh", "-c", "echo -it --rm"], id="container-args-untouched"),
    ],
)
def test_translation_table(docker, nerdctl):
    plan = translate(docker[0] if docker[0] not in spec.GROUPS else f"{docker[0]} {docker[1]}",
                     *docker[2 if docker[0] in spec.GROUPS else 1:], context=ctx(stdin_tty=True))
    assert plan.argv == ["nerdctl", *nerdctl]


def test_global_context_becomes_nerdctl_globals():
    plan = translate("tag", "a", "b", context=ctx(namespace="k8s.io", namespace_given=True, address="/run/x.sock",
                                                  debug=True, config="/tmp/cfg")).then(Result(0))
    assert plan.argv == ["nerdctl", "--namespace=k8s.io", "--address=/run/x.sock", "--debug", "tag", "a", "b"]
    assert plan.env == {"DOCKER_CONFIG": "/tmp/cfg"}


def test_pull_quiet_prints_full_reference():
    plan = translate("pull", "-q", "busybox")
    assert plan.argv == ["nerdctl", "pull", "busybox"]
    assert plan.stdout_to == "null"  # nerdctl's progress is not docker's output
    done = plan.then(Result(0))
    assert isinstance(done, Done)
    assert done.stdout == "docker.io/library/busybox:latest\n"


def test_pull_prints_docker_lines():
    inspect = ["nerdctl", "image", "inspect", "--format", "{{json .RepoDigests}}", "127.0.0.1:5000/app"]
    probe = translate("pull", "127.0.0.1:5000/app", context=ctx(stderr_tty=True))
    assert probe.argv == inspect and probe.mode == CAPTURE and probe.always_then
    pull = probe.then(Result(1))  # not there before
    assert pull.argv == ["nerdctl", "pull", "127.0.0.1:5000/app"]
    assert pull.stdout_to == "stderr"  # progress stays visible on a terminal, off stdout
    recheck = pull.then(Result(0))
    assert recheck.argv == inspect
    done = recheck.then(Result(0, b'["127.0.0.1:5000/app@sha256:abc"]'))
    assert done.stdout == ("Using default tag: latest\nlatest: Pulling from app\nDigest: sha256:abc\n"
                           "Status: Downloaded newer image for 127.0.0.1:5000/app:latest\n127.0.0.1:5000/app:latest\n")
    same = probe.then(Result(0, b'["127.0.0.1:5000/app@sha256:abc"]')).then(Result(0))
    assert "Status: Image is up to date for" in same.then(Result(0, b'["x@sha256:abc"]')).stdout


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


def _archive(names: list[str], *, oci: bool = True) -> bytes:
    """A minimal image archive: docker's manifest.json and (with `oci`) an OCI index, nothing else needed here."""
    import io
    import json
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        manifests = [{"digest": "sha256:" + "1" * 64, **({"annotations": {"io.containerd.image.name": n}} if n else {})}
                     for n in names or [""]]
        files = {"index.json": json.dumps({"manifests": manifests}).encode(),
                 "manifest.json": json.dumps([{"Config": "blobs/sha256/" + "2" * 64, "RepoTags": names}]).encode()}
        if not oci:
            del files["index.json"]
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.mark.parametrize("quiet", [[], ["-q"]])
def test_load_prints_docker_lines_and_drops_import_ref(quiet):
    import hashlib

    from shim.plan import RELAY

    plan = translate("load", "-i", "x.tar", *quiet)
    assert plan.argv == ["nerdctl", "load"]  # pydock streams the archive itself, reading its names
    assert (plan.mode, plan.stdin, plan.stdin_file) == (CAPTURE, RELAY, "x.tar")
    data = _archive(["busybox:latest", "127.0.0.1:5000/app:1"])
    for i in range(0, len(data), 700):  # in arbitrary chunks, as a pipe delivers them
        plan.stdin_tap.feed(data[i:i + 700])
    cleanup = plan.then(Result(0, b"whatever nerdctl printed"))
    index = plan.stdin_tap.files["index.json"]
    assert cleanup.argv == ["nerdctl", "rmi", "--force", "import@sha256:" + hashlib.sha256(index).hexdigest()]
    done = cleanup.then(Result(1))  # a failed cleanup changes nothing for the user
    assert done.stdout == "Loaded image: busybox:latest\nLoaded image: 127.0.0.1:5000/app:1\n"


@pytest.mark.parametrize("compress", ["gzip", "bz2", "lzma"])
def test_load_hands_nerdctl_the_plain_archive_and_reads_its_names(compress):
    # docker loads gzip, bzip2 and xz archives; nerdctl only gzip: pydock decompresses on the way
    import importlib

    plan = translate("load", "-i", "x.tar.xz")
    plain = _archive(["busybox:latest"])
    data = importlib.import_module(compress).compress(plain)
    handed = b"".join(plan.stdin_tap.transform(data[i:i + 300]) for i in range(0, len(data), 300))
    assert handed + plan.stdin_tap.transform(b"") == plain
    assert plan.then(Result(0)).then(Result(0)).stdout == "Loaded image: busybox:latest\n"


@pytest.mark.parametrize("data", [b"garbage\n" * 512, b"\x1f\x8b" + b"x" * 600, _archive(["a:1"])[:700] + b"x" * 600])
def test_load_of_a_bad_archive_is_nerdctls_error_in_dockers_words(data):
    # the names reader gives up quietly; the engine's own words reach the user, as Engine 29 prints them
    plan = translate("load")
    plan.stdin_tap.feed(data)
    failed = Result(1, b"", ['time="2026-12-02T08:03:31Z" level=fatal msg="archive/tar: invalid tar header"'])
    done = plan.then(failed)
    assert (done.code, done.stdout, done.stderr) == (1, "", "archive/tar: invalid tar header")


def test_load_of_unnamed_image_reports_its_id():
    plan = translate("load")
    data = _archive([])
    plan.stdin_tap.feed(data)
    cleanup = plan.then(Result(0))
    # nerdctl names the archive's own index too; docker lists the image once, under Engine 29's ID
    assert cleanup.argv[:3] == ["nerdctl", "rmi", "--force"] and cleanup.argv[3].startswith("import@sha256:")
    done = cleanup.then(Result(0))
    assert done.stdout == "Loaded image ID: sha256:" + "1" * 64 + "\n"


def test_load_of_unnamed_docker_archive_reports_its_config_id():
    plan = translate("load")
    plan.stdin_tap.feed(_archive([], oci=False))
    done = plan.then(Result(0))
    assert isinstance(done, Done)
    assert done.stdout == "Loaded image ID: sha256:" + "2" * 64 + "\n"


def test_load_platform_is_passed():
    assert translate("load", "--platform", "linux/amd64").argv == ["nerdctl", "load", "--platform=linux/amd64"]


def test_load_from_a_terminal_is_refused():
    with pytest.raises(DockerError) as err:
        translate("load", context=ctx(stdin_tty=True))
    assert err.value.message == "requested load from stdin, but stdin is empty"


def test_run_detached_rm_is_emulated():
    plan = translate("run", "-d", "--rm", "--name", "w", "busybox", "sleep", "5")
    # the label makes inspect report HostConfig.AutoRemove, so clients do not remove it themselves
    assert plan.argv == ["nerdctl", "run", "--detach", "--name=w", *DOCKERENV, LABEL, DETACHED, "--label=pydock/autoremove=true",
                         "--cidfile=/run/.pydock.cid", "busybox", "sleep", "5"]
    assert plan.mode == CAPTURE and plan.cleanup == ("/run/.pydock.cid",)
    cid = "a" * 64
    waiter = plan.then(Result(0, f"{cid}\n".encode()))
    assert waiter.mode == DETACH
    assert waiter.chain == (["nerdctl", "wait", cid], ["nerdctl", "rm", "--force", cid])
    assert waiter.then(Result(0)).stdout == cid + "\n"
    # --dry-run shows the follow-up commands with a placeholder
    assert plan.commands()[1:] == [["nerdctl", "wait", "<ID>"], ["nerdctl", "rm", "--force", "<ID>"]]


def test_detached_run_that_could_not_start_prints_the_id_and_removes_it(tmp_path):
    # Engine 29: the ID (printed as soon as the container is made), then the start's error; --rm removes it
    cid = "b" * 64
    error = Result(127, errors=['time="x" level=fatal msg="failed to create shim task: OCI runtime create failed: '
                                'unable to start container process: exec: \\"/x\\": stat /x: no such file or directory"'])
    for flags, asks in ((["-d", "--rm"], ["rm", "--force"]), (["-d"], None), (["-d", "-i"], None)):
        plan = translate("run", *flags, "busybox", "/x", context=ctx(scratch=str(tmp_path / "s")))
        assert f"--cidfile={tmp_path / 's'}.cid" in plan.argv
        (tmp_path / "s.cid").write_text(cid)
        inspect = plan.then(error)
        assert inspect.argv == ["nerdctl", "container", "inspect", "--format", "{{.ID}}", cid]
        step = inspect.then(Result(0, f"{cid}\n".encode()))
        if asks:
            assert step.argv == ["nerdctl", *asks, cid]
            step = step.then(Result(0))
        assert (step.code, step.stdout) == (127, cid + "\n")
        assert step.stderr.startswith("docker: Error response from daemon: failed to create task for container: ")
        never_made = inspect.then(Result(1))  # nerdctl writes the ID file before it makes the container
        assert (never_made.code, never_made.stdout) == (127, "")
        (tmp_path / "s.cid").unlink()
        assert plan.then(error).stdout == ""  # no ID file: nothing made


def test_run_init_uses_dockers_static_init():
    assert translate("run", "--init", "busybox").argv == ["nerdctl", "run", "--init", "--init-binary=docker-init",
                                                          *DOCKERENV, LABEL, "busybox"]
    assert "--init" not in translate("run", "--init=false", "busybox").argv


def test_run_pulls_a_missing_image_first():
    probe = translate("run", "--rm", "127.0.0.1:5000/app:1", "true", image_present=False)
    inspect = ["nerdctl", "image", "inspect", "--format", "{{json .RepoDigests}}", "127.0.0.1:5000/app:1"]
    assert probe.argv == inspect and probe.always_then
    # dry-run shows everything that may run: the probe, docker's implicit pull, the container
    assert probe.commands()[-1][:2] == ["nerdctl", "run"]
    pull = probe.then(Result(1))  # missing
    assert pull.argv == ["nerdctl", "pull", "127.0.0.1:5000/app:1"]
    assert pull.announce == "Unable to find image '127.0.0.1:5000/app:1' locally\n"
    container = pull.then(Result(0)).then(Result(0, b'["127.0.0.1:5000/app@sha256:bb"]'))
    assert container.argv[:2] == ["nerdctl", "run"]
    assert container.announce == ("1: Pulling from app\nDigest: sha256:bb\n"
                                  "Status: Downloaded newer image for 127.0.0.1:5000/app:1\n")
    # --pull=never and -q skip docker's check; nerdctl applies the policy itself
    assert translate("run", "--pull=never", "busybox").argv[:2] == ["nerdctl", "run"]
    assert translate("run", "-q", "busybox", image_present=False).argv[:2] == ["nerdctl", "run"]


def test_run_rm_attached_passes():
    assert translate("run", "--rm", "busybox").argv == ["nerdctl", "run", *DOCKERENV, LABEL, "--rm", "busybox"]


@pytest.mark.parametrize(("verb", "argv", "refused"), [
    # docker CLI's CheckTty: an attached stdin (-i, or run's -a stdin) on a container terminal (-t)
    ("run", ["-it", "busybox"], True),
    ("run", ["-t", "-a", "STDIN", "busybox"], True),
    ("run", ["-t", "busybox"], False),
    ("run", ["-dit", "busybox"], False),
    ("run", ["-d", "-t", "-a", "stdout", "busybox"], False),
    ("run", ["-i", "busybox"], False),
    ("exec", ["-it", "c", "sh"], True),
    ("exec", ["-t", "c", "sh"], False),
    ("exec", ["-d", "-i", "c", "sh"], False),
])
def test_only_an_attached_it_needs_a_terminal(verb, argv, refused):
    from shim.backends.nerdctl.run import needs_terminal

    parsed = parse_command(argv, spec.get(verb), verb)
    assert needs_terminal(parsed, ctx(stdin_tty=False)) is refused
    assert needs_terminal(parsed, ctx(stdin_tty=True)) is False


def test_run_it_without_terminal_fails_before_anything_runs():
    with pytest.raises(DockerError) as err:
        translate("run", "-it", "busybox", context=ctx(stdin_tty=False))
    assert (err.value.message, err.value.code) == ("the input device is not a TTY", 1)
    assert translate("run", "-dit", "busybox", context=ctx(stdin_tty=False)).argv[:2] == ["nerdctl", "run"]


def test_exec_it_without_terminal_looks_the_container_up_first():
    probe = translate("exec", "-it", "c", "sh", context=ctx(stdin_tty=False))
    assert probe.argv == ["nerdctl", "container", "inspect", "--format", "{{.Id}}", "c"]
    done = probe.then(Result(0, b"abc\n"))
    assert (done.code, done.stderr) == (1, "the input device is not a TTY")
    assert probe.restate(Result(1, errors=['time="x" level=fatal msg="no such container: c"'])).code == 1


def test_exec_t_without_terminal_gets_a_pseudo_terminal():
    from shim.plan import INHERIT, PTY, TERMINAL

    assert translate("exec", "-t", "c", "tty", context=ctx(stdin_tty=False)).stdin == PTY
    # on the user's terminal: a private one, relayed (tests/unit/test_signal_plans.py)
    assert translate("exec", "-it", "c", "sh", context=ctx(stdin_tty=True)).stdin == TERMINAL
    assert translate("exec", "c", "true", context=ctx(stdin_tty=False)).stdin == INHERIT


def test_exec_detach():
    assert translate("exec", "-d", "c", "true").argv == ["nerdctl", "exec", "--detach", "c", "true"]
    # detached, docker attaches no stdin: -i changes nothing (nerdctl would refuse it)
    assert translate("exec", "-d", "-i", "c", "sh").argv == ["nerdctl", "exec", "--detach", "c", "sh"]
    # an exec that cannot start: Engine answers a detached one with an error, exit 1 (attached: 126)
    failed = translate("exec", "-d", "c", "nope").then(Result(1, errors=[
        'time="x" level=fatal msg="OCI runtime exec failed: exec: \\"nope\\": executable file not found"']))
    assert (failed.code, failed.stdout) == (1, "")
    assert failed.stderr.startswith("Error response from daemon: OCI runtime exec failed")


def test_exec_in_paused_container_reads_like_docker():
    done = translate("exec", "c", "true").then(Result(1, errors=[
        'time="x" level=fatal msg="cannot exec in a paused state: unknown"']))
    assert (done.code, done.stderr) == (1, "Error response from daemon: Container c is paused, unpause the "
                                           "container before exec")


def test_exec_detached_terminal_is_held_in_the_background():
    from shim.plan import HOLD, PTY

    probe = translate("exec", "-dit", "-e", "A=1", "c", "sh")
    assert probe.argv == ["nerdctl", "container", "inspect", "--format", "{{.Id}} {{.State.Status}}", "c"]
    stopped = probe.then(Result(0, b"abc exited\n"))
    assert (stopped.code, stopped.stderr) == (1, "Error response from daemon: container abc is not running")
    paused = probe.then(Result(0, b"abc paused\n"))
    assert paused.stderr == "Error response from daemon: Container c is paused, unpause the container before exec"
    held = probe.then(Result(0, b"abc running\n"))
    assert (held.mode, held.stdin) == (HOLD, PTY)
    assert held.argv == ["nerdctl", "exec", "--tty", "--env=A=1", "c", "sh"]
    # how the process ends is not docker's business when detached; only a failed start is
    assert held.then(Result(1, errors=['time="x" level=fatal msg="exec failed with exit code 3"'])).code == 0
    assert held.then(Result(0)).code == 0


@pytest.mark.parametrize(("argv", "tail"), [
    # after IMAGE / CONTAINER every argument is the container's, a leading `--` too; nerdctl drops one
    # `--` there, so pydock passes one more
    (["run", "busybox", "--", "echo"], ["busybox", "--", "--", "echo"]),
    (["run", "busybox", "sh", "--", "x"], ["busybox", "sh", "--", "x"]),
    (["run", "--", "busybox", "echo"], ["busybox", "echo"]),  # pflag's terminator before IMAGE
    (["run", "--", "busybox", "--", "x"], ["busybox", "--", "--", "x"]),
    (["exec", "c", "--", "echo"], ["c", "--", "--", "echo"]),
    (["exec", "--", "c", "echo", "--"], ["c", "echo", "--"]),
])
def test_arguments_after_image_or_container_reach_the_container(argv, tail):
    plan = translate(*argv)
    assert plan.argv[-len(tail):] == tail


def test_logs_tail_zero_prints_no_old_lines(monkeypatch):
    monkeypatch.setenv("PYDOCK_CONTAINERD_API", "0")  # no reading of the log file: nerdctl's command
    plan = translate("logs", "-n", "0", "c")  # after the reading step, which found nothing to read
    assert plan.argv == ["nerdctl", "logs", "--until=1", "c"] and plan.stdout_to == ""
    since = translate("logs", "-n", "0", "--since", "1h", "c")  # the last --until wins: no lines still
    assert since.argv == ["nerdctl", "logs", "--since=1h", "--until=1", "c"]
    follow = translate("logs", "-f", "-n", "0", "c", context=ctx(now=1_800_000_000.25))
    assert follow.argv == ["nerdctl", "logs", "--follow", "--since=2027-01-15T08:00:00.250000000Z", "c"]


@pytest.mark.parametrize(("listing", "first"), [
    ([], None),  # a new name
    ([{"Name": "docker.io/library/b:1", "Digest": "sha256:" + "e" * 64}], "sha256:" + "e" * 64),  # its last name
    ([{"Name": "docker.io/library/b:1", "Digest": "sha256:" + "e" * 64},
      {"Name": "docker.io/library/c:1", "Digest": "sha256:" + "e" * 64}], None),  # another name keeps it
    ([{"Name": "docker.io/library/a:latest", "Digest": "sha256:" + "e" * 64},
      {"Name": "docker.io/library/b:1", "Digest": "sha256:" + "e" * 64}], None),  # the same image
])
def test_tag_keeps_the_image_its_target_leaves_unnamed(listing, first):
    import json

    from shim.backends.nerdctl.images import tag_steps

    module, canonical = spec.PATHS["tag"]
    parsed = parse_command(["a", "b:1"], spec.get(module), canonical)
    asked = tag_steps(parsed, ctx(), "a", "b:1", None)  # containerd's file unreadable: nerdctl lists the images
    assert asked.argv == ["nerdctl", "images", "--format", "{{json .}}"]
    for first_step in (asked.then(Result(0, "\n".join(json.dumps(i) for i in listing).encode())),
                       tag_steps(parsed, ctx(), "a", "b:1", listing)):  # the same records, from containerd's file
        step = first_step
        if first:  # docker keeps it as <none>; pydock under nerdctl's name for an unnamed image
            assert step.argv == ["nerdctl", "tag", "docker.io/library/b:1", f"import@{first}"]
            step = step.then(Result(0))
        assert step.argv == ["nerdctl", "tag", "a", "b:1"]
        assert step.then is None  # the last command


def test_tag_refuses_a_digest_target():
    with pytest.raises(DockerError) as err:
        translate("tag", "busybox", "x@sha256:" + "0" * 64)
    assert (err.value.message, err.value.code) == ("refusing to create a tag with a digest reference", 1)


def test_save_refuses_a_terminal():
    with pytest.raises(DockerError) as err:
        translate("save", "busybox", context=ctx(stdout_tty=True))
    assert err.value.message == "cowardly refusing to save to a terminal. Use the -o flag or redirect"
    assert translate("save", "-o", "x.tar", "busybox", context=ctx(stdout_tty=True)).archive_to == "x.tar"


def test_save_refuses_a_special_file_before_anything_runs():
    # nerdctl would write there and then remove it: `save -o /dev/null` must leave /dev/null alone
    with pytest.raises(DockerError) as err:
        translate("save", "-o", "/dev/null", "busybox")
    assert (err.value.message, err.value.code) == ("failed to save image: cannot write to a character device file", 1)


def test_save_to_stdout_writes_into_a_file_pydock_checks():
    # nerdctl 2.3 cuts `save` to a pipe short now and then (about 1 run in 4 here), never into a file
    from shim.plan import ARCHIVE

    plan = translate("save", "busybox", context=ctx(stdout_tty=False))
    assert (plan.argv, plan.stdout_to) == (["nerdctl", "save", "busybox"], ARCHIVE)
    assert plan.then(Result(0)).code == 0
    short = plan.then(Result(1, short=True))  # nerdctl said yes, but the archive had no end
    assert (short.code, short.stdout, short.stderr) == (1, "", "unexpected EOF")
    assert translate("save", "busybox").archive_to == ""  # pydock's stdout, not a file to link


def test_every_emulated_flag_has_a_test():
    emulated = {(verb, f.long) for verb in spec.VERBS for f in spec.get(verb).flags
                if handling(verb, f.long)[0] == EMULATE}
    assert emulated == EMULATED_TESTS


def test_run_tty_without_terminal_gets_a_pty():
    from shim.plan import INHERIT, PTY, TERMINAL, TERMINAL_OUTPUT

    assert translate("run", "-t", "busybox", context=ctx(stdin_tty=False)).stdin == PTY
    # on the user's terminal: a private one, relayed (tests/unit/test_signal_plans.py)
    assert translate("run", "-t", "busybox", context=ctx(stdin_tty=True)).stdin == TERMINAL_OUTPUT
    assert translate("run", "-it", "busybox", context=ctx(stdin_tty=True)).stdin == TERMINAL
    assert translate("run", "-dt", "busybox", context=ctx(stdin_tty=False)).stdin == INHERIT


def test_run_interactive_with_piped_stdin_relays_and_gates_eof():
    from shim.plan import RELAY

    plan = translate("run", "-i", "--rm", "busybox", "cat", context=ctx(stdin_tty=False, scratch="/run/.pydock-9"))
    assert plan.stdin == RELAY
    assert plan.argv == ["nerdctl", "run", "--interactive", *DOCKERENV, LABEL, STDIN, "--cidfile=/run/.pydock-9.cid", "--rm", "busybox",
                         "cat"]
    assert plan.cidfile == "/run/.pydock-9.cid" and plan.cleanup == ("/run/.pydock-9.cid",)
    probe, not_ready = plan.stdin_gate
    assert probe == ["nerdctl", "container", "inspect", "--format", "{{.State.Status}}", "{cid}"]
    assert not_ready == ("", "created")
    # the user's own --cidfile is used, and left in place
    own = translate("run", "-i", "--cidfile", "/x/id", "busybox", "cat", context=ctx(stdin_tty=False))
    assert (own.cidfile, own.cleanup) == ("/x/id", ())
    assert own.argv.count("--cidfile=/x/id") == 1


def test_run_detached_interactive_is_held_in_the_background():
    from shim.plan import HOLD

    plan = translate("run", "-d", "-i", "--name", "w", "busybox", "cat", context=ctx(scratch="/run/.pydock-7"))
    assert plan.mode == HOLD
    assert plan.argv == ["nerdctl", "run", "--interactive", "--name=w", *DOCKERENV, LABEL, STDIN, DETACHED,
                         "--cidfile=/run/.pydock-7.cid",
                         "busybox", "cat"]
    assert plan.then(Result(0, b"abc\n")).stdout == "abc\n"
    # with -t, nerdctl accepts -d -i itself
    assert "--detach" in translate("run", "-dit", "busybox", "sh", context=ctx(stdin_tty=True)).argv


def test_stop_removes_containers_of_detached_rm_before_returning():
    """docker's stop of a `run -d --rm` container returns once the engine removed it (issue 9, item 5)."""
    plan = translate("stop", "-t", "1", "a", "b")
    assert plan.argv == ["nerdctl", "stop", "--time=1", "a", "b"]
    lookup = plan.then(Result(0))
    assert lookup.argv[:3] == ["nerdctl", "container", "inspect"] and lookup.argv[-2:] == ["a", "b"]
    removal = lookup.then(Result(0, b"aaa true\nbbb \n"))
    assert removal.argv == ["nerdctl", "rm", "--force", "aaa"]
    assert isinstance(removal.then(Result(1)), Done) and removal.then(Result(1)).code == 0
    assert isinstance(lookup.then(Result(0, b"aaa \n")), Done)  # none of them: nothing more to run
    assert isinstance(plan.then(Result(1)), Done)  # stop failed: its error, nothing more


@pytest.mark.parametrize(("argv", "streams"), [
    (["busybox"], {}),
    (["-a", "stdout", "busybox"], {"stdout_to": "", "stderr_to": "null"}),
    (["-a", "STDERR", "-i", "busybox"], {"stdout_to": "null", "stderr_to": ""}),
    (["-a", "stdin", "busybox"], {"stdout_to": "null", "stderr_to": "null"}),
    (["-a", "stdout", "-a", "stderr", "busybox"], {"stdout_to": "", "stderr_to": ""}),
    (["-t", "-a", "stdout", "busybox"], {}),  # one stream on a terminal
])
def test_attached_streams(argv, streams):
    from shim.backends.nerdctl.run import attached_streams

    assert attached_streams(parse_command(argv, spec.get("run"), "run")) == streams
    plan = translate("run", *argv)
    assert not [a for a in plan.argv if a.startswith("--attach")]  # nerdctl's -a hangs with stdin
    assert (plan.stdout_to, plan.stderr_to) == (streams.get("stdout_to", ""), streams.get("stderr_to", ""))
@pytest.mark.parametrize("line", ["run --cpu-count 2 busybox", "create --io-maxiops 3 busybox",
                                  "run --cpu-percent=5 busybox", "container create --io-maxbandwidth 1m busybox"])
def test_windows_only_flags_get_dockers_answer(line, capsys):
    from shim import cli

    assert cli.main(["--dry-run", *line.split()]) == 1  # nothing runs, not even in a dry run
    flag = line.split()[1 if line.startswith(("run", "create")) else 2].split("=")[0]
    assert capsys.readouterr().err == (f'"{flag}" is only supported on a Docker daemon running on windows, but the '
                                       "Docker daemon is running on linux\n")


def test_every_container_gets_dockers_dockerenv():
    assert DOCKERENV == ["--mount=type=bind,src=/var/lib/pydock/dockerenv,dst=/.dockerenv,readonly"]  # tests run as root
    import os
    import stat

    info = os.stat(dockerenv.SOURCE)
    assert (stat.S_IMODE(info.st_mode), info.st_size) == (0o755, 0)  # docker's: empty, -rwxr-xr-x
    assert "--mount=type=bind,src=/var/lib/pydock/dockerenv,dst=/.dockerenv,readonly" in translate("run", "busybox").argv
    from shim.backends.nerdctl.views import user_mounts

    mounts = [{"Type": "bind", "Source": dockerenv.SOURCE, "Destination": "/.dockerenv"},
              {"Type": "bind", "Source": "/data", "Destination": "/.dockerenv"}]
    assert user_mounts(mounts) == mounts[1:]  # inspect and ps show the user's mounts only


def test_save_output_is_a_private_file_linked_into_place():
    # nerdctl writes the archive to its stdout, a nameless file in the output's folder that pydock links
    # into place once whole (shim/execute.py): a failed or killed save leaves no partial file
    plan = translate("save", "-o", "/srv/out.tar", "busybox")
    assert plan.argv == ["nerdctl", "save", "busybox"]
    assert (plan.stdout_to, plan.archive_to) == (ARCHIVE, "/srv/out.tar")
