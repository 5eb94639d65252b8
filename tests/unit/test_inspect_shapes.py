"""Pure shaping for inspect (HostConfig, health), `stats --no-stream` and `diff`, as tables (issue 9)."""

from __future__ import annotations

import pytest

from shim import run_record as recorded
from shim import spec
from shim.backends.nerdctl import adjust
from shim.backends.nerdctl.diff import docker_changes
from shim.errors import DockerError
from shim.output import health, host_config, stats
from shim.output.containers import status_text
from shim.parse import parse_command
from shim.plan import Done, Result


def run_parsed(*argv: str):
    module, canonical = spec.PATHS["run"]
    return parse_command([*argv, "busybox", "true"], spec.get(module), canonical)


@pytest.mark.parametrize(("argv", "expected"), [
    ([], {}),
    (["-it", "--rm"], {}),  # nothing recorded
    (["-p", "127.0.0.1::80", "-p", "8099:80/udp", "-p", "7000-7001:7000-7001", "-p", "90"],
     {"PortBindings": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": ""}],
                       "80/udp": [{"HostIp": "", "HostPort": "8099"}], "7000/tcp": [{"HostIp": "", "HostPort": "7000"}],
                       "7001/tcp": [{"HostIp": "", "HostPort": "7001"}], "90/tcp": [{"HostIp": "", "HostPort": ""}]}}),
    (["-p", "[::1]:8080:80"], {"PortBindings": {"80/tcp": [{"HostIp": "::1", "HostPort": "8080"}]}}),
    (["-p", "x:y"], {}),  # nerdctl refuses it in its words
    (["--security-opt", "no-new-privileges", "--security-opt", "seccomp=unconfined"],
     {"SecurityOpt": ["no-new-privileges", "seccomp=unconfined"]}),
    (["--group-add", "10", "--group-add", "audio"], {"GroupAdd": ["10", "audio"]}),
    (["--tmpfs", "/x", "--tmpfs", "/y:size=1m,mode=1777"], {"Tmpfs": {"/x": "", "/y": "size=1m,mode=1777"}}),
    (["--sysctl", "net.ipv4.ip_forward=1"], {"Sysctls": {"net.ipv4.ip_forward": "1"}}),
    (["--cpus", "0.5"], {"NanoCpus": 500_000_000}),
    (["--cpus", "1.25"], {"NanoCpus": 1_250_000_000}),
    (["--init=false"], {"Init": False}),
    (["--init"], {}),  # shown from the spec's docker-init mount
    (["--ipc", "shareable"], {"IpcMode": "shareable"}),
    (["--stop-signal", "SIGUSR1", "--stop-timeout", "5"], {"StopSignal": "SIGUSR1", "StopTimeout": 5}),
    (["-d", "--rm"], {}),  # its own label, pydock/autoremove (the stop of such a container reads it too)
    (["--rm"], {}),  # nerdctl keeps --rm itself when attached
    (["--mount", "type=bind,src=/tmp,dst=/data,readonly"],
     {"Mounts": [{"Type": "bind", "Source": "/tmp", "Target": "/data", "ReadOnly": True}]}),
    (["--health-cmd", "true", "--health-interval", "1m30s", "--health-retries", "2"],
     {"Healthcheck": {"Test": ["CMD-SHELL", "true"], "Interval": 90_000_000_000, "Retries": 2}}),
    (["--health-timeout", "500ms", "--health-start-period", "2s"],
     {"Healthcheck": {"Timeout": 500_000_000, "StartPeriod": 2_000_000_000}}),
    (["--no-healthcheck"], {"Healthcheck": {"Test": ["NONE"]}}),
    (["--entrypoint", "/bin/echo hi"], {"Entrypoint": ["/bin/echo hi"]}),  # one element, as docker keeps it
])
def test_run_records_what_inspect_shows_as_given(argv, expected):
    assert recorded.given(run_parsed(*argv)) == expected


@pytest.mark.parametrize("value", [
    {"a": 'q"\\\n\u00e9', "b": [1, True, None, False], "c": {}, "d": []},
    {"Healthcheck": {"Test": ["CMD-SHELL", "echo '$x' > /dev/null"], "Interval": 1_000_000_000}},
])
def test_compact_json_is_jsons(value):
    import json

    assert json.loads(recorded.compact_json(value)) == value


def test_nothing_recorded_means_no_label():
    assert recorded.labels(run_parsed("-d")) == []
    assert recorded.labels(run_parsed("--cpus", "2")) == ['--label=pydock/inspect={"NanoCpus":2000000000}']


SPEC_PLAIN = {"linux": {"namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"},
                                       {"type": "network"}, {"type": "cgroup"}],
                        "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"], "seccomp": {}},
              "process": {}, "mounts": []}
SPEC_HOSTS = {"linux": {"namespaces": [{"type": "mount"}, {"type": "network"}], "seccomp": {}},
              "process": {"noNewPrivileges": True},
              "mounts": [{"destination": "/sbin/docker-init", "type": "bind", "source": "/usr/bin/docker-init"}]}


@pytest.mark.parametrize(("compat", "spec_", "given", "expected"), [
    # namespaces the spec leaves out are the host's; docker adds label=disable for a host PID/IPC namespace
    ({}, SPEC_PLAIN, {}, {"CgroupnsMode": "private", "IpcMode": "private", "PidMode": "", "UTSMode": "",
                          "SecurityOpt": None, "MaskedPaths": ["/proc/kcore"], "ReadonlyPaths": ["/proc/sys"]}),
    ({}, SPEC_HOSTS, {"SecurityOpt": ["no-new-privileges"]},
     {"CgroupnsMode": "host", "IpcMode": "host", "PidMode": "host", "UTSMode": "host",
      "SecurityOpt": ["no-new-privileges", "label=disable"], "MaskedPaths": None, "Init": True}),
    ({}, SPEC_HOSTS, {"Init": False}, {"Init": False}),
    # not made by pydock's run: what the spec shows
    ({}, SPEC_HOSTS, None, {"SecurityOpt": ["no-new-privileges", "label=disable"]}),
    # nerdctl lists the user's own group and its own sysctl and tmpfs options; docker the flags as given
    ({"HostConfig": {"GroupAdd": ["65534", "10"], "Sysctls": {"net.ipv4.ip_unprivileged_port_start": "0"},
                     "Tmpfs": {"/x": "noexec,nosuid,nodev"}}}, SPEC_PLAIN, {"GroupAdd": ["10"], "Tmpfs": {"/x": ""}},
     {"GroupAdd": ["10"], "Tmpfs": {"/x": ""}, "Sysctls": None}),
    ({"HostConfig": {"GroupAdd": ["65534"]}}, SPEC_PLAIN, {}, {"GroupAdd": None, "Tmpfs": None}),
    # --cpus: NanoCpus, and docker's quota and period stay 0
    ({"HostConfig": {"CpuQuota": 50000, "CpuPeriod": 100000}}, SPEC_PLAIN, {"NanoCpus": 500_000_000},
     {"NanoCpus": 500_000_000, "CpuQuota": 0, "CpuPeriod": 0}),
    ({"HostConfig": {"Memory": 67108864}}, SPEC_PLAIN, {}, {"Memory": 67108864, "MemorySwap": 134217728}),
    ({"HostConfig": {"LogConfig": {"driver": "json-file", "opts": {"max-size": "1m"}}}}, SPEC_PLAIN, {},
     {"LogConfig": {"Type": "json-file", "Config": {"max-size": "1m"}}}),
    ({"HostConfig": {}}, SPEC_PLAIN, {"Mounts": [{"Type": "bind", "Source": "/a", "Target": "/b"}]},
     {"Mounts": [{"Type": "bind", "Source": "/a", "Target": "/b"}]}),
])
def test_host_config_values(compat, spec_, given, expected):
    built = host_config.build(compat, spec_, given, None)
    for key, value in expected.items():
        assert built.get(key) == value, key
    if "Tmpfs" in expected and expected["Tmpfs"] is None:
        assert "Tmpfs" not in built  # omitempty, as docker prints it


def test_host_config_keeps_dockers_key_order():
    keys = list(host_config.build({}, SPEC_HOSTS, {"Tmpfs": {"/x": ""}, "Sysctls": {"a": "1"}}, None))
    assert keys[keys.index("ReadonlyRootfs"):keys.index("Runtime") + 1] == [
        "ReadonlyRootfs", "SecurityOpt", "Tmpfs", "UTSMode", "UsernsMode", "ShmSize", "Sysctls", "Runtime"]
    assert keys[-3:] == ["MaskedPaths", "ReadonlyPaths", "Init"]


@pytest.mark.parametrize(("recorded_", "nerdctl_check", "image_check", "expected"), [
    (None, None, None, None),
    ({}, None, None, None),
    # only what was given: nerdctl's defaults (Timeout 30s, Retries 3) are not docker's
    ({"Healthcheck": {"Test": ["CMD-SHELL", "true"], "Interval": 1}},
     {"Test": ["CMD-SHELL", "true"], "Interval": 1, "Timeout": 30, "Retries": 3}, None,
     {"Test": ["CMD-SHELL", "true"], "Interval": 1}),
    # the image's check under the flags, field by field, in docker's order
    ({"Healthcheck": {"Retries": 5}}, None, {"Test": ["CMD", "x"], "Interval": 2},
     {"Test": ["CMD", "x"], "Interval": 2, "Retries": 5}),
    (None, {"Test": ["CMD-SHELL", "y"], "Timeout": 3}, None, {"Test": ["CMD-SHELL", "y"], "Timeout": 3}),
])
def test_config_healthcheck(recorded_, nerdctl_check, image_check, expected):
    assert health.healthcheck(recorded_, nerdctl_check, image_check) == expected


@pytest.mark.parametrize(("check", "nerdctl_health", "expected"), [
    (None, None, None),
    ({"Test": ["NONE"]}, None, None),
    ({"Test": ["CMD-SHELL", "true"]}, None, {"Status": "starting", "FailingStreak": 0, "Log": []}),
    ({"Test": ["CMD-SHELL", "true"]},
     {"Status": "unhealthy", "FailingStreak": 2, "Log": [{"Start": "b", "End": "b2", "ExitCode": 1, "Output": "2"},
                                                         {"Start": "a", "End": "a2", "ExitCode": 1, "Output": "1"}]},
     {"Status": "unhealthy", "FailingStreak": 2, "Log": [{"Start": "a", "End": "a2", "ExitCode": 1, "Output": "1"},
                                                         {"Start": "b", "End": "b2", "ExitCode": 1, "Output": "2"}]}),
])
def test_state_health_oldest_first(check, nerdctl_health, expected):
    assert health.state_health(check, nerdctl_health) == expected


@pytest.mark.parametrize(("health_status", "text"), [
    ("", "Up 5 seconds"), ("starting", "Up 5 seconds (health: starting)"), ("healthy", "Up 5 seconds (healthy)"),
    ("unhealthy", "Up 5 seconds (unhealthy)"),
])
def test_ps_status_shows_health(health_status, text):
    summary = {"State": "running", "StartedAt": 100.0, "Health": health_status}
    assert status_text(summary, 105.0) == text


ROW = {"Name": "web", "ID": "abcdef123456", "CPUPerc": "0.00%", "MemUsage": "1MiB / 2GiB", "MemPerc": "0.05%",
       "NetIO": "1kB / 2kB", "BlockIO": "0B / 0B", "PIDs": "1"}


@pytest.mark.parametrize(("fmt", "asked", "text"), [
    ("", ["web"], "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O     BLOCK I/O   PIDS\n"
                  "abcdef123456   web       0.00%     1MiB / 2GiB         0.05%     1kB / 2kB   0B / 0B     1\n"),
    ("json", ["web"], '{"BlockIO":"0B / 0B","CPUPerc":"0.00%","Container":"web","ID":"abcdef123456",'
                      '"MemPerc":"0.05%","MemUsage":"1MiB / 2GiB","Name":"web","NetIO":"1kB / 2kB","PIDs":"1"}\n'),
    ("{{.Container}} {{.ID}}", ["abcdef"], "abcdef abcdef123456\n"),
    ("{{.Container}}", [], "abcdef123456\n"),  # no names given: the short ID
    ("table {{.Container}}\\t{{.PIDs}}", ["web"], "CONTAINER   PIDS\nweb         1\n"),
])
def test_stats_formats(fmt, asked, text):
    assert stats.render(fmt, stats.contexts([ROW], asked, trunc=True)) == text


@pytest.mark.parametrize(("tail", "backend", "fmt"), [
    (["--no-stream", "--format", "json", "web"], ["--no-stream", "web"], "json"),
    (["--no-stream=true", "--format={{.Name}}", "web"], ["--no-stream=true", "web"], "{{.Name}}"),
    (["--format", "json", "web"], ["--format", "json", "web"], "json"),  # streaming stays nerdctl's
])
def test_stats_no_stream_is_rendered_by_pydock(tail, backend, fmt):
    assert adjust.backend_tail("stats", tail) == backend
    extra, rewrite = adjust.output_rewrite("stats", tail)
    expected = (["--format={{json .}}", "--no-trunc"], True) if backend != tail else ([], False)
    assert (extra, rewrite is not None) == expected


def test_stats_template_error_is_dockers():
    result = Result(0, b'{"Name":"web","ID":"abcdef123456"}\n')
    _, rewrite = adjust.output_rewrite("stats", ["--no-stream", "--format", "{{.Bogus}}", "web"])
    done = rewrite(result, ["--no-stream", "--format", "{{.Bogus}}", "web"], Done())
    assert (done.code, done.stdout) == (1, "")
    assert done.stderr == ('template parsing error: template: :1:2: executing "" at <.Bogus>: '
                           "can't evaluate field Bogus in type *container.statsContext")


@pytest.mark.parametrize(("nerdctl", "docker"), [
    ("", ""),
    # the runtime's own files, the root and /etc changed only for them: none of docker's business
    ("C /etc\nA /etc/hostname\nA /etc/hosts\nA /etc/resolv.conf\nC /\n", ""),
    # what nerdctl 2.3.5 printed for: mkdir /newdir; echo x > /newdir/f; echo y >> /etc/passwd;
    # rm /bin/ls; touch /tmp/t — and what docker printed for the same
    ("D /bin/ls\nC /etc\nA /etc/hostname\nA /etc/hosts\nC /etc/passwd\nA /etc/resolv.conf\nC /\nA /newdir\n"
     "C /newdir\nA /newdir/f\nC /tmp\nA /tmp/t\n",
     "C /bin\nD /bin/ls\nC /etc\nC /etc/passwd\nA /newdir\nA /newdir/f\nC /tmp\nA /tmp/t\n"),
    # path order component by component: /a/b before /a-b
    ("A /a-b\nA /a/b\nC /a\n", "C /a\nA /a/b\nA /a-b\n"),
])
def test_diff_lists_what_docker_lists(nerdctl, docker):
    assert docker_changes(nerdctl) == docker


CONTAINER = {"Id": "abc", "State": {"Status": "running", "Running": True},
             "HostConfig": {"RestartPolicy": {"Name": "no", "MaximumRetryCount": 0}, "NanoCpus": 0, "Init": False,
                            "Binds": None, "PortBindings": {}, "LogConfig": {"Type": "json-file", "Config": None}},
             "Config": {"Labels": {"b": "2", "a": "1"}, "Entrypoint": None, "Volumes": None, "Cmd": ["sh"]},
             "Mounts": [], "ExecIDs": None}


@pytest.mark.parametrize(("template", "out", "error"), [
    # the typed value: omitempty fields are there, as nil or empty
    ("{{.State.Health}}", "<nil>\n", ""),
    ("{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}", "none\n", ""),
    ("{{.Config.Healthcheck}} {{.HostConfig.Tmpfs}} {{.HostConfig.Init}}", "<nil> map[] false\n", ""),
    ("{{json .State}}", '{"Status":"running","Running":true}\n', ""),  # no Health key, struct order
    ("{{json .HostConfig.RestartPolicy}} {{.HostConfig.NanoCPUs}}", '{"Name":"no","MaximumRetryCount":0} 0\n', ""),
    # a JSON name the Go struct spells otherwise: docker falls back to the decoded JSON, maps with sorted keys
    ("{{json .HostConfig.RestartPolicy}} {{.HostConfig.NanoCpus}}", '{"MaximumRetryCount":0,"Name":"no"} 0\n', ""),
    ("{{.Id}} {{.ID}}", "\n", 'template parsing error: template: :1:10: executing "" at <.ID>: '
                              'map has no entry for key "ID"'),
    # JSON null is a typed nil: Go prints a nil slice `[]` and a nil map `map[]`, a nil pointer `<nil>`
    ("{{.Config.Entrypoint}}|{{.Config.Volumes}}|{{.HostConfig.Binds}}|{{.ExecIDs}}|{{.HostConfig.LogConfig.Config}}",
     "[]|map[]|[]|[]|map[]\n", ""),
    ("{{json .Config.Entrypoint}} {{json .Config.Volumes}} {{json .Mounts}} {{json .HostConfig.PortBindings}}",
     "null null [] {}\n", ""),
    ("{{len .Config.Entrypoint}} {{range .ExecIDs}}x{{else}}none{{end}} {{if .Config.Volumes}}v{{else}}no{{end}}",
     "0 none no\n", ""),
    # an omitempty map or slice left out of the JSON is nil too
    ("{{json .HostConfig.Tmpfs}} {{.HostConfig.Tmpfs}} {{json .Config.Shell}}", "null map[] null\n", ""),
    # a typed map gives its element's zero value for a key it lacks; a field of a map that lacks it: <no value>
    ("[{{index .Config.Labels \"x\"}}] [{{index .Config.Labels \"a\"}}] [{{.Config.Labels.x}}]",
     "[] [1] [<no value>]\n", ""),
    ("{{.State.Health.Status}}", "\n", 'template parsing error: template: :1:8: executing "" at '
                                       '<.State.Health.Status>: map has no entry for key "Health"'),
])
def test_inspect_templates_see_what_dockers_client_sees(template, out, error):
    from shim.backends.nerdctl.inspect import render_objects
    from shim.template import Template

    assert render_objects(Template.parse(template), [CONTAINER]) == (out, error)


IMAGE_29 = {"Id": "sha256:ab", "RepoTags": ["busybox:latest"], "RepoDigests": [],
            "Config": {"Hostname": "", "User": "", "Env": ["PATH=/bin"], "Cmd": ["sh"], "Entrypoint": None,
                       "Volumes": None, "Labels": None, "OnBuild": None, "WorkingDir": ""}}


@pytest.mark.parametrize(("template", "out", "error"), [
    # Engine 29's image Config: the OCI config's fields, all omitempty
    ("{{json .Config}}", '{"Env":["PATH=/bin"],"Cmd":["sh"]}\n', ""),
    ("{{.Config.Entrypoint}}|{{.Config.Volumes}}|{{.Config.Healthcheck}}|{{json .Config.Labels}}",
     "[]|map[]|<nil>|null\n", ""),
    # not a field of that struct: docker falls back to the engine's JSON
    ("{{.Config.Hostname}}x", "x\n", ""),
])
def test_image_templates_see_engine_29s_config(template, out, error):
    from shim.backends.nerdctl.inspect import render_objects
    from shim.template import Template

    assert render_objects(Template.parse(template), [IMAGE_29]) == (out, error)


def test_inspect_json_leaves_empty_omitempty_fields_out():
    import json

    from shim.output.inspect import indented_json
    from shim.output.inspect_template import typed

    printed = json.loads(indented_json([typed(CONTAINER)]))[0]
    assert "Health" not in printed["State"] and "Tmpfs" not in printed["HostConfig"]
    assert printed["HostConfig"]["Init"] is False  # set (to false): a non-nil pointer is printed
    assert "ID" not in printed and printed["Id"] == "abc" and "NanoCpus" in printed["HostConfig"]


def _run_plan(*argv: str):
    from shim.backends import Context
    from shim.backends import nerdctl as backend

    module, canonical = spec.PATHS["run"]
    parsed = parse_command(list(argv), spec.get(module), canonical)
    plan = backend.translate(parsed, Context("nerdctl", "nerdctl", stdin_tty=False, stdout_tty=False))
    probe = plan.then(Result(0))  # containerd's file is not read in unit tests: nerdctl is asked
    return probe.then(Result(0, b'["busybox@sha256:aa"]'))  # the image is there


def test_detached_run_with_a_health_check_starts_the_keeper():
    from shim.plan import CAPTURE, DETACH

    plan = _run_plan("-d", "--health-cmd", "true", "--health-interval", "2s", "busybox", "sleep", "9")
    assert plan.mode == CAPTURE
    cid = "c" * 64
    keeper = plan.then(Result(0, f"{cid}\n".encode()))
    assert keeper.mode == DETACH
    [argv] = keeper.chain
    assert argv[1:] == ["-m", "shim.backends.nerdctl.health_keeper", "2.0", cid, "--", "nerdctl", "container",
                        "healthcheck", "{cid}"]
    assert keeper.then(Result(0)).stdout == cid + "\n"
    plain = _run_plan("-d", "busybox", "sleep", "9")
    assert plain.mode != CAPTURE  # no check, no keeper: nerdctl prints the ID itself
    done = plain.then(Result(0))
    assert (done.code, done.stdout) == (0, "")


def test_attached_run_with_a_health_check_starts_the_keeper_first():
    from shim.plan import DETACH

    keeper = _run_plan("--health-cmd", "true", "busybox", "sleep", "9")
    assert keeper.mode == DETACH
    [argv] = keeper.chain
    assert argv[3] == "30.0" and argv[4].startswith("@")  # docker's default interval; the cidfile to wait for
    run = keeper.then(Result(0))
    assert f"--cidfile={argv[4][1:]}" in run.argv and run.cleanup == (argv[4][1:],)
    assert run.argv[-3:] == ["busybox", "sleep", "9"]


def _compat(status: str = "running", labels: dict | None = None, **extra) -> dict:
    return {"Id": "f" * 64, "Name": "web", "Path": "/sbin/docker-init", "Args": ["--", "httpd", "-f"],
            "State": {"Status": status},
            "Config": {"Labels": {"pydock/image": "busybox", **(labels or {})}, "Env": []},
            "HostConfig": {"PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "32768"}]}},
            "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "32768"}]}}, **extra}


NATIVE = {"Spec": {"process": {"cwd": "/"}, "mounts": [{"destination": "/sbin/docker-init"}],
                   "linux": {"namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "cgroup"}]}}}
IMAGE = {"Id": "sha256:" + "a" * 64, "Config": {"ExposedPorts": {"8080/tcp": {}}, "Cmd": ["sh"]}}


@pytest.mark.parametrize(("compat", "check"), [
    # the image's EXPOSE and -p's ports; an exposed port nobody published has no bindings while running
    (_compat(), lambda c: (c["Config"]["ExposedPorts"] == {"80/tcp": {}, "8080/tcp": {}}
                           and c["NetworkSettings"]["Ports"]["8080/tcp"] is None)),
    (_compat("exited"), lambda c: "8080/tcp" not in c["NetworkSettings"]["Ports"]),
    # --init: docker records the command, not docker-init in front of it
    (_compat(), lambda c: (c["Path"], c["Args"], c["Config"]["Cmd"], c["HostConfig"]["Init"])
     == ("httpd", ["-f"], ["httpd", "-f"], True)),
    # -p as given at run: the requested host port ("" for any), not the one nerdctl picked
    (_compat(labels={"pydock/inspect": '{"PortBindings":{"80/tcp":[{"HostIp":"","HostPort":""}]}}'}),
     lambda c: c["HostConfig"]["PortBindings"] == {"80/tcp": [{"HostIp": "", "HostPort": ""}]}),
    # a health check from run, no result yet: starting
    (_compat(labels={"pydock/inspect": '{"Healthcheck":{"Test":["CMD-SHELL","true"]}}'}),
     lambda c: c["State"]["Health"]["Status"] == "starting" and list(c["State"])[-1] == "Health"),
    # --size adds SizeRw and SizeRootFs after GraphDriver
    (_compat(SizeRw=1, SizeRootFs=2), lambda c: list(c)[list(c).index("GraphDriver"):][:3]
     == ["GraphDriver", "SizeRw", "SizeRootFs"]),
])
def test_container_object(compat, check):
    from shim.output.inspect import container

    assert check(container(compat, NATIVE, IMAGE))


MANIFEST = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + "b" * 64, "size": 417,
            "platform": {"architecture": "amd64", "os": "linux"}}


def test_container_as_engine29_sends_it_and_as_docker_cli_28_types_have_it():
    from shim.output.inspect import container, raw

    compat = _compat()
    compat["NetworkSettings"]["Networks"] = {"bridge": {"IPAddress": "10.4.0.2", "IPPrefixLen": 24}}
    typed_view = container(compat, NATIVE, IMAGE, MANIFEST)
    assert typed_view["ImageManifestDescriptor"] == MANIFEST and list(typed_view)[-1] == "ImageManifestDescriptor"
    network = typed_view["NetworkSettings"]["Networks"]["bridge"]
    assert list(network)[3:6] == ["MacAddress", "DriverOpts", "GwPriority"] and network["DNSNames"] is None
    sent = raw(typed_view)
    assert list(sent) == sorted(sent) and list(sent["HostConfig"]) == sorted(sent["HostConfig"])
    assert "HairpinMode" not in sent["NetworkSettings"] and "Bridge" not in sent["NetworkSettings"]
    assert "KernelMemory" not in sent["HostConfig"] and "OnBuild" not in sent["Config"]
    assert "HairpinMode" in typed_view["NetworkSettings"]  # docker CLI 28.2.2's types still have it


def test_image_as_engine29_shows_it():
    from shim.output.inspect import image, raw

    shown = image({"Id": "sha256:" + "a" * 64, "RepoTags": ["busybox:latest"], "Size": 5,
                   "Config": {"Env": ["A=1"], "Cmd": ["sh"]}, "Descriptor": {"digest": "sha256:" + "a" * 64}})
    assert not {"Container", "ContainerConfig", "VirtualSize"} & set(shown)
    assert shown["Config"] == {"User": "", "Env": ["A=1"], "Entrypoint": None, "Cmd": ["sh"], "Volumes": None,
                               "WorkingDir": "", "Labels": None, "OnBuild": None}
    assert shown["Descriptor"] == {"digest": "sha256:" + "a" * 64}
    sent = raw(shown)
    assert list(sent) == sorted(sent) and list(sent["Config"]) == sorted(sent["Config"])


def test_image_templates_see_the_oci_config_without_empty_fields():
    from shim.output.inspect import image
    from shim.output.inspect_template import typed
    from shim.template.values import go_json

    shown = typed(image({"Id": "x", "Config": {"Env": ["A=1"], "Cmd": ["sh"]}}))
    assert go_json(shown["Config"]) == '{"Env":["A=1"],"Cmd":["sh"]}'
    assert shown["VirtualSize"] == 0 and "VirtualSize" not in go_json(shown)


def _create_plan(args):
    """The nerdctl create plan for `docker create ARGS` (the image a name: no ID lookup, no pull on --pull=never)."""
    from shim.backends import Context
    from shim.backends.nerdctl.create import translate_create
    from shim.parse import parse_command
    from shim.spec import others

    canonical, command = others.lookup("create")
    ctx = Context("nerdctl", "nerdctl", scratch="/nonexistent/x")
    return translate_create(parse_command(["--pull=never", *args], command, canonical), ctx)


@pytest.mark.parametrize(("args", "seconds"), [
    (["--health-cmd", "true", "busybox"], 30.0),
    (["--health-cmd=true", "--health-interval", "1500ms", "busybox"], 1.5),
    (["--health-interval=2s", "--health-cmd", "x", "busybox"], 2.0),
    (["--no-healthcheck", "busybox"], None),
    (["--health-cmd", "true", "--no-healthcheck=false", "busybox"], 30.0),
    (["--name", "web", "busybox", "sleep", "9", "--health-cmd", "x"], None),  # the container's own words
])
def test_create_with_a_health_check_starts_the_keeper(args, seconds):
    from shim.plan import CAPTURE, DETACH

    plan = _create_plan(args)
    assert plan.argv[:2] == ["nerdctl", "create"]
    if seconds is None:
        assert plan.mode != CAPTURE
        return
    cid = "d" * 64
    keeper = plan.then(Result(0, f"{cid}\n".encode()))
    assert keeper.mode == DETACH and keeper.chain[0][3:] == [repr(seconds), cid, "--", "nerdctl", "container",
                                                             "healthcheck", "{cid}"]
    assert keeper.then(Result(0)).stdout == cid + "\n"


def test_no_healthcheck_with_a_health_check_is_dockers_error():
    """docker's client refuses the two together (the fuzz of issue #14 found pydock taking them)."""
    with pytest.raises(DockerError) as err:
        _create_plan(["--health-cmd", "true", "--no-healthcheck", "busybox"])
    assert err.value.code == 125
    assert err.value.message.startswith("docker: --no-healthcheck conflicts with --health-* options\n")


def test_healthcheck_durations_print_as_go_durations_in_templates():
    import json

    from shim.output import health

    check = health.healthcheck({"Healthcheck": {"Test": ["CMD-SHELL", "true"], "Interval": 2_000_000_000}}, None, None)
    assert str(check["Interval"]) == "2s"  # `{{.Config.Healthcheck.Interval}}` on Docker Engine
    assert json.dumps(check) == '{"Test": ["CMD-SHELL", "true"], "Interval": 2000000000}'


def test_publish_all_and_links_come_from_runs_labels():
    from shim.output import host_config

    labels = {"pydock/publish-all": "80/tcp,7000/udp", "pydock/links": "/db:/web/db,/cache:/web/cache"}
    nerdctl = {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "49153"}],
               "8080/tcp": [{"HostIp": "", "HostPort": "8080"}]}
    assert host_config._port_bindings({"PortBindings": nerdctl}, {}, labels) == {"8080/tcp": nerdctl["8080/tcp"]}
    assert host_config._links(labels, {}) == ["/db:/web/db", "/cache:/web/cache"]
    assert host_config._links({}, {}) is None and host_config._publish_all({}) == []
