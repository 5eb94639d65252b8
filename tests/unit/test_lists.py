"""docker ps / docker images through the nerdctl backend, without a runtime: each flag's effect on the
plans and on what pydock prints from (recorded) nerdctl inspect data."""

from __future__ import annotations

import json
import time

import pytest

from shim import spec
from shim.backends import Context
from shim.backends import nerdctl as backend
from shim.errors import DockerError
from shim.parse import parse_command
from shim.plan import Done, Plan, Result


def iso(seconds_ago: float) -> str:
    """An RFC 3339 time seconds_ago (plus a little, so that ages are whole when they are read)."""
    at = time.time() - seconds_ago - 0.2
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at)) + f"{at % 1:.6f}"[1:] + "Z"


def container(name: str, created_ago: float, state: str = "running", code: int = 0, labels=None, ports=None,
              args=("300",)) -> dict:
    started = iso(created_ago - 1)
    return {
        "Id": (name.encode().hex() * 64)[:64], "Name": name, "Created": iso(created_ago), "Path": "sleep",
        "Args": list(args), "Image": "docker.io/library/busybox:latest",
        "State": {"Status": state, "ExitCode": code, "StartedAt": started if state != "created" else "",
                  "FinishedAt": iso(5) if state == "exited" else ""},
        "Config": {"Image": "docker.io/library/busybox:latest",
                   "Labels": {"pydock/image": "busybox", "nerdctl/name": name, **(labels or {})}},
        "HostConfig": {"NetworkMode": "bridge"}, "Mounts": [],
        "NetworkSettings": {"Ports": ports or {}}, "SizeRw": 0, "SizeRootFs": 2_060_288,
    }


def recorded() -> list[dict]:
    """Three containers as nerdctl inspect shows them, timed relative to now."""
    return [container("web", 100, labels={"tier": "front"},
                      ports={"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]}),
            container("done", 200, "exited", 3, args=("-c", "exit 3")),
            container("fresh", 10, "created")]


INSPECT = recorded()  # IDs and names only: ages are checked against fresh data in run_ps


def run_ps(*argv: str, inspect=None) -> Done:
    inspect = recorded() if inspect is None else inspect
    module, canonical = spec.PATHS["ps"]
    parsed = parse_command(list(argv), spec.get(module), canonical)
    plan = backend.translate(parsed, Context("nerdctl", "nerdctl"))
    assert plan.argv == ["nerdctl", "ps", "--all", "--quiet", "--no-trunc"]
    ids = "\n".join(c["Id"] for c in inspect).encode()
    step = plan.then(Result(0, ids))
    if isinstance(step, Done):
        return step
    assert step.argv[:3] == ["nerdctl", "container", "inspect"]
    assert ("--size" in step.argv) == any(a in ("-s", "--size") or ".Size" in a for a in argv)
    return step.then(Result(0, json.dumps(inspect).encode()))


def test_ps_default_table():
    out = run_ps().stdout.splitlines()
    assert out[0].split() == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    assert len(out) == 2
    row = out[1]
    assert row.startswith(INSPECT[0]["Id"][:12] + "   busybox   \"sleep 300\"   About a minute ago   Up About a minute")
    assert row.endswith("127.0.0.1:8080->80/tcp   web")


def test_ps_all_quiet_last_latest():
    names = lambda *a: run_ps(*a, "--format", "{{.Names}}").stdout.split()  # noqa: E731
    assert names("-a") == ["fresh", "web", "done"]
    assert run_ps("-aq").stdout.split() == [c["Id"][:12] for c in (INSPECT[2], INSPECT[0], INSPECT[1])]
    assert names("-n", "2") == ["fresh", "web"]
    assert names("-l") == ["fresh"]


def test_ps_status_texts_and_no_trunc():
    out = run_ps("-a", "--no-trunc", "--format", "{{.ID}}|{{.Status}}|{{.Command}}").stdout.splitlines()
    assert out[0] == f"{INSPECT[2]['Id']}|Created|\"sleep 300\""
    assert out[2] == f"{INSPECT[1]['Id']}|Exited (3) 5 seconds ago|\"sleep -c 'exit 3'\""


def test_ps_filters():
    assert run_ps("-a", "-f", "status=exited", "--format", "{{.Names}}").stdout == "done\n"
    assert run_ps("-f", "label=tier=front", "--format", "{{.Names}}").stdout == "web\n"
    assert run_ps("-a", "--filter", "name=fr", "--format", "{{.Names}}").stdout == "fresh\n"
    assert run_ps("-a", "--filter", "publish=8080", "-q").stdout == INSPECT[0]["Id"][:12] + "\n"
    with pytest.raises(DockerError) as err:
        run_ps("-f", "color=blue")
    assert err.value.message == "Error response from daemon: invalid filter 'color'"


def test_ps_size_column_and_json():
    out = run_ps("-s").stdout.splitlines()
    assert out[0].endswith("NAMES     SIZE") and out[1].endswith("0B (virtual 2.06MB)")
    record = json.loads(run_ps("--format", "json").stdout)
    assert list(record) == sorted(record)
    assert record["Names"] == "web" and record["Labels"] == "tier=front" and record["Platform"] is None
    assert record["Size"] == "0B"  # the `json` keyword names no .Size, so docker computes none


def test_ps_table_template_and_quiet_warning():
    out = run_ps("--format", "table {{.Names}}\\t{{.State}}").stdout
    assert out == "NAMES     STATE\nweb       running\n"
    quiet = run_ps("-q", "--format", "{{.Names}}")
    assert quiet.stdout == INSPECT[0]["Id"][:12] + "\n"
    assert quiet.stderr == "WARNING: Ignoring custom format, because both --format and --quiet are set.\n"


def test_ps_bad_template_fails_before_listing():
    module, canonical = spec.PATHS["ps"]
    parsed = parse_command(["--format", "{{.Nope"], spec.get(module), canonical)
    with pytest.raises(DockerError) as err:
        backend.translate(parsed, Context())
    assert err.value.message == "failed to parse template: template: :1: unclosed action"


def test_ps_with_no_containers_prints_the_header():
    assert run_ps(inspect=[]).stdout.startswith("CONTAINER ID   IMAGE")


IMAGES_LIST = [
    {"Name": "docker.io/library/busybox:latest", "Repository": "busybox", "Tag": "latest", "ID": "9af8f050bf31",
     "Digest": "sha256:9af8f050bf31" + "9a" * 26},
    {"Name": "127.0.0.1:5000/app:v1", "Repository": "127.0.0.1:5000/app", "Tag": "v1", "ID": "9af8f050bf31",
     "Digest": "sha256:9af8f050bf31" + "9a" * 26},
    {"Name": "docker.io/library/old:1", "Repository": "old", "Tag": "1", "ID": "1111aaaa2222",
     "Digest": "sha256:1111aaaa2222" + "11" * 26},
]
THREE_YEARS_AGO = iso(3 * 365 * 86400 + 3600)


def native(item: dict, config_digest: str, created: str, size: int, labels: dict | None = None) -> dict:
    """A `nerdctl image inspect --mode=native` record: the config carries its date and no history, as
    images from several minimal-image builders do (nerdctl's compat mode then has no date at all)."""
    return {"Image": {"Name": item["Name"], "Target": {"digest": item["Digest"]}},
            "ImageConfigDesc": {"digest": config_digest}, "size": size,
            "ImageConfig": {"created": created, "architecture": "amd64", "os": "linux",
                            "config": {"Labels": labels} if labels else {}}}


IMAGES_INSPECT = [native(IMAGES_LIST[0], "sha256:" + "95" * 32, THREE_YEARS_AGO, 2_052_096, {"org.x": "1"}),
                  native(IMAGES_LIST[1], "sha256:" + "95" * 32, THREE_YEARS_AGO, 2_052_096, {"org.x": "1"}),
                  native(IMAGES_LIST[2], "sha256:" + "77" * 32, iso(4 * 365 * 86400), 999)]


def run_images(*argv: str) -> Done:
    module, canonical = spec.PATHS["images"]
    parsed = parse_command(list(argv), spec.get(module), canonical)
    plan = backend.translate(parsed, Context())
    assert plan.argv == ["nerdctl", "images", "--format", "{{json .}}"]
    step = plan.then(Result(0, "\n".join(json.dumps(i) for i in IMAGES_LIST).encode()))
    assert isinstance(step, Plan) and step.argv[:4] == ["nerdctl", "image", "inspect", "--mode=native"]
    assert step.argv[4:] == ["sha256:9af8f050bf31" + "9a" * 26, "sha256:1111aaaa2222" + "11" * 26]  # once each
    return step.then(Result(0, json.dumps(IMAGES_INSPECT).encode()))


def test_images_table_and_all():
    out = run_images().stdout.splitlines()
    assert out[0] == "REPOSITORY           TAG       IMAGE ID       CREATED       SIZE"
    assert out[2] == "busybox              latest    9af8f050bf31   3 years ago   2.05MB"  # one image: names sorted
    assert out[3] == "old                  1         1111aaaa2222   4 years ago   999B"
    assert run_images("-a").stdout == run_images().stdout  # containerd keeps no intermediate images


def test_images_quiet_ids_are_unique_and_no_trunc():
    assert run_images("-q").stdout.split() == ["9af8f050bf31", "1111aaaa2222"]
    assert run_images("-q", "--no-trunc").stdout.split()[0] == "sha256:9af8f050bf31" + "9a" * 26


def test_images_digests_and_format():
    digests = run_images("--digests").stdout.splitlines()
    assert "DIGEST" in digests[0]
    # Engine 29's containerd store: every name has the digest it points to, a loaded image's too
    assert digests[2].split()[2].startswith("sha256:") and digests[1].split()[2].startswith("sha256:9af8f050bf31")
    assert run_images("--format", "{{.Repository}}:{{.Tag}}").stdout.split() == [
        "127.0.0.1:5000/app:v1", "busybox:latest", "old:1"]
    record = json.loads(run_images("--format", "json").stdout.splitlines()[0])
    assert record["VirtualSize"] == "2.052MB" and record["Containers"] == "N/A"
    # the digest only with --digests, as docker's client shows it
    assert record["Digest"] == "<none>"
    asked = json.loads(run_images("--digests", "--format", "json").stdout.splitlines()[0])
    assert asked["Digest"].startswith("sha256:")
    assert run_images("--format", "{{.Digest}}").stdout.startswith("sha256:")  # a format naming it asks for it


def test_images_filters_and_repository_argument():
    assert run_images("busybox", "--format", "{{.Repository}}").stdout == "busybox\n"
    assert run_images("-f", "reference=127.0.0.1:5000/*", "--format", "{{.Tag}}").stdout == "v1\n"
    # labels belong to the image, so both of its names carry them
    assert run_images("--filter", "label=org.x", "--format", "{{.Repository}}").stdout == "127.0.0.1:5000/app\nbusybox\n"
    assert run_images("-f", "before=busybox:latest", "--format", "{{.Repository}}").stdout == "old\n"
    assert run_images("-f", "dangling=true").stdout.splitlines()[1:] == []
    with pytest.raises(DockerError):
        run_images("-f", "size=big")


def test_images_tree_is_refused():
    with pytest.raises(DockerError) as err:
        run_images("--tree")
    assert err.value.code == 125


def test_ps_lists_again_when_a_container_vanishes_meanwhile():
    module, canonical = spec.PATHS["ps"]
    parsed = parse_command(["-a", "--format", "{{.Names}}"], spec.get(module), canonical)
    plan = backend.translate(parsed, Context())
    data = recorded()
    inspect = plan.then(Result(0, "\n".join(c["Id"] for c in data).encode()))
    gone = 'time="x" level=fatal msg="1 errors:\\nno such container: abc"'
    again = inspect.then(Result(1, errors=[gone]))
    assert again.argv == plan.argv  # listed again
    second = again.then(Result(0, data[0]["Id"].encode()))
    assert second.then(Result(0, json.dumps(data[:1]).encode())).stdout == "web\n"


def test_unnamed_loaded_images_show_as_none():
    from shim.backends.nerdctl.views import image_summaries

    listing = [{"Name": "import@sha256:" + "a" * 64, "Repository": "import", "Tag": "", "ID": "aaaaaaaaaaaa"}]
    (summary,) = image_summaries(listing, {})
    assert (summary["Repository"], summary["Tag"]) == ("<none>", "<none>")


def test_ps_names_given_by_links():
    # web ran with `--link db:alias`: db is also /web/alias, shown untruncated, never matched by name filters
    inspect = [container("db", 100), container("web", 50, labels={"pydock/links": "/db:/web/alias"})]
    assert run_ps("--format", "{{.Names}}", inspect=inspect).stdout == "web\ndb\n"
    assert run_ps("--no-trunc", "--format", "{{.Names}}", inspect=inspect).stdout == "web\ndb,web/alias\n"
    assert run_ps("-f", "name=web", "--format", "{{.Names}}", inspect=inspect).stdout == "web\n"
    assert run_ps("-f", "name=alias", "--format", "{{.Names}}", inspect=inspect).stdout == ""


def test_ps_lists_and_filters_expose_ports():
    inspect = [container("web", 50, labels={"pydock/expose": "80/tcp,81/udp"}), container("db", 100)]
    assert run_ps("--format", "{{.Names}} {{.Ports}}", inspect=inspect).stdout == "web 80/tcp, 81/udp\ndb \n"
    assert run_ps("-f", "expose=81/udp", "--format", "{{.Names}}", inspect=inspect).stdout == "web\n"


@pytest.mark.parametrize(("label", "text", "as_json"), [
    ("linux/amd64", "linux/amd64", '{"architecture":"amd64","os":"linux"}'),
    ("linux/arm64/v8", "linux/arm64/v8", '{"architecture":"arm64","os":"linux","variant":"v8"}'),
    (None, "<nil>", "null"),  # no platform recorded: as Engine 20.10's classic store
])
def test_ps_platform_is_the_image_platform_as_engine29_shows_it(label, text, as_json):
    from shim.backends.nerdctl.views import container_summary
    from shim.output.containers import ContainerContext
    from shim.template import Template

    labels = {"nerdctl/platform": label} if label else {}
    row = ContainerContext(container_summary(container("web", 10, labels=labels)))
    assert Template.parse("{{.Platform}}|{{json .Platform}}").execute(row) == f"{text}|{as_json}"
