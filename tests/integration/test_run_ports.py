"""run -P, --expose and --link through the real pydock: what nerdctl 2.3.5 lacks, emulated as docker does."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import ROOT, pydock

EXPOSED_IMAGE = "pydock-it-exposed:1"


@pytest.fixture(scope="module")
def exposed_image(busybox, tmp_path_factory) -> str:
    """busybox with ExposedPorts 80/tcp and 53/udp in its config, as a Dockerfile's EXPOSE makes them."""
    archive = tmp_path_factory.mktemp("exposed") / "exposed.tar"
    subprocess.run([sys.executable, str(ROOT / "tests/stack/busybox_image.py"), str(archive), EXPOSED_IMAGE,
                    "80/tcp", "53/udp"], check=True)
    pydock("load", "-i", str(archive), check=True)
    yield EXPOSED_IMAGE
    pydock("rmi", "-f", EXPOSED_IMAGE)


def _port_lines(cname: str) -> dict[str, str]:
    """`docker port` output as {container port: host address}."""
    out = pydock("port", cname, check=True).stdout
    return dict(line.split(" -> ") for line in out.splitlines())


def test_publish_all_publishes_image_and_expose_ports(exposed_image, name, tmp_path):
    cname = name("puball")
    www = tmp_path / "index.html"
    www.write_text("from -P\n")
    pydock("run", "-d", "--name", cname, "-P", "--expose", "7000-7001/udp", "-p", "127.0.0.1::90",
           "-v", f"{tmp_path}:/www:ro", exposed_image, "httpd", "-f", "-p", "80", "-h", "/www", check=True)
    ports = _port_lines(cname)
    assert list(ports) == ["53/udp", "80/tcp", "90/tcp", "7000/udp", "7001/udp"]  # docker's natural order
    assert ports["90/tcp"].startswith("127.0.0.1:")  # -p keeps its own binding
    host_port = int(ports["80/tcp"].rpartition(":")[2])
    assert ports["80/tcp"] == f"0.0.0.0:{host_port}" and host_port > 0
    with urllib.request.urlopen(f"http://127.0.0.1:{host_port}/index.html", timeout=10) as answer:
        assert answer.read() == b"from -P\n"
    listed = pydock("ps", "--filter", f"name={cname}", "--format", "{{.Ports}}").stdout
    assert f"0.0.0.0:{host_port}->80/tcp" in listed and "->7001/udp" in listed
    published = pydock("inspect", "-f", "{{json .NetworkSettings.Ports}}", cname).stdout
    assert f'"80/tcp":[{{"HostIp":"0.0.0.0","HostPort":"{host_port}"}}]' in published


def test_expose_without_publish_all_is_listed_not_published(busybox, name):
    cname = name("expose")
    pydock("run", "-d", "--name", cname, "--expose", "80", "--expose", "81/udp", "busybox", "sleep", "60",
           check=True)
    assert pydock("ps", "--filter", f"name={cname}", "--format", "{{.Ports}}").stdout == "80/tcp, 81/udp\n"
    assert pydock("port", cname).stdout == ""


def test_bad_expose_runs_nothing(busybox):
    before = pydock("ps", "-aq").stdout
    result = pydock("run", "--rm", "--expose", "80-70", "busybox", "true")
    assert (result.returncode, result.stderr) == (
        125, "docker: invalid range format for --expose: 80-70, error: invalid range specified for port: 80-70"
             "\n\nRun 'docker run --help' for more information\n")
    assert pydock("ps", "-aq").stdout == before


LINKS_DEPRECATED = ("WARNING: Links on the default bridge network are deprecated and will be removed in a future "
                    "release. Use a custom network instead.\n")


@pytest.mark.parametrize("keep", ["", "1"])
def test_link_sets_hosts_entry_and_legacy_variables_when_asked_for(exposed_image, name, keep):
    """Engine 29 warns and sets the legacy variables only with DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1."""
    db, web = name("db"), name("web")
    pydock("run", "-d", "--name", db, "--expose", "5432", "-e", "SECRET=s1", exposed_image, "sleep", "60",
           check=True)
    address = pydock("inspect", "-f", "{{.NetworkSettings.IPAddress}}", db, check=True).stdout.strip()
    result = pydock("run", "--rm", "--name", web, "--link", f"{db}:db", exposed_image, "sh", "-c",
                    'echo "$DB_NAME|$DB_PORT|$DB_PORT_5432_TCP_ADDR|$DB_PORT_53_UDP|$DB_ENV_SECRET"; '
                    "awk '$2 == \"db\"' /etc/hosts; ping -c1 -W2 db >/dev/null && echo reached",
                    env={"DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS": keep})
    assert (result.returncode, result.stderr) == (0, LINKS_DEPRECATED)
    lines = result.stdout.splitlines()
    assert lines[0] == (f"/{web}/db|udp://{address}:53|{address}|udp://{address}:53|s1" if keep else "||||")
    assert lines[1].split() == [address, "db"] and lines[2] == "reached"


def test_link_to_missing_or_stopped_container_fails_like_docker(busybox, name):
    missing = pydock("run", "--rm", "--link", "pydock-no-such-container:db", "busybox", "true")
    assert missing.returncode == 125
    assert missing.stderr.startswith("docker: Error response from daemon: could not get container for "
                                     "pydock-no-such-container: No such container: pydock-no-such-container\n")
    stopped, web = name("stopped"), name("web")
    pydock("run", "--name", stopped, "busybox", "true", check=True)
    refused = pydock("run", "--rm", "--name", web, "--link", f"{stopped}:db", "busybox", "true")
    assert refused.returncode == 125
    assert refused.stderr.startswith(f"{LINKS_DEPRECATED}docker: Error response from daemon: Cannot link to a non "
                                     f"running container: /{stopped} AS /{web}/db\n")
