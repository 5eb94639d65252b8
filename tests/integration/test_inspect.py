"""inspect, version and info through the real pydock on the real stack: docker's JSON and templates."""

from __future__ import annotations

import json

import pytest

from tests.conftest import pydock
from tests.integration.conftest import NAMESPACE


@pytest.fixture
def detailed(busybox, name, tmp_path):
    """A running container with a bind mount, an env var, a label, a published port and a restart policy."""
    cname = name("insp")
    pydock("run", "-d", "--name", cname, "-e", "GREETING=hi there", "-l", "team=blue", "-v", f"{tmp_path}:/data:ro",
           "-p", "127.0.0.1::80", "-w", "/data", "--restart", "on-failure:2", "busybox", "sleep", "300", check=True)
    return cname


def test_container_inspect_has_the_fields_clients_read(detailed, tmp_path):
    done = pydock("container", "inspect", detailed, check=True)
    [c] = json.loads(done.stdout)
    assert len(c["Id"]) == 64 and c["Name"] == f"/{detailed}"
    assert c["Path"] == "sleep" and c["Args"] == ["300"]
    state = c["State"]
    assert state["Status"] == "running" and state["Running"] is True and state["Restarting"] is False
    assert state["Pid"] > 0 and state["ExitCode"] == 0 and state["OOMKilled"] is False and state["Dead"] is False
    # as Engine 29 sends it to docker CLI 28.2.2: keys sorted (a template sees the CLI's struct order)
    assert list(state) == ["Dead", "Error", "ExitCode", "FinishedAt", "OOMKilled", "Paused", "Pid", "Restarting",
                           "Running", "StartedAt", "Status"]
    assert list(json.loads(pydock("inspect", "-f", "{{json .State}}", detailed, check=True).stdout))[:2] == [
        "Status", "Running"]
    assert c["Image"].startswith("sha256:")
    config = c["Config"]
    assert config["Image"] == "busybox" and config["Cmd"] == ["sleep", "300"] and config["Entrypoint"] is None
    assert config["Env"][0] == "GREETING=hi there" and config["Labels"] == {"team": "blue"}
    assert config["WorkingDir"] == "/data" and config["Tty"] is False and config["OpenStdin"] is False
    assert config["AttachStdout"] is False  # started with -d
    host = c["HostConfig"]
    assert host["Binds"] == [f"{tmp_path}:/data:ro"]
    assert host["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 2}
    assert host["PortBindings"]["80/tcp"][0]["HostIp"] == "127.0.0.1"
    assert host["AutoRemove"] is False and host["Privileged"] is False
    assert c["Mounts"] == [{"Type": "bind", "Source": str(tmp_path), "Destination": "/data", "Mode": "ro",
                            "RW": False, "Propagation": "rprivate"}] or c["Mounts"][0]["Destination"] == "/data"
    net = c["NetworkSettings"]
    assert net["IPAddress"] and "bridge" in net["Networks"]
    assert net["Ports"]["80/tcp"][0]["HostPort"].isdigit()
    assert done.stdout.startswith('[\n    {\n        "AppArmorProfile": ')  # docker's four-space indentation


def test_inspect_templates(detailed):
    def fmt(template: str, *names: str) -> str:
        return pydock("inspect", "-f", template, *(names or (detailed,)), check=True).stdout

    assert fmt("{{.State.Running}}") == "true\n"
    assert json.loads(fmt("{{json .Config.Env}}"))[0] == "GREETING=hi there"
    assert fmt("{{range .Mounts}}{{.Destination}} {{end}}") == "/data \n"
    assert fmt('{{index .Config.Labels "team"}}') == "blue\n"
    assert fmt("{{.Name}} {{.HostConfig.RestartPolicy.Name}}") == f"/{detailed} on-failure\n"
    assert json.loads(fmt("{{json .State}}"))["Status"] == "running"
    assert list(json.loads(fmt("{{json .State}}"))) [:2] == ["Status", "Running"]  # struct order, as docker
    # the `json` keyword prints the whole array on one line
    one_line = pydock("inspect", "--format", "json", detailed, check=True).stdout
    assert one_line.count("\n") == 1 and json.loads(one_line)[0]["Name"] == f"/{detailed}"


def test_inspect_several_objects_and_a_missing_one(detailed, busybox):
    done = pydock("inspect", detailed, busybox, "pydock-no-such-object")
    assert done.returncode == 1
    found = json.loads(done.stdout)
    assert found[0]["Name"] == f"/{detailed}" and "busybox:latest" in found[1]["RepoTags"]
    assert done.stderr == "Error: No such object: pydock-no-such-object\n"
    # the template still prints the found ones
    done = pydock("inspect", "-f", "{{.Id}}", detailed, "pydock-no-such-object")
    assert done.returncode == 1 and len(done.stdout.strip()) == 64
    missing = pydock("container", "inspect", "pydock-no-such-object")
    assert (missing.returncode, missing.stdout, missing.stderr) == (
        1, "[]\n", "Error response from daemon: No such container: pydock-no-such-object\n")


def test_image_inspect_and_type(busybox):
    [image] = json.loads(pydock("image", "inspect", busybox, check=True).stdout)
    assert image["Id"].startswith("sha256:") and "busybox:latest" in image["RepoTags"]
    assert image["Config"]["Cmd"] == ["sh"] and image["Os"] == "linux" and image["Architecture"]
    assert image["RootFS"]["Type"] == "layers" and image["Size"] > 0
    assert pydock("inspect", "--type", "image", "-f", "{{.Os}}", busybox, check=True).stdout == "linux\n"
    wrong = pydock("inspect", "--type", "container", busybox)
    assert wrong.returncode == 1 and "No such" in wrong.stderr
    bad = pydock("inspect", "--type", "bogus", busybox)
    assert bad.returncode == 1 and bad.stderr.startswith('unknown type: "bogus": must be one of "config"')
    # an image has no State: docker's map error, exit 1
    no_state = pydock("inspect", "-f", "{{.State.Running}}", busybox)
    assert no_state.returncode == 1 and 'map has no entry for key "State"' in no_state.stderr
    unclosed = pydock("inspect", "-f", "{{", busybox)
    assert unclosed.returncode == 64 and unclosed.stderr.startswith("template parsing error:")


def test_run_interactive_is_recorded_for_inspect(busybox, name):
    cname = name("stdin")
    pydock("run", "-d", "-i", "-u", "nobody", "--name", cname, "busybox", "cat", check=True)
    config = json.loads(pydock("inspect", cname, check=True).stdout)[0]["Config"]
    assert config["OpenStdin"] is True and config["User"] == "nobody"
    assert not any(k.startswith("pydock/") for k in config["Labels"] or {})


def test_version_and_info_formats():
    assert pydock("version", "--format", "{{.Client.Version}}", check=True).stdout == "28.2.2\n"
    server = pydock("version", "--format", "{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Os}}",
                    check=True).stdout.split()
    assert server[0][0].isdigit() and server[1:] == ["1.56", "linux"]  # the reference Engine 29's API level
    data = json.loads(pydock("version", "--format", "{{json .}}", check=True).stdout)
    names = [c["Name"] for c in data["Server"]["Components"]]
    assert names[:2] == ["Engine", "containerd"] and "nerdctl" in names and "pydock" in names
    text = pydock("version", check=True).stdout
    assert text.startswith("Client: pydock ") and "\nServer: " in text and " containerd:\n" in text
    wrong = pydock("version", "--format", "{{.Client.ApiVersion}}")
    assert wrong.returncode == 1 and "can't evaluate field ApiVersion in type system.clientVersion" in wrong.stderr

    info = json.loads(pydock("info", "--format", "{{json .}}", check=True).stdout)
    for key in ("ServerVersion", "Driver", "CgroupDriver", "CgroupVersion", "OperatingSystem", "Architecture",
                "NCPU", "MemTotal", "DockerRootDir", "Containers", "Images"):
        assert key in info, key
    assert info["NCPU"] >= 1 and info["MemTotal"] > 0 and info["Images"] >= 1
    assert pydock("system", "info", "--format", "{{.OSType}}", check=True).stdout == "linux\n"
    assert f" Containerd Namespace: {NAMESPACE}\n" in pydock("info", check=True).stdout
