"""Volumes and networks as Docker Engine 29 shows them (shim/output/volumes.py, networks.py), from neutral
summaries; nerdctl's records turned into those summaries (objects_state.py); and the restated errors of
`run --network` and `run -v` (issue #11). Expected values are what Engine 29 and docker CLI 28.2.2 print."""

from __future__ import annotations

import json

import pytest

from shim.backends.nerdctl import network_attach, objects_state
from shim.backends.nerdctl.errors import restate
from shim.errors import DockerError
from shim.output import networks, volumes
from shim.output.inspect import indented_json
from shim.output.inspect_template import typed
from shim.plan import Result
from shim.template.values import go_json


def vol(name: str, **kw: object) -> dict:
    return {"Name": name, "Driver": "local", "Mountpoint": f"/data/{name}/_data", "CreatedAt": "2026-12-02T08:00:00Z",
            "Labels": {}, "Options": None, "Anonymous": False, "UsedBy": [], **kw}


VOLUMES = [vol("b10"), vol("b9", Labels={"k": "v"}), vol("a", UsedBy=["c" * 64]),
           vol("e" * 64, Anonymous=True, Labels={"k": "w"})]


@pytest.mark.parametrize(("raw", "names"), [
    ([], ["a", "b9", "b10", "e" * 64]),  # docker's natural order: b9 before b10
    (["name=b"], ["b9", "b10"]),
    (["name=^b1"], ["b10"]),  # the engine matches names as regular expressions
    (["label=k"], ["b9", "e" * 64]),
    (["label=k=v"], ["b9"]),
    (["label!=k"], ["a", "b10"]),
    (["dangling=true"], ["b9", "b10", "e" * 64]),
    (["dangling=0"], ["a"]),
    (["driver=local", "name=a"], ["a"]),
    (["driver=nosuch"], []),
])
def test_volume_ls_filters_select_as_the_engine(raw, names):
    assert [s["Name"] for s in volumes.select(VOLUMES, volumes.parse_filters(raw))] == names


@pytest.mark.parametrize(("raw", "message"), [
    (["bogus=1"], "Error response from daemon: invalid filter 'bogus'"),
    (["dangling=maybe"], "Error response from daemon: invalid filter 'dangling=[maybe]'"),
])
def test_volume_ls_bad_filters_are_the_engines_errors(raw, message):
    with pytest.raises(DockerError) as e:
        volumes.parse_filters(raw)
    assert e.value.message == message


@pytest.mark.parametrize(("fmt", "quiet", "text"), [
    ("", False, "DRIVER    VOLUME NAME\nlocal     b9\n"),
    ("", True, "b9\n"),
    ("{{.Driver}}\\t{{.Name}}\\t{{.Scope}}\\t{{.Labels}}\\t{{.Label \"k\"}}|{{.Label \"x\"}}|",
     False, "local\tb9\tlocal\tk=v\tv||\n"),
    ("table {{.Name}}\\t{{.Driver}}", False, "VOLUME NAME   DRIVER\nb9            local\n"),
    ("json", False, '{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"k=v","Links":"N/A",'
                    '"Mountpoint":"/data/b9/_data","Name":"b9","Scope":"local","Size":"N/A","Status":"N/A"}\n'),
])
def test_volume_ls_prints_dockers_columns_and_templates(fmt, quiet, text):
    assert volumes.ls_output(VOLUMES, fmt=fmt, quiet=quiet, filters={"name": ["b9"]}) == text


def test_volume_inspect_object_has_dockers_keys_nil_maps_and_the_anonymous_label():
    plain = volumes.inspect_object(vol("a"))
    assert list(plain) == ["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]
    assert '"Labels": null' in indented_json([typed(plain)]) and '"Options": null' in indented_json([typed(plain)])
    assert go_json(typed(plain)["Labels"]) == "null"
    anonymous = volumes.inspect_object(vol("e" * 64, Anonymous=True))
    assert anonymous["Labels"] == {"com.docker.volume.anonymous": ""}


@pytest.mark.parametrize(("name", "driver", "options", "message"), [
    ("v", "local", {}, ""),
    ("v", "", {}, ""),
    ("v", "nosuch", {}, 'Error response from daemon: create v: error looking up volume plugin nosuch: plugin "nosuch" '
                        "not found"),
    ("v", "local", {"foo": "bar"}, 'Error response from daemon: create v: invalid option: "foo"'),
    ("v", "local", {"bad": ""}, 'Error response from daemon: create v: invalid option: "bad"'),
    ("v", "local", {"type": "tmpfs"}, 'Error response from daemon: create v: missing required option: "device"'),
    ("v", "local", {"type": "tmpfs", "device": "tmpfs"}, ""),
    ("bad name", "local", {}, 'Error response from daemon: create bad name: "bad name" includes invalid characters '
                              'for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you '
                              "intended to pass a host directory, use absolute path"),
])
def test_volume_create_problems_in_the_engines_words(name, driver, options, message):
    assert volumes.create_problem(name, driver, options) == message


@pytest.mark.parametrize(("raw", "names"), [
    ([], ["e" * 64]),  # Engine 29: anonymous volumes only
    (["all=true"], ["b10", "b9", "e" * 64]),  # never one in use
    (["all=true", "label=k=v"], ["b9"]),
    (["label!=k"], []),
])
def test_volume_prune_takes_unused_anonymous_volumes_unless_all(raw, names):
    chosen = volumes.prunable(VOLUMES, volumes.group_filters(raw, volumes.PRUNE_FILTER_KEYS))
    assert [s["Name"] for s in chosen] == names


def test_volume_messages():
    assert volumes.prune_output(["v"], "0B") == "Deleted Volumes:\nv\n\nTotal reclaimed space: 0B\n"
    assert volumes.prune_output([], "0B") == "Total reclaimed space: 0B\n"
    assert volumes.in_use("v", ["c" * 64]) == f"Error response from daemon: remove v: volume is in use - [{'c' * 64}]"


def net(name: str, **kw: object) -> dict:
    return {"Name": name, "Id": kw.pop("Id", name[0] * 64), "Created": "2026-12-02T07:41:19.3018911Z",
            "Driver": "bridge", "Internal": False, "EnableIPv6": False, "IPAM": None, "Options": {}, "Labels": {},
            "Containers": {}, **kw}


NETWORKS = [net("bridge", Id="b" * 64), net("host", Driver="host", Id="1" * 64), net("none", Driver="null", Id="2" * 64),
            net("mine", Id="3" * 64, Labels={"k": "v"}, Containers={"c" * 64: {"Name": "web"}}),
            net("spare", Id="4" * 64, Internal=True)]


@pytest.mark.parametrize(("raw", "names"), [
    ([], ["bridge", "host", "mine", "none", "spare"]),
    (["type=builtin"], ["bridge", "host", "none"]),
    (["type=custom"], ["mine", "spare"]),
    (["driver=null"], ["none"]),
    (["dangling=true"], ["spare"]),  # custom and no container on it
    (["dangling=false"], ["bridge", "host", "mine", "none"]),
    (["id=333"], ["mine"]),
    (["label=k=v"], ["mine"]),
    (["name=s", "type=custom"], ["spare"]),
])
def test_network_ls_filters_select_as_the_engine(raw, names):
    assert [s["Name"] for s in networks.select(NETWORKS, networks.parse_filters(raw))] == names


@pytest.mark.parametrize(("raw", "message"), [
    (["bogus=1"], "Error response from daemon: invalid filter 'bogus'"),
    (["dangling=maybe"], "Error response from daemon: invalid value for filter 'dangling': must be \"true\" "
                         "(or \"1\"), or \"false\" (or \"0\")"),
    (["type=nope"], "Error response from daemon: invalid value for filter 'type': must be 'builtin' or 'custom'"),
])
def test_network_ls_bad_filters_are_the_engines_errors(raw, message):
    with pytest.raises(DockerError) as e:
        networks.parse_filters(raw)
    assert e.value.message == message


@pytest.mark.parametrize(("fmt", "quiet", "trunc", "text"), [
    ("", False, True, "NETWORK ID     NAME      DRIVER    SCOPE\n444444444444   spare     bridge    local\n"),
    ("", True, False, "4" * 64 + "\n"),
    ("{{.Name}}\\t{{.Internal}}\\t{{.IPv6}}\\t{{.CreatedAt}}", False, True,
     "spare\ttrue\tfalse\t2026-12-02 07:41:19.3018911 +0000 UTC\n"),
    ("json", False, True, '{"CreatedAt":"2026-12-02 07:41:19.3018911 +0000 UTC","Driver":"bridge","ID":"444444444444",'
                          '"IPv4":"true","IPv6":"false","Internal":"true","Labels":"","Name":"spare","Scope":"local"}\n'),
])
def test_network_ls_prints_dockers_columns_and_templates(fmt, quiet, trunc, text):
    assert networks.ls_output(NETWORKS, fmt=fmt, quiet=quiet, trunc=trunc, filters={"name": ["spare"]}) == text


def test_network_inspect_object_has_engine_29s_keys_in_order():
    assert list(networks.inspect_object(NETWORKS[3])) == [
        "Name", "Id", "Created", "Scope", "Driver", "EnableIPv4", "EnableIPv6", "IPAM", "Internal", "Attachable",
        "Ingress", "ConfigFrom", "ConfigOnly", "Options", "Labels", "Containers"]


@pytest.mark.parametrize(("driver", "subnets", "gateways", "message"), [
    ("bridge", ["10.1.0.0/24"], ["10.1.0.1"], ""),
    ("", [], [], ""),
    ("bridge", ["nope"], [], "Error response from daemon: invalid JSON: netip.ParsePrefix(\"nope\"): no '/'"),
    ("bridge", ["10.1.0.0/24"], ["10.2.0.1"], "no matching subnet for gateway 10.2.0.1"),
    ("bridge", ["10.1.0.0/24"], ["nope"], "no matching subnet for gateway nope"),
    ("bridge", [], ["10.2.0.1"], "every ip-range or gateway must have a corresponding subnet"),
    ("nosuch", [], [], 'Error response from daemon: plugin "nosuch" not found'),
    ("host", [], [], 'Error response from daemon: only one instance of "host" network is allowed'),
])
def test_network_create_problems_in_the_engines_words(driver, subnets, gateways, message):
    assert networks.create_problem("n", driver, subnets, gateways) == message


def test_network_messages():
    assert networks.in_use("n", [("web", "c" * 64)]) == (
        'Error response from daemon: error while removing network: network n has active endpoints '
        '(name:"web" id:"cccccccccccc")')
    assert [s["Name"] for s in networks.prunable(NETWORKS, {})] == ["spare"]
    assert networks.prune_output(["spare"]) == "Deleted Networks:\nspare\n\n"
    assert networks.prune_output([]) == ""


def _native(name: str, plugin: dict, file: str = "") -> dict:
    return {"CNI": {"name": name, "plugins": [plugin]}, "NerdctlID": "9" * 64 if file else None,
            "NerdctlLabels": {"nerdctl/default-network": "true"} if name == "bridge" else {"k": "v"}, "File": file}


def test_nerdctl_network_records_become_dockers_summaries(tmp_path):
    conf = tmp_path / "nerdctl-n.conflist"
    conf.write_text("{}")
    ranges = {"ranges": [[{"subnet": "10.4.1.0/24", "gateway": "10.4.1.1"}]]}
    running = {"Id": "c" * 64, "Name": "web", "State": {"Running": True},
               "Config": {"Labels": {"nerdctl/networks": '["bridge","n"]'}},
               "NetworkSettings": {"Networks": {"unknown-eth0": {"IPAddress": "10.4.0.2", "IPPrefixLen": 24},
                                                "unknown-eth1": {"IPAddress": "10.4.1.2", "IPPrefixLen": 24,
                                                                 "MacAddress": "aa:bb:cc:dd:ee:ff"}}}}
    found = objects_state.network_summaries([
        _native("n", {"type": "bridge", "ipam": ranges}, str(conf)),  # --internal: no isGateway
        _native("bridge", {"type": "bridge", "isGateway": True}, str(conf)),
        _native("host", {"type": "nerdctl-pseudo"}),
    ], [running])
    n, bridge, host = found
    assert (n["Driver"], n["Internal"], n["Labels"], n["IPAM"]["Config"]) == (
        "bridge", True, {"k": "v"}, [{"Subnet": "10.4.1.0/24", "Gateway": "10.4.1.1"}])
    assert n["Created"].endswith("Z") and n["Id"] == "9" * 64
    assert n["Containers"] == {"c" * 64: {"Name": "web", "EndpointID": "", "MacAddress": "aa:bb:cc:dd:ee:ff",
                                          "IPv4Address": "10.4.1.2/24", "IPv6Address": ""}}
    assert (bridge["Internal"], bridge["Labels"]) == (False, {})  # nerdctl's own label is not docker's
    assert (host["Driver"], len(host["Id"]), host["IPAM"]["Config"]) == ("host", 64, None)


def test_nerdctl_anonymous_volume_label_becomes_dockers():
    found = objects_state._volume_summaries(
        [{"Name": "x", "Mountpoint": "", "Labels": {"nerdctl/anonymous-volumes": "", "k": "v"}}], {"x": ["c"]})
    assert (found[0]["Anonymous"], found[0]["Labels"], found[0]["UsedBy"]) == (True, {"k": "v"}, ["c"])


def _record(msg: str, level: str = "fatal") -> str:
    escaped = msg.replace("\\", "\\\\").replace('"', '\\"')
    return f'time="2026-12-02T08:00:00Z" level={level} msg="{escaped}"'


def test_run_on_a_missing_network_is_dockers_error_not_the_hook_failure():
    hook = ('failed to create shim task: OCI runtime create failed: runc create failed: unable to start container '
            'process: error during container init: error running hook #0: error running hook: exit status 1, '
            'stdout: , stderr: time="2026-12-02T08:00:00Z" level=fatal msg="no such network: \\"nosuch\\"": unknown')
    done = restate(Result(1, errors=[_record(hook)]), verb="run", path="run")
    assert (done.code, done.stderr) == (125, "docker: Error response from daemon: failed to set up container "
                                             "networking: network nosuch not found\n\n"
                                             "Run 'docker run --help' for more information")


def test_run_with_an_existing_named_volume_prints_no_warning():
    warning = _record('volume "data" already exists and will be returned as-is', "warning")
    assert restate(Result(0, errors=[warning]), verb="run", path="run").stderr == ""


def test_connect_runs_the_networks_cni_chain_as_nerdctl_names_it_and_relabels_with_ctr():
    entry = {"Id": "c" * 64, "State": {"Pid": 42},
             "Config": {"Labels": {"nerdctl/namespace": "ns", "nerdctl/networks": '["bridge"]'}},
             "NetworkSettings": {"Networks": {"unknown-eth10": {}, "unknown-eth0": {}, "lo": {}}}}
    assert network_attach._interfaces(entry) == ["eth0", "eth10"]
    argv = network_attach._cni(entry, {"File": "/etc/cni/net.d/ns/nerdctl-n.conflist"}, "ADD", "eth1")
    assert argv[1:] == ["-m", "shim.backends.nerdctl.cni_exec", "ADD", "/etc/cni/net.d/ns/nerdctl-n.conflist",
                        "ns-" + "c" * 64, "/proc/42/ns/net", "eth1"]

    class Ctx:
        address = "/run/c.sock"

    assert network_attach._relabel(Ctx(), entry, ["bridge", "n"]) == [
        "ctr", "--address", "/run/c.sock", "--namespace", "ns", "containers", "label", "c" * 64,
        'nerdctl/networks=["bridge","n"]']
    assert json.loads(network_attach._relabel(Ctx(), entry, [])[-1].partition("=")[2]) == []
