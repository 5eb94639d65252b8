"""The pieces of docker's list output: units, tabwriter, ports, status texts, filters, nerdctl views."""

from __future__ import annotations

import pytest

from shim.backends.nerdctl import views as nerdctl_views
from shim.errors import DockerError
from shim.output import container_filters, images
from shim.output.containers import displayable_ports, ellipsis, go_quote, status_text
from shim.output.tabwriter import align
from shim.output.units import human_duration, human_size


@pytest.mark.parametrize(("seconds", "text"), [
    (0.4, "Less than a second"), (1, "1 second"), (59.9, "59 seconds"), (60, "About a minute"),
    (119, "About a minute"), (120, "2 minutes"), (3599, "59 minutes"), (3600, "About an hour"),
    (5399, "About an hour"), (5400, "2 hours"), (47 * 3600, "47 hours"), (48 * 3600, "2 days"),
    (14 * 86400, "2 weeks"), (60 * 86400, "2 months"), (800 * 86400, "2 years"),
])
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


@pytest.mark.parametrize(("size", "text"), [
    (0, "0B"), (999, "999B"), (1000, "1kB"), (2052096, "2.05MB"), (4_260_000, "4.26MB"),
    (1_500_000_000, "1.5GB"), (999_500, "1e+03kB"),
])
def test_human_size(size, text):
    assert human_size(size) == text


def test_tabwriter_columns_blocks_and_last_cell():
    text = "CONTAINER ID\tIMAGE\tNAMES\nabc\tbusybox\tx\nabcdef123456\tbusybox:latest\tlonger\n"
    assert align(text) == ("CONTAINER ID   IMAGE            NAMES\n"
                           "abc            busybox          x\n"
                           "abcdef123456   busybox:latest   longer\n")
    # minimum width 10 and a line without tabs ending the column block
    assert align("a\tb\nplain\nccc\td\n") == "a         b\nplain\nccc       d\n"
    # wide characters count two columns, as in docker's go-runewidth fork
    assert align("名前\tx\nab\ty\n") == "名前      x\nab        y\n"


@pytest.mark.parametrize(("ports", "text"), [
    ([{"IP": "127.0.0.1", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}], "127.0.0.1:8080->80/tcp"),
    ([{"PrivatePort": 80, "Type": "tcp"}, {"PrivatePort": 81, "Type": "tcp"}], "80-81/tcp"),
    ([{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 80, "Type": "tcp"},
      {"IP": "0.0.0.0", "PrivatePort": 81, "PublicPort": 81, "Type": "tcp"}], "0.0.0.0:80-81->80-81/tcp"),
    ([{"IP": "::", "PrivatePort": 53, "PublicPort": 5353, "Type": "udp"}], "[::]:5353->53/udp"),
    ([], ""),
])
def test_displayable_ports(ports, text):
    assert displayable_ports(ports) == text


def test_ellipsis_and_quote():
    assert ellipsis("sh -c 'echo hello world'", 20) == "sh -c 'echo hello w…"
    assert ellipsis("short", 20) == "short"
    assert go_quote('say "hi"\n\\') == '"say \\"hi\\"\\n\\\\"'


NOW = 1_000_000.0


@pytest.mark.parametrize(("summary", "text"), [
    ({"State": "running", "StartedAt": NOW - 5}, "Up 5 seconds"),
    ({"State": "running", "StartedAt": NOW - 90}, "Up About a minute"),
    ({"State": "paused", "StartedAt": NOW - 5}, "Up 5 seconds (Paused)"),
    ({"State": "exited", "ExitCode": 137, "StartedAt": NOW - 9, "FinishedAt": NOW - 2}, "Exited (137) 2 seconds ago"),
    ({"State": "created"}, "Created"),
    ({"State": "dead"}, "Dead"),
])
def test_status_text(summary, text):
    assert status_text(summary, NOW) == text


def summary(name: str, created: float, state: str = "running", **extra) -> dict:
    base = {"Id": (name * 64)[:64], "Names": [f"/{name}"], "Created": created, "State": state, "Labels": {},
            "Ports": [], "Mounts": [], "Networks": ["bridge"], "Image": "busybox", "ImageRef": "docker.io/library/busybox:latest"}
    base.update(extra)
    return base


@pytest.fixture
def containers():
    items = [summary("a", 1, "exited", ExitCode=0), summary("b", 2, Labels={"tier": "web"}),
             summary("c", 3, "exited", ExitCode=3), summary("d", 4, Ports=[{"IP": "0.0.0.0", "PrivatePort": 80,
                                                                             "PublicPort": 8080, "Type": "tcp"}])]
    resolve = {s["Names"][0][1:]: s for s in items}
    return items, resolve


@pytest.mark.parametrize(("kwargs", "names"), [
    ({}, ["d", "b"]),
    ({"show_all": True}, ["d", "c", "b", "a"]),
    ({"last": 2}, ["d", "c"]),
    ({"latest": True}, ["d"]),
    ({"filters": {"status": ["exited"]}}, ["c", "a"]),
    ({"filters": {"exited": ["3"]}}, ["c"]),
    ({"filters": {"label": ["tier=web"]}}, ["b"]),
    ({"filters": {"label": ["tier"]}, "show_all": True}, ["b"]),
    ({"filters": {"name": ["^/[ab]$"]}, "show_all": True}, ["b", "a"]),
    ({"filters": {"name": ["^[ab]$"]}, "show_all": True}, ["b", "a"]),  # the engine tries it without the slash too
    ({"filters": {"before": ["c"]}, "show_all": True}, ["b", "a"]),
    ({"filters": {"since": ["b"]}, "show_all": True}, ["d", "c"]),
    ({"filters": {"publish": ["8080"]}}, ["d"]),
    ({"filters": {"expose": ["80/tcp"]}}, ["d"]),
    ({"filters": {"ancestor": ["busybox"]}}, ["d", "b"]),
    ({"filters": {"ancestor": ["busybox:1"]}}, []),
    ({"filters": {"network": ["bridge"]}}, ["d", "b"]),
    ({"filters": {"is-task": ["true"]}}, []),
    ({"filters": {"health": ["none"]}}, ["d", "b"]),
])
def test_container_selection(containers, kwargs, names):
    items, resolve = containers
    args = {"show_all": False, "last": -1, "latest": False, "filters": {}, "resolve": resolve, **kwargs}
    assert [s["Names"][0][1:] for s in container_filters.select(items, **args)] == names


@pytest.mark.parametrize(("raw", "message"), [
    # Engine 29's words, with its reasons
    (["nope=1"], "Error response from daemon: invalid filter 'nope'"),
    (["status=sleeping"], "Error response from daemon: invalid filter 'status=sleeping': invalid value for state "
     "(sleeping): must be one of created, running, paused, restarting, removing, exited, dead"),
    (["health=x"], "Error response from daemon: invalid filter 'health=x': invalid value for health (x): must be "
     "one of none, starting, healthy, unhealthy"),
    (["exited=x"], "Error response from daemon: invalid filter 'exited=x': strconv.Atoi: parsing \"x\": invalid "
     "syntax"),
    (["is-task=x"], "Error response from daemon: invalid filter 'is-task=[x]'"),
])
def test_container_filter_errors(raw, message):
    with pytest.raises(DockerError) as err:
        container_filters.parse_filters(raw)
    assert err.value.message == message


def test_image_selection():
    items = [{"Id": "1", "Repository": "busybox", "Tag": "latest", "Created": 1, "Labels": {}},
             {"Id": "2", "Repository": "127.0.0.1:5000/x/app", "Tag": "v1", "Created": 2, "Labels": {"a": "b"}},
             {"Id": "3", "Repository": "busybox", "Tag": "old", "Created": 0, "Labels": {}}]
    resolve = {"busybox:latest": items[0]}
    pick = images.select
    assert [s["Id"] for s in pick(items, filters={}, repository="", resolve=resolve)] == ["2", "1", "3"]
    assert [s["Id"] for s in pick(items, filters={}, repository="busybox", resolve=resolve)] == ["1", "3"]
    assert [s["Id"] for s in pick(items, filters={"reference": ["busy*:l*"]}, repository="", resolve=resolve)] == ["1"]
    assert [s["Id"] for s in pick(items, filters={"label": ["a=b"]}, repository="", resolve=resolve)] == ["2"]
    assert [s["Id"] for s in pick(items, filters={"before": ["busybox:latest"]}, repository="",
                                  resolve=resolve)] == ["3"]
    assert [s["Id"] for s in pick(items, filters={"dangling": ["true"]}, repository="", resolve=resolve)] == []


def test_epoch_parses_rfc3339_without_datetime():
    assert nerdctl_views.epoch("1970-01-01T00:00:00Z") == 0
    assert nerdctl_views.epoch("2026-11-24T22:29:00.5Z") == 1795559340.5
    assert nerdctl_views.epoch("") == 0 and nerdctl_views.epoch("0001-01-01T00:00:00Z") == 0


def test_docker_command_quotes_arguments_with_spaces():
    assert nerdctl_views.docker_command("sh", ["-c", "echo hi"]) == "sh -c 'echo hi'"
    assert nerdctl_views.docker_command("true", None) == "true"


def test_container_summary_from_nerdctl_inspect():
    inspect = {
        "Id": "f" * 64, "Name": "web", "Created": "2026-11-24T22:29:00Z", "Path": "httpd", "Args": ["-f"],
        "State": {"Status": "running", "ExitCode": 0, "StartedAt": "2026-11-24T22:29:01Z", "FinishedAt": ""},
        "Image": "docker.io/library/busybox:latest",
        "Config": {"Image": "docker.io/library/busybox:latest",
                   "Labels": {"a": "b", "nerdctl/name": "web", "pydock/image": "busybox:latest",
                              "nerdctl/networks": '["bridge"]', "io.containerd.image.config.stop-signal": "SIGTERM"}},
        "HostConfig": {"NetworkMode": "bridge"},
        "Mounts": [{"Type": "bind", "Source": "/var/lib/nerdctl/1/containers/x/resolv.conf",
                    "Destination": "/etc/resolv.conf"},
                   {"Type": "bind", "Source": "/data", "Destination": "/www", "RW": False}],
        "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}], "81/tcp": None}},
    }
    s = nerdctl_views.container_summary(inspect)
    assert s["Names"] == ["/web"] and s["Image"] == "busybox:latest" and s["Command"] == "httpd -f"
    assert s["Labels"] == {"a": "b"}
    assert [m["Destination"] for m in s["Mounts"]] == ["/www"]
    assert s["Networks"] == ["bridge"]
    assert s["Ports"] == [{"IP": "127.0.0.1", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
                          {"PrivatePort": 81, "Type": "tcp"}]
    assert s["StartedAt"] - s["Created"] == 1
    del inspect["Config"]["Labels"]["pydock/image"]
    assert nerdctl_views.container_summary(inspect)["Image"] == "busybox"


def test_container_summary_lists_expose_ports_while_running():
    # `run --expose 80 --expose 81/udp` (kept in a label): docker's ps shows `80/tcp, 81/udp` while it runs
    inspect = {"Id": "f" * 64, "Name": "web", "State": {"Status": "running"},
               "Config": {"Labels": {"pydock/expose": "80/tcp,81/udp"}},
               "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "49153"}]}}}
    assert nerdctl_views.container_summary(inspect)["Ports"] == [
        {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 49153, "Type": "tcp"}, {"PrivatePort": 81, "Type": "udp"}]
    inspect["State"]["Status"] = "exited"
    inspect["NetworkSettings"] = {}
    assert nerdctl_views.container_summary(inspect)["Ports"] == []


@pytest.mark.parametrize("fmt", [
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}",
    "{{.ID}}", "{{.Names}}\\t{{.Status}}", "table {{.Names}}\\t{{.Labels}}", "x {{.State}} y", "table plain",
    "{{.Names}}}}", "table {{.ID}} {{.Nope}}", "{{.Label}}", "{{ .Names }}", "{{.Names | upper}}",
])
def test_plain_formats_print_as_the_template_engine_prints_them(fmt, containers):
    """docker's default tables and `{{.Field}}` formats print without the template engine
    (formatting._plain_render); what they print is the engine's, and anything else goes to the engine."""
    from shim.output import containers as views
    from shim.output import formatting
    from shim.template import TemplateError

    rows = [views.ContainerContext(s) for s in containers[0]]
    fast = formatting._plain_render(fmt, rows, views.HEADERS)
    template = formatting.parse(fmt)
    try:
        expected = "".join(template.execute(row) + "\n" for row in rows)
    except TemplateError:
        assert fast is None
        return
    if fmt.startswith("table"):
        expected = formatting.align(template.execute(views.HEADERS, funcs=formatting.HEADER_FUNCS) + "\n" + expected)
    assert fast in (None, expected)
    assert (fast is None) == (fmt in ("{{.Names}}}}", "{{ .Names }}", "{{.Names | upper}}", "{{.Label}}"))
