"""inspect shows the values a container was created with (HostConfig, Config) and a health status that
keeps up with the checks, on the real stack (issue 9, item 6)."""

from __future__ import annotations

import json
import time

from tests.conftest import pydock


def inspect(name: str) -> dict:
    return json.loads(pydock("inspect", name, check=True).stdout)[0]


def test_run_flags_show_in_host_config(busybox, name):
    cname = name("hc")
    pydock("run", "-d", "--name", cname, "--memory", "64m", "--ulimit", "nofile=100:200", "--tmpfs", "/x",
           "--cap-add", "NET_ADMIN", "--security-opt", "no-new-privileges", "--device", "/dev/null:/dev/xnull",
           "--pids-limit", "50", "--cpus", "0.5", "--group-add", "10", "-u", "nobody", "--sysctl",
           "net.ipv4.ip_forward=1", "--init", "--pid", "host", "--stop-signal", "SIGUSR1", "--stop-timeout", "5",
           "--log-opt", "max-size=1m", busybox, "sleep", "60", check=True)
    c = inspect(cname)
    host = c["HostConfig"]
    assert host["Memory"] == 67108864 and host["MemorySwap"] == 134217728
    assert host["Ulimits"] == [{"Name": "nofile", "Hard": 200, "Soft": 100}]
    assert host["Tmpfs"] == {"/x": ""} and all(m["Destination"] != "/x" for m in c["Mounts"])
    assert host["CapAdd"] == ["CAP_NET_ADMIN"]
    assert host["SecurityOpt"] == ["no-new-privileges", "label=disable"]  # docker's, for --pid host
    assert host["Devices"] == [{"PathOnHost": "/dev/null", "PathInContainer": "/dev/xnull", "CgroupPermissions": "rwm"}]
    assert host["PidsLimit"] == 50 and host["NanoCpus"] == 500_000_000 and host["CpuQuota"] == 0
    assert host["GroupAdd"] == ["10"] and host["Sysctls"] == {"net.ipv4.ip_forward": "1"}
    assert host["PidMode"] == "host" and host["Init"] is True and list(host) == sorted(host)  # Engine 29 sends its keys sorted
    assert host["LogConfig"] == {"Type": "json-file", "Config": {"max-size": "1m"}}
    assert host["MaskedPaths"] and host["CpuRealtimeRuntime"] == 0 and host["CgroupnsMode"] in ("host", "private")
    # docker-init is not the container's command in docker's eyes
    assert (c["Path"], c["Args"], c["Config"]["Cmd"]) == ("sleep", ["60"], ["sleep", "60"])
    assert c["Config"]["StopSignal"] == "SIGUSR1" and c["Config"]["StopTimeout"] == 5
    assert not any(k.startswith("pydock/") for k in c["Config"]["Labels"] or {})


def test_plain_run_has_dockers_defaults(busybox, name):
    cname = name("hc")
    pydock("run", "--name", cname, busybox, "true", check=True)
    c = inspect(cname)
    host = c["HostConfig"]
    assert (host["SecurityOpt"], host["GroupAdd"], host["PidsLimit"], host["Ulimits"]) == (None, None, None, [])
    assert "Init" not in host and "Tmpfs" not in host and "Sysctls" not in host  # omitempty, as docker
    assert host["IpcMode"] == "private" and host["PidMode"] == ""
    assert "Healthcheck" not in c["Config"] and "Health" not in c["State"]


def test_health_status_is_kept_current(busybox, name):
    cname = name("health")
    pydock("run", "-d", "--name", cname, "--health-cmd", "test -e /tmp/ok", "--health-interval", "1s",
           "--health-retries", "2", busybox, "sleep", "120", check=True)
    c = inspect(cname)
    assert c["Config"]["Healthcheck"] == {"Test": ["CMD-SHELL", "test -e /tmp/ok"], "Interval": 1_000_000_000,
                                          "Retries": 2}
    assert c["State"]["Health"] == {"Status": "starting", "FailingStreak": 0, "Log": []}
    assert "(health: starting)" in pydock("ps", "--filter", f"name={cname}", "--format", "{{.Status}}").stdout
    health = _wait_health(cname, "unhealthy")
    assert health["FailingStreak"] >= 2 and health["Log"][-1]["ExitCode"] == 1
    assert pydock("ps", "-q", "--filter", f"name={cname}", "--filter", "health=unhealthy").stdout.strip()
    pydock("exec", cname, "touch", "/tmp/ok", check=True)
    health = _wait_health(cname, "healthy")
    assert health["FailingStreak"] == 0 and health["Log"][-1]["ExitCode"] == 0  # oldest first, as docker
    assert pydock("ps", "--filter", f"name={cname}", "--format", "{{.Status}}").stdout.endswith("(healthy)\n")
    # stopping and removing a container with a check says nothing about systemd timers
    stop = pydock("rm", "-f", cname)
    assert (stop.returncode, stop.stderr) == (0, "")


def _wait_health(cname: str, status: str, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        health = inspect(cname)["State"]["Health"]
        if health["Status"] == status or time.monotonic() > deadline:
            assert health["Status"] == status, health
            return health
        time.sleep(0.5)


def test_no_healthcheck_is_recorded(busybox, name):
    cname = name("health")
    pydock("run", "--name", cname, "--no-healthcheck", busybox, "true", check=True)
    c = inspect(cname)
    assert c["Config"]["Healthcheck"] == {"Test": ["NONE"]} and "Health" not in c["State"]


def test_published_ports_are_exposed(busybox, name):
    cname = name("ports")
    pydock("run", "-d", "--name", cname, "-p", "127.0.0.1::80", busybox, "sleep", "60", check=True)
    c = inspect(cname)
    assert c["Config"]["ExposedPorts"] == {"80/tcp": {}}
    assert list(c["NetworkSettings"]["Ports"]) == ["80/tcp"]


def test_attached_run_keeps_health_current_too(busybox, name):
    cname = name("health")
    done = pydock("run", "--name", cname, "--health-cmd", "true", "--health-interval", "1s", busybox,
                  "sh", "-c", "sleep 3; echo finished", check=True)
    assert done.stdout == "finished\n"
    health = inspect(cname)["State"]["Health"]
    assert health["Status"] == "healthy" and health["Log"] and health["Log"][0]["ExitCode"] == 0


def test_created_then_started_container_keeps_health_current(busybox, name):
    cname = name("health")
    pydock("create", "--name", cname, "--health-cmd", "true", "--health-interval", "1s", busybox, "sleep", "60",
           check=True)
    assert inspect(cname)["State"]["Health"]["Status"] == "starting"
    pydock("start", cname, check=True)
    assert _wait_health(cname, "healthy")["Log"][-1]["ExitCode"] == 0


def test_volumes_in_binds_and_mounts_in_host_config_mounts(busybox, name, tmp_path):
    cname = name("mounts")
    pydock("run", "--name", cname, "-v", f"{tmp_path}:/data:ro", "--mount", f"type=bind,src={tmp_path},dst=/m",
           busybox, "true", check=True)
    c = inspect(cname)
    assert c["HostConfig"]["Binds"] == [f"{tmp_path}:/data:ro"]
    assert c["HostConfig"]["Mounts"] == [{"Type": "bind", "Source": str(tmp_path), "Target": "/m"}]
    assert [(m["Destination"], m["Mode"], m["RW"]) for m in c["Mounts"]] == [("/data", "ro", False), ("/m", "", True)]
