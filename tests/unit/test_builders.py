"""docker's buildx answers about pydock's one builder (ls, inspect, prune, version) and the remote build contexts
BuildKit recognises: pure rendering and translation, no runtime."""

from __future__ import annotations

import pytest

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.backends.nerdctl.builder import buildkit_address
from shim.build_contexts import GitContext, git_context, keep_git_dir
from shim.output import builders
from shim.parse import parse_command
from shim.plan import ASK, CAPTURE, Done, Plan, Result

WORKER = {"id": "w1", "labels": {"b": "2", "a.long.label": "1"},
          "platforms": [{"architecture": "amd64", "os": "linux"}, {"architecture": "amd64", "os": "linux", "variant": "v2"},
                        {"architecture": "386", "os": "linux"}],
          "gcPolicy": [{"all": False, "filter": ["type==source.local"], "keepDuration": 172800000000000,
                        "reservedSpace": 0, "maxUsedSpace": 512000000, "minFreeSpace": 0}],
          "buildkitVersion": {"version": "v0.31.2"}}


def translate(path: str, *argv: str, namespace: str = "default", remote: object = None) -> Plan | Done:
    module, canonical = {**spec.PATHS, **spec.PLUGIN_PATHS}.get(path) or (None, path)
    if module is None:
        from shim.spec import others

        canonical, command = others.lookup(path)  # type: ignore[misc]
    else:
        command = spec.get(module, canonical)
    parsed = parse_command(list(argv), command, canonical)
    return backend.translate(parsed, Context("nerdctl", "nerdctl", namespace=namespace, now=1_000_000.0,
                                             remote=remote))


def workers_result(*workers: dict) -> Result:
    import json

    return Result(0, json.dumps(list(workers)).encode())


@pytest.mark.parametrize(("platforms", "shown"), [
    (["linux/amd64", "linux/amd64/v2", "linux/amd64/v3", "linux/amd64/v4"], "linux/amd64 (+4)"),
    (["linux/amd64", "linux/amd64/v2", "linux/amd64/v3", "linux/amd64/v4", "linux/386"], "linux/amd64 (+4), linux/386"),
    (["linux/arm64", "linux/amd64"], "linux/amd64, linux/arm64"),  # the major platforms in buildx's order
    (["linux/amd64", "linux/arm64", "linux/riscv64", "linux/ppc64le", "linux/s390x", "linux/386", "linux/mips64le"],
     "linux/amd64, linux/arm64, linux/ppc64le, linux/s390x, (3 more)"),
    (["linux/amd64*", "linux/amd64/v2"], "linux/amd64* (+2)"),
])
def test_platforms_truncate_as_buildx_does(platforms, shown):
    assert builders.truncated_platforms(platforms) == shown


def test_ls_table_is_buildx_s():
    node = backend_node(WORKER)
    out, err = builders.ls_output("table", node, trunc=True)
    assert out == ("NAME/NODE     DRIVER/ENDPOINT   STATUS    BUILDKIT   PLATFORMS\n"
                   "default*      docker                                 \n"
                   " \\_ default    \\_ default       running   v0.31.2    linux/amd64 (+2), linux/386\n")
    assert err == ""
    template, _ = builders.ls_output("{{.Name}}|{{.DriverEndpoint}}|{{.Status}}|{{.Buildkit}}|{{.Platforms}}", node,
                                     trunc=True)
    assert template == "default|docker|||\ndefault|default|running|v0.31.2|linux/amd64, linux/amd64/v2, linux/386\n"


def test_ls_json_is_one_object_with_sorted_keys():
    import json

    out, _ = builders.ls_output("json", backend_node(WORKER), trunc=True)
    data = json.loads(out)
    assert list(data) == ["Current", "Driver", "Dynamic", "LastActivity", "Name", "Nodes"]
    assert (data["Name"], data["Driver"], data["Current"], data["LastActivity"]) == \
        ("default", "docker", True, "0001-01-01T00:00:00Z")
    assert list(data["Nodes"][0]) == ["Endpoint", "GCPolicy", "IDs", "Labels", "Name", "Platforms", "Status", "Version"]
    assert data["Nodes"][0]["Platforms"] == ["linux/amd64", "linux/amd64/v2", "linux/386"]


def test_unreachable_builder_shows_error_status():
    node = builders.Node(error="connection refused")
    out, err = builders.ls_output("table", node, trunc=True)
    assert out.splitlines()[2].split()[4] == "error"
    assert err == "\nFailed to get status for default (default): connection refused"


def test_inspect_aligns_as_buildx():
    text = builders.inspect_output(backend_node(WORKER))
    assert text == ("Name:   default\nDriver: docker\n\nNodes:\nName:             default\nEndpoint:         default\n"
                    "Status:           running\nBuildKit version: v0.31.2\n"
                    "Platforms:        linux/amd64, linux/amd64/v2, linux/386\nLabels:\n a.long.label: 1\n b:            2\n"
                    "GC Policy rule#0:\n All:            false\n Filters:        type==source.local\n"
                    " Keep Duration:  48h0m0s\n Max Used Space: 488.3MiB\n")


def backend_node(*workers: dict) -> builders.Node:
    from shim.backends.nerdctl import builder

    return builder._node(workers_result(*workers))


@pytest.mark.parametrize(("filters", "expected"), [
    ([], ("", "")),
    (["until=24h"], ("24h0m0s", "")),
    (["unused-for=90m"], ("1h30m0s", "")),
    (["type=regular"], ("", "type==regular")),
    (["id=abc", "description~=x", "type!=regular"], ("", "id~=abc,description~=x,type!=regular")),
    (["Until= 1h ", "private="], ("1h0m0s", "private==")),
])
def test_prune_filters_become_buildkit_s(filters, expected):
    assert builders.prune_filters(filters) == expected


@pytest.mark.parametrize(("filters", "message"), [
    (["until=x"], "\"until\" filter expects a duration (e.g., '24h'): time: invalid duration \"x\""),
    (["until=1h", "unused-for=2h"], 'conflicting filters "until" and "unused-for"'),
    (["until=1h", "until=2h"], '"until" filter expects only one value'),
    (["type=a", "type=b"], '"type" filter expects only one value'),
])
def test_prune_filter_errors_are_buildx_s(filters, message):
    with pytest.raises(ValueError) as error:
        builders.prune_filters(filters)
    assert str(error.value) == message


def test_prune_report_rows_flush_one_by_one():
    records = [{"id": "a" * 25, "mutable": False, "inUse": False, "size": 8290, "lastUsedAt": "1970-01-12T13:46:30Z"},
               {"id": "b" * 25, "mutable": True, "inUse": False, "size": 4096, "shared": True}]
    report = builders.prune_report(records, 1_000_000.0)
    assert report == ("ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED\n"
                      f"{'a' * 25}               \ttrue \t\t8.29kB    \t10 seconds ago\n"
                      f"{'b' * 25}*              \ttrue \t4.096kB*  \t\n"
                      "Total:\t12.39kB\n")
    assert builders.prune_report([], 0.0) == "Total:\t0B\n"


def test_prune_verbose_lists_each_record():
    record = {"id": "x1", "createdAt": "2026-12-02T11:00:00.5Z", "mutable": True, "inUse": False, "shared": False,
              "size": 4096, "description": "mount / from exec", "usageCount": 2, "recordType": "exec.cachemount"}
    assert builders.prune_report([record], 0.0, verbose=True) == (
        "ID:\t\tx1\nCreated at:\t2026-12-02 11:00:00.5 +0000 UTC\nMutable:\ttrue\nReclaimable:\ttrue\nShared:\t\tfalse\n"
        "Size:\t\t4.096kB\nDescription:\tmount / from exec\nUsage count:\t2\nType:\t\texec.cachemount\n\n"
        "Total:\t4.096kB\n")


@pytest.mark.parametrize(("path", "argv", "buildctl"), [
    ("builder prune", ["-f"], ["prune", "--format={{json .}}"]),
    ("builder prune", ["-af", "--filter", "until=24h", "--keep-storage", "1g"],
     ["prune", "--format={{json .}}", "--all", "--keep-duration=24h0m0s", "--keep-storage-min=1073.741824"]),
    ("buildx prune", ["-f", "--filter", "type=regular", "--max-used-space", "2mb", "--min-free-space", "1kb",
                      "--reserved-space", "1mb", "--timeout", "2500ms"],
     ["prune", "--format={{json .}}", "--filter=type==regular", "--keep-storage-min=1.048576",
      "--keep-storage=2.097152", "--free-storage=0.001024"]),
])
def test_prune_runs_buildctl_with_buildx_s_options(path, argv, buildctl):
    plan = translate(path, *argv)
    assert isinstance(plan, Plan) and plan.mode == CAPTURE
    assert plan.argv[0] == "buildctl" and plan.argv[1].startswith("--addr=unix:///")
    timeout = ["--timeout=3"] if "--timeout" in argv else []
    assert plan.argv[2:] == [*timeout, *buildctl]


def test_prune_asks_docker_s_question_first():
    plan = translate("buildx prune", "-a")
    assert isinstance(plan, Plan) and plan.mode == ASK
    assert plan.question == "WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] "
    assert translate("builder prune").question.startswith("WARNING! This will remove all dangling build cache. ")


@pytest.mark.parametrize(("path", "argv", "stderr"), [
    ("buildx prune", ["-f", "--builder", "other"], 'ERROR: no builder "other" found'),
    ("buildx inspect", ["other"], 'ERROR: no builder "other" found'),
    ("builder prune", ["-f", "--filter", "until=1d"],
     "ERROR: \"until\" filter expects a duration (e.g., '24h'): time: unknown unit \"d\" in duration \"1d\""),
])
def test_refusals_are_buildx_s(path, argv, stderr):
    done = translate(path, *argv)
    assert isinstance(done, Done) and (done.code, done.stderr) == (1, stderr)


def test_version_line():
    done = translate("buildx version")
    assert isinstance(done, Done) and done.stdout.startswith("github.com/docker/buildx v0.38.2 ")


def test_buildkit_address_follows_nerdctl(tmp_path, monkeypatch):
    from shim.backends.nerdctl import builder

    monkeypatch.delenv("BUILDKIT_HOST", raising=False)
    monkeypatch.setattr(builder, "RUN", str(tmp_path))
    assert buildkit_address("ns") == f"unix://{tmp_path}/buildkit/buildkitd.sock"  # none there: the default's
    (tmp_path / "buildkit-ns").mkdir()
    (tmp_path / "buildkit-ns" / "buildkitd.sock").touch()
    assert buildkit_address("ns") == f"unix://{tmp_path}/buildkit-ns/buildkitd.sock"
    assert buildkit_address("other") == f"unix://{tmp_path}/buildkit/buildkitd.sock"
    monkeypatch.setenv("BUILDKIT_HOST", "tcp://127.0.0.1:1234")
    assert buildkit_address("ns") == "tcp://127.0.0.1:1234"


@pytest.mark.parametrize(("context", "git"), [
    ("https://example.com/app.git", GitContext("https://example.com/app.git", "", "", False)),
    ("http://127.0.0.1:9/r.git#v1:sub/dir/", GitContext("http://127.0.0.1:9/r.git", "v1", "sub/dir", False)),
    ("http://h/r.git#:sub", GitContext("http://h/r.git", "", "sub", False)),
    ("https://h/r.git?ref=main&subdir=x", GitContext("https://h/r.git", "main", "x", False)),
    ("https://h/r.git?tag=v2&keep-git-dir=1", GitContext("https://h/r.git", "v2", "", True)),
    ("git://h/r#abc123", GitContext("git://h/r", "abc123", "", False)),
    ("ssh://git@h/r.git", GitContext("ssh://git@h/r.git", "", "", False)),
    ("git@github.com:org/r.git#dev", GitContext("git@github.com:org/r.git", "dev", "", False)),
    ("github.com/org/r", GitContext("https://github.com/org/r", "", "", False)),
    # not git: an HTTP file, a folder, stdin, an unknown scheme
    ("https://example.com/ctx.tar.gz", None), ("http://h/Dockerfile", None), (".", None), ("-", None),
    ("dir/with:colon", None), ("ftp://h/r.git", None),
])
def test_git_contexts_as_buildkit_parses_them(context, git):
    assert git_context(context) == git


@pytest.mark.parametrize(("args", "kept"), [
    ([], False), (["BUILDKIT_CONTEXT_KEEP_GIT_DIR=1"], True), (["BUILDKIT_CONTEXT_KEEP_GIT_DIR=true"], True),
    (["BUILDKIT_CONTEXT_KEEP_GIT_DIR=0"], False), (["OTHER=1"], False),
])
def test_keep_git_dir_build_argument(args, kept):
    assert keep_git_dir(args) is kept


def test_last_activity_is_the_newest_build_record():
    from shim.backends.nerdctl import builder

    listing = (b"TYPE\t\tREF\t\t\t\tCREATED\t\t\tCOMPLETED\t\tGENERATION\tPINNED\n"
               b"COMPLETE\tr1\t2026-12-02T11:08:56Z\t2026-12-02T11:08:57Z\t1\t\t\n"
               b"COMPLETE\tr2\t2026-12-02T12:09:04+01:00\t2026-12-02T12:09:05+01:00\t1\t\t\n")
    node = builder._with_activity(backend_node(WORKER), Result(0, listing))
    out, _ = builders.ls_output("{{.Name}} {{.LastActivity}}", node, trunc=True)
    assert out == "default 2026-12-02T11:09:04Z\ndefault \n"
    assert "\nLast Activity: 2026-12-02 11:09:04 +0000 UTC\n\nNodes:\n" in builders.inspect_output(node)
    none = builder._with_activity(backend_node(WORKER), Result(0, listing.split(b"\n")[0] + b"\n"))
    assert none.last_activity is None and '"LastActivity":"0001-01-01T00:00:00Z"' in builders.ls_output(
        "json", none, trunc=True)[0]


@pytest.mark.parametrize(("argv", "moved"), [
    (["buildx", "ls"], ["buildx", "ls"]),
    (["buildx", "--builder", "x", "ls", "-q"], ["buildx", "ls", "--builder=x", "-q"]),
    (["buildx", "--builder=x", "-D", "prune", "-f"], ["buildx", "prune", "--builder=x", "--debug", "-f"]),
    (["buildx", "--debug", "version"], ["buildx", "version", "--debug"]),
    (["buildx", "--builder", "x", "build", "."], ["buildx", "build", "."]),  # docker 28.2.2's build has no --builder
    (["buildx", "--builder", "x"], ["buildx"]),
    (["buildx", "--help"], ["buildx", "--help"]),
])
def test_buildx_flags_before_the_command_move_after_it(argv, moved):
    from shim.cli import _buildx_flags_after

    assert _buildx_flags_after(argv) == moved


def test_prune_without_buildkitd_says_how_to_start_it():
    plan = translate("buildx prune", "-f")
    unreachable = Result(1, b"", ['error: failed to call prune: rpc error: code = Unavailable desc = connection error: '
                                  'desc = "transport: Error while dialing: dial unix /x.sock: connect: no such file"'])
    done = plan.then(unreachable)
    assert (done.code, done.stderr) == (1, "ERROR: BuildKit is not running: pydock builds with buildkitd (containerd "
                                           "worker); start it with: sudo pydock daemon start")
    other = plan.then(Result(1, b"", ["error: something else"]))
    assert (other.code, other.stderr) == (1, "ERROR: something else")


def test_builder_prune_keep_storage_notice_as_buildx_prints_it():
    notice = "Flag --keep-storage has been deprecated, keep-storage flag has been changed to reserved-space\n"
    forced = translate("builder prune", "-f", "--keep-storage", "1g")
    assert forced.then(Result(0, b"")).stdout == notice + "Total:\t0B\n"
    asked = translate("builder prune", "--keep-storage", "1g")
    assert asked.question.startswith(notice + "WARNING! This will remove all dangling build cache.")
    assert translate("builder prune", "-f").then(Result(0, b"")).stdout == "Total:\t0B\n"


@pytest.mark.parametrize("namespace", ["ns", "other", "default"])
def test_over_ssh_the_remotes_shell_follows_nerdctls_rule(tmp_path, monkeypatch, namespace):
    """buildctl over the ssh transport: the socket picked on the remote by a constant script, the same one the local
    rule picks (run here by a real shell, with a buildctl that prints its arguments)."""
    import subprocess

    from shim import ssh_transport
    from shim.backends.nerdctl import builder

    monkeypatch.delenv("BUILDKIT_HOST", raising=False)
    monkeypatch.setattr(builder, "RUN", str(tmp_path / "run"))
    (tmp_path / "run" / "buildkit-ns").mkdir(parents=True)
    (tmp_path / "run" / "buildkit-ns" / "buildkitd.sock").touch()
    fake = tmp_path / "bin" / "buildctl"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\necho "$@"\n')
    fake.chmod(0o755)
    args = ("-f", "--filter", "id=x y", "--timeout", "3s")
    plan = translate("buildx prune", *args, namespace=namespace, remote=(ssh_transport.parse("ssh://node"), False))
    here = translate("buildx prune", *args, namespace=namespace)
    assert isinstance(plan, Plan) and isinstance(here, Plan) and plan.argv[:2] == ["sh", "-c"]
    ran = subprocess.run(plan.argv, env={"PATH": f"{fake.parent}:/usr/bin:/bin"}, capture_output=True, text=True,
                         check=True)
    assert here.argv[0] == "buildctl" and ran.stdout == " ".join(here.argv[1:]) + "\n"
    assert f"--addr=unix://{tmp_path}/run/buildkit{'-ns' if namespace == 'ns' else ''}/" in ran.stdout
