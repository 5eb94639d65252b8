"""run's ports and links: docker's rules for --expose, -P and --link (pure), and the plans that look up
the image and the linked containers before nerdctl runs (no runtime: each lookup's answer is given)."""

from __future__ import annotations

import json

import pytest

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.errors import DockerError
from shim.exposed import expose_ports, publish_all, published_container_ports
from shim.links import link_env, link_problem, parse_link
from shim.parse import parse_command
from shim.plan import Plan, Result

RUN_HELP = "\n\nRun 'docker run --help' for more information"


def run_plan(*argv: str) -> Plan:
    """The plan after docker's "is the image here?" check (the image is there)."""
    parsed = parse_command(list(argv), spec.get("run"), "run")
    plan = backend.translate(parsed, Context("nerdctl", "nerdctl")).then(Result(0))  # containerd's file: not read
    assert plan.argv[1:3] == ["image", "inspect"]
    return plan.then(Result(0, b'["busybox@sha256:aa"]'))


@pytest.mark.parametrize(("values", "ports"), [
    (["80"], ["80/tcp"]),
    (["80/udp", "80"], ["80/udp", "80/tcp"]),
    (["7000-7002/udp"], ["7000/udp", "7001/udp", "7002/udp"]),
    (["80", "80/tcp", "79-80"], ["80/tcp", "79/tcp"]),
    (["0"], ["0/tcp"]),
    (["080/"], ["80/tcp"]),
])
def test_expose_ports(values, ports):
    assert expose_ports(values, "run") == ports


@pytest.mark.parametrize(("value", "message"), [
    # docker CLI 28.2.2 against Engine 20.10, exit 125
    ("80:80", "invalid port format for --expose: 80:80"),
    ("abc", 'invalid range format for --expose: abc, error: strconv.ParseUint: parsing "abc": invalid syntax'),
    ("80-70", "invalid range format for --expose: 80-70, error: invalid range specified for port: 80-70"),
    ("65536", 'invalid range format for --expose: 65536, error: strconv.ParseUint: parsing "65536": value out of range'),
    ("", "invalid range format for --expose: , error: empty string specified for ports"),
    ("80-", 'invalid range format for --expose: 80-, error: strconv.ParseUint: parsing "": invalid syntax'),
])
def test_bad_expose_is_docker_client_error(value, message):
    with pytest.raises(DockerError) as err:
        expose_ports([value], "run")
    assert (err.value.message, err.value.code) == (f"docker: {message}{RUN_HELP}", 125)


@pytest.mark.parametrize(("specs", "ports"), [
    (["80"], ["80/tcp"]),
    (["8080:80", "127.0.0.1:81:81/udp", "127.0.0.1::82"], ["80/tcp", "81/udp", "82/tcp"]),
    (["[::1]:8080:80"], ["80/tcp"]),
    (["7000-7001:7000-7001/udp"], ["7000/udp", "7001/udp"]),
    (["target=90,published=9090,protocol=udp"], ["90/udp"]),
])
def test_published_container_ports(specs, ports):
    assert published_container_ports(specs) == ports


def test_publish_all_leaves_bound_ports_and_sorts_like_docker():
    assert publish_all(["8080/tcp", "53/udp", "80/tcp"], ["90/tcp", "80/udp"], ["8080/tcp"]) == [
        "53/udp", "80/tcp", "80/udp", "90/tcp"]


@pytest.mark.parametrize(("value", "problem", "parsed"), [
    ("db", "", ("db", "db")),
    ("db:alias", "", ("db", "alias")),
    ("/db:/web/alias", "", ("db", "alias")),
    ("a:b:c", "bad format for links: a:b:c", None),
    ("", "empty string specified for links", None),
])
def test_link_values(value, problem, parsed):
    assert link_problem(value) == problem
    if parsed:
        assert parse_link(value) == parsed


def test_bad_link_is_a_flag_error():
    with pytest.raises(DockerError) as err:
        parse_command(["--link", "a:b:c", "busybox"], spec.get("run"), "run")
    assert err.value.code == 125
    assert err.value.message.startswith('invalid argument "a:b:c" for "--link" flag: bad format for links: a:b:c\n')


def test_link_env_matches_docker_engine():
    # what Engine 20.10 set for `--link rt-db:db` to a container run with --expose 5432
    # --expose 7000-7001/udp -e SECRET=s1 -e 'X=a b' (sorted here; docker's order differs)
    env = link_env("db", "/rt-web/db", "172.17.0.2", ["PATH=/bin", "SECRET=s1", "X=a b", "HOSTNAME=x"],
                   ["7001/udp", "5432/tcp", "7000/udp"])
    assert sorted(env) == [
        "DB_ENV_SECRET=s1", "DB_ENV_X=a b", "DB_NAME=/rt-web/db", "DB_PORT=tcp://172.17.0.2:5432",
        "DB_PORT_5432_TCP=tcp://172.17.0.2:5432", "DB_PORT_5432_TCP_ADDR=172.17.0.2",
        "DB_PORT_5432_TCP_PORT=5432", "DB_PORT_5432_TCP_PROTO=tcp",
        "DB_PORT_7000_UDP=udp://172.17.0.2:7000", "DB_PORT_7000_UDP_ADDR=172.17.0.2",
        "DB_PORT_7000_UDP_PORT=7000", "DB_PORT_7000_UDP_PROTO=udp",
        "DB_PORT_7001_UDP=udp://172.17.0.2:7001", "DB_PORT_7001_UDP_ADDR=172.17.0.2",
        "DB_PORT_7001_UDP_PORT=7001", "DB_PORT_7001_UDP_PROTO=udp"]


def test_link_env_ranges_of_three_or_more_ports():
    env = link_env("my-db", "/web/my-db", "10.0.0.2", [], ["8000/tcp", "8001/tcp", "8002/tcp"])
    assert env[:7] == [
        "MY_DB_PORT=tcp://10.0.0.2:8000", "MY_DB_PORT_8000_TCP_START=tcp://10.0.0.2:8000",
        "MY_DB_PORT_8000_TCP_ADDR=10.0.0.2", "MY_DB_PORT_8000_TCP_PROTO=tcp", "MY_DB_PORT_8000_TCP_PORT_START=8000",
        "MY_DB_PORT_8000_TCP_END=tcp://10.0.0.2:8002", "MY_DB_PORT_8000_TCP_PORT_END=8002"]
    assert env[-1] == "MY_DB_NAME=/web/my-db"


def test_expose_is_kept_in_a_label():
    assert "--label=pydock/expose=80/tcp,7000/udp,7001/udp" in run_plan("--expose", "80", "--expose",
                                                                         "7000-7001/udp", "busybox").argv


def test_publish_all_reads_the_image_ports_first():
    probe = run_plan("-P", "--expose", "90", "-p", "8080:8080", "busybox")
    assert probe.argv == ["nerdctl", "image", "inspect", "--format", "{{json .Config.ExposedPorts}}", "busybox"]
    run = probe.then(Result(0, b'{"8080/tcp":{},"53/udp":{}}'))
    assert run.argv[:5] == ["nerdctl", "run", "--label=pydock/expose=90/tcp", "--publish=53/udp", "--publish=90/tcp"]
    assert "--label=pydock/publish-all=53/udp,90/tcp" in run.argv and "--publish=8080:8080" in run.argv
    # an image nerdctl cannot inspect has no ports of its own: nerdctl's run reports the problem
    assert "--publish=53/udp" not in probe.then(Result(1)).argv


def _container(name: str, *, status: str = "running", networks: tuple[str, ...] = ("bridge",),
               env: tuple[str, ...] = ("PATH=/bin", "A=1"), labels: dict | None = None) -> bytes:
    return json.dumps([{
        "Name": name, "Image": "docker.io/library/busybox:latest", "State": {"Status": status},
        "Config": {"Hostname": "h", "Env": list(env), "Image": "docker.io/library/busybox:latest",
                   "Labels": {"nerdctl/networks": json.dumps(list(networks)), **(labels or {})}},
        "NetworkSettings": {"Ports": {"80/tcp": None}, "Networks": {
            f"unknown-eth{i}": {"IPAddress": f"10.4.{i}.7"} for i in range(len(networks))}},
    }]).encode()


def test_link_adds_a_hosts_entry_and_engine29s_warning_and_no_variables():
    probe = run_plan("--name", "web", "--link", "db:d", "busybox")
    run = probe.then(Result(0, _container("db"))).then(Result(0, b'{"53/udp":{}}'))
    assert "--add-host=d:10.4.0.7" in run.argv and "--label=pydock/links=/db:/web/d" in run.argv
    assert not any(a.startswith("--env=") for a in run.argv)  # Engine 29 sets no legacy variables
    assert run.announce == ("WARNING: Links on the default bridge network are deprecated and will be removed in a "
                            "future release. Use a custom network instead.\n")


def test_link_variables_when_asked_for_as_engine29s_daemon_is(monkeypatch):
    monkeypatch.setenv("DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS", "1")
    probe = run_plan("--name", "web", "--link", "db:d", "-e", "D_ENV_A=mine", "busybox")
    assert probe.argv == ["nerdctl", "container", "inspect", "db"]
    image = probe.then(Result(0, _container("db", labels={"pydock/expose": "5432/tcp"})))
    assert image.argv[-1] == "docker.io/library/busybox:latest"
    run = image.then(Result(0, b'{"53/udp":{}}'))
    argv = run.argv
    assert "--add-host=d:10.4.0.7" in argv and "--env=D_ENV_A=1" in argv
    assert "--env=D_PORT=udp://10.4.0.7:53" in argv and "--env=D_PORT_5432_TCP_PORT=5432" in argv
    assert "--env=D_PORT_80_TCP=tcp://10.4.0.7:80" in argv and "--env=D_NAME=/web/d" in argv
    assert "--label=pydock/links=/db:/web/d" in argv
    # the user's -e comes after the link's variables, so it wins as in docker
    assert argv.index("--env=D_ENV_A=mine") > argv.index("--env=D_ENV_A=1")


def test_link_without_name_names_the_container(monkeypatch):
    monkeypatch.setenv("DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS", "true")
    run = run_plan("--link", "db", "busybox").then(Result(0, _container("db"))).then(Result(0, b"{}"))
    name = next(a for a in run.argv if a.startswith("--name="))[7:]
    assert name.startswith("busybox-") and len(name) == 13
    assert f"--env=DB_NAME=/{name}/db" in run.argv


_WARNING = ("WARNING: Links on the default bridge network are deprecated and will be removed in a future release. "
            "Use a custom network instead.\n")


@pytest.mark.parametrize(("argv", "answer", "message"), [
    (["--link", "nope:db"], Result(1, errors=['time="x" level=fatal msg="no such container: nope"']),
     "could not get container for nope: No such container: nope"),
    # Engine 29 creates the container (and warns) before it refuses to start it
    (["--name", "w", "--link", "db:x"], Result(0, _container("db", status="exited", networks=())),
     _WARNING + "docker: Error response from daemon: Cannot link to a non running container: /db AS /w/x"),
    (["--link", "db:x"], Result(0, _container("db", networks=("mynet",))),
     _WARNING + "docker: Error response from daemon: Cannot link to /db, as it does not belong to the default "
     "network"),
])
def test_link_errors_read_like_docker_engine(argv, answer, message):
    probe = run_plan(*argv, "busybox")
    with pytest.raises(DockerError) as err:
        step = probe.then(answer)
        step.then(Result(0, b"{}"))
    if not message.startswith("WARNING"):
        message = f"docker: Error response from daemon: {message}"
    assert (err.value.message, err.value.code) == (f"{message}{RUN_HELP}", 125)


def test_link_on_user_defined_network_is_a_name_only():
    probe = run_plan("--network", "mynet", "--link", "db:x", "busybox")
    run = probe.then(Result(0, _container("db", networks=("bridge", "mynet")))).then(Result(0, b"{}"))
    assert "--add-host=x:10.4.1.7" in run.argv
    assert not any(a.startswith("--env=X_") for a in run.argv)
    elsewhere = run_plan("--network", "other", "--link", "db:x", "busybox")
    run = elsewhere.then(Result(0, _container("db"))).then(Result(0, b"{}"))
    assert not any(a.startswith("--add-host") for a in run.argv)


@pytest.mark.parametrize("network", ["host", "container:db"])
def test_link_with_a_shared_network_is_refused(network):
    with pytest.raises(DockerError) as err:
        run_plan("--network", network, "--link", "db", "busybox")
    assert "can't be used with links. This would result in undefined behavior" in err.value.message
    assert err.value.code == 125


@pytest.mark.parametrize(("value", "flag"), [("host", "--cgroupns=host"), ("private", "--cgroupns=private"),
                                             ("", None)])
def test_cgroupns_is_passed_on(value, flag):
    argv = run_plan(f"--cgroupns={value}", "busybox").argv
    assert (flag in argv) if flag else not any(a.startswith("--cgroupns") for a in argv)


def test_bad_cgroupns_is_docker_client_error():
    parsed = parse_command(["--cgroupns=foo", "busybox"], spec.get("run"), "run")
    with pytest.raises(DockerError) as err:
        backend.translate(parsed, Context("nerdctl", "nerdctl"))
    assert (err.value.message, err.value.code) == (f"docker: --cgroupns: invalid CGROUP mode{RUN_HELP}", 125)


def test_port_lines_in_dockers_natural_order():
    from shim.backends.nerdctl.adjust import natural_key

    lines = ["7000/udp -> 0.0.0.0:49156", "90/tcp -> 127.0.0.1:18097", "80/tcp -> 0.0.0.0:49154",
             "80/tcp -> 0.0.0.0:9", "8080/tcp -> 0.0.0.0:1"]
    assert sorted(lines, key=natural_key) == [
        "80/tcp -> 0.0.0.0:9", "80/tcp -> 0.0.0.0:49154", "90/tcp -> 127.0.0.1:18097", "7000/udp -> 0.0.0.0:49156",
        "8080/tcp -> 0.0.0.0:1"]
